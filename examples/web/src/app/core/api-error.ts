import type { FieldError } from '@pawnotes/core';

export type { FieldError };

/**
 * An error answer of the API, from its RFC 9457 problem+json body ({type, title, status, detail, errors}).
 * status 0 means the request never got an answer (network down, server unreachable): the offline layer
 * uses isNetworkError to tell "keep it for later" from "the server said no".
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly type = '',
  ) {
    super(detail || title);
    this.name = 'ApiError';
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['field'] === 'string' && typeof v['message'] === 'string';
}

const STATUS_TITLES: Record<number, string> = {
  0: 'Network error',
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  412: 'Changed by someone else',
  413: 'Too large',
  422: 'Validation failed',
  429: 'Too many requests',
};

/**
 * Maps an HTTP error (status + parsed body, whatever its shape) to an ApiError. A problem+json body gives
 * title/detail/errors; anything else (HTML from a proxy, nothing at all) gets a generic title.
 */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = null;
    }
  }
  const fallbackTitle = STATUS_TITLES[status] ?? (status >= 500 ? 'Server error' : `HTTP ${status}`);
  if (typeof parsed === 'object' && parsed !== null) {
    const p = parsed as Record<string, unknown>;
    const title = typeof p['title'] === 'string' ? p['title'] : fallbackTitle;
    const detail = typeof p['detail'] === 'string' ? p['detail'] : '';
    const errors = Array.isArray(p['errors'])
      ? p['errors'].filter(isFieldError).map((e) => ({ field: e.field, code: e.code ?? '', message: e.message }))
      : [];
    const type = typeof p['type'] === 'string' ? p['type'] : '';
    return new ApiError(status, title, detail, errors, type);
  }
  const detail =
    status === 0 ? 'The server cannot be reached. Check the connection and try again.' : '';
  return new ApiError(status, fallbackTitle, detail);
}
