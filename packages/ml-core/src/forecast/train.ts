/**
 * # Training the sales forecast
 *
 * Input: a zero-filled daily series (amount and units). Training starts at the first day with a sale
 * (days before the store sold anything say nothing about demand) and needs FORECAST_MIN_HISTORY_DAYS
 * from there on.
 *
 * ## Evaluation protocol
 * 1. **Split in time order, never shuffled.** The last `testFraction` of the days (default 20%) is the
 *    test window; everything before the cut-off is training. The first `lookback` (28) days only serve
 *    as lags: rows whose lags would reach before the series start are dropped.
 * 2. **Fit on the training rows only** — one model per target (money amount, units), same recipe.
 *    `train_r2` is the in-sample one-step fit on those rows (lags are actual values).
 * 3. **Forecast the test window as in production**: recursively from the last training day, feeding
 *    the model's own (clipped) predictions back as lags; no actual value from after the cut-off is read
 *    (`evaluateAtOrigin` copies only the days before it). `test_*` metrics compare that forecast with
 *    what happened, so they measure multi-step accuracy over the whole window, not one-step accuracy.
 * 4. **Rolling-origin cross-validation** inside the training days (`cvFolds` adjacent windows of
 *    `cvHorizon` days ending at the cut-off, each forecast by a model fitted only on the days before it):
 *    `cv_r2_mean` and the fold scores say how stable the accuracy is across seasons.
 * 5. **Baseline**: the seasonal-naive forecast (each day repeats its weekday of the last week before the
 *    cut-off) is scored on the same test window; `mase` = test MAE ÷ baseline MAE, so < 1 means the model
 *    beats the trivial forecast.
 * 6. **Intervals**: split conformal by horizon bucket (`intervals.ts`). `interval_coverage` is measured on
 *    the test window with widths calibrated on the cross-validation residuals only, so it is an honest
 *    out-of-sample figure; the served widths then pool cross-validation and test residuals.
 * 7. **Refit on all data**: the served models are fitted again on every day, training and test, so the
 *    forecast uses the most recent weeks. The reported metrics belong to the hold-out models; the
 *    served models are the same recipe with more data (`refit_on_all_data: true` in the metrics).
 *
 * Everything is deterministic: the same series and options give the same artifact, byte for byte.
 */
import { InsufficientDataError } from '../errors';
import { r2 } from '../metrics/regression';
import type { Regressor } from '../models/regressor';
import { roundTo } from '../numbers';
import { fromEpochDay, toEpochDay } from '../time/days';
import {
  SALES_FORECAST_ALGORITHMS,
  SALES_FORECAST_ARTIFACT_FORMAT,
  SALES_FORECAST_ARTIFACT_VERSION,
  type SalesForecastAlgorithm,
  type SalesForecastArtifact,
  type SalesForecastParams,
} from './artifact';
import {
  type CrossValidationFold,
  evaluateAtOrigin,
  fitOnDays,
  type HoldoutSplit,
  holdoutSplit,
  rollingOriginFolds,
  scoreForecast,
  seasonalNaiveForecast,
} from './evaluate';
import { FEATURE_DEFAULTS, type FeatureSpec, featureNames, featureSpec, lookbackDays } from './features';
import {
  calibrateByHorizon,
  conformalHalfWidth,
  empiricalCoverage,
  halfWidthAt,
  type IntervalCalibration,
  residualPath,
} from './intervals';
import { type ForecastModelParams, forecastModelFactory, forecastModelParams } from './model-factory';
import { type DailySeries, firstSaleIndex, seriesLength, sliceSeries } from './series';

/** Days of history, counted from the first day with a sale, below which no forecast is trained. */
export const FORECAST_MIN_HISTORY_DAYS = 60;

