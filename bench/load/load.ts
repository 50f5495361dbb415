/**
 * The `load` section (issue 5): p50/p99 latency and throughput of the dashboard and recommendation
 * endpoints of the real system, measured with autocannon from a second process, and the job queue's
 * throughput with 1, 2 and 4 worker processes.
 *
 *   node --import tsx bench/load/load.ts [seconds per endpoint = 10] [--quick]
 *
 * 1. A throwaway database (psql `create database`), migrated with `runMigrations`, filled with the demo
 *    store ending today, and an admin user; one API process and one worker process on a unique BullMQ
 *    prefix (LOG_LEVEL warn, NODE_ENV production, as the Docker image runs them).
 * 2. Logs in, trains the three models and runs the inventory analysis through the API (polling the jobs).
 * 3. For each endpoint: autocannon (bench/load/cannon.ts, its own process) for a warm-up, then the
 *    measured run, rotating over 50 product / customer ids; CPU seconds of the API, the load generator,
 *    our Postgres backends and redis-server are read from /proc around the run.
 * 4. The API again under `--cpu-prof` for one recommendations run: where its thread spends its time.
 * 5. Queue throughput: 40 analyze-inventory jobs added directly to the analysis queue (distinct job ids,
 *    no deduplication, one attempt) with N = 1, 2, 4 worker processes; time until all have finished.
 * 6. Clean-up, also on failure or Ctrl-C: processes stopped, queues obliterated, cache keys deleted,
 *    database dropped.
 *
 * Prints one JSON line (bench/run.ts reads it).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDatabase,
  type Database,
  generateStore,
  runMigrations,
  upsertUser,
  writeStore,
} from '@boutique/db';
import { hashPassword } from '@boutique/shared';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { BENCH_DIR, emit } from '../lib';
import type { CannonResult, CannonSpec } from './cannon';
import { type JwtCost, jwtCost } from './jwt';
import { type ProfileSummary, summariseProfile } from './profile';
import {
  type AppProcess,
  cpuSecondsOf,
  databaseUrl,
  deleteKeys,
  freePort,
  peakRssOf,
  pidsNamed,
  psql,
  REDIS_URL,
  startApp,
  stopApp,
  waitFor,
} from './system';

/** The demo store of the brief, ending today. */
const STORE = { seed: 42, days: 730, orders: 5000, customers: 250, products: 150 };
const ROTATE = 50;

interface Settings {
  durationSeconds: number;
  warmupSeconds: number;
  profileSeconds: number;
  jobs: number;
  workerCounts: number[];
}

export interface EndpointResult extends CannonResult {
  key: string;
  label: string;
  method: string;
  path: string;
  rotatedIds: number;
  responseBytes: number;
  cpuSeconds: { api: number; loader: number; postgres: number; redis: number };
  /** API CPU milliseconds per request. */
  apiCpuMsPerRequest: number;
}

export interface TrainingJob {
  job: string;
  state: string;
  queuedToDoneSeconds: number;
  runSeconds: number | null;
  result: Record<string, unknown> | null;
}

export interface QueueRun {
  workers: number;
  jobs: number;
  completed: number;
  failed: number;
  failures: string[];
  /** From adding the jobs to the last one finished. */
  wallSeconds: number;
  jobsPerSecond: number;
  /** Mean and median time a job ran (processedOn → finishedOn). */
  meanJobMs: number;
  medianJobMs: number;
  cpuSeconds: { workers: number; postgres: number };
}

export interface ProfiledRun extends ProfileSummary {
  key: string;
  label: string;
  /** Throughput while profiled (the profiler costs some). */
  reqPerSec: number;
  p99Ms: number;
}

export interface LoadResult {
  store: typeof STORE & { end: string; orders: number };
  settings: Settings;
  setupSeconds: { migrate: number; generate: number; write: number; apiStart: number; workerStart: number };
  training: TrainingJob[];
  endpoints: EndpointResult[];
  apiPeakRssMb: number | null;
  profiles: ProfiledRun[];
  jwt: JwtCost;
  queue: QueueRun[];
  loadAverageAtEnd: number;
}

