import { describe, expect, it } from 'vitest';
import { createRng, normal } from '../random/prng';
import { calibrateInterval, conformalHalfWidth, crossFittedCoverage, halfWidthAt } from './intervals';

describe('split-conformal intervals', () => {
  it('take the ⌈(n+1)·level⌉-th smallest absolute residual', () => {
    const residuals = [5, -1, 3, -2, 4, 0, -6, 7, 8, -9];
    // n = 10, level 0.8 → rank ⌈8.8⌉ = 9 → 9th smallest of |r| = 8.
    expect(conformalHalfWidth(residuals, 0.8)).toBe(8);
    expect(conformalHalfWidth(residuals, 0.5)).toBe(5);
    expect(conformalHalfWidth(residuals, 0.95)).toBe(9);
  });

  it('serve one width for every horizon for now', () => {
    const calibration = calibrateInterval([10, 12, 8], [11, 11, 11], 0.5);
    expect(calibration.halfWidths).toEqual([1]);
    expect(halfWidthAt(calibration, 1)).toBe(1);
    expect(halfWidthAt(calibration, 90)).toBe(1);
  });

  it('report coverage near the level on exchangeable noise without calibrating a day on itself', () => {
    const rng = createRng(11);
    const actual = Float64Array.from({ length: 2000 }, () => normal(rng));
    const forecast = new Float64Array(2000);
    const coverage = crossFittedCoverage(actual, forecast, 0.8);
    expect(coverage).toBeGreaterThan(0.77);
    expect(coverage).toBeLessThan(0.83);
  });

  it('report low coverage when the errors grow after calibration', () => {
    const actual = Float64Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 1 : 10));
    expect(crossFittedCoverage(actual, new Float64Array(100), 0.8)).toBe(0.5);
  });
});
