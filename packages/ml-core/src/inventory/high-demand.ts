/**
 * # The `high_demand` test
 *
 * Is the last week's sales far above the product's normal? With `recentDailyUnits` (oldest first, at least
 * 7 + 21 days), the last 7 days are compared with the days before them (the baseline, ≥ 21 days):
 *
 * - baseline mean λ (units/day) and sample variance s² of the baseline's daily units;
 * - daily variance v = max(λ, s²): at least Poisson, more when the product's sales are lumpier;
 * - the 7-day sum's deviation sd₇ = max(1, √(7·v)), floored at one unit so that a product that hardly ever
 *   sold is not flagged for a single sale;
 * - z = (units in the last 7 days − 7·λ) / sd₇.
 *
 * It fires when z ≥ `zThreshold` and the last 7 days sold at least `minUnits` units.
 */

/** Days in the "last week" and the fewest baseline days before it. */
export const HIGH_DEMAND_WINDOW_DAYS = 7;
export const HIGH_DEMAND_MIN_BASELINE_DAYS = 21;

export interface HighDemandTest {
  /** False when fewer than 28 days of history were given: the test was not run and does not fire. */
  evaluated: boolean;
  fires: boolean;
  last7Units: number;
  baselineDays: number;
  baselineDailyMean: number;
  baselineDailyVariance: number;
  expected7Units: number;
  sd7Units: number;
  z: number;
}

export function highDemandTest(
  recentDailyUnits: readonly number[],
  zThreshold: number,
  minUnits: number,
): HighDemandTest {
  for (const units of recentDailyUnits) {
    if (!(Number.isFinite(units) && units >= 0)) {
      throw new RangeError(`daily units must be finite numbers ≥ 0, got ${units}`);
    }
  }
  const baselineDays = recentDailyUnits.length - HIGH_DEMAND_WINDOW_DAYS;
  if (baselineDays < HIGH_DEMAND_MIN_BASELINE_DAYS) {
    return {
      evaluated: false,
      fires: false,
      last7Units: 0,
      baselineDays: Math.max(0, baselineDays),
      baselineDailyMean: 0,
      baselineDailyVariance: 0,
      expected7Units: 0,
      sd7Units: 0,
      z: 0,
    };
  }
  const baseline = recentDailyUnits.slice(0, baselineDays);
  const last7Units = recentDailyUnits.slice(baselineDays).reduce((s, u) => s + u, 0);
  const mean = baseline.reduce((s, u) => s + u, 0) / baselineDays;
  const sampleVariance = baseline.reduce((s, u) => s + (u - mean) ** 2, 0) / (baselineDays - 1);
  const variance = Math.max(mean, sampleVariance);
  const expected7Units = HIGH_DEMAND_WINDOW_DAYS * mean;
  const sd7Units = Math.max(1, Math.sqrt(HIGH_DEMAND_WINDOW_DAYS * variance));
  const z = (last7Units - expected7Units) / sd7Units;
  return {
    evaluated: true,
    fires: z >= zThreshold && last7Units >= minUnits,
    last7Units,
    baselineDays,
    baselineDailyMean: mean,
    baselineDailyVariance: variance,
    expected7Units,
    sd7Units,
    z,
  };
}
