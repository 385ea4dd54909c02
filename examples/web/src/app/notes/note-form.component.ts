import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  OnInit,
  afterNextRender,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import type { Note, NoteCategory, NoteInput, NoteVisibility } from '@pawnotes/core';

import { ApiService, newIdempotencyKey } from '../core/api.service';
import { isApiError } from '../core/api-error';
import { CoreService } from '../core/core.service';
import { isQueued, QueuedCreate } from '../core/offline-gateway';
import { validateThenSend } from '../shared/field-errors';
import { FieldErrorsComponent } from '../shared/field-errors.component';
import { CATEGORY_LABELS, NOTE_CATEGORIES, NOTE_VISIBILITIES, parseTags, TaggedFieldErrors, VISIBILITY_LABELS } from './note-options';

/** What the form did: a note created or changed on the server, or a create kept in the offline outbox. */
export type NoteSaved =
  | { kind: 'created'; note: Note }
  | { kind: 'updated'; note: Note }
  | { kind: 'queued'; queued: QueuedCreate; input: NoteInput };

let nextFormId = 0;

/**
 * Add or edit a note. The WASM core validates before anything is sent; a create goes through
 * ApiService.create with an idempotency key (kept across retries of the same note after a network
 * failure, so the server never gets it twice), an edit is a PUT based on the note's version.
 */
@Component({
  selector: 'app-note-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, FieldErrorsComponent],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" data-testid="note-form" class="note-form" novalidate
          [attr.aria-label]="note() ? 'Edit note' : 'Add a note'">
      <app-field-errors [errors]="errors" />
      <div class="field">
        <label [for]="id + '-body'">Note</label>
        <textarea #body [id]="id + '-body'" formControlName="body" rows="4" data-testid="note-body"
                  [attr.aria-invalid]="errors.has('body')" [attr.aria-describedby]="errors.describedBy('body')"></textarea>
        <app-field-errors [errors]="errors" field="body" />
      </div>
      <div class="row">
        <div class="field">
          <label [for]="id + '-category'">Category</label>
          <select [id]="id + '-category'" formControlName="category" data-testid="note-category"
                  [attr.aria-invalid]="errors.has('category')" [attr.aria-describedby]="errors.describedBy('category')">
            @for (c of categories; track c) {
              <option [value]="c">{{ categoryLabels[c] }}</option>
            }
          </select>
          <app-field-errors [errors]="errors" field="category" />
        </div>
        <div class="field">
          <label [for]="id + '-visibility'">Visibility</label>
          <select [id]="id + '-visibility'" formControlName="visibility" data-testid="note-visibility"
                  [attr.aria-invalid]="errors.has('visibility')" [attr.aria-describedby]="errors.describedBy('visibility')">
            @for (v of visibilities; track v) {
              <option [value]="v">{{ visibilityLabels[v] }}</option>
            }
          </select>
          <app-field-errors [errors]="errors" field="visibility" />
        </div>
      </div>
      <div class="field">
        <label [for]="id + '-tags'">Tags <span class="hint">(separated by commas or spaces; a-z, 0-9, -)</span></label>
        <input [id]="id + '-tags'" formControlName="tags" data-testid="note-tags" autocomplete="off"
               [attr.aria-invalid]="errors.has('tags')" [attr.aria-describedby]="errors.describedBy('tags')" />
        <app-field-errors [errors]="errors" field="tags" />
      </div>
      <div class="actions">
        <button type="submit" class="primary" data-testid="note-submit" [disabled]="saving()">
          {{ saving() ? 'Saving…' : note() ? 'Save note' : 'Add note' }}
        </button>
        @if (note() || cancellable()) {
          <button type="button" class="secondary" (click)="cancelled.emit()" data-testid="note-cancel">Cancel</button>
        }
      </div>
    </form>
  `,
  styleUrl: './note-form.component.css',
})
export class NoteFormComponent implements OnInit {
  private readonly api = inject(ApiService);
  private readonly core = inject(CoreService);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  /** The dog the note is about. */
  readonly dogId = input.required<number>();
  /** The note to edit; absent: a new note. */
  readonly note = input<Note | null>(null);
  /** Show a Cancel button on a new-note form too. */
  readonly cancellable = input(false);

  readonly saved = output<NoteSaved>();
  readonly cancelled = output<void>();

  protected readonly id = `note-form-${nextFormId++}`;
  protected readonly categories = NOTE_CATEGORIES;
  protected readonly visibilities = NOTE_VISIBILITIES;
  protected readonly categoryLabels = CATEGORY_LABELS;
  protected readonly visibilityLabels = VISIBILITY_LABELS;
  protected readonly saving = signal(false);
  readonly errors = new TaggedFieldErrors('note', ['body', 'category', 'tags', 'visibility']);

  private readonly bodyInput = viewChild<ElementRef<HTMLTextAreaElement>>('body');
  /** Idempotency key of the create being attempted: reused when the same note is retried after a network error. */
  private pendingKey: string | null = null;

  readonly form = new FormGroup({
    body: new FormControl('', { nonNullable: true }),
    category: new FormControl<NoteCategory>('general', { nonNullable: true }),
    tags: new FormControl('', { nonNullable: true }),
    visibility: new FormControl<NoteVisibility>('internal', { nonNullable: true }),
  });

  ngOnInit(): void {
    const note = this.note();
    if (note) {
      this.form.setValue({
        body: note.body,
        category: note.category,
        tags: note.tags.join(', '),
        visibility: note.visibility,
      });
    }
    // A changed note is a different create: it gets a new idempotency key.
    this.form.valueChanges.subscribe(() => (this.pendingKey = null));
  }

  focus(): void {
    this.bodyInput()?.nativeElement.focus();
  }

  /** The input sent to the core and the server. */
  value(): NoteInput {
    const v = this.form.getRawValue();
    return { dogId: this.dogId(), body: v.body, category: v.category, tags: parseTags(v.tags), visibility: v.visibility };
  }

  async submit(): Promise<void> {
    if (this.saving()) return;
    this.saving.set(true);
    try {
      const existing = this.note();
      const input = this.value();
      if (existing) {
        const note = await validateThenSend(this.core, this.errors, 'note', input, 'replace', () =>
          this.api.update<Note>(`/notes/${existing.id}`, input, existing.version),
        );
        if (note) this.saved.emit({ kind: 'updated', note });
      } else {
        const key = (this.pendingKey ??= newIdempotencyKey());
        let failedOnNetwork = false;
        const result = await validateThenSend(this.core, this.errors, 'note', input, 'create', () =>
          this.api.create<Note>('/notes', input, { idempotencyKey: key }).catch((error: unknown) => {
            failedOnNetwork = isApiError(error) && (error.status === 0 || error.status >= 500);
            throw error;
          }),
        );
        if (!failedOnNetwork) this.pendingKey = null;
        if (result) {
          this.saved.emit(isQueued(result) ? { kind: 'queued', queued: result, input } : { kind: 'created', note: result });
          this.form.reset({ body: '', category: input.category, tags: '', visibility: input.visibility }, { emitEvent: false });
          this.pendingKey = null;
        }
      }
      if (this.errors.any()) this.focusFirstError();
    } finally {
      this.saving.set(false);
    }
  }

  private focusFirstError(): void {
    // After the messages render: the first invalid input, else the body.
    afterNextRender(
      () => {
        const invalid = this.host.nativeElement.querySelector<HTMLElement>('[aria-invalid="true"]');
        (invalid ?? this.bodyInput()?.nativeElement)?.focus();
      },
      { injector: this.injector },
    );
  }
}
