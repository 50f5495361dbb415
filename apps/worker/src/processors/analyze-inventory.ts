import {
  activeModelRef,
  inventoryProducts,
  paidSalesSpan,
  productDailyUnits,
  productDemandOfModel,
  saveInventoryAnalysis,
} from '@boutique/db';
import {
  addDays,
  analyzeInventory,
  InsufficientDataError,
  type InventoryAlert,
  type InventoryProduct,
  productDemand,
  toEpochDay,
} from '@boutique/ml-core';
import { analyzeInventoryBody } from '@boutique/shared';
import type { Job } from 'bullmq';
import type { WorkerDeps } from '../context';
import { invalidJobData, PROGRESS, reportProgress, unrecoverable } from '../training';

/** Days of daily sales the high-demand test compares (the last 7 against the 21 before). */
const RECENT_DAYS = 28;
const FALLBACK_WINDOW_DAYS = 90;

export interface InventoryJobResult {
  analysis_id: string;
  as_of: string;
  demand_source: string;
  total_products_analyzed: number;
  summary: Record<string, unknown>;
  health_score: number;
  superseded_alerts: number;
}

/**
 * Analyses stock against expected demand: per-product demand from the active sales forecast model (its
 * season) or, without one, from recent history; stores the analysis and its alerts in one transaction.
 */
export async function analyzeInventoryJob(job: Job, deps: WorkerDeps): Promise<InventoryJobResult> {
  const parsed = analyzeInventoryBody.safeParse(job.data ?? {});
  if (!parsed.success) throw invalidJobData(parsed.error);
  const params = parsed.data;
  const { db } = deps.database;
  const timezone = deps.config.STORE_TIMEZONE;
  reportProgress(job, PROGRESS.started);

  const span = await paidSalesSpan(db, timezone);
  if (!span) throw unrecoverable('insufficient_data', new InsufficientDataError('paid orders', 0, 1).message);
  const asOf = deps.config.AS_OF ?? addDays(span.last, 1);
  const products = await inventoryProducts(db, { asOf, timezone });
  const recent = await productDailyUnits(db, {
    from: addDays(asOf, -RECENT_DAYS),
    to: addDays(asOf, -1),
    timezone,
  });
  const { demand, source } = await demandByProduct(deps, products, asOf);
  reportProgress(job, PROGRESS.dataLoaded);

  const recentUnits = new Map<string, number[]>();
  const origin = toEpochDay(addDays(asOf, -RECENT_DAYS));
  for (const row of recent) {
    const units = recentUnits.get(row.productId) ?? new Array<number>(RECENT_DAYS).fill(0);
    recentUnits.set(row.productId, units);
    const day = toEpochDay(row.date) - origin;
    units[day] = (units[day] ?? 0) + row.quantity;
  }
  const input: InventoryProduct[] = products.map((p) => ({
    ...p,
    demand: demand.get(p.id) ?? {
      dailyMean7: 0,
      dailyStd7: 0,
      dailyMean30: 0,
      dailyStd30: 0,
      source: 'none',
    },
    recentDailyUnits: recentUnits.get(p.id) ?? new Array(RECENT_DAYS).fill(0),
  }));
  const analysis = analyzeInventory(input, {
    asOf,
    serviceLevel: params.service_level,
    reviewPeriodDays: params.review_period_days,
    ...(params.ordering_cost !== undefined ? { orderingCost: params.ordering_cost } : {}),
    ...(params.holding_cost_rate !== undefined ? { holdingCostRate: params.holding_cost_rate } : {}),
  });
  reportProgress(job, PROGRESS.fitted);

  const saved = await db.transaction((tx) =>
    saveInventoryAnalysis(
      tx,
      {
        asOf,
        jobId: String(job.id),
        params: analysis.params,
        productsAnalyzed: analysis.total_products_analyzed,
        demandSource: source,
        summary: { ...analysis.summary, health: analysis.health },
        products: analysis.products,
      },
      analysis.alerts.map(alertRow),
    ),
  );
  reportProgress(job, PROGRESS.saved);
  deps.logger.info(
    { jobId: job.id, analysisId: saved.id, ...analysis.summary.by_type },
    'inventory analysed',
  );
  return {
    analysis_id: saved.id,
    as_of: asOf,
    demand_source: source,
    total_products_analyzed: analysis.total_products_analyzed,
    summary: { ...analysis.summary },
    health_score: analysis.health.health_score,
    superseded_alerts: saved.superseded,
  };
}

type Demand = InventoryProduct['demand'];

/** Demand per product: the active forecast model's rows, else pooled recent history (source recorded). */
async function demandByProduct(
  deps: WorkerDeps,
  products: { id: string; category: string }[],
  asOf: string,
): Promise<{ demand: Map<string, Demand>; source: string }> {
  const { db } = deps.database;
  const model = await activeModelRef(db, 'sales_forecast');
  if (model) {
    const rows = await productDemandOfModel(db, model.id);
    if (rows.length > 0) {
      const demand = new Map<string, Demand>(
        rows.map((r) => [
          r.productId,
          {
            dailyMean7: r.dailyMean7,
            dailyStd7: r.dailyStd7,
            dailyMean30: r.dailyMean30,
            dailyStd30: r.dailyStd30,
            source: `forecast:${r.source}`,
          },
        ]),
      );
      // Products added after the model was trained have no row: they get the history estimate below.
      const missing = products.filter((p) => !demand.has(p.id));
      if (missing.length > 0) {
        for (const [id, d] of await historyDemand(deps, products, asOf))
          if (!demand.has(id)) demand.set(id, d);
      }
      return { demand, source: `sales_forecast_model:${model.id}` };
    }
  }
  return { demand: await historyDemand(deps, products, asOf), source: 'recent_history' };
}

async function historyDemand(
  deps: WorkerDeps,
  products: { id: string; category: string }[],
  asOf: string,
): Promise<Map<string, Demand>> {
  const window = { from: addDays(asOf, -FALLBACK_WINDOW_DAYS), to: addDays(asOf, -1) };
  const sales = await productDailyUnits(deps.database.db, {
    ...window,
    timezone: deps.config.STORE_TIMEZONE,
  });
  return new Map(
    productDemand(products, sales, { window }).map((d) => [
      d.productId,
      { ...d, source: `recent_history:${d.source}` },
    ]),
  );
}

function alertRow(a: InventoryAlert) {
  return {
    productId: a.product_id,
    alertType: a.alert_type,
    urgencyLevel: a.urgency_level,
    currentStock: Math.max(0, Math.round(a.current_stock)),
    recommendedStock: Math.round(a.recommended_stock),
    predictedDemand7days: a.predicted_demand_7days,
    predictedDemand30days: a.predicted_demand_30days,
    estimatedStockoutDate: a.estimated_stockout_date,
    details: { message: a.message, reason: a.reason, stock_value_at_risk: a.stock_value_at_risk },
  };
}
