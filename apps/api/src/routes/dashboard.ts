import { dashboardCounts, listModels, listTrainingLogs } from '@boutique/db';
import { CACHE_KEYS } from '@boutique/shared';
import { Router } from 'express';
import type { AppDeps } from '../context';
import { queueCounts } from '../services/queues';

/** Counts move with every prediction: a few seconds of staleness buys a cheap hot path. */
const DASHBOARD_TTL_SECONDS = 5;

/** GET /api/ml/dashboard-summary/: the guide's summary, recent models and trainings, and the queues. */
export function dashboardRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/dashboard-summary/', async (_req, res) => {
    res.json(await deps.cache.get(CACHE_KEYS.dashboard, DASHBOARD_TTL_SECONDS, () => dashboard(deps)));
  });
  return router;
}

async function dashboard(deps: AppDeps) {
  const { db } = deps.database;
  const [summary, models, trainings, queues] = await Promise.all([
    dashboardCounts(db),
    listModels(db, {}, { page: 1, pageSize: 5, ordering: '-trained_at' }),
    listTrainingLogs(db, {}, { page: 1, pageSize: 10, ordering: '-started_at' }),
    // The dashboard stays useful when Redis is away: the queue part then says so instead of failing.
    queueCounts(deps.queues).catch(() => null),
  ]);
  return {
    success: true,
    summary,
    recent_models: models.rows,
    recent_trainings: trainings.rows,
    queues: queues ?? { available: false },
  };
}
