import { describe, expect, it } from 'vitest';
import { highDemandTest } from './high-demand';

const days = (n: number, units: number) => Array.from({ length: n }, () => units);

describe('highDemandTest', () => {
  it('fires on a spike: 3 a day for a week against 1 a day before', () => {
    const t = highDemandTest([...days(21, 1), ...days(7, 3)], 3, 3);
    expect(t.evaluated).toBe(true);
    expect(t.last7Units).toBe(21);
    expect(t.baselineDailyMean).toBe(1);
    expect(t.baselineDailyVariance).toBe(1); // sample variance 0 → Poisson floor λ = 1
    expect(t.sd7Units).toBeCloseTo(Math.sqrt(7), 12);
    expect(t.z).toBeCloseTo(14 / Math.sqrt(7), 12); // 5.29
    expect(t.fires).toBe(true);
  });

  it('does not fire on a normal week', () => {
    const t = highDemandTest(days(28, 1), 3, 3);
    expect(t.z).toBe(0);
    expect(t.fires).toBe(false);
  });

  it('uses the baseline variance when sales are lumpier than Poisson', () => {
    // Baseline: 0,0,0,6 repeated (mean 1.5, sample variance 7.2 > 1.5).
    const baseline = Array.from({ length: 24 }, (_, i): number => (i % 4 === 3 ? 6 : 0));
    const t = highDemandTest([...baseline, ...days(7, 3)], 3, 3);
    const mean = 1.5;
    const variance = baseline.reduce((s, u) => s + (u - mean) ** 2, 0) / 23;
    expect(t.baselineDailyVariance).toBeCloseTo(variance, 12);
    expect(t.z).toBeCloseTo((21 - 10.5) / Math.sqrt(7 * variance), 12);
    expect(t.fires).toBe(false); // z ≈ 1.48
  });

  it('fires exactly at the z threshold and needs the minimum units', () => {
    // Never sold before: sd floored at 1 unit, so z = units in the last week.
    const three = highDemandTest([...days(21, 0), 1, 0, 1, 0, 1, 0, 0], 3, 3);
    expect(three.z).toBe(3);
    expect(three.fires).toBe(true);
    const two = highDemandTest([...days(21, 0), 1, 0, 1, 0, 0, 0, 0], 3, 3);
    expect(two.fires).toBe(false);
    const twoLowZ = highDemandTest([...days(21, 0), 1, 0, 1, 0, 0, 0, 0], 2, 3);
    expect(twoLowZ.z).toBe(2);
    expect(twoLowZ.fires).toBe(false); // z passes, but 2 < 3 units
  });

  it('is not run with fewer than 28 days', () => {
    const t = highDemandTest([...days(20, 0), ...days(7, 5)], 3, 3);
    expect(t.evaluated).toBe(false);
    expect(t.fires).toBe(false);
  });

  it('rejects negative units', () => {
    expect(() => highDemandTest([...days(27, 0), -1], 3, 3)).toThrow(RangeError);
  });
});
