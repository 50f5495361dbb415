import { describe, expect, it } from 'vitest';
import { denseMatrix, matrixFromRows } from '../linalg/matrix';
import { r2 } from '../metrics/regression';
import { friedman1, sliceRows } from './friedman';
import { RandomForestRegressor } from './random-forest';

// Friedman #1 with noise sd 1: the best possible R² is about 0.96; the mean scores 0.
const { X, y } = friedman1(2000, 10, 1, 1);
const train = sliceRows(X, y, 0, 1500);
const test = sliceRows(X, y, 1500, 2000);
const FAST = { nEstimators: 30, maxDepth: 10 };

describe('RandomForestRegressor', () => {
  it('beats the mean by far on held-out rows of a non-linear function', () => {
    const model = new RandomForestRegressor(FAST).fit(train.X, train.y);
    expect(r2(test.y, model.predict(test.X))).toBeGreaterThan(0.8);
  });

  it('gives honest out-of-bag predictions close to the held-out score', () => {
    const model = new RandomForestRegressor(FAST).fit(train.X, train.y);
    const oob = model.oobPredictions!;
    expect(oob).toHaveLength(train.X.rows);
    const seen = Array.from(oob.keys()).filter((i) => !Number.isNaN(oob[i]));
    expect(seen.length).toBeGreaterThan(0.99 * train.X.rows); // (1 − 0.368)^30: almost every row is left out once
    const oobR2 = r2(
      seen.map((i) => train.y[i]!),
      seen.map((i) => oob[i]!),
    );
    expect(oobR2).toBeGreaterThan(0.75);
    expect(oobR2).toBeLessThan(r2(train.y, model.predict(train.X))); // training rows flatter the forest
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const fit = (seed: number) =>
      new RandomForestRegressor({ ...FAST, nEstimators: 5, seed }).fit(train.X, train.y);
    expect(fit(7).toJSON()).toEqual(fit(7).toJSON());
    expect(fit(7).toJSON()).not.toEqual(fit(8).toJSON());
  });

  it('predicts identically after a JSON round-trip', () => {
    const model = new RandomForestRegressor({ ...FAST, nEstimators: 10 }).fit(train.X, train.y);
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(json.kind).toBe('random_forest');
    expect(json.trees).toHaveLength(10);
    const restored = RandomForestRegressor.fromJSON(json);
    expect(Array.from(restored.predict(test.X))).toEqual(Array.from(model.predict(test.X)));
    expect(restored.toJSON()).toEqual(json);
  });

  it('uses all rows in every tree without bootstrap (identical trees when all features are drawn)', () => {
    const model = new RandomForestRegressor({ nEstimators: 3, bootstrap: false }).fit(train.X, train.y);
    const [a, b, c] = model.toJSON().trees;
    expect(a).toEqual(b);
    expect(b).toEqual(c);
    expect(model.oobPredictions).toBeNull();
  });

  it('decorrelates trees by drawing features per node when maxFeatures < 1', () => {
    const model = new RandomForestRegressor({ nEstimators: 20, maxFeatures: 0.4 }).fit(train.X, train.y);
    expect(r2(test.y, model.predict(test.X))).toBeGreaterThan(0.7);
  });

  it('rejects invalid options with a RangeError', () => {
    const bad = [
      { nEstimators: 0 },
      { nEstimators: 2.5 },
      { maxDepth: 0 },
      { maxDepth: 101 },
      { minSamplesSplit: 1 },
      { minSamplesLeaf: 0 },
      { maxFeatures: 0 },
      { maxFeatures: 1.5 },
      { maxFeatures: Number.NaN },
      { maxBins: 1 },
      { maxBins: 300 },
      { seed: -1 },
      { bootstrap: 'yes' as unknown as boolean },
    ];
    for (const options of bad)
      expect(() => new RandomForestRegressor(options), JSON.stringify(options)).toThrow(RangeError);
  });

  it('rejects bad data and use before fit', () => {
    const model = new RandomForestRegressor({ nEstimators: 2 });
    expect(() => model.predict(test.X)).toThrow(/not fitted/);
    expect(() => model.fit(denseMatrix(0, 3), [])).toThrow(RangeError);
    expect(() => model.fit(matrixFromRows([[1], [2]]), [1])).toThrow(RangeError);
    expect(() => model.fit(matrixFromRows([[1], [Number.NaN]]), [1, 2])).toThrow(RangeError);
    expect(() => model.fit(matrixFromRows([[1], [2]]), [1, Number.POSITIVE_INFINITY])).toThrow(RangeError);
    model.fit(train.X, train.y);
    expect(() => model.predict(matrixFromRows([[1, 2]]))).toThrow(RangeError);
    const withNaN = denseMatrix(1, 10, new Float64Array(10).fill(Number.NaN));
    expect(() => model.predict(withNaN)).toThrow(RangeError);
    expect(() => RandomForestRegressor.fromJSON({ kind: 'ridge' } as never)).toThrow(TypeError);
  });
});