export interface TrainSalesForecastOptions {
  algorithm: SalesForecastAlgorithm;
  /** Share of the last days held out as the test window (default 0.2). */
  testFraction?: number;
  /** Nominal coverage of the prediction intervals (default 0.8). */
  confidenceLevel?: number;
  /** Seed for every random choice (default 42). */
  seed?: number;
  /** Rolling-origin cross-validation folds (default 4) of `cvHorizon` days (default 28). */
  cvFolds?: number;
  cvHorizon?: number;
  /** Overrides of the algorithm's hyper-parameters (see FORECAST_MODEL_DEFAULTS). */
  model?: ForecastModelParams;
}

export const TRAIN_SALES_FORECAST_DEFAULTS = {
  testFraction: 0.2,
  confidenceLevel: 0.8,
  seed: 42,
  cvFolds: 4,
  cvHorizon: 28,
} as const;

/** A fold model must learn from at least this many rows (eight weeks) to be worth scoring. */
const MIN_FOLD_TRAIN_ROWS = 56;

/** Hold-out accuracy of the forecast (money amount unless prefixed `quantity_`), rounded to 4 decimals. */
export interface SalesForecastMetrics {
  /** In-sample one-step R² on the training rows. */
  train_r2: number;
  /** Test metrics: recursive forecast of the test window from the cut-off vs. actual sales. */
  test_r2: number;
  test_rmse: number;
  test_mae: number;
  /** Mean absolute percentage error as a fraction (0.05 = 5%), over test days with sales. */
  test_mape: number;
  /** Symmetric MAPE as a fraction in [0, 2], over all test days. */
  test_smape: number;
  quantity_test_r2: number;
  quantity_test_mae: number;
  /** The seasonal-naive forecast (same weekday of the last week) on the same test window. */
  baseline: {
    method: 'seasonal_naive_weekly';
    test_r2: number;
    test_rmse: number;
    test_mae: number;
    test_mape: number;
  };
  /** test_mae ÷ baseline.test_mae: below 1 the model beats the seasonal-naive forecast (null if that is perfect). */
  mase: number | null;
  /** Rolling-origin cross-validation R² (mean and per fold, oldest first); null when too short for a fold. */
  cv_r2_mean: number | null;
  cv_r2_scores: number[];
  cv_mae_mean: number | null;
  cv_folds: number;
  cv_horizon_days: number;
  /** Days before the cut-off (the first `lookback` of them only provide lags). */
  n_train_days: number;
  /** Training rows actually fitted. */
  n_train_rows: number;
  n_test_days: number;
  test_from: string;
  test_to: string;
  interval_level: number;
  /** Money half-width of the served intervals one day ahead and 30 days ahead. */
  interval_half_width_day1: number;
  interval_half_width_day30: number;
  /** Share of test days inside intervals calibrated without them (on the cross-validation residuals). */
  interval_coverage: number;
  /** Number of model features. */
  features: number;
  /** The served models were refit on all days after evaluation. */
  refit_on_all_data: true;
}

export interface SalesForecastTraining {
  artifact: SalesForecastArtifact;
  metrics: SalesForecastMetrics;
  /** First and last day the models learned from (first day with a sale .. series end). */
  dataFrom: string;
  dataTo: string;
  /** Days of history used, from dataFrom to dataTo inclusive. */
  recordsUsed: number;
}

