import { and, asc, count, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx, Tx } from '../client';
import {
  type AlertType,
  customerSegments,
  inventoryAlerts,
  type ModelType,
  mlModels,
  predictions,
  type TrainingStatus,
  trainingLogs,
} from '../schema';
import { customers, products } from '../schema/store';

/** One page of a list: rows plus the total the filters match. */
export interface Page<T> {
  count: number;
  rows: T[];
}

export interface PageQuery<O extends string> {
  page: number;
  pageSize: number;
  /** A column name, `-name` for descending. */
  ordering: O;
}

type Ordering<O extends string> = Record<O extends `-${infer C}` ? C : O, PgColumn>;

function orderBy<O extends string>(ordering: string, columns: Ordering<O>, tieBreak: PgColumn): SQL[] {
  const descending = ordering.startsWith('-');
  const column = (columns as Record<string, PgColumn>)[descending ? ordering.slice(1) : ordering];
  if (!column) throw new RangeError(`cannot order by ${ordering}`);
  // A unique tie-break keeps pages stable when many rows share the ordering value.
  return [descending ? desc(column) : asc(column), asc(tieBreak)];
}

const modelColumns = {
  id: mlModels.id,
  model_type: mlModels.modelType,
  algorithm: mlModels.algorithm,
  version: mlModels.version,
  is_active: mlModels.isActive,
  params: mlModels.params,
  metrics: mlModels.metrics,
  data_from: mlModels.dataFrom,
  data_to: mlModels.dataTo,
  records_used: mlModels.recordsUsed,
  trained_at: mlModels.trainedAt,
  job_id: mlModels.jobId,
};

export const MODEL_ORDERINGS = ['trained_at', '-trained_at', 'version', '-version'] as const;

/** Models without their artifacts (a forest's is megabytes), filtered and paged. */
export async function listModels(
  db: DbOrTx,
  filter: { modelType?: ModelType | undefined; isActive?: boolean | undefined },
  page: PageQuery<(typeof MODEL_ORDERINGS)[number]>,
) {
  const where = and(
    filter.modelType ? eq(mlModels.modelType, filter.modelType) : undefined,
    filter.isActive === undefined ? undefined : eq(mlModels.isActive, filter.isActive),
  );
  const [total] = await db.select({ n: count() }).from(mlModels).where(where);
  const rows = await db
    .select(modelColumns)
    .from(mlModels)
    .where(where)
    .orderBy(
      ...orderBy(page.ordering, { trained_at: mlModels.trainedAt, version: mlModels.version }, mlModels.id),
    )
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  return { count: total?.n ?? 0, rows };
}

/** One model without its artifact (its size instead), or null. */
export async function modelById(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ ...modelColumns, artifact_bytes: sql<number>`pg_column_size(${mlModels.artifact})` })
    .from(mlModels)
    .where(eq(mlModels.id, id));
  return row ?? null;
}

/**
 * Makes `id` the active model of its type (a rollback to an older version), in the caller's transaction,
 * under the same per-type lock as training. Returns null when there is no such model.
 */
