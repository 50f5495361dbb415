import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { products } from './store';

export const ALERT_TYPES = ['reorder_now', 'low_stock', 'slow_moving', 'overstock', 'high_demand'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export const inventoryAnalyses = pgTable(
  'inventory_analyses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    asOf: date('as_of').notNull(),
    jobId: text('job_id'),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    productsAnalyzed: integer('products_analyzed').notNull(),
    demandSource: text('demand_source').notNull(),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
    /** Per-product figures (demand, safety stock, reorder point…) that the read endpoints serve. */
    products: jsonb('products').$type<unknown[]>().notNull().default([]),
  },
  (t) => [
    index('inventory_analyses_created_at_idx').on(t.createdAt),
    // One analysis per job, whatever happens to the job's worker between commit and acknowledgement.
    uniqueIndex('inventory_analyses_job_id_key').on(t.jobId),
  ],
);

export const inventoryAlerts = pgTable(
  'inventory_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    analysisId: uuid('analysis_id')
      .notNull()
      .references(() => inventoryAnalyses.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    alertType: text('alert_type', { enum: ALERT_TYPES }).notNull(),
    urgencyLevel: smallint('urgency_level').notNull(),
    currentStock: integer('current_stock').notNull(),
    recommendedStock: integer('recommended_stock').notNull(),
    predictedDemand7days: doublePrecision('predicted_demand_7days').notNull(),
    predictedDemand30days: doublePrecision('predicted_demand_30days').notNull(),
    estimatedStockoutDate: date('estimated_stockout_date'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    isResolved: boolean('is_resolved').notNull().default(false),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    note: text('note'),
    /** Set when a newer analysis raised the same alert again for the same product. */
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
  },
  (t) => [
    check(
      'inventory_alerts_type_valid',
      sql`${t.alertType} in ('reorder_now', 'low_stock', 'slow_moving', 'overstock', 'high_demand')`,
    ),
    check('inventory_alerts_urgency_range', sql`${t.urgencyLevel} between 1 and 5`),
    check('inventory_alerts_resolved_has_time', sql`not ${t.isResolved} or ${t.resolvedAt} is not null`),
    // At most one open alert per product and type: a new analysis supersedes, never duplicates.
    uniqueIndex('inventory_alerts_one_open_per_product_type')
      .on(t.productId, t.alertType)
      .where(sql`not ${t.isResolved} and ${t.supersededAt} is null`),
    index('inventory_alerts_analysis_idx').on(t.analysisId),
    index('inventory_alerts_created_at_idx').on(t.createdAt),
  ],
);
