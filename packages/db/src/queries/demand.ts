import { asc, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../client';
import { productDemandForecasts } from '../schema';
import { products } from '../schema/store';

/** Active products with their category: the set per-product demand is computed for. */
export async function activeProductCategories(db: DbOrTx): Promise<{ id: string; category: string }[]> {
  return db
    .select({ id: products.id, category: products.category })
    .from(products)
    .where(eq(products.active, true))
    .orderBy(asc(products.id));
}

export type NewProductDemand = Omit<typeof productDemandForecasts.$inferInsert, 'modelId' | 'asOf'>;

/** Stores a forecast model's per-product demand (inside the transaction that saves the model). */
export async function saveProductDemand(
  tx: Tx,
  modelId: string,
  asOf: string,
  rows: readonly NewProductDemand[],
): Promise<number> {
  // 11 parameters a row: 2,000 rows stay far below Postgres' 65,535-parameter limit per statement.
  const BATCH = 2000;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map((r) => ({ ...r, modelId, asOf }));
    await tx.insert(productDemandForecasts).values(batch).onConflictDoNothing();
  }
  return rows.length;
}

/** Per-product demand of a forecast model, by product id. */
export async function productDemandOfModel(db: DbOrTx, modelId: string) {
  return db.select().from(productDemandForecasts).where(eq(productDemandForecasts.modelId, modelId));
}
