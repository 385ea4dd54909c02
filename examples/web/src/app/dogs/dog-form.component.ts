import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  OnChanges,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { DogInput, DogSex, DogStatus } from '@pawnotes/core';

import { ApiService } from '../core/api.service';
import { isApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { CoreService, localToday } from '../core/core.service';
import type { Dog, Owner, Page, PetType } from '../core/models';
import { FieldErrors, validateThenSend } from '../shared/field-errors';
import { FieldErrorsComponent } from '../shared/field-errors.component';

export const DOG_FIELDS = ['name', 'typeId', 'birthDate', 'breed', 'sex', 'weightKg', 'microchip', 'status'] as const;

interface DogModel {
  name: string;
  typeId: string;
  birthDate: string;
  breed: string;
  sex: DogSex;
  weightKg: number | string | null;
  microchip: string;
  status: DogStatus;
}

function emptyModel(): DogModel {
  return { name: '', typeId: '', birthDate: '', breed: '', sex: 'unknown', weightKg: null, microchip: '', status: 'active' };
}

/** The form's strings as the API's input: empty optional fields are null, the weight a number. */
export function dogInput(ownerId: number, m: DogModel): DogInput {
  const weight = m.weightKg === null || m.weightKg === '' ? null : Number(m.weightKg);
  const input: DogInput = {
    ownerId,
    name: m.name.trim(),
    birthDate: m.birthDate || null,
    breed: m.breed.trim() || null,
    sex: m.sex,
    weightKg: weight,
    microchip: m.microchip.trim() || null,
    status: m.status,
  };
  if (m.typeId !== '') input.typeId = Number(m.typeId);
  return input;
}

/**
 * /owners/:id/dogs/new (`id` is the owner) and /dogs/:id/edit (`id` is the dog). The WASM core validates
 * before anything is sent and the server's 422 is shown the same way, under each field.
 */
@Component({
  selector: 'app-dog-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, FieldErrorsComponent],
  templateUrl: './dog-form.component.html',
  styleUrl: './dog-form.component.css',
})
export class DogFormComponent implements OnChanges {
  private readonly api = inject(ApiService);
  private readonly core = inject(CoreService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly auth = inject(AuthService);

  /** The :id route parameter: the owner's id (new dog) or the dog's id (edit). */
  readonly id = input<string | undefined>(undefined);

  protected readonly today = localToday();
  protected readonly mode = signal<'new' | 'edit'>('new');
  protected readonly dog = signal<Dog | null>(null);
  protected readonly owner = signal<Owner | null>(null);
  protected readonly petTypes = signal<PetType[]>([]);
  protected readonly ready = signal(false);
  protected readonly busy = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly confirmingDelete = signal(false);
  protected readonly deleteError = signal<string | null>(null);
  protected readonly ownerId = computed(() => (this.mode() === 'edit' ? (this.dog()?.ownerId ?? 0) : Number(this.id())));
  protected model: DogModel = emptyModel();
  readonly errors = new FieldErrors('dog', [...DOG_FIELDS, 'ownerId']);

  ngOnChanges(): void {
    // Both routes name their parameter "id": the URL tells which one this is.
    this.mode.set(this.route.snapshot.url.at(-1)?.path === 'edit' ? 'edit' : 'new');
    void this.load();
  }

  private async load(): Promise<void> {
    this.ready.set(false);
    this.loadError.set(null);
    this.errors.clear();
    const id = Number(this.id());
    try {
      const types = this.api.get<Page<PetType>>('/pet-types', { size: 1000 });
      if (this.mode() === 'edit') {
        const dog = await this.api.get<Dog>(`/dogs/${id}`);
        this.dog.set(dog);
        this.model = {
          name: dog.name,
          typeId: dog.typeId === null ? '' : String(dog.typeId),
          birthDate: dog.birthDate ?? '',
          breed: dog.breed ?? '',
          sex: dog.sex,
          weightKg: dog.weightKg,
          microchip: dog.microchip ?? '',
          status: dog.status,
        };
      } else {
        this.dog.set(null);
        this.model = emptyModel();
      }
      const petTypes = (await types).items;
      this.petTypes.set(petTypes);
      if (this.model.typeId === '') {
        // New dogs default to the organization's "Dog" type (what the server does when typeId is absent).
        const dogType = petTypes.find((t) => t.name.toLowerCase() === 'dog') ?? petTypes[0];
        if (dogType) this.model.typeId = String(dogType.id);
      }
      try {
        this.owner.set(await this.api.get<Owner>(`/owners/${this.ownerId()}`));
      } catch {
        this.owner.set(null);
      }
      this.ready.set(true);
      this.focus('#dog-name');
    } catch (error) {
      this.loadError.set(
        isApiError(error) && error.status === 404
          ? this.mode() === 'edit'
            ? 'This dog does not exist (or was deleted).'
            : 'This owner does not exist.'
          : 'The form could not be loaded.',
      );
    }
  }

  async submit(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    try {
      const input = dogInput(this.ownerId(), this.model);
      const existing = this.dog();
      const saved = await validateThenSend(this.core, this.errors, 'dog', input, existing ? 'replace' : 'create', () =>
        existing ? this.api.update<Dog>(`/dogs/${existing.id}`, input, existing.version) : this.api.create<Dog>('/dogs', input),
      );
      if (saved) {
        await this.router.navigate(['/dogs', saved.id]);
      } else {
        this.focus('[aria-invalid="true"], .alert');
      }
    } finally {
      this.busy.set(false);
    }
  }

  protected askDelete(): void {
    this.deleteError.set(null);
    this.confirmingDelete.set(true);
    this.focus('[data-testid="dog-delete-confirm"]');
  }

  protected cancelDelete(): void {
    this.confirmingDelete.set(false);
    this.focus('[data-testid="dog-delete"]');
  }

  async confirmDelete(): Promise<void> {
    const dog = this.dog();
    if (!dog) return;
    this.busy.set(true);
    try {
      // cascade: its visits, notes, care flags and vaccinations go with it (the confirmation says so).
      await this.api.remove(`/dogs/${dog.id}`, dog.version, { cascade: true });
      await this.router.navigate(['/owners', dog.ownerId]);
    } catch (error) {
      this.deleteError.set(
        isApiError(error) && error.status === 412
          ? 'Someone else changed this dog meanwhile. Reload the page and try again.'
          : isApiError(error) && error.status === 0
            ? 'The server cannot be reached: the dog was not deleted.'
            : `The dog was not deleted: ${error instanceof Error ? error.message : String(error)}`,
      );
      this.focus('[data-testid="dog-delete-error"]');
    } finally {
      this.busy.set(false);
    }
  }

  private focus(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), { injector: this.injector });
  }
}
