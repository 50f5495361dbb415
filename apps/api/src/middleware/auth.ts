import type { UserRole } from '@boutique/db';
import { AppError } from '@boutique/shared';
import type { RequestHandler } from 'express';
import { type TokenClaims, verifyAccessToken } from '../services/tokens';

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

/** 401 without a valid token, 403 with a valid token of a role not in `roles`. */
export function requireRole(secret: string, roles: readonly UserRole[]): RequestHandler {
  return (req, res, next) => {
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      throw new AppError('unauthorized', 'Authentication required: send Authorization: Bearer <token>');
    }
    const claims = verifyAccessToken(token, secret);
    if (!roles.includes(claims.role)) {
      throw new AppError('forbidden', `This needs one of the roles: ${roles.join(', ')}`);
    }
    res.locals.user = claims;
    next();
  };
}
