/**
 * Prediction intervals calibrated on out-of-sample residuals (split conformal prediction, after
 * Lei et al. 2018, "Distribution-free predictive inference for regression"), per horizon: a recursive
 * forecast's error grows with the number of days ahead, so residuals are pooled in horizon buckets
 * (days 1–7, 8–14, 15–28, 29–56, 57+) and each bucket gets its own width. Widths never shrink with the
 * horizon (a later bucket with few, lucky residuals must not give a narrower band than an earlier one).
 *
 * The artifact keeps the sorted absolute residuals of each bucket rather than one width, so a forecast
 * can be asked for any confidence level (80% by default) without retraining.
 */

/** Last horizon (in days) of each bucket; horizons beyond the last bucket use the last bucket. */
export const HORIZON_BUCKETS = [7, 14, 28, 56, 90] as const;

export interface HorizonBucket {
  maxHorizon: number;
  /** Absolute out-of-sample residuals of forecasts at horizons in this bucket, ascending. */
  residuals: number[];
}

export interface IntervalCalibration {
  method: 'split_conformal_by_horizon';
  /** Default nominal coverage, e.g. 0.8. */
  level: number;
  buckets: HorizonBucket[];
}

/** Residuals of forecasts made from one origin: residual[h − 1] is the error h days ahead. */
export type ResidualPath = ArrayLike<number>;

/**
 * The ⌈(n + 1)·level⌉-th smallest absolute residual: with exchangeable errors an interval of this
 * half-width covers a new value with probability ≥ level. When that rank exceeds n, the largest residual.
 */
export function conformalHalfWidth(absResiduals: ArrayLike<number>, level: number): number {
  const n = absResiduals.length;
  if (n === 0) throw new RangeError('cannot calibrate an interval on zero residuals');
  checkLevel(level);
  const sorted = Float64Array.from(absResiduals, Math.abs).sort();
  const rank = Math.min(n, Math.ceil((n + 1) * level));
  return sorted[rank - 1]!;
}

/** Index of the bucket that serves `horizon` (1-based days ahead). */
export function bucketOf(horizon: number): number {
  const index = HORIZON_BUCKETS.findIndex((max) => horizon <= max);
  return index < 0 ? HORIZON_BUCKETS.length - 1 : index;
}

/** Pools the residual paths of several forecast origins into horizon buckets. */
export function calibrateByHorizon(paths: readonly ResidualPath[], level: number): IntervalCalibration {
  checkLevel(level);
  const pooled = HORIZON_BUCKETS.map(() => [] as number[]);
  for (const path of paths) {
    for (let h = 1; h <= path.length; h += 1) {
      const r = path[h - 1]!;
      if (!Number.isFinite(r)) throw new RangeError(`residual at horizon ${h} is not finite`);
      pooled[bucketOf(h)]!.push(Math.abs(r));
    }
  }
  if (pooled.every((b) => b.length === 0))
    throw new RangeError('cannot calibrate an interval on zero residuals');
  return {
    method: 'split_conformal_by_horizon',
    level,
    buckets: HORIZON_BUCKETS.map((maxHorizon, b) => ({
      maxHorizon,
      residuals: pooled[b]!.sort((x, y) => x - y).map((r) => Math.round(r * 1e4) / 1e4),
    })),
  };
}

/**
 * Half-width of the interval `horizon` days ahead at `level` (default: the calibration's). A bucket with
 * no residuals borrows from the nearest earlier one (then later one); widths are made non-decreasing.
 */
export function halfWidthAt(
  calibration: IntervalCalibration,
  horizon: number,
  level = calibration.level,
): number {
  checkLevel(level);
  const widths = bucketWidths(calibration, level);
  return widths[bucketOf(Math.max(1, horizon))]!;
}

/** The non-decreasing half-width of every bucket at `level`. */
export function bucketWidths(calibration: IntervalCalibration, level: number): number[] {
  const raw = calibration.buckets.map((b) =>
    b.residuals.length > 0 ? conformalHalfWidth(b.residuals, level) : Number.NaN,
  );
  const firstKnown = raw.find((w) => !Number.isNaN(w));
  if (firstKnown === undefined) throw new RangeError('interval calibration holds no residuals');
  let running = firstKnown;
  return raw.map((w) => {
    if (!Number.isNaN(w)) running = Math.max(running, w);
    return running;
  });
}

/** Share of the residual paths' errors that fall inside the calibration's intervals at `level`. */
export function empiricalCoverage(
  calibration: IntervalCalibration,
  paths: readonly ResidualPath[],
  level = calibration.level,
): number {
  const widths = bucketWidths(calibration, level);
  let covered = 0;
  let total = 0;
  for (const path of paths) {
    for (let h = 1; h <= path.length; h += 1) {
      total += 1;
      if (Math.abs(path[h - 1]!) <= widths[bucketOf(h)]!) covered += 1;
    }
  }
  if (total === 0) throw new RangeError('no residuals to measure coverage on');
  return covered / total;
}

/** Forecast errors (actual − forecast), in horizon order. */
export function residualPath(actual: ArrayLike<number>, forecast: ArrayLike<number>): Float64Array {
  if (actual.length !== forecast.length) {
    throw new RangeError(`actual has ${actual.length} values but forecast has ${forecast.length}`);
  }
  return Float64Array.from(actual, (a, i) => a - forecast[i]!);
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`interval level must be between 0 and 1, got ${level}`);
}
