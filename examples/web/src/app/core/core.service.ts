import { Injectable, InjectionToken, inject, signal } from '@angular/core';
import type { EntityName, FieldError, PawnotesCore, ValidationMode } from '@pawnotes/core';

/** Where the app serves the core's .wasm (angular.json copies it from node_modules/@pawnotes/core/dist). */
export const CORE_WASM_URL = '/assets/pawnotes_core.wasm';

/**
 * Loads the WASM core. The default fetches /assets/pawnotes_core.wasm; unit tests provide a loader that
 * hands the same module the .wasm bytes read from node_modules (jsdom has no fetch of app assets), so
 * they run the real core, not a fake. The import is dynamic: the module's JS stays out of the first bundle.
 */
export const CORE_LOADER = new InjectionToken<() => Promise<PawnotesCore>>('CORE_LOADER', {
  providedIn: 'root',
  factory: () => () => import('@pawnotes/core').then((m) => m.init({ wasmUrl: CORE_WASM_URL })),
});

/** Today in the browser's time zone as YYYY-MM-DD (the core has no clock: the caller passes "today"). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The WASM core, loaded once for the whole app: validation with the server's exact rules and messages,
 * and (for the offline layer) the in-browser SQLite database.
 */
@Injectable({ providedIn: 'root' })
export class CoreService {
  private readonly loader = inject(CORE_LOADER);
  private loading: Promise<PawnotesCore> | null = null;
  private readonly loaded = signal<PawnotesCore | null>(null);

  /** The core once loaded (null before). */
  readonly core = this.loaded.asReadonly();

  /** Loads the core (once; a failed load is retried on the next call). */
  ready(): Promise<PawnotesCore> {
    if (!this.loading) {
      this.loading = this.loader().then(
        (core) => {
          this.loaded.set(core);
          return core;
        },
        (error: unknown) => {
          this.loading = null;
          throw error;
        },
      );
    }
    return this.loading;
  }

  /** The field errors of `input` for `entity` ([] = valid), as the server would report them. */
  async check(entity: EntityName, input: unknown, mode: ValidationMode = 'create', today = localToday()): Promise<FieldError[]> {
    const core = await this.ready();
    return core.check(entity, input, today, mode);
  }
}
