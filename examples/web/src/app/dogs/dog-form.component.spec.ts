import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Dog } from '@pawnotes/core';

import { provideRealCore } from '../../testing/real-core';
import { storeSession } from '../../testing/session';
import { DogFormComponent } from './dog-form.component';

const OWNER = { id: 1, firstName: 'Zoë', lastName: 'Müller', address: 'a', city: 'c', telephone: '1', email: null, version: 1, dogs: [] };
const TYPES = { items: [{ id: 2, name: 'Cat', version: 1 }, { id: 1, name: 'Dog', version: 1 }], page: 0, size: 1000, total: 2, totalPages: 1 };

function dog(over: Partial<Dog> = {}): Dog {
  return {
    id: 5, ownerId: 1, typeId: 1, type: { id: 1, name: 'Dog' }, name: 'Biscuit', birthDate: '2023-08-12', breed: 'Labrador',
    sex: 'female', weightKg: 28.5, microchip: null, status: 'active', ageYears: 3, version: 4, ...over,
  };
}

describe('DogFormComponent', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let router: Router;

  beforeEach(async () => {
    localStorage.clear();
    storeSession(['trainer']);
    TestBed.configureTestingModule({
      providers: [
        provideRouter(
          [
            { path: 'owners/:id/dogs/new', component: DogFormComponent },
            { path: 'dogs/:id/edit', component: DogFormComponent },
            { path: '**', children: [] },
          ],
          withComponentInputBinding(),
        ),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRealCore(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    router = TestBed.inject(Router);
  });

  afterEach(() => http.verify());

  const root = () => harness.routeNativeElement as HTMLElement;
  const q = <T extends HTMLElement>(testid: string) => root().querySelector(`[data-testid="${testid}"]`) as T;

  async function type(testid: string, value: string): Promise<void> {
    const el = q<HTMLInputElement>(testid);
    el.value = value;
    el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input'));
    await harness.fixture.whenStable();
  }

  async function openNew(): Promise<void> {
    await harness.navigateByUrl('/owners/1/dogs/new');
    http.expectOne('/api/v1/pet-types?size=1000').flush(TYPES);
    await vi.waitFor(() => http.expectOne('/api/v1/owners/1').flush(OWNER));
    await vi.waitFor(() => expect(q('dog-form')).not.toBeNull());
    harness.detectChanges();
  }

  it('shows the core messages under each field before any request', async () => {
    await openNew();
    expect(q<HTMLSelectElement>('dog-type').value).toBe('1'); // the "Dog" type by default
    await type('dog-microchip', '123');
    await type('dog-weightKg', '151');
    q<HTMLButtonElement>('dog-save').click();
    await vi.waitFor(() => expect(root().querySelector('#dog-name-error')).not.toBeNull());
    expect(root().querySelector('#dog-name-error')!.textContent).toContain('must not be empty');
    expect(root().querySelector('#dog-microchip-error')!.textContent).toContain('must be exactly 15 digits');
    expect(root().querySelector('#dog-weightKg-error')!.textContent).toContain('must be at most 150');
    expect(q('dog-microchip').getAttribute('aria-describedby')).toBe('dog-microchip-error');
    http.expectNone(() => true);
  });

  it('creates the dog and opens its profile; a server 422 is shown under the field', async () => {
    await openNew();
    const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);
    await type('dog-name-input', 'Pixel');
    await type('dog-breed', 'Border Collie');
    await type('dog-sex', 'male');
    await type('dog-weightKg', '12.5');
    q<HTMLButtonElement>('dog-save').click();
    const first = await vi.waitFor(() => http.expectOne({ method: 'POST', url: '/api/v1/dogs' }));
    expect(first.request.body).toEqual({
      ownerId: 1, typeId: 1, name: 'Pixel', birthDate: null, breed: 'Border Collie', sex: 'male', weightKg: 12.5, microchip: null,
      status: 'active',
    });
    first.flush(
      { title: 'Validation Failed', status: 422, errors: [{ field: 'name', code: 'unique', message: 'is already used by another dog of this owner' }] },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await vi.waitFor(() => expect(root().querySelector('#dog-name-error')?.textContent).toContain('is already used by another dog'));
    expect(navigate).not.toHaveBeenCalled();

    await type('dog-name-input', 'Pixel Two');
    q<HTMLButtonElement>('dog-save').click();
    const second = await vi.waitFor(() => http.expectOne({ method: 'POST', url: '/api/v1/dogs' }));
    second.flush(dog({ id: 77, name: 'Pixel Two' }), { status: 201, statusText: 'Created' });
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith(['/dogs', 77]));
  });

  it('edits with a PUT based on the version and deletes after confirmation', async () => {
    await harness.navigateByUrl('/dogs/5/edit');
    http.expectOne('/api/v1/dogs/5').flush(dog());
    await vi.waitFor(() => http.expectOne('/api/v1/pet-types?size=1000').flush(TYPES));
    await vi.waitFor(() => http.expectOne('/api/v1/owners/1').flush(OWNER));
    await vi.waitFor(() => expect(q('dog-form')).not.toBeNull());
    harness.detectChanges();
    expect(q<HTMLInputElement>('dog-name-input').value).toBe('Biscuit');
    const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);

    await type('dog-weightKg', '29');
    q<HTMLButtonElement>('dog-save').click();
    const put = await vi.waitFor(() => http.expectOne({ method: 'PUT', url: '/api/v1/dogs/5' }));
    expect(put.request.headers.get('If-Match')).toBe('W/"4"');
    expect(put.request.body.weightKg).toBe(29);
    put.flush(dog({ weightKg: 29, version: 5 }));
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith(['/dogs', 5]));

    q<HTMLButtonElement>('dog-delete').click();
    harness.detectChanges();
    http.expectNone(() => true); // asking is not deleting
    q<HTMLButtonElement>('dog-delete-confirm').click();
    const del = http.expectOne({ method: 'DELETE', url: '/api/v1/dogs/5?cascade=true' });
    expect(del.request.headers.get('If-Match')).toBe('W/"4"');
    del.flush(null, { status: 204, statusText: 'No Content' });
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith(['/owners', 1]));
  });
});
