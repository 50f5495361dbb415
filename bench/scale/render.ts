/** Markdown of the `scale` section (BENCHMARKS.md, console). */
import { type SectionRecord, stamp, table } from '../report';
import { SCALE_TARGETS, type ScaleJob, type ScaleResult, type WriteTiming } from './types';

const int = (v: number) => v.toLocaleString('en');
const sec = (v: number | null | undefined, digits = 1) => (v == null ? '—' : v.toFixed(digits));
const mb = (v: number | null | undefined) => (v == null ? '—' : String(Math.round(v)));

/**
 * The write rates of the batched-INSERT writeStore this section's COPY path replaced, measured with
 * bench/scale/store.ts on the same machine just before the change (load average 1.6–2.2).
 */
const WRITE_BEFORE = {
  date: 'Wed Nov 25 15:38 UTC 2026',
  demo: { seconds: 0.84, rowsPerSecond: 20_314 },
  large: { seconds: 68.27, rowsPerSecond: 22_544, peakRssMb: 2187 },
} as const;

/**
 * One run of the recommendation job on the large store with the worker's old space capped at 1 GiB
 * (`SCALE_WORKER_NODE_ARGS=--max-old-space-size=1024 … --jobs train-product-recommendation`), to tell
 * live memory from garbage V8 had not collected yet.
 */
const CAPPED_HEAP = {
  date: 'Wed Nov 25 16:03 UTC 2026',
  capMb: 1024,
  peakRssMb: 793,
  runSeconds: 75.06,
} as const;

function jobName(j: ScaleJob): string {
  return j.label ? `\`${j.job}\` (${j.label})` : `\`${j.job}\``;
}

function storeRow(w: WriteTiming): string[] {
  const before = WRITE_BEFORE[w.store];
  const tables = Object.entries(w.tableSeconds)
    .map(([t, s]) => `${t} ${s.toFixed(1)}`)
    .join(', ');
  return [
    w.store === 'large' ? 'large (1M lines)' : 'demo',
    `${int(w.products)} / ${int(w.customers)} / ${int(w.orders)} / ${int(w.orderLines)}`,
    sec(w.generateSeconds, 2),
    `**${sec(w.writeSeconds, 2)}**`,
    `**${int(w.rowsPerSecond)}**`,
    tables,
    `${sec(before.seconds, 2)} s, ${int(before.rowsPerSecond)} rows/s`,
  ];
}

function verdict(j: ScaleJob): string {
  if (j.state !== 'completed' || j.runSeconds == null || j.peakRssMb == null) return `**${j.state}**`;
  const ok = j.runSeconds < SCALE_TARGETS.seconds && j.peakRssMb < SCALE_TARGETS.rssMb;
  return ok ? 'met' : '**not met**';
}

/** The step that took longest, with its share of the run. */
function dominantStep(j: ScaleJob): { step: string; seconds: number; share: number } | null {
  if (j.runSeconds == null || j.runSeconds <= 0) return null;
  const steps: [string, number | null][] = [
    ['load + fit', j.steps.loadAndCompute],
    ['persist', j.steps.persist],
  ];
  const [step, seconds] = steps.reduce((a, b) => ((b[1] ?? 0) > (a[1] ?? 0) ? b : a));
  return seconds == null ? null : { step, seconds, share: seconds / j.runSeconds };
}

