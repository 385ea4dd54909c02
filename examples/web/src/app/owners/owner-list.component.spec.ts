import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { storeSession } from '../../testing/session';
import { OwnerListComponent, SEARCH_DEBOUNCE_MS } from './owner-list.component';

function owner(id: number, lastName: string) {
  return { id, firstName: 'Ann', lastName, address: '1 Road', city: 'Lyon', telephone: '123', email: null, version: 1, dogs: [] };
}

function page(items: unknown[], pageNo: number, total: number) {
  return { items, page: pageNo, size: 20, total, totalPages: Math.ceil(total / 20) };
}

describe('OwnerListComponent', () => {
  let fixture: ComponentFixture<OwnerListComponent>;
  let http: HttpTestingController;

  async function create(): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      imports: [OwnerListComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(OwnerListComponent);
    fixture.detectChanges();
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  const ownersUrl = (req: { url: string }) => req.url.startsWith('/api/v1/owners');

  async function answer(req: TestRequest, body: object): Promise<void> {
    req.flush(body);
    await new Promise((resolve) => setTimeout(resolve)); // the component awaits the answer (promise chain)
    await fixture.whenStable();
  }

  beforeEach(() => {
    localStorage.clear();
    storeSession(['trainer']);
  });
  afterEach(() => http.verify());

  it('lists the first page sorted by last name, with links and page controls', async () => {
    const el = await create();
    const req = http.expectOne('/api/v1/owners?page=0&size=20&sort=lastName');
    await answer(req, page([owner(1, 'Dubois'), owner(2, 'Davis')], 0, 45));
    const rows = el.querySelectorAll('[data-testid="owner-row"]');
    expect(rows.length).toBe(2);
    expect(rows[0].querySelector('a')!.getAttribute('href')).toBe('/owners/1');
    expect(el.querySelector('[data-testid="owners-pager-status"]')!.textContent).toContain('Page 1 of 3');
    expect(el.querySelector<HTMLButtonElement>('[data-testid="owners-pager-prev"]')!.disabled).toBe(true);

    el.querySelector<HTMLButtonElement>('[data-testid="owners-pager-next"]')!.click();
    const next = http.expectOne('/api/v1/owners?page=1&size=20&sort=lastName');
    await answer(next, page([owner(3, 'Evans')], 1, 45));
    expect(el.querySelector('[data-testid="owners-pager-status"]')!.textContent).toContain('Page 2 of 3');
    expect(el.querySelectorAll('[data-testid="owner-row"]').length).toBe(1);
  });

  it('searches by last name as you type, once the typing pauses', async () => {
    const el = await create();
    await answer(http.expectOne(ownersUrl), page([], 0, 0));
    const input = el.querySelector<HTMLInputElement>('[data-testid="owner-search"]')!;
    for (const value of ['D', 'Du', 'Dub']) {
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    http.expectNone(ownersUrl); // debounced: nothing yet
    await new Promise((resolve) => setTimeout(resolve, SEARCH_DEBOUNCE_MS + 50));
    const req = http.expectOne(ownersUrl); // one request for the three keystrokes
    expect(req.request.urlWithParams).toBe('/api/v1/owners?lastName=Dub&page=0&size=20&sort=lastName');
    await answer(req, page([owner(1, 'Dubois')], 0, 1));
    expect(el.querySelectorAll('[data-testid="owner-row"]').length).toBe(1);
  });

  it('says when nothing matches', async () => {
    const el = await create();
    await answer(http.expectOne(ownersUrl), page([owner(1, 'Dubois')], 0, 1));
    const input = el.querySelector<HTMLInputElement>('[data-testid="owner-search"]')!;
    input.value = 'Zz';
    input.dispatchEvent(new Event('input'));
    await new Promise((resolve) => setTimeout(resolve, SEARCH_DEBOUNCE_MS + 50));
    await answer(http.expectOne(ownersUrl), page([], 0, 0));
    expect(el.querySelector('[data-testid="owners-empty"]')!.textContent).toContain("No owner's last name starts with \u201cZz\u201d");
  });

  it('disables "Add owner" for a viewer and says why', async () => {
    localStorage.clear();
    storeSession(['viewer']);
    const el = await create();
    await answer(http.expectOne(ownersUrl), page([], 0, 0));
    const add = el.querySelector<HTMLButtonElement>('button[data-testid="owner-add"]')!;
    expect(add.disabled).toBe(true);
    expect(document.getElementById(add.getAttribute('aria-describedby')!)?.textContent).toContain('Only trainers and admins');
  });
});
