import { InjectionToken, Signal } from '@angular/core';

/** What ApiService.create returns when a create was kept in the outbox instead of being sent. */
export interface QueuedCreate {
  readonly queued: true;
  /** The collection path the create goes to ("/notes", "/visits"). */
  readonly path: string;
  readonly body: unknown;
  readonly idempotencyKey: string;
}

export function isQueued(value: unknown): value is QueuedCreate {
  return typeof value === 'object' && value !== null && (value as { queued?: unknown }).queued === true;
}

/**
 * The seam between ApiService and the offline layer (src/app/offline/), which provides it with
 * `{ provide: OFFLINE_GATEWAY, useExisting: OfflineService }`. Without a provider ApiService just fetches.
 */
export interface OfflineGateway {
  /**
   * Every GET goes through here. `url` is the full request URL with its query parameters in a stable
   * order (a good cache key); `fetcher` performs the request (it rejects with an ApiError; status 0 = network).
   */
  read<T>(url: string, fetcher: () => Promise<T>): Promise<T>;
  /**
   * POSTs of notes and visits go through here, each with its idempotency key; `send` performs the request.
   * Resolve with the created record, or with a QueuedCreate when it was kept to be sent later.
   */
  queueCreate<T>(path: string, body: unknown, idempotencyKey: string, send: () => Promise<T>): Promise<T | QueuedCreate>;
  /** How many queued creates have been delivered so far: pages showing queued items reload when it grows. */
  readonly delivered?: Signal<number>;
}

export const OFFLINE_GATEWAY = new InjectionToken<OfflineGateway>('OFFLINE_GATEWAY');
