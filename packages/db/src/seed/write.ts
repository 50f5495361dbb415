import { getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import type { Database } from '../client';
import { inventoryAlerts } from '../schema/inventory';
import { customerSegments, productRecommendations } from '../schema/models';
import { customers, orderItems, orders, products } from '../schema/store';
import { copyRows } from './copy';
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

/** Rows per COPY chunk: one progress report each, and a bounded string in memory at a time. */
const BATCH_ROWS = 20_000;

const quoted = (table: PgTable) => `"${getTableName(table)}"`;

/**
 * Writes a generated store in one transaction: readers see the old store or the new one, never a half.
 * Refuses (SeedRefusedError) when orders exist and `reset` is false. Rows go in with COPY FROM STDIN
 * (one statement per table): about 10× the rows per second of multi-row INSERTs, which spent their time
 * binding 30,000 parameters a statement.
 */
export async function writeStore(
  database: Database,
  store: GeneratedStore,
  opts: WriteStoreOptions,
): Promise<StoreCounts> {
  return database.sql.begin(async (sql) => {
    // Two seeders at once would both find no orders; the lock makes the second wait, then refuse.
    await sql.unsafe(`lock table ${quoted(orders)} in share row exclusive mode`);
    if (opts.reset) {
      // Children first: order lines and orders restrict deleting products and customers.
      for (const table of [
        inventoryAlerts,
        productRecommendations,
        customerSegments,
        orderItems,
        orders,
        customers,
        products,
      ]) {
        await sql.unsafe(`delete from ${quoted(table)}`);
      }
    } else {
      const [row] = await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${quoted(orders)}`);
      if (row && row.n > 0) throw new SeedRefusedError(row.n);
    }
    await copyAll(sql, products, store.products, opts.onProgress);
    await copyAll(sql, customers, store.customers, opts.onProgress);
    await copyAll(sql, orders, store.orders, opts.onProgress);
    await copyAll(sql, orderItems, store.orderItems, opts.onProgress);
    return {
      products: store.products.length,
      customers: store.customers.length,
      orders: store.orders.length,
      orderItems: store.orderItems.length,
    };
  });
}

async function copyAll<T extends PgTable>(
  sql: postgres.TransactionSql,
  table: T,
  rows: readonly T['$inferInsert'][],
  onProgress: WriteStoreOptions['onProgress'],
): Promise<void> {
  const name = getTableName(table);
  if (rows.length === 0) {
    onProgress?.(0, 0, name);
    return;
  }
  await copyRows(sql, table, rows, {
    batch: BATCH_ROWS,
    onBatch: (done) => onProgress?.(done, rows.length, name),
  });
}
