import { createHash } from 'node:crypto';
import { userByUsername } from '@boutique/db';
import { AppError, verifyPassword } from '@boutique/shared';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { type RequestHandler, Router } from 'express';
import type { AppDeps } from '../context';
import { bearerToken, ML_ROLES } from '../middleware/auth';
import { verifyAccessToken } from '../services/tokens';

export const QUEUES_BOARD_PATH = '/admin/queues';

// The board polls its API every few seconds; verifying argon2 on each call would cost ~50 ms of CPU, so a
// successful Basic login is remembered briefly by a digest of the header (never the password itself).
const BASIC_CACHE_MS = 60_000;
const BASIC_CACHE_MAX = 256;

/**
 * Admin-only access for Bull Board that works in a browser: HTTP Basic checked against the users table
 * (the browser prompts for it), or the same Bearer token as the API.
 */
function queuesBoardAuth(deps: AppDeps): RequestHandler {
  const remembered = new Map<string, { until: number }>();
  const challenge = (message: string, status: 'unauthorized' | 'forbidden' = 'unauthorized') => {
    return new AppError(status, message);
  };
  return async (req, res, next) => {
    const header = req.headers.authorization;
    const bearer = bearerToken(header);
    if (bearer) {
      const claims = verifyAccessToken(bearer, deps.config.JWT_SECRET);
      if (!ML_ROLES.includes(claims.role))
        throw challenge('The queue dashboard is for admins only.', 'forbidden');
      return next();
    }
    res.set('WWW-Authenticate', 'Basic realm="boutique-ml queues", charset="UTF-8"');
    const basic = header && /^Basic\s+(\S+)$/i.exec(header)?.[1];
    if (!basic) throw challenge('Sign in with an admin account to see the queues.');
    const digest = createHash('sha256').update(basic).digest('hex');
    const hit = remembered.get(digest);
    if (hit && hit.until > Date.now()) return next();
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = colon >= 0 ? decoded.slice(0, colon) : '';
    const password = colon >= 0 ? decoded.slice(colon + 1) : '';
    const user = username ? await userByUsername(deps.database.db, username) : null;
    if (!user || !(await verifyPassword(user.passwordHash, password))) {
      throw challenge('Invalid username or password.');
    }
    if (!ML_ROLES.includes(user.role))
      throw challenge('The queue dashboard is for admins only.', 'forbidden');
    if (remembered.size >= BASIC_CACHE_MAX) remembered.clear();
    remembered.set(digest, { until: Date.now() + BASIC_CACHE_MS });
    next();
  };
}

/** Bull Board over both queues, behind admin auth. */
export function queuesBoardRouter(deps: AppDeps): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUES_BOARD_PATH);
  createBullBoard({
    queues: Object.values(deps.queues).map((q) => new BullMQAdapter(q)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'boutique-ml queues' } },
  });
  const router = Router();
  router.use(queuesBoardAuth(deps), serverAdapter.getRouter());
  return router;
}
