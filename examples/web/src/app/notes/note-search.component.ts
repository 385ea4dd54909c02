import { ChangeDetectionStrategy, Component } from '@angular/core';

// Placeholder so the routes build; the dog engineer replaces this file.
@Component({
  selector: 'app-note-search',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<h1>Note search (TODO)</h1>`,
})
export class NoteSearchComponent {}
