import { denseMatrix } from '../linalg/matrix';
import { createRng, normal } from '../random/prng';

/**
 * Friedman #1 (scikit-learn's make_friedman1), for tests and benchmarks, not the public API:
 * x ~ U(0, 1)^p with p ≥ 5, y = 10 sin(π x₀ x₁) + 20 (x₂ − ½)² + 10 x₃ + 5 x₄ + noise·N(0, 1).
 * Only the first five features matter; the rest are distractors. Var(y) ≈ 24 + noise².
 */
export function friedman1(n: number, p = 10, noise = 1, seed = 1) {
  if (p < 5) throw new RangeError(`Friedman #1 needs at least 5 features, got ${p}`);
  const rng = createRng(seed);
  const X = denseMatrix(n, p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < p; j += 1) X.data[i * p + j] = rng();
    const x = X.data.subarray(i * p, i * p + 5);
    y[i] =
      10 * Math.sin(Math.PI * x[0]! * x[1]!) +
      20 * (x[2]! - 0.5) ** 2 +
      10 * x[3]! +
      5 * x[4]! +
      noise * normal(rng);
  }
  return { X, y };
}

/** Rows [from, to) of a matrix and its targets, copied. */
export function sliceRows(
  X: { rows: number; cols: number; data: Float64Array },
  y: Float64Array,
  from: number,
  to: number,
) {
  return {
    X: denseMatrix(to - from, X.cols, X.data.slice(from * X.cols, to * X.cols)),
    y: y.slice(from, to),
  };
}
