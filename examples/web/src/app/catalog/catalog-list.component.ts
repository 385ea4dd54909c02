import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-catalog-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<h1>Catalog</h1>`,
})
export class CatalogListComponent {}
