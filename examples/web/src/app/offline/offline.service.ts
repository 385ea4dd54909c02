import { HttpClient, HttpHeaders } from '@angular/common/http';
import { DestroyRef, Injectable, InjectionToken, computed, effect, inject, signal, untracked } from '@angular/core';
import type { EntityName, FieldError, Store } from '@pawnotes/core';
import { firstValueFrom } from 'rxjs';

import { ApiError, isApiError } from '../core/api-error';
import { buildUrl, toApiError } from '../core/api.service';
import { AuthService } from '../core/auth.service';
import { CoreService } from '../core/core.service';
import type { OfflineGateway, QueuedCreate } from '../core/offline-gateway';

/** Where and how often: defaults for the browser, overridden by unit tests. */
export interface OfflineOptions {
  /** Directory mounted on IndexedDB (Emscripten IDBFS) for the store file. */
  dir: string;
  /** The store file (one per browser profile; keys are prefixed per user and organization). */
  file: string;
  /** How often waiting creates are retried while the app runs (ms). */
  flushIntervalMs: number;
  /** Writes of the read cache are saved to IndexedDB this long after the last one (ms). */
  persistDelayMs: number;
  /** Saved pages kept per user: beyond this, the least recently read go (checked at start). */
  maxCachedReads: number;
  /** Whether the browser believes it is online (navigator.onLine). */
  isOnline: () => boolean;
  /** The time of createdAt. */
  now: () => Date;
}

export const OFFLINE_OPTIONS = new InjectionToken<Partial<OfflineOptions>>('OFFLINE_OPTIONS');

const DEFAULTS: OfflineOptions = {
  dir: '/pawnotes',
  file: '/pawnotes/offline.db',
  flushIntervalMs: 30_000,
  persistDelayMs: 300,
  maxCachedReads: 500,
  isOnline: () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false),
  now: () => new Date(),
};

/** The collections whose creates may wait in the outbox, and the core entity that validates them. */
const OUTBOX_ENTITIES: Readonly<Record<string, EntityName>> = { '/notes': 'note', '/visits': 'visit' };

export type OutboxState = 'waiting' | 'failed';

/** A create kept on this device until the server has it. */
export interface OutboxItem {
  /** Its key in the store (the outbox's order: oldest first). */
  readonly key: string;
  readonly path: string;
  readonly body: unknown;
  readonly idempotencyKey: string;
  readonly createdAt: string;
  /** waiting: will be sent; failed: the server refused it (kept visible with its message until discarded). */
  readonly state: OutboxState;
  readonly attempts: number;
  /** The server's message (failed) or the last network problem (waiting). */
  readonly error: string | null;
  readonly errors: FieldError[];
}

type StoredItem = Omit<OutboxItem, 'key'>;

interface CachedRead {
  data: unknown;
}

/** Runs `work` when the browser is idle (at most 2 s later); where there is no requestIdleCallback, soon. */
function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => work(), { timeout: 2_000 });
  else setTimeout(work, 0);
}

/** Statuses worth another try later (the server may answer differently); other 4xx are final. */
function isRetryable(status: number): boolean {
  return status === 0 || status === 401 || status === 408 || status === 425 || status === 429 || status >= 500;
}

function serverMessage(error: ApiError): string {
  if (error.errors.length > 0) return error.errors.map((e) => e.message).join(' ');
  return error.detail || error.title;
}

/**
 * The app's offline layer (the OFFLINE_GATEWAY of ApiService), on the WASM core's key/value store
 * (SQLite in a file on Emscripten's IDBFS, saved to IndexedDB):
 * - read-through cache: every successful GET is stored under its URL; when the network is down
 *   (navigator.onLine false, or the request fails with status 0) the stored answer is returned and
 *   `showingSaved` turns on (the header shows "offline: showing saved data");
 * - outbox: note and visit creates made offline (or whose send failed on the network) are validated by the
 *   core (invalid input is refused at once, never queued), stored with their idempotency key and sent in
 *   order when the network returns (the 'online' event, at start, every flushIntervalMs). An item leaves
 *   the outbox only after a 2xx; a final 4xx keeps it visible as failed with the server's message. The same
 *   Idempotency-Key on every attempt means a send whose answer was lost is not created twice.
 * Keys are prefixed with the user and organization ("u3-o1/cache/...", "u3-o1/outbox/..."), so people
 * sharing a browser never see each other's data or send each other's notes.
 */
