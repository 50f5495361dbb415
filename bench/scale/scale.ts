/**
 * The `scale` section: the large store (1M order lines, 10k products, 100k customers) generated and
 * written into a throwaway Postgres database, then every real worker job run against it, each in a worker
 * process of its own (`node --import tsx apps/worker/src/main.ts`, as `npm run start:worker` runs it) so
 * that the process's peak RSS (VmHWM) is that job's. Jobs are added with the project's `createQueues` /
 * `enqueue` on a unique BullMQ prefix of the local Redis; the steps inside a job are timed by the progress
 * milestones the worker reports (5% started, 25% data loaded, 75% fitted, 95% saved), read from BullMQ's
 * event stream, whose entry ids are Redis server timestamps.
 *
 *   node --import tsx bench/scale/scale.ts            # the large store
 *   node --import tsx bench/scale/scale.ts --quick    # the demo store (a smoke run)
 *   … --jobs train-product-recommendation,linear      # only these jobs (by name or label)
 *   SCALE_WORKER_NODE_ARGS='--max-old-space-size=1024' …   # node flags of the worker processes
 *
 * Prints one JSON line (bench/run.ts reads it).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createQueues, enqueue, type JobName, QUEUE_NAMES, type QueueName } from '@boutique/shared';
import { type Job, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { emit } from '../lib';
import { summariseProfile } from '../load/profile';
import {
  type AppProcess,
  cpuSecondsOf,
  deleteKeys,
  peakRssOf,
  REDIS_URL,
  startApp,
  stopApp,
  waitFor,
} from '../load/system';
import { generateAndWrite, type ScaleStoreName, throwawayDatabase, type WriteTiming } from './store';
import { SCALE_JOBS, type ScaleJob, type ScaleProfile } from './types';

const JOB_TIMEOUT_MS = 15 * 60_000;

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
/** Milliseconds (Redis server time) of a stream entry id "1700000000000-0". */
const streamMs = (id: string) => Number(id.split('-')[0]);

/** A few result fields for the report (metrics would be kilobytes of CV scores). */
function summariseResult(result: unknown): Record<string, unknown> | null {
  if (!result || typeof result !== 'object') return null;
  const r = result as Record<string, unknown>;
  const metrics = (r.metrics ?? {}) as Record<string, unknown>;
  const pick = (o: Record<string, unknown>, keys: string[]) =>
    Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
  return {
    ...pick(r, ['duration_seconds', 'records_used', 'as_of', 'total_products_analyzed', 'demand_source']),
    ...pick(metrics, [
      'test_r2',
      'mase',
      'products_with_demand',
      'products',
      'baskets',
      'customers',
      'silhouette',
      'hit_rate',
      'n_clusters',
    ]),
  };
}

class ScaleRun {
  readonly prefix = `bench_scale_${randomBytes(5).toString('hex')}`;
  readonly connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  readonly queues = createQueues(this.connection, { prefix: this.prefix, attempts: 1, backoffMs: 1000 });
  readonly events = new Map<QueueName, QueueEvents>();
  /** Per job id: progress value → Redis ms, and the final state. */
  readonly seen = new Map<string, { progress: Map<number, number>; active?: number; done?: number }>();

  readonly env: Record<string, string>;

  constructor(
    env: Record<string, string>,
    readonly nodeArgs: string[] = [],
  ) {
    this.env = { ...env, QUEUE_PREFIX: this.prefix };
  }

  async open(): Promise<void> {
    for (const name of QUEUE_NAMES) {
      const events = new QueueEvents(name, {
        connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
        prefix: this.prefix,
      });
      const entry = (jobId: string) => {
        const e = this.seen.get(jobId) ?? { progress: new Map<number, number>() };
        this.seen.set(jobId, e);
        return e;
      };
      events.on('progress', ({ jobId, data }, id) => {
        if (typeof data === 'number') entry(jobId).progress.set(data, streamMs(id));
      });
      events.on('active', ({ jobId }, id) => {
        entry(jobId).active = streamMs(id);
      });
      const done = ({ jobId }: { jobId: string }, id: string) => {
        entry(jobId).done = streamMs(id);
      };
      events.on('completed', done);
      events.on('failed', done);
      await events.waitUntilReady();
      this.events.set(name, events);
    }
  }

