import { count, getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database, Tx } from '../client';
import { inventoryAlerts } from '../schema/inventory';
import { customerSegments, productRecommendations } from '../schema/models';
import { customers, orderItems, orders, products } from '../schema/store';
import type { GeneratedStore } from './generate';

export interface StoreCounts {
  products: number;
  customers: number;
  orders: number;
  orderItems: number;
}

export interface WriteStoreOptions {
  /** Delete the existing store (and the model outputs that point into it) before writing. */
  reset: boolean;
  /** Called after every batch with the rows written so far of `table` and that table's total. */
  onProgress?: (done: number, total: number, table: string) => void;
}

/** Thrown, before anything is written, when the database already has orders and no reset was asked. */
export class SeedRefusedError extends Error {
  override readonly name = 'SeedRefusedError';

  constructor(readonly existingOrders: number) {
    super(
      `the database already holds ${existingOrders} orders; refusing to add demo data to them ` +
        '(pass --reset to replace the store with generated data)',
    );
  }
}

// Postgres takes at most 65,535 parameters per statement; staying well below also keeps statements small.
const MAX_PARAMS = 30_000;
const MAX_ROWS = 5_000;

/**
 * Writes a generated store in one transaction: readers see the old store or the new one, never a half.
 * Refuses (SeedRefusedError) when orders exist and `reset` is false.
 */
export async function writeStore(
  database: Database,
  store: GeneratedStore,
  opts: WriteStoreOptions,
): Promise<StoreCounts> {
  return database.db.transaction(async (tx) => {
    // Two seeders at once would both find no orders; the lock makes the second wait, then refuse.
    await tx.execute(sql`lock table ${orders} in share row exclusive mode`);
    if (opts.reset) {
      // Children first: order lines and orders restrict deleting products and customers.
      for (const table of [inventoryAlerts, productRecommendations, customerSegments, orderItems, orders]) {
        await tx.delete(table);
      }
      await tx.delete(customers);
      await tx.delete(products);
    } else {
      const [row] = await tx.select({ n: count() }).from(orders);
      if (row && row.n > 0) throw new SeedRefusedError(row.n);
    }
    await insertAll(tx, products, 'products', store.products, opts.onProgress);
    await insertAll(tx, customers, 'customers', store.customers, opts.onProgress);
    await insertAll(tx, orders, 'orders', store.orders, opts.onProgress);
    await insertAll(tx, orderItems, 'order_items', store.orderItems, opts.onProgress);
    return {
      products: store.products.length,
      customers: store.customers.length,
      orders: store.orders.length,
      orderItems: store.orderItems.length,
    };
  });
}

async function insertAll<T extends PgTable>(
  tx: Tx,
  table: T,
  name: string,
  rows: readonly T['$inferInsert'][],
  onProgress: WriteStoreOptions['onProgress'],
): Promise<void> {
  const columns = Object.keys(getTableColumns(table)).length;
  const batch = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns)));
  if (rows.length === 0) onProgress?.(0, 0, name);
  for (let from = 0; from < rows.length; from += batch) {
    const to = Math.min(rows.length, from + batch);
    await tx.insert(table).values(rows.slice(from, to));
    onProgress?.(to, rows.length, name);
  }
}
