import { ChangeDetectionStrategy, Component, OnDestroy, OnInit, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';

import { ApiService } from '../core/api.service';
import { isApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import type { Owner, Page } from '../core/models';
import { PagerComponent } from '../shared/pager.component';

/** Wait this long after the last keystroke before searching. */
export const SEARCH_DEBOUNCE_MS = 250;
export const OWNERS_PAGE_SIZE = 20;

@Component({
  selector: 'app-owner-list',
  imports: [RouterLink, PagerComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Owners</h1>
    <div class="toolbar">
      <div class="field search">
        <label for="owner-search">Search by last name</label>
        <input id="owner-search" type="search" autocomplete="off" [value]="term()" (input)="onInput($event)"
          aria-describedby="owner-search-hint" data-testid="owner-search" />
        <div id="owner-search-hint" class="muted">Results update as you type (the beginning of the last name).</div>
      </div>
      <div class="add">
        @if (auth.canWriteRecords()) {
          <a class="button" routerLink="/owners/new" data-testid="owner-add">Add owner</a>
        } @else {
          <button type="button" disabled aria-describedby="owner-add-reason" data-testid="owner-add">Add owner</button>
          <div id="owner-add-reason" class="muted">Only trainers and admins can add owners.</div>
        }
      </div>
    </div>

    @if (error(); as message) {
      <div class="alert" role="alert" data-testid="owners-error">{{ message }}</div>
    }
    <p class="visually-hidden" aria-live="polite">{{ loading() ? 'Loading owners' : summary() }}</p>

    @if (page(); as p) {
      @if (p.items.length === 0) {
        <p class="notice" data-testid="owners-empty">
          @if (term()) { No owner's last name starts with “{{ term() }}”. } @else { No owners yet. }
        </p>
      } @else {
        <table class="responsive" data-testid="owners-table" [attr.aria-busy]="loading()">
          <caption class="visually-hidden">Owners</caption>
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Address</th><th scope="col">City</th><th scope="col">Telephone</th><th scope="col">Dogs</th></tr>
          </thead>
          <tbody>
            @for (owner of p.items; track owner.id) {
              <tr data-testid="owner-row">
                <td data-label="Name"><a [routerLink]="['/owners', owner.id]" data-testid="owner-link">{{ owner.firstName }} {{ owner.lastName }}</a></td>
                <td data-label="Address">{{ owner.address }}</td>
                <td data-label="City">{{ owner.city }}</td>
                <td data-label="Telephone">{{ owner.telephone }}</td>
                <td data-label="Dogs">
                  @for (dog of owner.dogs; track dog.id; let last = $last) {
                    <a [routerLink]="['/dogs', dog.id]">{{ dog.name }}</a>@if (!last) {, }
                  } @empty { <span class="muted">none</span> }
                </td>
              </tr>
            }
          </tbody>
        </table>
        <app-pager [page]="p.page" [totalPages]="p.totalPages" [total]="p.total" label="Owner pages"
          testid="owners-pager" (go)="goTo($event)" />
      }
    } @else if (loading()) {
      <p class="muted">Loading…</p>
    }
  `,
  styles: `
    .toolbar { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; justify-content: space-between; }
    .search { flex: 1 1 18rem; }
  `,
})
export class OwnerListComponent implements OnInit, OnDestroy {
  protected readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);

  protected readonly term = signal('');
  protected readonly page = signal<Page<Owner> | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly summary = signal('');

  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Answers to older requests are dropped (typing fast must not show a stale result). */
  private requestSeq = 0;

  ngOnInit(): void {
    void this.load(0);
  }

  ngOnDestroy(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  protected onInput(event: Event): void {
    this.term.set((event.target as HTMLInputElement).value);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.load(0);
    }, SEARCH_DEBOUNCE_MS);
  }

  protected goTo(page: number): void {
    void this.load(page);
  }

  private async load(page: number): Promise<void> {
    const seq = ++this.requestSeq;
    this.loading.set(true);
    try {
      const result = await this.api.get<Page<Owner>>('/owners', {
        lastName: this.term().trim(),
        page,
        size: OWNERS_PAGE_SIZE,
        sort: 'lastName',
      });
      if (seq !== this.requestSeq) return;
      this.page.set(result);
      this.error.set(null);
      this.summary.set(`${result.total} owner${result.total === 1 ? '' : 's'} found`);
    } catch (error) {
      if (seq !== this.requestSeq) return;
      this.error.set(isApiError(error) ? error.detail || error.title : 'The owners could not be loaded.');
    } finally {
      if (seq === this.requestSeq) this.loading.set(false);
    }
  }
}
