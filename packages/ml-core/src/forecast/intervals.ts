/**
 * Prediction intervals calibrated on out-of-sample residuals (split conformal prediction, after
 * Lei et al. 2018, "Distribution-free predictive inference for regression"). For now one half-width
 * serves every horizon; `halfWidths` is indexed by horizon so widths that grow with the horizon (the next
 * step) need no change to the artifact format or to `halfWidthAt`'s callers.
 */

export interface IntervalCalibration {
  method: 'split_conformal';
  /** Nominal coverage, e.g. 0.8. */
  level: number;
  /** Half-width for horizon h (1-based) is halfWidths[h − 1]; the last entry serves all longer horizons. */
  halfWidths: number[];
  /** Residuals the widths were calibrated on. */
  calibrationSize: number;
}

/**
 * The ⌈(n + 1)·level⌉-th smallest absolute residual: with exchangeable errors an interval of this
 * half-width covers a new value with probability ≥ level. When that rank exceeds n, the largest residual.
 */
export function conformalHalfWidth(absResiduals: ArrayLike<number>, level: number): number {
  const n = absResiduals.length;
  if (n === 0) throw new RangeError('cannot calibrate an interval on zero residuals');
  if (!(level > 0 && level < 1)) throw new RangeError(`interval level must be between 0 and 1, got ${level}`);
  const sorted = Float64Array.from(absResiduals, Math.abs).sort();
  const rank = Math.min(n, Math.ceil((n + 1) * level));
  return sorted[rank - 1]!;
}

/** Calibrates one half-width for all horizons from a forecast and the actual values it forecast. */
export function calibrateInterval(
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  level: number,
): IntervalCalibration {
  const residuals = absoluteResiduals(actual, forecast);
  return {
    method: 'split_conformal',
    level,
    halfWidths: [conformalHalfWidth(residuals, level)],
    calibrationSize: residuals.length,
  };
}

/** Half-width of the interval for a forecast `horizon` days ahead (1 = the first forecast day). */
export function halfWidthAt(calibration: IntervalCalibration, horizon: number): number {
  const widths = calibration.halfWidths;
  if (widths.length === 0) throw new RangeError('interval calibration holds no half-widths');
  return widths[Math.min(Math.max(horizon, 1), widths.length) - 1]!;
}

/**
 * Empirical coverage without reusing a day to calibrate its own interval: the residuals are split into
 * alternate days, each half calibrates the width that is checked on the other, and the share of all
 * days inside their interval is returned. (Checking on the calibration days themselves would return
 * about `level` by construction.)
 */
export function crossFittedCoverage(
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  level: number,
): number {
  const residuals = absoluteResiduals(actual, forecast);
  const n = residuals.length;
  if (n < 2) return residuals[0]! <= conformalHalfWidth(residuals, level) ? 1 : 0;
  let covered = 0;
  for (const fold of [0, 1]) {
    const calibration = residuals.filter((_, i) => i % 2 !== fold);
    const width = conformalHalfWidth(calibration, level);
    residuals.forEach((r, i) => {
      if (i % 2 === fold && r <= width) covered += 1;
    });
  }
  return covered / n;
}

function absoluteResiduals(actual: ArrayLike<number>, forecast: ArrayLike<number>): Float64Array {
  if (actual.length !== forecast.length) {
    throw new RangeError(`actual has ${actual.length} values but forecast has ${forecast.length}`);
  }
  return Float64Array.from(actual, (a, i) => Math.abs(a - forecast[i]!));
}
