import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-owner-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<h1>Owner</h1>`,
})
export class OwnerDetailComponent {}
