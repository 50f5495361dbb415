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

export const trainSalesForecastBody = z.strictObject({
  /** The guide's default algorithm. */
  model_type: z
    .enum(FORECAST_ALGORITHMS, { error: `must be one of: ${FORECAST_ALGORITHMS.join(', ')}` })
    .default('random_forest'),
  /** Level whose empirical coverage the training metrics report (default 0.8). */
  confidence_level: confidenceLevel.default(0.8),
  seed: z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be ≥ 0')
    .max(2 ** 31 - 1, 'must be < 2^31')
    .default(42),
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
  },
} as const satisfies Record<
  string,
  { queue: QueueName; modelType: string | null; data: z.ZodType; label: string }
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
