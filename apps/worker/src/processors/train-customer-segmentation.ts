import {
  completeTrainingLog,
  paidCustomerOrders,
  saveAndActivateModel,
  saveCustomerSegments,
} from '@boutique/db';
import { addDays, type CustomerSegment, InsufficientDataError, trainSegmentation } from '@boutique/ml-core';
import { type TrainingResult, trainCustomerSegmentationBody } from '@boutique/shared';
import type { Job } from 'bullmq';
import type { WorkerDeps } from '../context';
import { invalidJobData, PROGRESS, reportProgress, runTrainingAttempt } from '../training';

/** Customers per cluster below which a segmentation says nothing. */
const MIN_CUSTOMERS_PER_CLUSTER = 3;

/** RFM features, k-means, named segments and lifetime value per customer; one transaction with the model. */
export async function trainCustomerSegmentationJob(job: Job, deps: WorkerDeps): Promise<TrainingResult> {
  const parsed = trainCustomerSegmentationBody.safeParse(job.data ?? {});
  if (!parsed.success) throw invalidJobData(parsed.error);
  const params = parsed.data;
  const { db } = deps.database;
  const logger = deps.logger.child({ jobId: job.id, job: job.name });

  return runTrainingAttempt(
    job,
    { db, logger, modelType: 'customer_segmentation' },
    params,
    async (attempt) => {
      const orders = await paidCustomerOrders(db, deps.config.STORE_TIMEZONE);
      const customers = new Set(orders.map((o) => o.customerId)).size;
      const needed = params.n_clusters * MIN_CUSTOMERS_PER_CLUSTER;
      if (customers < needed)
        throw new InsufficientDataError('customers with paid orders', customers, needed);
      const last = orders[orders.length - 1]!.date;
      const asOf = deps.config.AS_OF ?? addDays(last, 1);
      reportProgress(job, PROGRESS.dataLoaded);

      const trained = trainSegmentation(orders, asOf, { nClusters: params.n_clusters, seed: params.seed });
      reportProgress(job, PROGRESS.fitted);

      // The guide keys cluster sizes and names by cluster number.
      const byCluster = <T>(values: readonly T[]) => Object.fromEntries(values.map((v, i) => [String(i), v]));
      const metrics = {
        ...trained.metrics,
        cluster_sizes: byCluster(trained.metrics.cluster_sizes),
        cluster_names: byCluster(trained.metrics.cluster_names),
        as_of: asOf,
      };
      const durationSeconds = attempt.elapsed();
      const model = await db.transaction(async (tx) => {
        const saved = await saveAndActivateModel(tx, {
          modelType: 'customer_segmentation',
          algorithm: 'kmeans',
          params,
          metrics,
          artifact: trained.model,
          dataFrom: orders[0]!.date,
          dataTo: last,
          recordsUsed: orders.length,
          jobId: String(job.id),
        });
        await saveCustomerSegments(tx, saved.id, trained.segments.map(segmentRow));
        await completeTrainingLog(tx, attempt.logId, {
          modelId: saved.id,
          metrics,
          durationSeconds,
          recordsUsed: orders.length,
        });
        return saved;
      });
      reportProgress(job, PROGRESS.saved);
      logger.info({ modelId: model.id, version: model.version }, 'customer segmentation trained');
      return {
        model_id: model.id,
        model_type: 'customer_segmentation',
        algorithm: 'kmeans',
        version: model.version,
        metrics,
        duration_seconds: durationSeconds,
        records_used: orders.length,
        as_of: asOf,
      };
    },
  );
}

function segmentRow(s: CustomerSegment) {
  return {
    customerId: s.customerId,
    cluster: s.cluster,
    segmentType: s.segment_type,
    confidenceScore: s.confidence_score,
    // The table keeps the guide's columns; the repeat-purchase model's outputs travel in characteristics.
    characteristics: {
      ...s.characteristics,
      expected_purchases: s.expected_purchases,
      probability_alive: s.probability_alive,
    },
    lifetimeValuePrediction: Math.round(s.lifetime_value_prediction * 100) / 100,
  };
}
