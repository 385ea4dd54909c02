import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { provideRealCore } from '../../testing/real-core';
import { storeSession } from '../../testing/session';
import { ApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { isQueued } from '../core/offline-gateway';
import { OFFLINE_OPTIONS, OfflineService } from './offline.service';

// The real WASM core and its store (MEMFS in jsdom: no IndexedDB), a store file per test so tests never
// share data, HttpTestingController for what the outbox sends.

const validNote = (body = 'Sat at the door for 10 s') => ({ dogId: 3, body, category: 'progress', tags: ['door'] });
const networkError = () => new ApiError(0, 'Network error', 'The server cannot be reached.');

let fileNo = 0;

interface Setup {
  service: OfflineService;
  http: HttpTestingController;
  net: { online: boolean };
  file: string;
}

function setup(
  file = `/pawnotes/spec-${Date.now()}-${fileNo++}.db`,
  online = true,
  flushIntervalMs = 3_600_000,
  maxCachedReads = 500,
): Setup {
  const net = { online };
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideRealCore(),
      {
        provide: OFFLINE_OPTIONS,
        useValue: { file, flushIntervalMs, maxCachedReads, persistDelayMs: 1, isOnline: () => net.online },
      },
    ],
  });
  return { service: TestBed.inject(OfflineService), http: TestBed.inject(HttpTestingController), net, file };
}

