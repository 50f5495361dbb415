import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * CORS for the configured origins only (CORS_ORIGINS): a page on one of them may call the API with a
 * Bearer token. Tokens travel in a header, never in cookies, so credentials mode stays off.
 */
export function corsForOrigins(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  });
}
