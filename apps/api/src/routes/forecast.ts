import { predictSalesBody } from '@boutique/shared';
import { Router } from 'express';
import type { AppDeps } from '../context';
import { parseOr400 } from '../middleware/validate';
import { predictSales } from '../services/forecast';

/** POST /api/ml/predict-sales/: the next 1–90 days from the active forecast model, served without a job. */
export function forecastRouter(deps: AppDeps): Router {
  const router = Router();
  router.post('/predict-sales/', async (req, res) => {
    const { days_ahead, confidence_level } = parseOr400(predictSalesBody, req.body, 'body');
    const forecast = await predictSales(deps, days_ahead, confidence_level, res.locals.user?.sub ?? null);
    res.json({ success: true, ...forecast });
  });
  return router;
}