const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;
const seconds = (t0: number) => (performance.now() - t0) / 1000;
const log = (text: string) => process.stderr.write(`    [load] ${text}\n`);

function parseSettings(argv: string[]): Settings {
  const quick = argv.includes('--quick');
  const duration = Number(argv.find((a) => !a.startsWith('--')) ?? (quick ? 3 : 10));
  if (!(duration >= 1)) throw new Error('usage: load.ts [seconds per endpoint] [--quick]');
  return {
    durationSeconds: duration,
    warmupSeconds: quick ? 1 : 2,
    profileSeconds: quick ? 3 : 8,
    jobs: quick ? 12 : 40,
    workerCounts: quick ? [1, 2] : [1, 2, 4],
  };
}

class Bench {
  readonly hex = randomBytes(5).toString('hex');
  readonly prefix = `bench_${this.hex}`;
  readonly dbName = `bench_load_${this.hex}`;
  readonly password = randomBytes(12).toString('hex');
  readonly apps: AppProcess[] = [];
  database: Database | null = null;
  dbCreated = false;
  env: Record<string, string> = {};
  baseUrl = '';
  token = '';
  private cleaned = false;

  async setup(): Promise<LoadResult['setupSeconds'] & { end: string; orders: number }> {
    psql(`create database "${this.dbName}"`);
    this.dbCreated = true;
    const url = databaseUrl(this.dbName);
    this.database = createDatabase(url, { max: 4, applicationName: 'boutique-bench' });
    let t0 = performance.now();
    await runMigrations(this.database);
    const migrate = seconds(t0);
    const end = new Date().toISOString().slice(0, 10);
    t0 = performance.now();
    const store = generateStore({ ...STORE, end });
    const generate = seconds(t0);
    t0 = performance.now();
    await writeStore(this.database, store, { reset: false });
    const write = seconds(t0);
    await upsertUser(
      this.database.db,
      { username: 'bench-admin', passwordHash: await hashPassword(this.password), role: 'admin' },
      { replace: true },
    );
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.env = {
      NODE_ENV: 'production',
      DATABASE_URL: url,
      REDIS_URL,
      QUEUE_PREFIX: this.prefix,
      JWT_SECRET: randomBytes(32).toString('hex'),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SCHEDULE_RETRAIN: 'off',
      SCHEDULE_INVENTORY: 'off',
    };
    t0 = performance.now();
    await this.startApi();
    const apiStart = seconds(t0);
    t0 = performance.now();
    await this.startWorkers(1);
    const workerStart = seconds(t0);
    return { migrate, generate, write, apiStart, workerStart, end, orders: store.orders.length };
  }

  api(): AppProcess {
    const api = this.apps.find((a) => a.name === 'api' && a.child.exitCode === null);
    if (!api) throw new Error('the API is not running');
    return api;
  }

  workers(): AppProcess[] {
    return this.apps.filter((a) => a.name.startsWith('worker') && a.child.exitCode === null);
  }

  async startApi(nodeArgs: string[] = []): Promise<AppProcess> {
    const api = startApp('api', 'apps/api/src/main.ts', this.env, nodeArgs);
    this.apps.push(api);
    await waitFor(
      async () => {
        if (api.child.exitCode !== null) throw new Error(`the API exited:\n${api.output()}`);
        return (await fetch(`${this.baseUrl}/healthz`)).ok;
      },
      { what: 'the API to answer /healthz', timeoutMs: 60_000 },
    );
    return api;
  }