@Injectable({ providedIn: 'root' })
export class OfflineService implements OfflineGateway {
  private readonly coreService = inject(CoreService);
  private readonly auth = inject(AuthService);
  private readonly http = inject(HttpClient);
  private readonly options: OfflineOptions = { ...DEFAULTS, ...(inject(OFFLINE_OPTIONS, { optional: true }) ?? {}) };

  private storeLoading: Promise<Store> | null = null;
  private flushing: Promise<void> | null = null;
  private persistTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelayMs = 0;
  private sequence = 0;

  private readonly onlineState = signal(this.options.isOnline());
  private readonly savedState = signal(false);
  private readonly items = signal<OutboxItem[]>([]);
  private readonly persistentState = signal<boolean | null>(null);
  private readonly deliveredState = signal(0);

  /** Whether the browser is online (navigator.onLine, kept current by the online/offline events). */
  readonly online = this.onlineState.asReadonly();
  /** The last read was answered from the store because the network is down. */
  readonly showingSaved = this.savedState.asReadonly();
  /** The current user's outbox, oldest first (waiting and failed). */
  readonly outbox = this.items.asReadonly();
  readonly waitingCount = computed(() => this.items().filter((i) => i.state === 'waiting').length);
  readonly failedCount = computed(() => this.items().filter((i) => i.state === 'failed').length);
  /** true: the store is kept in IndexedDB; false: memory only (no IndexedDB); null: not opened yet. */
  readonly persistent = this.persistentState.asReadonly();
  /** How many queued creates the server accepted since the app started (pages may reload on a change). */
  readonly delivered = this.deliveredState.asReadonly();

  constructor() {
    const destroyRef = inject(DestroyRef);
    if (typeof window !== 'undefined') {
      const onOnline = () => {
        this.onlineState.set(true);
        void this.flush();
      };
      const onOffline = () => this.onlineState.set(false);
      window.addEventListener('online', onOnline);
      window.addEventListener('offline', onOffline);
      destroyRef.onDestroy(() => {
        window.removeEventListener('online', onOnline);
        window.removeEventListener('offline', onOffline);
      });
    }
    const timer = setInterval(() => {
      if (this.waitingCount() > 0) void this.flush();
    }, this.options.flushIntervalMs);
    destroyRef.onDestroy(() => {
      clearInterval(timer);
      if (this.persistTimer !== null) clearTimeout(this.persistTimer);
      if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    });
    // At start and whenever the user changes: show that user's outbox and send what waits. Once the
    // browser is idle: the first page's requests go first, the 2 MB core is not needed to draw them.
    // Signing out (or another user signing in) forgets what the previous user read on this device; their
    // unsent notes and visits stay in the outbox, to be sent when they sign in again.
    let previous: string | null = null;
    effect(() => {
      const scope = this.scopeOf(this.auth.user());
      untracked(() => {
        if (previous !== null && previous !== scope) {
          const gone = previous;
          void this.forgetReads(gone).catch((error: unknown) =>
            console.error('offline store: saved pages could not be removed', error),
          );
        }
        previous = scope;
        this.items.set([]);
        if (scope) {
          whenIdle(() =>
            this.refresh()
              .then(() => this.pruneCache())
              .then(() => this.flush())
              .catch((error: unknown) => console.error('offline store unavailable', error)),
          );
        }
      });
    });
  }

  // --- OfflineGateway ---

  async read<T>(url: string, fetcher: () => Promise<T>): Promise<T> {
    const scope = this.scope();
    if (!scope) return fetcher();
    if (!this.isOnline()) {
      const saved = await this.savedRead(scope, url);
      if (saved) {
        this.savedState.set(true);
        return saved.data as T;
      }
      throw new ApiError(0, 'Offline', 'You are offline and this page has not been saved on this device yet.');
    }
    try {
      const data = await fetcher();
      this.savedState.set(false);
      void this.saveRead(scope, url, data);
      return data;
    } catch (error) {
      if (isApiError(error) && error.status === 0) {
        const saved = await this.savedRead(scope, url);
        if (saved) {
          this.savedState.set(true);
          return saved.data as T;
        }
      }
      throw error;
    }
  }

