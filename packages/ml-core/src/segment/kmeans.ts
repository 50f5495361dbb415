/**
 * # k-means (Lloyd's algorithm, accelerated with Hamerly's bounds)
 *
 * Why not ml-kmeans: the reference measurements (/work/shared/reference/README.md) put it at 4.15 s
 * against scikit-learn's 0.25 s on 100,000 × 6 points (k = 6, 10 restarts), 17× slower; it works on
 * arrays of arrays and recomputes every distance every iteration. Measured here (bench/issue4/segment.ts,
 * the large store's 98,146 × 6 standardised customer matrix, shared 2-core machine, best of 3): this
 * implementation 1.70 s (1.34 s CPU), inertia 149,728.27; scikit-learn 1.2.1 KMeans(algorithm='lloyd')
 * 1.87 s on one thread (1.25 s CPU) and 11.3 s with its default two OpenMP threads on the loaded machine,
 * inertia 149,731.95; ml-kmeans 33.4 s (20× this one), inertia 149,726.74.
 *
 * - **Init**: greedy k-means++ as scikit-learn does it (Arthur & Vassilvitskii 2007 with 2 + ⌊ln k⌋
 *   candidate centres per step, keeping the one that lowers the potential most), from createRng(seed).
 * - **Iterations**: Lloyd's (assign each point to its nearest centre, move centres to their points'
 *   means). Hamerly (2010) keeps, per point, an upper bound on the distance to its centre and a lower
 *   bound on the distance to every other centre; when the bounds prove the assignment cannot change, the
 *   k distances are skipped. The result is exactly Lloyd's; only the number of distances computed drops.
 * - **Stop** (scikit-learn's rule): no label changed, or the squared centre shift summed over centres is
 *   ≤ tolerance × the mean per-feature variance of the data; labels always match the final centres.
 * - **Empty cluster**: takes the point farthest from its centre (in a cluster with more than one point).
 * - **Restarts**: `nInit` runs from one random stream; the lowest inertia wins (the first on a tie), so
 *   the result is a deterministic function of the data and the seed.
 */
import type { DenseMatrix } from '../linalg/matrix';
import { createRng } from '../random/prng';

export interface KMeansOptions {
  k: number;
  seed: number;
  nInit: number;
  maxIterations: number;
  /** Relative tolerance on the centre shift (scikit-learn's `tol`, default 1e-4). */
  tolerance: number;
}

export const KMEANS_DEFAULTS = { seed: 42, nInit: 10, maxIterations: 300, tolerance: 1e-4 } as const;

export interface KMeansResult {
  k: number;
  /** k × d, row-major. */
  centroids: Float64Array;
  labels: Int32Array;
  /** Sum of squared distances of the points to their centroid. */
  inertia: number;
  /** Iterations of the winning run, and whether it met the stopping rule before maxIterations. */
  iterations: number;
  converged: boolean;
}

/**
 * Work buffers of one k-means call, shared by its restarts. Bounds are stored lazily (Hamerly's
 * bookkeeping without touching every point each iteration): the real upper bound of point i is
 * `upper[i] + drift[labels[i]]` and the real lower bound `lower[i] - drift[k]`, where `drift[c]` sums the
 * moves of centre c and `drift[k]` the largest move of any centre, over the iterations of the run.
 */
interface Work {
  n: number;
  d: number;
  k: number;
  x: Float64Array;
  centers: Float64Array;
  next: Float64Array;
  /** Per-cluster coordinate sums and sizes, kept up to date as labels change. */
  sums: Float64Array;
  counts: Int32Array;
  labels: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
  /** Per-centre accumulated moves; slot k holds the accumulated largest move (a Float64Array, not a
   * number field, so V8 never re-shapes the object and throws away the optimised loops). */
  drift: Float64Array;
  half: Float64Array;
}

/** Squared Euclidean distance of two rows; unrolled for the 6 segmentation features (2.4× faster in V8). */
function sqDist(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number): number {
  if (d === 6) {
    const e0 = a[ai]! - b[bi]!;
    const e1 = a[ai + 1]! - b[bi + 1]!;
    const e2 = a[ai + 2]! - b[bi + 2]!;
    const e3 = a[ai + 3]! - b[bi + 3]!;
    const e4 = a[ai + 4]! - b[bi + 4]!;
    const e5 = a[ai + 5]! - b[bi + 5]!;
    return e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3 + e4 * e4 + e5 * e5;
  }
  let s = 0;
  for (let j = 0; j < d; j++) {
    const diff = a[ai + j]! - b[bi + j]!;
    s += diff * diff;
  }
  return s;
}