export async function activateModel(tx: Tx, id: string) {
  const [target] = await tx
    .select({ modelType: mlModels.modelType })
    .from(mlModels)
    .where(eq(mlModels.id, id));
  if (!target) return null;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`ml_models:${target.modelType}`}))`);
  await tx
    .update(mlModels)
    .set({ isActive: false })
    .where(and(eq(mlModels.modelType, target.modelType), eq(mlModels.isActive, true)));
  await tx.update(mlModels).set({ isActive: true }).where(eq(mlModels.id, id));
  return modelById(tx, id);
}

export const PREDICTION_ORDERINGS = ['created_at', '-created_at'] as const;

export async function listPredictions(
  db: DbOrTx,
  filter: { predictionType?: string | undefined; modelId?: string | undefined },
  page: PageQuery<(typeof PREDICTION_ORDERINGS)[number]>,
) {
  const where = and(
    filter.predictionType ? eq(predictions.predictionType, filter.predictionType) : undefined,
    filter.modelId ? eq(predictions.modelId, filter.modelId) : undefined,
  );
  const [total] = await db.select({ n: count() }).from(predictions).where(where);
  const rows = await db
    .select({
      id: predictions.id,
      model_id: predictions.modelId,
      prediction_type: predictions.predictionType,
      input: predictions.input,
      output: predictions.output,
      created_at: predictions.createdAt,
      user_id: predictions.userId,
    })
    .from(predictions)
    .where(where)
    .orderBy(...orderBy(page.ordering, { created_at: predictions.createdAt }, predictions.id))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  return { count: total?.n ?? 0, rows };
}

export async function predictionById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(predictions).where(eq(predictions.id, id));
  return row ?? null;
}

export const TRAINING_LOG_ORDERINGS = [
  'started_at',
  '-started_at',
  'duration_seconds',
  '-duration_seconds',
] as const;

const trainingLogColumns = {
  id: trainingLogs.id,
  model_type: trainingLogs.modelType,
  job_id: trainingLogs.jobId,
  attempt: trainingLogs.attempt,
  status: trainingLogs.status,
  params: trainingLogs.params,
  started_at: trainingLogs.startedAt,
  finished_at: trainingLogs.finishedAt,
  duration_seconds: trainingLogs.durationSeconds,
  metrics: trainingLogs.metrics,
  error: trainingLogs.error,
  model_id: trainingLogs.modelId,
  records_used: trainingLogs.recordsUsed,
};

export async function listTrainingLogs(
  db: DbOrTx,
  filter: { modelType?: ModelType | undefined; status?: TrainingStatus | undefined },
  page: PageQuery<(typeof TRAINING_LOG_ORDERINGS)[number]>,
) {
  const where = and(
    filter.modelType ? eq(trainingLogs.modelType, filter.modelType) : undefined,
    filter.status ? eq(trainingLogs.status, filter.status) : undefined,
  );
  const [total] = await db.select({ n: count() }).from(trainingLogs).where(where);
  const rows = await db
    .select(trainingLogColumns)
    .from(trainingLogs)
    .where(where)
    .orderBy(
      ...orderBy(
        page.ordering,
        { started_at: trainingLogs.startedAt, duration_seconds: trainingLogs.durationSeconds },
        trainingLogs.id,
      ),
    )
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  return { count: total?.n ?? 0, rows };
}

export async function trainingLogById(db: DbOrTx, id: string) {
  const [row] = await db.select(trainingLogColumns).from(trainingLogs).where(eq(trainingLogs.id, id));
  return row ?? null;
}

export const ALERT_ORDERINGS = ['created_at', '-created_at', 'urgency_level', '-urgency_level'] as const;

const alertColumns = {
  id: inventoryAlerts.id,
  analysis_id: inventoryAlerts.analysisId,
  product_id: inventoryAlerts.productId,
  product_name: products.name,
  sku: products.sku,
  alert_type: inventoryAlerts.alertType,
  urgency_level: inventoryAlerts.urgencyLevel,
  current_stock: inventoryAlerts.currentStock,
  recommended_stock: inventoryAlerts.recommendedStock,
  predicted_demand_7days: inventoryAlerts.predictedDemand7days,
  predicted_demand_30days: inventoryAlerts.predictedDemand30days,
  estimated_stockout_date: inventoryAlerts.estimatedStockoutDate,
  details: inventoryAlerts.details,
  created_at: inventoryAlerts.createdAt,
  is_resolved: inventoryAlerts.isResolved,
  resolved_at: inventoryAlerts.resolvedAt,
  resolved_by: inventoryAlerts.resolvedBy,
  note: inventoryAlerts.note,
  superseded_at: inventoryAlerts.supersededAt,
};

/** Alerts of the latest analyses: superseded ones are history and only listed on request. */
export async function listInventoryAlerts(
  db: DbOrTx,
  filter: {
    alertType?: AlertType | undefined;
    urgencyLevel?: number | undefined;
    isResolved?: boolean | undefined;
    includeSuperseded?: boolean | undefined;
  },
  page: PageQuery<(typeof ALERT_ORDERINGS)[number]>,
) {
  const where = and(
    filter.alertType ? eq(inventoryAlerts.alertType, filter.alertType) : undefined,
    filter.urgencyLevel === undefined ? undefined : eq(inventoryAlerts.urgencyLevel, filter.urgencyLevel),
    filter.isResolved === undefined ? undefined : eq(inventoryAlerts.isResolved, filter.isResolved),
    filter.includeSuperseded ? undefined : isNull(inventoryAlerts.supersededAt),
  );
  const [total] = await db.select({ n: count() }).from(inventoryAlerts).where(where);
  const rows = await db
    .select(alertColumns)
    .from(inventoryAlerts)
    .innerJoin(products, eq(products.id, inventoryAlerts.productId))
    .where(where)
    .orderBy(
      ...orderBy(
        page.ordering,
        { created_at: inventoryAlerts.createdAt, urgency_level: inventoryAlerts.urgencyLevel },
        inventoryAlerts.id,
      ),
    )
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  return { count: total?.n ?? 0, rows };
}

export async function inventoryAlertById(db: DbOrTx, id: string) {
  const [row] = await db
    .select(alertColumns)
    .from(inventoryAlerts)
    .innerJoin(products, eq(products.id, inventoryAlerts.productId))
    .where(eq(inventoryAlerts.id, id));
  return row ?? null;
}

/**
 * Marks an open alert resolved by `userId`. Returns 'resolved', 'already_resolved' or 'not_found'; the
 * conditional update makes two concurrent resolves end with exactly one 'resolved'.
 */
export async function resolveInventoryAlert(
  db: DbOrTx,
  id: string,
  resolution: { userId: string | null; note: string | null },
): Promise<'resolved' | 'already_resolved' | 'not_found'> {
  const updated = await db
    .update(inventoryAlerts)
    .set({ isResolved: true, resolvedAt: new Date(), resolvedBy: resolution.userId, note: resolution.note })
    .where(and(eq(inventoryAlerts.id, id), eq(inventoryAlerts.isResolved, false)))
    .returning({ id: inventoryAlerts.id });
  if (updated.length > 0) return 'resolved';
  const [exists] = await db
    .select({ id: inventoryAlerts.id })
    .from(inventoryAlerts)
    .where(eq(inventoryAlerts.id, id));
  return exists ? 'already_resolved' : 'not_found';
}

/** The dashboard's counts: active models, predictions (all, last 7 days), open and critical alerts. */
export async function dashboardCounts(db: DbOrTx) {
  const [row] = await db.execute<{
    total_active_models: number;
    total_predictions: number;
    predictions_last_7days: number;
    active_inventory_alerts: number;
    critical_inventory_alerts: number;
  }>(sql`
    select
      (select count(*)::int from ml_models where is_active) as total_active_models,
      (select count(*)::int from predictions) as total_predictions,
      (select count(*)::int from predictions where created_at > now() - interval '7 days') as predictions_last_7days,
      (select count(*)::int from inventory_alerts where not is_resolved and superseded_at is null)
        as active_inventory_alerts,
      (select count(*)::int from inventory_alerts
         where not is_resolved and superseded_at is null and urgency_level >= 4) as critical_inventory_alerts`);
  if (!row) throw new Error('dashboard counts returned no row');
  return row;
}

/** `%`, `_` and `\` of user text matched literally inside a LIKE pattern (with `escape '\'`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

