// The public API of @boutique/ml-core: apps import only from here.

export { InsufficientDataError } from './errors';
export {
  checkSalesForecastArtifact,
  SALES_FORECAST_ALGORITHMS,
  SALES_FORECAST_ARTIFACT_FORMAT,
  SALES_FORECAST_ARTIFACT_VERSION,
  type SalesForecastAlgorithm,
  type SalesForecastArtifact,
  type SalesForecastParams,
} from './forecast/artifact';
export { FEATURE_DEFAULTS, type FeatureOptions, type FeatureSpec, featureNames } from './forecast/features';
export type { IntervalCalibration } from './forecast/intervals';
export {
  FORECAST_HISTORY_DAYS,
  type ForecastDay,
  forecastSales,
  type SalesForecast,
} from './forecast/predict';
export { buildDailySeries, type DailySalesRow, type DailySeries } from './forecast/series';
export {
  FORECAST_MIN_HISTORY_DAYS,
  type SalesForecastMetrics,
  type SalesForecastTraining,
  TRAIN_SALES_FORECAST_DEFAULTS,
  type TrainSalesForecastOptions,
  trainSalesForecast,
} from './forecast/train';
export { mae, mape, r2, rmse, smape } from './metrics/regression';
export {
  type Regressor,
  type RegressorJSON,
  RIDGE_DEFAULTS,
  type RidgeJSON,
  type RidgeOptions,
  RidgeRegression,
  regressorFromJSON,
} from './models/index';
export { addDays, dayOfWeek, daysBetween, isIsoDay, isoWeek } from './time/days';