  async startWorkers(count: number): Promise<void> {
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('analysis', { connection, prefix: this.prefix });
    try {
      while (this.workers().length < count) {
        this.apps.push(startApp(`worker-${this.workers().length + 1}`, 'apps/worker/src/main.ts', this.env));
      }
      // Ready when every worker process has its blocking connection on the analysis queue.
      await waitFor(
        async () => {
          const dead = this.workers().length < count;
          if (dead) throw new Error(`a worker exited:\n${this.apps.map((a) => a.output()).join('\n')}`);
          return (await queue.getWorkersCount()) >= count;
        },
        { what: `${count} workers on the queue`, timeoutMs: 60_000 },
      );
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }

  /** A JSON request to the API with the bench's token; `T` is the body's expected shape. */
  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; bytes: number }> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, bytes: Buffer.byteLength(text) };
  }

  async login(): Promise<void> {
    const res = await this.request('POST', '/api/auth/token/', {
      username: 'bench-admin',
      password: this.password,
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.token = res.body.access as string;
  }

  /** POSTs a job through the API and polls it until it is done. */
  async runJob(job: string, body: unknown): Promise<TrainingJob> {
    const t0 = performance.now();
    const queued = await this.request('POST', `/api/ml/${job}/`, body);
    if (queued.status !== 202) throw new Error(`${job}: ${queued.status} ${JSON.stringify(queued.body)}`);
    const id = queued.body.job_id as string;
    const status = await waitFor(
      async () => {
        const res = await this.request<JobStatusBody>('GET', `/api/ml/jobs/${id}/`);
        return res.status === 200 && ['completed', 'failed'].includes(res.body.state) ? res.body : null;
      },
      { what: `job ${job}`, timeoutMs: 600_000, intervalMs: 250 },
    );
    if (status.state !== 'completed') throw new Error(`${job} failed: ${JSON.stringify(status.error)}`);
    const started = status.started_at ? Date.parse(status.started_at) : Number.NaN;
    const finished = status.finished_at ? Date.parse(status.finished_at) : Number.NaN;
    return {
      job,
      state: status.state,
      queuedToDoneSeconds: round(seconds(t0), 2),
      runSeconds: Number.isFinite(finished - started) ? round((finished - started) / 1000, 2) : null,
      result: status.result,
    };
  }

  pgBackendPids = async (): Promise<number[]> => {
    const rows = await this.database!.sql<{ pid: number }[]>`
      select pid from pg_stat_activity where datname = ${this.dbName} and application_name <> 'boutique-bench'`;
    return rows.map((r) => r.pid);
  };

  /** CPU seconds of the API, our Postgres backends, redis-server and the workers, for a before/after pair. */
  async cpuSnapshot(): Promise<Record<string, number>> {
    const sum = (pids: number[]) => pids.reduce((a, pid) => a + cpuSecondsOf(pid), 0);
    const pg = await this.pgBackendPids();
    const snapshot: Record<string, number> = {
      api: sum(this.apps.filter((a) => a.name === 'api').map((a) => a.pid)),
      redis: sum(pidsNamed('redis-server')),
      workers: sum(this.workers().map((a) => a.pid)),
    };
    for (const pid of pg) snapshot[`pg:${pid}`] = cpuSecondsOf(pid);
    return snapshot;
  }

  static cpuDelta(before: Record<string, number>, after: Record<string, number>) {
    const pg = Object.keys(after)
      .filter((k) => k.startsWith('pg:'))
      .reduce((a, k) => a + after[k]! - (before[k] ?? 0), 0);
    const d = (k: string) => round((after[k] ?? 0) - (before[k] ?? 0), 2);
    return { api: d('api'), redis: d('redis'), workers: d('workers'), postgres: round(pg, 2) };
  }

  cannon(spec: Omit<CannonSpec, 'baseUrl'>, baseUrl = this.baseUrl): CannonResult {
    const full: CannonSpec = { ...spec, baseUrl };
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(BENCH_DIR, 'load', 'cannon.ts'), JSON.stringify(full)],
      { encoding: 'utf8', timeout: (spec.durationSeconds + spec.warmupSeconds + 60) * 1000 },
    );
    const line = run.stdout
      ?.trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .pop();
    if (run.status !== 0 || !line) throw new Error(`autocannon failed: ${run.stderr || run.error?.message}`);
    return JSON.parse(line) as CannonResult;
  }

  async cleanup(): Promise<void> {
    if (this.cleaned) return;
    this.cleaned = true;
    await Promise.all(this.apps.map((a) => stopApp(a).catch(() => undefined)));
    await this.database?.close().catch(() => undefined);
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    try {
      for (const name of ['training', 'analysis']) {
        const queue = new Queue(name, { connection, prefix: this.prefix });
        await queue.obliterate({ force: true }).catch((err) => log(`obliterate ${name}: ${err}`));
        await queue.close();
      }
    } finally {
      connection.disconnect();
    }
    await deleteKeys(`${this.prefix}:*`).catch((err) => log(`deleting cache keys: ${err}`));
    if (this.dbCreated) {
      try {
        psql(`drop database if exists "${this.dbName}" with (force)`);
      } catch (err) {
        log(String(err));
      }
    }
  }
}

