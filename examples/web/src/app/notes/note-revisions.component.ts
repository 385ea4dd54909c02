import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import type { NoteRevision } from '@pawnotes/core';

import { ApiService } from '../core/api.service';
import { isApiError } from '../core/api-error';
import { CATEGORY_LABELS } from './note-options';

let nextId = 0;

/** "Earlier versions (n)": an expandable list of a note's earlier revisions, newest first, loaded on demand. */
@Component({
  selector: 'app-note-revisions',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe],
  template: `
    <button type="button" class="link" data-testid="note-revisions" [attr.aria-expanded]="open()" [attr.aria-controls]="listId"
            (click)="toggle()">
      {{ open() ? 'Hide' : 'Show' }} earlier versions ({{ count() }})
    </button>
    <div [id]="listId" [hidden]="!open()" aria-live="polite">
      @if (loading()) {
        <p class="muted">Loading earlier versions…</p>
      } @else if (error()) {
        <p class="error" role="alert">{{ error() }}</p>
      } @else if (open()) {
        <ol class="revisions" reversed>
          @for (r of revisions(); track r.revision) {
            <li data-testid="note-revision">
              <div class="meta">
                Version {{ r.revision }} · {{ categoryLabels[r.category] }} · {{ r.visibility }}
                · written {{ r.editedAt | date: 'MMM d, y, h:mm a' }}
                @if (r.tags.length) { · tags: {{ r.tags.join(', ') }} }
              </div>
              <div class="body">{{ r.body }}</div>
            </li>
          } @empty {
            <li>No earlier versions.</li>
          }
        </ol>
      }
    </div>
  `,
  styles: `
    :host { display: block; }
    .link { background: none; border: none; padding: 0.25rem 0; color: #0b57a4; text-decoration: underline; cursor: pointer; font: inherit; }
    .revisions { margin: 0.5rem 0 0; padding-left: 1.5rem; display: grid; gap: 0.5rem; }
    .meta { font-size: 0.875em; color: #4a4a4a; }
    .body { white-space: pre-wrap; overflow-wrap: anywhere; }
    .muted { color: #4a4a4a; }
    .error { color: #b3261e; }
  `,
})
export class NoteRevisionsComponent {
  private readonly api = inject(ApiService);

  readonly noteId = input.required<number>();
  /** How many earlier versions there are (the note's revision - 1). */
  readonly count = input.required<number>();

  protected readonly listId = `note-revisions-${nextId++}`;
  protected readonly categoryLabels = CATEGORY_LABELS;
  protected readonly open = signal(false);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly revisions = signal<NoteRevision[]>([]);
  private loadedFor: number | null = null;

  async toggle(): Promise<void> {
    this.open.update((o) => !o);
    if (!this.open() || this.loadedFor === this.count()) return;
    this.loading.set(true);
    this.error.set(null);
    try {
      const list = await this.api.get<NoteRevision[]>(`/notes/${this.noteId()}/revisions`);
      this.revisions.set([...list].sort((a, b) => b.revision - a.revision));
      this.loadedFor = this.count();
    } catch (error) {
      this.error.set(isApiError(error) && error.status === 0 ? 'Earlier versions are not available offline.' : 'Could not load the earlier versions.');
    } finally {
      this.loading.set(false);
    }
  }
}
