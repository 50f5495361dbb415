import { AppError } from '@boutique/shared';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { AppDeps } from './context';
import { ML_ROLES, requireRole } from './middleware/auth';
import { corsForOrigins } from './middleware/cors';
import { errorHandler, notFound } from './middleware/errors';
import { authRouter } from './routes/auth';
import { catalogRouter } from './routes/catalog';
import { dashboardRouter } from './routes/dashboard';
import { docsRouter } from './routes/docs';
import { forecastRouter } from './routes/forecast';
import { healthRouter } from './routes/health';
import { importRouter } from './routes/import';
import { inventoryRouter } from './routes/inventory';
import { jobsRouter } from './routes/jobs';
import { listsRouter } from './routes/lists';
import { QUEUES_BOARD_PATH, queuesBoardRouter } from './routes/queues-board';
import { recommendationsRouter } from './routes/recommendations';
import { salesHistoryRouter } from './routes/sales-history';
import { segmentsRouter } from './routes/segments';
import { trainingRouter } from './routes/training';
import { webRouter } from './routes/web';

/** A body that is present must be JSON; otherwise defaults would silently replace what the client meant. */
const jsonBodiesOnly: RequestHandler = (req, _res, next) => {
  // An empty POST (content-length: 0, as fetch sends) has no body to misread.
  const empty = req.headers['content-length'] === '0' && req.headers['transfer-encoding'] === undefined;
  if (!empty && req.is('application/json') === false) {
    throw new AppError('validation_error', 'Send the request body as JSON (Content-Type: application/json).');
  }
  next();
};

/** Builds the express app; main.ts listens, tests call it directly. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger: deps.logger,
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );
  app.use(healthRouter(deps));

  const api = express.Router();
  api.use(helmet());
  if (deps.config.CORS_ORIGINS.length > 0) api.use(corsForOrigins(deps.config.CORS_ORIGINS));
  api.use(express.json({ limit: '100kb' }), jsonBodiesOnly);
  api.use(docsRouter()); // public: /api/openapi.json and /api/docs/, under the API's CSP
  api.use('/auth', authRouter(deps));
  api.use('/ml', requireRole(deps, ML_ROLES));
  api.use(
    '/ml',
    trainingRouter(deps),
    jobsRouter(deps),
    forecastRouter(deps),
    recommendationsRouter(deps),
    segmentsRouter(deps),
    listsRouter(deps),
    catalogRouter(deps),
    dashboardRouter(deps),
    inventoryRouter(deps),
    salesHistoryRouter(deps),
  );
  // Before the /api router: the upload is multipart, not JSON. Only the file is received here; a worker imports.
  app.use('/api/store', requireRole(deps, ML_ROLES), importRouter(deps));
  app.use('/api', api);

  if (deps.config.BULL_BOARD_ENABLED) {
    // Bull Board's UI uses inline scripts and styles, so helmet's default CSP is relaxed for it only.
    app.use(QUEUES_BOARD_PATH, helmet({ contentSecurityPolicy: false }), queuesBoardRouter(deps));
  }
  // The dashboard (apps/web/dist), when built: static files, and index.html for its own routes.
  const web = webRouter();
  if (web) app.use(web);
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
