/**
 * Product recommendations (`trainRecommendations`) as the worker calls them, on generated stores:
 * `generateStore` (pure, no database) makes the store, paid orders become baskets (UTC day, oldest
 * first). The bench times training (the three lists plus the offline evaluation in its metrics),
 * reports peak RSS and the evaluation numbers, compares the co-purchase normalisations and customer
 * windows on the same data, and estimates what a brute-force content pass would cost.
 *
 *   npx tsx bench/issue4/recommend.ts              demo, large and the synthetic outfit store
 *   npx tsx bench/issue4/recommend.ts demo         one store (demo | large | outfits)
 *   … --no-compare                                 skip the normalisation / window comparison
 *
 * Each store is generated in one child process and trained in another, which reads the baskets from a
 * temporary JSON file, so the training process's peak RSS holds what a worker would hold (products,
 * baskets, the model) and not the generator's working set. Prints JSON.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { similarity } from 'ml-distance';
import { generateStore } from '../../packages/db/src/seed/generate';
import {
  type Basket,
  evaluateRecommendations,
  type RecommendOptions,
  type RecProduct,
  trainRecommendations,
} from '../../packages/ml-core/src/recommend/index';
import { outfitStore } from '../../packages/ml-core/src/recommend/synthetic';

const GENERATED = {
  demo: { seed: 42, days: 730, orders: 5000, customers: 250, products: 150, end: '2026-11-25' },
  large: { seed: 42, days: 730, orders: 440_000, customers: 100_000, products: 10_000, end: '2026-11-25' },
} as const;
/** Customers loyal to a style: the structure next-order recommendation can use (synthetic.ts). */
const OUTFITS = { seed: 7, products: 1000, categories: 10, styles: 20, customers: 2000, baskets: 20_000 };
const STORE_NAMES = ['demo', 'large', 'outfits'] as const;
type StoreName = (typeof STORE_NAMES)[number];

interface Inputs {
  products: RecProduct[];
  baskets: Basket[];
  info: Record<string, unknown>;
}

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 102.4) / 10; // maxRSS is in KiB
const seconds = (t0: number) => Math.round((performance.now() - t0) / 10) / 100;

function isStoreName(value: string | undefined): value is StoreName {
  return (STORE_NAMES as readonly string[]).includes(value ?? '');
}

function generate(name: StoreName): Inputs {
  const t0 = performance.now();
  if (name === 'outfits') {
    const store = outfitStore(OUTFITS);
    return {
      products: store.products,
      baskets: store.baskets,
      info: { source: 'outfitStore', options: OUTFITS, generateSeconds: seconds(t0) },
    };
  }
  const store = generateStore({ ...GENERATED[name] });
  const generateSeconds = seconds(t0);
  const products: RecProduct[] = store.products.map((p) => ({
    id: p.id,
    category: p.category,
    brand: p.brand,
    color: p.color,
    size: p.size,
    material: p.material,
    price: Number(p.price),
    active: p.active,
    stock: p.stock,
  }));
  const itemsOf = new Map<string, Set<string>>();
  for (const line of store.orderItems) {
    const set = itemsOf.get(line.orderId);
    if (set) set.add(line.productId);
    else itemsOf.set(line.orderId, new Set([line.productId]));
  }
  // Orders come oldest first, as the worker's query returns them.
  const baskets: Basket[] = store.orders
    .filter((o) => o.status === 'paid')
    .map((o) => ({
      orderId: o.id,
      customerId: o.customerId,
      date: o.createdAt.toISOString().slice(0, 10),
      productIds: [...(itemsOf.get(o.id) ?? [])],
    }));
  return {
    products,
    baskets,
    info: {
      source: 'generateStore',
      options: GENERATED[name],
      generateSeconds,
      orders: store.orders.length,
      orderLines: store.orderItems.length,
    },
  };
}

/**
 * What the brute-force alternative would cost: ml-distance cosine on dense one-hot vectors (every
 * category, brand, color, size and material value plus 5 price bands per category), timed on all pairs
 * of a sample of products and extrapolated to the n(n−1)/2 pairs of the catalog.
 */
