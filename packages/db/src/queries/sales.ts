import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';

export interface DailySalesRow {
  date: string;
  amount: number;
  quantity: number;
}

/**
 * Paid sales per calendar day in the store's time zone, for days in [from, to] (inclusive, YYYY-MM-DD).
 * Days without sales are absent; the caller zero-fills.
 */
export async function dailySales(
  db: DbOrTx,
  range: { from?: string | undefined; to?: string | undefined; timezone: string },
): Promise<DailySalesRow[]> {
  const tz = range.timezone;
  const rows = await db.execute<{ day: string; amount: string; quantity: string }>(sql`
    select to_char((o.created_at at time zone ${tz})::date, 'YYYY-MM-DD') as day,
           sum(oi.quantity * oi.unit_price)::float8 as amount,
           sum(oi.quantity)::float8 as quantity
    from orders o
    join order_items oi on oi.order_id = o.id
    where o.status = 'paid'
      ${range.from ? sql`and o.created_at >= (${range.from}::date)::timestamp at time zone ${tz}` : sql``}
      ${range.to ? sql`and o.created_at < ((${range.to}::date + 1)::timestamp at time zone ${tz})` : sql``}
    group by 1
    order by 1`);
  return rows.map((r) => ({ date: r.day, amount: Number(r.amount), quantity: Number(r.quantity) }));
}

/** First and last day with a paid order (store time zone), or null when there are no sales at all. */
export async function paidSalesSpan(
  db: DbOrTx,
  timezone: string,
): Promise<{ first: string; last: string; orders: number } | null> {
  const [row] = await db.execute<{ first: string | null; last: string | null; orders: string }>(sql`
    select to_char(min(created_at at time zone ${timezone})::date, 'YYYY-MM-DD') as first,
           to_char(max(created_at at time zone ${timezone})::date, 'YYYY-MM-DD') as last,
           count(*)::text as orders
    from orders where status = 'paid'`);
  if (!row?.first || !row.last) return null;
  return { first: row.first, last: row.last, orders: Number(row.orders) };
}

export interface ProductDailyUnitsRow {
  productId: string;
  date: string;
  quantity: number;
}

/** Paid units per product and day (store time zone) for days in [from, to]; days without sales are absent. */
export async function productDailyUnits(
  db: DbOrTx,
  range: { from: string; to: string; timezone: string },
): Promise<ProductDailyUnitsRow[]> {
  const tz = range.timezone;
  const rows = await db.execute<{ product_id: string; day: string; quantity: string }>(sql`
    select oi.product_id,
           to_char((o.created_at at time zone ${tz})::date, 'YYYY-MM-DD') as day,
           sum(oi.quantity)::float8 as quantity
    from orders o
    join order_items oi on oi.order_id = o.id
    where o.status = 'paid'
      and o.created_at >= (${range.from}::date)::timestamp at time zone ${tz}
      and o.created_at < ((${range.to}::date + 1)::timestamp at time zone ${tz})
    group by 1, 2`);
  return rows.map((r) => ({ productId: r.product_id, date: r.day, quantity: Number(r.quantity) }));
}
