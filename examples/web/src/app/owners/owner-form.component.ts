import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-owner-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<h1>Owner</h1>`,
})
export class OwnerFormComponent {}
