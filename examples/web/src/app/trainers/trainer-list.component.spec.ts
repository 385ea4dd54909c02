import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { provideRealCore } from '../../testing/real-core';
import { storeSession } from '../../testing/session';
import { TrainerListComponent } from './trainer-list.component';

const TRAINER = {
  id: 3, firstName: 'Maja', lastName: 'Odegard', email: null, version: 2,
  specialties: [{ id: 1, name: 'obedience', version: 1 }], specialtyIds: [1],
};
const SPECIALTIES = [{ id: 1, name: 'obedience', version: 1 }, { id: 2, name: 'agility', version: 1 }];
const page = (items: object[]) => ({ items, page: 0, size: 20, total: items.length, totalPages: 1 });

describe('TrainerListComponent', () => {
  let fixture: ComponentFixture<TrainerListComponent>;
  let http: HttpTestingController;
  const tick = async () => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };

  beforeEach(async () => {
    localStorage.clear();
    storeSession(['admin']);
    TestBed.configureTestingModule({
      imports: [TrainerListComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideRealCore()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TrainerListComponent);
    fixture.detectChanges();
    http.expectOne('/api/v1/trainers?page=0&size=20&sort=lastName').flush(page([TRAINER]));
    await tick();
  });
  afterEach(() => http.verify());

  it('lists trainers with their specialties', () => {
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="trainer-name"]')!.textContent).toContain('Maja Odegard');
    expect(el.querySelector('[data-testid="trainer-specialty-names"]')!.textContent).toContain('obedience');
  });

  it('edits the specialties with the multi-select and PUTs them with If-Match', async () => {
    const el = fixture.nativeElement as HTMLElement;
    el.querySelector<HTMLButtonElement>('[data-testid="trainer-edit"]')!.click();
    http.expectOne('/api/v1/specialties?page=0&size=1000&sort=name').flush(page(SPECIALTIES));
    await tick();
    const select = el.querySelector<HTMLSelectElement>('[data-testid="trainer-specialties"]')!;
    expect(Array.from(select.selectedOptions, (o) => o.textContent?.trim())).toEqual(['obedience']);
    for (const option of Array.from(select.options)) option.selected = true;
    select.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    el.querySelector<HTMLButtonElement>('[data-testid="trainer-save"]')!.click();
    const req = await vi.waitFor(() => http.expectOne('/api/v1/trainers/3'));
    expect(req.request.method).toBe('PUT');
    expect(req.request.headers.get('If-Match')).toBe('W/"2"');
    expect(req.request.body).toEqual({ firstName: 'Maja', lastName: 'Odegard', email: null, specialtyIds: [1, 2] });
    req.flush({ ...TRAINER, version: 3 });
    await tick();
    http.expectOne('/api/v1/trainers?page=0&size=20&sort=lastName').flush(page([TRAINER]));
    await tick();
  });

  it('a new trainer without names gets the core messages, nothing is sent', async () => {
    const el = fixture.nativeElement as HTMLElement;
    el.querySelector<HTMLButtonElement>('[data-testid="trainer-add"]')!.click();
    http.expectOne('/api/v1/specialties?page=0&size=1000&sort=name').flush(page(SPECIALTIES));
    await tick();
    el.querySelector<HTMLButtonElement>('[data-testid="trainer-save"]')!.click();
    await vi.waitFor(() => expect(el.querySelector('#trainer-firstName-error')).not.toBeNull());
    expect(el.querySelector('#trainer-lastName-error')!.textContent?.trim()).toBe('must not be empty');
    http.expectNone(() => true);
  });
});
