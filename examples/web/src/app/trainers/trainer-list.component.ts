import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-trainer-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<h1>Trainers</h1>`,
})
export class TrainerListComponent {}
