import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../client';
import { productRecommendations, type RecommendationMethod } from '../schema';
import { products } from '../schema/store';

/** Every product with the attributes content similarity and stock rules need (inactive ones included). */
export async function productsForRecommendation(db: DbOrTx) {
  return db
    .select({
      id: products.id,
      category: products.category,
      brand: products.brand,
      color: products.color,
      size: products.size,
      material: products.material,
      price: products.price,
      active: products.active,
      stock: products.stock,
    })
    .from(products)
    .orderBy(asc(products.id));
}

export interface PaidBasketRow {
  orderId: string;
  customerId: string | null;
  date: string;
  productIds: string[];
}

/** Paid orders as baskets of distinct products, oldest first; the day is in the store's time zone. */
export async function paidBaskets(db: DbOrTx, timezone: string): Promise<PaidBasketRow[]> {
  const rows = await db.execute<{
    order_id: string;
    customer_id: string | null;
    day: string;
    products: string[];
  }>(sql`
    select o.id as order_id, o.customer_id,
           to_char((o.created_at at time zone ${timezone})::date, 'YYYY-MM-DD') as day,
           array_agg(oi.product_id order by oi.product_id) as products
    from orders o
    join order_items oi on oi.order_id = o.id
    where o.status = 'paid'
    group by o.id
    order by o.created_at, o.id`);
  return rows.map((r) => ({
    orderId: r.order_id,
    customerId: r.customer_id,
    date: r.day,
    productIds: r.products,
  }));
}

export interface NewRecommendation {
  productId: string;
  recommendedProductId: string;
  method: RecommendationMethod;
  score: number;
  rank: number;
}

/** Stores a model's recommendation lists inside the transaction that saves the model. */
export async function saveRecommendations(
  tx: Tx,
  modelId: string,
  rows: readonly NewRecommendation[],
): Promise<number> {
  // One statement per 50,000 rows, five array parameters each: drizzle's multi-row VALUES spent ~70% of a
  // 1.37M-row save (67 s on the 10k-product bench store) building the statements.
  const BATCH = 50_000;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    await tx.execute(sql`
      insert into product_recommendations
        (model_id, product_id, recommended_product_id, score, rank, method)
      select ${modelId}::uuid, p, r, s, k, m
      from unnest(
        ${sql.param(batch.map((b) => b.productId))}::uuid[],
        ${sql.param(batch.map((b) => b.recommendedProductId))}::uuid[],
        ${sql.param(batch.map((b) => b.score))}::float8[],
        ${sql.param(batch.map((b) => b.rank))}::int2[],
        ${sql.param(batch.map((b) => b.method))}::text[]
      ) as t(p, r, s, k, m)
      on conflict do nothing`);
  }
  return rows.length;
}

/** The top `topN` recommendations of one product by one method, with what the API shows of each. */
export async function recommendationsFor(
  db: DbOrTx,
  query: { modelId: string; productId: string; method: RecommendationMethod; topN: number },
) {
  return db
    .select({
      product_id: productRecommendations.recommendedProductId,
      product_name: products.name,
      sku: products.sku,
      category: products.category,
      similarity_score: productRecommendations.score,
      price: products.price,
      image_url: products.imageUrl,
      stock: products.stock,
      rank: productRecommendations.rank,
    })
    .from(productRecommendations)
    .innerJoin(products, eq(products.id, productRecommendations.recommendedProductId))
    .where(
      and(
        eq(productRecommendations.modelId, query.modelId),
        eq(productRecommendations.productId, query.productId),
        eq(productRecommendations.method, query.method),
      ),
    )
    .orderBy(asc(productRecommendations.rank))
    .limit(query.topN);
}

/** Name and activity of one product, or null when there is no such product. */
export async function productSummary(db: DbOrTx, productId: string) {
  const [row] = await db
    .select({ id: products.id, name: products.name, active: products.active })
    .from(products)
    .where(eq(products.id, productId))
    .limit(1);
  return row ?? null;
}