/** Fills in defaults and rejects options no model could be trained with. */
export function resolveTrainOptions(options: TrainSalesForecastOptions): SalesForecastParams & {
  algorithm: SalesForecastAlgorithm;
} {
  if (!SALES_FORECAST_ALGORITHMS.includes(options.algorithm)) {
    throw new RangeError(
      `unknown forecast algorithm ${JSON.stringify(options.algorithm)}; one of: ${SALES_FORECAST_ALGORITHMS.join(', ')}`,
    );
  }
  const d = TRAIN_SALES_FORECAST_DEFAULTS;
  const resolved = {
    algorithm: options.algorithm,
    testFraction: options.testFraction ?? d.testFraction,
    confidenceLevel: options.confidenceLevel ?? d.confidenceLevel,
    seed: options.seed ?? d.seed,
    cvFolds: options.cvFolds ?? d.cvFolds,
    cvHorizon: options.cvHorizon ?? d.cvHorizon,
    model: forecastModelParams(options.algorithm, options.model),
  };
  if (!(resolved.testFraction > 0 && resolved.testFraction < 1)) {
    throw new RangeError(`testFraction must be between 0 and 1, got ${resolved.testFraction}`);
  }
  if (!(resolved.confidenceLevel > 0 && resolved.confidenceLevel < 1)) {
    throw new RangeError(`confidenceLevel must be between 0 and 1, got ${resolved.confidenceLevel}`);
  }
  if (!Number.isSafeInteger(resolved.seed) || resolved.seed < 0) {
    throw new RangeError(`seed must be a whole number ≥ 0, got ${resolved.seed}`);
  }
  if (!Number.isInteger(resolved.cvFolds) || resolved.cvFolds < 0 || resolved.cvFolds > 20) {
    throw new RangeError(`cvFolds must be a whole number from 0 to 20, got ${resolved.cvFolds}`);
  }
  if (!Number.isInteger(resolved.cvHorizon) || resolved.cvHorizon < 7 || resolved.cvHorizon > 90) {
    throw new RangeError(`cvHorizon must be a whole number of days from 7 to 90, got ${resolved.cvHorizon}`);
  }
  return resolved;
}

interface TargetEvaluation {
  trainR2: number;
  test: ReturnType<typeof scoreForecast>;
  baseline: ReturnType<typeof scoreForecast>;
  folds: CrossValidationFold[];
  /** Served calibration: cross-validation and test residuals. */
  interval: IntervalCalibration;
  coverage: number;
}

/** Hold-out, baseline, cross-validation and interval calibration of one target (see the protocol above). */
function evaluateTarget(
  createModel: () => Regressor,
  values: Float64Array,
  startDay: number,
  spec: FeatureSpec,
  split: HoldoutSplit,
  params: SalesForecastParams,
): TargetEvaluation {
  const evaluation = evaluateAtOrigin(createModel, values, startDay, spec, split.cut, split.testDays);
  const testActual = values.subarray(split.cut);
  const folds = rollingOriginFolds(createModel, values, startDay, spec, {
    end: split.cut,
    folds: params.cvFolds,
    horizon: params.cvHorizon,
    minTrainRows: MIN_FOLD_TRAIN_ROWS,
  });
  const testPath = residualPath(testActual, evaluation.forecast);
  const foldPaths = folds.map((f) => f.residuals);
  const level = params.confidenceLevel;
  // Coverage is measured on test days the widths never saw; without folds, alternate test days calibrate
  // each other (still out of sample, just noisier).
  const coverage =
    foldPaths.length > 0
      ? empiricalCoverage(calibrateByHorizon(foldPaths, level), [testPath])
      : alternateDayCoverage(testPath, level);
  return {
    trainR2: r2(evaluation.trainActual, evaluation.trainFitted),
    test: scoreForecast(testActual, evaluation.forecast),
    baseline: scoreForecast(testActual, seasonalNaiveForecast(values, split.cut, split.testDays)),
    folds,
    interval: calibrateByHorizon([...foldPaths, testPath], level),
    coverage,
  };
}

function alternateDayCoverage(path: Float64Array, level: number): number {
  if (path.length < 2) return Number.NaN;
  const even = path.filter((_, i) => i % 2 === 0);
  const odd = path.filter((_, i) => i % 2 === 1);
  const covered = (calibrate: Float64Array, check: Float64Array) => {
    const width = conformalHalfWidth(calibrate, level);
    return check.filter((r) => Math.abs(r) <= width).length;
  };
  return (covered(even, odd) + covered(odd, even)) / path.length;
}

