import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, Router, RouterStateSnapshot, UrlTree, provideRouter } from '@angular/router';

import { storeSession } from '../../testing/session';
import { ApiError } from './api-error';
import { ApiService } from './api.service';
import { authGuard } from './auth.guard';
import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';

const USER = { id: 1, username: 'admin', displayName: 'Demo Admin', organizationId: 1, roles: ['admin', 'trainer', 'viewer'] };

let controller: HttpTestingController | null = null;

function setup() {
  TestBed.configureTestingModule({
    providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
  });
  controller = TestBed.inject(HttpTestingController);
  return { auth: TestBed.inject(AuthService), http: controller };
}

describe('AuthService', () => {
  beforeEach(() => {
    localStorage.clear();
    controller = null;
  });
  afterEach(() => controller?.verify());

  it('signs in: token and user stored, user signal set, no bearer sent on the login itself', async () => {
    const { auth, http } = setup();
    expect(auth.isLoggedIn()).toBe(false);
    const login = auth.login('admin', 'admin');
    const req = http.expectOne('/api/v1/auth/login');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ username: 'admin', password: 'admin' });
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush({ token: 'tok-9', tokenType: 'Bearer', expiresAt: '2026-11-25T10:00:00.000Z', user: USER });
    await login;
    expect(auth.user()?.displayName).toBe('Demo Admin');
    expect(auth.isLoggedIn()).toBe(true);
    expect(auth.isAdmin()).toBe(true);
    expect(localStorage.getItem('pawnotes.token')).toBe('tok-9');
    expect(JSON.parse(localStorage.getItem('pawnotes.user')!)).toEqual(USER);
  });

  it('a wrong password rejects with the 401 ApiError and stores nothing', async () => {
    const { auth, http } = setup();
    const login = auth.login('admin', 'nope');
    http.expectOne('/api/v1/auth/login').flush(
      { title: 'Unauthorized', status: 401, detail: 'Wrong username or password.' },
      { status: 401, statusText: 'Unauthorized' },
    );
    const error = await login.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, detail: 'Wrong username or password.' });
    expect(auth.isLoggedIn()).toBe(false);
    expect(localStorage.getItem('pawnotes.token')).toBeNull();
  });

  it('restores the session from storage and signs out with the token revoked', async () => {
    storeSession(['viewer'], 'tok-2');
    const { auth, http } = setup();
    expect(auth.isLoggedIn()).toBe(true);
    expect(auth.canWriteRecords()).toBe(false);
    const logout = auth.logout();
    const req = http.expectOne('/api/v1/auth/logout');
    expect(req.request.headers.get('Authorization')).toBe('Bearer tok-2');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await logout;
    expect(auth.isLoggedIn()).toBe(false);
    expect(localStorage.getItem('pawnotes.token')).toBeNull();
  });

  it('signs out locally even when the server cannot be reached', async () => {
    storeSession(['trainer']);
    const { auth, http } = setup();
    const logout = auth.logout();
    http.expectOne('/api/v1/auth/logout').error(new ProgressEvent('error'), { status: 0 });
    await logout;
    expect(auth.isLoggedIn()).toBe(false);
  });

  it('a 401 on another request ends the session and goes to /login with the page to return to', async () => {
    storeSession(['trainer'], 'expired');
    const { auth, http } = setup();
    const router = TestBed.inject(Router);
    const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);
    const api = TestBed.inject(ApiService);
    const result = api.get('/owners');
    http.expectOne('/api/v1/owners').flush({ title: 'Unauthorized', status: 401 }, { status: 401, statusText: 'Unauthorized' });
    await expect(result).rejects.toMatchObject({ status: 401 });
    expect(auth.isLoggedIn()).toBe(false);
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { returnUrl: '/' } });
  });
});

describe('authGuard', () => {
  beforeEach(() => localStorage.clear());

  function run(url: string): boolean | UrlTree {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    return TestBed.runInInjectionContext(
      () => authGuard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot) as boolean | UrlTree,
    );
  }

  it('sends a visitor without a session to /login?returnUrl=<the page>', () => {
    const result = run('/owners/3');
    expect(result instanceof UrlTree).toBe(true);
    expect(TestBed.inject(Router).serializeUrl(result as UrlTree)).toBe('/login?returnUrl=%2Fowners%2F3');
  });

  it('lets a signed-in user through', () => {
    storeSession(['viewer']);
    expect(run('/owners')).toBe(true);
  });
});
