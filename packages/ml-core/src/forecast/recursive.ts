import { denseMatrix } from '../linalg/matrix';
import type { Regressor } from '../models/regressor';
import { type FeatureSpec, featureNames, lookbackDays, writeFeatures } from './features';

/**
 * Recursive multi-step forecast: predicts day `origin`, appends the prediction to the history, predicts
 * `origin + 1` from it, and so on for `horizon` days. Only `values[origin - lookback .. origin - 1]` are
 * read, so nothing at or after the origin can leak in. Predictions are clipped at 0 (sales are never
 * negative) before they are fed back as lags.
 */
export function recursiveForecast(
  model: Regressor,
  values: ArrayLike<number>,
  origin: number,
  startDay: number,
  spec: FeatureSpec,
  horizon: number,
): Float64Array {
  const lookback = lookbackDays(spec);
  if (!Number.isInteger(origin) || origin < lookback || origin > values.length) {
    throw new RangeError(`a forecast from day index ${origin} needs the ${lookback} days before it`);
  }
  if (!Number.isInteger(horizon) || horizon < 0)
    throw new RangeError(`horizon must be a whole number ≥ 0, got ${horizon}`);
  const buffer = new Float64Array(lookback + horizon);
  for (let i = 0; i < lookback; i += 1) buffer[i] = values[origin - lookback + i]!;
  const bufferStart = startDay + origin - lookback;
  const row = denseMatrix(1, featureNames(spec).length);
  const forecast = new Float64Array(horizon);
  for (let h = 0; h < horizon; h += 1) {
    const t = lookback + h;
    writeFeatures(buffer, t, bufferStart, spec, row.data);
    const predicted = Math.max(0, model.predict(row)[0]!);
    buffer[t] = predicted;
    forecast[h] = predicted;
  }
  return forecast;
}
