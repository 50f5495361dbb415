import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../client';
import { type AlertType, inventoryAlerts, inventoryAnalyses } from '../schema';
import { products } from '../schema/store';

export interface InventoryProductRow {
  id: string;
  sku: string;
  name: string;
  category: string;
  stock: number;
  cost: number;
  price: number;
  leadTimeDays: number;
  active: boolean;
  /** Last day with a paid sale (store time zone), null when never sold. */
  lastSaleDate: string | null;
  /** Units sold in the 90 days before asOf. */
  unitsSold90d: number;
}

/** Active products with their stock, costs, last sale day and 90-day units, as of `asOf` (exclusive). */
export async function inventoryProducts(
  db: DbOrTx,
  query: { asOf: string; timezone: string },
): Promise<InventoryProductRow[]> {
  const tz = query.timezone;
  const rows = await db.execute<{
    id: string;
    sku: string;
    name: string;
    category: string;
    stock: number;
    cost: string;
    price: string;
    lead_time_days: number;
    last_sale: string | null;
    units_90d: string | null;
  }>(sql`
    with sold as (
      select oi.product_id,
             max((o.created_at at time zone ${tz})::date) as last_sale,
             sum(oi.quantity) filter (
               where o.created_at >= ((${query.asOf}::date - 90)::timestamp at time zone ${tz})
             ) as units_90d
      from orders o join order_items oi on oi.order_id = o.id
      where o.status = 'paid' and o.created_at < (${query.asOf}::date)::timestamp at time zone ${tz}
      group by oi.product_id
    )
    select p.id, p.sku, p.name, p.category, p.stock, p.cost::float8 as cost, p.price::float8 as price,
           p.lead_time_days, to_char(s.last_sale, 'YYYY-MM-DD') as last_sale, s.units_90d::float8 as units_90d
    from ${products} p left join sold s on s.product_id = p.id
    where p.active
    order by p.id`);
  return rows.map((r) => ({
    id: r.id,
    sku: r.sku,
    name: r.name,
    category: r.category,
    stock: r.stock,
    cost: Number(r.cost),
    price: Number(r.price),
    leadTimeDays: r.lead_time_days,
    active: true,
    lastSaleDate: r.last_sale,
    unitsSold90d: Number(r.units_90d ?? 0),
  }));
}

export interface NewInventoryAlert {
  productId: string;
  alertType: AlertType;
  urgencyLevel: number;
  currentStock: number;
  recommendedStock: number;
  predictedDemand7days: number;
  predictedDemand30days: number;
  estimatedStockoutDate: string | null;
  details: Record<string, unknown>;
}

/**
 * Stores an analysis and its alerts in the caller's transaction. Every alert still open from earlier
 * analyses is superseded first: an open alert always describes the latest analysis, so the same
 * product and type never appear twice, and resolved alerts stay as they were (history).
 */
export async function saveInventoryAnalysis(
  tx: Tx,
  analysis: typeof inventoryAnalyses.$inferInsert,
  alerts: readonly NewInventoryAlert[],
): Promise<{ id: string; superseded: number }> {
  // Two analyses committing at once would both supersede and then collide on the open-alert index.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('inventory_analysis'))`);
  const superseded = await tx
    .update(inventoryAlerts)
    .set({ supersededAt: new Date() })
    .where(and(eq(inventoryAlerts.isResolved, false), isNull(inventoryAlerts.supersededAt)))
    .returning({ id: inventoryAlerts.id });
  const [saved] = await tx.insert(inventoryAnalyses).values(analysis).returning({ id: inventoryAnalyses.id });
  if (!saved) throw new Error('insert into inventory_analyses returned no row');
  const BATCH = 2000;
  for (let i = 0; i < alerts.length; i += BATCH) {
    await tx
      .insert(inventoryAlerts)
      .values(alerts.slice(i, i + BATCH).map((a) => ({ ...a, analysisId: saved.id })));
  }
  return { id: saved.id, superseded: superseded.length };
}

/** The most recent analysis (with its per-product figures), or null before the first one. */
export async function latestInventoryAnalysis(db: DbOrTx) {
  const [row] = await db.select().from(inventoryAnalyses).orderBy(desc(inventoryAnalyses.createdAt)).limit(1);
  return row ?? null;
}

/** Id and time of the most recent analysis (cheap), or null. */
export async function latestInventoryAnalysisRef(db: DbOrTx) {
  const [row] = await db
    .select({ id: inventoryAnalyses.id, createdAt: inventoryAnalyses.createdAt })
    .from(inventoryAnalyses)
    .orderBy(desc(inventoryAnalyses.createdAt))
    .limit(1);
  return row ?? null;
}

/** The analysis a job already committed, or null. */
export async function inventoryAnalysisOfJob(db: DbOrTx, jobId: string) {
  const [row] = await db
    .select({
      id: inventoryAnalyses.id,
      asOf: inventoryAnalyses.asOf,
      demandSource: inventoryAnalyses.demandSource,
      productsAnalyzed: inventoryAnalyses.productsAnalyzed,
      summary: inventoryAnalyses.summary,
    })
    .from(inventoryAnalyses)
    .where(eq(inventoryAnalyses.jobId, jobId))
    .limit(1);
  return row ?? null;
}
