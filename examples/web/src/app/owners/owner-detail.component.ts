import { ChangeDetectionStrategy, Component, OnInit, inject, input, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';

import { ApiService } from '../core/api.service';
import { isApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import type { Owner } from '../core/models';

/** /owners/:id: the owner, their dogs, edit / delete (with confirmation). */
@Component({
  selector: 'app-owner-detail',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error(); as message) {
      <h1>Owner</h1>
      <div class="alert" role="alert" data-testid="owner-error">{{ message }}</div>
      <a routerLink="/owners">Back to the owners</a>
    } @else if (owner(); as o) {
      <h1 data-testid="owner-name">{{ o.firstName }} {{ o.lastName }}</h1>
      <dl class="details">
        <dt>Address</dt><dd data-testid="owner-address">{{ o.address }}, {{ o.city }}</dd>
        <dt>Telephone</dt><dd data-testid="owner-telephone">{{ o.telephone }}</dd>
        <dt>Email</dt><dd data-testid="owner-email">{{ o.email ?? '—' }}</dd>
      </dl>

      <div class="actions">
        @if (auth.canWriteRecords()) {
          <a class="button secondary" [routerLink]="['/owners', o.id, 'edit']" data-testid="owner-edit">Edit owner</a>
          @if (!confirming()) {
            <button type="button" class="danger" (click)="confirming.set(true)" data-testid="owner-delete">Delete owner</button>
          }
        } @else {
          <button type="button" disabled aria-describedby="owner-write-reason" data-testid="owner-edit">Edit owner</button>
          <button type="button" disabled aria-describedby="owner-write-reason" data-testid="owner-delete">Delete owner</button>
          <span id="owner-write-reason" class="muted">Only trainers and admins can change owners.</span>
        }
      </div>
      @if (confirming()) {
        <div class="notice" role="alertdialog" aria-labelledby="owner-delete-question" data-testid="owner-delete-confirm">
          <p id="owner-delete-question">Delete {{ o.firstName }} {{ o.lastName }}? This cannot be undone.</p>
          <div class="actions">
            <button type="button" class="danger" (click)="remove()" [disabled]="busy()" data-testid="owner-delete-yes">Yes, delete</button>
            <button type="button" class="secondary" (click)="confirming.set(false)" data-testid="owner-delete-no">Cancel</button>
          </div>
        </div>
      }
      @if (deleteError(); as message) {
        <div class="alert" role="alert" data-testid="owner-delete-error">{{ message }}</div>
      }

      <h2>Dogs</h2>
      @if (o.dogs.length === 0) {
        <p class="muted" data-testid="owner-no-dogs">No dogs yet.</p>
      } @else {
        <ul class="dogs" data-testid="owner-dogs">
          @for (dog of o.dogs; track dog.id) {
            <li>
              <a [routerLink]="['/dogs', dog.id]" data-testid="owner-dog-link">{{ dog.name }}</a>
              <span class="muted">
                {{ dog.type?.name ?? 'Pet' }}@if (dog.breed) {, {{ dog.breed }}}@if (dog.ageYears !== null) {, {{ dog.ageYears }} y}
                @if (dog.status !== 'active') { ({{ dog.status }}) }
              </span>
            </li>
          }
        </ul>
      }
      @if (auth.canWriteRecords()) {
        <a class="button" [routerLink]="['/owners', o.id, 'dogs', 'new']" data-testid="owner-add-dog">Add dog</a>
      } @else {
        <button type="button" disabled aria-describedby="owner-write-reason" data-testid="owner-add-dog">Add dog</button>
      }
    } @else {
      <p class="muted">Loading…</p>
    }
  `,
  styles: `
    .details { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; }
    .details dt { font-weight: 600; }
    .details dd { margin: 0; }
    .dogs li { margin-bottom: 0.3rem; }
  `,
})
export class OwnerDetailComponent implements OnInit {
  protected readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly router = inject(Router);

  readonly id = input.required<string>();

  protected readonly owner = signal<Owner | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly confirming = signal(false);
  protected readonly busy = signal(false);
  protected readonly deleteError = signal<string | null>(null);

  async ngOnInit(): Promise<void> {
    try {
      this.owner.set(await this.api.get<Owner>(`/owners/${this.id()}`));
    } catch (error) {
      this.error.set(isApiError(error) && error.status === 404 ? 'This owner does not exist.' : 'The owner could not be loaded.');
    }
  }

  protected async remove(): Promise<void> {
    const owner = this.owner();
    if (!owner) return;
    this.busy.set(true);
    this.deleteError.set(null);
    try {
      await this.api.remove(`/owners/${owner.id}`, owner.version);
      await this.router.navigate(['/owners']);
    } catch (error) {
      this.confirming.set(false);
      if (isApiError(error) && error.status === 409) {
        this.deleteError.set(
          `${owner.firstName} ${owner.lastName} cannot be deleted while they have dogs: delete or move the dogs first. (${error.detail})`,
        );
      } else if (isApiError(error) && error.status === 412) {
        this.deleteError.set('Someone else changed this owner meanwhile. Reload the page and try again.');
      } else {
        this.deleteError.set(isApiError(error) ? error.detail || error.title : 'The owner could not be deleted.');
      }
    } finally {
      this.busy.set(false);
    }
  }
}
