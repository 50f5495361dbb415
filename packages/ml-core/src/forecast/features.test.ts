import { describe, expect, it } from 'vitest';
import { createRng } from '../random/prng';
import { toEpochDay } from '../time/days';
import { buildFeatureMatrix, featureNames, featureRow, featureSpec, lookbackDays } from './features';

const spec = featureSpec('2024-01-01');
const names = featureNames(spec);
const start = toEpochDay('2024-01-01');
const ramp = Float64Array.from({ length: 400 }, (_, i) => i);

function named(row: Float64Array): Record<string, number> {
  return Object.fromEntries(names.map((n, j) => [n, row[j]!]));
}

const WEEKDAY_COLUMNS = ['dow_mon', 'dow_tue', 'dow_wed', 'dow_thu', 'dow_fri', 'dow_sat', 'dow_sun'];

describe('forecast features', () => {
  it('name every column the row holds', () => {
    expect(names).toHaveLength(featureRow(ramp, 100, start, spec).length);
    expect(new Set(names).size).toBe(names.length);
    expect(lookbackDays(spec)).toBe(28);
  });

  it('describe the calendar of the predicted day', () => {
    const t = toEpochDay('2024-12-24') - start; // Tuesday, 7 days before the month ends
    const f = named(featureRow(ramp, t, start, spec));
    expect(f.dow_tue).toBe(1);
    expect(WEEKDAY_COLUMNS.reduce((sum, name) => sum + f[name]!, 0)).toBe(1);
    expect(f.day_of_month).toBe(24);
    expect(f.days_to_month_end).toBe(7);
    expect(f.is_december).toBe(1);
    expect(f.is_july).toBe(0);
    expect(f.month_cos).toBeCloseTo(Math.cos((2 * Math.PI * 11) / 12), 12);
    expect(f.trend).toBeCloseTo(t / 365, 12);
  });

  it('take lags and rolling means from the days before the predicted day', () => {
    const f = named(featureRow(ramp, 100, start, spec));
    expect(f.lag_7).toBe(93);
    expect(f.lag_14).toBe(86);
    expect(f.lag_28).toBe(72);
    expect(f.rolling_mean_7).toBeCloseTo((93 + 99) / 2, 12);
    expect(f.rolling_mean_28).toBeCloseTo((72 + 99) / 2, 12);
  });

  it('do not change when the predicted day or any later day changes', () => {
    const rng = createRng(3);
    const values = Float64Array.from({ length: 200 }, () => 100 * rng());
    for (const t of [28, 29, 60, 150, 199, 200]) {
      const before = featureRow(values, t, start, spec);
      const tampered = values.slice();
      for (let i = t; i < tampered.length; i += 1) tampered[i] = 1e6 * rng();
      expect(Array.from(featureRow(tampered, t, start, spec))).toEqual(Array.from(before));
    }
  });

  it('do change when the day before changes (the lags are live)', () => {
    const tampered = ramp.slice();
    tampered[99] = -5;
    expect(Array.from(featureRow(tampered, 100, start, spec))).not.toEqual(
      Array.from(featureRow(ramp, 100, start, spec)),
    );
  });

  it('refuse a day whose lags would reach before the series start', () => {
    expect(() => featureRow(ramp, 27, start, spec)).toThrow(RangeError);
    expect(() => featureRow(ramp, 401, start, spec)).toThrow(RangeError);
  });

  it('build one matrix row per day with the day as target', () => {
    const { X, y } = buildFeatureMatrix(ramp, start, spec, 28, 40);
    expect(X.rows).toBe(12);
    expect(X.cols).toBe(names.length);
    expect(Array.from(y)).toEqual(Array.from(ramp.slice(28, 40)));
    expect(Array.from(X.data.subarray(5 * X.cols, 6 * X.cols))).toEqual(
      Array.from(featureRow(ramp, 33, start, spec)),
    );
  });
});
