import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { LoginComponent, safeReturnUrl } from './login.component';

const USER = { id: 1, username: 'admin', displayName: 'Demo Admin', organizationId: 1, roles: ['admin'] };

describe('LoginComponent', () => {
  beforeEach(() => localStorage.clear());

  async function setup(returnUrl?: string) {
    TestBed.configureTestingModule({
      imports: [LoginComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const http = TestBed.inject(HttpTestingController);
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const fixture = TestBed.createComponent(LoginComponent);
    if (returnUrl) fixture.componentRef.setInput('returnUrl', returnUrl);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const fill = async (username: string, password: string) => {
      for (const [id, value] of [['login-username', username], ['login-password', password]]) {
        const input = el.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)!;
        input.value = value;
        input.dispatchEvent(new Event('input'));
      }
      await fixture.whenStable();
      el.querySelector<HTMLButtonElement>('[data-testid="login-submit"]')!.click();
    };
    return { http, navigate, fixture, el, fill };
  }

  it('shows an error on a wrong password and stays', async () => {
    const { http, navigate, fixture, el, fill } = await setup();
    await fill('admin', 'nope');
    const req = await vi.waitFor(() => http.expectOne('/api/v1/auth/login'));
    req.flush({ title: 'Unauthorized', status: 401, detail: 'Wrong username or password.' }, { status: 401, statusText: 'Unauthorized' });
    await vi.waitFor(async () => {
      await fixture.whenStable();
      expect(el.querySelector('[data-testid="login-error"]')?.textContent).toContain('Wrong username or password.');
    });
    expect(navigate).not.toHaveBeenCalled();
  });

  it('goes to the page asked for after signing in', async () => {
    const { http, navigate, fill } = await setup('/owners/3');
    await fill('admin', 'admin');
    const req = await vi.waitFor(() => http.expectOne('/api/v1/auth/login'));
    req.flush({ token: 't', tokenType: 'Bearer', expiresAt: '2026-11-25T00:00:00.000Z', user: USER });
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('/owners/3'));
  });

  it('never follows a return URL to another site', () => {
    expect(safeReturnUrl('//evil.example')).toBe('/owners');
    expect(safeReturnUrl('https://evil.example')).toBe('/owners');
    expect(safeReturnUrl('/login?returnUrl=x')).toBe('/owners');
    expect(safeReturnUrl(undefined)).toBe('/owners');
    expect(safeReturnUrl('/dogs/4')).toBe('/dogs/4');
  });
});
