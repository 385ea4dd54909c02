import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  OnInit,
  afterNextRender,
  effect,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import type { CursorPage, Note, NoteInput, TimelineEntry, Trainer, Visit, VisitInput } from '@pawnotes/core';

import { ApiService } from '../core/api.service';
import { isApiError } from '../core/api-error';
import type { Page } from '../core/models';
import { CATEGORY_LABELS } from '../notes/note-options';
import { NoteFormComponent, NoteSaved } from '../notes/note-form.component';
import { NoteRevisionsComponent } from '../notes/note-revisions.component';
import { VisitFormComponent, VisitSaved } from './visit-form.component';

/** Entries per page of the timeline. */
export const TIMELINE_PAGE_SIZE = 20;

/** A note or visit kept in the offline outbox, shown until the timeline has it from the server. */
export interface PendingItem {
  key: string;
  kind: 'note' | 'visit';
  note?: NoteInput;
  visit?: VisitInput;
}

export function entryKey(e: TimelineEntry): string {
  return e.kind === 'note' ? `note-${e.note?.id}` : `visit-${e.visit?.id}`;
}

/** Newest first, as the server orders them (a visit's `at` is its date, a note's its creation time). */
function byNewest(a: TimelineEntry, b: TimelineEntry): number {
  return b.at.localeCompare(a.at);
}

/**
 * A dog's visits and notes, newest first, loaded a page at a time with the API's cursor: an
 * IntersectionObserver on a sentinel below the list loads the next page when it scrolls into view, and a
 * "Load more" button does the same for keyboard and screen-reader users. Adding, editing and deleting
 * notes and adding visits happen here too.
 */
@Component({
  selector: 'app-dog-timeline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, NoteFormComponent, NoteRevisionsComponent, VisitFormComponent],
  templateUrl: './dog-timeline.component.html',
  styleUrl: './dog-timeline.component.css',
})
export class DogTimelineComponent implements OnInit {
  private readonly api = inject(ApiService);
  private readonly injector = inject(Injector);
  private readonly destroyRef = inject(DestroyRef);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  readonly dogId = input.required<number>();
  readonly dogName = input('this dog');
  /** Trainers and admins write; viewers only read. */
  readonly canWrite = input(true);

