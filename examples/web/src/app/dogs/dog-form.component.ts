import { ChangeDetectionStrategy, Component } from '@angular/core';

// Placeholder so the routes build; the dog engineer replaces this file.
@Component({
  selector: 'app-dog-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<h1>Dog (TODO)</h1>`,
})
export class DogFormComponent {}
