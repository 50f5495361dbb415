import { activeModel, dailySales, recordPrediction } from '@boutique/db';
import {
  addDays,
  buildDailySeries,
  FORECAST_HISTORY_DAYS,
  forecastSales,
  type LoadedSalesForecast,
  loadSalesForecast,
} from '@boutique/ml-core';
import { AppError } from '@boutique/shared';
import type { AppDeps } from '../context';
import { cachedActiveModel } from './active-model';
import { resolveAsOf } from './as-of';

// Models are immutable once stored, so the loaded model (checked, regressors rebuilt) is kept for as long
// as its id is active; a forest's artifact is megabytes of JSON, so requests only read the active id.
let cached: { id: string; model: LoadedSalesForecast } | null = null;

async function activeForecastModel(deps: AppDeps) {
  const { db } = deps.database;
  const ref = await cachedActiveModel(deps, 'sales_forecast');
  if (!ref) {
    throw new AppError(
      'model_not_found',
      'No sales forecast model yet: train the model first: POST /api/ml/train-sales-forecast/',
    );
  }
  if (cached?.id !== ref.id) {
    const model = await activeModel(db, 'sales_forecast');
    if (!model) return activeForecastModel(deps); // replaced between the two reads: look again
    try {
      cached = { id: model.id, model: loadSalesForecast(model.artifact) };
    } catch (err) {
      throw new AppError(
        'model_not_found',
        `The active sales forecast model cannot be used (${(err as Error).message}): ` +
          'train it again: POST /api/ml/train-sales-forecast/',
      );
    }
  }
  return { ...ref, loaded: cached.model };
}

/** Forecasts daily sales for the next `daysAhead` days from the active model, and records the request. */
export async function predictSales(
  deps: AppDeps,
  daysAhead: number,
  confidenceLevel: number | undefined,
  userId: string | null,
) {
  const { db } = deps.database;
  const model = await activeForecastModel(deps);
  const timezone = deps.config.STORE_TIMEZONE;
  const asOf = await resolveAsOf(db, timezone, deps.config.AS_OF);
  const from = addDays(asOf, -FORECAST_HISTORY_DAYS);
  const to = addDays(asOf, -1);
  const history = buildDailySeries(await dailySales(db, { from, to, timezone }), { from, to });
  const forecast = forecastSales(model.loaded, history, daysAhead, confidenceLevel);
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
    input: { days_ahead: daysAhead, confidence_level: forecast.summary.confidence_level, as_of: asOf },
    output: { summary: forecast.summary, predictions: forecast.predictions },
    userId,
  });
  return response;
}
