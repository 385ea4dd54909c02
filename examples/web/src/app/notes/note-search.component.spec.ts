import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { NoteHit } from '@pawnotes/core';

import { NoteSearchComponent } from './note-search.component';

function hit(id: number, snippet: string): NoteHit {
  return {
    note: {
      id, dogId: 3, authorId: 1, body: 'x', category: 'health', tags: ['treats'], visibility: 'shared',
      createdAt: '2026-11-24T10:00:00.000Z', updatedAt: '2026-11-24T10:00:00.000Z', revision: 1, deletedAt: null, version: 1,
    },
    dogName: 'Bruno',
    snippet,
    rank: -1,
  };
}

describe('NoteSearchComponent', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'notes/search', component: NoteSearchComponent }, { path: '**', children: [] }], withComponentInputBinding()),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => http.verify());

  const root = () => harness.routeNativeElement as HTMLElement;
  const all = (testid: string) => [...root().querySelectorAll(`[data-testid="${testid}"]`)] as HTMLElement[];

  function answerDogs(): void {
    http.expectOne('/api/v1/dogs?size=1000&sort=name').flush({ items: [], page: 0, size: 1000, total: 0, totalPages: 0 });
  }

  it('searches with the URL filters and renders only <mark> from the snippet', async () => {
    await harness.navigateByUrl('/notes/search?q=owner&category=health&dogId=3&from=2026-01-01');
    answerDogs();
    const req = http.expectOne((r) => r.url.startsWith('/api/v1/notes/search'));
    expect(req.request.url).toBe('/api/v1/notes/search?category=health&dogId=3&from=2026-01-01&page=0&q=owner&size=20');
    req.flush({
      items: [hit(1, '<mark>Owner</mark> switched &amp; <img src=x onerror="alert(1)"> done')],
      page: 0, size: 20, total: 1, totalPages: 1,
    });
    await vi.waitFor(() => expect(all('search-result').length).toBe(1));
    harness.detectChanges();

    const snippet = all('search-snippet')[0];
    expect([...snippet.querySelectorAll('*')].map((e) => e.tagName)).toEqual(['MARK']);
    expect(snippet.querySelector('mark')!.textContent).toBe('Owner');
    expect(snippet.textContent).toBe('Owner switched & <img src=x onerror="alert(1)"> done');
    const link = all('search-result-dog')[0] as HTMLAnchorElement;
    expect(link.textContent).toBe('Bruno');
    expect(link.getAttribute('href')).toBe('/dogs/3');
    expect(root().querySelector('[data-testid="search-status"]')!.textContent).toContain('1 note found');
  });

  it('pages through the results', async () => {
    await harness.navigateByUrl('/notes/search?q=recall');
    answerDogs();
    http.expectOne('/api/v1/notes/search?page=0&q=recall&size=20').flush({
      items: Array.from({ length: 20 }, (_, i) => hit(i + 1, 'a <mark>recall</mark>')), page: 0, size: 20, total: 25, totalPages: 2,
    });
    await vi.waitFor(() => expect(all('search-result').length).toBe(20));
    harness.detectChanges();
    (root().querySelector('[data-testid="search-pager-next"]') as HTMLButtonElement).click();
    const next = await vi.waitFor(() => http.expectOne('/api/v1/notes/search?page=1&q=recall&size=20'));
    next.flush({ items: Array.from({ length: 5 }, (_, i) => hit(i + 21, 'b')), page: 1, size: 20, total: 25, totalPages: 2 });
    await vi.waitFor(() => expect(all('search-result').length).toBe(5));
  });
});
