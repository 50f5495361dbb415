import { z } from 'zod';

/** The two BullMQ queues: model training, and analyses (inventory, imports). */
export const QUEUE_NAMES = ['training', 'analysis'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Forecast algorithms the worker can train. */
export const FORECAST_ALGORITHMS = ['random_forest', 'gradient_boosting', 'linear'] as const;
export type ForecastAlgorithm = (typeof FORECAST_ALGORITHMS)[number];

const confidenceLevel = z
  .number({ error: 'must be a number between 0.5 and 0.99 (e.g. 0.8 for 80%)' })
  .min(0.5, 'must be at least 0.5')
  .max(0.99, 'must be at most 0.99');

/** Every model takes a seed: the same data and seed give the same model. */
const seed = z
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .min(0, 'must be ≥ 0')
  .max(2 ** 31 - 1, 'must be < 2^31')
  .default(42);

export const trainSalesForecastBody = z.strictObject({
  /** The guide's default algorithm. */
  model_type: z
    .enum(FORECAST_ALGORITHMS, { error: `must be one of: ${FORECAST_ALGORITHMS.join(', ')}` })
    .default('random_forest'),
  /** Level whose empirical coverage the training metrics report (default 0.8). */
  confidence_level: confidenceLevel.default(0.8),
  seed,
});
export type TrainSalesForecastData = z.infer<typeof trainSalesForecastBody>;

export const predictSalesBody = z.strictObject({
  days_ahead: z
    .number({ error: 'must be a whole number of days between 1 and 90' })
    .int('must be a whole number of days between 1 and 90')
    .min(1, 'must be at least 1')
    .max(90, 'must be at most 90')
    .default(30),
  /** Nominal coverage of confidence_lower..confidence_upper (default: the model's, 0.8). */
  confidence_level: confidenceLevel.optional(),
});
export type PredictSalesInput = z.infer<typeof predictSalesBody>;

export const trainProductRecommendationBody = z.strictObject({
  /** Recommendations stored per product and method (the API serves up to 50). */
  top_n: z
    .number({ error: 'must be a whole number from 20 to 50' })
    .int('must be a whole number from 20 to 50')
    .min(20, 'must be at least 20')
    .max(50, 'must be at most 50')
    .default(50),
  /** Hybrid blend of bought-together and content similarity. */
  weights: z
    .strictObject({
      bought_together: z.number({ error: 'must be a number from 0 to 1' }).min(0).max(1),
      similar: z.number({ error: 'must be a number from 0 to 1' }).min(0).max(1),
    })
    .refine((w) => w.bought_together + w.similar > 0, 'the two weights cannot both be 0')
    .optional(),
  out_of_stock: z
    .enum(['rank_down', 'filter', 'keep'], { error: 'must be one of: rank_down, filter, keep' })
    .default('rank_down'),
});
export type TrainProductRecommendationData = z.infer<typeof trainProductRecommendationBody>;

export const trainCustomerSegmentationBody = z.strictObject({
  n_clusters: z
    .number({ error: 'must be a whole number from 2 to 12' })
    .int('must be a whole number from 2 to 12')
    .min(2, 'must be at least 2')
    .max(12, 'must be at most 12')
    .default(6),
  seed,
});
export type TrainCustomerSegmentationData = z.infer<typeof trainCustomerSegmentationBody>;

export const analyzeInventoryBody = z.strictObject({
  /** Probability of not running out during a lead time. */
  service_level: z
    .number({ error: 'must be a number from 0.5 to 0.999' })
    .min(0.5, 'must be at least 0.5')
    .max(0.999, 'must be at most 0.999')
    .default(0.95),
  /** Days an order must last beyond its lead time. */
  review_period_days: z
    .number({ error: 'must be a whole number of days from 1 to 365' })
    .int('must be a whole number of days from 1 to 365')
    .min(1, 'must be at least 1')
    .max(365, 'must be at most 365')
    .default(30),
  /** Fixed cost of one purchase order and annual holding cost rate: EOQ is used when both are given. */
  ordering_cost: z.number({ error: 'must be a number ≥ 0' }).min(0, 'must be ≥ 0').max(1e6).optional(),
  holding_cost_rate: z
    .number({ error: 'must be a fraction of unit cost per year, e.g. 0.25' })
    .gt(0, 'must be > 0')
    .max(5, 'must be at most 5')
    .optional(),
});
export type AnalyzeInventoryData = z.infer<typeof analyzeInventoryBody>;

/** The kinds of CSV the import job reads (see packages/db/src/import). */
export const IMPORT_FILE_KINDS = ['transactions', 'orders', 'products', 'customers'] as const;

/**
 * An uploaded CSV to import: `upload` is the file's name inside IMPORT_DIR (the API writes it there, a
 * worker reads it; both must see the same directory), the rest are the import's options.
 */
export const importStoreData = z.strictObject({
  upload: z
    .string({ error: 'must be the name of an uploaded file' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/, 'must be the name of an uploaded file in IMPORT_DIR'),
  kind: z
    .enum(IMPORT_FILE_KINDS, { error: `must be one of: ${IMPORT_FILE_KINDS.join(', ')}` })
    .default('transactions'),
  /** The name the file had on the client, for the report. */
  original_name: z.string().max(255).optional(),
  /** Field → column header, overriding the detected columns. */
  map: z.record(z.string().max(64), z.string().max(200)).optional(),
  date_format: z.enum(['dmy', 'mdy'], { error: 'must be dmy (03/05/2024 = 3 May) or mdy' }).default('dmy'),
  encoding: z.enum(['utf8', 'latin1'], { error: 'must be utf8 or latin1' }).default('utf8'),
  /** Order ids starting with this text are cancellations (default: "C" for UCI-style files). */
  cancel_prefix: z.string().min(1).max(10).optional(),
});
export type ImportStoreData = z.infer<typeof importStoreData>;

/**
 * Every job the system runs: its queue, the model type it produces (if any), and the schema of its data.
 * The API validates request bodies with `data`, the worker validates job data with the same schema.
 */
export const JOB_DEFINITIONS = {
  'train-sales-forecast': {
    queue: 'training',
    modelType: 'sales_forecast',
    data: trainSalesForecastBody,
    label: 'sales forecast training',
    postedAs: 'json',
  },
  'train-product-recommendation': {
    queue: 'training',
    modelType: 'product_recommendation',
    data: trainProductRecommendationBody,
    label: 'product recommendation training',
    postedAs: 'json',
  },
  'train-customer-segmentation': {
    queue: 'training',
    modelType: 'customer_segmentation',
    data: trainCustomerSegmentationBody,
    label: 'customer segmentation training',
    postedAs: 'json',
  },
  'analyze-inventory': {
    queue: 'analysis',
    modelType: null,
    data: analyzeInventoryBody,
    label: 'inventory analysis',
    postedAs: 'json',
  },
  'import-store': {
    queue: 'analysis',
    modelType: null,
    data: importStoreData,
    label: 'store data import',
    // The file must reach the worker: queued only by POST /api/store/import/ (multipart), never by naming one.
    postedAs: 'upload',
  },
} as const satisfies Record<
  string,
  {
    queue: QueueName;
    modelType: string | null;
    data: z.ZodType;
    label: string;
    /** How a client queues it: a JSON POST /api/ml/<job-name>/, or its own upload route. */
    postedAs: 'json' | 'upload';
  }
>;

export type JobName = keyof typeof JOB_DEFINITIONS;
export type JobData<N extends JobName> = z.infer<(typeof JOB_DEFINITIONS)[N]['data']>;

/** What a training job returns: the guide's training response. */
export interface TrainingResult {
  model_id: string;
  model_type: string;
  algorithm: string;
  version: number;
  metrics: Record<string, unknown>;
  duration_seconds: number;
  records_used: number;
  as_of: string;
}

/**
 * Failure reasons travel through BullMQ as text; `code: message` keeps the machine-readable code.
 * These helpers are the only place that format is written or read.
 */
export function formatJobFailure(code: string, message: string): string {
  return `${code}: ${message}`;
}

export function parseJobFailure(reason: string | undefined): { code: string; message: string } | null {
  if (!reason) return null;
  const m = /^([a-z_]+): ([\s\S]*)$/.exec(reason);
  return m ? { code: m[1] as string, message: m[2] as string } : { code: 'job_failed', message: reason };
}