  async queueCreate<T>(path: string, body: unknown, idempotencyKey: string, send: () => Promise<T>): Promise<T | QueuedCreate> {
    const scope = this.scope();
    const entity = OUTBOX_ENTITIES[path];
    if (!scope || !entity) return send();
    // Creates made while older ones wait go behind them: the server gets them in the order they were made.
    if (this.isOnline() && this.waitingCount() === 0) {
      try {
        return await send();
      } catch (error) {
        if (!isApiError(error) || error.status !== 0) throw error;
      }
    }
    const errors = await this.coreService.check(entity, body, 'create');
    if (errors.length > 0) {
      throw new ApiError(422, 'Validation failed', errors.map((e) => e.message).join(' '), errors);
    }
    const store = await this.store();
    const createdAt = this.options.now().toISOString();
    const key = `${scope}/outbox/${String(Date.parse(createdAt)).padStart(15, '0')}-${String(this.sequence++).padStart(6, '0')}`;
    const item: StoredItem = { path, body, idempotencyKey, createdAt, state: 'waiting', attempts: 0, error: null, errors: [] };
    store.put(key, item);
    this.items.update((list) => [...list, { key, ...item }]);
    // The outbox is saved before the page is told: a reload right after cannot lose the note.
    await this.persistNow();
    if (this.isOnline()) void this.flush();
    return { queued: true, path, body, idempotencyKey };
  }

  // --- the outbox ---

  /**
   * Sends every waiting create of the current user, oldest first, each with its Idempotency-Key. Stops at
   * the first one that meets the network (or a retryable status) so later ones do not overtake it. One
   * flush at a time: a call while one runs gets that one.
   */
  flush(): Promise<void> {
    if (!this.flushing) {
      this.flushing = this.sendWaiting().finally(() => {
        this.flushing = null;
        this.scheduleRetry();
      });
    }
    return this.flushing;
  }

  /**
   * While online with creates still waiting (the first sends after the network returns often fail: the
   * connection is not up yet), tries again soon: 1 s, 2 s, 4 s... up to flushIntervalMs. Reset by a flush
   * that leaves nothing waiting.
   */
  private scheduleRetry(): void {
    if (this.retryTimer !== null) return;
    if (this.waitingCount() === 0 || !this.isOnline()) {
      this.retryDelayMs = 0;
      return;
    }
    this.retryDelayMs = Math.min(this.retryDelayMs === 0 ? 1_000 : this.retryDelayMs * 2, this.options.flushIntervalMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, this.retryDelayMs);
  }

  /** Forgets a failed item (the user read the server's message). */
  async discard(key: string): Promise<void> {
    const store = await this.store();
    store.delete(key);
    this.items.update((list) => list.filter((i) => i.key !== key));
    await this.persistNow();
  }

  /** Puts a failed item back in line (e.g. after the server-side cause was fixed). */
  async retry(key: string): Promise<void> {
    const store = await this.store();
    const value = store.get<StoredItem>(key);
    if (!value) return;
    store.put(key, { ...value, state: 'waiting', error: null, errors: [] });
    await this.refresh();
    await this.persistNow();
    void this.flush();
  }

  /** Reloads the current user's outbox from the store. */
  async refresh(): Promise<void> {
    const scope = this.scope();
    if (!scope) {
      this.items.set([]);
      return;
    }
    const store = await this.store();
    if (this.scope() !== scope) return; // the user changed meanwhile: their effect reloads
    this.items.set(store.entries<StoredItem>(`${scope}/outbox/`).map((e) => ({ key: e.key, ...e.value })));
  }

  /** Resolves when what was written so far is saved to IndexedDB (tests and the e2e wait on it). */
  async whenSaved(): Promise<void> {
    if (this.persistTimer !== null) {
      clearTimeout(this.persistTimer);
      this.persistTimer = null;
    }
    await this.persistNow();
  }

