import {
  AppError,
  closeQueues,
  createQueues,
  type Enqueued,
  enqueue,
  formatJobFailure,
  parseJobFailure,
  QUEUE_NAMES,
  type QueueName,
  type Queues,
  withQueue,
} from '@boutique/shared';
import type { Job } from 'bullmq';

export { closeQueues, createQueues, type Enqueued, enqueue, type Queues, withQueue };

export type PublicJobState = 'waiting' | 'active' | 'completed' | 'failed' | 'delayed';

export interface JobStatus {
  job_id: string;
  name: string;
  queue: QueueName;
  state: PublicJobState;
  progress: number;
  attempts: number;
  max_attempts: number;
  data: unknown;
  result: unknown;
  error: { code: string; message: string } | null;
  created_at: string | null;
  started_at: string | null;
  finished_at: string | null;
}

function publicState(state: string): PublicJobState {
  switch (state) {
    case 'active':
    case 'completed':
    case 'failed':
    case 'delayed':
      return state;
    default:
      // waiting, prioritized and waiting-children all mean "not started yet" to a store admin.
      return 'waiting';
  }
}

const iso = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : null);

async function describeJob(queue: QueueName, job: Job, state: PublicJobState): Promise<JobStatus> {
  const progress = typeof job.progress === 'number' ? job.progress : 0;
  return {
    job_id: String(job.id),
    name: job.name,
    queue,
    state,
    progress: state === 'completed' ? 100 : progress,
    attempts: job.attemptsMade,
    max_attempts: job.opts.attempts ?? 1,
    data: job.data,
    result: state === 'completed' ? (job.returnvalue ?? null) : null,
    // Only the reason a user can act on; stack traces stay in the worker's log.
    error: state === 'failed' || job.failedReason ? parseJobFailure(job.failedReason) : null,
    created_at: iso(job.timestamp),
    started_at: iso(job.processedOn),
    finished_at: iso(job.finishedOn),
  };
}

/** The status of a job in any queue; 404 when no queue knows it (unknown or already cleaned up). */
export async function jobStatus(queues: Queues, jobId: string): Promise<JobStatus> {
  for (const name of QUEUE_NAMES) {
    const job = await withQueue(() => queues[name].getJob(jobId));
    if (!job) continue;
    const state = publicState(await withQueue(() => job.getState()));
    // The job may have finished between reading it and reading its state: read it again so its result
    // (or failure) matches the state we report.
    const settled = (state === 'completed' || state === 'failed') && !job.finishedOn;
    const current = settled ? await withQueue(() => queues[name].getJob(jobId)) : job;
    return describeJob(name, current ?? job, state);
  }
  throw new AppError('not_found', `No job with id ${jobId} (finished jobs are kept for 7 days).`);
}

export { formatJobFailure };

/** Waiting / active / delayed / failed / completed counts per queue (Bull Board shows the same). */
export async function queueCounts(queues: Queues) {
  const entries = await Promise.all(
    Object.entries(queues).map(async ([name, queue]) => {
      const counts = await withQueue(() =>
        queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'),
      );
      return [name, counts] as const;
    }),
  );
  return { available: true, ...Object.fromEntries(entries) };
}
