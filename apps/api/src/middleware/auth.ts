import { type UserRole, userRoleById } from '@boutique/db';
import { AppError, NEAR_SECONDS } from '@boutique/shared';
import type { RequestHandler } from 'express';
import type { AppDeps } from '../context';
import { type TokenClaims, verifyAccessToken } from '../services/tokens';

/**
 * How long a user's role may be served from the cache: a demoted or deleted account loses access within
 * this time (plus the API's near cache, NEAR_SECONDS.current), even with a token that is still valid for up
 * to JWT_EXPIRES_IN_SECONDS.
 */
export const ROLE_CACHE_SECONDS = 30;

declare global {
  namespace Express {
    interface Locals {
      user?: TokenClaims;
    }
  }
}

/** Roles allowed to use the ML API and the queue dashboard. */
export const ML_ROLES: readonly UserRole[] = ['admin', 'superuser'];

/** Reads the bearer token from the Authorization header; null when absent. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? (m[1] as string) : null;
}

/**
 * 401 without a valid token or for an account that no longer exists; 403 when the account's CURRENT role
 * (from the database, cached for ROLE_CACHE_SECONDS) is not in `roles`. The role inside the token is not
 * trusted for authorization, so demoting a user takes effect without waiting for their token to expire.
 */
export function requireRole(deps: AppDeps, roles: readonly UserRole[]): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      throw new AppError('unauthorized', 'Authentication required: send Authorization: Bearer <token>');
    }
    const claims = verifyAccessToken(token, deps.config.JWT_SECRET);
    const role = await deps.cache.get(
      `user-role:${claims.sub}`,
      ROLE_CACHE_SECONDS,
      () => userRoleById(deps.database.db, claims.sub),
      NEAR_SECONDS.current,
    );
    if (!role) throw new AppError('unauthorized', 'the account of this token no longer exists');
    if (!roles.includes(role)) {
      throw new AppError('forbidden', `This needs one of the roles: ${roles.join(', ')}`);
    }
    res.locals.user = { ...claims, role };
    next();
  };
}
