import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  OnInit,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { FormsModule } from '@angular/forms';
import type { CareFlag, CareFlagInput, CareFlagKind, CareFlagSeverity } from '@pawnotes/core';

import { ApiService } from '../core/api.service';
import { isApiError } from '../core/api-error';
import { CoreService } from '../core/core.service';
import { FieldErrors, validateThenSend } from '../shared/field-errors';
import { FieldErrorsComponent } from '../shared/field-errors.component';
import { FLAG_KINDS, KIND_LABELS, orderCareFlags, SEVERITIES, SEVERITY_LABELS } from './care-flags';

interface FlagDraft {
  kind: CareFlagKind;
  severity: CareFlagSeverity;
  text: string;
}

/** The dog's active care flags, pinned at the top of the profile: danger first, then caution, then info. */
@Component({
  selector: 'app-care-flags',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, NgTemplateOutlet, FieldErrorsComponent],
  template: `
    <section class="care-flags" aria-labelledby="flags-heading">
      <div class="section-head">
        <h2 id="flags-heading" tabindex="-1">Care flags</h2>
        @if (canWrite() && editing() === null) {
          <button type="button" class="secondary" data-testid="care-flag-add" (click)="startAdd()">Add flag</button>
        }
      </div>
      <p class="visually-hidden" role="status" aria-live="polite">{{ status() }}</p>
      @if (loadError()) {
        <p class="alert" role="alert">{{ loadError() }} <button type="button" class="secondary" (click)="load()">Try again</button></p>
      }
      @if (editing() === 'new') {
        <ng-container *ngTemplateOutlet="flagForm" />
      }
      <ul class="flags">
        @for (flag of ordered(); track flag.id) {
          <li class="flag sev-{{ flag.severity }}" data-testid="care-flag" [attr.data-severity]="flag.severity"
              [id]="'care-flag-' + flag.id" tabindex="-1">
            @if (editing() === flag.id) {
              <ng-container *ngTemplateOutlet="flagForm" />
            } @else {
              <div class="flag-main">
                <span class="sev-badge">{{ severityLabels[flag.severity] }}</span>
                <span class="kind">{{ kindLabels[flag.kind] }}</span>
                <span class="text">{{ flag.text }}</span>
              </div>
              @if (canWrite()) {
                <div class="flag-actions">
                  <button type="button" class="secondary small" data-testid="care-flag-edit" (click)="startEdit(flag)">
                    Edit<span class="visually-hidden"> flag: {{ flag.text }}</span>
                  </button>
                  <button type="button" class="secondary small" data-testid="care-flag-deactivate" (click)="deactivate(flag)">
                    Deactivate<span class="visually-hidden"> flag: {{ flag.text }}</span>
                  </button>
                </div>
              }
            }
          </li>
        } @empty {
          @if (loaded()) { <li class="none muted">No active care flags.</li> }
        }
      </ul>
      @if (actionError()) { <p class="alert" role="alert">{{ actionError() }}</p> }
    </section>

    <ng-template #flagForm>
      <form class="flag-form" (ngSubmit)="save()" novalidate data-testid="care-flag-form"
            [attr.aria-label]="editing() === 'new' ? 'New care flag' : 'Edit care flag'">
        <app-field-errors [errors]="errors" />
        <div class="row">
          <div class="field">
            <label for="flag-severity">Severity</label>
            <select id="flag-severity" name="severity" [(ngModel)]="draft.severity" data-testid="care-flag-severity"
                    [attr.aria-invalid]="errors.has('severity')" [attr.aria-describedby]="errors.describedBy('severity')">
              @for (s of severities; track s) { <option [value]="s">{{ severityLabels[s] }}</option> }
            </select>
            <app-field-errors [errors]="errors" field="severity" />
          </div>
          <div class="field">
            <label for="flag-kind">Kind</label>
            <select id="flag-kind" name="kind" [(ngModel)]="draft.kind" data-testid="care-flag-kind"
                    [attr.aria-invalid]="errors.has('kind')" [attr.aria-describedby]="errors.describedBy('kind')">
              @for (k of kinds; track k) { <option [value]="k">{{ kindLabels[k] }}</option> }
            </select>
            <app-field-errors [errors]="errors" field="kind" />
          </div>
        </div>
        <div class="field">
          <label for="flag-text">What to know</label>
          <textarea id="flag-text" name="text" rows="2" [(ngModel)]="draft.text" data-testid="care-flag-text"
                    [attr.aria-invalid]="errors.has('text')" [attr.aria-describedby]="errors.describedBy('text')"></textarea>
          <app-field-errors [errors]="errors" field="text" />
        </div>
        <div class="actions">
          <button type="submit" data-testid="care-flag-save" [disabled]="busy()">{{ busy() ? 'Saving…' : 'Save flag' }}</button>
          <button type="button" class="secondary" (click)="cancel()">Cancel</button>
        </div>
      </form>
    </ng-template>
  `,
  styleUrl: './care-flags.component.css',
})
export class CareFlagsComponent implements OnInit {
  private readonly api = inject(ApiService);
  private readonly core = inject(CoreService);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  readonly dogId = input.required<number>();
  readonly canWrite = input(true);

