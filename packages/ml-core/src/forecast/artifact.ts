import type { RegressorJSON } from '../models/regressor';
import { isIsoDay } from '../time/days';
import { type FeatureSpec, featureNames } from './features';
import type { IntervalCalibration } from './intervals';

/** Forecast algorithms ml-core can train; the next ones are added here and in `train.ts`'s model factory. */
export const SALES_FORECAST_ALGORITHMS = ['linear', 'random_forest', 'gradient_boosting'] as const;
export type SalesForecastAlgorithm = (typeof SALES_FORECAST_ALGORITHMS)[number];

export const SALES_FORECAST_ARTIFACT_FORMAT = 'boutique-ml/sales-forecast';
/** Bumped whenever a stored artifact would be read differently; readers refuse versions they do not know. */
export const SALES_FORECAST_ARTIFACT_VERSION = 2;

/** The hyper-parameters a model was trained with, all defaults filled in. */
export interface SalesForecastParams {
  testFraction: number;
  confidenceLevel: number;
  seed: number;
  /** Rolling-origin cross-validation: number of folds and days forecast per fold. */
  cvFolds: number;
  cvHorizon: number;
  /** The chosen algorithm's own hyper-parameters (ridge alpha, forest and boosting settings). */
  model: Record<string, number | boolean>;
}

/**
 * A trained sales forecast as plain JSON (stored in a jsonb column): everything `forecastSales` needs,
 * and nothing that would not survive `JSON.parse(JSON.stringify(...))` unchanged.
 */
export interface SalesForecastArtifact {
  format: typeof SALES_FORECAST_ARTIFACT_FORMAT;
  version: typeof SALES_FORECAST_ARTIFACT_VERSION;
  algorithm: SalesForecastAlgorithm;
  params: SalesForecastParams;
  /** The feature pipeline's settings and its column names, in order. */
  features: FeatureSpec & { names: string[] };
  /** One model per target, both refit on all days. */
  models: { amount: RegressorJSON; quantity: RegressorJSON };
  /** Out-of-sample residuals per target and horizon bucket (cross-validation folds and the hold-out). */
  intervals: { amount: IntervalCalibration; quantity: IntervalCalibration };
  /** The days the served models were fitted on. */
  trainedOn: { from: string; to: string; days: number };
}

/** Returns `value` typed as an artifact after checking the parts forecasting relies on; throws TypeError otherwise. */
export function checkSalesForecastArtifact(value: unknown): SalesForecastArtifact {
  const a = value as Partial<SalesForecastArtifact> | null;
  if (a?.format !== SALES_FORECAST_ARTIFACT_FORMAT || a.version !== SALES_FORECAST_ARTIFACT_VERSION) {
    throw new TypeError(
      `not a sales forecast artifact of format ${SALES_FORECAST_ARTIFACT_FORMAT} version ` +
        `${SALES_FORECAST_ARTIFACT_VERSION} (got ${JSON.stringify(a?.format)} version ${JSON.stringify(a?.version)}); retrain the model`,
    );
  }
  if (!SALES_FORECAST_ALGORITHMS.includes(a.algorithm as SalesForecastAlgorithm)) {
    throw new TypeError(`unknown sales forecast algorithm ${JSON.stringify(a.algorithm)}`);
  }
  const features = a.features;
  if (!features || !isIsoDay(features.trendOrigin) || !(features.trendScaleDays > 0)) {
    throw new TypeError('sales forecast artifact has no valid feature spec');
  }
  const expected = featureNames(features);
  if (features.names?.length !== expected.length || expected.some((name, j) => features.names[j] !== name)) {
    throw new TypeError(
      'sales forecast artifact was built with a different feature pipeline; retrain the model',
    );
  }
  if (!a.models?.amount || !a.models.quantity)
    throw new TypeError('sales forecast artifact lacks its models');
  for (const interval of [a.intervals?.amount, a.intervals?.quantity]) {
    const residuals = interval?.buckets?.flatMap((b) => b.residuals) ?? [];
    if (residuals.length === 0 || !residuals.every((r) => Number.isFinite(r) && r >= 0)) {
      throw new TypeError('sales forecast artifact lacks valid interval residuals');
    }
  }
  return a as SalesForecastArtifact;
}
