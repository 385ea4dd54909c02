import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';

import { API_BASE } from './api.service';
import { AuthService } from './auth.service';

/**
 * Adds `Authorization: Bearer <token>` to requests of the native API. A 401 on anything but the login
 * itself means the token expired or was revoked: the session is cleared and the user sent to /login
 * (returning to the page afterwards).
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (!request.url.startsWith(API_BASE)) return next(request);
  const token = auth.token();
  const isLogin = request.url === `${API_BASE}/auth/login`;
  const authorized =
    token && !isLogin ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
  return next(authorized).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401 && !isLogin && token) {
        auth.clear();
        const current = router.url;
        if (!current.startsWith('/login')) {
          void router.navigate(['/login'], { queryParams: { returnUrl: current } });
        }
      }
      return throwError(() => error);
    }),
  );
};