/** The part of GET /api/ml/jobs/{id}/ the bench reads. */
interface JobStatusBody {
  state: string;
  started_at: string | null;
  finished_at: string | null;
  error: unknown;
  result: Record<string, unknown> | null;
}

interface Target {
  key: string;
  label: string;
  method: 'GET' | 'POST';
  path: string;
  paths: string[];
  body?: unknown;
  auth: boolean;
  connections: number;
  /** Served by a bare node:http server instead of the API (calibration). */
  bare?: boolean;
}

/** A bare node:http server answering the /healthz body: what this machine serves without a framework. */
const BARE_SERVER = `
const http = require('node:http');
const body = JSON.stringify({ status: 'ok' });
http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

async function measureEndpoints(
  bench: Bench,
  settings: Settings,
  targets: Target[],
): Promise<EndpointResult[]> {
  const results: EndpointResult[] = [];
  for (const target of targets) {
    let bare: { child: ChildProcess; baseUrl: string } | null = null;
    if (target.bare) {
      const port = await freePort();
      const child = spawn(process.execPath, ['-e', BARE_SERVER], {
        env: { ...process.env, PORT: String(port) },
        stdio: 'ignore',
      });
      const baseUrl = `http://127.0.0.1:${port}`;
      await waitFor(async () => (await fetch(`${baseUrl}/healthz`)).ok, {
        what: 'the bare server',
        timeoutMs: 10_000,
      });
      bare = { child, baseUrl };
    }
    try {
      const baseUrl = bare?.baseUrl ?? bench.baseUrl;
      const probe = await fetch(`${baseUrl}${target.paths[0]!}`, {
        method: target.method,
        headers: {
          ...(target.auth ? { authorization: `Bearer ${bench.token}` } : {}),
          ...(target.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(target.body !== undefined ? { body: JSON.stringify(target.body) } : {}),
      });
      const text = await probe.text();
      if (probe.status !== 200) throw new Error(`${target.path}: ${probe.status} ${text.slice(0, 500)}`);
      const spec = {
        method: target.method,
        paths: target.paths,
        ...(target.body !== undefined ? { body: target.body } : {}),
        ...(target.auth ? { token: bench.token } : {}),
        connections: target.connections,
        warmupSeconds: 0,
      };
      // Warm-up (JIT, caches) in its own run, so that the CPU read around the measured run is its own.
      bench.cannon({ ...spec, durationSeconds: settings.warmupSeconds }, baseUrl);
      const serverPid = bare?.child.pid;
      const serverCpu0 = serverPid ? cpuSecondsOf(serverPid) : 0;
      const before = await bench.cpuSnapshot();
      const result = bench.cannon({ ...spec, durationSeconds: settings.durationSeconds }, baseUrl);
      const cpu = Bench.cpuDelta(before, await bench.cpuSnapshot());
      const api = serverPid ? round(cpuSecondsOf(serverPid) - serverCpu0, 2) : cpu.api;
      results.push({
        ...result,
        key: target.key,
        label: target.label,
        method: target.method,
        path: target.path,
        rotatedIds: target.paths.length,
        responseBytes: Buffer.byteLength(text),
        cpuSeconds: { api, loader: result.loaderCpuSeconds, postgres: cpu.postgres, redis: cpu.redis },
        apiCpuMsPerRequest: round((1000 * api) / Math.max(1, result.requests), 3),
      });
      log(
        `${target.key}: ${result.reqPerSec} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ` +
          `non-2xx ${result.non2xx}, errors ${result.errors}`,
      );
    } finally {
      bare?.child.kill('SIGTERM');
    }
  }
  return results;
}

