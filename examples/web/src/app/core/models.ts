// Shapes of the native API (/api/v1) that are not records of the core (those come from @pawnotes/core).
import type { RoleName } from '@pawnotes/core';

export type { Dog, Owner, PetType, Specialty, Trainer, Page, FieldError, RoleName } from '@pawnotes/core';

export interface CurrentUser {
  id: number;
  username: string;
  displayName: string;
  organizationId: number;
  roles: RoleName[];
}

export interface LoginResponse {
  token: string;
  tokenType: string;
  expiresAt: string;
  user: CurrentUser;
}

/** Query parameters: null, undefined and '' are left out. */
export type QueryParams = Record<string, string | number | boolean | null | undefined>;