  private async sendWaiting(): Promise<void> {
    const scope = this.scope();
    if (!scope || !this.isOnline()) return;
    let store: Store;
    try {
      store = await this.store();
    } catch {
      return; // no core: nothing could have been queued
    }
    let changed = false;
    let sent = 0;
    for (const entry of store.entries<StoredItem>(`${scope}/outbox/`)) {
      const item = entry.value;
      if (item.state !== 'waiting') continue;
      if (this.scope() !== scope) break;
      try {
        await firstValueFrom(
          this.http.post(buildUrl(item.path), item.body, {
            headers: new HttpHeaders({ 'Idempotency-Key': item.idempotencyKey }),
          }),
        );
        store.delete(entry.key);
        changed = true;
        sent += 1;
      } catch (caught) {
        const error = toApiError(caught);
        changed = true;
        if (isRetryable(error.status)) {
          store.put(entry.key, { ...item, attempts: item.attempts + 1, error: serverMessage(error) });
          break;
        }
        store.put(entry.key, {
          ...item,
          state: 'failed',
          attempts: item.attempts + 1,
          error: serverMessage(error),
          errors: error.errors,
        });
      }
    }
    if (!changed) return;
    await this.refresh();
    await this.persistNow();
    if (sent > 0) this.deliveredState.update((n) => n + sent);
  }

  // --- the read cache ---

  /**
   * Keeps the current user's saved pages under maxCachedReads (search-as-you-type alone makes many URLs):
   * the least recently stored go first. Returns how many were removed.
   */
  async pruneCache(): Promise<number> {
    const scope = this.scope();
    if (!scope) return 0;
    const store = await this.store();
    const cached = store.entries<CachedRead>(`${scope}/cache/`);
    const excess = cached.length - this.options.maxCachedReads;
    if (excess <= 0) return 0;
    const oldest = cached
      .map((e) => ({ key: e.key, at: e.updatedAt }))
      .sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key))
      .slice(0, excess);
    for (const entry of oldest) store.delete(entry.key);
    this.schedulePersist();
    return oldest.length;
  }

  /** Removes every page saved for `scope` (a user in an organization) and saves the store at once. */
  async forgetReads(scope: string): Promise<number> {
    const store = await this.store();
    const saved = store.entries(`${scope}/cache/`);
    for (const entry of saved) store.delete(entry.key);
    await this.persistNow();
    return saved.length;
  }

  private async savedRead(scope: string, url: string): Promise<CachedRead | null> {
    try {
      const store = await this.store();
      return store.get<CachedRead>(`${scope}/cache/${url}`);
    } catch (error) {
      console.error('offline store unavailable', error);
      return null;
    }
  }

  private async saveRead(scope: string, url: string, data: unknown): Promise<void> {
    try {
      const store = await this.store();
      store.put(`${scope}/cache/${url}`, { data } satisfies CachedRead);
      this.schedulePersist();
    } catch (error) {
      console.error('offline store: a read could not be saved', error);
    }
  }

  // --- the store and its persistence ---

  private store(): Promise<Store> {
    if (!this.storeLoading) {
      this.storeLoading = this.openStore();
      this.storeLoading.catch(() => {
        this.storeLoading = null; // the core failed to load: try again next time
      });
    }
    return this.storeLoading;
  }

  private async openStore(): Promise<Store> {
    const core = await this.coreService.ready();
    try {
      await core.mountPersistent(this.options.dir);
      const store = core.openStore(this.options.file);
      this.persistentState.set(typeof indexedDB !== 'undefined');
      return store;
    } catch (error) {
      // No IndexedDB (some private modes) or a damaged file: keep working in memory for this visit.
      console.error('offline store: IndexedDB unavailable, keeping offline data in memory only', error);
      this.persistentState.set(false);
      return core.openStore(':memory:');
    }
  }

  private schedulePersist(): void {
    if (this.persistTimer !== null) clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => {
      this.persistTimer = null;
      void this.persistNow();
    }, this.options.persistDelayMs);
  }

  private async persistNow(): Promise<void> {
    try {
      const core = await this.coreService.ready();
      await core.persist();
    } catch (error) {
      console.error('offline store: saving to IndexedDB failed', error);
    }
  }

  private isOnline(): boolean {
    const online = this.options.isOnline();
    if (online !== this.onlineState()) this.onlineState.set(online);
    return online;
  }

  private scope(): string | null {
    return this.scopeOf(this.auth.user());
  }

  private scopeOf(user: { id: number; organizationId: number } | null): string | null {
    return user ? `u${user.id}-o${user.organizationId}` : null;
  }
}
