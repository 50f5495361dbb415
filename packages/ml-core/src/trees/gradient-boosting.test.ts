import { describe, expect, it } from 'vitest';
import { denseMatrix, matrixFromRows } from '../linalg/matrix';
import { r2 } from '../metrics/regression';
import { createRng, normal } from '../random/prng';
import { friedman1, sliceRows } from './friedman';
import { GradientBoostingRegressor } from './gradient-boosting';

const { X, y } = friedman1(2000, 10, 1, 1);
const train = sliceRows(X, y, 0, 1500);
const test = sliceRows(X, y, 1500, 2000);

describe('GradientBoostingRegressor', () => {
  it('beats the mean by far on held-out rows of a non-linear function', () => {
    const model = new GradientBoostingRegressor({ nEstimators: 300, learningRate: 0.1 }).fit(
      train.X,
      train.y,
    );
    expect(r2(test.y, model.predict(test.X))).toBeGreaterThan(0.85);
  });

  it('stops early on a noisy problem and keeps the best number of rounds', () => {
    // Signal buried in noise (sd 8 against sd 5 of signal): after some rounds the trees fit only noise.
    const rng = createRng(9);
    const noisy = train.y.map((v) => v + 8 * normal(rng));
    const model = new GradientBoostingRegressor({
      nEstimators: 500,
      learningRate: 0.3,
      earlyStoppingRounds: 10,
    }).fit(train.X, noisy);
    expect(model.bestIteration).toBeGreaterThan(0);
    expect(model.roundsTrained).toBeLessThan(500);
    expect(model.roundsTrained).toBe(model.bestIteration + 10);
    expect(model.toJSON().trees).toHaveLength(model.bestIteration);
  });

  it('holds out the last rows for validation, not random ones', () => {
    const yShifted = train.y.slice();
    const nTrain = train.X.rows - Math.floor(train.X.rows * 0.15);
    for (let i = nTrain; i < yShifted.length; i += 1) yShifted[i]! += 1000;
    const model = new GradientBoostingRegressor({ nEstimators: 5 }).fit(train.X, yShifted);
    let mean = 0;
    for (let i = 0; i < nTrain; i += 1) mean += yShifted[i]!;
    expect(model.toJSON().baseScore).toBeCloseTo(mean / nTrain, 9);
  });

  it('trains every round without validation', () => {
    const model = new GradientBoostingRegressor({ nEstimators: 40, validationFraction: 0 }).fit(
      train.X,
      train.y,
    );
    expect(model.bestIteration).toBe(40);
    expect(model.roundsTrained).toBe(40);
  });

  it('is deterministic for a seed; subsampling makes seeds matter', () => {
    const fit = (seed: number) =>
      new GradientBoostingRegressor({ nEstimators: 20, subsample: 0.5, seed }).fit(train.X, train.y);
    expect(fit(3).toJSON()).toEqual(fit(3).toJSON());
    expect(fit(3).toJSON()).not.toEqual(fit(4).toJSON());
    expect(r2(test.y, fit(3).predict(test.X))).toBeGreaterThan(0.3);
  });

  it('predicts identically after a JSON round-trip', () => {
    const model = new GradientBoostingRegressor({ nEstimators: 50 }).fit(train.X, train.y);
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(json.kind).toBe('gradient_boosting');
    expect(json.bestIteration).toBe(json.trees.length);
    const restored = GradientBoostingRegressor.fromJSON(json);
    expect(Array.from(restored.predict(test.X))).toEqual(Array.from(model.predict(test.X)));
    expect(restored.toJSON()).toEqual(json);
    expect(() => GradientBoostingRegressor.fromJSON({ ...json, bestIteration: 3 })).toThrow(TypeError);
  });

  it('rejects invalid options with a RangeError', () => {
    const bad = [
      { nEstimators: 0 },
      { learningRate: 0 },
      { learningRate: 1.5 },
      { maxDepth: 0 },
      { minSamplesLeaf: 0 },
      { subsample: 0 },
      { subsample: 1.1 },
      { l2: -1 },
      { l2: Number.POSITIVE_INFINITY },
      { maxBins: 0 },
      { validationFraction: 1 },
      { validationFraction: -0.1 },
      { earlyStoppingRounds: -1 },
      { seed: 1.5 },
    ];
    for (const options of bad) {
      expect(() => new GradientBoostingRegressor(options), JSON.stringify(options)).toThrow(RangeError);
    }
  });

  it('rejects bad data and use before fit', () => {
    const model = new GradientBoostingRegressor({ nEstimators: 2 });
    expect(() => model.predict(test.X)).toThrow(/not fitted/);
    expect(() => model.fit(denseMatrix(0, 2), [])).toThrow(RangeError);
    expect(() => model.fit(matrixFromRows([[1]]), [1])).toThrow(/at least 2 training rows/);
    expect(() => model.fit(matrixFromRows([[1], [Number.NaN], [3]]), [1, 2, 3])).toThrow(RangeError);
  });
});
