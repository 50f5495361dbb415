import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { customers, products } from './store';

export const MODEL_TYPES = ['sales_forecast', 'product_recommendation', 'customer_segmentation'] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

export const TRAINING_STATUSES = ['started', 'completed', 'failed'] as const;
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];

export const RECOMMENDATION_METHODS = ['bought_together', 'similar', 'hybrid'] as const;
export type RecommendationMethod = (typeof RECOMMENDATION_METHODS)[number];

export const mlModels = pgTable(
  'ml_models',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelType: text('model_type', { enum: MODEL_TYPES }).notNull(),
    algorithm: text('algorithm').notNull(),
    version: integer('version').notNull(),
    isActive: boolean('is_active').notNull().default(false),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    metrics: jsonb('metrics').$type<Record<string, unknown>>().notNull().default({}),
    /** The serialized model: enough for ml-core to reload it and predict exactly as after training. */
    artifact: jsonb('artifact').$type<unknown>().notNull(),
    dataFrom: date('data_from'),
    dataTo: date('data_to'),
    recordsUsed: integer('records_used').notNull().default(0),
    trainedAt: timestamp('trained_at', { withTimezone: true }).notNull().defaultNow(),
    jobId: text('job_id'),
  },
  (t) => [
    check(
      'ml_models_type_valid',
      sql`${t.modelType} in ('sales_forecast', 'product_recommendation', 'customer_segmentation')`,
    ),
    check('ml_models_version_positive', sql`${t.version} > 0`),
    uniqueIndex('ml_models_type_version_key').on(t.modelType, t.version),
    // The database, not the app, guarantees at most one active model per type.
    uniqueIndex('ml_models_one_active_per_type').on(t.modelType).where(sql`${t.isActive}`),
    index('ml_models_trained_at_idx').on(t.trainedAt),
    // A job that runs again (its worker lost Redis after committing) must find its model, not make a second.
    uniqueIndex('ml_models_job_id_key').on(t.jobId),
  ],
);

export const trainingLogs = pgTable(
  'training_logs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelType: text('model_type', { enum: MODEL_TYPES }).notNull(),
    jobId: text('job_id').notNull(),
    attempt: integer('attempt').notNull().default(1),
    status: text('status', { enum: TRAINING_STATUSES }).notNull().default('started'),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationSeconds: doublePrecision('duration_seconds'),
    metrics: jsonb('metrics').$type<Record<string, unknown>>(),
    error: text('error'),
    modelId: uuid('model_id').references(() => mlModels.id, { onDelete: 'set null' }),
    recordsUsed: integer('records_used'),
  },
  (t) => [
    check(
      'training_logs_type_valid',
      sql`${t.modelType} in ('sales_forecast', 'product_recommendation', 'customer_segmentation')`,
    ),
    check('training_logs_status_valid', sql`${t.status} in ('started', 'completed', 'failed')`),
    check('training_logs_completed_has_model', sql`${t.status} <> 'completed' or ${t.modelId} is not null`),
    index('training_logs_started_at_idx').on(t.startedAt),
    index('training_logs_job_idx').on(t.jobId),
  ],
);

export const predictions = pgTable(
  'predictions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => mlModels.id, { onDelete: 'cascade' }),
    predictionType: text('prediction_type').notNull(),
    input: jsonb('input').$type<Record<string, unknown>>().notNull(),
    output: jsonb('output').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('predictions_created_at_idx').on(t.createdAt), index('predictions_model_idx').on(t.modelId)],
);

export const productRecommendations = pgTable(
  'product_recommendations',
  {
    modelId: uuid('model_id')
      .notNull()
      .references(() => mlModels.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    recommendedProductId: uuid('recommended_product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    score: doublePrecision('score').notNull(),
    rank: smallint('rank').notNull(),
    method: text('method', { enum: RECOMMENDATION_METHODS }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.modelId, t.productId, t.method, t.rank] }),
    check('product_recommendations_score_range', sql`${t.score} >= 0 and ${t.score} <= 1`),
    check('product_recommendations_rank_positive', sql`${t.rank} >= 1`),
    check('product_recommendations_not_self', sql`${t.productId} <> ${t.recommendedProductId}`),
    check(
      'product_recommendations_method_valid',
      sql`${t.method} in ('bought_together', 'similar', 'hybrid')`,
    ),
  ],
);

export const customerSegments = pgTable(
  'customer_segments',
  {
    modelId: uuid('model_id')
      .notNull()
      .references(() => mlModels.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    cluster: smallint('cluster').notNull(),
    segmentType: text('segment_type').notNull(),
    confidenceScore: doublePrecision('confidence_score').notNull(),
    characteristics: jsonb('characteristics').$type<Record<string, number>>().notNull(),
    lifetimeValuePrediction: numeric('lifetime_value_prediction', {
      precision: 12,
      scale: 2,
      mode: 'number',
    }),
  },
  (t) => [
    primaryKey({ columns: [t.modelId, t.customerId] }),
    check('customer_segments_confidence_range', sql`${t.confidenceScore} >= 0 and ${t.confidenceScore} <= 1`),
    index('customer_segments_model_cluster_idx').on(t.modelId, t.cluster),
  ],
);

export const DEMAND_SOURCES = ['product_history', 'category_pooled'] as const;

/**
 * Expected units per product for the next 7 and 30 days, computed with each sales forecast model (its
 * season) and kept with it: the inventory analysis reads the active model's rows.
 */
export const productDemandForecasts = pgTable(
  'product_demand_forecasts',
  {
    modelId: uuid('model_id')
      .notNull()
      .references(() => mlModels.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    asOf: date('as_of').notNull(),
    dailyMean7: doublePrecision('daily_mean_7').notNull(),
    dailyStd7: doublePrecision('daily_std_7').notNull(),
    dailyMean30: doublePrecision('daily_mean_30').notNull(),
    dailyStd30: doublePrecision('daily_std_30').notNull(),
    demand7: doublePrecision('demand_7').notNull(),
    demand30: doublePrecision('demand_30').notNull(),
    source: text('source', { enum: DEMAND_SOURCES }).notNull(),
    unitsInWindow: integer('units_in_window').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.modelId, t.productId] }),
    check('product_demand_nonnegative', sql`${t.dailyMean7} >= 0 and ${t.dailyMean30} >= 0`),
    check('product_demand_source_valid', sql`${t.source} in ('product_history', 'category_pooled')`),
    index('product_demand_product_idx').on(t.productId),
  ],
);