  protected readonly kinds = FLAG_KINDS;
  protected readonly severities = SEVERITIES;
  protected readonly kindLabels = KIND_LABELS;
  protected readonly severityLabels = SEVERITY_LABELS;

  readonly flags = signal<CareFlag[]>([]);
  readonly ordered = computed(() => orderCareFlags(this.flags()));
  protected readonly loaded = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly status = signal('');
  /** 'new', the id of the flag being edited, or null. */
  protected readonly editing = signal<'new' | number | null>(null);
  protected readonly busy = signal(false);
  protected draft: FlagDraft = { kind: 'behaviour_safety', severity: 'caution', text: '' };
  readonly errors = new FieldErrors('care-flag', ['kind', 'severity', 'text']);

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.loadError.set(null);
    try {
      this.flags.set(await this.api.get<CareFlag[]>(`/dogs/${this.dogId()}/care-flags`, { activeOnly: true }));
    } catch (error) {
      this.loadError.set(isApiError(error) && error.status === 0 ? 'Care flags are not available offline.' : 'Care flags could not be loaded.');
    } finally {
      this.loaded.set(true);
    }
  }

  protected startAdd(): void {
    this.draft = { kind: 'behaviour_safety', severity: 'caution', text: '' };
    this.errors.clear();
    this.editing.set('new');
    this.focus('#flag-text');
  }

  protected startEdit(flag: CareFlag): void {
    this.draft = { kind: flag.kind, severity: flag.severity, text: flag.text };
    this.errors.clear();
    this.editing.set(flag.id);
    this.focus('#flag-text');
  }

  protected cancel(): void {
    const editing = this.editing();
    this.editing.set(null);
    this.focus(typeof editing === 'number' ? `#care-flag-${editing} [data-testid="care-flag-edit"]` : '[data-testid="care-flag-add"]');
  }

  async save(): Promise<void> {
    const editing = this.editing();
    if (editing === null || this.busy()) return;
    this.busy.set(true);
    try {
      const body: CareFlagInput = { dogId: this.dogId(), ...this.draft, active: true };
      const existing = typeof editing === 'number' ? this.flags().find((f) => f.id === editing) : undefined;
      const saved = await validateThenSend(this.core, this.errors, 'careFlag', body, existing ? 'replace' : 'create', () =>
        existing
          ? this.api.update<CareFlag>(`/care-flags/${existing.id}`, body, existing.version)
          : this.api.create<CareFlag>('/care-flags', body),
      );
      if (!saved) {
        this.focus('[aria-invalid="true"]');
        return;
      }
      this.flags.update((list) => [...list.filter((f) => f.id !== saved.id), saved]);
      this.editing.set(null);
      this.status.set(existing ? 'Care flag saved.' : 'Care flag added.');
      this.focus(`#care-flag-${saved.id}`);
    } finally {
      this.busy.set(false);
    }
  }

  async deactivate(flag: CareFlag): Promise<void> {
    this.actionError.set(null);
    try {
      const saved = await this.api.patch<CareFlag>(`/care-flags/${flag.id}`, { active: false }, flag.version);
      this.flags.update((list) => list.map((f) => (f.id === flag.id ? saved : f)));
      this.status.set(`Care flag deactivated: ${flag.text}`);
      this.focus('#flags-heading');
    } catch (error) {
      this.actionError.set(
        isApiError(error) && error.status === 412
          ? 'Someone else changed this flag meanwhile. Reload the page and try again.'
          : `The flag was not deactivated: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private focus(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), { injector: this.injector });
  }
}
