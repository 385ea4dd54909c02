import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { provideRealCore } from '../../testing/real-core';
import { storeSession } from '../../testing/session';
import { OwnerFormComponent } from './owner-form.component';

const VALID = { firstName: 'Ada', lastName: 'Lovelace', address: '1 Road', city: 'Madison', telephone: '6085551023' };

describe('OwnerFormComponent', () => {
  let fixture: ComponentFixture<OwnerFormComponent>;
  let http: HttpTestingController;
  let navigate: ReturnType<typeof vi.fn>;

  async function create(id?: string): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      imports: [OwnerFormComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideRealCore()],
    });
    http = TestBed.inject(HttpTestingController);
    navigate = vi.fn().mockResolvedValue(true);
    TestBed.inject(Router).navigate = navigate as unknown as Router['navigate'];
    fixture = TestBed.createComponent(OwnerFormComponent);
    if (id) fixture.componentRef.setInput('id', id);
    fixture.detectChanges();
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  async function type(el: HTMLElement, field: string, value: string): Promise<void> {
    const input = el.querySelector<HTMLInputElement>(`[data-testid="owner-${field}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function fill(el: HTMLElement, values: Record<string, string>): Promise<void> {
    for (const [field, value] of Object.entries(values)) await type(el, field, value);
  }

  function submit(el: HTMLElement): void {
    el.querySelector<HTMLButtonElement>('[data-testid="owner-save"]')!.click();
  }

  beforeEach(() => {
    localStorage.clear();
    storeSession(['trainer']);
  });
  afterEach(() => http.verify());

  it('shows the core messages under each field and sends no request', async () => {
    const el = await create();
    await fill(el, { firstName: 'B0b', lastName: 'Lovelace', address: '1 Road', city: 'Madison', telephone: '12-34' });
    submit(el);
    await vi.waitFor(() => expect(el.querySelector('[data-testid="owner-firstName-error"]')).not.toBeNull());
    await fixture.whenStable();

    const first = el.querySelector('[data-testid="owner-firstName-error"]')!;
    expect(first.getAttribute('role')).toBe('alert');
    expect(first.textContent?.trim()).toBe('must contain only letters, separated by single spaces, apostrophes or hyphens');
    expect(el.querySelector('[data-testid="owner-telephone-error"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="owner-lastName-error"]')).toBeNull();
    const input = el.querySelector('[data-testid="owner-firstName"]')!;
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(first.id);
    http.expectNone(() => true); // nothing was sent
    expect(navigate).not.toHaveBeenCalled();
  });

  it('sends a valid owner once and opens it', async () => {
    const el = await create();
    await fill(el, { ...VALID, email: '' });
    submit(el);
    const req = await vi.waitFor(() => http.expectOne('/api/v1/owners'));
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ ...VALID, email: null });
    expect(req.request.headers.get('Idempotency-Key')).toBeTruthy();
    req.flush({ id: 42, ...VALID, email: null, version: 1, dogs: [] }, { status: 201, statusText: 'Created' });
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith(['/owners', 42]));
  });

  it("shows the server's 422 field errors the same way", async () => {
    const el = await create();
    await fill(el, VALID);
    submit(el);
    const req = await vi.waitFor(() => http.expectOne('/api/v1/owners'));
    req.flush(
      { title: 'Validation Failed', status: 422, detail: 'x', errors: [{ field: 'telephone', code: 'unique', message: 'is already used' }] },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await vi.waitFor(() => expect(el.querySelector('[data-testid="owner-telephone-error"]')?.textContent?.trim()).toBe('is already used'));
    expect(navigate).not.toHaveBeenCalled();
  });

  it('edits: loads the owner, then PUTs with If-Match of its version', async () => {
    const el = await create('5');
    http.expectOne('/api/v1/owners/5').flush({ id: 5, ...VALID, email: 'ada@example.com', version: 3, dogs: [] });
    await vi.waitFor(() => expect(el.querySelector('[data-testid="owner-form"]')).not.toBeNull());
    await fixture.whenStable();
    expect(el.querySelector<HTMLInputElement>('[data-testid="owner-email"]')!.value).toBe('ada@example.com');
    await type(el, 'city', 'Boston');
    submit(el);
    const req = await vi.waitFor(() => http.expectOne('/api/v1/owners/5'));
    expect(req.request.method).toBe('PUT');
    expect(req.request.headers.get('If-Match')).toBe('W/"3"');
    expect(req.request.body).toEqual({ ...VALID, city: 'Boston', email: 'ada@example.com' });
    req.flush({ id: 5, version: 4 });
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith(['/owners', 5]));
  });

  it('a viewer cannot save', async () => {
    localStorage.clear();
    storeSession(['viewer']);
    const el = await create();
    expect(el.querySelector<HTMLButtonElement>('[data-testid="owner-save"]')!.disabled).toBe(true);
    expect(el.querySelector('[data-testid="owner-readonly"]')?.textContent).toContain('Only trainers and admins');
  });
});
