import { userByUsername } from '@boutique/db';
import { AppError, decoyPasswordHash, verifyPassword } from '@boutique/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../context';
import { parseOr400, withoutNul } from '../middleware/validate';
import { LoginLimiter } from '../services/login-limiter';
import { signAccessToken } from '../services/tokens';

export const tokenRequestBody = z.strictObject({
  username: withoutNul(z.string().min(1).max(150)),
  password: z.string().min(1).max(1024),
});

/** POST /api/auth/token: username + password → an HS256 access token. */
export function authRouter(deps: AppDeps): Router {
  const router = Router();
  const limiter = new LoginLimiter(deps.redis, deps.config.QUEUE_PREFIX);
  router.post('/token/', async (req, res) => {
    const { username, password } = parseOr400(tokenRequestBody, req.body, 'body');
    const address = req.ip ?? 'unknown';
    await limiter.check(address, username);
    const user = await userByUsername(deps.database.db, username);
    // Verify against a decoy hash for unknown users so response time does not reveal which usernames exist.
    const ok = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
    if (!user || !ok) {
      await limiter.failed(address, username);
      throw new AppError('unauthorized', 'Invalid username or password.');
    }
    await limiter.succeeded(address, username);
    const expiresIn = deps.config.JWT_EXPIRES_IN_SECONDS;
    const access = signAccessToken(
      { sub: user.id, username: user.username, role: user.role },
      deps.config.JWT_SECRET,
      expiresIn,
    );
    res.json({ access, token_type: 'Bearer', expires_in: expiresIn, role: user.role });
  });
  return router;
}