export const PRODUCT_ORDERINGS = [
  'name',
  '-name',
  'sku',
  '-sku',
  'price',
  '-price',
  'stock',
  '-stock',
] as const;

/** The catalogue for pickers: `search` in name or sku (case-insensitive, literal text), exact `category`. */
export async function listProducts(
  db: DbOrTx,
  filter: { search?: string | undefined; category?: string | undefined },
  page: PageQuery<(typeof PRODUCT_ORDERINGS)[number]>,
) {
  const pattern = filter.search ? `%${escapeLike(filter.search)}%` : undefined;
  const where = and(
    pattern
      ? sql`(${products.name} ilike ${pattern} escape '\\' or ${products.sku} ilike ${pattern} escape '\\')`
      : undefined,
    filter.category ? eq(products.category, filter.category) : undefined,
  );
  const [total] = await db.select({ n: count() }).from(products).where(where);
  const rows = await db
    .select({
      id: products.id,
      sku: products.sku,
      name: products.name,
      category: products.category,
      price: products.price,
      stock: products.stock,
      image_url: products.imageUrl,
      active: products.active,
    })
    .from(products)
    .where(where)
    .orderBy(
      ...orderBy(
        page.ordering,
        { name: products.name, sku: products.sku, price: products.price, stock: products.stock },
        products.id,
      ),
    )
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  return { count: total?.n ?? 0, rows };
}

export const CUSTOMER_SEGMENT_ORDERINGS = [
  '-lifetime_value',
  'lifetime_value',
  '-confidence_score',
  'confidence_score',
  'customer_name',
  '-customer_name',
  'cluster',
  '-cluster',
] as const;

/**
 * The customers of one segmentation model with their segment, lifetime value and RFM characteristics.
 * `segmentType` is a base type: it also matches the suffixed names a model with more than six clusters
 * gives (`frequent_2`).
 */
export async function listCustomerSegments(
  db: DbOrTx,
  modelId: string,
  filter: { segmentType?: string | undefined },
  page: PageQuery<(typeof CUSTOMER_SEGMENT_ORDERINGS)[number]>,
) {
  const where = and(
    eq(customerSegments.modelId, modelId),
    filter.segmentType
      ? sql`(${customerSegments.segmentType} = ${filter.segmentType}
             or ${customerSegments.segmentType} ~ ${`^${filter.segmentType}_[0-9]+$`})`
      : undefined,
  );
  const [total] = await db.select({ n: count() }).from(customerSegments).where(where);
  const rows = await db
    .select({
      customer_id: customerSegments.customerId,
      customer_name: customers.name,
      customer_email: customers.email,
      cluster: customerSegments.cluster,
      segment_type: customerSegments.segmentType,
      confidence_score: customerSegments.confidenceScore,
      lifetime_value_prediction: customerSegments.lifetimeValuePrediction,
      characteristics: customerSegments.characteristics,
    })
    .from(customerSegments)
    .innerJoin(customers, eq(customers.id, customerSegments.customerId))
    .where(where)
    .orderBy(
      ...orderBy(
        page.ordering,
        {
          lifetime_value: customerSegments.lifetimeValuePrediction,
          confidence_score: customerSegments.confidenceScore,
          customer_name: customers.name,
          cluster: customerSegments.cluster,
        },
        customerSegments.customerId,
      ),
    )
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  return { count: total?.n ?? 0, rows };
}