/** Greedy k-means++ seeding into `w.centers`. */
function kMeansPlusPlus(w: Work, rng: () => number): void {
  const { n, d, k, x, centers } = w;
  let closest = new Float64Array(n);
  let candidate = new Float64Array(n);
  let best = new Float64Array(n);
  const cumulative = new Float64Array(n);
  const first = Math.min(n - 1, Math.floor(rng() * n));
  centers.set(x.subarray(first * d, first * d + d), 0);
  for (let i = 0; i < n; i++) closest[i] = sqDist(x, i * d, centers, 0, d);
  const trials = 2 + Math.floor(Math.log(k));
  for (let c = 1; c < k; c++) {
    let running = 0;
    for (let i = 0; i < n; i++) {
      running += closest[i]!;
      cumulative[i] = running;
    }
    let bestPotential = Number.POSITIVE_INFINITY;
    let bestIndex = 0;
    for (let t = 0; t < trials; t++) {
      const target = rng() * running;
      // First index whose cumulative weight reaches the target (numpy's searchsorted, side 'left').
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid]! < target) lo = mid + 1;
        else hi = mid;
      }
      let candidatePotential = 0;
      const ci = lo * d;
      for (let i = 0; i < n; i++) {
        const dist = Math.min(closest[i]!, sqDist(x, i * d, x, ci, d));
        candidate[i] = dist;
        candidatePotential += dist;
      }
      if (candidatePotential < bestPotential) {
        bestPotential = candidatePotential;
        bestIndex = lo;
        [best, candidate] = [candidate, best];
      }
    }
    [closest, best] = [best, closest];
    centers.set(x.subarray(bestIndex * d, bestIndex * d + d), c * d);
  }
}

/** Nearest and second-nearest centre of every point from scratch: labels, bounds, cluster sums. */
function assignAll(w: Work): void {
  const { n, d, k, x, centers, labels, upper, lower, sums, counts } = w;
  w.drift.fill(0);
  sums.fill(0);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    let d1 = Number.POSITIVE_INFINITY;
    let d2 = Number.POSITIVE_INFINITY;
    let label = 0;
    for (let c = 0; c < k; c++) {
      const dist = sqDist(x, i * d, centers, c * d, d);
      if (dist < d1) {
        d2 = d1;
        d1 = dist;
        label = c;
      } else if (dist < d2) d2 = dist;
    }
    labels[i] = label;
    upper[i] = Math.sqrt(d1);
    lower[i] = Math.sqrt(d2);
    counts[label]! += 1;
    for (let j = 0; j < d; j++) sums[label * d + j]! += x[i * d + j]!;
  }
}

/** Moves point i from cluster `from` to `to` in the running sums. */
function move(w: Work, i: number, from: number, to: number): void {
  const { d, x, sums, counts } = w;
  counts[from]! -= 1;
  counts[to]! += 1;
  for (let j = 0; j < d; j++) {
    const v = x[i * d + j]!;
    sums[from * d + j]! -= v;
    sums[to * d + j]! += v;
  }
}

/** Sets `w.next` to the clusters' means, first giving each empty cluster the point farthest from its centre. */
function updateCenters(w: Work): void {
  const { n, d, k, x, labels, counts, sums, next, centers, upper, lower, drift } = w;
  for (let c = 0; c < k; c++) {
    if (counts[c]! > 0) continue;
    let far = -1;
    let farDist = -1;
    for (let i = 0; i < n; i++) {
      if (counts[labels[i]!]! <= 1) continue;
      const dist = sqDist(x, i * d, centers, labels[i]! * d, d);
      if (dist > farDist) {
        farDist = dist;
        far = i;
      }
    }
    if (far < 0) continue; // fewer distinct points than clusters: the centre stays where it was
    move(w, far, labels[far]!, c);
    labels[far] = c;
    // Alone in its cluster, so it will sit exactly on the new centre; 0 is a valid lower bound.
    upper[far] = -drift[c]!;
    lower[far] = drift[k]!;
  }
  for (let c = 0; c < k; c++) {
    const count = counts[c]!;
    for (let j = 0; j < d; j++) next[c * d + j] = count > 0 ? sums[c * d + j]! / count : centers[c * d + j]!;
  }
}

/** Hamerly's assignment step against the current centres; returns how many labels changed. */
function reassign(w: Work): number {
  const { n, d, k, x, centers, labels, upper, lower, half, drift } = w;
  for (let c = 0; c < k; c++) {
    let nearest = Number.POSITIVE_INFINITY;
    for (let o = 0; o < k; o++) {
      if (o !== c) nearest = Math.min(nearest, sqDist(centers, c * d, centers, o * d, d));
    }
    half[c] = 0.5 * Math.sqrt(nearest);
  }
  const maxDrift = drift[k]!;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    const l = lower[i]! - maxDrift;
    const h = half[label]!;
    const bound = Math.max(h, l);
    if (upper[i]! + drift[label]! <= bound) continue;
    const exact = Math.sqrt(sqDist(x, i * d, centers, label * d, d));
    if (exact <= bound) {
      upper[i] = exact - drift[label]!;
      continue;
    }
    let d1 = Number.POSITIVE_INFINITY;
    let d2 = Number.POSITIVE_INFINITY;
    let best = label;
    for (let c = 0; c < k; c++) {
      const dist = sqDist(x, i * d, centers, c * d, d);
      if (dist < d1) {
        d2 = d1;
        d1 = dist;
        best = c;
      } else if (dist < d2) d2 = dist;
    }
    if (best !== label) {
      move(w, i, label, best);
      labels[i] = best;
      changed += 1;
    }
    upper[i] = Math.sqrt(d1) - drift[best]!;
    lower[i] = Math.sqrt(d2) + maxDrift;
  }
  return changed;
}

