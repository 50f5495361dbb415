import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test-support';
import { createDatabase, type Database } from '../src';
import { type ImportReport, importStore } from '../src/import';

const SAMPLES = path.resolve(import.meta.dirname, '../../../samples');

/** Every store row, ids and timestamps included: equal digests mean nothing changed. */
async function storeDigest(sql: postgres.Sql): Promise<string> {
  const [row] = await sql<{ digest: string }[]>`
    select md5(
      (select coalesce(string_agg(t::text, '|' order by t::text), '') from products t) ||
      (select coalesce(string_agg(t::text, '|' order by t::text), '') from customers t) ||
      (select coalesce(string_agg(t::text, '|' order by t::text), '') from orders t) ||
      (select coalesce(string_agg(t::text, '|' order by t::text), '') from order_items t)) as digest`;
  return row!.digest;
}

async function counts(sql: postgres.Sql) {
  const [row] = await sql<Record<string, string>[]>`
    select (select count(*) from products) as products, (select count(*) from customers) as customers,
           (select count(*) from orders) as orders, (select count(*) from order_items) as order_items,
           (select sum(total) from orders) as total,
           (select count(*) from orders where customer_id is null) as guest_orders`;
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
}

/** A parsed rejects CSV (the sample has no quoted newlines). */
function parseRejects(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => {
      const out: string[] = [];
      let cur = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const ch = line[i]!;
        if (quoted) {
          if (ch === '"' && line[i + 1] === '"') {
            cur += '"';
            i++;
          } else if (ch === '"') quoted = false;
          else cur += ch;
        } else if (ch === '"') quoted = true;
        else if (ch === ',') {
          out.push(cur);
          cur = '';
        } else cur += ch;
      }
      out.push(cur);
      return out;
    });
}

