import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../linalg/matrix';
import { createRng, normal } from '../random/prng';
import { regressorFromJSON } from './index';
import { RidgeRegression } from './ridge';

/** n rows of p features on very different scales, y = X·w + b + noise. */
function syntheticProblem(n: number, w: number[], intercept: number, noise: number, seed = 7) {
  const rng = createRng(seed);
  const p = w.length;
  const X = denseMatrix(n, p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    let s = intercept;
    for (let j = 0; j < p; j += 1) {
      const x = (j + 1) ** 2 * normal(rng) + 10 * j;
      X.data[i * p + j] = x;
      s += w[j]! * x;
    }
    y[i] = s + noise * normal(rng);
  }
  return { X, y };
}

describe('RidgeRegression', () => {
  it('recovers known coefficients and intercept from y = Xw + b + small noise', () => {
    const w = [2.5, -1.25, 0.4, 0, 7];
    const { X, y } = syntheticProblem(500, w, 3, 0.01);
    const model = new RidgeRegression({ alpha: 1e-6 }).fit(X, y);
    for (const [j, c] of model.coefficients.entries()) expect(c).toBeCloseTo(w[j]!, 2);
    expect(model.intercept).toBeCloseTo(3, 1);
  });

  it('shrinks coefficients towards zero as alpha grows', () => {
    const { X, y } = syntheticProblem(200, [1, 1, 1], 0, 0.5);
    const norm = (m: RidgeRegression) => Math.hypot(...m.coefficients);
    const small = norm(new RidgeRegression({ alpha: 1e-3 }).fit(X, y));
    const large = norm(new RidgeRegression({ alpha: 1e4 }).fit(X, y));
    expect(large).toBeLessThan(small * 0.5);
  });

  it('gives constant features a zero coefficient instead of dividing by zero', () => {
    const { X, y } = syntheticProblem(50, [1, 2], 1, 0.1);
    const withConstant = denseMatrix(50, 3);
    for (let i = 0; i < 50; i += 1) {
      withConstant.data.set([X.data[2 * i]!, 5, X.data[2 * i + 1]!], 3 * i);
    }
    const model = new RidgeRegression().fit(withConstant, y);
    expect(model.coefficients[1]).toBe(0);
    for (const v of model.predict(withConstant)) expect(Number.isFinite(v)).toBe(true);
  });

  it('fits collinear one-hot groups, which plain least squares could not', () => {
    // Two one-hot columns that always sum to 1 are collinear with the intercept.
    const X = denseMatrix(6, 2, new Float64Array([1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1]));
    const y = [10, 20, 10, 20, 10, 20];
    const predictions = new RidgeRegression({ alpha: 1e-6 }).fit(X, y).predict(X);
    for (const [i, v] of predictions.entries()) expect(v).toBeCloseTo(y[i]!, 4);
  });

  it('round-trips through JSON text to identical predictions', () => {
    const { X, y } = syntheticProblem(100, [0.3, -2, 5], 4, 1);
    const model = new RidgeRegression({ alpha: 0.5 }).fit(X, y);
    const restored = regressorFromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(restored.predict(X))).toEqual(Array.from(model.predict(X)));
  });

  it('rejects a non-positive alpha and non-finite training data', () => {
    expect(() => new RidgeRegression({ alpha: 0 })).toThrow(RangeError);
    const X = denseMatrix(2, 1, new Float64Array([1, Number.NaN]));
    expect(() => new RidgeRegression().fit(X, [1, 2])).toThrow(/non-finite/);
  });
});
