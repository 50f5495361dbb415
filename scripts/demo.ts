/**
 * npm run demo: from a fresh clone to a trained system on demo data.
 * Uses DATABASE_URL / REDIS_URL when given; otherwise local Postgres and Redis (started, or installed from
 * the OS packages, by scripts/ensure-services.sh). Migrates, generates demo data (once), creates an admin,
 * starts the API and a worker, trains through the queue, prints where to look, and keeps serving until
 * Ctrl-C. `npm run demo -- --exit` stops after the trainings (used to check the demo in CI-like runs).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDatabase, generateStore, runMigrations, upsertUser, writeStore } from '@boutique/db';
import { hashPassword } from '@boutique/shared';
import postgres from 'postgres';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    exit: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.PORT ?? '8000' },
  },
});

const step = (text: string) => process.stdout.write(`\n▸ ${text}\n`);
const info = (text: string) => process.stdout.write(`  ${text}\n`);

async function answers(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function ensureDatabase(url: string) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    const [exists] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!exists) {
      await sql.unsafe(`create database "${name.replaceAll('"', '""')}"`);
      info(`created database ${name}`);
    }
  } finally {
    await sql.end({ timeout: 2 });
  }
}

const started = performance.now();
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/boutique';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

step('Services');
if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
  execFileSync('bash', [path.join(ROOT, 'scripts/ensure-services.sh'), 'all'], { stdio: 'inherit' });
}
await ensureDatabase(databaseUrl);
if (!(await answers(databaseUrl))) throw new Error(`Postgres does not answer at ${databaseUrl}`);
info(`Postgres ${new URL(databaseUrl).host}, Redis ${new URL(redisUrl).host}`);

const database = createDatabase(databaseUrl, { max: 4, applicationName: 'boutique-ml-demo' });
step('Migrations');
await runMigrations(database);
info('schema up to date');

step('Demo data');
const [{ orders }] = (await database.sql`select count(*)::int as orders from orders`) as unknown as [
  { orders: number },
];
if (orders > 0) {
  info(`the database already holds ${orders} orders: keeping them (reset with: npm run seed -- --reset)`);
} else {
  const t = performance.now();
  const store = generateStore({
    seed: 42,
    days: 730,
    orders: 5000,
    customers: 250,
    products: 150,
    end: new Date().toISOString().slice(0, 10),
  });
  const counts = await writeStore(database, store, { reset: false });
  info(
    `${counts.products} products, ${counts.customers} customers, ${counts.orders} orders, ` +
      `${counts.orderItems} order lines in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}

step('Admin user');
const adminPassword = process.env.DEMO_ADMIN_PASSWORD ?? randomBytes(9).toString('base64url');
await upsertUser(
  database.db,
  { username: 'admin', passwordHash: await hashPassword(adminPassword), role: 'admin' },
  { replace: true },
);
await database.close();
info(`username admin, password ${adminPassword}`);

step('Web dashboard');
// The API serves apps/web/dist under / when it exists at its start, so build it first (once).
if (fs.existsSync(path.join(ROOT, 'apps/web/dist/index.html'))) {
  info('apps/web/dist is built (rebuild after changes: npm run build)');
} else {
  execFileSync('npm', ['run', 'build', '--workspace', '@boutique/web'], { cwd: ROOT, stdio: 'inherit' });
}

step('API and worker');
const logDir = path.join(ROOT, '.demo');
fs.mkdirSync(logDir, { recursive: true });
const env = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(32).toString('hex'),
  PORT: args.port,
};
const children: ChildProcess[] = [];
function start(name: string, entry: string) {
  const out = fs.openSync(path.join(logDir, `${name}.log`), 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', out, out],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(
        `${name} stopped unexpectedly (code ${code}, signal ${signal}); see .demo/${name}.log\n`,
      );
      void stop(1);
    }
  });
  children.push(child);
  info(`${name} started (pid ${child.pid}, log .demo/${name}.log)`);
}
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(
    children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.on('exit', r)))),
  );
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
start('api', 'apps/api/src/main.ts');
start('worker', 'apps/worker/src/main.ts');

const base = `http://localhost:${args.port}`;
async function call(method: string, route: string, body?: unknown, token?: string) {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as any;
  if (!res.ok) throw new Error(`${method} ${route} → ${res.status} ${JSON.stringify(json.error ?? json)}`);
  return json;
}
for (let i = 0; ; i++) {
  try {
    await call('GET', '/healthz');
    break;
  } catch {
    if (i > 100) throw new Error('the API did not start; see .demo/api.log');
    await new Promise((r) => setTimeout(r, 200));
  }
}
const { access: token } = await call('POST', '/api/auth/token/', {
  username: 'admin',
  password: adminPassword,
});

/** One line on what a finished job produced, in the numbers a store admin would look at first. */
function describeResult(route: string, r: any): string {
  const m = r.metrics ?? {};
  switch (route) {
    case 'train-sales-forecast':
      return (
        `${r.algorithm} v${r.version} in ${r.duration_seconds} s: test_r2=${m.test_r2} mase=${m.mase} ` +
        `(< 1 beats repeating last week), cv_r2=${m.cv_r2_mean}, 80% interval coverage=${m.interval_coverage}`
      );
    case 'train-product-recommendation':
      return (
        `v${r.version} in ${r.duration_seconds} s: coverage=${m.coverage}, hit-rate@10 hybrid=` +
        `${m.evaluation?.hit_rate_at_k?.hybrid} vs popularity=${m.evaluation?.hit_rate_at_k?.popularity}`
      );
    case 'train-customer-segmentation':
      return (
        `v${r.version} in ${r.duration_seconds} s: silhouette=${m.silhouette_score}, ` +
        `segments ${JSON.stringify(m.cluster_sizes)} ${JSON.stringify(m.cluster_names)}`
      );
    default:
      return `${r.total_products_analyzed} products, alerts ${JSON.stringify(r.summary?.by_type)}, health ${r.health_score}`;
  }
}

