import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { AuthService } from './core/auth.service';
import { OfflineStatusComponent } from './offline/offline-status.component';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, OfflineStatusComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.html',
  styleUrl: './app.css',
})
export class App {
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly links = [
    { path: '/owners', label: 'Owners', testid: 'nav-owners' },
    { path: '/notes/search', label: 'Notes', testid: 'nav-notes' },
    { path: '/trainers', label: 'Trainers', testid: 'nav-trainers' },
    { path: '/pet-types', label: 'Pet types', testid: 'nav-pet-types' },
    { path: '/specialties', label: 'Specialties', testid: 'nav-specialties' },
  ];

  protected async logout(): Promise<void> {
    await this.auth.logout();
    await this.router.navigate(['/login']);
  }

  /** The skip link moves focus to <main> (a fragment link would go through the router). */
  protected skipToMain(event: Event, main: HTMLElement): void {
    event.preventDefault();
    main.focus();
  }
}
