import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import helmet from 'helmet';

/** Where `npm run build` puts the dashboard (apps/web/dist). */
export const WEB_DIST_DIR = path.resolve(import.meta.dirname, '../../../web/dist');

/** Paths index.html must never answer for: the API, probes, Bull Board, and assets that do not exist. */
const NOT_THE_APP = /^\/(?:api|admin|healthz|readyz|assets)(?:\/|$)/;

/**
 * The store admins' dashboard (apps/web) as static files, with index.html for any other GET so its
 * client-side routes survive a reload; null when the app was not built, so the API runs without it.
 */
export function webRouter(distDir: string = WEB_DIST_DIR): Router | null {
  const index = path.join(distDir, 'index.html');
  if (!fs.existsSync(index)) return null;
  const router = express.Router();
  // Everything is bundled (no inline scripts, no CDNs), so helmet's default CSP holds; product photos
  // may live on any https host, hence the wider img-src.
  router.use(
    helmet({
      contentSecurityPolicy: {
        directives: { imgSrc: ["'self'", 'data:', 'https:'] },
      },
    }),
  );
  // Vite puts a content hash in every asset name: those can be cached for good, index.html never.
  router.use('/assets', express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '1y' }));
  router.use(express.static(distDir, { index: false, maxAge: 0 }));
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_THE_APP.test(req.path)) return next();
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