/** Waits (a few event-loop turns) for the next request to the URL; fails if none comes. */
async function nextRequest(http: HttpTestingController, url: string): Promise<TestRequest> {
  for (let i = 0; i < 1200; ++i) {
    const found = http.match(url);
    if (found.length > 1) throw new Error(`${found.length} requests to ${url} at once`);
    if (found.length === 1) return found[0];
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no request to ${url}`);
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; ++i) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('OfflineService', () => {
  beforeEach(() => {
    localStorage.clear();
    storeSession(['trainer']);
  });

  describe('read-through cache', () => {
    it('stores every successful GET and answers from the store when the request fails on the network', async () => {
      const { service } = setup();
      const owner = { id: 1, lastName: 'Lovelace', dogs: [] };
      const live = await service.read('/api/v1/owners/1', () => Promise.resolve(owner));
      expect(live).toEqual(owner);
      expect(service.showingSaved()).toBe(false);
      await settle(); // the store write is not awaited by read()
      const fetcher = vi.fn(() => Promise.reject(networkError()));
      const saved = await service.read('/api/v1/owners/1', fetcher);
      expect(fetcher).toHaveBeenCalledTimes(1);
      expect(saved).toEqual(owner);
      expect(service.showingSaved()).toBe(true);
      // Back online: a live answer turns the banner off and replaces the saved copy.
      const newer = { ...owner, lastName: 'Byron' };
      expect(await service.read('/api/v1/owners/1', () => Promise.resolve(newer))).toEqual(newer);
      expect(service.showingSaved()).toBe(false);
      await settle();
      expect(await service.read('/api/v1/owners/1', () => Promise.reject(networkError()))).toEqual(newer);
    });

    it('does not even try the network when the browser is offline, and says so when nothing was saved', async () => {
      const { service, net } = setup();
      await service.read('/api/v1/dogs/3', () => Promise.resolve({ id: 3, name: 'Rex' }));
      await settle();
      net.online = false;
      const fetcher = vi.fn(() => Promise.resolve({ id: 3, name: 'changed' }));
      expect(await service.read('/api/v1/dogs/3', fetcher)).toEqual({ id: 3, name: 'Rex' });
      expect(fetcher).not.toHaveBeenCalled();
      expect(service.online()).toBe(false);
      await expect(service.read('/api/v1/dogs/4', fetcher)).rejects.toMatchObject({ status: 0 });
    });

    it('passes server errors through: a 404 is not answered from the store', async () => {
      const { service } = setup();
      await service.read('/api/v1/dogs/5', () => Promise.resolve({ id: 5 }));
      await settle();
      const notFound = new ApiError(404, 'Not found', 'No dog 5');
      await expect(service.read('/api/v1/dogs/5', () => Promise.reject(notFound))).rejects.toBe(notFound);
      expect(service.showingSaved()).toBe(false);
    });

    it('forgets what a user read when they sign out, but keeps their unsent notes', async () => {
      const { service, net, http, file } = setup();
      await service.read('/api/v1/dogs/3', () => Promise.resolve({ id: 3, name: 'Rex' }));
      await settle();
      net.online = false;
      await service.queueCreate('/notes', validNote('Written before signing out'), 'key-kept', () => Promise.resolve({}));
      expect(await service.read('/api/v1/dogs/3', () => Promise.reject(networkError()))).toEqual({ id: 3, name: 'Rex' });

      TestBed.inject(AuthService).clear(); // sign-out (or an expired session)
      TestBed.tick(); // runs the effect that sees the user go
      await settle();
      http.verify(); // nothing was sent: the note still waits

      // The same user signs in again in a new app instance on the same store file, still offline.
      storeSession(['trainer']);
      TestBed.resetTestingModule();
      const again = setup(file, false);
      await again.service.refresh();
      await expect(again.service.read('/api/v1/dogs/3', () => Promise.reject(networkError()))).rejects.toMatchObject({
        status: 0,
      });
      expect(again.service.outbox().map((i) => i.idempotencyKey)).toEqual(['key-kept']);
    });

    it('keeps at most maxCachedReads saved pages per user: the least recently read go', async () => {
      const { service, net } = setup(undefined, true, 3_600_000, 3);
      for (const n of [1, 2, 3, 4, 5]) {
        await service.read(`/api/v1/owners/${n}`, () => Promise.resolve({ id: n }));
        await settle();
        await new Promise((resolve) => setTimeout(resolve, 5)); // distinct updatedAt (ms)
      }
      await service.read('/api/v1/owners/1', () => Promise.resolve({ id: 1, again: true })); // 1 is fresh again
      await settle();
      expect(await service.pruneCache()).toBe(2);
      expect(await service.pruneCache()).toBe(0);
      net.online = false;
      const offlineRead = (n: number) => service.read(`/api/v1/owners/${n}`, () => Promise.reject(networkError()));
      expect(await offlineRead(1)).toEqual({ id: 1, again: true });
      expect(await offlineRead(4)).toEqual({ id: 4 });
      expect(await offlineRead(5)).toEqual({ id: 5 });
      await expect(offlineRead(2)).rejects.toMatchObject({ status: 0 });
      await expect(offlineRead(3)).rejects.toMatchObject({ status: 0 });
    });

    it("keeps each user's data apart: another user does not get the first one's saved pages", async () => {
      const file = `/pawnotes/spec-users-${Date.now()}.db`;
      const first = setup(file);
      await first.service.read('/api/v1/owners/1', () => Promise.resolve({ id: 1 }));
      await settle();
      TestBed.resetTestingModule();
      localStorage.clear();
      localStorage.setItem('pawnotes.token', 't2');
      localStorage.setItem(
        'pawnotes.user',
        JSON.stringify({ id: 8, username: 'bob', displayName: 'Bob', organizationId: 2, roles: ['trainer'] }),
      );
      const second = setup(file);
      await expect(second.service.read('/api/v1/owners/1', () => Promise.reject(networkError()))).rejects.toMatchObject({
        status: 0,
      });
    });
  });

  describe('outbox', () => {
    it('sends at once when online and nothing waits (no queue)', async () => {
      const { service } = setup();
      const created = { id: 11, body: 'x' };
      const send = vi.fn(() => Promise.resolve(created));
      expect(await service.queueCreate('/notes', validNote(), 'key-1', send)).toBe(created);
      expect(send).toHaveBeenCalledTimes(1);
      expect(service.outbox()).toEqual([]);
    });

    it('queues a valid create made offline, without sending it, and keeps it across a restart', async () => {
      const { service, net, file } = setup(undefined, false);
      const send = vi.fn(() => Promise.resolve({ id: 1 }));
      const result = await service.queueCreate('/notes', validNote(), 'key-offline', send);
      expect(send).not.toHaveBeenCalled();
      expect(isQueued(result)).toBe(true);
      expect(result).toEqual({ queued: true, path: '/notes', body: validNote(), idempotencyKey: 'key-offline' });
      expect(service.waitingCount()).toBe(1);
      const [item] = service.outbox();
      expect(item).toMatchObject({ path: '/notes', body: validNote(), idempotencyKey: 'key-offline', state: 'waiting' });
      expect(Number.isNaN(Date.parse(item.createdAt))).toBe(false);
      expect(net.online).toBe(false);
      // A new app instance (a reload) on the same store file still has it.
      TestBed.resetTestingModule();
      const again = setup(file, false);
      await again.service.refresh();
      expect(again.service.outbox().map((i) => i.idempotencyKey)).toEqual(['key-offline']);
    });

    it('queues a create whose send failed on the network (status 0)', async () => {
      const { service } = setup();
      const result = await service.queueCreate('/visits', { dogId: 3, description: 'Recall', date: '2026-11-20' }, 'k-v', () =>
        Promise.reject(networkError()),
      );
      expect(isQueued(result)).toBe(true);
      expect(service.outbox().map((i) => [i.path, i.idempotencyKey])).toEqual([['/visits', 'k-v']]);
    });

    it('refuses invalid input at once with the core messages and queues nothing', async () => {
      const { service } = setup(undefined, false);
      const promise = service.queueCreate('/notes', { dogId: 3, body: '   ', tags: ['Bad Tag!'] }, 'k-bad', () =>
        Promise.resolve({}),
      );
      await expect(promise).rejects.toBeInstanceOf(ApiError);
      const error = (await promise.catch((e: unknown) => e)) as ApiError;
      expect(error.status).toBe(422);
      expect(error.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['body']));
      expect(error.errors.every((e) => typeof e.message === 'string' && e.message.length > 0)).toBe(true);
      expect(service.outbox()).toEqual([]);
    });

    it('does not queue server refusals made online (a 422 goes back to the form)', async () => {
      const { service } = setup();
      const refused = new ApiError(422, 'Validation failed', '', [{ field: 'dogId', code: 'not_found', message: 'no such dog' }]);
      await expect(service.queueCreate('/notes', validNote(), 'k', () => Promise.reject(refused))).rejects.toBe(refused);
      expect(service.outbox()).toEqual([]);
    });

    it('flushes in creation order, each with its Idempotency-Key, and removes an item only after a 2xx', async () => {
      const { service, http, net } = setup(undefined, false);
      await service.queueCreate('/notes', validNote('first'), 'key-a', () => Promise.resolve({}));
      await service.queueCreate('/visits', { dogId: 3, description: 'second', date: '2026-11-20' }, 'key-b', () =>
        Promise.resolve({}),
      );
      await service.queueCreate('/notes', validNote('third'), 'key-c', () => Promise.resolve({}));
      expect(service.waitingCount()).toBe(3);
      net.online = true;
      const done = service.flush();
      const first = await nextRequest(http, '/api/v1/notes');
      expect(first.request.method).toBe('POST');
      expect(first.request.headers.get('Idempotency-Key')).toBe('key-a');
      expect(first.request.body).toEqual(validNote('first'));
      expect(http.match('/api/v1/visits')).toEqual([]); // one at a time
      first.flush({ id: 1 }, { status: 201, statusText: 'Created' });
      const second = await nextRequest(http, '/api/v1/visits');
      expect(second.request.headers.get('Idempotency-Key')).toBe('key-b');
      second.flush({ id: 2 }, { status: 201, statusText: 'Created' });
      const third = await nextRequest(http, '/api/v1/notes');
      expect(third.request.headers.get('Idempotency-Key')).toBe('key-c');
      third.flush({ id: 3 }, { status: 201, statusText: 'Created' });
      await done;
      expect(service.outbox()).toEqual([]);
      expect(service.delivered()).toBe(3);
      http.verify();
    });

    it('keeps an item the server refuses (final 4xx) as failed with its message, and sends the next', async () => {
      const { service, http, net } = setup(undefined, false);
      await service.queueCreate('/notes', validNote('to a deleted dog'), 'key-gone', () => Promise.resolve({}));
      await service.queueCreate('/notes', validNote('fine'), 'key-fine', () => Promise.resolve({}));
      net.online = true;
      const done = service.flush();
      (await nextRequest(http, '/api/v1/notes')).flush(
        { title: 'Validation failed', status: 422, errors: [{ field: 'dogId', code: 'not_found', message: 'The dog does not exist.' }] },
        { status: 422, statusText: 'Unprocessable Entity' },
      );
      const next = await nextRequest(http, '/api/v1/notes');
      expect(next.request.headers.get('Idempotency-Key')).toBe('key-fine');
      next.flush({ id: 9 }, { status: 201, statusText: 'Created' });
      await done;
      expect(service.outbox().map((i) => [i.idempotencyKey, i.state, i.error])).toEqual([
        ['key-gone', 'failed', 'The dog does not exist.'],
      ]);
      expect(service.waitingCount()).toBe(0);
      expect(service.failedCount()).toBe(1);
      // A later flush does not send a failed item again; discard removes it.
      await service.flush();
      http.expectNone('/api/v1/notes');
      await service.discard(service.outbox()[0].key);
      expect(service.outbox()).toEqual([]);
    });

    it('stops at a retryable answer (503, network) and keeps the order for the next flush', async () => {
      const { service, http, net } = setup(undefined, false);
      await service.queueCreate('/notes', validNote('one'), 'key-1', () => Promise.resolve({}));
      await service.queueCreate('/notes', validNote('two'), 'key-2', () => Promise.resolve({}));
      net.online = true;
      let done = service.flush();
      (await nextRequest(http, '/api/v1/notes')).flush({ title: 'Unavailable' }, { status: 503, statusText: 'Unavailable' });
      await done;
      http.expectNone('/api/v1/notes'); // "two" did not overtake "one"
      expect(service.outbox().map((i) => [i.idempotencyKey, i.state, i.attempts])).toEqual([
        ['key-1', 'waiting', 1],
        ['key-2', 'waiting', 0],
      ]);
      done = service.flush();
      (await nextRequest(http, '/api/v1/notes')).error(new ProgressEvent('error'), { status: 0, statusText: '' });
      await done;
      expect(service.waitingCount()).toBe(2);
      // The retry of "one" carries the same key: the server answers a duplicate with the first result.
      done = service.flush();
      const retry = await nextRequest(http, '/api/v1/notes');
      expect(retry.request.headers.get('Idempotency-Key')).toBe('key-1');
      retry.flush({ id: 1 }, { status: 201, statusText: 'Created' });
      (await nextRequest(http, '/api/v1/notes')).flush({ id: 2 }, { status: 201, statusText: 'Created' });
      await done;
      expect(service.outbox()).toEqual([]);
    });

    it('a create made while older ones wait goes behind them even when online', async () => {
      const { service, http, net } = setup(undefined, false);
      await service.queueCreate('/notes', validNote('older'), 'key-old', () => Promise.resolve({}));
      net.online = true;
      const send = vi.fn(() => Promise.resolve({ id: 5 }));
      const result = service.queueCreate('/notes', validNote('newer'), 'key-new', send);
      const first = await nextRequest(http, '/api/v1/notes');
      expect(first.request.headers.get('Idempotency-Key')).toBe('key-old');
      expect(isQueued(await result)).toBe(true);
      expect(send).not.toHaveBeenCalled();
      first.flush({ id: 1 }, { status: 201, statusText: 'Created' });
      (await nextRequest(http, '/api/v1/notes')).flush({ id: 2 }, { status: 201, statusText: 'Created' });
      await settle();
      expect(service.outbox()).toEqual([]);
    });

    it('retries soon (about 1 s) when the first send after the network returns fails, not at the next interval', async () => {
      const { service, http, net } = setup(undefined, false);
      await service.queueCreate('/notes', validNote('soon'), 'key-soon', () => Promise.resolve({}));
      net.online = true;
      await Promise.all([
        service.flush(),
        nextRequest(http, '/api/v1/notes').then((r) => r.error(new ProgressEvent('error'), { status: 0, statusText: '' })),
      ]);
      expect(service.waitingCount()).toBe(1);
      const started = Date.now();
      const retry = await nextRequest(http, '/api/v1/notes'); // flushIntervalMs is an hour here
      expect(Date.now() - started).toBeLessThan(5_000); // the 1 s backoff, with room for a loaded machine
      expect(retry.request.headers.get('Idempotency-Key')).toBe('key-soon');
      retry.flush({ id: 1 }, { status: 201, statusText: 'Created' });
      await settle();
      expect(service.outbox()).toEqual([]);
    });

    it('sends what waits at start (a reload with the network back)', async () => {
      const first = setup(undefined, false);
      await first.service.queueCreate('/notes', validNote('from before the reload'), 'key-start', () => Promise.resolve({}));
      TestBed.resetTestingModule();
      const { service, http } = setup(first.file, true);
      TestBed.tick(); // runs the start-up effect (it waits for an idle moment, then refreshes and flushes)
      const request = await nextRequest(http, '/api/v1/notes');
      expect(request.request.headers.get('Idempotency-Key')).toBe('key-start');
      request.flush({ id: 1 }, { status: 201, statusText: 'Created' });
      await settle();
      expect(service.outbox()).toEqual([]);
    });

    it('sends what waits on its timer, with no event at all', async () => {
      const { service, http, net } = setup(undefined, false, 200);
      await service.queueCreate('/notes', validNote('timer'), 'key-timer', () => Promise.resolve({}));
      net.online = true; // no 'online' event: only the timer can notice
      const request = await nextRequest(http, '/api/v1/notes');
      expect(request.request.headers.get('Idempotency-Key')).toBe('key-timer');
      request.flush({ id: 1 }, { status: 201, statusText: 'Created' });
      await settle();
      expect(service.outbox()).toEqual([]);
    });

    it("sends what waits when the browser fires 'online'", async () => {
      const { service, http, net } = setup(undefined, false);
      await service.queueCreate('/notes', validNote('while offline'), 'key-event', () => Promise.resolve({}));
      net.online = true;
      window.dispatchEvent(new Event('online'));
      const request = await nextRequest(http, '/api/v1/notes');
      expect(request.request.headers.get('Idempotency-Key')).toBe('key-event');
      request.flush({ id: 1 }, { status: 201, statusText: 'Created' });
      await settle();
      expect(service.outbox()).toEqual([]);
      expect(service.online()).toBe(true);
    });
  });
});
