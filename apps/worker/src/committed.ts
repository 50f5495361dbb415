import { committedModelOfJob, type Db, inventoryAnalysisOfJob } from '@boutique/db';
import { JOB_DEFINITIONS, type JobName, type TrainingResult } from '@boutique/shared';
import type { Job } from 'bullmq';
import type { InventoryJobResult } from './processors/analyze-inventory';

/**
 * A job can run again after it committed: its worker lost Redis between the commit and telling BullMQ, so the
 * lock expired and the stalled-job check handed it on. Its model (or analysis) is then already in Postgres —
 * unique by job id — and the re-run answers with that instead of training a second one. Runs before every
 * job: one indexed lookup.
 */
export async function committedResult(
  db: Db,
  job: Job,
): Promise<
  (TrainingResult & { already_committed: true }) | (InventoryJobResult & { already_committed: true }) | null
> {
  const jobId = String(job.id);
  const name = job.name as JobName;
  if (name === 'analyze-inventory') {
    const analysis = await inventoryAnalysisOfJob(db, jobId);
    if (!analysis) return null;
    const { health, ...summary } = analysis.summary as { health?: { health_score?: number } };
    return {
      analysis_id: analysis.id,
      as_of: analysis.asOf,
      demand_source: analysis.demandSource,
      total_products_analyzed: analysis.productsAnalyzed,
      summary,
      health_score: health?.health_score ?? 0,
      superseded_alerts: 0,
      already_committed: true,
    };
  }
  // Only training jobs commit a model; an import is idempotent by the file's own ids and has nothing to find.
  if (!JOB_DEFINITIONS[name]?.modelType) return null;
  const model = await committedModelOfJob(db, jobId);
  if (!model) return null;
  return {
    model_id: model.id,
    model_type: model.modelType,
    algorithm: model.algorithm,
    version: model.version,
    metrics: model.metrics,
    duration_seconds: model.durationSeconds ?? 0,
    records_used: model.recordsUsed,
    as_of: String(model.metrics.as_of ?? model.dataTo ?? ''),
    already_committed: true,
  };
}

/** The unique index on job id refused a second commit: another run of this job got there first. */
export function isDuplicateCommit(err: unknown): boolean {
  // The Postgres error sits under one or two wrappers (drizzle's query error, the attempt's own).
  for (let e = err as PgErrorLike | undefined, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (e.code === '23505' && JOB_UNIQUE_INDEXES.has(e.constraint_name ?? '')) return true;
  }
  return false;
}

interface PgErrorLike {
  code?: string;
  constraint_name?: string;
  cause?: PgErrorLike;
}

const JOB_UNIQUE_INDEXES = new Set(['ml_models_job_id_key', 'inventory_analyses_job_id_key']);
