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
import type { Vaccination, VaccinationInput } from '@pawnotes/core';

import { ApiService } from '../core/api.service';
import { isApiError } from '../core/api-error';
import { CoreService, localToday } from '../core/core.service';
import { FieldErrors, validateThenSend } from '../shared/field-errors';
import { FieldErrorsComponent } from '../shared/field-errors.component';
import { currentVaccinations, oneYearAfter } from './vaccination-status';

interface VaccinationDraft {
  name: string;
  givenOn: string;
  expiresOn: string;
}

/**
 * The dog's vaccinations, the latest dose of each vaccine, coloured by status (expired red, due within 30
 * days amber, ok green) with the status also in words. "Mark as given" records a new dose of the same
 * vaccine given today (the API has no special call for it: it is a new vaccination record) with an expiry
 * the user picks.
 */
@Component({
  selector: 'app-vaccinations',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, NgTemplateOutlet, FieldErrorsComponent],
  template: `
    <section class="vaccinations" aria-labelledby="vacc-heading">
      <div class="section-head">
        <h2 id="vacc-heading" tabindex="-1">Vaccinations</h2>
        @if (canWrite() && formFor() === null) {
          <button type="button" class="secondary" data-testid="vaccination-add" (click)="startAdd()">Add vaccination</button>
        }
      </div>
      <p class="visually-hidden" role="status" aria-live="polite">{{ status() }}</p>
      @if (loadError()) {
        <p class="alert" role="alert">{{ loadError() }} <button type="button" class="secondary" (click)="load()">Try again</button></p>
      }
      @if (formFor() === 'new') {
        <ng-container [ngTemplateOutlet]="form" />
      }
      <ul class="list">
        @for (row of rows(); track row.vaccination.id) {
          <li class="vacc {{ row.cssClass }}" data-testid="vaccination" [attr.data-status]="row.status"
              [id]="'vaccination-' + row.vaccination.id" tabindex="-1">
            <div class="vacc-main">
              <span class="status-badge">{{ row.label }}</span>
              <span class="name">{{ row.vaccination.name }}</span>
              <span class="dates">given {{ row.vaccination.givenOn }}, {{ row.detail }} ({{ row.vaccination.expiresOn }})</span>
            </div>
            @if (canWrite() && formFor() !== row.vaccination.id) {
              <button type="button" class="small" [class.secondary]="row.status === 'ok'" data-testid="vaccination-mark-given"
                      (click)="startMarkGiven(row.vaccination)">
                Mark as given<span class="visually-hidden"> today: {{ row.vaccination.name }}</span>
              </button>
            }
            @if (formFor() === row.vaccination.id) {
              <ng-container [ngTemplateOutlet]="form" />
            }
          </li>
        } @empty {
          @if (loaded() && !loadError()) { <li class="muted">No vaccinations recorded.</li> }
        }
      </ul>
      @if (earlier().length) {
        <details class="earlier" data-testid="vaccination-history">
          <summary>Earlier doses ({{ earlier().length }})</summary>
          <ul>
            @for (v of earlier(); track v.id) {
              <li>{{ v.name }}: given {{ v.givenOn }}, valid until {{ v.expiresOn }}</li>
            }
          </ul>
        </details>
      }
    </section>

    <ng-template #form>
      <form class="vacc-form" (ngSubmit)="save()" novalidate data-testid="vaccination-form"
            [attr.aria-label]="formFor() === 'new' ? 'New vaccination' : 'Record a new dose of ' + draft.name">
        <app-field-errors [errors]="errors" />
        @if (formFor() === 'new') {
          <div class="field">
            <label for="vacc-name">Vaccine</label>
            <input id="vacc-name" name="name" [(ngModel)]="draft.name" data-testid="vaccination-name"
                   [attr.aria-invalid]="errors.has('name')" [attr.aria-describedby]="errors.describedBy('name')" />
            <app-field-errors [errors]="errors" field="name" />
          </div>
        }
        <div class="row">
          <div class="field">
            <label for="vacc-given">Given on</label>
            <input id="vacc-given" name="givenOn" type="date" [max]="today" [(ngModel)]="draft.givenOn" data-testid="vaccination-given"
                   [attr.aria-invalid]="errors.has('givenOn')" [attr.aria-describedby]="errors.describedBy('givenOn')" />
            <app-field-errors [errors]="errors" field="givenOn" />
          </div>
          <div class="field">
            <label for="vacc-expires">Expires on</label>
            <input id="vacc-expires" name="expiresOn" type="date" [(ngModel)]="draft.expiresOn" data-testid="vaccination-expires"
                   [attr.aria-invalid]="errors.has('expiresOn')" [attr.aria-describedby]="errors.describedBy('expiresOn')" />
            <app-field-errors [errors]="errors" field="expiresOn" />
          </div>
        </div>
        <div class="actions">
          <button type="submit" data-testid="vaccination-save" [disabled]="busy()">{{ busy() ? 'Saving…' : 'Save' }}</button>
          <button type="button" class="secondary" (click)="cancel()">Cancel</button>
        </div>
      </form>
    </ng-template>
  `,
  styleUrl: './vaccinations.component.css',
})
export class VaccinationsComponent implements OnInit {
  private readonly api = inject(ApiService);
  private readonly core = inject(CoreService);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  readonly dogId = input.required<number>();
  readonly canWrite = input(true);

