import { randomUUID } from 'node:crypto';
import {
  AppError,
  formatJobFailure,
  JOB_DEFINITIONS,
  type JobName,
  parseJobFailure,
  QUEUE_NAMES,
  type QueueName,
} from '@boutique/shared';
import { type Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export type Queues = Record<QueueName, Queue>;

export interface QueueSettings {
  prefix: string;
  attempts: number;
  backoffMs: number;
}

/** The producer side of both queues, sharing one fail-fast Redis connection. */
export function createQueues(connection: Redis, settings: QueueSettings): Queues {
  const make = (name: QueueName) =>
    new Queue(name, {
      connection,
      prefix: settings.prefix,
      defaultJobOptions: {
        attempts: settings.attempts,
        backoff: { type: 'exponential', delay: settings.backoffMs },
        // Keep finished jobs long enough for a user to poll them and for Bull Board to show history.
        removeOnComplete: { age: 7 * 86_400, count: 1000 },
        removeOnFail: { age: 30 * 86_400, count: 5000 },
      },
    });
  return Object.fromEntries(QUEUE_NAMES.map((n) => [n, make(n)])) as Queues;
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}

/** Runs a Redis call; a connection problem becomes a 503 the client can retry later. */
export async function withQueue<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      'queue_unavailable',
      'The job queue (Redis) is not reachable right now; nothing was enqueued. Try again shortly.',
      { reason: err instanceof Error ? err.message : String(err) },
    );
  }
}

export interface Enqueued {
  jobId: string;
  /** True when an identical job was already waiting or running and that one is returned instead. */
  existing: boolean;
}

/**
 * Enqueues a job once: while a job of the same name is waiting or active, BullMQ's deduplication returns
 * that job's id instead of adding another (two concurrent trainings of one model type would only race).
 */
export async function enqueue<N extends JobName>(
  queues: Queues,
  name: N,
  data: Record<string, unknown>,
): Promise<Enqueued> {
  const definition = JOB_DEFINITIONS[name];
  const jobId = randomUUID();
  const job = await withQueue(() =>
    queues[definition.queue].add(name, data, { jobId, deduplication: { id: name } }),
  );
  const id = job.id ?? jobId;
  return { jobId: id, existing: id !== jobId };
}

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

async function describeJob(queue: QueueName, job: Job): Promise<JobStatus> {
  const state = publicState(await job.getState());
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
    if (job) return describeJob(name, job);
  }
  throw new AppError('not_found', `No job with id ${jobId} (finished jobs are kept for 7 days).`);
}

export { formatJobFailure };
