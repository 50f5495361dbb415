import { createSecretKey, type KeyObject } from 'node:crypto';
import { USER_ROLES, type UserRole } from '@boutique/db';
import { AppError } from '@boutique/shared';
import jwt from 'jsonwebtoken';

export interface TokenClaims {
  sub: string;
  username: string;
  role: UserRole;
}

const ISSUER = 'boutique-ml';

/**
 * The HMAC key as a KeyObject, made once per secret. Given a string, jsonwebtoken 9 first tries to parse it
 * as a PEM public key on every call (and catches the failure): measured 0.8 ms per verification, 41% of
 * the API's CPU on a cached read, against 0.027 ms with a KeyObject.
 */
const keys = new Map<string, KeyObject>();
function hmacKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

/** Signs an HS256 access token. */
export function signAccessToken(claims: TokenClaims, secret: string, expiresInSeconds: number): string {
  return jwt.sign({ username: claims.username, role: claims.role }, hmacKey(secret), {
    algorithm: 'HS256',
    subject: claims.sub,
    issuer: ISSUER,
    expiresIn: expiresInSeconds,
  });
}

/**
 * Verifies a token: HS256 only (so `alg: none` and algorithm-confusion tokens are refused), our issuer,
 * not expired, and claims of the right shape. Every failure is a 401 with the reason.
 */
export function verifyAccessToken(token: string, secret: string): TokenClaims {
  let payload: string | jwt.JwtPayload;
  try {
    payload = jwt.verify(token, hmacKey(secret), { algorithms: ['HS256'], issuer: ISSUER });
  } catch (err) {
    const reason =
      err instanceof jwt.TokenExpiredError
        ? 'the token has expired; request a new one at POST /api/auth/token'
        : err instanceof jwt.NotBeforeError
          ? 'the token is not valid yet'
          : 'the token is invalid';
    throw new AppError('unauthorized', reason);
  }
  if (
    typeof payload !== 'object' ||
    typeof payload.sub !== 'string' ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(payload.sub) ||
    typeof payload.username !== 'string' ||
    !(USER_ROLES as readonly unknown[]).includes(payload.role)
  ) {
    throw new AppError('unauthorized', 'the token is invalid');
  }
  return { sub: payload.sub, username: payload.username, role: payload.role as UserRole };
}
