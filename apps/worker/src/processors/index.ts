import type { JobName } from '@boutique/shared';
import type { Job } from 'bullmq';
import type { WorkerDeps } from '../context';
import { analyzeInventoryJob } from './analyze-inventory';
import { importStoreJob } from './import-store';
import { trainCustomerSegmentationJob } from './train-customer-segmentation';
import { trainProductRecommendationJob } from './train-product-recommendation';
import { trainSalesForecastJob } from './train-sales-forecast';

export type Processor = (job: Job, deps: WorkerDeps) => Promise<unknown>;

/** One processor per job name; the queue a job runs on is given by JOB_DEFINITIONS. */
export const PROCESSORS: Record<JobName, Processor> = {
  'train-sales-forecast': trainSalesForecastJob,
  'train-product-recommendation': trainProductRecommendationJob,
  'train-customer-segmentation': trainCustomerSegmentationJob,
  'analyze-inventory': analyzeInventoryJob,
  'import-store': importStoreJob,
};