function bruteForceEstimate(products: readonly RecProduct[]): Record<string, number> {
  const dims = new Map<string, number>();
  const dim = (k: string) => {
    if (!dims.has(k)) dims.set(k, dims.size);
    return dims.get(k)!;
  };
  for (const p of products) {
    for (const k of [`c:${p.category}`, `b:${p.brand}`, `o:${p.color}`, `s:${p.size}`, `m:${p.material}`])
      dim(k);
    for (let band = 0; band < 5; band++) dim(`p:${p.category}:${band}`);
  }
  const sample = products.slice(0, Math.min(products.length, 1500));
  const vectors = sample.map((p, i) => {
    const v = new Float64Array(dims.size);
    for (const k of [`c:${p.category}`, `b:${p.brand}`, `o:${p.color}`, `s:${p.size}`, `m:${p.material}`]) {
      v[dim(k)] = 1;
    }
    v[dim(`p:${p.category}:${i % 5}`)] = 1;
    return v;
  });
  const cosine = similarity.cosine;
  let pairs = 0;
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < vectors.length; i++) {
    for (let j = i + 1; j < vectors.length; j++) {
      sink += cosine(vectors[i]!, vectors[j]!);
      pairs++;
    }
  }
  const perPairNs = ((performance.now() - t0) * 1e6) / Math.max(1, pairs);
  const n = products.length;
  return {
    dimensions: dims.size,
    sampledPairs: pairs,
    nsPerDensePair: Math.round(perPairNs),
    allPairs: (n * (n - 1)) / 2,
    estimatedSecondsAllPairs: Math.round(((perPairNs * n * (n - 1)) / 2 / 1e9) * 10) / 10,
    /** Sum of the sampled cosines (keeps the timed loop from being optimised away). */
    checksum: Math.round(sink),
  };
}

function train(name: StoreName, inputs: Inputs, compare: boolean): Record<string, unknown> {
  const { products, baskets } = inputs;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const rssBeforeMb = mb(process.memoryUsage().rss);
  const heapBeforeMb = mb(process.memoryUsage().heapUsed);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const trained = trainRecommendations(products, baskets);
  const trainSeconds = seconds(t0);
  const cpu = process.cpuUsage(cpu0);
  const peakRssAfterTrainMb = peakRssMb();
  const rssAfterMb = mb(process.memoryUsage().rss);
  const byMethod: Record<string, number> = {};
  for (const r of trained.recommendations) byMethod[r.method] = (byMethod[r.method] ?? 0) + 1;

  const comparison: Record<string, unknown>[] = [];
  if (compare) {
    for (const normalization of ['cosine', 'jaccard', 'lift'] as const) {
      for (const customerWindowDays of [0, 30]) {
        const variant: Partial<RecommendOptions> = { normalization, customerWindowDays };
        const t1 = performance.now();
        const evaluation = evaluateRecommendations(products, baskets, variant);
        comparison.push({
          ...variant,
          seconds: seconds(t1),
          hit_rate_at_10: evaluation.hit_rate_at_k,
          precision_at_10: evaluation.precision_at_k,
        });
      }
    }
  }
  return {
    store: name,
    ...inputs.info,
    products: products.length,
    activeProducts: products.filter((p) => p.active).length,
    paidBaskets: baskets.length,
    paidBasketLines: baskets.reduce((s, b) => s + b.productIds.length, 0),
    trainSeconds,
    trainCpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
    recommendations: trained.recommendations.length,
    recommendationsByMethod: byMethod,
    rssBeforeTrainMb: rssBeforeMb,
    heapBeforeTrainMb: heapBeforeMb,
    rssAfterTrainMb: rssAfterMb,
    peakRssMb: peakRssAfterTrainMb,
    metrics: trained.metrics,
    contentBruteForce: bruteForceEstimate(products),
    ...(compare ? { comparison } : {}),
  };
}

function child(args: string[]): string {
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', ...process.execArgv, fileURLToPath(import.meta.url), ...args],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (run.status !== 0) throw new Error(`bench ${args.join(' ')} failed with status ${run.status}`);
  return run.stdout.trim();
}

function main(): void {
  const args = process.argv.slice(2);
  const compare = !args.includes('--no-compare');
  const [mode, store, file] = args.filter((a) => !a.startsWith('--'));
  if (mode === 'generate') {
    if (!isStoreName(store) || !file) throw new Error('usage: recommend.ts generate <store> <file>');
    const inputs = generate(store);
    writeFileSync(file, JSON.stringify(inputs));
    return;
  }
  if (mode === 'train') {
    if (!isStoreName(store) || !file) throw new Error('usage: recommend.ts train <store> <file>');
    const inputs = JSON.parse(readFileSync(file, 'utf8')) as Inputs;
    process.stdout.write(`${JSON.stringify(train(store, inputs, compare))}\n`);
    return;
  }
  const names = mode === undefined ? [...STORE_NAMES] : [mode];
  if (!names.every(isStoreName)) throw new Error('usage: recommend.ts [demo|large|outfits] [--no-compare]');
  const dir = mkdtempSync(join(tmpdir(), 'bench-recommend-'));
  const results: unknown[] = [];
  try {
    for (const name of names) {
      const path = join(dir, `${name}.json`);
      child(['generate', name, path]);
      results.push(JSON.parse(child(['train', name, path, ...(compare ? [] : ['--no-compare'])])));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify({ recommendations: results }, null, 2)}\n`);
}

main();
