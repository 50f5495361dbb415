/**
 * # Silhouette score (Rousseeuw 1987)
 *
 * s(i) = (b − a) / max(a, b), a = mean distance from i to the other points of its cluster, b = the
 * smallest mean distance from i to the points of another cluster; s(i) = 0 for a point alone in its
 * cluster (scikit-learn's convention). The score is the mean of s(i).
 *
 * Exact computation is O(n²): each pair's Euclidean distance is computed once and added to both points'
 * per-cluster sums (n ≤ 5,000: 12.5 million pairs, well under a second). Above `sampleSize` points the
 * score is computed exactly on a seeded random sample of that many points, as scikit-learn's
 * `silhouette_score(sample_size=…)` does (both a and b within the sample).
 */
import type { DenseMatrix } from '../linalg/matrix';
import { createRng } from '../random/prng';

/** Mean silhouette of all points of `X` under `labels` (0 … k−1). 0 when fewer than 2 clusters are present. */
export function silhouetteExact(X: DenseMatrix, labels: ArrayLike<number>, k: number): number {
  const n = X.rows;
  const d = X.cols;
  const x = X.data;
  if (labels.length !== n) throw new RangeError(`${labels.length} labels for ${n} points`);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]!]! += 1;
  let present = 0;
  for (let c = 0; c < k; c++) if (sizes[c]! > 0) present += 1;
  if (present < 2) return 0;

  const sums = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const li = labels[i]!;
    const oi = i * d;
    for (let j = i + 1; j < n; j++) {
      const oj = j * d;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const diff = x[oi + f]! - x[oj + f]!;
        s += diff * diff;
      }
      const dist = Math.sqrt(s);
      sums[i * k + labels[j]!]! += dist;
      sums[j * k + li]! += dist;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[i * k + own]! / (sizes[own]! - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[i * k + c]! / sizes[c]!);
    }
    const m = Math.max(a, b);
    total += m > 0 ? (b - a) / m : 0;
  }
  return total / n;
}

/** The silhouette score, exact up to `sampleSize` points and on a seeded sample above; with the size used. */
export function silhouetteScore(
  X: DenseMatrix,
  labels: ArrayLike<number>,
  k: number,
  options: { sampleSize: number; seed: number },
): { score: number; sampleSize: number } {
  const n = X.rows;
  if (n <= options.sampleSize) return { score: silhouetteExact(X, labels, k), sampleSize: n };
  const m = options.sampleSize;
  const d = X.cols;
  // Partial Fisher–Yates: the first m entries of a seeded shuffle of 0 … n−1.
  const rng = createRng(options.seed);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
  const data = new Float64Array(m * d);
  const sampleLabels = new Int32Array(m);
  for (let s = 0; s < m; s++) {
    const i = order[s]!;
    data.set(X.data.subarray(i * d, i * d + d), s * d);
    sampleLabels[s] = labels[i]!;
  }
  return { score: silhouetteExact({ rows: m, cols: d, data }, sampleLabels, k), sampleSize: m };
}
