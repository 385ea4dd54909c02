import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';

import { ApiService } from '../core/api.service';
import { isApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { CoreService } from '../core/core.service';
import type { Page } from '../core/models';
import { FieldErrors, validateThenSend } from '../shared/field-errors';
import { FieldErrorsComponent } from '../shared/field-errors.component';
import { PagerComponent } from '../shared/pager.component';

/** A record that is just a name: pet types and specialties. */
export interface NamedRecord {
  id: number;
  name: string;
  version: number;
}

export type CatalogKind = 'petType' | 'specialty';

interface CatalogConfig {
  path: string;
  title: string;
  singular: string;
  testid: string;
}

const CONFIG: Record<CatalogKind, CatalogConfig> = {
  petType: { path: '/pet-types', title: 'Pet types', singular: 'pet type', testid: 'pet-type' },
  specialty: { path: '/specialties', title: 'Specialties', singular: 'specialty', testid: 'specialty' },
};

export const CATALOG_PAGE_SIZE = 50;

/** /pet-types and /specialties (route data `kind`): list, add, rename, delete. Writes are for admins. */
@Component({
  selector: 'app-catalog-list',
  imports: [FormsModule, FieldErrorsComponent, PagerComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ config().title }}</h1>
    @if (!auth.isAdmin()) {
      <p class="notice" id="catalog-admin-reason" data-testid="catalog-admin-reason">
        Only admins can add, rename or delete {{ config().title.toLowerCase() }}.
      </p>
    }

    <form class="add-form" (ngSubmit)="add()" novalidate [attr.data-testid]="t() + '-add-form'">
      <app-field-errors [errors]="addErrors" />
      <div class="field">
        <label [for]="t() + '-new-name'">New {{ config().singular }}</label>
        <div class="inline">
          <input [id]="t() + '-new-name'" name="name" [(ngModel)]="newName" [disabled]="!auth.isAdmin()"
            [attr.aria-invalid]="addErrors.has('name')" [attr.aria-describedby]="addErrors.describedBy('name') ?? (auth.isAdmin() ? null : 'catalog-admin-reason')"
            [attr.data-testid]="t() + '-new-name'" />
          <button type="submit" [disabled]="!auth.isAdmin() || busy()" [attr.data-testid]="t() + '-add'">Add</button>
        </div>
        <app-field-errors [errors]="addErrors" field="name" />
      </div>
    </form>

    @if (error(); as message) {
      <div class="alert" role="alert" [attr.data-testid]="t() + '-error'">{{ message }}</div>
    }

    @if (page(); as p) {
      @if (p.items.length === 0) {
        <p class="notice">None yet.</p>
      } @else {
        <ul class="catalog" [attr.data-testid]="t() + '-list'">
          @for (item of p.items; track item.id) {
            <li [attr.data-testid]="t() + '-row'">
              @if (editing() === item.id) {
                <form (ngSubmit)="rename(item)" novalidate class="inline-form">
                  <app-field-errors [errors]="editErrors" />
                  <label [for]="t() + '-edit-' + item.id" class="visually-hidden">Name of {{ item.name }}</label>
                  <div class="inline">
                    <input [id]="t() + '-edit-' + item.id" name="name" [(ngModel)]="editName"
                      [attr.aria-invalid]="editErrors.has('name')" [attr.aria-describedby]="editErrors.describedBy('name')"
                      [attr.data-testid]="t() + '-edit-name'" />
                    <button type="submit" [disabled]="busy()" [attr.data-testid]="t() + '-save'">Save</button>
                    <button type="button" class="secondary" (click)="editing.set(null)">Cancel</button>
                  </div>
                  <app-field-errors [errors]="editErrors" field="name" />
                </form>
              } @else {
                <span class="name" [attr.data-testid]="t() + '-name'">{{ item.name }}</span>
                <span class="row-actions">
                  <button type="button" class="secondary" [disabled]="!auth.isAdmin()" (click)="startEdit(item)"
                    [attr.aria-describedby]="auth.isAdmin() ? null : 'catalog-admin-reason'"
                    [attr.aria-label]="'Rename ' + item.name" [attr.data-testid]="t() + '-edit'">Rename</button>
                  <button type="button" class="danger" [disabled]="!auth.isAdmin()" (click)="confirming.set(item.id)"
                    [attr.aria-describedby]="auth.isAdmin() ? null : 'catalog-admin-reason'"
                    [attr.aria-label]="'Delete ' + item.name" [attr.data-testid]="t() + '-delete'">Delete</button>
                </span>
                @if (confirming() === item.id) {
                  <div class="notice confirm" role="alertdialog" [attr.aria-label]="'Delete ' + item.name">
                    Delete “{{ item.name }}”?
                    <button type="button" class="danger" (click)="remove(item)" [disabled]="busy()" [attr.data-testid]="t() + '-delete-yes'">Yes, delete</button>
                    <button type="button" class="secondary" (click)="confirming.set(null)" [attr.data-testid]="t() + '-delete-no'">Cancel</button>
                  </div>
                }
              }
            </li>
          }
        </ul>
        <app-pager [page]="p.page" [totalPages]="p.totalPages" [total]="p.total" [testid]="t() + '-pager'" (go)="load($event)" />
      }
    } @else {
      <p class="muted">Loading…</p>
    }
  `,
  styles: `
    .inline { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
    .inline input { flex: 1 1 12rem; }
    .catalog { list-style: none; padding: 0; max-width: 40rem; }
    .catalog li { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; justify-content: space-between;
      padding: 0.45rem 0; border-bottom: 1px solid var(--border); }
    .catalog .inline-form { flex: 1; }
    .row-actions { display: flex; gap: 0.4rem; }
    .confirm { flex-basis: 100%; display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; margin: 0.3rem 0 0; }
  `,
})
export class CatalogListComponent implements OnInit {
  protected readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly core = inject(CoreService);

  /** From the route's data. */
  readonly kind = input<CatalogKind>('petType');

  protected readonly config = computed(() => CONFIG[this.kind()]);
  protected readonly t = computed(() => this.config().testid);
  protected readonly page = signal<Page<NamedRecord> | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly editing = signal<number | null>(null);
  protected readonly confirming = signal<number | null>(null);
  protected newName = '';
  protected editName = '';
  protected readonly addErrors = new FieldErrors('catalog-add', ['name']);
  protected readonly editErrors = new FieldErrors('catalog-edit', ['name']);

  ngOnInit(): void {
    void this.load(0);
  }

  async load(page: number): Promise<void> {
    try {
      this.page.set(await this.api.get<Page<NamedRecord>>(this.config().path, { page, size: CATALOG_PAGE_SIZE, sort: 'name' }));
      this.error.set(null);
    } catch (error) {
      this.error.set(isApiError(error) ? error.detail || error.title : 'The list could not be loaded.');
    }
  }

  protected async add(): Promise<void> {
    await this.run(async () => {
      const body = { name: this.newName.trim() };
      const created = await validateThenSend(this.core, this.addErrors, this.kind(), body, 'create', () =>
        this.api.create<NamedRecord>(this.config().path, body),
      );
      if (created) {
        this.newName = '';
        await this.load(this.page()?.page ?? 0);
      }
    });
  }

  protected startEdit(item: NamedRecord): void {
    this.editErrors.clear();
    this.editName = item.name;
    this.confirming.set(null);
    this.editing.set(item.id);
  }

  protected async rename(item: NamedRecord): Promise<void> {
    await this.run(async () => {
      const body = { name: this.editName.trim() };
      const saved = await validateThenSend(this.core, this.editErrors, this.kind(), body, 'replace', () =>
        this.api.update<NamedRecord>(`${this.config().path}/${item.id}`, body, item.version),
      );
      if (saved) {
        this.editing.set(null);
        await this.load(this.page()?.page ?? 0);
      }
    });
  }

  protected async remove(item: NamedRecord): Promise<void> {
    await this.run(async () => {
      try {
        await this.api.remove(`${this.config().path}/${item.id}`, item.version);
        this.confirming.set(null);
        this.error.set(null);
        await this.load(this.page()?.page ?? 0);
      } catch (error) {
        this.confirming.set(null);
        if (isApiError(error) && error.status === 409) {
          this.error.set(`“${item.name}” is still in use and cannot be deleted: ${error.detail}`);
        } else {
          this.error.set(isApiError(error) ? error.detail || error.title : 'It could not be deleted.');
        }
      }
    });
  }

  private async run(action: () => Promise<void>): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    try {
      await action();
    } finally {
      this.busy.set(false);
    }
  }
}
