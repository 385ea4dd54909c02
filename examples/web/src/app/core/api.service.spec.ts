import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { storeSession } from '../../testing/session';
import { ApiError } from './api-error';
import { ApiService, buildUrl } from './api.service';
import { authInterceptor } from './auth.interceptor';
import { OFFLINE_GATEWAY, OfflineGateway, QueuedCreate } from './offline-gateway';

const PROBLEM = { 'Content-Type': 'application/problem+json' };

let controller: HttpTestingController | null = null;

function setup(providers: unknown[] = []) {
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideHttpClient(withInterceptors([authInterceptor])),
      provideHttpClientTesting(),
      ...(providers as never[]),
    ],
  });
  controller = TestBed.inject(HttpTestingController);
  return { api: TestBed.inject(ApiService), http: controller };
}

describe('ApiService', () => {
  beforeEach(() => {
    localStorage.clear();
    controller = null;
  });
  afterEach(() => controller?.verify());

  it('builds /api/v1 URLs with sorted parameters and without empty ones', () => {
    expect(buildUrl('/owners', { size: 20, lastName: 'Da vi', page: 0, sort: '', x: null })).toBe(
      '/api/v1/owners?lastName=Da%20vi&page=0&size=20',
    );
    expect(buildUrl('/owners/3')).toBe('/api/v1/owners/3');
  });

  it('GETs with the bearer token of the session', async () => {
    storeSession(['admin'], 'tok-1');
    const { api, http } = setup();
    const result = api.get<{ items: unknown[] }>('/owners', { lastName: 'Da' });
    const req = http.expectOne('/api/v1/owners?lastName=Da');
    expect(req.request.method).toBe('GET');
    expect(req.request.headers.get('Authorization')).toBe('Bearer tok-1');
    req.flush({ items: [] });
    expect(await result).toEqual({ items: [] });
  });

  it('sends no Authorization header without a session', async () => {
    const { api, http } = setup();
    const result = api.get('/stats');
    const req = http.expectOne('/api/v1/stats');
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush({});
    await result;
  });

  it('maps a problem+json 422 to an ApiError with the field errors', async () => {
    const { api, http } = setup();
    const result = api.create('/owners', { firstName: '' });
    http.expectOne('/api/v1/owners').flush(
      {
        type: 'https://pawnotes.dev/problems/validation',
        title: 'Validation Failed',
        status: 422,
        detail: 'firstName: is required',
        errors: [{ field: 'firstName', code: 'required', message: 'is required' }],
      },
      { status: 422, statusText: 'Unprocessable Entity', headers: PROBLEM },
    );
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      title: 'Validation Failed',
      detail: 'firstName: is required',
      errors: [{ field: 'firstName', code: 'required', message: 'is required' }],
    });
  });

  it('maps a body that is not a problem and a network failure', async () => {
    const { api, http } = setup();
    const bad = api.get('/owners/1');
    http.expectOne('/api/v1/owners/1').flush('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' });
    const error = (await bad.catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status: 502, title: 'Server error', errors: [] });
    expect(error.isNetworkError).toBe(false);

    const offline = api.get('/owners/2');
    http.expectOne('/api/v1/owners/2').error(new ProgressEvent('error'), { status: 0 });
    const down = (await offline.catch((e: unknown) => e)) as ApiError;
    expect(down).toBeInstanceOf(ApiError);
    expect(down.isNetworkError).toBe(true);
  });

  it('sends an Idempotency-Key on creates: the given one, else a new UUID each time', async () => {
    const { api, http } = setup();
    const a = api.create('/owners', { firstName: 'A' }, { idempotencyKey: 'key-123' });
    const reqA = http.expectOne('/api/v1/owners');
    expect(reqA.request.method).toBe('POST');
    expect(reqA.request.headers.get('Idempotency-Key')).toBe('key-123');
    expect(reqA.request.body).toEqual({ firstName: 'A' });
    reqA.flush({ id: 1 }, { status: 201, statusText: 'Created' });
    expect(await a).toEqual({ id: 1 });

    const keys: (string | null)[] = [];
    for (let i = 0; i < 2; i++) {
      const p = api.create('/owners', {});
      const req = http.expectOne('/api/v1/owners');
      keys.push(req.request.headers.get('Idempotency-Key'));
      req.flush({ id: 2 + i });
      await p;
    }
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it('sends If-Match with the version on update, patch and remove', async () => {
    const { api, http } = setup();
    const put = api.update('/owners/5', { firstName: 'A' }, 3);
    const putReq = http.expectOne('/api/v1/owners/5');
    expect(putReq.request.method).toBe('PUT');
    expect(putReq.request.headers.get('If-Match')).toBe('W/"3"');
    putReq.flush({ id: 5, version: 4 });
    await put;

    const patch = api.patch('/notes/9', { body: 'x' }, 2);
    const patchReq = http.expectOne('/api/v1/notes/9');
    expect(patchReq.request.method).toBe('PATCH');
    expect(patchReq.request.headers.get('If-Match')).toBe('W/"2"');
    patchReq.flush({});
    await patch;

    const del = api.remove('/owners/5', 4);
    const delReq = http.expectOne('/api/v1/owners/5');
    expect(delReq.request.method).toBe('DELETE');
    expect(delReq.request.headers.get('If-Match')).toBe('W/"4"');
    delReq.flush(null, { status: 204, statusText: 'No Content' });
    await expect(del).resolves.toBeUndefined();

    const loose = api.remove('/owners/6');
    const looseReq = http.expectOne('/api/v1/owners/6');
    expect(looseReq.request.headers.has('If-Match')).toBe(false);
    looseReq.flush(null, { status: 204, statusText: 'No Content' });
    await loose;
  });

  it('maps a stale If-Match (412) to an ApiError with the server detail', async () => {
    const { api, http } = setup();
    const put = api.update('/owners/5', {}, 1);
    http.expectOne('/api/v1/owners/5').flush(
      { title: 'Precondition Failed', status: 412, detail: 'The record is at version 2, not 1: reload it and try again.' },
      { status: 412, statusText: 'Precondition Failed', headers: PROBLEM },
    );
    await expect(put).rejects.toMatchObject({ status: 412, detail: 'The record is at version 2, not 1: reload it and try again.' });
  });
});

