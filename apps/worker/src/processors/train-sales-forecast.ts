import { completeTrainingLog, dailySales, paidSalesSpan, saveAndActivateModel } from '@boutique/db';
import {
  addDays,
  buildDailySeries,
  FORECAST_MIN_HISTORY_DAYS,
  InsufficientDataError,
  trainSalesForecast,
} from '@boutique/ml-core';
import { type TrainingResult, trainSalesForecastBody } from '@boutique/shared';
import type { Job } from 'bullmq';
import type { WorkerDeps } from '../context';
import { faultInjectionPause, invalidJobData, PROGRESS, runTrainingAttempt } from '../training';

/** Loads paid daily sales, trains and evaluates the forecast, stores and activates it in one transaction. */
export async function trainSalesForecastJob(job: Job, deps: WorkerDeps): Promise<TrainingResult> {
  const parsed = trainSalesForecastBody.safeParse(job.data ?? {});
  if (!parsed.success) throw invalidJobData(parsed.error);
  const params = parsed.data;
  const { db } = deps.database;
  const logger = deps.logger.child({ jobId: job.id, job: job.name });

  return runTrainingAttempt(job, { db, logger, modelType: 'sales_forecast' }, params, async (attempt) => {
    const timezone = deps.config.STORE_TIMEZONE;
    const span = await paidSalesSpan(db, timezone);
    if (!span) throw new InsufficientDataError('days of sales history', 0, FORECAST_MIN_HISTORY_DAYS);
    const asOf = deps.config.AS_OF ?? addDays(span.last, 1);
    const to = addDays(asOf, -1);
    const rows = await dailySales(db, { from: span.first, to, timezone });
    const series = buildDailySeries(rows, { from: span.first, to });
    await job.updateProgress(PROGRESS.dataLoaded);
    await faultInjectionPause(deps.config);

    const training = trainSalesForecast(series, { algorithm: params.model_type, seed: 42 });
    await job.updateProgress(PROGRESS.fitted);

    const durationSeconds = attempt.elapsed();
    const metrics = { ...training.metrics, as_of: asOf };
    const model = await db.transaction(async (tx) => {
      const saved = await saveAndActivateModel(tx, {
        modelType: 'sales_forecast',
        algorithm: params.model_type,
        params: { ...params, seed: 42 },
        metrics,
        artifact: training.artifact,
        dataFrom: training.dataFrom,
        dataTo: training.dataTo,
        recordsUsed: training.recordsUsed,
        jobId: String(job.id),
      });
      await completeTrainingLog(tx, attempt.logId, {
        modelId: saved.id,
        metrics,
        durationSeconds,
        recordsUsed: training.recordsUsed,
      });
      return saved;
    });
    await job.updateProgress(PROGRESS.saved);
    logger.info({ modelId: model.id, version: model.version, metrics }, 'sales forecast trained');
    return {
      model_id: model.id,
      model_type: 'sales_forecast',
      algorithm: params.model_type,
      version: model.version,
      metrics,
      duration_seconds: durationSeconds,
      records_used: training.recordsUsed,
      as_of: asOf,
    };
  });
}
