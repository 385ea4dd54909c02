import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnChanges, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';

import { ApiService } from '../core/api.service';
import { isApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import type { Dog, Owner } from '../core/models';
import { CareFlagsComponent } from './care-flags.component';
import { DogTimelineComponent } from './dog-timeline.component';
import { VaccinationsComponent } from './vaccinations.component';

const SEX_LABELS: Record<Dog['sex'], string> = { male: 'Male', female: 'Female', unknown: 'Sex unknown' };

/** /dogs/:id: the dog's facts and owner, pinned care flags, vaccinations, and the timeline of visits and notes. */
@Component({
  selector: 'app-dog-profile',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, DecimalPipe, CareFlagsComponent, VaccinationsComponent, DogTimelineComponent],
  templateUrl: './dog-profile.component.html',
  styleUrl: './dog-profile.component.css',
})
export class DogProfileComponent implements OnChanges {
  private readonly api = inject(ApiService);
  protected readonly auth = inject(AuthService);

  /** The :id route parameter. */
  readonly id = input<string | undefined>(undefined);

  protected readonly dog = signal<Dog | null>(null);
  protected readonly owner = signal<Owner | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly dogId = computed(() => Number(this.id()));
  protected readonly sexLabels = SEX_LABELS;
  protected readonly ownerLabel = computed(() => {
    const o = this.owner();
    return o ? `${o.firstName} ${o.lastName}` : `Owner #${this.dog()?.ownerId ?? ''}`;
  });
  protected readonly canWrite = computed(() => {
    this.auth.user();
    return this.auth.canWriteRecords();
  });

  ngOnChanges(): void {
    void this.load();
  }

  async load(): Promise<void> {
    const id = this.dogId();
    this.dog.set(null);
    this.owner.set(null);
    this.loadError.set(null);
    if (!Number.isInteger(id) || id <= 0) {
      this.loadError.set('There is no such dog.');
      return;
    }
    try {
      const dog = await this.api.get<Dog>(`/dogs/${id}`);
      if (id !== this.dogId()) return;
      this.dog.set(dog);
      document.title = `${dog.name} · pawnotes`;
      try {
        this.owner.set(await this.api.get<Owner>(`/owners/${dog.ownerId}`));
      } catch {
        // The header then links to the owner by id only.
      }
    } catch (error) {
      this.loadError.set(
        isApiError(error) && error.status === 404
          ? 'This dog does not exist (or was deleted).'
          : isApiError(error) && error.status === 0
            ? 'This dog cannot be shown: the server cannot be reached and the page was not opened before.'
            : 'This dog could not be loaded.',
      );
    }
  }
}
