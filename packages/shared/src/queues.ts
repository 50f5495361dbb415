import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppError } from './errors';
import { JOB_DEFINITIONS, type JobName, QUEUE_NAMES, type QueueName } from './jobs';

export type Queues = Record<QueueName, Queue>;

export interface QueueSettings {
  prefix: string;
  attempts: number;
  backoffMs: number;
}

/** The producer side of both queues (API, and the worker's follow-up jobs and schedules). */
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