  async startWorker(extraArgs: string[] = []): Promise<AppProcess> {
    const worker = startApp('worker', 'apps/worker/src/main.ts', this.env, [...this.nodeArgs, ...extraArgs]);
    // Ready when its Worker has a blocking connection on every queue.
    await waitFor(
      async () => {
        if (worker.child.exitCode !== null) return 'exited';
        const counts = await Promise.all(QUEUE_NAMES.map((q) => this.queues[q].getWorkersCount()));
        return counts.every((n) => n >= 1) ? 'ready' : null;
      },
      { what: 'the worker on every queue', timeoutMs: 60_000 },
    );
    if (worker.child.exitCode !== null) throw new Error(`the worker exited:\n${worker.output()}`);
    return worker;
  }

  async runJob(
    spec: (typeof SCALE_JOBS)[number],
    backends: () => Promise<Backends>,
    outputRows: () => Promise<number>,
    extraArgs: string[] = [],
  ): Promise<ScaleJob> {
    const rows0 = await outputRows();
    const loadAverage = round(loadavg()[0] ?? 0);
    const worker = await this.startWorker(extraArgs);
    const readyRssMb = peakRssOf(worker.pid);
    const cpu0 = cpuSecondsOf(worker.pid);
    // CPU seconds per backend: first and last seen (the pool may close idle connections mid-job).
    const pgFirst = (await backends()).cpu;
    const pgLast = new Map(pgFirst);
    /** Sample times (Date.now) and whether a worker backend was running a statement then. */
    const activity: [number, boolean][] = [];
    /** Sample times and the worker's resident set then (MB). */
    const rss: [number, number][] = [];
    const samplePg = async () => {
      const now = await backends();
      activity.push([Date.now(), now.active]);
      const current = rssOf(worker.pid);
      if (current !== null) rss.push([Date.now(), current]);
      for (const [pid, cpu] of now.cpu) {
        if (!pgFirst.has(pid)) pgFirst.set(pid, 0);
        pgLast.set(pid, cpu);
      }
    };
    const t0 = performance.now();
    const enqueuedMs = Date.now();
    const { jobId } = await enqueue(this.queues, spec.name, spec.data);
    const queue = this.queues[queueOf(spec.name)];
    let job: Job | undefined;
    let state: ScaleJob['state'] = 'timeout';
    const deadline = Date.now() + JOB_TIMEOUT_MS;
    while (Date.now() < deadline) {
      job = await queue.getJob(jobId);
      const s = await job?.getState();
      if (s === 'completed' || s === 'failed') {
        state = s;
        break;
      }
      if (worker.child.exitCode !== null) {
        state = 'failed';
        break;
      }
      await samplePg();
      await new Promise((r) => setTimeout(r, 100));
    }
    await samplePg();
    const queuedToDoneSeconds = round((performance.now() - t0) / 1000);
    const peakRssMb = peakRssOf(worker.pid);
    const workerCpuSeconds = round(cpuSecondsOf(worker.pid) - cpu0);
    const postgresCpuSeconds = round(
      [...pgLast].reduce((a, [pid, cpu]) => a + cpu - (pgFirst.get(pid) ?? 0), 0),
    );
    // The completed event may trail the state change by a moment.
    await waitFor(() => this.seen.get(jobId)?.done ?? (state !== 'completed' ? 1 : null), {
      timeoutMs: 5000,
      what: 'the completed event',
    }).catch(() => null);
    const seen = this.seen.get(jobId);
    const p = (v: number) => seen?.progress.get(v);
    const span = (a: number | undefined, b: number | undefined) =>
      a !== undefined && b !== undefined ? round((b - a) / 1000) : null;
    /** Seconds between samples that saw a statement running, inside [from, to). */
    const busy = (from: number | undefined, to: number | undefined) => {
      if (from === undefined || to === undefined) return null;
      let total = 0;
      for (let i = 1; i < activity.length; i++) {
        const [t, active] = activity[i]!;
        if (active && t >= from && t < to) total += t - activity[i - 1]![0];
      }
      return round(total / 1000);
    };
    /** The largest sampled RSS inside [from, to) (MB). */
    const rssMax = (from: number | undefined, to: number | undefined) => {
      if (from === undefined || to === undefined) return null;
      const inside = rss.filter(([t]) => t >= from && t < to).map(([, mb]) => mb);
      return inside.length > 0 ? round(Math.max(...inside), 1) : null;
    };
    const processedOn = job?.processedOn;
    const finishedOn = job?.finishedOn;
    const output = worker.output();
    const rowsWritten = (await outputRows()) - rows0;
    await stopApp(worker);
    return {
      job: spec.name,
      label: spec.label,
      data: spec.data,
      state,
      ...(state !== 'completed'
        ? { error: job?.failedReason ?? (state === 'timeout' ? 'timed out' : output.slice(-2000)) }
        : {}),
      runSeconds: processedOn && finishedOn ? round((finishedOn - processedOn) / 1000) : null,
      queuedToDoneSeconds,
      steps: {
        queued: span(enqueuedMs, seen?.active ?? processedOn),
        start: span(seen?.active ?? processedOn, p(5)),
        loadAndCompute: span(p(5), p(75)),
        postgresBusy: busy(p(5), p(75)),
        persist: span(p(75), p(95)),
        finish: span(p(95), seen?.done ?? finishedOn),
      },
      peakRssMb: peakRssMb === null ? null : round(peakRssMb, 1),
      sampledRssMb: { loadAndCompute: rssMax(p(5), p(75)), persist: rssMax(p(75), p(95)) },
      readyRssMb: readyRssMb === null ? null : round(readyRssMb, 1),
      workerCpuSeconds,
      postgresCpuSeconds,
      attemptsMade: job?.attemptsMade ?? 0,
      loadAverage,
      rowsWritten,
      result: summariseResult(job?.returnvalue),
    };
  }

