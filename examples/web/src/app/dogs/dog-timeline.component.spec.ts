import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { Note, TimelineEntry, Visit } from '@pawnotes/core';

import { provideRealCore } from '../../testing/real-core';
import { OFFLINE_GATEWAY, OfflineGateway, QueuedCreate } from '../core/offline-gateway';
import { DogTimelineComponent, TIMELINE_PAGE_SIZE } from './dog-timeline.component';

function noteEntry(id: number, at: string): TimelineEntry {
  const note: Note = {
    id, dogId: 1, authorId: 1, body: `note ${id}`, category: 'general', tags: [], visibility: 'internal',
    createdAt: at, updatedAt: at, revision: 1, deletedAt: null, version: 1,
  };
  return { kind: 'note', at, note };
}

function visitEntry(id: number, date: string): TimelineEntry {
  const visit: Visit = { id, dogId: 1, trainerId: null, date, description: `visit ${id}`, durationMinutes: 30, version: 1 };
  return { kind: 'visit', at: date, visit };
}

const TIMELINE = `/api/v1/dogs/1/timeline?limit=${TIMELINE_PAGE_SIZE}`;

describe('DogTimelineComponent', () => {
  let fixture: ComponentFixture<DogTimelineComponent>;
  let http: HttpTestingController;

  async function setup(providers: unknown[] = []): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRealCore(), ...(providers as never[])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DogTimelineComponent);
    fixture.componentRef.setInput('dogId', 1);
    fixture.detectChanges();
    http.expectOne('/api/v1/trainers?size=1000').flush({ items: [], page: 0, size: 1000, total: 0, totalPages: 0 });
  }

  function all(testid: string): HTMLElement[] {
    return [...fixture.nativeElement.querySelectorAll(`[data-testid="${testid}"]`)] as HTMLElement[];
  }

  async function settle(): Promise<void> {
    await fixture.whenStable();
    fixture.detectChanges();
  }

  afterEach(() => http.verify());

  it('appends the second page, asked for with the first page\'s cursor', async () => {
    await setup();
    http.expectOne(TIMELINE).flush({
      items: [visitEntry(3, '2026-11-25'), noteEntry(5, '2026-11-24T10:00:00.000Z')],
      nextCursor: 'CURSOR-1',
    });
    await vi.waitFor(() => expect(fixture.componentInstance.entries().length).toBe(2));
    await settle();
    expect(all('timeline-entry').map((e) => e.textContent)).toEqual([
      expect.stringContaining('visit 3'),
      expect.stringContaining('note 5'),
    ]);
    const loadMore = all('load-more')[0] as HTMLButtonElement;
    expect(loadMore).toBeDefined();
    expect(all('timeline-sentinel').length).toBe(1);

    loadMore.click();
    const second = http.expectOne(`${TIMELINE.replace('?', '?cursor=CURSOR-1&')}`);
    expect(second.request.params.keys()).toEqual([]); // the cursor is in the URL (a stable cache key)
    second.flush({ items: [noteEntry(4, '2026-11-20T10:00:00.000Z'), visitEntry(1, '2026-11-01')], nextCursor: null });
    await vi.waitFor(() => expect(fixture.componentInstance.entries().length).toBe(4));
    await settle();

    expect(all('timeline-entry').map((e) => e.getAttribute('data-kind') + ':' + e.getAttribute('data-id'))).toEqual([
      'visit:3', 'note:5', 'note:4', 'visit:1',
    ]);
    expect(all('load-more')).toEqual([]); // no cursor: the end
    expect(fixture.nativeElement.querySelector('[data-testid="timeline-status"]').textContent).toContain('2 more entries loaded');
  });

  it('loads nothing more without a cursor, and one page at a time', async () => {
    await setup();
    http.expectOne(TIMELINE).flush({ items: [noteEntry(5, '2026-11-24T10:00:00.000Z')], nextCursor: 'C' });
    await vi.waitFor(() => expect(fixture.componentInstance.nextCursor()).toBe('C'));
    const component = fixture.componentInstance;
    void component.loadMore();
    void component.loadMore(); // still loading: ignored
    http.expectOne(`/api/v1/dogs/1/timeline?cursor=C&limit=${TIMELINE_PAGE_SIZE}`).flush({
      items: [noteEntry(5, '2026-11-24T10:00:00.000Z'), noteEntry(2, '2026-11-02T10:00:00.000Z')],
      nextCursor: null,
    });
    await vi.waitFor(() => expect(fixture.componentInstance.loading()).toBe(false));
    // an entry seen on both pages is shown once
    expect(component.entries().map((e) => e.note?.id)).toEqual([5, 2]);
    await component.loadMore();
    http.expectNone(() => true);
  });

  it('shows a note kept by the offline layer as waiting to be sent', async () => {
    const gateway: OfflineGateway = {
      read: (_url, fetcher) => fetcher(),
      queueCreate: async <T,>(path: string, body: unknown, idempotencyKey: string): Promise<T | QueuedCreate> => ({
        queued: true, path, body, idempotencyKey,
      }),
    };
    await setup([{ provide: OFFLINE_GATEWAY, useValue: gateway }]);
    http.expectOne(TIMELINE).flush({ items: [], nextCursor: null });
    await vi.waitFor(() => expect(fixture.componentInstance.loading()).toBe(false));
    await settle();

    const body = fixture.nativeElement.querySelector('[data-testid="note-body"]') as HTMLTextAreaElement;
    body.value = 'Offline note';
    body.dispatchEvent(new Event('input'));
    (fixture.nativeElement.querySelector('[data-testid="note-submit"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(fixture.componentInstance.pending().length).toBe(1));
    await settle();

    const pending = all('pending-note');
    expect(pending.length).toBe(1);
    expect(pending[0].textContent).toContain('Waiting to be sent');
    expect(pending[0].textContent).toContain('Offline note');
    expect(all('timeline-entry')).toEqual([]);
  });

  it('loads the timeline again when queued creates are delivered, whenever that happens', async () => {
    const delivered = signal(0);
    const gateway: OfflineGateway = {
      read: (_url, fetcher) => fetcher(),
      queueCreate: (_path, _body, _key, send) => send(),
      delivered: delivered.asReadonly(),
    };
    await setup([{ provide: OFFLINE_GATEWAY, useValue: gateway }]);
    http.expectOne(TIMELINE).flush({ items: [], nextCursor: null });
    await vi.waitFor(() => expect(fixture.componentInstance.loading()).toBe(false));
    await settle();
    http.expectNone(TIMELINE); // nothing delivered yet: no second load

    delivered.set(1); // the outbox sent a note made offline
    await settle();
    http.expectOne(TIMELINE).flush({ items: [noteEntry(9, '2026-11-24T11:00:00.000Z')], nextCursor: null });
    await vi.waitFor(() => expect(fixture.componentInstance.entries().length).toBe(1));
    await settle();
    expect(all('timeline-entry').map((e) => e.getAttribute('data-id'))).toEqual(['9']);
  });

  it('puts a created note at the top of the timeline', async () => {
    await setup();
    http.expectOne(TIMELINE).flush({ items: [noteEntry(5, '2026-11-24T10:00:00.000Z')], nextCursor: null });
    await vi.waitFor(() => expect(fixture.componentInstance.entries().length).toBe(1));
    await settle();
    const body = fixture.nativeElement.querySelector('[data-testid="note-body"]') as HTMLTextAreaElement;
    body.value = 'Fresh note';
    body.dispatchEvent(new Event('input'));
    (fixture.nativeElement.querySelector('[data-testid="note-submit"]') as HTMLButtonElement).click();
    const req = await vi.waitFor(() => http.expectOne({ method: 'POST', url: '/api/v1/notes' }));
    req.flush({ ...noteEntry(6, '2026-11-25T08:00:00.000Z').note, body: 'Fresh note' }, { status: 201, statusText: 'Created' });
    await vi.waitFor(() => expect(fixture.componentInstance.entries().length).toBe(2));
    await settle();
    expect(all('timeline-entry').map((e) => e.getAttribute('data-id'))).toEqual(['6', '5']);
  });
});