describe('importing the sample store files', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let database: Database;
  let dir: string;
  let first: ImportReport;
  const files = () => ({
    products: path.join(dir, 'products.csv'),
    customers: path.join(dir, 'customers.csv'),
    transactions: path.join(dir, 'transactions-sample.csv'),
  });

  beforeAll(async () => {
    fresh = await freshDatabase();
    database = createDatabase(fresh.url, { max: 2 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'import-test-'));
    await cp(SAMPLES, dir, { recursive: true });
    first = await importStore(database, { files: files(), timezone: 'Europe/Madrid' });
  });
  afterAll(async () => {
    await database?.close();
    await fresh?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('imports every good row and counts what it created', async () => {
    expect(first.files.map((f) => [f.kind, f.rows, f.imported, f.rejected])).toEqual([
      ['products', 24, 24, 0],
      ['customers', 30, 30, 0],
      ['transactions', 287, 277, 10],
    ]);
    // 24 from the products file and BTQ-NEW1, named only by a transaction line.
    expect(first.products).toEqual({ inserted: 25, updated: 0 });
    expect(first.customers).toEqual({ inserted: 30, updated: 0 });
    expect(first.orders).toEqual({ inserted: 164, updated: 0 });
    // 277 good lines; one order lists the same product twice, merged into one line.
    expect(first.order_items).toEqual({ inserted: 276, updated: 0, deleted: 0 });
    const c = await counts(database.sql);
    expect(c).toMatchObject({ products: 25, customers: 30, orders: 164, order_items: 276 });
    expect(c.guest_orders).toBeGreaterThan(0);
    // Wall-clock times in the file are the store's (Madrid, UTC+1 in January).
    expect(first.first_order_at).toBe('2024-01-02T16:25:00Z');
  });

  it('keeps the order total equal to the sum of its lines', async () => {
    const rows = await database.sql<{ n: string }[]>`
      select count(*) as n from orders o
      where o.total <> (select sum(quantity * unit_price) from order_items i where i.order_id = o.id)`;
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('rejects bad rows by reason and counts returns apart', () => {
    expect(first.rejected_by_reason).toEqual({
      missing_order_id: 1,
      missing_product_id: 1,
      invalid_date: 2,
      invalid_quantity: 2,
      invalid_price: 1,
      return: 2,
      unknown_product: 1,
    });
    expect(first.returns).toEqual({ lines: 2, units: 3, amount: 109.7 });
  });

  it('writes the rejected rows with their line numbers to a CSV beside the input', async () => {
    const report = first.files.find((f) => f.kind === 'transactions')!;
    expect(report.rejects_file).toBe(path.join(dir, 'transactions-sample.rejects.csv'));
    const rows = parseRejects(await readFile(report.rejects_file!, 'utf8'));
    const source = (await readFile(files().transactions, 'utf8')).split('\n');
    expect(rows[0]).toEqual([
      'line',
      'reason',
      'message',
      'Invoice',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'Price',
      'Customer ID',
      'Country',
    ]);
    const body = rows.slice(1);
    expect(body.map((r) => [Number(r[0]), r[1]])).toEqual([
      [13, 'missing_order_id'],
      [29, 'missing_product_id'],
      [45, 'invalid_date'],
      [61, 'invalid_date'],
      [77, 'invalid_quantity'],
      [93, 'invalid_quantity'],
      [109, 'invalid_price'],
      [125, 'return'],
      [141, 'return'],
      [162, 'unknown_product'],
    ]);
    // Each rejected row is the file's own line, unchanged.
    for (const r of body) expect(r.slice(3).join(',')).toBe(source[Number(r[0]) - 1]);
    // The clean files leave no rejects file.
    expect(first.files.find((f) => f.kind === 'products')!.rejects_file).toBeNull();
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await storeDigest(database.sql);
    const again = await importStore(database, { files: files(), timezone: 'Europe/Madrid' });
    expect(await storeDigest(database.sql)).toBe(before);
    expect(again.products).toEqual({ inserted: 0, updated: 0 });
    expect(again.customers).toEqual({ inserted: 0, updated: 0 });
    expect(again.orders).toEqual({ inserted: 0, updated: 0 });
    expect(again.order_items).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    expect(again.rejected_by_reason).toEqual(first.rejected_by_reason);
  });

  it('updates what a newer export changed, and only that', async () => {
    const changed = path.join(dir, 'changed.csv');
    // Order 536401 now has one line less; product BTQ-1001 got a new price in the products file.
    const source = (await readFile(files().transactions, 'utf8')).split('\n');
    const dropped = source.filter((l, i) => !(i === 2 && l.startsWith('536401,')));
    expect(dropped.length).toBe(source.length - 1);
    await writeFile(changed, dropped.join('\n'));
    const products = (await readFile(files().products, 'utf8')).replace(
      /^BTQ-1001,(.*?),44\.91,/m,
      'BTQ-1001,$1,39.00,',
    );
    const changedProducts = path.join(dir, 'products-changed.csv');
    await writeFile(changedProducts, products);
    const report = await importStore(database, {
      files: { products: changedProducts, transactions: changed },
      timezone: 'Europe/Madrid',
    });
    expect(report.products).toEqual({ inserted: 0, updated: 1 });
    expect(report.orders).toEqual({ inserted: 0, updated: 1 });
    expect(report.order_items).toEqual({ inserted: 0, updated: 0, deleted: 1 });
    // Back to the original: the same changes reversed.
    const back = await importStore(database, { files: files(), timezone: 'Europe/Madrid' });
    expect(back.orders).toEqual({ inserted: 0, updated: 1 });
    expect(back.order_items).toEqual({ inserted: 1, updated: 0, deleted: 0 });
  });
});

describe('an import that fails midway', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let database: Database;
  let dir: string;
  let big: string;

  beforeAll(async () => {
    fresh = await freshDatabase();
    database = createDatabase(fresh.url, { max: 2 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'import-fail-test-'));
    await cp(SAMPLES, dir, { recursive: true });
    await importStore(database, {
      files: { products: path.join(dir, 'products.csv'), customers: path.join(dir, 'customers.csv') },
    });
    // 150,000 new order lines (with a few bad ones), so the import is still reading when it is stopped.
    big = path.join(dir, 'big.csv');
    const lines = ['order_id,date,customer_id,sku,product_name,quantity,unit_price'];
    for (let i = 0; i < 150_000; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const qty = i % 5000 === 7 ? '-1' : String(1 + (i % 3));
      lines.push(
        `N${Math.floor(i / 2)},2025-02-${day} 12:00,${12400 + (i % 30)},NEW-${i % 40},Nuevo ${i % 40},${qty},19.90`,
      );
    }
    await writeFile(big, `${lines.join('\n')}\n`);
  });
  afterAll(async () => {
    await database?.close();
    await fresh?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('leaves the database unchanged and no rejects file when it is aborted (Ctrl-C)', async () => {
    const before = await storeDigest(database.sql);
    const abort = new AbortController();
    const changedProducts = path.join(dir, 'products2.csv');
    await writeFile(
      changedProducts,
      (await readFile(path.join(dir, 'products.csv'), 'utf8')).replace(/,(\d+)\r?\n/g, ',99\n'),
    );
    let sawRows = 0;
    const run = importStore(database, {
      files: { products: changedProducts, transactions: big },
      onProgress: (p) => {
        // The products file is already merged (inside the transaction) when the order lines are read.
        if (p.kind === 'transactions' && p.phase === 'reading' && p.rows > 20_000) {
          sawRows = p.rows;
          abort.abort(new Error('interrupted'));
        }
      },
      signal: abort.signal,
    });
    await expect(run).rejects.toThrow('interrupted');
    expect(sawRows).toBeGreaterThan(20_000);
    expect(await storeDigest(database.sql)).toBe(before);
    await expect(stat(path.join(dir, 'big.rejects.csv'))).rejects.toThrow();
  });

  it('leaves the database unchanged when its connection dies while reading the file', async () => {
    const before = await storeDigest(database.sql);
    const victim = createDatabase(fresh.url, { max: 1, applicationName: 'import-test-victim' });
    const admin = postgres(fresh.url, { max: 1, onnotice: () => {} });
    let killed = false;
    try {
      const run = importStore(victim, {
        files: { transactions: big },
        onProgress: (p) => {
          if (!killed && p.phase === 'reading' && p.rows > 20_000) {
            killed = true;
            void admin`select pg_terminate_backend(pid) from pg_stat_activity
                       where application_name = 'import-test-victim'`.then(() => {});
          }
        },
      });
      await expect(run).rejects.toThrow();
      expect(killed).toBe(true);
    } finally {
      await victim.close().catch(() => {});
      await admin.end();
    }
    expect(await storeDigest(database.sql)).toBe(before);
  });

  it('stops, importing nothing, when the dates are plainly in the other day/month order', async () => {
    const before = await storeDigest(database.sql);
    // UCI Online Retail writes month first: 12/1/2010 is 1 December, 12/13/2010 only exists that way.
    const uci = path.join(dir, 'uci.csv');
    const rows = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
    for (let d = 1; d <= 31; d++)
      rows.push(`5400${d},BTQ-1001,VESTIDO,1,12/${d}/2010 8:26,49.90,12400,Spain`);
    await writeFile(uci, `${rows.join('\n')}\n`);
    await expect(importStore(database, { files: { transactions: uci } })).rejects.toThrow(
      /19 dates of uci.csv \(such as "12\/13\/2010 8:26"\) only exist read month first.*--date-format mdy/,
    );
    expect(await storeDigest(database.sql)).toBe(before);
    const mdy = await importStore(database, { files: { transactions: uci }, dateFormat: 'mdy' });
    expect(mdy.orders.inserted).toBe(31);
    expect(mdy.first_order_at).toBe('2010-12-01T08:26:00Z');
  });

  it('imports the same file completely when nothing stops it', async () => {
    const seen: { phase: string; fraction: number }[] = [];
    const report = await importStore(database, {
      files: { transactions: big },
      onProgress: (p) => seen.push({ phase: p.phase, fraction: p.fraction }),
    });
    // Progress only moves forward: reading, then each step of the merge, then done at 1.
    const fractions = seen.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(seen.filter((p) => p.phase === 'merging').length).toBeGreaterThanOrEqual(5);
    expect(seen.some((p) => p.phase === 'reading' && p.fraction > 0 && p.fraction <= 0.3)).toBe(true);
    expect(seen.at(-1)).toEqual({ phase: 'done', fraction: 1 });
    expect(report.rows_read).toBe(150_000);
    expect(report.rejected_by_reason).toEqual({ return: 30 });
    expect(report.orders.inserted).toBe(75_000);
    expect(report.products.inserted).toBe(40);
  });
});