export function renderScale(record: SectionRecord<ScaleResult>): string {
  const r = record.results;
  const large = r.write.find((w) => w.store === r.store);
  const out = ['## 7. Scale: large store (every job on 1M order lines)', '', stamp(record), ''];
  out.push(
    '`bench/scale/scale.ts` generates the store with `generateStore` (seed 42, 2 years ending ' +
      '2026-11-25) and writes it with `writeStore` into a throwaway database (created on the local ' +
      'Postgres, migrated, dropped afterwards), then runs every job of the worker against it through ' +
      'BullMQ, one after the other: each in a fresh worker process (`node --import tsx ' +
      'apps/worker/src/main.ts`, as `npm run start:worker` runs it; NODE_ENV production, LOG_LEVEL warn, ' +
      'no schedules, no follow-up inventory job, one attempt) on a unique queue prefix of the local Redis, ' +
      "the job added with the project's `createQueues` / `enqueue`. _peak RSS_ is that process's VmHWM " +
      '(/proc) after the job, which it ran alone; _ready_ its VmHWM before the job (node, tsx and the ' +
      "worker's modules). _run_ is the job's processedOn → finishedOn in BullMQ. The steps come from the " +
      "progress the worker reports (5% started, 75% fitted, 95% saved), timed by BullMQ's event-stream ids " +
      '(Redis server time); _load + fit_ is one span because the worker reports 25% without awaiting it and ' +
      'the synchronous fit then holds the event loop, so that milestone only reaches Redis after the fit. ' +
      '_Postgres busy_ is the part of it during which a worker backend was running a statement ' +
      '(pg_stat_activity sampled every 100 ms): the queries that load the data; the rest is decoding rows ' +
      "in the worker and the ML. _persist_ is the job's transaction (for the forecast also the per-product " +
      'demand it stores, read and computed after the fit). The store is `vacuum analyze`d after the write, ' +
      'as autovacuum would have done on a store in use.',
    '',
    table(
      [
        'store',
        'products / customers / orders / lines',
        'generateStore s',
        'writeStore s',
        'rows/s',
        'per table s',
        'before (batched INSERTs)',
      ],
      r.write.map(storeRow),
    ),
    '',
    `_before_: \`writeStore\` with drizzle's multi-row INSERTs (5,000 rows or 30,000 parameters a ` +
      `statement), measured ${WRITE_BEFORE.date}; its peak RSS on the large store was ` +
      `${int(WRITE_BEFORE.large.peakRssMb)} MB. Now rows go through COPY FROM STDIN into a temporary text ` +
      'table and one INSERT … SELECT per table (packages/db/src/seed/copy.ts explains why not straight into ' +
      "the table). What is left is the server's work on each row: indexes and foreign-key checks; on " +
      'order_items the two foreign-key checks alone were ≈ 60% of its INSERT (16 s with, 6 s without ' +
      'them, measured on a copy of the table).',
    '',
  );
  out.push(
    table(
      [
        'job',
        'run s',
        'load + fit s (Postgres busy)',
        'persist s',
        'rows written',
        'peak RSS MB (ready)',
        'max RSS MB: load + fit / persist',
        'CPU s: worker / Postgres',
        'load avg',
        `target (< ${SCALE_TARGETS.seconds / 60} min, < ${SCALE_TARGETS.rssMb / 1024} GiB)`,
      ],
      r.jobs.map((j) => [
        jobName(j),
        `**${sec(j.runSeconds, 2)}**`,
        `${sec(j.steps.loadAndCompute, 2)} (${sec(j.steps.postgresBusy, 2)})`,
        sec(j.steps.persist, 2),
        int(j.rowsWritten),
        `**${mb(j.peakRssMb)}** (${mb(j.readyRssMb)})`,
        `${mb(j.sampledRssMb.loadAndCompute)} / ${mb(j.sampledRssMb.persist)}`,
        `${sec(j.workerCpuSeconds)} / ${sec(j.postgresCpuSeconds)}`,
        j.loadAverage.toFixed(1),
        verdict(j),
      ]),
    ),
    '',
  );
  if (r.profile) {
    const p = r.profile;
    const pctOf = (x: { share: number }) => `${Math.round(x.share * 100)}%`;
    out.push(
      `**Where the slowest job's worker spends its time** (${jobName({ job: p.job, label: p.label } as ScaleJob)} ` +
        `run once more under \`node --cpu-prof\`: ${sec(p.runSeconds)} s, persist ${sec(p.steps.persist)} s). ` +
        `The worker's main thread was busy ${sec(p.busyMs / 1000)} s of ${sec(p.wallMs / 1000)} s (the rest it ` +
        'waited, mostly for Postgres). Busy time by library: ' +
        p.categories.map((c) => `${c.name} ${pctOf(c)}`).join(', ') +
        '. Top functions by self time: ' +
        p.topFunctions
          .slice(0, 6)
          .map((f) => `\`${f.name}\` ${pctOf(f)}`)
          .join(', ') +
        '.',
      '',
    );
  }
  out.push('**Findings**', '', ...scaleFindings(r, large).map((f) => `- ${f}`));
  return `${out.join('\n')}\n`;
}