  async close(): Promise<void> {
    for (const events of this.events.values()) {
      await events.close();
      events.disconnect();
    }
    for (const queue of Object.values(this.queues)) await queue.obliterate({ force: true }).catch(() => {});
    for (const queue of Object.values(this.queues)) await queue.close();
    this.connection.disconnect();
    await deleteKeys(`${this.prefix}:*`);
  }
}

/**
 * Runs the slowest job once more in a worker under `--cpu-prof` and summarises where its main thread
 * spent its time (the tsx loader's thread writes a profile too; the busier one is the worker's).
 */
async function profileSlowest(
  run: ScaleRun,
  jobs: ScaleJob[],
  backends: () => Promise<Backends>,
  outputRows: () => Promise<number>,
): Promise<ScaleProfile | null> {
  const slowest = jobs
    .filter((j) => j.state === 'completed')
    .sort((a, b) => (b.runSeconds ?? 0) - (a.runSeconds ?? 0))[0];
  const spec = slowest && SCALE_JOBS.find((j) => j.name === slowest.job && j.label === slowest.label);
  if (!spec) return null;
  const dir = mkdtempSync(join(tmpdir(), 'scale-prof-'));
  try {
    log(`  profiling ${spec.name} ${spec.label} (--cpu-prof) … `);
    const again = await run.runJob(spec, backends, outputRows, ['--cpu-prof', '--cpu-prof-dir', dir]);
    log(`${again.state} in ${again.runSeconds} s\n`);
    const summaries = readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => summariseProfile(join(dir, f), null, 8));
    const main = summaries.sort((a, b) => b.busyMs - a.busyMs)[0];
    if (!main) return null;
    return {
      job: spec.name,
      label: spec.label,
      runSeconds: again.runSeconds,
      steps: again.steps,
      busyMs: main.busyMs,
      wallMs: main.wallMs,
      categories: main.categories.slice(0, 6),
      topFunctions: main.topFunctions,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Backends {
  /** CPU seconds so far per backend pid. */
  cpu: Map<number, number>;
  active: boolean;
}

/** Current resident set (VmRSS) of a process, MB. */
function rssOf(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

function queueOf(name: JobName): QueueName {
  return name === 'analyze-inventory' ? 'analysis' : 'training';
}

function log(text: string): void {
  process.stderr.write(text);
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  // `--jobs a,b` runs only those jobs (by name or label); SCALE_WORKER_NODE_ARGS are the workers' node flags.
  const jobsArg = process.argv[process.argv.indexOf('--jobs') + 1];
  const only = process.argv.includes('--jobs') && jobsArg ? jobsArg.split(',') : null;
  const nodeArgs = (process.env.SCALE_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const store: ScaleStoreName = quick ? 'demo' : 'large';
  const write: WriteTiming[] = [];
  if (!quick && !only) {
    // The demo store's write rate, for comparison with the large store's (own database, dropped at once).
    const demo = await throwawayDatabase('scale_demo');
    try {
      write.push(await generateAndWrite('demo', demo.database, demo.migrateSeconds));
    } finally {
      await demo.drop();
    }
  }
  const db = await throwawayDatabase('scale');
  let run: ScaleRun | null = null;
  try {
    log(`  generating and writing the ${store} store … `);
    const timing = await generateAndWrite(store, db.database, db.migrateSeconds);
    write.push(timing);
    log(`${timing.generateSeconds} s + ${timing.writeSeconds} s (${timing.rowsPerSecond} rows/s)\n`);
    await db.database.sql`vacuum analyze`;
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      REDIS_URL,
      LOG_LEVEL: 'warn',
      SCHEDULE_RETRAIN: 'off',
      SCHEDULE_INVENTORY: 'off',
      // Each job runs alone in its worker: no follow-up analysis after a forecast, no retries.
      INVENTORY_AFTER_FORECAST: 'false',
      JOB_ATTEMPTS: '1',
    };
    run = new ScaleRun(env, nodeArgs);
    await run.open();
    const backends = async (): Promise<Backends> => {
      const rows = await db.database.sql<{ pid: number; state: string | null }[]>`
        select pid, state from pg_stat_activity
        where datname = ${db.name} and application_name = 'boutique-ml-worker'`;
      return {
        cpu: new Map(rows.map((r) => [r.pid, cpuSecondsOf(r.pid)])),
        active: rows.some((r) => r.state === 'active'),
      };
    };
    const outputRows = async () => {
      const [row] = await db.database.sql<{ n: number }[]>`
        select (select count(*) from product_recommendations) + (select count(*) from customer_segments)
          + (select count(*) from product_demand_forecasts) + (select count(*) from inventory_alerts) as n`;
      return Number(row?.n ?? 0);
    };
    const jobs: ScaleJob[] = [];
    for (const spec of SCALE_JOBS.filter((j) => !only || only.includes(j.name) || only.includes(j.label))) {
      log(`  ${spec.name} ${spec.label} … `);
      const r = await run.runJob(spec, backends, outputRows);
      jobs.push(r);
      log(`${r.state} in ${r.runSeconds ?? r.queuedToDoneSeconds} s, peak RSS ${r.peakRssMb} MB\n`);
      if (r.error) log(`    ${r.error.split('\n').slice(-5).join('\n    ')}\n`);
    }
    const profile = await profileSlowest(run, jobs, backends, outputRows);
    emit({ store, write, jobs, profile, workerEnv: { ...env, DATABASE_URL: '(throwaway)' } });
  } finally {
    await run?.close().catch((err) => log(`clean-up of the queues failed: ${err}\n`));
    await db.drop();
  }
}

await main();
process.exit(process.exitCode ?? 0);
