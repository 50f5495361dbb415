import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { type ModelType, trainingLogs } from '../schema';

/**
 * Opens the log of one attempt of a training job. A `started` log left by an earlier attempt of the same
 * job means that attempt's worker died mid-way: it is closed as failed so the log tells the story.
 */
export async function startTrainingLog(
  db: DbOrTx,
  entry: { modelType: ModelType; jobId: string; attempt: number; params: Record<string, unknown> },
): Promise<string> {
  return db.transaction(async (tx) => {
    await tx
      .update(trainingLogs)
      .set({
        status: 'failed',
        finishedAt: new Date(),
        error: `interrupted: the worker stopped before finishing; the job was taken up again as attempt ${entry.attempt}`,
      })
      .where(
        // A job runs in one place at a time, so any log of it still open belongs to a dead attempt.
        and(eq(trainingLogs.jobId, entry.jobId), eq(trainingLogs.status, 'started')),
      );
    const [row] = await tx.insert(trainingLogs).values(entry).returning({ id: trainingLogs.id });
    if (!row) throw new Error('insert into training_logs returned no row');
    return row.id;
  });
}

/** Marks an attempt completed with its model, inside the transaction that stored the model. */
export async function completeTrainingLog(
  tx: DbOrTx,
  logId: string,
  result: { modelId: string; metrics: Record<string, unknown>; durationSeconds: number; recordsUsed: number },
): Promise<void> {
  await tx
    .update(trainingLogs)
    .set({
      status: 'completed',
      finishedAt: new Date(),
      modelId: result.modelId,
      metrics: result.metrics,
      durationSeconds: result.durationSeconds,
      recordsUsed: result.recordsUsed,
    })
    .where(eq(trainingLogs.id, logId));
}

/** Marks an attempt failed with the reason a user can act on. */
export async function failTrainingLog(
  db: DbOrTx,
  logId: string,
  failure: { error: string; durationSeconds: number; recordsUsed?: number | undefined },
): Promise<void> {
  await db
    .update(trainingLogs)
    .set({
      status: 'failed',
      finishedAt: new Date(),
      error: failure.error,
      durationSeconds: failure.durationSeconds,
      recordsUsed: failure.recordsUsed ?? null,
    })
    .where(eq(trainingLogs.id, logId));
}

/** All log rows of a job, oldest first (tests and the job detail use it). */
export async function trainingLogsOfJob(db: DbOrTx, jobId: string) {
  return db.select().from(trainingLogs).where(eq(trainingLogs.jobId, jobId)).orderBy(trainingLogs.startedAt);
}
