/**
 * What one bearer-token check costs: the API's own `verifyAccessToken` (jsonwebtoken 9 given the secret
 * as a string, which it first tries to parse as a PEM public key — a thrown and caught OpenSSL error —
 * before making a secret key of it, on every call), against the same `jwt.verify` given a KeyObject made
 * once. Run in the load case's own process, after the system has stopped.
 */
import { createSecretKey, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { signAccessToken, verifyAccessToken } from '../../apps/api/src/services/tokens';

export interface JwtCost {
  /** Microseconds per call of the API's verifyAccessToken (string secret). */
  appVerifyUs: number;
  /** Microseconds per jwt.verify with a KeyObject secret and the same options. */
  keyObjectVerifyUs: number;
  calls: number;
}

function perCall(calls: number, run: () => void): number {
  for (let i = 0; i < Math.min(1000, calls); i++) run();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) run();
  return Math.round(((performance.now() - t0) * 1000 * 100) / calls) / 100;
}

export function jwtCost(calls = 20_000): JwtCost {
  const secret = randomBytes(32).toString('hex');
  const token = signAccessToken(
    { sub: '00000000-0000-4000-8000-000000000000', username: 'bench', role: 'admin' },
    secret,
    3600,
  );
  const key = createSecretKey(Buffer.from(secret));
  const options: jwt.VerifyOptions = { algorithms: ['HS256'], issuer: 'boutique-ml' };
  return {
    appVerifyUs: perCall(calls, () => verifyAccessToken(token, secret)),
    keyObjectVerifyUs: perCall(calls, () => jwt.verify(token, key, options)),
    calls,
  };
}
