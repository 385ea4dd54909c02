import { DOCUMENT, DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal } from '@angular/core';

import { OfflineService, OutboxItem } from './offline.service';

/** A short line for an outbox item: what it is and the start of its text. */
export function describeOutboxItem(item: OutboxItem): string {
  const body = (item.body ?? {}) as Record<string, unknown>;
  const text = String(item.path === '/notes' ? (body['body'] ?? '') : (body['description'] ?? '')).trim();
  const short = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  const what = item.path === '/notes' ? 'Note' : item.path === '/visits' ? 'Visit' : item.path;
  return short ? `${what}: ${short}` : what;
}

/**
 * The header's offline status: an "Offline" pill while the browser is offline, the "offline: showing
 * saved data" banner while pages are answered from this device, and the outbox badge (how many creates
 * wait to be sent; a polite live region) that opens the list of waiting and failed items.
 */
@Component({
  selector: 'app-offline-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe],
  template: `
    <div class="offline-status">
      @if (!offline.online()) {
        <span class="pill offline" data-testid="offline-indicator">Offline</span>
      }
      <button type="button" class="outbox-toggle" data-testid="outbox-toggle" [class.empty]="total() === 0"
              [attr.aria-expanded]="open()" aria-controls="outbox-list" (click)="open.set(!open())">
        <span data-testid="outbox-badge" aria-live="polite" [attr.data-count]="offline.waitingCount()">{{ label() }}</span>
      </button>
      @if (open()) {
        <section id="outbox-list" class="outbox-list" data-testid="outbox-list" aria-label="Waiting to be sent">
          @if (total() === 0) {
            <p data-testid="outbox-empty">Nothing is waiting to be sent.</p>
          } @else {
            <ul>
              @for (item of offline.outbox(); track item.key) {
                <li data-testid="outbox-item" [attr.data-state]="item.state">
                  <span class="what">{{ describe(item) }}</span>
                  <span class="when">{{ item.createdAt | date: 'short' }}</span>
                  @if (item.state === 'waiting') {
                    <span class="state waiting">Waiting to be sent</span>
                  } @else {
                    <span class="state failed" role="alert" data-testid="outbox-item-error">Not accepted: {{ item.error }}</span>
                    <button type="button" data-testid="outbox-retry" (click)="offline.retry(item.key)">Try again</button>
                    <button type="button" data-testid="outbox-discard" (click)="offline.discard(item.key)">Discard</button>
                  }
                </li>
              }
            </ul>
          }
        </section>
      }
    </div>
    @if (offline.showingSaved()) {
      <p class="offline-banner" role="status" data-testid="offline-banner">offline: showing saved data</p>
    }
  `,
  styles: `
    :host { display: contents; }
    .offline-status { position: relative; display: flex; align-items: center; gap: 0.5rem; }
    .pill.offline { background: #5c2b00; color: #fff; border-radius: 1rem; padding: 0.1rem 0.6rem; font-size: 0.85rem; }
    .outbox-toggle, .outbox-toggle:hover:not(:disabled) { border-radius: 1rem; padding: 0.15rem 0.7rem; background: #fff3cd; color: #3d2e00; border: 1px solid #8a6d00; }
    .outbox-toggle:hover:not(:disabled) { text-decoration: underline; }
    .outbox-toggle.empty, .outbox-toggle.empty:hover:not(:disabled) { background: transparent; color: #fff; border-color: #fff; }
    .outbox-list { position: absolute; right: 0; top: 100%; z-index: 10; min-width: min(22rem, 90vw);
      background: #fff; color: #1a1a1a; border: 1px solid #555; border-radius: 0.4rem; padding: 0.5rem 0.75rem; }
    .outbox-list ul { list-style: none; margin: 0; padding: 0; }
    .outbox-list li { display: flex; flex-wrap: wrap; gap: 0.25rem 0.5rem; padding: 0.35rem 0; border-bottom: 1px solid #ddd; }
    .state.waiting { color: #5c4400; }
    .state.failed { color: #a00000; }
    /* A bar along the bottom of the window: seen on every page without moving the header's layout. */
    .offline-banner { position: fixed; left: 0; right: 0; bottom: 0; z-index: 20; margin: 0; padding: 0.4rem 1rem;
      background: #5c2b00; color: #fff; text-align: center; font-weight: 600; }
  `,
})
export class OfflineStatusComponent {
  protected readonly offline = inject(OfflineService);
  protected readonly open = signal(false);
  protected readonly total = computed(() => this.offline.outbox().length);
  protected readonly label = computed(() => {
    const waiting = this.offline.waitingCount();
    const failed = this.offline.failedCount();
    const parts = [`${waiting} waiting to be sent`];
    if (failed > 0) parts.push(`${failed} not accepted`);
    return parts.join(', ');
  });

  constructor() {
    // The bar is fixed at the bottom of the window: room below the page so it hides nothing.
    const body = inject(DOCUMENT).body;
    effect(() => {
      body.style.paddingBottom = this.offline.showingSaved() ? '2.6rem' : '';
    });
    inject(DestroyRef).onDestroy(() => (body.style.paddingBottom = ''));
  }

  protected describe(item: OutboxItem): string {
    return describeOutboxItem(item);
  }
}
