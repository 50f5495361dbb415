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
 * 4. **Intervals**: split conformal — the half-width is the `confidenceLevel` quantile of the absolute
 *    test-window residuals (one width for all horizons for now; see `intervals.ts`). `interval_coverage`
 *    is cross-fitted (each half of the test days checked against the width calibrated on the other
 *    half), so it is an honest estimate rather than `confidenceLevel` by construction.
 * 5. **Refit on all data**: the served models are fitted again on every day, training and test, so the
 *    forecast uses the most recent weeks. The reported metrics belong to the hold-out models; the
 *    served models are the same recipe with more data (`refit_on_all_data: true` in the metrics).
 *
 * Everything is deterministic: the same series and options give the same artifact, byte for byte.
 */
import { InsufficientDataError } from '../errors';
import { r2 } from '../metrics/regression';
import type { Regressor } from '../models/regressor';
import { RIDGE_DEFAULTS, RidgeRegression } from '../models/ridge';
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
import { evaluateAtOrigin, fitOnDays, type HoldoutSplit, holdoutSplit, scoreForecast } from './evaluate';
import { FEATURE_DEFAULTS, type FeatureSpec, featureNames, featureSpec, lookbackDays } from './features';
import { calibrateInterval, crossFittedCoverage, halfWidthAt, type IntervalCalibration } from './intervals';
import { type DailySeries, firstSaleIndex, seriesLength, sliceSeries } from './series';

/** Days of history, counted from the first day with a sale, below which no forecast is trained. */
export const FORECAST_MIN_HISTORY_DAYS = 60;

export interface TrainSalesForecastOptions {
  algorithm: SalesForecastAlgorithm;
  /** Share of the last days held out as the test window (default 0.2). */
  testFraction?: number;
  /** Nominal coverage of the prediction intervals (default 0.8). */
  confidenceLevel?: number;
  /** Seed for every random choice (default 42); the linear model makes none, the tree models will. */
  seed?: number;
  /** Ridge penalty of the linear model (default RIDGE_DEFAULTS.alpha). */
  ridgeAlpha?: number;
}

export const TRAIN_SALES_FORECAST_DEFAULTS: Readonly<SalesForecastParams> = {
  testFraction: 0.2,
  confidenceLevel: 0.8,
  seed: 42,
  ridgeAlpha: RIDGE_DEFAULTS.alpha,
};

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
  /** Days before the cut-off (the first `lookback` of them only provide lags). */
  n_train_days: number;
  /** Training rows actually fitted. */
  n_train_rows: number;
  n_test_days: number;
  test_from: string;
  test_to: string;
  interval_level: number;
  /** Money half-width of the served intervals (same for every horizon for now). */
  interval_half_width: number;
  /** Share of test days whose actual amount fell inside a cross-fitted interval. */
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
  const resolved = {
    algorithm: options.algorithm,
    testFraction: options.testFraction ?? TRAIN_SALES_FORECAST_DEFAULTS.testFraction,
    confidenceLevel: options.confidenceLevel ?? TRAIN_SALES_FORECAST_DEFAULTS.confidenceLevel,
    seed: options.seed ?? TRAIN_SALES_FORECAST_DEFAULTS.seed,
    ridgeAlpha: options.ridgeAlpha ?? TRAIN_SALES_FORECAST_DEFAULTS.ridgeAlpha,
  };
  if (!(resolved.testFraction > 0 && resolved.testFraction < 1)) {
    throw new RangeError(`testFraction must be between 0 and 1, got ${resolved.testFraction}`);
  }
  if (!(resolved.confidenceLevel > 0 && resolved.confidenceLevel < 1)) {
    throw new RangeError(`confidenceLevel must be between 0 and 1, got ${resolved.confidenceLevel}`);
  }
  if (!Number.isSafeInteger(resolved.seed))
    throw new RangeError(`seed must be an integer, got ${resolved.seed}`);
  if (!(resolved.ridgeAlpha > 0 && Number.isFinite(resolved.ridgeAlpha))) {
    throw new RangeError(`ridgeAlpha must be a finite number > 0, got ${resolved.ridgeAlpha}`);
  }
  return resolved;
}

/** A factory of unfitted models for the chosen algorithm; the tree models plug in here. */
function modelFactory(params: ReturnType<typeof resolveTrainOptions>): () => Regressor {
  switch (params.algorithm) {
    case 'linear':
      return () => new RidgeRegression({ alpha: params.ridgeAlpha });
  }
}

interface TargetEvaluation {
  trainR2: number;
  test: ReturnType<typeof scoreForecast>;
  interval: IntervalCalibration;
  coverage: number;
}

/** Hold-out evaluation of one target (see the protocol above). */
function evaluateTarget(
  createModel: () => Regressor,
  values: Float64Array,
  startDay: number,
  spec: FeatureSpec,
  split: HoldoutSplit,
  level: number,
): TargetEvaluation {
  const evaluation = evaluateAtOrigin(createModel, values, startDay, spec, split.cut, split.testDays);
  const testActual = values.subarray(split.cut);
  return {
    trainR2: r2(evaluation.trainActual, evaluation.trainFitted),
    test: scoreForecast(testActual, evaluation.forecast),
    interval: calibrateInterval(testActual, evaluation.forecast, level),
    coverage: crossFittedCoverage(testActual, evaluation.forecast, level),
  };
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
  const createModel = modelFactory(params);
  const amount = evaluateTarget(createModel, data.amount, startDay, spec, split, params.confidenceLevel);
  const quantity = evaluateTarget(createModel, data.quantity, startDay, spec, split, params.confidenceLevel);

  // The hold-out measured the recipe; the served models are refit on every day (training and test) so
  // that forecasts start from a model that has seen the most recent weeks.
  const served = {
    amount: fitOnDays(createModel, data.amount, startDay, spec, 0, days).toJSON(),
    quantity: fitOnDays(createModel, data.quantity, startDay, spec, 0, days).toJSON(),
  };

  const { algorithm, ...hyperParameters } = params;
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
  const metrics: SalesForecastMetrics = {
    train_r2: round(amount.trainR2),
    test_r2: round(amount.test.r2),
    test_rmse: round(amount.test.rmse),
    test_mae: round(amount.test.mae),
    test_mape: round(amount.test.mape),
    test_smape: round(amount.test.smape),
    quantity_test_r2: round(quantity.test.r2),
    quantity_test_mae: round(quantity.test.mae),
    n_train_days: split.cut,
    n_train_rows: split.trainRows,
    n_test_days: split.testDays,
    test_from: fromEpochDay(startDay + split.cut),
    test_to: data.end,
    interval_level: params.confidenceLevel,
    interval_half_width: round(halfWidthAt(amount.interval, 1)),
    interval_coverage: round(amount.coverage),
    features: names.length,
    refit_on_all_data: true,
  };
  return { artifact, metrics, dataFrom: data.start, dataTo: data.end, recordsUsed: days };
}
