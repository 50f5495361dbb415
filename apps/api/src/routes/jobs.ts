import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../context';
import { parseOr400 } from '../middleware/validate';
import { jobStatus } from '../services/queues';

// Our job ids are UUIDs; scheduler-made ids are "repeat:…". Anything else cannot exist.
const jobIdParam = z.strictObject({
  jobId: z.string().regex(/^[A-Za-z0-9:_-]{1,200}$/, 'is not a valid job id'),
});

/** GET /api/ml/jobs/{job_id}/: state, progress, attempts, result or error of a queued job. */
export function jobsRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/jobs/:jobId/', async (req, res) => {
    const { jobId } = parseOr400(jobIdParam, req.params, 'path');
    res.json({ success: true, ...(await jobStatus(deps.queues, jobId)) });
  });
  return router;
}
