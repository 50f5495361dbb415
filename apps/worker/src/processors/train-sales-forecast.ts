import {
  activeProductCategories,
  completeTrainingLog,
  dailySales,
  paidSalesSpan,
  productDailyUnits,
  saveAndActivateModel,
  saveProductDemand,
} from '@boutique/db';
import {
  addDays,
  buildDailySeries,
  FORECAST_HISTORY_DAYS,
  FORECAST_MIN_HISTORY_DAYS,
  forecastSales,
  InsufficientDataError,
  type ProductDemand,
  productDemand,
  type SalesForecastTraining,
  sliceSeries,
  trainSalesForecast,
} from '@boutique/ml-core';
import { enqueue, type TrainingResult, trainSalesForecastBody } from '@boutique/shared';
import type { Job } from 'bullmq';
import type { WorkerDeps } from '../context';
import {
  faultInjectionPause,
  invalidJobData,
  PROGRESS,
  reportProgress,
  runTrainingAttempt,
} from '../training';

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
    reportProgress(job, PROGRESS.dataLoaded);
    await faultInjectionPause(deps.config);

    const training = trainSalesForecast(series, {
      algorithm: params.model_type,
      seed: params.seed,
      confidenceLevel: params.confidence_level,
    });
    reportProgress(job, PROGRESS.fitted);
    const demand = await perProductDemand(deps, training, series, asOf);

    const durationSeconds = attempt.elapsed();
    const metrics = { ...training.metrics, as_of: asOf, products_with_demand: demand.length };
    const model = await db.transaction(async (tx) => {
      const saved = await saveAndActivateModel(tx, {
        modelType: 'sales_forecast',
        algorithm: params.model_type,
        params: { ...params, ...training.artifact.params },
        metrics,
        artifact: training.artifact,
        dataFrom: training.dataFrom,
        dataTo: training.dataTo,
        recordsUsed: training.recordsUsed,
        jobId: String(job.id),
      });
      await saveProductDemand(tx, saved.id, asOf, demand.map(demandRow));
      await faultInjectionPause(deps.config, 'in_commit');
      await completeTrainingLog(tx, attempt.logId, {
        modelId: saved.id,
        metrics,
        durationSeconds,
        recordsUsed: training.recordsUsed,
      });
      return saved;
    });
    reportProgress(job, PROGRESS.saved);
    logger.info({ modelId: model.id, version: model.version, metrics }, 'sales forecast trained');
    if (deps.config.INVENTORY_AFTER_FORECAST) {
      // New demand figures: re-plan the stock. A failure here must not fail the training that succeeded.
      await enqueue(deps.queues, 'analyze-inventory', {}).catch((err) =>
        logger.warn({ err }, 'could not queue the inventory analysis after training'),
      );
    }
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

/** Days of per-product sales the demand estimate looks back on. */
const DEMAND_WINDOW_DAYS = 90;

/**
 * Expected units per product for the next 7 and 30 days: recent sales pooled by category, scaled by
 * the season of the model just trained (its unit forecast over each horizon).
 */
async function perProductDemand(
  deps: WorkerDeps,
  training: SalesForecastTraining,
  series: ReturnType<typeof buildDailySeries>,
  asOf: string,
): Promise<ProductDemand[]> {
  const { db } = deps.database;
  const products = await activeProductCategories(db);
  if (products.length === 0) return [];
  const window = { from: addDays(asOf, -DEMAND_WINDOW_DAYS), to: addDays(asOf, -1) };
  const sales = await productDailyUnits(db, { ...window, timezone: deps.config.STORE_TIMEZONE });
  const days = series.amount.length;
  const history = sliceSeries(series, Math.max(0, days - FORECAST_HISTORY_DAYS), days);
  const forecast = forecastSales(training.artifact, history, 30).predictions;
  const meanUnits = (n: number) => forecast.slice(0, n).reduce((s, d) => s + d.predicted_quantity, 0) / n;
  return productDemand(products, sales, {
    window,
    storeForecast: { dailyUnits7: meanUnits(7), dailyUnits30: meanUnits(30) },
  });
}

function demandRow(d: ProductDemand) {
  return {
    productId: d.productId,
    dailyMean7: d.dailyMean7,
    dailyStd7: d.dailyStd7,
    dailyMean30: d.dailyMean30,
    dailyStd30: d.dailyStd30,
    demand7: d.demand7,
    demand30: d.demand30,
    source: d.source,
    unitsInWindow: d.unitsInWindow,
  };
}
