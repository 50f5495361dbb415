import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../client';
import { type ModelType, mlModels } from '../schema';

export interface ActiveModel {
  id: string;
  modelType: ModelType;
  algorithm: string;
  version: number;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  artifact: unknown;
  dataFrom: string | null;
  dataTo: string | null;
  trainedAt: Date;
}

/** The active model of a type with its artifact, or null when none was trained yet. */
export async function activeModel(db: DbOrTx, modelType: ModelType): Promise<ActiveModel | null> {
  const [row] = await db
    .select({
      id: mlModels.id,
      modelType: mlModels.modelType,
      algorithm: mlModels.algorithm,
      version: mlModels.version,
      params: mlModels.params,
      metrics: mlModels.metrics,
      artifact: mlModels.artifact,
      dataFrom: mlModels.dataFrom,
      dataTo: mlModels.dataTo,
      trainedAt: mlModels.trainedAt,
    })
    .from(mlModels)
    .where(and(eq(mlModels.modelType, modelType), eq(mlModels.isActive, true)))
    .limit(1);
  return row ?? null;
}

/** Id and version of the active model of a type (cheap: no artifact), or null. */
export async function activeModelRef(
  db: DbOrTx,
  modelType: ModelType,
): Promise<{ id: string; version: number; algorithm: string } | null> {
  const [row] = await db
    .select({ id: mlModels.id, version: mlModels.version, algorithm: mlModels.algorithm })
    .from(mlModels)
    .where(and(eq(mlModels.modelType, modelType), eq(mlModels.isActive, true)))
    .limit(1);
  return row ?? null;
}

export interface NewModel {
  modelType: ModelType;
  algorithm: string;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  artifact: unknown;
  dataFrom: string | null;
  dataTo: string | null;
  recordsUsed: number;
  jobId: string | null;
}

/**
 * Stores a trained model as the next version of its type and makes it the active one, inside the
 * caller's transaction. A per-type advisory lock serialises concurrent trainings of the same type, so
 * versions never collide and exactly one model stays active. Idempotent per job id.
 */
export async function saveAndActivateModel(
  tx: Tx,
  model: NewModel,
): Promise<{ id: string; version: number }> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`ml_models:${model.modelType}`}))`);
  if (model.jobId) {
    // An earlier attempt of this job stored its model and then lost the job (e.g. its lock): reuse it.
    const [existing] = await tx
      .select({ id: mlModels.id, version: mlModels.version })
      .from(mlModels)
      .where(and(eq(mlModels.modelType, model.modelType), eq(mlModels.jobId, model.jobId)))
      .limit(1);
    if (existing) return existing;
  }
  const [last] = await tx
    .select({ version: mlModels.version })
    .from(mlModels)
    .where(eq(mlModels.modelType, model.modelType))
    .orderBy(desc(mlModels.version))
    .limit(1);
  const version = (last?.version ?? 0) + 1;
  await tx
    .update(mlModels)
    .set({ isActive: false })
    .where(and(eq(mlModels.modelType, model.modelType), eq(mlModels.isActive, true)));
  const [row] = await tx
    .insert(mlModels)
    .values({ ...model, version, isActive: true })
    .returning({ id: mlModels.id, version: mlModels.version });
  if (!row) throw new Error('insert into ml_models returned no row');
  return row;
}

/** Number of models per type, for tests and the dashboard. */
export async function countModels(db: Db, modelType: ModelType): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(mlModels)
    .where(eq(mlModels.modelType, modelType));
  return row?.n ?? 0;
}

/** What a job already committed: its model (with the completed log's duration), or null. */
export async function committedModelOfJob(db: DbOrTx, jobId: string) {
  const [row] = await db
    .select({
      id: mlModels.id,
      modelType: mlModels.modelType,
      algorithm: mlModels.algorithm,
      version: mlModels.version,
      metrics: mlModels.metrics,
      recordsUsed: mlModels.recordsUsed,
      dataTo: mlModels.dataTo,
      durationSeconds: sql<number | null>`(
        select duration_seconds from training_logs
        where training_logs.model_id = ${mlModels.id} and training_logs.status = 'completed'
        limit 1)`,
    })
    .from(mlModels)
    .where(eq(mlModels.jobId, jobId))
    .limit(1);
  return row ?? null;
}
