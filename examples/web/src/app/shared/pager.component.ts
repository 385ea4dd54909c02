import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';

/** Previous / next page controls for a zero-based page of a list ({page, totalPages, total}). */
@Component({
  selector: 'app-pager',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (totalPages() > 1) {
      <nav class="pager" [attr.aria-label]="label()">
        <button type="button" class="secondary" [disabled]="page() <= 0" (click)="go.emit(page() - 1)"
          [attr.data-testid]="testid() + '-prev'">Previous</button>
        <span aria-live="polite" [attr.data-testid]="testid() + '-status'">Page {{ page() + 1 }} of {{ totalPages() }}
          <span class="muted">({{ total() }} in all)</span></span>
        <button type="button" class="secondary" [disabled]="isLast()" (click)="go.emit(page() + 1)"
          [attr.data-testid]="testid() + '-next'">Next</button>
      </nav>
    }
  `,
})
export class PagerComponent {
  readonly page = input.required<number>();
  readonly totalPages = input.required<number>();
  readonly total = input<number>(0);
  readonly label = input('Pages');
  readonly testid = input('pager');
  readonly go = output<number>();

  protected readonly isLast = computed(() => this.page() >= this.totalPages() - 1);
}
