import { JOB_DEFINITIONS, type JobName } from '@boutique/shared';
import { Router } from 'express';
import type { AppDeps } from '../context';
import { parseOr400 } from '../middleware/validate';
import { enqueue } from '../services/queues';

/** The jobs a client queues with POST /api/ml/<job-name>/ (the OpenAPI document lists the same). */
export const POSTED_JOBS = (Object.keys(JOB_DEFINITIONS) as JobName[]).filter(
  (name) => JOB_DEFINITIONS[name].postedAs === 'json',
);

/**
 * POST /api/ml/<job-name>/ for every job the worker knows (train-sales-forecast, …): validates the body
 * with the job's schema, enqueues (or returns the job already waiting/running) and answers 202.
 */
export function trainingRouter(deps: AppDeps): Router {
  const router = Router();
  for (const name of POSTED_JOBS) {
    const definition = JOB_DEFINITIONS[name];
    router.post(`/${name}/`, async (req, res) => {
      const data = parseOr400(definition.data, req.body, 'body');
      const { jobId, existing } = await enqueue(deps.queues, name, data);
      const label = definition.label;
      res.status(202).json({
        success: true,
        job_id: jobId,
        status_url: `/api/ml/jobs/${jobId}/`,
        existing,
        message: existing
          ? `A ${label} is already queued or running; this is that job. Poll status_url for progress.`
          : `The ${label} was queued. Poll status_url for progress and the result.`,
      });
    });
  }
  return router;
}
