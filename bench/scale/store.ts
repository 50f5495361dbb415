/**
 * The scale section's store: `generateStore` options of the demo and the large (1M-line) store, a
 * throwaway database on the local Postgres, and `writeStore` timed into it.
 *
 *   node --import tsx bench/scale/store.ts [demo|large]   # generate + write once, print rows/s (JSON)
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  createDatabase,
  type Database,
  type GeneratedStore,
  generateStore,
  runMigrations,
  writeStore,
} from '@boutique/db';
import { emit } from '../lib';
import { databaseUrl, psql } from '../load/system';

/** The large store is the one the recommend and segment sections call large: 440k orders ≈ 1.02M lines. */
export const SCALE_STORES = {
  demo: { seed: 42, days: 730, orders: 5000, customers: 250, products: 150, end: '2026-11-25' },
  large: { seed: 42, days: 730, orders: 440_000, customers: 100_000, products: 10_000, end: '2026-11-25' },
} as const;
export type ScaleStoreName = keyof typeof SCALE_STORES;

export interface WriteTiming {
  store: ScaleStoreName;
  products: number;
  customers: number;
  orders: number;
  orderLines: number;
  /** Every row written (the four tables). */
  rows: number;
  generateSeconds: number;
  migrateSeconds: number;
  writeSeconds: number;
  rowsPerSecond: number;
  /** Seconds per table, from writeStore's onProgress (each table's last batch minus the previous one's). */
  tableSeconds: Record<string, number>;
}

const seconds = (t0: number) => Math.round((performance.now() - t0) / 10) / 100;

/** A migrated, empty database of its own; `drop` removes it (with force: the workers may be connected). */
export async function throwawayDatabase(
  label: string,
): Promise<{ name: string; url: string; database: Database; migrateSeconds: number; drop(): Promise<void> }> {
  const name = `bench_${label}_${randomBytes(5).toString('hex')}`;
  psql(`create database "${name}"`);
  const url = databaseUrl(name);
  const database = createDatabase(url, { max: 2, applicationName: 'boutique-bench' });
  const t0 = performance.now();
  try {
    await runMigrations(database);
  } catch (err) {
    await database.close();
    psql(`drop database if exists "${name}" with (force)`);
    throw err;
  }
  return {
    name,
    url,
    database,
    migrateSeconds: seconds(t0),
    drop: async () => {
      await database.close();
      psql(`drop database if exists "${name}" with (force)`);
    },
  };
}

/** Generates `store` and writes it into `database`, timing both. */
export async function generateAndWrite(
  store: ScaleStoreName,
  database: Database,
  migrateSeconds: number,
): Promise<WriteTiming> {
  let t0 = performance.now();
  let generated: GeneratedStore | null = generateStore({ ...SCALE_STORES[store] });
  const generateSeconds = seconds(t0);
  const counts = {
    products: generated.products.length,
    customers: generated.customers.length,
    orders: generated.orders.length,
    orderLines: generated.orderItems.length,
  };
  const tableSeconds: Record<string, number> = {};
  t0 = performance.now();
  let last = t0;
  await writeStore(database, generated, {
    reset: false,
    onProgress: (done, total, table) => {
      if (done !== total) return;
      const now = performance.now();
      tableSeconds[table] = Math.round(now - last) / 1000;
      last = now;
    },
  });
  const writeSeconds = (performance.now() - t0) / 1000;
  generated = null;
  const rows = counts.products + counts.customers + counts.orders + counts.orderLines;
  return {
    store,
    ...counts,
    rows,
    generateSeconds,
    migrateSeconds,
    writeSeconds: Math.round(writeSeconds * 100) / 100,
    rowsPerSecond: Math.round(rows / writeSeconds),
    tableSeconds,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const store = (process.argv[2] ?? 'demo') as ScaleStoreName;
  if (!(store in SCALE_STORES)) throw new Error(`store must be demo or large, got ${store}`);
  const db = await throwawayDatabase(`write_${store}`);
  try {
    emit({ ...(await generateAndWrite(store, db.database, db.migrateSeconds)) });
  } finally {
    await db.drop();
  }
}