/** Evaluates the forecast on a time-ordered hold-out, then refits it on all days and returns the artifact. */
export function trainSalesForecast(
  series: DailySeries,
  options: TrainSalesForecastOptions,
): SalesForecastTraining {
  const params = resolveTrainOptions(options);
  const total = seriesLength(series);
  const first = firstSaleIndex(series);
  const days = first < 0 ? 0 : total - first;
  if (days < FORECAST_MIN_HISTORY_DAYS) {
    throw new InsufficientDataError('days of sales history', days, FORECAST_MIN_HISTORY_DAYS);
  }
  const data = sliceSeries(series, first, total);
  for (const values of [data.amount, data.quantity]) {
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new RangeError(`sales on ${fromEpochDay(toEpochDay(data.start) + bad)} are not finite`);
  }

  const spec = featureSpec(data.start, FEATURE_DEFAULTS);
  const names = featureNames(spec);
  const startDay = toEpochDay(data.start);
  const split = holdoutSplit(days, params.testFraction, lookbackDays(spec));
  const { algorithm, ...hyperParameters } = params;
  const createModel = forecastModelFactory(algorithm, params.model, params.seed, names);
  const amount = evaluateTarget(createModel, data.amount, startDay, spec, split, hyperParameters);
  const quantity = evaluateTarget(createModel, data.quantity, startDay, spec, split, hyperParameters);

  // The hold-out measured the recipe; the served models are refit on every day (training and test) so
  // that forecasts start from a model that has seen the most recent weeks.
  const served = {
    amount: fitOnDays(createModel, data.amount, startDay, spec, 0, days).toJSON(),
    quantity: fitOnDays(createModel, data.quantity, startDay, spec, 0, days).toJSON(),
  };

  const artifact: SalesForecastArtifact = {
    format: SALES_FORECAST_ARTIFACT_FORMAT,
    version: SALES_FORECAST_ARTIFACT_VERSION,
    algorithm,
    params: hyperParameters,
    features: { ...spec, names },
    models: served,
    intervals: { amount: amount.interval, quantity: quantity.interval },
    trainedOn: { from: data.start, to: data.end, days },
  };

  const round = (v: number) => roundTo(v, 4);
  const mean = (xs: number[]) => (xs.length === 0 ? null : round(xs.reduce((s, x) => s + x, 0) / xs.length));
  const metrics: SalesForecastMetrics = {
    train_r2: round(amount.trainR2),
    test_r2: round(amount.test.r2),
    test_rmse: round(amount.test.rmse),
    test_mae: round(amount.test.mae),
    test_mape: round(amount.test.mape),
    test_smape: round(amount.test.smape),
    quantity_test_r2: round(quantity.test.r2),
    quantity_test_mae: round(quantity.test.mae),
    baseline: {
      method: 'seasonal_naive_weekly',
      test_r2: round(amount.baseline.r2),
      test_rmse: round(amount.baseline.rmse),
      test_mae: round(amount.baseline.mae),
      test_mape: round(amount.baseline.mape),
    },
    mase: amount.baseline.mae > 0 ? round(amount.test.mae / amount.baseline.mae) : null,
    cv_r2_mean: mean(amount.folds.map((f) => f.r2)),
    cv_r2_scores: amount.folds.map((f) => round(f.r2)),
    cv_mae_mean: mean(amount.folds.map((f) => f.mae)),
    cv_folds: amount.folds.length,
    cv_horizon_days: params.cvHorizon,
    n_train_days: split.cut,
    n_train_rows: split.trainRows,
    n_test_days: split.testDays,
    test_from: fromEpochDay(startDay + split.cut),
    test_to: data.end,
    interval_level: params.confidenceLevel,
    interval_half_width_day1: round(halfWidthAt(amount.interval, 1)),
    interval_half_width_day30: round(halfWidthAt(amount.interval, 30)),
    interval_coverage: round(amount.coverage),
    features: names.length,
    refit_on_all_data: true,
  };
  return { artifact, metrics, dataFrom: data.start, dataTo: data.end, recordsUsed: days };
}