/** Lloyd iterations from the seeded `w.centers`; returns iterations and convergence. */
function lloyd(
  w: Work,
  maxIterations: number,
  tolerance: number,
): { iterations: number; converged: boolean } {
  const { k, d } = w;
  assignAll(w);
  for (let it = 1; it <= maxIterations; it++) {
    updateCenters(w);
    let total = 0;
    let largest = 0;
    for (let c = 0; c < k; c++) {
      const s = sqDist(w.centers, c * d, w.next, c * d, d);
      const shift = Math.sqrt(s);
      w.drift[c]! += shift;
      largest = Math.max(largest, shift);
      total += s;
    }
    w.drift[k]! += largest;
    w.centers.set(w.next);
    const changed = reassign(w);
    if (changed === 0 || total <= tolerance) return { iterations: it, converged: true };
  }
  return { iterations: maxIterations, converged: false };
}

function inertiaOf(w: Work): number {
  let sum = 0;
  for (let i = 0; i < w.n; i++) sum += sqDist(w.x, i * w.d, w.centers, w.labels[i]! * w.d, w.d);
  return sum;
}

/** Throws RangeError unless the options are usable for n points. */
function checkOptions(o: KMeansOptions, n: number): void {
  if (!Number.isInteger(o.k) || o.k < 1) throw new RangeError(`k must be a positive integer, got ${o.k}`);
  if (o.k > n) throw new RangeError(`k = ${o.k} exceeds the number of points (${n})`);
  if (!Number.isInteger(o.nInit) || o.nInit < 1) throw new RangeError(`nInit must be ≥ 1, got ${o.nInit}`);
  if (!Number.isInteger(o.maxIterations) || o.maxIterations < 1) {
    throw new RangeError(`maxIterations must be ≥ 1, got ${o.maxIterations}`);
  }
  if (!(o.tolerance >= 0)) throw new RangeError(`tolerance must be ≥ 0, got ${o.tolerance}`);
  if (!Number.isFinite(o.seed)) throw new RangeError(`seed must be a finite number, got ${o.seed}`);
}

/** k-means of the rows of `X` (module comment): the best of `nInit` seeded runs. */
export function kMeans(X: DenseMatrix, options: Partial<KMeansOptions> & { k: number }): KMeansResult {
  const o: KMeansOptions = { ...KMEANS_DEFAULTS, ...options };
  const n = X.rows;
  const d = X.cols;
  checkOptions(o, n);
  const k = o.k;
  const w: Work = {
    n,
    d,
    k,
    x: X.data,
    centers: new Float64Array(k * d),
    next: new Float64Array(k * d),
    sums: new Float64Array(k * d),
    counts: new Int32Array(k),
    labels: new Int32Array(n),
    upper: new Float64Array(n),
    lower: new Float64Array(n),
    drift: new Float64Array(k + 1),
    half: new Float64Array(k),
  };
  // scikit-learn's tolerance: relative to the mean variance of the features.
  let meanVariance = 0;
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += X.data[i * d + j]! / n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (X.data[i * d + j]! - mean) ** 2 / n;
    meanVariance += variance / d;
  }
  const tolerance = o.tolerance * meanVariance;

  const rng = createRng(o.seed);
  let best: KMeansResult | null = null;
  for (let run = 0; run < o.nInit; run++) {
    kMeansPlusPlus(w, rng);
    const { iterations, converged } = lloyd(w, o.maxIterations, tolerance);
    const inertia = inertiaOf(w);
    if (!best || inertia < best.inertia) {
      best = { k, centroids: w.centers.slice(), labels: w.labels.slice(), inertia, iterations, converged };
    }
  }
  return best!;
}

/** Index of the nearest centroid to `point`, its distance, and the distance to the next nearest. */
export function nearestCentroids(
  centroids: ArrayLike<number>,
  k: number,
  point: ArrayLike<number>,
): { label: number; d1: number; d2: number } {
  const d = point.length;
  let d1 = Number.POSITIVE_INFINITY;
  let d2 = Number.POSITIVE_INFINITY;
  let label = 0;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (point[j]! - centroids[c * d + j]!) ** 2;
    if (s < d1) {
      d2 = d1;
      d1 = s;
      label = c;
    } else if (s < d2) d2 = s;
  }
  return { label, d1: Math.sqrt(d1), d2: Math.sqrt(d2) };
}
