import { computed, signal } from '@angular/core';
import type { EntityName, ValidationMode } from '@pawnotes/core';

import { ApiError, FieldError, isApiError } from '../core/api-error';
import type { CoreService } from '../core/core.service';

/** Messages for statuses without field errors, overridable per form (e.g. 409 on a delete). */
export type StatusMessages = Partial<Record<number, string>>;

const DEFAULT_MESSAGES: StatusMessages = {
  0: 'The server cannot be reached. Check the connection and try again.',
  403: 'Your role does not allow this change.',
  404: 'This record no longer exists.',
  409: 'This conflicts with other records.',
  412: 'Someone else changed this record meanwhile. Reload it and apply your change again.',
};

/**
 * The field errors of one form, from the WASM core (before any request) or from the server's 422 problem
 * (after): the same {field, code, message} either way, shown by <app-field-errors> under each field.
 * Errors on a field the form does not show (or on "") are "general" and shown at the top of the form.
 */
export class FieldErrors {
  private readonly errors = signal<FieldError[]>([]);
  private readonly message = signal<string | null>(null);

  /** Every error, in the order the core / server gave them. */
  readonly all = this.errors.asReadonly();
  /** A message about the whole form (a 409, 412, network error...), or null. */
  readonly formMessage = this.message.asReadonly();
  /** Messages that belong to no field of the form, with the field named. */
  readonly general = computed(() => {
    const general = this.errors()
      .filter((e) => !this.fields.has(e.field))
      .map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
    const form = this.message();
    return form ? [form, ...general] : general;
  });
  readonly any = computed(() => this.errors().length > 0 || this.message() !== null);

  /**
   * @param form  prefix of the element ids and data-testids ("owner" -> "owner-lastName-error")
   * @param fields the fields the form shows (errors on others are general)
   */
  constructor(
    readonly form: string,
    fields: readonly string[],
  ) {
    this.fields = new Set(fields);
  }

  private readonly fields: Set<string>;

  set(errors: FieldError[], message: string | null = null): void {
    this.errors.set(errors);
    this.message.set(message);
  }

  clear(): void {
    this.set([]);
  }

  /** The messages of one field ([] when valid). */
  messagesFor(field: string): string[] {
    return this.errors()
      .filter((e) => e.field === field)
      .map((e) => e.message);
  }

  has(field: string): boolean {
    return this.errors().some((e) => e.field === field);
  }

  /** The id of the element showing `field`'s errors (for aria-describedby). */
  idFor(field: string): string {
    return `${this.form}-${field.replace(/[^A-Za-z0-9_-]/g, '-')}-error`;
  }

  /** aria-describedby of the field's input: the error element's id while it has errors, else null. */
  describedBy(field: string): string | null {
    return this.has(field) ? this.idFor(field) : null;
  }

  /**
   * Shows an error thrown by ApiService: a problem's field errors under their fields, anything else as
   * the form message (`messages` per status first, then the server's detail, then a default).
   */
  fromError(error: unknown, messages: StatusMessages = {}): void {
    if (isApiError(error)) {
      const custom = messages[error.status];
      if (error.errors.length > 0 && !custom) {
        this.set(error.errors, null);
        return;
      }
      this.set([], custom ?? describe(error));
      return;
    }
    this.set([], error instanceof Error ? error.message : String(error));
  }
}

function describe(error: ApiError): string {
  if (error.status === 0) return DEFAULT_MESSAGES[0]!;
  const fallback = DEFAULT_MESSAGES[error.status];
  if (error.detail) return error.detail;
  return fallback ?? error.title;
}

/**
 * The flow of every form: validate `input` with the WASM core and, only when it is valid, call `send`;
 * core errors, and a server's problem if `send` fails, end up in `errors`. Resolves with send's result, or
 * null when nothing was sent or the server refused it.
 */
export async function validateThenSend<T>(
  core: CoreService,
  errors: FieldErrors,
  entity: EntityName,
  input: unknown,
  mode: ValidationMode,
  send: () => Promise<T>,
  messages: StatusMessages = {},
): Promise<T | null> {
  let found: FieldError[];
  try {
    found = await core.check(entity, input, mode);
  } catch (error) {
    // The core failed to load (no .wasm?): the server still validates, so send and show its answer.
    console.error('pawnotes core unavailable, validating on the server only', error);
    found = [];
  }
  if (found.length > 0) {
    errors.set(found);
    return null;
  }
  errors.clear();
  try {
    return await send();
  } catch (error) {
    errors.fromError(error, messages);
    return null;
  }
}
