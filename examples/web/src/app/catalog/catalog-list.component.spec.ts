import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import type { RoleName } from '../core/models';
import { provideRealCore } from '../../testing/real-core';
import { storeSession } from '../../testing/session';
import { CatalogListComponent } from './catalog-list.component';

const SPECIALTIES = { items: [{ id: 2, name: 'agility', version: 1 }], page: 0, size: 50, total: 1, totalPages: 1 };

describe('CatalogListComponent (specialties)', () => {
  let fixture: ComponentFixture<CatalogListComponent>;
  let http: HttpTestingController;

  async function create(roles: RoleName[]): Promise<HTMLElement> {
    storeSession(roles);
    TestBed.configureTestingModule({
      imports: [CatalogListComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideRealCore()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CatalogListComponent);
    fixture.componentRef.setInput('kind', 'specialty');
    fixture.detectChanges();
    http.expectOne('/api/v1/specialties?page=0&size=50&sort=name').flush(SPECIALTIES);
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  const $ = <T extends Element = HTMLButtonElement>(el: HTMLElement, id: string) => el.querySelector<T>(`[data-testid="${id}"]`)!;

  beforeEach(() => localStorage.clear());
  afterEach(() => http.verify());

  it('shows the actions disabled, with the reason, to a trainer', async () => {
    const el = await create(['trainer']);
    expect($(el, 'specialty-name').textContent).toBe('agility');
    for (const id of ['specialty-add', 'specialty-edit', 'specialty-delete']) expect($(el, id).disabled).toBe(true);
    expect($(el, 'specialty-delete').getAttribute('aria-describedby')).toBe('catalog-admin-reason');
    expect($(el, 'catalog-admin-reason').textContent).toContain('Only admins');
  });

  it('an empty name gets the core message and no request', async () => {
    const el = await create(['admin']);
    $(el, 'specialty-add').click();
    await vi.waitFor(() => expect(el.querySelector('#catalog-add-name-error')).not.toBeNull());
    expect(el.querySelector('#catalog-add-name-error')!.textContent?.trim()).toBe('must not be empty');
    http.expectNone(() => true);
  });

  it('a specialty still in use: the 409 is explained', async () => {
    const el = await create(['admin']);
    $(el, 'specialty-delete').click();
    await fixture.whenStable();
    $(el, 'specialty-delete-yes').click();
    const req = http.expectOne('/api/v1/specialties/2');
    expect(req.request.method).toBe('DELETE');
    expect(req.request.headers.get('If-Match')).toBe('W/"1"');
    req.flush(
      { title: 'Conflict', status: 409, detail: 'the specialty is used by 2 trainers' },
      { status: 409, statusText: 'Conflict' },
    );
    await vi.waitFor(async () => {
      await fixture.whenStable();
      expect($(el, 'specialty-error').textContent).toContain('“agility” is still in use and cannot be deleted: the specialty is used by 2 trainers');
    });
  });
});
