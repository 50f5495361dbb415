/**
 * Regression metrics on equally long arrays of actual and predicted values. Every function guards its
 * divisions and returns a finite number for finite input; empty or mismatched inputs throw RangeError.
 */

type Values = ArrayLike<number>;

function checkLengths(actual: Values, predicted: Values): number {
  if (actual.length !== predicted.length) {
    throw new RangeError(`actual has ${actual.length} values but predicted has ${predicted.length}`);
  }
  if (actual.length === 0) throw new RangeError('cannot score zero values');
  return actual.length;
}

/** Coefficient of determination 1 − SS_res/SS_tot; for constant actuals 1 when predicted exactly, else 0 (as scikit-learn). */
export function r2(actual: Values, predicted: Values): number {
  const n = checkLengths(actual, predicted);
  let mean = 0;
  for (let i = 0; i < n; i += 1) mean += actual[i]!;
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i += 1) {
    ssRes += (actual[i]! - predicted[i]!) ** 2;
    ssTot += (actual[i]! - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

/** Root mean squared error, in the units of the values. */
export function rmse(actual: Values, predicted: Values): number {
  const n = checkLengths(actual, predicted);
  let s = 0;
  for (let i = 0; i < n; i += 1) s += (actual[i]! - predicted[i]!) ** 2;
  return Math.sqrt(s / n);
}

/** Mean absolute error, in the units of the values. */
export function mae(actual: Values, predicted: Values): number {
  const n = checkLengths(actual, predicted);
  let s = 0;
  for (let i = 0; i < n; i += 1) s += Math.abs(actual[i]! - predicted[i]!);
  return s / n;
}

/** Mean absolute percentage error as a fraction (0.05 = 5%), over the days whose actual is not 0 (0 if there are none). */
export function mape(actual: Values, predicted: Values): number {
  const n = checkLengths(actual, predicted);
  let s = 0;
  let counted = 0;
  for (let i = 0; i < n; i += 1) {
    const a = actual[i]!;
    if (a === 0) continue;
    s += Math.abs((a - predicted[i]!) / a);
    counted += 1;
  }
  return counted === 0 ? 0 : s / counted;
}

/** Symmetric MAPE as a fraction in [0, 2]: mean of 2|a − p| / (|a| + |p|), a day with a = p = 0 counting as 0. */
export function smape(actual: Values, predicted: Values): number {
  const n = checkLengths(actual, predicted);
  let s = 0;
  for (let i = 0; i < n; i += 1) {
    const a = actual[i]!;
    const p = predicted[i]!;
    const denominator = Math.abs(a) + Math.abs(p);
    if (denominator > 0) s += (2 * Math.abs(a - p)) / denominator;
  }
  return s / n;
}
