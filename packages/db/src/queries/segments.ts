import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../client';
import { customerSegments } from '../schema';
import { customers } from '../schema/store';

export interface CustomerOrderRow {
  customerId: string;
  date: string;
  total: number;
}

/** Paid orders of known customers (guests have no history to segment), day in the store's time zone. */
export async function paidCustomerOrders(db: DbOrTx, timezone: string): Promise<CustomerOrderRow[]> {
  const rows = await db.execute<{ customer_id: string; day: string; total: string }>(sql`
    select customer_id, to_char((created_at at time zone ${timezone})::date, 'YYYY-MM-DD') as day,
           total::float8 as total
    from orders
    where status = 'paid' and customer_id is not null
    order by created_at, id`);
  return rows.map((r) => ({ customerId: r.customer_id, date: r.day, total: Number(r.total) }));
}

export type NewCustomerSegment = Omit<typeof customerSegments.$inferInsert, 'modelId'>;

/** Stores a segmentation's per-customer rows inside the transaction that saves the model. */
export async function saveCustomerSegments(
  tx: Tx,
  modelId: string,
  rows: readonly NewCustomerSegment[],
): Promise<number> {
  // 7 parameters a row: 5,000 rows per statement stay below Postgres' 65,535-parameter limit.
  const BATCH = 5000;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map((r) => ({ ...r, modelId }));
    await tx.insert(customerSegments).values(batch).onConflictDoNothing();
  }
  return rows.length;
}

/** One customer's row of a segmentation model, or null. */
export async function customerSegmentOf(db: DbOrTx, modelId: string, customerId: string) {
  const [row] = await db
    .select()
    .from(customerSegments)
    .where(and(eq(customerSegments.modelId, modelId), eq(customerSegments.customerId, customerId)))
    .limit(1);
  return row ?? null;
}

/** Name of one customer, or null when there is no such customer. */
export async function customerSummary(db: DbOrTx, customerId: string) {
  const [row] = await db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(eq(customers.id, customerId))
    .limit(1);
  return row ?? null;
}