describe('ApiService with an OfflineGateway', () => {
  const calls: string[] = [];
  const gateway: OfflineGateway = {
    async read<T>(url: string, fetcher: () => Promise<T>): Promise<T> {
      calls.push(`read ${url}`);
      return fetcher();
    },
    async queueCreate<T>(path: string, body: unknown, key: string): Promise<T | QueuedCreate> {
      calls.push(`queue ${path} ${key}`);
      return { queued: true, path, body, idempotencyKey: key };
    },
  };

  beforeEach(() => {
    localStorage.clear();
    calls.length = 0;
  });

  it('reads through the gateway with the full URL as key', async () => {
    const { api, http } = setup([{ provide: OFFLINE_GATEWAY, useValue: gateway }]);
    const p = api.get('/dogs/3/timeline', { limit: 20 });
    await Promise.resolve();
    http.expectOne('/api/v1/dogs/3/timeline?limit=20').flush({ items: [] });
    expect(await p).toEqual({ items: [] });
    expect(calls).toEqual(['read /api/v1/dogs/3/timeline?limit=20']);
  });

  it('hands note and visit creates to the outbox, other creates are sent', async () => {
    const { api, http } = setup([{ provide: OFFLINE_GATEWAY, useValue: gateway }]);
    const note = await api.create('/notes', { dogId: 1, body: 'sit' }, { idempotencyKey: 'k-1' });
    expect(note).toEqual({ queued: true, path: '/notes', body: { dogId: 1, body: 'sit' }, idempotencyKey: 'k-1' });
    const visit = await api.create('/visits', { dogId: 1 }, { idempotencyKey: 'k-2' });
    expect(visit).toMatchObject({ queued: true, idempotencyKey: 'k-2' });
    http.expectNone('/api/v1/notes');

    const owner = api.create('/owners', {});
    http.expectOne('/api/v1/owners').flush({ id: 1 });
    expect(await owner).toEqual({ id: 1 });
    expect(calls).toEqual(['queue /notes k-1', 'queue /visits k-2']);
  });
});
