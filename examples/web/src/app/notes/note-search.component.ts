import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { NoteCategory, NoteHit, NoteVisibility } from '@pawnotes/core';

import { ApiService } from '../core/api.service';
import { isApiError } from '../core/api-error';
import type { Dog, Page, QueryParams } from '../core/models';
import { PagerComponent } from '../shared/pager.component';
import { CATEGORY_LABELS, NOTE_CATEGORIES, NOTE_VISIBILITIES } from './note-options';
import { sanitizeSnippet } from './snippet';

export const SEARCH_PAGE_SIZE = 20;

export interface SearchFilters {
  q: string;
  category: NoteCategory | '';
  tag: string;
  from: string;
  to: string;
  visibility: NoteVisibility | '';
  dogId: string;
}

function emptyFilters(): SearchFilters {
  return { q: '', category: '', tag: '', from: '', to: '', visibility: '', dogId: '' };
}

interface ResultRow {
  hit: NoteHit;
  /** sanitizeSnippet(hit.snippet): only <mark> survives. */
  snippetHtml: string;
}

/**
 * /notes/search: full-text search of every dog's notes with filters; the filters live in the URL's query
 * (shareable, back / forward work). Each result shows the dog (a link to its profile) and the snippet with
 * the matched words highlighted.
 */
@Component({
  selector: 'app-note-search',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, DatePipe, PagerComponent],
  templateUrl: './note-search.component.html',
  styleUrl: './note-search.component.css',
})
export class NoteSearchComponent implements OnInit {
  private readonly api = inject(ApiService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly categories = NOTE_CATEGORIES;
  protected readonly visibilities = NOTE_VISIBILITIES;
  protected readonly categoryLabels = CATEGORY_LABELS;

  protected filters: SearchFilters = emptyFilters();
  readonly results = signal<ResultRow[]>([]);
  readonly page = signal(0);
  readonly totalPages = signal(0);
  readonly total = signal(0);
  readonly loading = signal(false);
  readonly searched = signal(false);
  readonly error = signal<string | null>(null);
  readonly status = signal('');
  readonly dogs = signal<Dog[]>([]);
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;

  ngOnInit(): void {
    void this.loadDogs();
    const sub = this.route.queryParamMap.subscribe((params) => {
      const f = emptyFilters();
      f.q = params.get('q') ?? '';
      f.category = (NOTE_CATEGORIES as readonly string[]).includes(params.get('category') ?? '') ? (params.get('category') as NoteCategory) : '';
      f.tag = params.get('tag') ?? '';
      f.from = params.get('from') ?? '';
      f.to = params.get('to') ?? '';
      f.visibility = (NOTE_VISIBILITIES as readonly string[]).includes(params.get('visibility') ?? '') ? (params.get('visibility') as NoteVisibility) : '';
      f.dogId = params.get('dogId') ?? '';
      const page = Math.max(0, Number(params.get('page') ?? 0) || 0);
      this.filters = f;
      void this.search(f, page);
    });
    this.destroyRef.onDestroy(() => {
      sub.unsubscribe();
      if (this.typingTimer) clearTimeout(this.typingTimer);
    });
  }

  /** Typing in the text box searches after a short pause. */
  protected onTyping(): void {
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.apply(), 350);
  }

  /** Puts the filters (and page) into the URL; the query-param subscription runs the search. */
  apply(page = 0): void {
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = null;
    const f = this.filters;
    const queryParams: Record<string, string | number | null> = {
      q: f.q.trim() || null,
      category: f.category || null,
      tag: f.tag.trim() || null,
      from: f.from || null,
      to: f.to || null,
      visibility: f.visibility || null,
      dogId: f.dogId || null,
      page: page > 0 ? page : null,
    };
    void this.router.navigate([], { relativeTo: this.route, queryParams, replaceUrl: page === this.page() });
  }

  protected clear(): void {
    this.filters = emptyFilters();
    this.apply();
  }

  protected goTo(page: number): void {
    this.apply(page);
    document.getElementById('search-results-heading')?.focus();
  }

  async search(f: SearchFilters, page: number): Promise<void> {
    const generation = ++this.generation;
    this.loading.set(true);
    this.error.set(null);
    const params: QueryParams = {
      q: f.q.trim(),
      category: f.category,
      tag: f.tag.trim(),
      from: f.from,
      to: f.to,
      visibility: f.visibility,
      dogId: f.dogId,
      page,
      size: SEARCH_PAGE_SIZE,
    };
    try {
      const result = await this.api.get<Page<NoteHit>>('/notes/search', params);
      if (generation !== this.generation) return;
      this.results.set(result.items.map((hit) => ({ hit, snippetHtml: sanitizeSnippet(hit.snippet) })));
      this.page.set(result.page);
      this.totalPages.set(result.totalPages);
      this.total.set(result.total);
      this.searched.set(true);
      this.status.set(
        result.total === 0
          ? 'No notes found.'
          : `${result.total} ${result.total === 1 ? 'note' : 'notes'} found; page ${result.page + 1} of ${result.totalPages}.`,
      );
    } catch (error) {
      if (generation !== this.generation) return;
      this.results.set([]);
      this.total.set(0);
      this.totalPages.set(0);
      if (isApiError(error) && error.status === 422 && error.errors.length) {
        this.error.set(error.errors.map((e) => `${labelOf(e.field)}: ${e.message}`).join(' '));
      } else if (isApiError(error) && error.status === 0) {
        this.error.set('Search needs the server, which cannot be reached.');
      } else {
        this.error.set('The search failed.');
      }
      this.status.set(this.error() ?? '');
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }

  private async loadDogs(): Promise<void> {
    try {
      const page = await this.api.get<Page<Dog>>('/dogs', { size: 1000, sort: 'name' });
      this.dogs.set(page.items);
    } catch {
      // The dog filter then only offers "All dogs".
    }
  }
}

function labelOf(field: string): string {
  return ({ dateFrom: 'From', dateTo: 'To', q: 'Words', text: 'Words' } as Record<string, string>)[field] ?? field;
}
