import { InsufficientDataError } from '../errors';
import { type Regressor, regressorFromJSON } from '../models';
import { roundTo } from '../numbers';
import { fromEpochDay, toEpochDay } from '../time/days';
import { checkSalesForecastArtifact, type SalesForecastArtifact } from './artifact';
import { FEATURE_DEFAULTS, lookbackDays } from './features';
import { halfWidthAt } from './intervals';
import { recursiveForecast } from './recursive';
import { type DailySeries, seriesLength } from './series';

/** Days of recent history `forecastSales` needs (the longest lag or rolling window); load at least this many. */
export const FORECAST_HISTORY_DAYS = lookbackDays(FEATURE_DEFAULTS);

/** One forecast day, in the API's words. Money has 2 decimals, units are whole. */
export interface ForecastDay {
  date: string;
  predicted_sales: number;
  predicted_quantity: number;
  confidence_lower: number;
  confidence_upper: number;
}

export interface SalesForecast {
  predictions: ForecastDay[];
  summary: {
    total_predicted_sales: number;
    avg_daily_sales: number;
    /** Sum of the daily (rounded) predicted quantities. */
    total_predicted_quantity: number;
    avg_daily_quantity: number;
    days_ahead: number;
    confidence_level: number;
    start_date: string;
    end_date: string;
  };
}

/** A stored forecast artifact checked and with its models rebuilt once, ready to forecast many times. */
export interface LoadedSalesForecast {
  artifact: SalesForecastArtifact;
  models: { amount: Regressor; quantity: Regressor };
}

/**
 * Checks an artifact and rebuilds its regressors. A forest is megabytes of JSON, so a server keeps the
 * loaded model for as long as it is active instead of rebuilding it on every request.
 */
export function loadSalesForecast(artifact: unknown): LoadedSalesForecast {
  const checked = checkSalesForecastArtifact(artifact);
  return {
    artifact: checked,
    models: {
      amount: regressorFromJSON(checked.models.amount),
      quantity: regressorFromJSON(checked.models.quantity),
    },
  };
}

/**
 * Forecasts the `daysAhead` days after `history.end`, recursively (each day's prediction becomes a lag
 * for the next). `history` must cover at least the artifact's lookback; only its last days are read.
 * Intervals have nominal coverage `confidenceLevel` (default: the level the model was trained with) and
 * widen with the horizon. Takes a stored artifact or a model loaded by `loadSalesForecast`.
 */
export function forecastSales(
  model: SalesForecastArtifact | LoadedSalesForecast,
  history: DailySeries,
  daysAhead: number,
  confidenceLevel?: number,
): SalesForecast {
  const loaded = 'models' in model && 'artifact' in model ? model : loadSalesForecast(model);
  const checked = loaded.artifact;
  if (!Number.isInteger(daysAhead) || daysAhead < 1) {
    throw new RangeError(`daysAhead must be a whole number ≥ 1, got ${daysAhead}`);
  }
  const level = confidenceLevel ?? checked.intervals.amount.level;
  if (!(level > 0 && level < 1))
    throw new RangeError(`confidenceLevel must be between 0 and 1, got ${level}`);
  const spec = checked.features;
  const known = seriesLength(history);
  const needed = lookbackDays(spec);
  if (known < needed) throw new InsufficientDataError('days of recent sales history', known, needed);
  for (const values of [history.amount, history.quantity]) {
    for (let i = known - needed; i < known; i += 1) {
      if (!Number.isFinite(values[i])) throw new RangeError('recent sales history holds non-finite values');
    }
  }

  const startDay = toEpochDay(history.start);
  const amount = recursiveForecast(loaded.models.amount, history.amount, known, startDay, spec, daysAhead);
  const quantity = recursiveForecast(
    loaded.models.quantity,
    history.quantity,
    known,
    startDay,
    spec,
    daysAhead,
  );

  const predictions: ForecastDay[] = [];
  let totalSales = 0;
  let totalQuantity = 0;
  for (let h = 0; h < daysAhead; h += 1) {
    const sales = amount[h]!;
    const width = halfWidthAt(checked.intervals.amount, h + 1, level);
    const day: ForecastDay = {
      date: fromEpochDay(startDay + known + h),
      predicted_sales: roundTo(sales, 2),
      predicted_quantity: Math.round(quantity[h]!),
      confidence_lower: roundTo(Math.max(0, sales - width), 2),
      confidence_upper: roundTo(sales + width, 2),
    };
    totalSales += day.predicted_sales;
    totalQuantity += day.predicted_quantity;
    predictions.push(day);
  }
  return {
    predictions,
    summary: {
      total_predicted_sales: roundTo(totalSales, 2),
      avg_daily_sales: roundTo(totalSales / daysAhead, 2),
      total_predicted_quantity: totalQuantity,
      avg_daily_quantity: roundTo(totalQuantity / daysAhead, 2),
      days_ahead: daysAhead,
      confidence_level: level,
      start_date: predictions[0]!.date,
      end_date: predictions[predictions.length - 1]!.date,
    },
  };
}
