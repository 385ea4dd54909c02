import { HttpClient, HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { Injectable, Signal, inject, signal } from '@angular/core';
import { firstValueFrom, Observable } from 'rxjs';

import { ApiError, apiErrorFrom } from './api-error';
import type { QueryParams } from './models';
import { OFFLINE_GATEWAY, QueuedCreate } from './offline-gateway';

/** The native API's base; the app is served by the same server, so URLs are relative (no CORS). */
export const API_BASE = '/api/v1';

/** Collections whose creates may wait in the offline outbox (issue 4: notes and visits). */
export type QueueablePath = '/notes' | '/visits';
const QUEUEABLE = new Set<string>(['/notes', '/visits']);

export interface CreateOptions {
  /** Sent as Idempotency-Key: a retry with the same key returns the first result. Default: a new UUID. */
  idempotencyKey?: string;
}

/** A weak ETag of a record's version, as the server sends it (ETag: W/"3") and expects it in If-Match. */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}

export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // crypto.randomUUID needs a secure context (https or localhost); a LAN address over http has none.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * `path` + query string, parameters sorted by name (so the same query is always the same URL: the offline
 * cache keys on it), null / undefined / '' left out.
 */
export function buildUrl(path: string, params?: QueryParams): string {
  const url = path.startsWith(API_BASE) ? path : `${API_BASE}${path.startsWith('/') ? '' : '/'}${path}`;
  if (!params) return url;
  const query = Object.keys(params)
    .filter((k) => params[k] !== null && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(String(params[k]))}`)
    .join('&');
  return query ? `${url}?${query}` : url;
}

/**
 * The one way pages talk to the native API. Paths are relative to /api/v1 ("/owners/3"). Every method
 * resolves with the body or rejects with an ApiError (problem+json mapped; status 0 = no answer).
 * The bearer token is added by authInterceptor. GETs and the creates of notes / visits go through the
 * OFFLINE_GATEWAY when one is provided (read-through cache, outbox).
 */
@Injectable({ providedIn: 'root' })
export class ApiService {
  private readonly http = inject(HttpClient);
  private readonly offline = inject(OFFLINE_GATEWAY, { optional: true });

  /** Grows each time queued creates reach the server (always 0 without an offline layer). */
  readonly delivered: Signal<number> = this.offline?.delivered ?? signal(0).asReadonly();

  get<T>(path: string, params?: QueryParams): Promise<T> {
    const url = buildUrl(path, params);
    const fetcher = () => this.send<T>(this.http.get<T>(url));
    return this.offline ? this.offline.read<T>(url, fetcher) : fetcher();
  }

  /** POST with an Idempotency-Key. Notes and visits may come back as a QueuedCreate (offline outbox). */
  create<T>(path: QueueablePath, body: unknown, options?: CreateOptions): Promise<T | QueuedCreate>;
  create<T>(path: string, body: unknown, options?: CreateOptions): Promise<T>;
  create<T>(path: string, body: unknown, options: CreateOptions = {}): Promise<T | QueuedCreate> {
    const key = options.idempotencyKey ?? newIdempotencyKey();
    const send = () =>
      this.send<T>(this.http.post<T>(buildUrl(path), body, { headers: new HttpHeaders({ 'Idempotency-Key': key }) }));
    if (this.offline && QUEUEABLE.has(path)) return this.offline.queueCreate<T>(path, body, key, send);
    return send();
  }

  /** PUT (replace) based on `version`: a stale version is answered 412 (ApiError). */
  update<T>(path: string, body: unknown, version: number): Promise<T> {
    return this.send<T>(this.http.put<T>(buildUrl(path), body, { headers: this.ifMatch(version) }));
  }

  /** PATCH (only the members given), If-Match when `version` is given. */
  patch<T>(path: string, body: unknown, version?: number): Promise<T> {
    return this.send<T>(this.http.patch<T>(buildUrl(path), body, { headers: this.ifMatch(version) }));
  }

  /** DELETE, If-Match when `version` is given. */
  async remove(path: string, version?: number, params?: QueryParams): Promise<void> {
    await this.send<unknown>(this.http.delete<unknown>(buildUrl(path, params), { headers: this.ifMatch(version) }));
  }

  private ifMatch(version: number | undefined): HttpHeaders {
    return version === undefined ? new HttpHeaders() : new HttpHeaders({ 'If-Match': etagOf(version) });
  }

  private async send<T>(request: Observable<T>): Promise<T> {
    try {
      return await firstValueFrom(request, { defaultValue: undefined as T });
    } catch (error) {
      throw toApiError(error);
    }
  }
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HttpErrorResponse) return apiErrorFrom(error.status, error.error);
  return new ApiError(0, 'Network error', error instanceof Error ? error.message : String(error));
}
