import { computed, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { OfflineStatusComponent, describeOutboxItem } from './offline-status.component';
import { OfflineService, OutboxItem } from './offline.service';

function item(overrides: Partial<OutboxItem>): OutboxItem {
  return {
    key: 'u7-o1/outbox/1',
    path: '/notes',
    body: { dogId: 3, body: 'Sat at the door' },
    idempotencyKey: 'k1',
    createdAt: '2026-11-24T12:00:00.000Z',
    state: 'waiting',
    attempts: 0,
    error: null,
    errors: [],
    ...overrides,
  };
}

/** The signals the component reads, driven by the test. */
function fakeOffline() {
  const outbox = signal<OutboxItem[]>([]);
  const fake = {
    online: signal(true),
    showingSaved: signal(false),
    outbox,
    waitingCount: computed(() => outbox().filter((i) => i.state === 'waiting').length),
    failedCount: computed(() => outbox().filter((i) => i.state === 'failed').length),
    discard: vi.fn(() => Promise.resolve()),
    retry: vi.fn(() => Promise.resolve()),
  };
  return fake;
}

describe('OfflineStatusComponent', () => {
  let fake: ReturnType<typeof fakeOffline>;

  beforeEach(() => {
    fake = fakeOffline();
    TestBed.configureTestingModule({
      imports: [OfflineStatusComponent],
      providers: [{ provide: OfflineService, useValue: fake }],
    });
  });

  async function render() {
    const fixture = TestBed.createComponent(OfflineStatusComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const q = (id: string) => el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    const all = (id: string) => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
    return { fixture, el, q, all };
  }

  it('shows how many creates wait, in a polite live region, and updates with the outbox', async () => {
    const { fixture, q } = await render();
    const badge = q('outbox-badge')!;
    expect(badge.getAttribute('aria-live')).toBe('polite');
    expect(badge.textContent?.trim()).toBe('0 waiting to be sent');
    expect(badge.getAttribute('data-count')).toBe('0');
    fake.outbox.set([item({ key: 'a' }), item({ key: 'b', path: '/visits', body: { description: 'Recall' } })]);
    await fixture.whenStable();
    expect(badge.textContent?.trim()).toBe('2 waiting to be sent');
    expect(badge.getAttribute('data-count')).toBe('2');
    fake.outbox.set([item({ key: 'a' }), item({ key: 'c', state: 'failed', error: 'The dog does not exist.' })]);
    await fixture.whenStable();
    expect(badge.textContent?.trim()).toBe('1 waiting to be sent, 1 not accepted');
  });

  it('lists the items when opened: waiting ones as such, failed ones with the server message and actions', async () => {
    fake.outbox.set([item({ key: 'a' }), item({ key: 'f', state: 'failed', error: 'The dog does not exist.' })]);
    const { fixture, q, all } = await render();
    expect(q('outbox-list')).toBeNull();
    const toggle = q('outbox-toggle')!;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    await fixture.whenStable();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const rows = all('outbox-item');
    expect(rows.map((r) => r.getAttribute('data-state'))).toEqual(['waiting', 'failed']);
    expect(rows[0].textContent).toContain('Note: Sat at the door');
    expect(rows[0].textContent).toContain('Waiting to be sent');
    expect(q('outbox-item-error')?.textContent).toContain('The dog does not exist.');
    q('outbox-discard')!.click();
    expect(fake.discard).toHaveBeenCalledWith('f');
    q('outbox-retry')!.click();
    expect(fake.retry).toHaveBeenCalledWith('f');
  });

  it('shows "offline: showing saved data" while pages come from the store, and the offline pill', async () => {
    const { fixture, q } = await render();
    expect(q('offline-banner')).toBeNull();
    expect(q('offline-indicator')).toBeNull();
    fake.showingSaved.set(true);
    fake.online.set(false);
    await fixture.whenStable();
    expect(q('offline-banner')?.textContent?.trim()).toBe('offline: showing saved data');
    expect(q('offline-banner')?.getAttribute('role')).toBe('status');
    expect(q('offline-indicator')?.textContent?.trim()).toBe('Offline');
    expect(document.body.style.paddingBottom).toBe('2.6rem'); // the fixed bar hides nothing
    fake.showingSaved.set(false);
    await fixture.whenStable();
    expect(q('offline-banner')).toBeNull();
    expect(document.body.style.paddingBottom).toBe('');
  });

  it('describes items briefly', () => {
    expect(describeOutboxItem(item({ body: { body: 'x'.repeat(100) } }))).toBe(`Note: ${'x'.repeat(57)}…`);
    expect(describeOutboxItem(item({ path: '/visits', body: { description: ' Recall ' } }))).toBe('Visit: Recall');
    expect(describeOutboxItem(item({ body: {} }))).toBe('Note');
  });
});
