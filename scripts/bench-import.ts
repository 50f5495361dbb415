/**
 * Import speed on a large transactions export: writes a UCI-style CSV of N order lines (default 1,000,000)
 * from the demo store generator, imports it with `npm run import` into a fresh database and prints rows/s
 * and the importer's peak RSS. Usage: npx tsx scripts/bench-import.ts [--lines N] [--keep]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDatabase, generateStore, runMigrations } from '@boutique/db';
import { dropDatabase } from '../test-support/databases';
import { ADMIN_URL, databaseUrl } from '../test-support/index';
import { REPO_ROOT } from '../test-support/processes';

const { values } = parseArgs({
  options: { lines: { type: 'string', default: '1000000' }, keep: { type: 'boolean', default: false } },
});
const lines = Number(values.lines);
// Outside the repository: the file is ~70 MB per million lines, written once and reused.
const dir = path.join(os.tmpdir(), 'boutique-ml-bench-import');
const file = path.join(dir, `transactions-${lines}.csv`);

const csv = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const pad = (n: number) => String(n).padStart(2, '0');
/** The UCI Online Retail II layout, dates as the export writes them (YYYY-MM-DD HH:MM:SS). */
const stamp = (d: Date) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

async function writeExport(): Promise<void> {
  await mkdir(dir, { recursive: true });
  // The generator averages about 2.2 lines per order; ask for enough orders, then stop at `lines`.
  const store = generateStore({
    seed: 11,
    days: 730,
    orders: Math.ceil(lines / 2),
    customers: Math.max(100, Math.round(lines / 50)),
    products: 2000,
    end: '2026-06-30',
  });
  const products = new Map(store.products.map((p) => [p.id, p]));
  const customers = new Map(store.customers.map((c) => [c.id, c.externalId]));
  const orders = new Map(store.orders.map((o) => [o.id, o]));
  const out = createWriteStream(file);
  out.write('Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Category\n');
  let written = 0;
  for (const item of store.orderItems) {
    if (written >= lines) break;
    const order = orders.get(item.orderId)!;
    const product = products.get(item.productId)!;
    const row = [
      order.externalId,
      product.sku,
      csv(product.name),
      String(item.quantity),
      stamp(order.createdAt),
      item.unitPrice.toFixed(2),
      order.customerId ? (customers.get(order.customerId) ?? '') : '',
      csv(product.category),
    ].join(',');
    if (!out.write(`${row}\n`)) await once(out, 'drain');
    written++;
  }
  out.end();
  await once(out, 'close');
  if (written < lines) throw new Error(`the generator made only ${written} lines`);
}

if (!existsSync(file)) {
  const t = performance.now();
  process.stderr.write(`writing ${lines.toLocaleString('en-US')} lines to ${file}\n`);
  await writeExport();
  process.stderr.write(`written in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
}

// An empty migrated database of its own (not the template of a test run).
const name = `bench_import_${process.pid}`;
const admin = createDatabase(ADMIN_URL, { max: 1 });
await admin.sql.unsafe(`create database "${name}"`);
await admin.close();
const url = databaseUrl(name);
const database = createDatabase(url, { max: 2 });
await runMigrations(database);
await database.close();

try {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'packages/db/src/cli/import.ts', '--transactions', file, '--json'],
    { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => {
    stdout += c;
  });
  child.stderr.on('data', (c) => {
    stderr += c;
    process.stderr.write(c);
  });
  const [code] = await once(child, 'exit');
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`import exited with ${code}\n${stderr}`);
  const report = JSON.parse(stdout);
  const rss = /peak RSS (\d+) MiB/.exec(stderr)?.[1];
  process.stdout.write(
    `${JSON.stringify(
      {
        lines: report.rows_read,
        imported: report.rows_imported,
        rejected: report.rows_rejected,
        orders: report.orders.inserted,
        order_items: report.order_items.inserted,
        import_seconds: report.duration_seconds,
        rows_per_second: report.rows_per_second,
        process_seconds_with_startup: Math.round(seconds * 10) / 10,
        peak_rss_mib: rss ? Number(rss) : null,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  if (!values.keep) await dropDatabase(name);
}
