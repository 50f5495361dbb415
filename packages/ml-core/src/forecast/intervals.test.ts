import { describe, expect, it } from 'vitest';
import { createRng, normal } from '../random/prng';
import {
  bucketOf,
  calibrateByHorizon,
  conformalHalfWidth,
  empiricalCoverage,
  halfWidthAt,
  residualPath,
} from './intervals';

/** Residual paths whose spread grows with the horizon: sd = 1 + h / 10. */
function growingPaths(origins: number, length: number, seed: number): Float64Array[] {
  const rng = createRng(seed);
  return Array.from({ length: origins }, () =>
    Float64Array.from({ length }, (_, i) => normal(rng) * (1 + (i + 1) / 10)),
  );
}

describe('split-conformal intervals by horizon', () => {
  it('take the ⌈(n+1)·level⌉-th smallest absolute residual', () => {
    const residuals = [5, -1, 3, -2, 4, 0, -6, 7, 8, -9];
    // n = 10, level 0.8 → rank ⌈8.8⌉ = 9 → 9th smallest of |r| = 8.
    expect(conformalHalfWidth(residuals, 0.8)).toBe(8);
    expect(conformalHalfWidth(residuals, 0.5)).toBe(5);
    expect(conformalHalfWidth(residuals, 0.95)).toBe(9);
  });

  it('pool residuals into horizon buckets', () => {
    expect([1, 7, 8, 14, 15, 28, 29, 56, 57, 90, 200].map(bucketOf)).toEqual([
      0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 4,
    ]);
    const calibration = calibrateByHorizon([residualPath([10, 12, 8], [11, 11, 11])], 0.5);
    expect(calibration.buckets[0]!.residuals).toEqual([1, 1, 3]);
    // Later buckets have no residuals and borrow the earlier width.
    expect(halfWidthAt(calibration, 1)).toBe(1);
    expect(halfWidthAt(calibration, 90)).toBe(1);
  });

  it('widen with the horizon when errors grow, and with the level', () => {
    const calibration = calibrateByHorizon(growingPaths(40, 90, 3), 0.8);
    const widths = [1, 10, 20, 40, 80].map((h) => halfWidthAt(calibration, h));
    for (let i = 1; i < widths.length; i += 1) expect(widths[i]!).toBeGreaterThan(widths[i - 1]!);
    expect(halfWidthAt(calibration, 10, 0.95)).toBeGreaterThan(halfWidthAt(calibration, 10, 0.8));
    expect(halfWidthAt(calibration, 10, 0.5)).toBeLessThan(halfWidthAt(calibration, 10, 0.8));
  });

  it('cover close to the level on fresh paths from the same process', () => {
    const calibration = calibrateByHorizon(growingPaths(40, 90, 5), 0.8);
    const coverage = empiricalCoverage(calibration, growingPaths(40, 90, 6));
    expect(coverage).toBeGreaterThan(0.76);
    expect(coverage).toBeLessThan(0.84);
    expect(empiricalCoverage(calibration, growingPaths(40, 90, 6), 0.95)).toBeGreaterThan(0.92);
  });

  it('never narrow with the horizon, even when a late bucket was lucky', () => {
    const calibration = calibrateByHorizon(
      [Float64Array.from({ length: 30 }, (_, i) => (i < 14 ? 5 : 0.1))],
      0.8,
    );
    expect(halfWidthAt(calibration, 20)).toBe(halfWidthAt(calibration, 10));
  });
});
