/**
 * Helpers shared by the benchmark cases: the two synthetic stores, the cached inputs under bench/data
 * (git-ignored) and the one-JSON-line protocol between a case (child process) and bench/run.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DailySalesRow, DemandProduct, ProductSalesDay } from '../packages/ml-core/src/index';
import { type DenseMatrix, denseMatrix } from '../packages/ml-core/src/linalg/matrix';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = dirname(BENCH_DIR);
export const DATA_DIR = join(BENCH_DIR, 'data');

export type StoreName = 'demo' | 'large';

/** `generateStore` options of the benchmarked stores (both end on the same day). */
export const STORES = {
  demo: {
    label: 'demo store (2 y, 150 products, 5k orders)',
    options: { seed: 42, days: 730, orders: 5000, customers: 250, products: 150, end: '2026-11-25' },
  },
  large: {
    label: '5 y × 500 products (40k orders)',
    options: { seed: 42, days: 1826, orders: 40_000, customers: 3000, products: 500, end: '2026-11-25' },
  },
} as const satisfies Record<StoreName, { label: string; options: Record<string, number | string> }>;

export function isStoreName(value: string | undefined): value is StoreName {
  return value === 'demo' || value === 'large';
}

/** What bench/prepare.ts derives from a generated store: everything the training job would load. */
export interface StoreInputs {
  store: StoreName;
  /** Paid sales per UTC day, days without sales absent (as `dailySales` returns them). */
  daily: DailySalesRow[];
  /** First and last day with a paid order. */
  from: string;
  to: string;
  products: DemandProduct[];
  /** Paid units per product and day over the demand window. */
  productSales: ProductSalesDay[];
  demandWindow: { from: string; to: string };
  orders: number;
  orderLines: number;
  generateSeconds: number;
}

export function inputsPath(store: StoreName): string {
  return join(DATA_DIR, `store-${store}.json`);
}

export function matrixPath(store: StoreName): string {
  return join(DATA_DIR, `forecast-${store}.csv`);
}

export function readInputs(store: StoreName): StoreInputs {
  return JSON.parse(readFileSync(inputsPath(store), 'utf8')) as StoreInputs;
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value)}\n`);
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Seconds taken by `run`, and its result. */
export function timed<T>(run: () => T): { seconds: number; value: T } {
  const t0 = performance.now();
  const value = run();
  return { seconds: (performance.now() - t0) / 1000, value };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The case's result: one JSON line on stdout, read by bench/run.ts. */
export function emit(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ...result, peakRssMb: peakRssMb() })}\n`);
}

/**
 * Reads a numeric CSV whose last column is the target. Lines starting with '#' are comments (the
 * header of the forecast matrices, which numpy's loadtxt skips the same way).
 */
export function readCsv(path: string): { X: DenseMatrix; y: Float64Array; names: string[] } {
  const all = readFileSync(path, 'utf8').trim().split('\n');
  const header = all.find((line) => line.startsWith('#'));
  const lines = all.filter((line) => !line.startsWith('#'));
  const cols = lines[0]!.split(',').length - 1;
  const X = denseMatrix(lines.length, cols);
  const y = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    const values = line.split(',');
    for (let j = 0; j < cols; j += 1) X.data[i * cols + j] = Number(values[j]);
    y[i] = Number(values[cols]);
  });
  const names = header ? header.slice(1).trim().split(',') : [];
  return { X, y, names };
}

/** Rows [from, to) of X and y. */
export function sliceRows(X: DenseMatrix, y: Float64Array, from: number, to: number) {
  return {
    X: denseMatrix(to - from, X.cols, X.data.slice(from * X.cols, to * X.cols)),
    y: y.slice(from, to),
  };
}

/** First 80% of rows train, the rest test (as the reference scripts: int(n * 0.8)). */
export function trainTestSplit(X: DenseMatrix, y: Float64Array) {
  const k = Math.floor(X.rows * 0.8);
  return { train: sliceRows(X, y, 0, k), test: sliceRows(X, y, k, X.rows) };
}
