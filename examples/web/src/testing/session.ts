import type { CurrentUser, RoleName } from '../app/core/models';

/** Stores a session as AuthService does (read when AuthService is created). */
export function storeSession(roles: RoleName[], token = 'test-token'): CurrentUser {
  const user: CurrentUser = { id: 7, username: 'ada', displayName: 'Ada Trainer', organizationId: 1, roles };
  localStorage.setItem('pawnotes.token', token);
  localStorage.setItem('pawnotes.user', JSON.stringify(user));
  return user;
}