  protected readonly categoryLabels = CATEGORY_LABELS;
  readonly entries = signal<TimelineEntry[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly loading = signal(false);
  readonly loadError = signal<string | null>(null);
  /** Polite announcements for screen readers (pages loaded, note saved...). */
  readonly status = signal('');
  readonly pending = signal<PendingItem[]>([]);
  readonly trainers = signal<Trainer[]>([]);
  protected readonly editingId = signal<number | null>(null);
  protected readonly confirmingDeleteId = signal<number | null>(null);
  protected readonly deleteError = signal<string | null>(null);
  protected readonly showVisitForm = signal(false);
  protected readonly loadedOnce = signal(false);

  private readonly sentinel = viewChild<ElementRef<HTMLElement>>('sentinel');
  private readonly visitForm = viewChild(VisitFormComponent);
  private observer: IntersectionObserver | null = null;
  private generation = 0;

  constructor() {
    // Queued notes / visits reached the server: load the timeline again, which shows them from the
    // server and drops their "waiting to be sent" copies (dropDelivered), however late the send was.
    let seen = this.api.delivered();
    effect(() => {
      const delivered = this.api.delivered();
      if (delivered === seen) return;
      seen = delivered;
      void this.reload();
    });
  }

  ngOnInit(): void {
    void this.reload();
    void this.loadTrainers();
    afterNextRender(() => this.observeSentinel(), { injector: this.injector });
    const onOnline = () => setTimeout(() => void this.reload(), 2000);
    window.addEventListener('online', onOnline);
    this.destroyRef.onDestroy(() => {
      window.removeEventListener('online', onOnline);
      this.observer?.disconnect();
    });
  }

  /** Loads the first page again (drops what was loaded). */
  async reload(): Promise<void> {
    const generation = ++this.generation;
    this.loading.set(true);
    this.loadError.set(null);
    try {
      const page = await this.api.get<CursorPage<TimelineEntry>>(`/dogs/${this.dogId()}/timeline`, {
        limit: TIMELINE_PAGE_SIZE,
      });
      if (generation !== this.generation) return;
      this.entries.set(page.items);
      this.nextCursor.set(page.nextCursor);
      this.dropDelivered(page.items);
    } catch (error) {
      if (generation === this.generation) this.loadError.set(describeLoadError(error));
    } finally {
      if (generation === this.generation) {
        this.loading.set(false);
        this.loadedOnce.set(true);
        this.recheckSentinel();
      }
    }
  }

  /** Appends the next page (the cursor of the last one); nothing when there is none or a load is running. */
  async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor || this.loading()) return;
    const generation = this.generation;
    this.loading.set(true);
    this.loadError.set(null);
    try {
      const page = await this.api.get<CursorPage<TimelineEntry>>(`/dogs/${this.dogId()}/timeline`, {
        limit: TIMELINE_PAGE_SIZE,
        cursor,
      });
      if (generation !== this.generation) return;
      const seen = new Set(this.entries().map(entryKey));
      const fresh = page.items.filter((e) => !seen.has(entryKey(e)));
      this.entries.update((list) => [...list, ...fresh]);
      this.nextCursor.set(page.nextCursor);
      this.status.set(
        `${fresh.length} more ${fresh.length === 1 ? 'entry' : 'entries'} loaded${page.nextCursor ? '' : '; that is all'}.`,
      );
    } catch (error) {
      if (generation === this.generation) this.loadError.set(describeLoadError(error));
    } finally {
      if (generation === this.generation) {
        this.loading.set(false);
        this.recheckSentinel();
      }
    }
  }

  protected onNoteSaved(event: NoteSaved): void {
    if (event.kind === 'queued') {
      this.pending.update((list) => [{ key: event.queued.idempotencyKey, kind: 'note', note: event.input }, ...list]);
      this.status.set('You are offline: the note is kept and will be sent when the connection returns.');
      this.focusAfterRender('[data-testid="pending-note"]');
      return;
    }
    const entry: TimelineEntry = { kind: 'note', at: event.note.createdAt, note: event.note };
    if (event.kind === 'created') {
      this.insert(entry);
      this.status.set('Note added.');
    } else {
      this.entries.update((list) => list.map((e) => (entryKey(e) === entryKey(entry) ? { ...e, note: event.note } : e)));
      this.editingId.set(null);
      this.status.set('Note saved.');
    }
    this.focusAfterRender(`#timeline-note-${event.note.id}`);
  }

  protected onVisitSaved(event: VisitSaved): void {
    this.showVisitForm.set(false);
    if (event.kind === 'queued') {
      this.pending.update((list) => [{ key: event.queued.idempotencyKey, kind: 'visit', visit: event.input }, ...list]);
      this.status.set('You are offline: the visit is kept and will be sent when the connection returns.');
      this.focusAfterRender('[data-testid="pending-visit"]');
      return;
    }
    this.insert({ kind: 'visit', at: event.visit.date, visit: event.visit });
    this.status.set('Visit added.');
    this.focusAfterRender(`#timeline-visit-${event.visit.id}`);
  }

  protected openVisitForm(): void {
    this.showVisitForm.set(true);
    afterNextRender(() => this.visitForm()?.focus(), { injector: this.injector });
  }

  protected closeVisitForm(): void {
    this.showVisitForm.set(false);
    this.focusAfterRender('[data-testid="add-visit"]');
  }

  protected startEdit(note: Note): void {
    this.confirmingDeleteId.set(null);
    this.editingId.set(note.id);
    this.focusAfterRender(`#timeline-note-${note.id} textarea`);
  }

  protected cancelEdit(note: Note): void {
    this.editingId.set(null);
    this.focusAfterRender(`#timeline-note-${note.id} [data-testid="note-edit"]`);
  }

  protected askDelete(note: Note): void {
    this.deleteError.set(null);
    this.confirmingDeleteId.set(note.id);
    this.focusAfterRender(`#timeline-note-${note.id} [data-testid="note-delete-confirm"]`);
  }

  protected cancelDelete(note: Note): void {
    this.confirmingDeleteId.set(null);
    this.focusAfterRender(`#timeline-note-${note.id} [data-testid="note-delete"]`);
  }

  async confirmDelete(note: Note): Promise<void> {
    this.deleteError.set(null);
    try {
      await this.api.remove(`/notes/${note.id}`, note.version);
    } catch (error) {
      this.deleteError.set(
        isApiError(error) && error.status === 412
          ? 'Someone else changed this note meanwhile. Reload the page and try again.'
          : isApiError(error) && error.status === 0
            ? 'The server cannot be reached: the note was not deleted.'
            : `The note was not deleted: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    this.confirmingDeleteId.set(null);
    this.entries.update((list) => list.filter((e) => !(e.kind === 'note' && e.note?.id === note.id)));
    this.status.set('Note deleted.');
    this.focusAfterRender('#timeline-heading');
  }

  protected trainerName(id: number | null | undefined): string | null {
    if (id === null || id === undefined) return null;
    const t = this.trainers().find((x) => x.id === id);
    return t ? `${t.firstName} ${t.lastName}` : null;
  }

  private insert(entry: TimelineEntry): void {
    this.entries.update((list) => {
      const rest = list.filter((e) => entryKey(e) !== entryKey(entry));
      const merged = [...rest, entry].sort(byNewest);
      // An entry older than everything loaded while more pages remain belongs to a later page.
      if (this.nextCursor() && merged[merged.length - 1] === entry && rest.length > 0) return rest;
      return merged;
    });
  }

  /** Pending items that the server now has (the outbox sent them) leave the "waiting" list. */
  private dropDelivered(items: TimelineEntry[]): void {
    if (this.pending().length === 0) return;
    this.pending.update((list) =>
      list.filter(
        (p) =>
          !items.some((e) =>
            p.kind === 'note'
              ? e.note && e.note.body.trim() === (p.note?.body ?? '').trim()
              : e.visit && e.visit.description === p.visit?.description && e.visit.date === p.visit?.date,
          ),
      ),
    );
  }

  private async loadTrainers(): Promise<void> {
    try {
      const page = await this.api.get<Page<Trainer>>('/trainers', { size: 1000 });
      this.trainers.set(page.items);
    } catch {
      // Visits then show no trainer name; the visit form offers "(none)".
    }
  }

  private observeSentinel(): void {
    const el = this.sentinel()?.nativeElement;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    this.observer = new IntersectionObserver(
      (records) => {
        // The record may describe an earlier frame (before the first page rendered): ask the layout now.
        if (records.some((r) => r.isIntersecting) && this.sentinelNearView(el)) void this.loadMore();
      },
      { rootMargin: '200px 0px' },
    );
    this.observer.observe(el);
  }

  private sentinelNearView(el: HTMLElement): boolean {
    // Entries set but not rendered yet (the sentinel still sits where the list will be): not now;
    // recheckSentinel() asks again once they are.
    const rendered = this.host.nativeElement.querySelectorAll('[data-testid="timeline-entry"]').length;
    if (rendered !== this.entries().length) return false;
    const rect = el.getBoundingClientRect();
    return rect.top <= window.innerHeight + 200 && rect.bottom >= -200;
  }

  /** If the sentinel is still in view after a page (a tall screen), observing again fires again. */
  private recheckSentinel(): void {
    const el = this.sentinel()?.nativeElement;
    if (!el || !this.observer) return;
    afterNextRender(
      () => {
        this.observer?.unobserve(el);
        this.observer?.observe(el);
      },
      { injector: this.injector },
    );
  }

  private focusAfterRender(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), {
      injector: this.injector,
    });
  }
}

function describeLoadError(error: unknown): string {
  if (isApiError(error) && error.status === 0) return 'The timeline cannot be loaded: the server cannot be reached.';
  if (isApiError(error) && error.status === 404) return 'This dog no longer exists.';
  return 'The timeline could not be loaded.';
}