function scaleFindings(r: ScaleResult, large: WriteTiming | undefined): string[] {
  const findings: string[] = [];
  const done = r.jobs.filter((j) => j.state === 'completed' && j.runSeconds != null);
  const failed = r.jobs.filter((j) => j.state !== 'completed');
  const missed = done.filter((j) => verdict(j) !== 'met');
  const slowest = [...done].sort((a, b) => (b.runSeconds ?? 0) - (a.runSeconds ?? 0))[0];
  const heaviest = [...done].sort((a, b) => (b.peakRssMb ?? 0) - (a.peakRssMb ?? 0))[0];
  if (large) {
    findings.push(
      `Seeding the ${int(large.orderLines)}-line store: generation ${sec(large.generateSeconds)} s, ` +
        `write ${sec(large.writeSeconds)} s (${int(large.rowsPerSecond)} rows/s, ` +
        `${sec(large.rowsPerSecond / WRITE_BEFORE[large.store].rowsPerSecond)}× the batched INSERTs' ` +
        `${int(WRITE_BEFORE[large.store].rowsPerSecond)} rows/s).`,
    );
  }
  if (slowest && heaviest) {
    findings.push(
      `${failed.length === 0 && missed.length === 0 ? 'Every job meets the targets' : `${missed.length + failed.length} job(s) miss the targets`}: ` +
        `the slowest is ${jobName(slowest)} at ${sec(slowest.runSeconds)} s ` +
        `(${Math.round((100 * (slowest.runSeconds ?? 0)) / SCALE_TARGETS.seconds)}% of ${SCALE_TARGETS.seconds} s), ` +
        `the largest ${jobName(heaviest)} at ${mb(heaviest.peakRssMb)} MB ` +
        `(${Math.round((100 * (heaviest.peakRssMb ?? 0)) / SCALE_TARGETS.rssMb)}% of ${SCALE_TARGETS.rssMb} MB).`,
    );
  }
  for (const j of failed) findings.push(`${jobName(j)} ${j.state}: ${(j.error ?? '').slice(0, 300)}`);
  const rec = done.find((j) => j.job === 'train-product-recommendation');
  const recStep = rec ? dominantStep(rec) : null;
  if (rec && recStep) {
    findings.push(
      `What dominates: ${jobName(rec)} spends ${sec(recStep.seconds)} s of its ${sec(rec.runSeconds)} s ` +
        `(${Math.round(recStep.share * 100)}%) in ${recStep.step}. ` +
        (recStep.step === 'persist'
          ? `It stores ${int(rec.rowsWritten)} recommendation rows (every active product × top-N × three ` +
            'methods) as INSERT … SELECT FROM unnest(five arrays), 50,000 rows a statement ' +
            '(`saveRecommendations` in packages/db/src/queries/recommendations.ts). Most of it is Postgres ' +
            `checking three foreign keys and the primary key per row (${sec(rec.postgresCpuSeconds)} s of ` +
            'Postgres CPU in this job). Until Wed Nov 25 2026 the rows went through drizzle multi-row ' +
            'INSERTs of 5,000 rows: the job took 76.6 s and peaked at 1,701 MB, two thirds of the worker ' +
            'CPU spent by drizzle building statements. The fit itself (load + fit) is the smaller part.'
          : 'The fit and its data loading outweigh saving the lists.'),
    );
  }
  const others = done.filter((j) => j !== rec);
  if (others.length > 0) {
    findings.push(
      'The other jobs: ' +
        others
          .map((j) => {
            const d = dominantStep(j);
            return `${jobName(j)} ${sec(j.runSeconds)} s${d ? ` (${d.step} ${Math.round(d.share * 100)}%)` : ''}`;
          })
          .join('; ') +
        '. The forecast aggregates orders to days in Postgres, so it loads 730 rows whatever the store size; ' +
        'its persist step reads 90 days of per-product sales and stores a demand row per active product. ' +
        'Segmentation loads every paid order of a known customer (one row each) and saves a segment per customer.',
    );
  }
  const peakStep = heaviest
    ? (heaviest.sampledRssMb.persist ?? 0) > (heaviest.sampledRssMb.loadAndCompute ?? 0)
      ? 'persist'
      : 'load + fit'
    : null;
  if (heaviest && peakStep) {
    findings.push(
      `Memory: ${jobName(heaviest)} peaks at ${mb(heaviest.peakRssMb)} MB during ${peakStep} ` +
        `(sampled maxima ${mb(heaviest.sampledRssMb.loadAndCompute)} MB while loading and fitting, ` +
        `${mb(heaviest.sampledRssMb.persist)} MB while saving), from ${mb(heaviest.readyRssMb)} MB ready.` +
        (heaviest.job === 'train-product-recommendation' && r.store === 'large'
          ? ` With the drizzle INSERTs it was 1,701 MB, mostly garbage not yet collected: capped at ` +
            `\`--max-old-space-size=${CAPPED_HEAP.capMb}\` (${CAPPED_HEAP.date}) that version peaked at ` +
            `${CAPPED_HEAP.peakRssMb} MB in ${sec(CAPPED_HEAP.runSeconds)} s.`
          : ''),
    );
  }
  return findings;
}
