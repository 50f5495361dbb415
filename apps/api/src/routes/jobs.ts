import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../context';
import { parseOr400 } from '../middleware/validate';
import { jobStatus } from '../services/queues';

// Our job ids are UUIDs; scheduler-made ids are "repeat:<scheduler id>:<millis>". Anything else cannot be a
// job, and must not be looked up: BullMQ keeps its own keys ("meta", "wait", "repeat:<scheduler id>", …)
// beside the job hashes, and reading one of them as a job answered 200 with a job that does not exist.
const JOB_ID =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|repeat:[A-Za-z0-9_-]{1,100}:\d{1,16})$/i;
export const jobIdParam = z.strictObject({
  jobId: z.string().regex(JOB_ID, 'is not a valid job id'),
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
