import { failTrainingLog, type ModelType, startTrainingLog } from '@boutique/db';
import { InsufficientDataError } from '@boutique/ml-core';
import { formatJobFailure, type Logger } from '@boutique/shared';
import { type Job, UnrecoverableError } from 'bullmq';
import type { ZodError } from 'zod';

/** Milestones reported as job progress (0–100), so a polling client sees real steps. */
export const PROGRESS = {
  started: 5,
  dataLoaded: 25,
  fitted: 75,
  saved: 95,
} as const;

/**
 * Progress is for people watching; the work must not wait on Redis for it. Awaited, one update during a Redis
 * outage would hold a job that needs only Postgres until Redis is back. Sent in order on the worker's
 * connection; a lost update is harmless (the next one or the final state supersedes it).
 */
export function reportProgress(job: Job, percent: number): void {
  job.updateProgress(percent).catch(() => {});
}

/** An error retrying cannot fix: the job fails at once with a reason the user can act on. */
export function unrecoverable(code: string, message: string): UnrecoverableError {
  return new UnrecoverableError(formatJobFailure(code, message));
}

export function invalidJobData(error: ZodError): UnrecoverableError {
  const why = error.issues.map((i) => `${i.path.join('.') || 'data'} ${i.message}`).join('; ');
  return unrecoverable('validation_error', `invalid job data: ${why}`);
}

/** The crash tests' pause points (see TEST_PAUSE_AFTER_LOAD_MS, TEST_PAUSE_AT); no-ops outside NODE_ENV=test. */
export async function faultInjectionPause(
  config: { NODE_ENV: string; TEST_PAUSE_AFTER_LOAD_MS: number; TEST_PAUSE_AT: 'after_load' | 'in_commit' },
  point: 'after_load' | 'in_commit' = 'after_load',
) {
  if (config.NODE_ENV === 'test' && config.TEST_PAUSE_AFTER_LOAD_MS > 0 && config.TEST_PAUSE_AT === point) {
    await new Promise((resolve) => setTimeout(resolve, config.TEST_PAUSE_AFTER_LOAD_MS));
  }
}

export interface TrainingAttempt {
  logId: string;
  startedAt: number;
  /** Seconds since the attempt started. */
  elapsed(): number;
}

/**
 * Runs one attempt of a training job around `work`: opens its training log, and on failure closes the log
 * with the reason and tells BullMQ whether a retry can help (insufficient data and bad params cannot).
 */
export async function runTrainingAttempt<R>(
  job: Job,
  ctx: { db: Parameters<typeof startTrainingLog>[0]; logger: Logger; modelType: ModelType },
  params: Record<string, unknown>,
  work: (attempt: TrainingAttempt) => Promise<R>,
): Promise<R> {
  const startedAt = performance.now();
  // attemptsStarted also counts a start whose worker died (stalled-job recovery), attemptsMade does not.
  const attemptNumber = Math.max(job.attemptsStarted, job.attemptsMade + 1);
  const logId = await startTrainingLog(ctx.db, {
    modelType: ctx.modelType,
    jobId: String(job.id),
    attempt: attemptNumber,
    params,
  });
  const attempt: TrainingAttempt = {
    logId,
    startedAt,
    elapsed: () => Math.round((performance.now() - startedAt) / 10) / 100,
  };
  reportProgress(job, PROGRESS.started);
  try {
    return await work(attempt);
  } catch (err) {
    const failure =
      err instanceof InsufficientDataError
        ? unrecoverable('insufficient_data', err.message)
        : err instanceof UnrecoverableError
          ? err
          : null;
    const message =
      failure?.message ?? formatJobFailure('training_error', (err as Error).message ?? String(err));
    await failTrainingLog(ctx.db, logId, { error: message, durationSeconds: attempt.elapsed() }).catch(
      (logErr) => ctx.logger.error({ err: logErr }, 'could not record the failure in training_logs'),
    );
    ctx.logger.warn({ err, attempt: attemptNumber, retriable: !failure }, 'training attempt failed');
    throw failure ?? new Error(message, { cause: err });
  }
}
