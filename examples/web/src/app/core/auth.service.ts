import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { API_BASE, toApiError } from './api.service';
import type { CurrentUser, LoginResponse, RoleName } from './models';

const TOKEN_KEY = 'pawnotes.token';
const USER_KEY = 'pawnotes.user';

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled (privacy mode): the session lives in memory only
  }
}

function readUser(): CurrentUser | null {
  const text = readStorage(USER_KEY);
  if (!text) return null;
  try {
    return JSON.parse(text) as CurrentUser;
  } catch {
    return null;
  }
}

/**
 * The signed-in user. The bearer token and the user are kept in localStorage so a reload (or an offline
 * start) keeps the session; the server remains the judge (a 401 clears it, see authInterceptor).
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly tokenState = signal<string | null>(readStorage(TOKEN_KEY));
  private readonly userState = signal<CurrentUser | null>(this.tokenState() ? readUser() : null);

  readonly user = this.userState.asReadonly();
  readonly isLoggedIn = computed(() => this.tokenState() !== null && this.userState() !== null);

  token(): string | null {
    return this.tokenState();
  }

  hasRole(role: RoleName): boolean {
    return this.userState()?.roles.includes(role) ?? false;
  }

  /** Trainers and admins write owners, dogs, visits, notes, care flags and vaccinations. */
  canWriteRecords(): boolean {
    return this.hasRole('admin') || this.hasRole('trainer');
  }

  /** Only admins write trainers, pet types and specialties. */
  isAdmin(): boolean {
    return this.hasRole('admin');
  }

  /** Rejects with an ApiError (401 "Wrong username or password.", 429, status 0 offline). */
  async login(username: string, password: string): Promise<CurrentUser> {
    let answer: LoginResponse;
    try {
      answer = await firstValueFrom(this.http.post<LoginResponse>(`${API_BASE}/auth/login`, { username, password }));
    } catch (error) {
      throw toApiError(error);
    }
    this.store(answer.token, answer.user);
    return answer.user;
  }

  /** Revokes the token on the server (best effort: offline or expired still signs out here). */
  async logout(): Promise<void> {
    if (this.tokenState()) {
      try {
        await firstValueFrom(this.http.post<void>(`${API_BASE}/auth/logout`, null));
      } catch {
        // the local session ends anyway
      }
    }
    this.clear();
  }

  /** Refreshes the user from GET /auth/me. */
  async me(): Promise<CurrentUser> {
    try {
      const user = await firstValueFrom(this.http.get<CurrentUser>(`${API_BASE}/auth/me`));
      const token = this.tokenState();
      if (token) this.store(token, user);
      return user;
    } catch (error) {
      throw toApiError(error);
    }
  }

  /** Forgets the session (no request). */
  clear(): void {
    this.tokenState.set(null);
    this.userState.set(null);
    try {
      localStorage.removeItem(TOKEN_KEY);
      localStorage.removeItem(USER_KEY);
    } catch {
      // storage disabled
    }
  }

  private store(token: string, user: CurrentUser): void {
    this.tokenState.set(token);
    this.userState.set(user);
    try {
      localStorage.setItem(TOKEN_KEY, token);
      localStorage.setItem(USER_KEY, JSON.stringify(user));
    } catch {
      // storage disabled
    }
  }
}
