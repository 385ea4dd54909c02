import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-owner-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<h1>Owners</h1>`,
})
export class OwnerListComponent {}
