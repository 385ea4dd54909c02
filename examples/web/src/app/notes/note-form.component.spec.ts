import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { Note } from '@pawnotes/core';

import { provideRealCore } from '../../testing/real-core';
import { OFFLINE_GATEWAY, OfflineGateway, QueuedCreate } from '../core/offline-gateway';
import { NoteFormComponent, NoteSaved } from './note-form.component';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function note(over: Partial<Note> = {}): Note {
  return {
    id: 9, dogId: 1, authorId: 1, body: 'Good recall', category: 'progress', tags: ['recall'], visibility: 'internal',
    createdAt: '2026-11-24T10:00:00.000Z', updatedAt: '2026-11-24T10:00:00.000Z', revision: 1, deletedAt: null, version: 1,
    ...over,
  };
}

describe('NoteFormComponent', () => {
  let fixture: ComponentFixture<NoteFormComponent>;
  let http: HttpTestingController;
  let saved: NoteSaved[];

  async function setup(providers: unknown[] = [], existing: Note | null = null): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRealCore(), ...(providers as never[])],
    });
    fixture = TestBed.createComponent(NoteFormComponent);
    fixture.componentRef.setInput('dogId', 1);
    if (existing) fixture.componentRef.setInput('note', existing);
    saved = [];
    fixture.componentInstance.saved.subscribe((e) => saved.push(e));
    http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
    await fixture.whenStable();
  }

  function el<T extends HTMLElement>(testid: string): T {
    return fixture.nativeElement.querySelector(`[data-testid="${testid}"]`) as T;
  }

  function type(testid: string, value: string): void {
    const input = el<HTMLInputElement>(testid);
    input.value = value;
    input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input'));
  }

  async function submit(): Promise<void> {
    el<HTMLFormElement>('note-form').dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    fixture.detectChanges();
  }

  afterEach(() => http.verify());

  it('shows the core messages under their fields and sends no request', async () => {
    await setup();
    type('note-body', '   ');
    type('note-tags', 'ok, BAD TAG!');
    el<HTMLButtonElement>('note-submit').click();
    await vi.waitFor(() => expect(fixture.componentInstance.errors.any()).toBe(true));
    fixture.detectChanges();

    const bodyError = fixture.nativeElement.querySelector('#note-body-error') as HTMLElement;
    expect(bodyError.getAttribute('role')).toBe('alert');
    expect(bodyError.textContent).toContain('must not be empty');
    expect(el('note-body').getAttribute('aria-describedby')).toBe('note-body-error');
    expect(el('note-body').getAttribute('aria-invalid')).toBe('true');
    // Tags are "ok", "BAD" (the core lower-cases it) and "TAG!" (invalid): "tags[2]" is shown under the tags input.
    const tagsError = fixture.nativeElement.querySelector('#note-tags-error') as HTMLElement;
    expect(tagsError.textContent).toContain('Tag 3: must contain only lower-case letters a-z, digits and hyphens');
    expect(tagsError.textContent).not.toContain('Tag 2');
    http.expectNone(() => true);
    expect(saved).toEqual([]);
  });

  it('sends a valid note with an idempotency key and emits the created note', async () => {
    await setup();
    type('note-body', 'Walked nicely on a loose lead.');
    type('note-category', 'progress');
    type('note-tags', 'lead, walking');
    type('note-visibility', 'shared');
    await submit();

    const req = await vi.waitFor(() => http.expectOne({ method: 'POST', url: '/api/v1/notes' }));
    expect(req.request.body).toEqual({
      dogId: 1, body: 'Walked nicely on a loose lead.', category: 'progress', tags: ['lead', 'walking'], visibility: 'shared',
    });
    expect(req.request.headers.get('Idempotency-Key')).toMatch(UUID);
    req.flush(note({ id: 12, body: 'Walked nicely on a loose lead.' }), { status: 201, statusText: 'Created' });
    await vi.waitFor(() => expect(saved.length).toBe(1));
    expect(saved[0].kind).toBe('created');
    expect(el<HTMLTextAreaElement>('note-body').value).toBe('');
  });

  it('shows the server 422 messages the same way', async () => {
    await setup();
    type('note-body', 'Fine');
    await submit();
    const req = await vi.waitFor(() => http.expectOne('/api/v1/notes'));
    req.flush(
      { type: 'x', title: 'Validation Failed', status: 422, errors: [{ field: 'body', code: 'unique', message: 'server says no' }] },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await vi.waitFor(() => expect(fixture.componentInstance.errors.messagesFor('body')).toEqual(['server says no']));
    fixture.detectChanges();
    expect((fixture.nativeElement.querySelector('#note-body-error') as HTMLElement).textContent).toContain('server says no');
    expect(saved).toEqual([]);
  });

  it('retries a create that hit a network error with the same idempotency key', async () => {
    await setup();
    type('note-body', 'Sent twice, stored once');
    await submit();
    const first = await vi.waitFor(() => http.expectOne('/api/v1/notes'));
    const key = first.request.headers.get('Idempotency-Key');
    first.error(new ProgressEvent('error'), { status: 0, statusText: '' });
    await vi.waitFor(() => expect(fixture.componentInstance.errors.formMessage()).not.toBeNull());

    await submit();
    const second = await vi.waitFor(() => http.expectOne('/api/v1/notes'));
    expect(second.request.headers.get('Idempotency-Key')).toBe(key);
    second.flush(note(), { status: 201, statusText: 'Created' });
    await vi.waitFor(() => expect(saved.length).toBe(1));
  });

  it('emits a queued note when the offline layer keeps it', async () => {
    const gateway: OfflineGateway = {
      read: (_url, fetcher) => fetcher(),
      queueCreate: async <T,>(path: string, body: unknown, idempotencyKey: string): Promise<T | QueuedCreate> => ({
        queued: true, path, body, idempotencyKey,
      }),
    };
    await setup([{ provide: OFFLINE_GATEWAY, useValue: gateway }]);
    type('note-body', 'Written in the field');
    await submit();
    await vi.waitFor(() => expect(saved.length).toBe(1));
    const event = saved[0];
    expect(event.kind).toBe('queued');
    if (event.kind === 'queued') {
      expect(event.queued.idempotencyKey).toMatch(UUID);
      expect(event.input.body).toBe('Written in the field');
    }
    http.expectNone('/api/v1/notes');
  });

  it('edits a note with a PUT based on its version', async () => {
    await setup([], note({ id: 4, version: 3 }));
    expect(el<HTMLTextAreaElement>('note-body').value).toBe('Good recall');
    type('note-body', 'Better recall');
    await submit();
    const req = await vi.waitFor(() => http.expectOne({ method: 'PUT', url: '/api/v1/notes/4' }));
    expect(req.request.headers.get('If-Match')).toBe('W/"3"');
    expect(req.request.body.body).toBe('Better recall');
    req.flush(note({ id: 4, body: 'Better recall', version: 4, revision: 2 }));
    await vi.waitFor(() => expect(saved[0]?.kind).toBe('updated'));
  });
});
