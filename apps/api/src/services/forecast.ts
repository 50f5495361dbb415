import { activeModel, dailySales, recordPrediction } from '@boutique/db';
import {
  addDays,
  buildDailySeries,
  FORECAST_HISTORY_DAYS,
  forecastSales,
  type SalesForecastArtifact,
} from '@boutique/ml-core';
import { AppError } from '@boutique/shared';
import type { AppDeps } from '../context';
import { resolveAsOf } from './as-of';

// Models are immutable once stored, so a parsed artifact can be kept for as long as its id is active.
const artifactCache = new Map<string, SalesForecastArtifact>();

/** Forecasts daily sales for the next `daysAhead` days from the active model, and records the request. */
export async function predictSales(deps: AppDeps, daysAhead: number, userId: string | null) {
  const { db } = deps.database;
  const model = await activeModel(db, 'sales_forecast');
  if (!model) {
    throw new AppError(
      'model_not_found',
      'No sales forecast model yet: train the model first: POST /api/ml/train-sales-forecast/',
    );
  }
  let artifact = artifactCache.get(model.id);
  if (!artifact) {
    artifact = model.artifact as SalesForecastArtifact;
    artifactCache.clear();
    artifactCache.set(model.id, artifact);
  }
  const timezone = deps.config.STORE_TIMEZONE;
  const asOf = await resolveAsOf(db, timezone, deps.config.AS_OF);
  const from = addDays(asOf, -FORECAST_HISTORY_DAYS);
  const to = addDays(asOf, -1);
  const history = buildDailySeries(await dailySales(db, { from, to, timezone }), { from, to });
  const forecast = forecastSales(artifact, history, daysAhead);
  const response = {
    model_id: model.id,
    model_version: model.version,
    algorithm: model.algorithm,
    as_of: asOf,
    predictions: forecast.predictions,
    summary: forecast.summary,
  };
  await recordPrediction(db, {
    modelId: model.id,
    predictionType: 'sales_forecast',
    input: { days_ahead: daysAhead, as_of: asOf },
    output: { summary: forecast.summary, predictions: forecast.predictions },
    userId,
  });
  return response;
}
