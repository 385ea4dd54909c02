import { ChangeDetectionStrategy, Component } from '@angular/core';

// Placeholder so the routes build; the dog engineer replaces this file.
@Component({
  selector: 'app-dog-profile',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<h1>Dog profile (TODO)</h1>`,
})
export class DogProfileComponent {}
