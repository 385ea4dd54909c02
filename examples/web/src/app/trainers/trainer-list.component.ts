import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';

import { ApiService } from '../core/api.service';
import { isApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { CoreService } from '../core/core.service';
import type { Page, Specialty, Trainer } from '../core/models';
import { FieldErrors, validateThenSend } from '../shared/field-errors';
import { FieldErrorsComponent } from '../shared/field-errors.component';
import { PagerComponent } from '../shared/pager.component';

const FIELDS = ['firstName', 'lastName', 'email', 'specialtyIds'] as const;
export const TRAINERS_PAGE_SIZE = 20;

interface TrainerModel {
  firstName: string;
  lastName: string;
  email: string;
  specialtyIds: number[];
}

const EMPTY: TrainerModel = { firstName: '', lastName: '', email: '', specialtyIds: [] };

/** /trainers: the list with specialties; admins add, edit (specialties as a multi-select) and delete. */
@Component({
  selector: 'app-trainer-list',
  imports: [FormsModule, FieldErrorsComponent, PagerComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Trainers</h1>
    @if (!auth.isAdmin()) {
      <p class="notice" id="trainer-admin-reason" data-testid="trainer-admin-reason">Only admins can add, edit or delete trainers.</p>
    }
    <div class="actions">
      <button type="button" (click)="startAdd()" [disabled]="!auth.isAdmin() || editing() !== null"
        [attr.aria-describedby]="auth.isAdmin() ? null : 'trainer-admin-reason'" data-testid="trainer-add">Add trainer</button>
    </div>

    @if (editing() !== null) {
      <form class="trainer-form" (ngSubmit)="save()" novalidate data-testid="trainer-form" aria-labelledby="trainer-form-title">
        <h2 id="trainer-form-title">{{ editing() === 0 ? 'New trainer' : 'Edit trainer' }}</h2>
        <app-field-errors [errors]="errors" />
        <div class="field">
          <label for="trainer-firstName">First name</label>
          <input id="trainer-firstName" name="firstName" autocomplete="off" [(ngModel)]="model.firstName"
            [attr.aria-invalid]="errors.has('firstName')" [attr.aria-describedby]="errors.describedBy('firstName')" data-testid="trainer-firstName" />
          <app-field-errors [errors]="errors" field="firstName" />
        </div>
        <div class="field">
          <label for="trainer-lastName">Last name</label>
          <input id="trainer-lastName" name="lastName" autocomplete="off" [(ngModel)]="model.lastName"
            [attr.aria-invalid]="errors.has('lastName')" [attr.aria-describedby]="errors.describedBy('lastName')" data-testid="trainer-lastName" />
          <app-field-errors [errors]="errors" field="lastName" />
        </div>
        <div class="field">
          <label for="trainer-email">Email (optional)</label>
          <input id="trainer-email" name="email" type="email" autocomplete="off" [(ngModel)]="model.email"
            [attr.aria-invalid]="errors.has('email')" [attr.aria-describedby]="errors.describedBy('email')" data-testid="trainer-email" />
          <app-field-errors [errors]="errors" field="email" />
        </div>
        <div class="field">
          <label for="trainer-specialties">Specialties</label>
          <select id="trainer-specialties" name="specialtyIds" multiple [size]="specialtyListSize()" [(ngModel)]="model.specialtyIds"
            [attr.aria-invalid]="errors.has('specialtyIds')" aria-describedby="trainer-specialties-hint" data-testid="trainer-specialties">
            @for (s of specialties(); track s.id) {
              <option [ngValue]="s.id">{{ s.name }}</option>
            }
          </select>
          <div id="trainer-specialties-hint" class="muted">Hold Ctrl (⌘ on a Mac) or Shift to choose several.</div>
          <app-field-errors [errors]="errors" field="specialtyIds" />
        </div>
        <div class="actions">
          <button type="submit" [disabled]="busy()" data-testid="trainer-save">{{ busy() ? 'Saving…' : 'Save trainer' }}</button>
          <button type="button" class="secondary" (click)="editing.set(null)" data-testid="trainer-cancel">Cancel</button>
        </div>
      </form>
    }

    @if (error(); as message) {
      <div class="alert" role="alert" data-testid="trainers-error">{{ message }}</div>
    }

    @if (page(); as p) {
      @if (p.items.length === 0) {
        <p class="notice">No trainers yet.</p>
      } @else {
        <table class="responsive" data-testid="trainers-table">
          <caption class="visually-hidden">Trainers</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Specialties</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            @for (trainer of p.items; track trainer.id) {
              <tr data-testid="trainer-row">
                <td data-label="Name" data-testid="trainer-name">{{ trainer.firstName }} {{ trainer.lastName }}</td>
                <td data-label="Email">{{ trainer.email ?? '—' }}</td>
                <td data-label="Specialties" data-testid="trainer-specialty-names">
                  @for (s of trainer.specialties; track s.id; let last = $last) { {{ s.name }}@if (!last) {, } } @empty { <span class="muted">none</span> }
                </td>
                <td>
                  <span class="row-actions">
                    <button type="button" class="secondary" [disabled]="!auth.isAdmin()" (click)="startEdit(trainer)"
                      [attr.aria-describedby]="auth.isAdmin() ? null : 'trainer-admin-reason'"
                      [attr.aria-label]="'Edit ' + trainer.firstName + ' ' + trainer.lastName" data-testid="trainer-edit">Edit</button>
                    <button type="button" class="danger" [disabled]="!auth.isAdmin()" (click)="confirming.set(trainer.id)"
                      [attr.aria-describedby]="auth.isAdmin() ? null : 'trainer-admin-reason'"
                      [attr.aria-label]="'Delete ' + trainer.firstName + ' ' + trainer.lastName" data-testid="trainer-delete">Delete</button>
                  </span>
                  @if (confirming() === trainer.id) {
                    <div class="notice" role="alertdialog" [attr.aria-label]="'Delete ' + trainer.firstName + ' ' + trainer.lastName">
                      Delete {{ trainer.firstName }} {{ trainer.lastName }}?
                      <button type="button" class="danger" (click)="remove(trainer)" [disabled]="busy()" data-testid="trainer-delete-yes">Yes, delete</button>
                      <button type="button" class="secondary" (click)="confirming.set(null)" data-testid="trainer-delete-no">Cancel</button>
                    </div>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
        <app-pager [page]="p.page" [totalPages]="p.totalPages" [total]="p.total" testid="trainers-pager" (go)="load($event)" />
      }
    } @else {
      <p class="muted">Loading…</p>
    }
  `,
  styles: `
    .trainer-form { border: 1px solid var(--border); border-radius: 4px; padding: 0 1rem 0.5rem; margin-bottom: 1rem; max-width: 32rem; }
    .row-actions { display: flex; gap: 0.4rem; }
    select[multiple] { max-width: 20rem; }
  `,
})
export class TrainerListComponent implements OnInit {
  protected readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly core = inject(CoreService);

  protected readonly page = signal<Page<Trainer> | null>(null);
  protected readonly specialties = signal<Specialty[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  /** null: no form; 0: adding; an id: editing that trainer. */
  protected readonly editing = signal<number | null>(null);
  protected readonly confirming = signal<number | null>(null);
  protected readonly errors = new FieldErrors('trainer', FIELDS);
  protected model: TrainerModel = { ...EMPTY };
  private editedVersion = 0;

  ngOnInit(): void {
    void this.load(0);
  }

  protected specialtyListSize(): number {
    return Math.min(Math.max(this.specialties().length, 2), 8);
  }

  async load(page: number): Promise<void> {
    try {
      this.page.set(await this.api.get<Page<Trainer>>('/trainers', { page, size: TRAINERS_PAGE_SIZE, sort: 'lastName' }));
      this.error.set(null);
    } catch (error) {
      this.error.set(isApiError(error) ? error.detail || error.title : 'The trainers could not be loaded.');
    }
  }

  private async loadSpecialties(): Promise<void> {
    try {
      const page = await this.api.get<Page<Specialty>>('/specialties', { page: 0, size: 1000, sort: 'name' });
      this.specialties.set(page.items);
    } catch (error) {
      this.error.set(isApiError(error) ? error.detail || error.title : 'The specialties could not be loaded.');
    }
  }

  protected startAdd(): void {
    this.model = { ...EMPTY, specialtyIds: [] };
    this.editedVersion = 0;
    this.errors.clear();
    this.editing.set(0);
    void this.loadSpecialties();
  }

  protected startEdit(trainer: Trainer): void {
    this.model = {
      firstName: trainer.firstName,
      lastName: trainer.lastName,
      email: trainer.email ?? '',
      specialtyIds: [...trainer.specialtyIds],
    };
    this.editedVersion = trainer.version;
    this.errors.clear();
    this.confirming.set(null);
    this.editing.set(trainer.id);
    void this.loadSpecialties();
  }

  protected async save(): Promise<void> {
    const id = this.editing();
    if (id === null || this.busy()) return;
    this.busy.set(true);
    try {
      const email = this.model.email.trim();
      const body = {
        firstName: this.model.firstName.trim(),
        lastName: this.model.lastName.trim(),
        email: email === '' ? null : email,
        specialtyIds: this.model.specialtyIds,
      };
      const saved = await validateThenSend(this.core, this.errors, 'trainer', body, id === 0 ? 'create' : 'replace', () =>
        id === 0 ? this.api.create<Trainer>('/trainers', body) : this.api.update<Trainer>(`/trainers/${id}`, body, this.editedVersion),
      );
      if (saved) {
        this.editing.set(null);
        await this.load(this.page()?.page ?? 0);
      }
    } finally {
      this.busy.set(false);
    }
  }

  protected async remove(trainer: Trainer): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    try {
      await this.api.remove(`/trainers/${trainer.id}`, trainer.version);
      this.error.set(null);
      await this.load(this.page()?.page ?? 0);
    } catch (error) {
      if (isApiError(error) && error.status === 409) {
        this.error.set(`${trainer.firstName} ${trainer.lastName} cannot be deleted: ${error.detail}`);
      } else {
        this.error.set(isApiError(error) ? error.detail || error.title : 'The trainer could not be deleted.');
      }
    } finally {
      this.confirming.set(null);
      this.busy.set(false);
    }
  }
}