/** The API under `--cpu-prof`: one run per target (after a warm-up), each summarised on its own window. */
async function profileApi(bench: Bench, settings: Settings, targets: Target[]): Promise<ProfiledRun[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-load-prof-'));
  try {
    await stopApp(bench.api());
    const api = await bench.startApi(['--cpu-prof', '--cpu-prof-dir', dir]);
    const runs: { target: Target; result: CannonResult }[] = [];
    for (const target of targets) {
      const spec = {
        method: target.method,
        paths: target.paths,
        ...(target.auth ? { token: bench.token } : {}),
        connections: target.connections,
        warmupSeconds: 0,
      };
      bench.cannon({ ...spec, durationSeconds: settings.warmupSeconds });
      runs.push({ target, result: bench.cannon({ ...spec, durationSeconds: settings.profileSeconds }) });
    }
    await stopApp(api);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the API wrote no CPU profile');
    await bench.startApi();
    return runs.map(({ target, result }) => ({
      key: target.key,
      label: target.label,
      reqPerSec: result.reqPerSec,
      p99Ms: result.latencyMs.p99,
      ...summariseProfile(join(dir, file), result.measuredUs),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function queueThroughput(bench: Bench, settings: Settings): Promise<QueueRun[]> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('analysis', { connection, prefix: bench.prefix });
  const runs: QueueRun[] = [];
  try {
    for (const n of settings.workerCounts) {
      await bench.startWorkers(n);
      const ids = Array.from({ length: settings.jobs }, (_, i) => `bench-n${n}-${i + 1}`);
      const finished = async () => {
        const counts = await queue.getJobCounts('completed', 'failed');
        return (counts.completed ?? 0) + (counts.failed ?? 0);
      };
      const already = await finished();
      const before = await bench.cpuSnapshot();
      const t0 = performance.now();
      await queue.addBulk(
        ids.map((jobId) => ({ name: 'analyze-inventory', data: {}, opts: { jobId, attempts: 1 } })),
      );
      await waitFor(async () => (await finished()) - already >= ids.length, {
        what: `${ids.length} analyze-inventory jobs`,
        timeoutMs: 600_000,
        intervalMs: 25,
      });
      const wall = seconds(t0);
      const cpu = Bench.cpuDelta(before, await bench.cpuSnapshot());
      const jobs = await Promise.all(ids.map((id) => queue.getJob(id)));
      const durations = jobs.map((j) => j!.finishedOn! - j!.processedOn!).sort((a, b) => a - b);
      const failed = jobs.filter((j) => j!.failedReason);
      runs.push({
        workers: n,
        jobs: ids.length,
        completed: ids.length - failed.length,
        failed: failed.length,
        failures: [...new Set(failed.map((j) => String(j!.failedReason).slice(0, 160)))],
        wallSeconds: round(wall, 2),
        jobsPerSecond: round(ids.length / wall, 2),
        meanJobMs: Math.round(durations.reduce((a, b) => a + b, 0) / durations.length),
        medianJobMs: durations[Math.floor(durations.length / 2)]!,
        cpuSeconds: { workers: cpu.workers, postgres: cpu.postgres },
      });
      log(`queue with ${n} worker(s): ${round(ids.length / wall, 2)} jobs/s, ${failed.length} failed`);
    }
  } finally {
    await queue.close();
    connection.disconnect();
  }
  return runs;
}

async function main(): Promise<void> {
  const settings = parseSettings(process.argv.slice(2));
  const bench = new Bench();
  const interrupted = (signal: string) => {
    log(`${signal}: cleaning up`);
    void bench.cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => interrupted('SIGINT'));
  process.once('SIGTERM', () => interrupted('SIGTERM'));
  let result: LoadResult;
  try {
    const setup = await bench.setup();
    log(`system up (database ${bench.dbName}, prefix ${bench.prefix})`);
    await bench.login();
    const training = [
      await bench.runJob('train-sales-forecast', { model_type: 'gradient_boosting' }),
      await bench.runJob('train-product-recommendation', {}),
      await bench.runJob('train-customer-segmentation', {}),
      await bench.runJob('analyze-inventory', {}),
    ];
    log(`trained: ${training.map((t) => `${t.job} ${t.runSeconds} s`).join(', ')}`);
    const recModel = training[1]!.result?.model_id as string;
    const segModel = training[2]!.result?.model_id as string;
    const sql = bench.database!.sql;
    const products = await sql<{ id: string }[]>`
      select distinct product_id as id from product_recommendations
      where model_id = ${recModel} and method = 'hybrid' order by 1 limit ${ROTATE}`;
    const customers = await sql<{ id: string }[]>`
      select customer_id as id from customer_segments where model_id = ${segModel} order by 1 limit ${ROTATE}`;
    const recommendations = (connections: number): Target => ({
      key: `recommendations-c${connections}`,
      label: 'product recommendations',
      method: 'GET',
      path: '/api/ml/product-recommendations/{id}/?top_n=10',
      paths: products.map((p) => `/api/ml/product-recommendations/${p.id}/?top_n=10`),
      auth: true,
      connections,
    });
    const targets: Target[] = [
      {
        key: 'bare-node',
        label: 'calibration: bare node:http server, same body as /healthz',
        method: 'GET',
        path: '/healthz',
        paths: ['/healthz'],
        auth: false,
        connections: 10,
        bare: true,
      },
      {
        key: 'healthz',
        label: 'baseline: /healthz (no auth, no cache)',
        method: 'GET',
        path: '/healthz',
        paths: ['/healthz'],
        auth: false,
        connections: 10,
      },
      recommendations(10),
      recommendations(50),
      // One request at a time: the latency of a request without queueing.
      recommendations(1),
      {
        key: 'dashboard',
        label: 'dashboard summary',
        method: 'GET',
        path: '/api/ml/dashboard-summary/',
        paths: ['/api/ml/dashboard-summary/'],
        auth: true,
        connections: 10,
      },
      {
        key: 'segment',
        label: 'customer segment',
        method: 'GET',
        path: '/api/ml/customer-segment/{id}/',
        paths: customers.map((c) => `/api/ml/customer-segment/${c.id}/`),
        auth: true,
        connections: 10,
      },
      {
        key: 'predict-sales',
        label: 'sales forecast (predict-sales, 7 days)',
        method: 'POST',
        path: '/api/ml/predict-sales/',
        paths: ['/api/ml/predict-sales/'],
        body: { days_ahead: 7 },
        auth: true,
        connections: 10,
      },
    ];
    const endpoints = await measureEndpoints(bench, settings, targets);
    const apiPeakRssMb = peakRssOf(bench.api().pid);
    let profiles: ProfiledRun[] = [];
    try {
      profiles = await profileApi(bench, settings, [
        targets.find((t) => t.key === 'healthz')!,
        recommendations(10),
      ]);
    } catch (err) {
      log(`profile failed: ${err}`);
    }
    const queue = await queueThroughput(bench, settings);
    result = {
      store: { ...STORE, end: setup.end, orders: setup.orders },
      settings,
      setupSeconds: {
        migrate: round(setup.migrate, 2),
        generate: round(setup.generate, 2),
        write: round(setup.write, 2),
        apiStart: round(setup.apiStart, 2),
        workerStart: round(setup.workerStart, 2),
      },
      training,
      endpoints,
      apiPeakRssMb: apiPeakRssMb === null ? null : round(apiPeakRssMb, 1),
      profiles,
      jwt: jwtCost(),
      queue,
      loadAverageAtEnd: round(loadavg()[0] ?? 0, 2),
    };
  } catch (err) {
    for (const app of bench.apps) log(`${app.name} output:\n${app.output().slice(-3000)}`);
    throw err;
  } finally {
    await bench.cleanup();
  }
  emit({ ...result });
}

await main();
