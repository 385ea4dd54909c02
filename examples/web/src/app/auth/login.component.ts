import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';

import { isApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';

/** Only same-app paths are followed after sign-in (no open redirect to another site). */
export function safeReturnUrl(url: string | undefined | null): string {
  if (!url || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/login')) return '/owners';
  return url;
}

@Component({
  selector: 'app-login',
  imports: [FormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Sign in</h1>
    <form class="login" (ngSubmit)="submit()" data-testid="login-form" novalidate>
      @if (error(); as message) {
        <div class="form-error" role="alert" id="login-error" data-testid="login-error">{{ message }}</div>
      }
      <div class="field">
        <label for="login-username">Username</label>
        <input id="login-username" name="username" autocomplete="username" required [(ngModel)]="username"
          [attr.aria-describedby]="error() ? 'login-error' : null" data-testid="login-username" />
      </div>
      <div class="field">
        <label for="login-password">Password</label>
        <input id="login-password" name="password" type="password" autocomplete="current-password" required
          [(ngModel)]="password" [attr.aria-describedby]="error() ? 'login-error' : null" data-testid="login-password" />
      </div>
      <button type="submit" [disabled]="busy()" data-testid="login-submit">{{ busy() ? 'Signing in…' : 'Sign in' }}</button>
    </form>
  `,
  styles: `
    .login { max-width: 24rem; }
  `,
})
export class LoginComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  /** ?returnUrl= (route input binding): where to go after signing in. */
  readonly returnUrl = input<string | undefined>(undefined);

  protected username = '';
  protected password = '';
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async submit(): Promise<void> {
    if (!this.username || !this.password) {
      this.error.set('Enter your username and password.');
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.auth.login(this.username, this.password);
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error) {
      this.password = '';
      if (isApiError(error)) {
        if (error.status === 401) this.error.set('Wrong username or password.');
        else if (error.status === 0) this.error.set('The server cannot be reached. Check the connection and try again.');
        else this.error.set(error.detail || error.title);
      } else {
        this.error.set('Sign-in failed.');
      }
    } finally {
      this.busy.set(false);
    }
  }
}