  protected readonly today = localToday();
  readonly vaccinations = signal<Vaccination[]>([]);
  readonly rows = computed(() => currentVaccinations(this.vaccinations(), this.today));
  /** Doses superseded by a later dose of the same vaccine, newest first. */
  readonly earlier = computed(() => {
    const current = new Set(this.rows().map((r) => r.vaccination.id));
    return this.vaccinations()
      .filter((v) => !current.has(v.id))
      .sort((a, b) => b.givenOn.localeCompare(a.givenOn) || a.name.localeCompare(b.name));
  });
  protected readonly loaded = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly status = signal('');
  /** 'new', the id of the vaccination a new dose is recorded for, or null. */
  protected readonly formFor = signal<'new' | number | null>(null);
  protected readonly busy = signal(false);
  protected draft: VaccinationDraft = { name: '', givenOn: '', expiresOn: '' };
  readonly errors = new FieldErrors('vaccination', ['name', 'givenOn', 'expiresOn']);

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.loadError.set(null);
    try {
      this.vaccinations.set(await this.api.get<Vaccination[]>(`/dogs/${this.dogId()}/vaccinations`));
    } catch (error) {
      this.loadError.set(isApiError(error) && error.status === 0 ? 'Vaccinations are not available offline.' : 'Vaccinations could not be loaded.');
    } finally {
      this.loaded.set(true);
    }
  }

  protected startAdd(): void {
    this.draft = { name: '', givenOn: this.today, expiresOn: oneYearAfter(this.today) };
    this.errors.clear();
    this.formFor.set('new');
    this.focus('#vacc-name');
  }

  protected startMarkGiven(v: Vaccination): void {
    this.draft = { name: v.name, givenOn: this.today, expiresOn: oneYearAfter(this.today) };
    this.errors.clear();
    this.formFor.set(v.id);
    this.focus('#vacc-expires');
  }

  protected cancel(): void {
    const was = this.formFor();
    this.formFor.set(null);
    this.focus(typeof was === 'number' ? `#vaccination-${was} [data-testid="vaccination-mark-given"]` : '[data-testid="vaccination-add"]');
  }

  async save(): Promise<void> {
    if (this.formFor() === null || this.busy()) return;
    this.busy.set(true);
    try {
      const body: VaccinationInput = { dogId: this.dogId(), ...this.draft };
      const saved = await validateThenSend(this.core, this.errors, 'vaccination', body, 'create', () =>
        this.api.create<Vaccination>('/vaccinations', body),
      );
      if (!saved) {
        this.focus('[aria-invalid="true"]');
        return;
      }
      this.vaccinations.update((list) => [...list, saved]);
      this.formFor.set(null);
      this.status.set(`${saved.name} recorded as given on ${saved.givenOn}, expires ${saved.expiresOn}.`);
      this.focus(`#vaccination-${saved.id}`);
    } finally {
      this.busy.set(false);
    }
  }

  private focus(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), { injector: this.injector });
  }
}
