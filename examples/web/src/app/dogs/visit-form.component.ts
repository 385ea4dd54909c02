import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import type { Trainer, Visit, VisitInput } from '@pawnotes/core';

import { ApiService, newIdempotencyKey } from '../core/api.service';
import { isApiError } from '../core/api-error';
import { CoreService, localToday } from '../core/core.service';
import { isQueued, QueuedCreate } from '../core/offline-gateway';
import { FieldErrors, validateThenSend } from '../shared/field-errors';
import { FieldErrorsComponent } from '../shared/field-errors.component';

export type VisitSaved = { kind: 'created'; visit: Visit } | { kind: 'queued'; queued: QueuedCreate; input: VisitInput };

/** Records a visit (or training session) of the dog; like notes, a create may wait in the offline outbox. */
@Component({
  selector: 'app-visit-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, FieldErrorsComponent],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" data-testid="visit-form" class="visit-form" novalidate aria-label="Add a visit">
      <app-field-errors [errors]="errors" />
      <div class="row">
        <div class="field">
          <label for="visit-date">Date</label>
          <input #date id="visit-date" type="date" formControlName="date" data-testid="visit-date"
                 [attr.aria-invalid]="errors.has('date')" [attr.aria-describedby]="errors.describedBy('date')" />
          <app-field-errors [errors]="errors" field="date" />
        </div>
        <div class="field">
          <label for="visit-duration">Duration (minutes)</label>
          <input id="visit-duration" type="number" inputmode="numeric" min="1" max="720" formControlName="durationMinutes"
                 data-testid="visit-duration"
                 [attr.aria-invalid]="errors.has('durationMinutes')" [attr.aria-describedby]="errors.describedBy('durationMinutes')" />
          <app-field-errors [errors]="errors" field="durationMinutes" />
        </div>
        <div class="field">
          <label for="visit-trainer">Trainer</label>
          <select id="visit-trainer" formControlName="trainerId" data-testid="visit-trainer"
                  [attr.aria-invalid]="errors.has('trainerId')" [attr.aria-describedby]="errors.describedBy('trainerId')">
            <option value="">(none)</option>
            @for (t of trainers(); track t.id) {
              <option [value]="t.id">{{ t.firstName }} {{ t.lastName }}</option>
            }
          </select>
          <app-field-errors [errors]="errors" field="trainerId" />
        </div>
      </div>
      <div class="field">
        <label for="visit-description">Description</label>
        <input id="visit-description" formControlName="description" data-testid="visit-description" autocomplete="off"
               [attr.aria-invalid]="errors.has('description')" [attr.aria-describedby]="errors.describedBy('description')" />
        <app-field-errors [errors]="errors" field="description" />
      </div>
      <div class="actions">
        <button type="submit" class="primary" data-testid="visit-submit" [disabled]="saving()">{{ saving() ? 'Saving…' : 'Add visit' }}</button>
        <button type="button" class="secondary" (click)="cancelled.emit()">Cancel</button>
      </div>
    </form>
  `,
  styleUrl: '../notes/note-form.component.css',
})
export class VisitFormComponent {
  private readonly api = inject(ApiService);
  private readonly core = inject(CoreService);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  readonly dogId = input.required<number>();
  readonly trainers = input<Trainer[]>([]);
  readonly saved = output<VisitSaved>();
  readonly cancelled = output<void>();

  protected readonly saving = signal(false);
  readonly errors = new FieldErrors('visit', ['date', 'description', 'durationMinutes', 'trainerId']);
  private readonly dateInput = viewChild<ElementRef<HTMLInputElement>>('date');
  private pendingKey: string | null = null;

  readonly form = new FormGroup({
    date: new FormControl(localToday(), { nonNullable: true }),
    description: new FormControl('', { nonNullable: true }),
    durationMinutes: new FormControl<number | null>(60),
    trainerId: new FormControl<string>('', { nonNullable: true }),
  });

  constructor() {
    this.form.valueChanges.subscribe(() => (this.pendingKey = null));
  }

  focus(): void {
    this.dateInput()?.nativeElement.focus();
  }

  value(): VisitInput {
    const v = this.form.getRawValue();
    const duration = v.durationMinutes;
    return {
      dogId: this.dogId(),
      date: v.date,
      description: v.description,
      durationMinutes: duration === null || (duration as unknown) === '' ? null : Number(duration),
      trainerId: v.trainerId === '' ? null : Number(v.trainerId),
    };
  }

  async submit(): Promise<void> {
    if (this.saving()) return;
    this.saving.set(true);
    try {
      const input = this.value();
      const key = (this.pendingKey ??= newIdempotencyKey());
      let failedOnNetwork = false;
      const result = await validateThenSend(this.core, this.errors, 'visit', input, 'create', () =>
        this.api.create<Visit>('/visits', input, { idempotencyKey: key }).catch((error: unknown) => {
          failedOnNetwork = isApiError(error) && (error.status === 0 || error.status >= 500);
          throw error;
        }),
      );
      if (!failedOnNetwork) this.pendingKey = null;
      if (result) {
        this.saved.emit(isQueued(result) ? { kind: 'queued', queued: result, input } : { kind: 'created', visit: result });
        this.form.reset({ date: localToday(), description: '', durationMinutes: 60, trainerId: '' }, { emitEvent: false });
        this.pendingKey = null;
      } else if (this.errors.any()) {
        afterNextRender(
          () => this.host.nativeElement.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
          { injector: this.injector },
        );
      }
    } finally {
      this.saving.set(false);
    }
  }
}
