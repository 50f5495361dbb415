import { describe, expect, it } from 'vitest';
import { denseMatrix, matrixFromRows } from '../linalg/matrix';
import { createRng } from '../random/prng';
import { binMatrix, binOf, quantileThresholds } from './binning';

describe('binMatrix', () => {
  it('gives a constant column one bin, no thresholds and code 0 everywhere', () => {
    const binned = binMatrix(matrixFromRows([[3], [3], [3], [3]]));
    expect(binned.nBins[0]).toBe(1);
    expect(binned.thresholds[0]).toHaveLength(0);
    expect(Array.from(binned.codes)).toEqual([0, 0, 0, 0]);
  });

  it('gives each of a few distinct values its own bin, cut halfway between neighbours', () => {
    const binned = binMatrix(matrixFromRows([[5], [1], [3], [1], [5], [3]]));
    expect(binned.nBins[0]).toBe(3);
    expect(Array.from(binned.thresholds[0]!)).toEqual([2, 4]);
    expect(Array.from(binned.codes)).toEqual([2, 0, 1, 0, 2, 1]);
  });

  it('stores codes column-major: feature j of row i at j * rows + i', () => {
    const binned = binMatrix(
      matrixFromRows([
        [0, 10],
        [1, 20],
        [2, 30],
      ]),
    );
    expect(Array.from(binned.codes)).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('groups many distinct values into at most maxBins buckets of similar size', () => {
    const rng = createRng(3);
    const n = 10_000;
    const X = denseMatrix(
      n,
      1,
      Float64Array.from({ length: n }, () => rng() * 100),
    );
    const binned = binMatrix(X, 16);
    expect(binned.nBins[0]).toBe(16);
    const counts = new Array(16).fill(0);
    for (const c of binned.codes) counts[c] += 1;
    for (const c of counts) expect(Math.abs(c - n / 16)).toBeLessThan(n / 16 / 5);
  });

  it('maps code ≤ b exactly to x ≤ thresholds[b], so splits carry over to raw values', () => {
    const rng = createRng(5);
    const n = 3000;
    // Heavy ties (rounded values) and a long tail, with more distinct values than bins.
    const data = Float64Array.from({ length: n }, () => Math.round(Math.exp(4 * rng()) * 10) / 10);
    const binned = binMatrix(denseMatrix(n, 1, data), 32);
    const cuts = binned.thresholds[0]!;
    expect(binned.nBins[0]).toBeLessThanOrEqual(32);
    for (let k = 1; k < cuts.length; k += 1) expect(cuts[k]!).toBeGreaterThan(cuts[k - 1]!);
    let mismatches = 0;
    for (let i = 0; i < n; i += 1) {
      const code = binned.codes[i]!;
      for (let b = 0; b < cuts.length; b += 1) if (code <= b !== data[i]! <= cuts[b]!) mismatches += 1;
    }
    expect(mismatches).toBe(0);
  });

  it('rejects NaN and infinities with a RangeError naming the row and column', () => {
    expect(() =>
      binMatrix(
        matrixFromRows([
          [1, 2],
          [3, Number.NaN],
        ]),
      ),
    ).toThrow(RangeError);
    expect(() =>
      binMatrix(
        matrixFromRows([
          [1, 2],
          [3, Number.NaN],
        ]),
      ),
    ).toThrow(/row 1, column 1/);
    expect(() => binMatrix(matrixFromRows([[Number.POSITIVE_INFINITY]]))).toThrow(RangeError);
  });

  it('rejects maxBins that a byte code cannot hold', () => {
    const X = matrixFromRows([[1], [2]]);
    expect(() => binMatrix(X, 1)).toThrow(RangeError);
    expect(() => binMatrix(X, 257)).toThrow(RangeError);
    expect(() => binMatrix(X, 2.5)).toThrow(RangeError);
    expect(binMatrix(X, 256).nBins[0]).toBe(2);
  });
});

describe('quantileThresholds and binOf', () => {
  it('keeps cuts strictly between adjacent doubles', () => {
    const a = 1;
    const b = 1 + Number.EPSILON;
    const cuts = quantileThresholds(Float64Array.from([a, b]), 255);
    expect(cuts).toHaveLength(1);
    expect(binOf(cuts, a)).toBe(0);
    expect(binOf(cuts, b)).toBe(1);
  });

  it('puts values beyond the last cut in the last bin', () => {
    const cuts = Float64Array.from([1, 2]);
    expect(binOf(cuts, -5)).toBe(0);
    expect(binOf(cuts, 1)).toBe(0);
    expect(binOf(cuts, 1.5)).toBe(1);
    expect(binOf(cuts, 99)).toBe(2);
  });
});
