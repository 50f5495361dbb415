import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test-support';
import { createDatabase, type Database } from '../src';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function startCli(
  args: string[],
  url: string,
): { child: ChildProcess; output: () => { out: string; err: string } } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/db/src/cli/import.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, STORE_TIMEZONE: 'UTC' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c) => {
    out += c;
  });
  child.stderr?.on('data', (c) => {
    err += c;
  });
  return { child, output: () => ({ out, err }) };
}

async function runCli(args: string[], url: string) {
  const run = startCli(args, url);
  const [code] = await once(run.child, 'exit');
  return { code: code as number, ...run.output() };
}

async function storeRows(database: Database) {
  const [row] = await database.sql<{ n: string }[]>`
    select (select count(*) from products) + (select count(*) from customers) +
           (select count(*) from orders) + (select count(*) from order_items) as n`;
  return Number(row!.n);
}

// Each run starts node + tsx (a second or two), so these get a longer timeout than the default 30 s.
describe('npm run import', { timeout: 90_000 }, () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let database: Database;
  let dir: string;

  beforeAll(async () => {
    fresh = await freshDatabase();
    database = createDatabase(fresh.url, { max: 2 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'import-cli-test-'));
    await cp(path.join(ROOT, 'samples'), dir, { recursive: true });
  });
  afterAll(async () => {
    await database?.close();
    await fresh?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('imports the sample files, prints the report as JSON and writes the rejects beside the input', async () => {
    const { code, out, err } = await runCli(
      [
        '--products',
        path.join(dir, 'products.csv'),
        '--transactions',
        path.join(dir, 'transactions-sample.csv'),
        '--json',
      ],
      fresh.url,
    );
    expect(code, err).toBe(0);
    const report = JSON.parse(out);
    expect(report.rows_read).toBe(24 + 287);
    expect(report.rows_rejected).toBe(10);
    expect(report.returns.lines).toBe(2);
    expect(err).toMatch(/peak RSS \d+ MiB/);
    expect(await readdir(dir)).toContain('transactions-sample.rejects.csv');
  });

  it('explains a wrong option or a file without the needed columns, and imports nothing', async () => {
    const before = await storeRows(database);
    const usage = await runCli(['--transactions', 'x.csv', '--date-format', 'ymd'], fresh.url);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/--date-format must be one of: dmy, mdy/);
    const columns = path.join(dir, 'columns.csv');
    await writeFile(columns, 'Ticket,Fecha\n1,2024-01-01\n');
    const missing = await runCli(['--orders', columns], fresh.url);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no column for order_id, sku, quantity, unit_price/);
    expect(await storeRows(database)).toBe(before);
  });

  it('rolls everything back on Ctrl-C', async () => {
    const before = await storeRows(database);
    const big = path.join(dir, 'big.csv');
    const lines = ['order_id,date,sku,product_name,quantity,unit_price'];
    for (let i = 0; i < 400_000; i++) lines.push(`X${i},2025-03-01,CLI-${i % 50},Prenda ${i % 50},1,10.00`);
    await writeFile(big, `${lines.join('\n')}\n`);
    const run = startCli(['--transactions', big], fresh.url);
    // Progress lines come every 2 s when stderr is not a terminal: interrupt once reading has begun.
    for (;;) {
      await once(run.child.stderr!, 'data');
      if (/reading transactions\s+[\d,]+ rows/.test(run.output().err)) break;
    }
    run.child.kill('SIGINT');
    const [code] = await once(run.child, 'exit');
    expect(code).toBe(130);
    expect(run.output().err).toMatch(/the database is unchanged/);
    expect(await storeRows(database)).toBe(before);
  });
});
