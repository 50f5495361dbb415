import {
  completeTrainingLog,
  paidBaskets,
  productsForRecommendation,
  saveAndActivateModel,
  saveRecommendations,
} from '@boutique/db';
import { InsufficientDataError, trainRecommendations } from '@boutique/ml-core';
import { type TrainingResult, trainProductRecommendationBody } from '@boutique/shared';
import type { Job } from 'bullmq';
import type { WorkerDeps } from '../context';
import { invalidJobData, PROGRESS, reportProgress, runTrainingAttempt } from '../training';

/** Paid orders below which co-purchase statistics are noise. */
const MIN_BASKETS = 20;

/** Builds bought-together, similar and hybrid lists for every active product; one transaction with the model. */
export async function trainProductRecommendationJob(job: Job, deps: WorkerDeps): Promise<TrainingResult> {
  const parsed = trainProductRecommendationBody.safeParse(job.data ?? {});
  if (!parsed.success) throw invalidJobData(parsed.error);
  const params = parsed.data;
  const { db } = deps.database;
  const logger = deps.logger.child({ jobId: job.id, job: job.name });

  return runTrainingAttempt(
    job,
    { db, logger, modelType: 'product_recommendation' },
    params,
    async (attempt) => {
      const [products, baskets] = await Promise.all([
        productsForRecommendation(db),
        paidBaskets(db, deps.config.STORE_TIMEZONE),
      ]);
      if (baskets.length < MIN_BASKETS)
        throw new InsufficientDataError('paid orders', baskets.length, MIN_BASKETS);
      reportProgress(job, PROGRESS.dataLoaded);

      const options = {
        topN: params.top_n,
        outOfStock: params.out_of_stock,
        ...(params.weights
          ? { weights: { boughtTogether: params.weights.bought_together, similar: params.weights.similar } }
          : {}),
      };
      const trained = trainRecommendations(products, baskets, options);
      reportProgress(job, PROGRESS.fitted);

      const metrics = { ...trained.metrics };
      const durationSeconds = attempt.elapsed();
      const first = baskets[0]?.date ?? null;
      const last = baskets[baskets.length - 1]?.date ?? null;
      const model = await db.transaction(async (tx) => {
        const saved = await saveAndActivateModel(tx, {
          modelType: 'product_recommendation',
          algorithm: 'hybrid',
          params: { ...params, ...options },
          metrics,
          // The lists themselves are the model (in product_recommendations); the artifact says how they were made.
          artifact: { format: 'boutique-ml/product-recommendation', version: 1, options },
          dataFrom: first,
          dataTo: last,
          recordsUsed: baskets.length,
          jobId: String(job.id),
        });
        await saveRecommendations(tx, saved.id, trained.recommendations);
        await completeTrainingLog(tx, attempt.logId, {
          modelId: saved.id,
          metrics,
          durationSeconds,
          recordsUsed: baskets.length,
        });
        return saved;
      });
      reportProgress(job, PROGRESS.saved);
      logger.info({ modelId: model.id, version: model.version }, 'product recommendations trained');
      return {
        model_id: model.id,
        model_type: 'product_recommendation',
        algorithm: 'hybrid',
        version: model.version,
        metrics,
        duration_seconds: durationSeconds,
        records_used: baskets.length,
        as_of: last ?? '',
      };
    },
  );
}
