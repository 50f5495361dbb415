// The public API of @boutique/ml-core: apps import only from here.

export * from './clv/index';
export {
  type DemandProduct,
  type DemandSource,
  PRODUCT_DEMAND_DEFAULTS,
  type ProductDemand,
  type ProductDemandOptions,
  type ProductSalesDay,
  productDemand,
} from './demand/product-demand';
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
export { HORIZON_BUCKETS, type IntervalCalibration } from './forecast/intervals';
export { FORECAST_MODEL_DEFAULTS, type ForecastModelParams } from './forecast/model-factory';
export {
  FORECAST_HISTORY_DAYS,
  type ForecastDay,
  forecastSales,
  type LoadedSalesForecast,
  loadSalesForecast,
  type SalesForecast,
} from './forecast/predict';
export { buildDailySeries, type DailySalesRow, type DailySeries, sliceSeries } from './forecast/series';
export {
  FORECAST_MIN_HISTORY_DAYS,
  type SalesForecastMetrics,
  type SalesForecastTraining,
  TRAIN_SALES_FORECAST_DEFAULTS,
  type TrainSalesForecastOptions,
  trainSalesForecast,
} from './forecast/train';
export {
  ALERT_TYPES,
  type AlertType,
  analyzeInventory,
  economicOrderQuantity,
  HEALTH_THRESHOLDS,
  HEALTH_WEIGHTS,
  INVENTORY_DEFAULTS,
  type InventoryAlert,
  type InventoryAnalysis,
  type InventoryHealth,
  type InventoryOptions,
  type InventoryProduct,
  type InventorySummary,
  inventoryHealth,
  orderQuantity,
  type ProductInventoryAnalysis,
  REORDER_PRIORITIES,
  type ReorderPriority,
  type ReorderRecommendation,
  type ReorderRecommendations,
  reorderPoint,
  reorderRecommendations,
  safetyStock,
  stockoutDate,
  zForServiceLevel,
} from './inventory/index';
export { mae, mape, r2, rmse, smape } from './metrics/regression';
export {
  type DetrendedJSON,
  DetrendedRegressor,
  type Regressor,
  type RegressorJSON,
  RIDGE_DEFAULTS,
  type RidgeJSON,
  type RidgeOptions,
  RidgeRegression,
  regressorFromJSON,
} from './models/index';
export * from './recommend/index';
export * from './segment/index';
export { addDays, dayOfWeek, daysBetween, isIsoDay, isoWeek, toEpochDay } from './time/days';
export {
  GRADIENT_BOOSTING_DEFAULTS,
  type GradientBoostingJSON,
  type GradientBoostingOptions,
  GradientBoostingRegressor,
  RANDOM_FOREST_DEFAULTS,
  type RandomForestJSON,
  type RandomForestOptions,
  RandomForestRegressor,
} from './trees';
