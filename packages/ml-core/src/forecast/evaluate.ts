import { mae, mape, r2, rmse, smape } from '../metrics/regression';
import type { Regressor } from '../models/regressor';
import { buildFeatureMatrix, type FeatureSpec, lookbackDays } from './features';
import { recursiveForecast } from './recursive';

/**
 * Model-agnostic evaluation of a daily forecaster: any `Regressor` is fitted and judged the same way,
 * always in time order and always forecasting from a cut-off as in production.
 */

/** Time-ordered hold-out: training days [0, cut), test days [cut, days). */
export interface HoldoutSplit {
  days: number;
  cut: number;
  /** Training rows: training days after the first `lookback`, whose lags reach before the series start. */
  trainRows: number;
  testDays: number;
}

/** Splits `days` into leading training days and the last ≈ testFraction of days (at least 1 of each row kind). */
export function holdoutSplit(days: number, testFraction: number, lookback: number): HoldoutSplit {
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new RangeError(`testFraction must be between 0 and 1, got ${testFraction}`);
  }
  if (days < lookback + 2)
    throw new RangeError(`a hold-out needs at least ${lookback + 2} days, got ${days}`);
  const testDays = Math.min(Math.max(1, Math.round(days * testFraction)), days - lookback - 1);
  const cut = days - testDays;
  return { days, cut, trainRows: cut - lookback, testDays };
}

/** A model fitted on every row of day indices [from, to) that has a full lookback. */
export function fitOnDays(
  createModel: () => Regressor,
  values: ArrayLike<number>,
  startDay: number,
  spec: FeatureSpec,
  from: number,
  to: number,
): Regressor {
  const { X, y } = buildFeatureMatrix(values, startDay, spec, Math.max(from, lookbackDays(spec)), to);
  return createModel().fit(X, y);
}

/** What a model fitted before an origin does: in-sample one-step fits and its recursive forecast. */
export interface OriginEvaluation {
  model: Regressor;
  /** Training targets and the model's one-step predictions of them (rows lookback..origin − 1). */
  trainActual: Float64Array;
  trainFitted: Float64Array;
  /** Recursive forecast of days origin..origin + horizon − 1, made from the origin without later values. */
  forecast: Float64Array;
}

/**
 * Fits a fresh model on the days before `origin` and forecasts the next `horizon` days recursively, as
 * the served model will. Only `values[0 .. origin − 1]` is copied in, so actual values from the origin on
 * cannot reach the model or its forecast. Rolling-origin CV is this, repeated at several origins.
 */
export function evaluateAtOrigin(
  createModel: () => Regressor,
  values: ArrayLike<number>,
  startDay: number,
  spec: FeatureSpec,
  origin: number,
  horizon: number,
): OriginEvaluation {
  const past = Float64Array.from({ length: origin }, (_, i) => values[i]!);
  const { X, y } = buildFeatureMatrix(past, startDay, spec, lookbackDays(spec), origin);
  const model = createModel().fit(X, y);
  return {
    model,
    trainActual: y,
    trainFitted: model.predict(X),
    forecast: recursiveForecast(model, past, origin, startDay, spec, horizon),
  };
}

/** Accuracy of a forecast against what happened. Percentage errors are fractions (0.05 = 5%). */
export interface ForecastScores {
  r2: number;
  rmse: number;
  mae: number;
  /** MAPE over the days with non-zero actual sales. */
  mape: number;
  smape: number;
}

/** Scores a forecast against the actual values of the same days. */
export function scoreForecast(actual: ArrayLike<number>, forecast: ArrayLike<number>): ForecastScores {
  return {
    r2: r2(actual, forecast),
    rmse: rmse(actual, forecast),
    mae: mae(actual, forecast),
    mape: mape(actual, forecast),
    smape: smape(actual, forecast),
  };
}

/**
 * The seasonal-naive forecast every model must beat: each day ahead repeats the same weekday of the
 * last week before the origin. It reads only `values[origin − season .. origin − 1]`.
 */
export function seasonalNaiveForecast(
  values: ArrayLike<number>,
  origin: number,
  horizon: number,
  season = 7,
): Float64Array {
  if (!Number.isInteger(origin) || origin < season || origin > values.length) {
    throw new RangeError(
      `a seasonal-naive forecast from day index ${origin} needs the ${season} days before it`,
    );
  }
  return Float64Array.from({ length: horizon }, (_, h) => values[origin - season + (h % season)]!);
}

/** One rolling-origin fold: a model fitted on the days before `origin`, scored on the next `horizon` days. */
export interface CrossValidationFold {
  origin: number;
  horizon: number;
  r2: number;
  mae: number;
  /** actual − forecast for each day ahead, for interval calibration. */
  residuals: Float64Array;
}

/**
 * Rolling-origin (time-series) cross-validation inside the training days: `folds` adjacent windows of
 * `horizon` days ending at `end`, each forecast recursively by a model fitted only on the days before
 * it (never shuffled, never looking ahead). Folds whose model would see fewer than `minTrainRows` rows
 * are skipped, so short histories get fewer folds rather than meaningless ones.
 */
export function rollingOriginFolds(
  createModel: () => Regressor,
  values: ArrayLike<number>,
  startDay: number,
  spec: FeatureSpec,
  options: { end: number; folds: number; horizon: number; minTrainRows: number },
): CrossValidationFold[] {
  const lookback = lookbackDays(spec);
  const result: CrossValidationFold[] = [];
  for (let k = options.folds; k >= 1; k -= 1) {
    const origin = options.end - k * options.horizon;
    if (origin - lookback < options.minTrainRows) continue;
    const evaluation = evaluateAtOrigin(createModel, values, startDay, spec, origin, options.horizon);
    const actual = Float64Array.from({ length: options.horizon }, (_, h) => values[origin + h]!);
    result.push({
      origin,
      horizon: options.horizon,
      r2: r2(actual, evaluation.forecast),
      mae: mae(actual, evaluation.forecast),
      residuals: actual.map((a, h) => a - evaluation.forecast[h]!),
    });
  }
  return result;
}
