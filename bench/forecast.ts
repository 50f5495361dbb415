/**
 * One forecast-training case: trains the sales forecast on a prepared store (bench/prepare.ts) as the
 * worker does — `trainSalesForecast` on the zero-filled daily series: hold-out, 4 CV folds, refit, both
 * targets — then forecasts 90 days from the artifact as it comes out of the database (JSON round trip).
 * Afterwards one instrumented pass repeats the same steps with timed models to show where the time goes.
 *
 *   node --import tsx bench/forecast.ts <demo|large> <linear|random_forest|gradient_boosting> [repeats]
 */
import {
  evaluateAtOrigin,
  fitOnDays,
  holdoutSplit,
  rollingOriginFolds,
} from '../packages/ml-core/src/forecast/evaluate';
import {
  FEATURE_DEFAULTS,
  featureNames,
  featureSpec,
  lookbackDays,
} from '../packages/ml-core/src/forecast/features';
import { forecastModelFactory, forecastModelParams } from '../packages/ml-core/src/forecast/model-factory';
import {
  buildDailySeries,
  FORECAST_HISTORY_DAYS,
  forecastSales,
  type Regressor,
  SALES_FORECAST_ALGORITHMS,
  type SalesForecastAlgorithm,
  type SalesForecastArtifact,
  sliceSeries,
  TRAIN_SALES_FORECAST_DEFAULTS,
  trainSalesForecast,
} from '../packages/ml-core/src/index';
import type { DenseMatrix } from '../packages/ml-core/src/linalg/matrix';
import { toEpochDay } from '../packages/ml-core/src/time/days';
import { emit, isStoreName, median, peakRssMb, readInputs, timed } from './lib';

/** Seconds spent inside models, by kind of call. */
interface Clock {
  fit: number;
  /** One-row predictions: the recursive forecasts (one call per day ahead). */
  stepPredict: number;
  stepCalls: number;
  /** Many-row predictions: in-sample fits of the hold-out models. */
  batchPredict: number;
}

class TimedRegressor implements Regressor {
  constructor(
    private readonly inner: Regressor,
    private readonly clock: Clock,
  ) {}

  fit(X: DenseMatrix, y: ArrayLike<number>): this {
    const t0 = performance.now();
    this.inner.fit(X, y);
    this.clock.fit += (performance.now() - t0) / 1000;
    return this;
  }

  predict(X: DenseMatrix): Float64Array {
    const t0 = performance.now();
    const out = this.inner.predict(X);
    const seconds = (performance.now() - t0) / 1000;
    if (X.rows === 1) {
      this.clock.stepPredict += seconds;
      this.clock.stepCalls += 1;
    } else {
      this.clock.batchPredict += seconds;
    }
    return out;
  }

  toJSON() {
    return this.inner.toJSON();
  }
}

/** The steps of `trainSalesForecast` (train.ts), each timed, with every model call timed too. */
function breakdown(series: ReturnType<typeof buildDailySeries>, algorithm: SalesForecastAlgorithm) {
  const d = TRAIN_SALES_FORECAST_DEFAULTS;
  const days = series.amount.length;
  const spec = featureSpec(series.start, FEATURE_DEFAULTS);
  const startDay = toEpochDay(series.start);
  const split = holdoutSplit(days, d.testFraction, lookbackDays(spec));
  const make = forecastModelFactory(algorithm, forecastModelParams(algorithm), d.seed, featureNames(spec));
  const clock: Clock = { fit: 0, stepPredict: 0, stepCalls: 0, batchPredict: 0 };
  const createModel = () => new TimedRegressor(make(), clock);
  const targets = [series.amount, series.quantity];
  const holdout = timed(() => {
    for (const values of targets)
      evaluateAtOrigin(createModel, values, startDay, spec, split.cut, split.testDays);
  });
  const cv = timed(() => {
    for (const values of targets) {
      rollingOriginFolds(createModel, values, startDay, spec, {
        end: split.cut,
        folds: d.cvFolds,
        horizon: d.cvHorizon,
        minTrainRows: 56,
      });
    }
  });
  const refit = timed(() => {
    for (const values of targets) fitOnDays(createModel, values, startDay, spec, 0, days).toJSON();
  });
  return {
    holdoutS: holdout.seconds,
    cvS: cv.seconds,
    refitS: refit.seconds,
    fitS: clock.fit,
    stepPredictS: clock.stepPredict,
    stepCalls: clock.stepCalls,
    batchPredictS: clock.batchPredict,
  };
}

function main(): void {
  const [store, algorithm, repeatsArg] = process.argv.slice(2);
  if (!isStoreName(store) || !SALES_FORECAST_ALGORITHMS.includes(algorithm as SalesForecastAlgorithm)) {
    throw new Error(`usage: forecast.ts <demo|large> <${SALES_FORECAST_ALGORITHMS.join('|')}> [repeats]`);
  }
  const repeats = Math.max(1, Number(repeatsArg ?? 3));
  const inputs = readInputs(store);
  const series = buildDailySeries(inputs.daily, { from: inputs.from, to: inputs.to });
  const rssBeforeMb = peakRssMb();

  const trainSeconds: number[] = [];
  let training: ReturnType<typeof trainSalesForecast> | undefined;
  for (let r = 0; r < repeats; r += 1) {
    const run = timed(() => trainSalesForecast(series, { algorithm: algorithm as SalesForecastAlgorithm }));
    trainSeconds.push(run.seconds);
    training ??= run.value;
  }
  const { metrics } = training!;
  const json = JSON.stringify(training!.artifact);
  const artifactBytes = Buffer.byteLength(json);
  const rssAfterTrainMb = peakRssMb();

  // Served as the worker and the API do: the artifact read back from JSON, the last 28 days as history.
  const days = series.amount.length;
  const history = sliceSeries(series, days - FORECAST_HISTORY_DAYS, days);
  const predictSeconds: number[] = [];
  for (let r = 0; r < 6; r += 1) {
    const artifact = JSON.parse(json) as SalesForecastArtifact;
    predictSeconds.push(timed(() => forecastSales(artifact, history, 90)).seconds);
  }

  const steps = breakdown(series, algorithm as SalesForecastAlgorithm);
  emit({
    store,
    algorithm,
    days,
    trainSeconds,
    trainMedianS: median(trainSeconds),
    predictFirstS: predictSeconds[0],
    predictMedianS: median(predictSeconds.slice(1)),
    artifactBytes,
    rssBeforeMb,
    rssAfterTrainMb,
    metrics: {
      test_r2: metrics.test_r2,
      test_mae: metrics.test_mae,
      mase: metrics.mase,
      cv_r2_mean: metrics.cv_r2_mean,
      interval_coverage: metrics.interval_coverage,
      quantity_test_r2: metrics.quantity_test_r2,
      n_train_rows: metrics.n_train_rows,
      n_test_days: metrics.n_test_days,
    },
    steps,
  });
}

main();