step('Training through the queue');
// Every forecast algorithm in turn, so the admin can compare them; the last one trained stays active.
const trainings: [string, Record<string, unknown>][] = [
  ['train-sales-forecast', { model_type: 'linear' }],
  ['train-sales-forecast', { model_type: 'random_forest' }],
  ['train-sales-forecast', { model_type: 'gradient_boosting' }],
  ['train-product-recommendation', {}],
  ['train-customer-segmentation', { n_clusters: 6 }],
  ['analyze-inventory', {}],
];
for (const [route, body] of trainings) {
  const { job_id } = await call('POST', `/api/ml/${route}/`, body, token);
  let status: any;
  for (;;) {
    status = await call('GET', `/api/ml/jobs/${job_id}/`, undefined, token);
    if (status.state === 'completed' || status.state === 'failed') break;
    await new Promise((r) => setTimeout(r, 300));
  }
  if (status.state === 'failed') throw new Error(`${route} failed: ${JSON.stringify(status.error)}`);
  info(`${route}: ${describeResult(route, status.result)}`);
}
const forecast = await call('POST', '/api/ml/predict-sales/', { days_ahead: 7 }, token);
info(
  `next 7 days from ${forecast.as_of}: ${forecast.summary.total_predicted_sales} in sales, ` +
    `${forecast.summary.total_predicted_quantity} units`,
);

step(`Ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
info(`Dashboard     ${base}/   (sign in as admin / ${adminPassword})`);
info(`API           ${base}/api/ml/…   (see README for the routes)`);
info(`Queues        ${base}/admin/queues   (admin / ${adminPassword})`);
info(`Token         ${token}`);
info(`Try           curl -s -X POST ${base}/api/ml/predict-sales/ -H "Authorization: Bearer $TOKEN" \\`);
info(`                -H 'content-type: application/json' -d '{"days_ahead": 30}'`);
if (args.exit) {
  await stop(0);
} else {
  info('Ctrl-C stops the API and the worker.');
}
