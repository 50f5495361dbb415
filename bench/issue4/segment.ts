/**
 * Customer segmentation benchmark (issue 4), standalone: builds the paid orders of known customers from
 * `generateStore` (pure, no database), trains the segmentation as the worker does, times its stages, and
 * puts the k-means step side by side with scikit-learn's KMeans and ml-kmeans on the same standardised
 * matrix (k = 6, 10 k-means++ restarts, Lloyd). Prints one JSON document.
 *
 *   node --import tsx bench/issue4/segment.ts [demo|large|all] [repeats=3]
 *
 * Timings are the best of `repeats` runs (the machine is shared: read the ratios, not the seconds), with
 * the process CPU time next to the wall time. scikit-learn runs twice: with its default threads (OpenMP,
 * all cores, as in /work/shared/reference/README.md) and pinned to one thread (OMP_NUM_THREADS=1), since
 * the TypeScript side is single-threaded.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { generateStore } from '../../packages/db/src/seed/generate';
import {
  fitClv,
  predictClv,
  repeatSummary,
  validateClv,
} from '../../packages/ml-core/src/clv/lifetime-value';
import { denseMatrix } from '../../packages/ml-core/src/linalg/matrix';
import {
  type CustomerOrder,
  customerHistories,
  featuresOf,
  fitScaler,
} from '../../packages/ml-core/src/segment/features';
import { kMeans } from '../../packages/ml-core/src/segment/kmeans';
import { silhouetteScore } from '../../packages/ml-core/src/segment/silhouette';
import {
  clusterCustomers,
  segmentationOptions,
  trainSegmentation,
} from '../../packages/ml-core/src/segment/train';
import { addDays, toEpochDay } from '../../packages/ml-core/src/time/days';

const STORES = {
  demo: { seed: 42, days: 730, orders: 5000, customers: 250, products: 150, end: '2026-11-25' },
  large: { seed: 42, days: 730, orders: 440_000, customers: 100_000, products: 10_000, end: '2026-11-25' },
} as const;
type StoreName = keyof typeof STORES;

const PYTHON = '/usr/bin/python3';
const SKLEARN_SCRIPT = `
import json, sys, time
import numpy as np
from sklearn.cluster import KMeans
X = np.loadtxt(sys.argv[1], delimiter=',', ndmin=2)
repeats = int(sys.argv[2])
best = None
for _ in range(repeats):
    wall, cpu = time.perf_counter(), time.process_time()
    model = KMeans(n_clusters=6, n_init=10, init='k-means++', algorithm='lloyd', random_state=42).fit(X)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if best is None or wall < best['seconds']:
        best = {'seconds': wall, 'cpu_seconds': cpu, 'inertia': float(model.inertia_), 'n_iter': int(model.n_iter_)}
import sklearn
best['version'] = sklearn.__version__
print(json.dumps(best))
`;

interface Timing {
  seconds: number;
  cpu_seconds: number;
}

/** Best-of-`repeats` wall time (and the CPU time of that run) of `run`, and its last result. */
function best<T>(repeats: number, run: () => T): Timing & { value: T } {
  let out: (Timing & { value: T }) | null = null;
  for (let r = 0; r < repeats; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const value = run();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (!out || seconds < out.seconds) out = { seconds, cpu_seconds: (cpu.user + cpu.system) / 1e6, value };
  }
  return out!;
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
const peakRssMb = () => round(process.resourceUsage().maxRSS / 1024, 1);

/** Paid orders of known customers, dated by the UTC day of createdAt (as the worker's query returns them). */
function storeOrders(name: StoreName): { orders: CustomerOrder[]; asOf: string; generateSeconds: number } {
  const t0 = performance.now();
  const store = generateStore({ ...STORES[name] });
  const orders: CustomerOrder[] = [];
  let last = '';
  for (const o of store.orders) {
    if (o.status !== 'paid' || !o.customerId) continue;
    const date = o.createdAt.toISOString().slice(0, 10);
    if (date > last) last = date;
    orders.push({ customerId: o.customerId, date, total: o.total });
  }
  // "Today" is the day after the last paid order (SPEC §5 Time).
  return { orders, asOf: addDays(last, 1), generateSeconds: (performance.now() - t0) / 1000 };
}

function sklearn(csv: string, repeats: number, threads: 'default' | '1') {
  const script = join(tmpdir(), 'boutique-issue4-kmeans.py');
  writeFileSync(script, SKLEARN_SCRIPT);
  const env =
    threads === '1' ? { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } : process.env;
  const out = execFileSync(PYTHON, [script, csv, String(repeats)], { env, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Timing & {
    inertia: number;
    n_iter: number;
    version: string;
  };
}

/** ml-kmeans 7 on the same matrix: 10 seeded k-means++ runs, lowest inertia kept (it has no n_init). */
function mlKmeansBest(rows: number[][], seed: number): { inertia: number } {
  let bestInertia = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 10; run++) {
    const result = mlKmeans(rows, 6, { initialization: 'kmeans++', seed: seed + run, maxIterations: 300 });
    let inertia = 0;
    rows.forEach((row, i) => {
      const centroid = result.centroids[result.clusters[i]!]!;
      for (let j = 0; j < row.length; j++) inertia += (row[j]! - centroid[j]!) ** 2;
    });
    bestInertia = Math.min(bestInertia, inertia);
  }
  return { inertia: bestInertia };
}

function benchStore(name: StoreName, repeats: number) {
  const { orders, asOf, generateSeconds } = storeOrders(name);
  const rssAfterGenerate = peakRssMb();
  const o = segmentationOptions({});

  // The whole training as the worker calls it.
  const total = best(repeats, () => trainSegmentation(orders, asOf, o));
  const { metrics } = total.value;

  // The same steps one by one, timed.
  const asOfDay = toEpochDay(asOf);
  const features = best(repeats, () => {
    const histories = customerHistories(orders, asOfDay);
    const scaled = fitScaler(histories.map((h) => featuresOf(h, asOfDay)));
    return { histories, ...scaled };
  });
  const { histories, scaler, scaled } = features.value;
  const n = histories.length;
  const X = denseMatrix(n, 6, scaled);
  const clustering = best(repeats, () => clusterCustomers(scaled, scaler, o));
  const kmeansOnly = best(repeats, () => kMeans(X, { k: 6, seed: o.seed, nInit: 10, maxIterations: 300 }));
  const silhouette = best(repeats, () =>
    silhouetteScore(X, clustering.value.labels, 6, { sampleSize: o.silhouetteSampleSize, seed: o.seed }),
  );
  const summaries = histories.map((h) => repeatSummary(h, asOfDay));
  const clvFit = best(repeats, () => fitClv(summaries));
  const clvPredict = best(repeats, () =>
    histories.map((h, i) =>
      predictClv(clvFit.value, summaries[i]!, (12 * 30.44) / 7, h.spent / h.days.length),
    ),
  );
  const clvValidation = best(repeats, () => validateClv(histories, asOfDay));

  // k-means side by side on the same standardised matrix.
  const csv = join(tmpdir(), `boutique-issue4-segment-${name}.csv`);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(Array.from(scaled.subarray(i * 6, i * 6 + 6)).join(','));
  writeFileSync(csv, `${lines.join('\n')}\n`);
  const skDefault = sklearn(csv, repeats, 'default');
  const skOne = sklearn(csv, repeats, '1');
  const rows = Array.from({ length: n }, (_, i) => Array.from(scaled.subarray(i * 6, i * 6 + 6)));
  const ml = best(name === 'large' ? 1 : repeats, () => mlKmeansBest(rows, o.seed));

  const ours = kmeansOnly.value.inertia;
  return {
    store: name,
    options: STORES[name],
    as_of: asOf,
    paid_orders: orders.length,
    customers: n,
    generate_seconds: round(generateSeconds, 2),
    train_segmentation: { seconds: round(total.seconds), cpu_seconds: round(total.cpu_seconds) },
    stages_seconds: {
      features: round(features.seconds),
      kmeans_and_naming: round(clustering.seconds),
      silhouette: round(silhouette.seconds),
      clv_fit: round(clvFit.seconds),
      clv_predict: round(clvPredict.seconds),
      clv_validation: round(clvValidation.seconds),
    },
    metrics: {
      silhouette_score: metrics.silhouette_score,
      silhouette_sample_size: metrics.silhouette_sample_size,
      inertia: metrics.inertia,
      cluster_sizes: metrics.cluster_sizes,
      cluster_names: metrics.cluster_names,
      centroids: metrics.centroids,
      clv: {
        method: metrics.clv.method,
        bg_nbd: metrics.clv.bg_nbd,
        gamma_gamma: metrics.clv.gamma_gamma,
        total_predicted_value: metrics.clv.total_predicted_value,
        validation: metrics.clv.validation,
      },
    },
    kmeans_vs_sklearn: {
      matrix: `${n} × 6 standardised log features, k = 6, n_init = 10, k-means++, Lloyd`,
      ours: {
        seconds: round(kmeansOnly.seconds),
        cpu_seconds: round(kmeansOnly.cpu_seconds),
        inertia: round(ours, 4),
      },
      sklearn_default_threads: {
        ...skDefault,
        seconds: round(skDefault.seconds),
        inertia: round(skDefault.inertia, 4),
      },
      sklearn_one_thread: {
        ...skOne,
        seconds: round(skOne.seconds),
        cpu_seconds: round(skOne.cpu_seconds),
        inertia: round(skOne.inertia, 4),
      },
      ml_kmeans: {
        seconds: round(ml.seconds),
        cpu_seconds: round(ml.cpu_seconds),
        inertia: round(ml.value.inertia, 4),
      },
      ratio_vs_sklearn_default: round(kmeansOnly.seconds / skDefault.seconds, 2),
      ratio_vs_sklearn_one_thread: round(kmeansOnly.seconds / skOne.seconds, 2),
      cpu_ratio_vs_sklearn_one_thread: round(kmeansOnly.cpu_seconds / skOne.cpu_seconds, 2),
      ratio_ml_kmeans_vs_ours: round(ml.seconds / kmeansOnly.seconds, 1),
      inertia_ours_minus_sklearn: round(ours - skDefault.inertia, 4),
    },
    peak_rss_mb: { after_generate: rssAfterGenerate, end: peakRssMb() },
  };
}

function main(): void {
  const which = process.argv[2] ?? 'all';
  const repeats = Number(process.argv[3] ?? 3);
  if (!['demo', 'large', 'all'].includes(which) || !(repeats >= 1)) {
    throw new Error('usage: segment.ts [demo|large|all] [repeats]');
  }
  const names: StoreName[] = which === 'all' ? ['demo', 'large'] : [which as StoreName];
  const results = names.map((name) => benchStore(name, repeats));
  process.stdout.write(
    `${JSON.stringify({ bench: 'issue4/segment', node: process.version, results }, null, 2)}\n`,
  );
}

main();
