import { ChangeDetectionStrategy, Component, OnInit, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';

import { ApiService } from '../core/api.service';
import { isApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { CoreService } from '../core/core.service';
import type { Owner } from '../core/models';
import { FieldErrors, validateThenSend } from '../shared/field-errors';
import { FieldErrorsComponent } from '../shared/field-errors.component';

const FIELDS = ['firstName', 'lastName', 'address', 'city', 'telephone', 'email'] as const;
type OwnerField = (typeof FIELDS)[number];

const LABELS: Record<OwnerField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  address: 'Address',
  city: 'City',
  telephone: 'Telephone',
  email: 'Email (optional)',
};

/** /owners/new and /owners/:id/edit: the core validates before anything is sent; the server's 422 the same way. */
@Component({
  selector: 'app-owner-form',
  imports: [FormsModule, RouterLink, FieldErrorsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ id() ? 'Edit owner' : 'New owner' }}</h1>
    @if (loadError(); as message) {
      <div class="alert" role="alert" data-testid="owner-load-error">{{ message }}</div>
    } @else if (!auth.canWriteRecords()) {
      <p class="notice" data-testid="owner-readonly">Only trainers and admins can {{ id() ? 'change' : 'add' }} owners.</p>
    }
    @if (ready()) {
      <form (ngSubmit)="submit()" novalidate data-testid="owner-form">
        <app-field-errors [errors]="errors" />
        @for (field of fields; track field) {
          <div class="field">
            <label [for]="'owner-' + field">{{ labels[field] }}</label>
            <input [id]="'owner-' + field" [name]="field" [(ngModel)]="model[field]"
              [type]="field === 'email' ? 'email' : field === 'telephone' ? 'tel' : 'text'"
              [attr.autocomplete]="autocomplete[field]"
              [attr.aria-invalid]="errors.has(field)" [attr.aria-describedby]="errors.describedBy(field)"
              [attr.data-testid]="'owner-' + field" />
            <app-field-errors [errors]="errors" [field]="field" />
          </div>
        }
        <div class="actions">
          <button type="submit" [disabled]="busy() || !auth.canWriteRecords()" data-testid="owner-save">
            {{ busy() ? 'Saving…' : 'Save owner' }}
          </button>
          <a [routerLink]="id() ? ['/owners', id()] : ['/owners']" data-testid="owner-cancel">Cancel</a>
        </div>
      </form>
    } @else if (!loadError()) {
      <p class="muted">Loading…</p>
    }
  `,
})
export class OwnerFormComponent implements OnInit {
  protected readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly core = inject(CoreService);
  private readonly router = inject(Router);

  /** The :id route parameter (edit); absent for /owners/new. */
  readonly id = input<string | undefined>(undefined);

  protected readonly fields = FIELDS;
  protected readonly labels = LABELS;
  protected readonly autocomplete: Record<OwnerField, string> = {
    firstName: 'given-name',
    lastName: 'family-name',
    address: 'street-address',
    city: 'address-level2',
    telephone: 'tel',
    email: 'email',
  };
  protected readonly errors = new FieldErrors('owner', FIELDS);
  protected model: Record<OwnerField, string> = { firstName: '', lastName: '', address: '', city: '', telephone: '', email: '' };
  protected readonly busy = signal(false);
  protected readonly ready = signal(false);
  protected readonly loadError = signal<string | null>(null);
  private version = 0;

  async ngOnInit(): Promise<void> {
    void this.core.ready().catch(() => undefined); // start loading the .wasm while the user types
    const id = this.id();
    if (!id) {
      this.ready.set(true);
      return;
    }
    try {
      const owner = await this.api.get<Owner>(`/owners/${id}`);
      this.version = owner.version;
      this.model = {
        firstName: owner.firstName,
        lastName: owner.lastName,
        address: owner.address,
        city: owner.city,
        telephone: owner.telephone,
        email: owner.email ?? '',
      };
      this.ready.set(true);
    } catch (error) {
      this.loadError.set(isApiError(error) && error.status === 404 ? 'This owner does not exist.' : 'The owner could not be loaded.');
    }
  }

  /** The body sent: trimmed, an empty email is "none". */
  protected input(): Record<string, string | null> {
    const m = this.model;
    const email = m.email.trim();
    return {
      firstName: m.firstName.trim(),
      lastName: m.lastName.trim(),
      address: m.address.trim(),
      city: m.city.trim(),
      telephone: m.telephone.trim(),
      email: email === '' ? null : email,
    };
  }

  protected async submit(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    try {
      const id = this.id();
      const body = this.input();
      const saved = await validateThenSend(
        this.core,
        this.errors,
        'owner',
        body,
        id ? 'replace' : 'create',
        () => (id ? this.api.update<Owner>(`/owners/${id}`, body, this.version) : this.api.create<Owner>('/owners', body)),
      );
      if (saved) await this.router.navigate(['/owners', saved.id]);
    } finally {
      this.busy.set(false);
    }
  }
}
