import { describe, expect, it } from 'vitest';
import { InsufficientDataError } from '../errors';
import { boutiqueSales, seriesFrom } from '../testing/synthetic';
import { addDays } from '../time/days';
import { SALES_FORECAST_ALGORITHMS } from './artifact';
import { forecastSales } from './predict';
import { sliceSeries } from './series';
import { trainSalesForecast } from './train';

const sales = boutiqueSales({ days: 500, seed: 3 });

describe('trainSalesForecast (linear)', () => {
  const trained = trainSalesForecast(sales, { algorithm: 'linear', seed: 42 });

  it('learns the weekly and seasonal pattern well enough to beat the mean on held-out days', () => {
    const m = trained.metrics;
    expect(m.n_test_days).toBe(100);
    expect(m.test_from).toBe(addDays(sales.start, 400));
    // A model that learned nothing scores R² ≤ 0 on the test window; the weekday pattern alone is worth more.
    expect(m.test_r2).toBeGreaterThan(0.3);
    expect(m.train_r2).toBeGreaterThan(m.test_r2 - 0.2);
    expect(m.test_mae).toBeGreaterThan(0);
    expect(m.test_rmse).toBeGreaterThanOrEqual(m.test_mae);
    expect(m.interval_coverage).toBeGreaterThan(0.6);
    expect(trained.recordsUsed).toBe(500);
    // The seasonal-naive forecast is scored on the same days; the model must beat it on this series.
    expect(m.baseline.test_mae).toBeGreaterThan(0);
    expect(m.mase).toBeCloseTo(m.test_mae / m.baseline.test_mae, 3);
    expect(m.mase).toBeLessThan(1);
    expect(m.cv_folds).toBe(4);
    expect(m.cv_r2_scores).toHaveLength(4);
    expect(m.cv_r2_mean).toBeGreaterThan(0);
  });

  it('is deterministic: the same data and seed give the same artifact', () => {
    const again = trainSalesForecast(sales, { algorithm: 'linear', seed: 42 });
    expect(JSON.stringify(again.artifact)).toBe(JSON.stringify(trained.artifact));
    expect(again.metrics).toEqual(trained.metrics);
  });

  it('never reads the test window when fitting the evaluated model', () => {
    // Scramble every value after the cut-off: the in-sample fit must not move; the test score must.
    const changed = { ...sales, amount: sales.amount.slice(), quantity: sales.quantity.slice() };
    for (let i = 400; i < 500; i += 1) changed.amount[i] = changed.amount[i]! * 3 + 50;
    const other = trainSalesForecast(changed, { algorithm: 'linear', seed: 42 });
    expect(other.metrics.train_r2).toBe(trained.metrics.train_r2);
    expect(other.metrics.cv_r2_scores).toEqual(trained.metrics.cv_r2_scores);
    expect(other.metrics.baseline.test_mae).not.toBe(trained.metrics.baseline.test_mae);
    expect(other.metrics.test_r2).not.toBe(trained.metrics.test_r2);
  });

  it('survives through JSON and forecasts non-negative days with intervals around them', () => {
    const artifact = JSON.parse(JSON.stringify(trained.artifact));
    const forecast = forecastSales(artifact, sales, 30);
    expect(forecast.predictions).toHaveLength(30);
    expect(forecast.predictions[0]!.date).toBe(addDays(sales.end, 1));
    expect(forecast.summary.end_date).toBe(addDays(sales.end, 30));
    for (const day of forecast.predictions) {
      expect(day.predicted_sales).toBeGreaterThanOrEqual(0);
      expect(day.predicted_quantity).toBeGreaterThanOrEqual(0);
      expect(day.confidence_lower).toBeLessThanOrEqual(day.predicted_sales);
      expect(day.confidence_upper).toBeGreaterThan(day.predicted_sales);
    }
    const total = forecast.predictions.reduce((s, d) => s + d.predicted_sales, 0);
    expect(forecast.summary.total_predicted_sales).toBeCloseTo(total, 1);
    // Saturdays sell more than Mondays in the synthetic store; the forecast must show that rhythm.
    const byWeekday = (dow: number) =>
      forecast.predictions.filter((d) => new Date(`${d.date}T00:00:00Z`).getUTCDay() === dow);
    const mean = (days: typeof forecast.predictions) =>
      days.reduce((s, d) => s + d.predicted_sales, 0) / days.length;
    expect(mean(byWeekday(6))).toBeGreaterThan(mean(byWeekday(1)) * 1.3);
  });

  it('refuses fewer than 60 days of history with the count found and needed', () => {
    const short = sliceSeries(sales, 0, 59);
    const error = (() => {
      try {
        trainSalesForecast(short, { algorithm: 'linear' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InsufficientDataError);
    expect(error).toMatchObject({ found: 59, needed: 60 });
  });

  it('counts history from the first sale, and treats gaps as zero sales rather than failing', () => {
    const quietStart = seriesFrom('2024-01-01', 120, (t) => (t < 70 ? 0 : 100 + (t % 7) * 10));
    expect(() => trainSalesForecast(quietStart, { algorithm: 'linear' })).toThrow(InsufficientDataError);
    const withGaps = seriesFrom('2024-01-01', 200, (t) => (t % 10 === 3 ? 0 : 100 + (t % 7) * 10));
    expect(trainSalesForecast(withGaps, { algorithm: 'linear' }).metrics.test_r2).toBeGreaterThan(0);
  });
});

const WEEK = [100, 120, 90, 150, 200, 300, 80];
const pureWeekly = seriesFrom('2024-01-01', 300, (t) => WEEK[t % 7]!);
const growing = seriesFrom('2024-01-01', 300, (t) => 100 + t + (t % 7) * 10);

describe.each(SALES_FORECAST_ALGORITHMS)('trainSalesForecast (%s)', (algorithm) => {
  it('learns a pure weekly pattern almost exactly (test MAPE < 5%)', () => {
    const { metrics } = trainSalesForecast(pureWeekly, { algorithm, cvFolds: 2 });
    expect(metrics.test_mape).toBeLessThan(0.05);
    // Repeating last week is exact here, so there is no ratio to report.
    expect(metrics.baseline.test_mae).toBe(0);
    expect(metrics.mase).toBeNull();
  });

  it('carries a trend forward instead of forecasting flat', () => {
    const { artifact } = trainSalesForecast(growing, { algorithm, cvFolds: 2 });
    const forecast = forecastSales(artifact, growing, 56);
    const firstWeek = forecast.predictions.slice(0, 7).reduce((s, d) => s + d.predicted_sales, 0);
    const lastWeek = forecast.predictions.slice(49, 56).reduce((s, d) => s + d.predicted_sales, 0);
    // The series grows 1/day: 49 days later each day should be ~49 higher (343 a week); flat would be ~0.
    expect(lastWeek - firstWeek).toBeGreaterThan(250);
  });

  it('gives the same model for the same seed and predicts the same after a JSON round trip', () => {
    const a = trainSalesForecast(sales, { algorithm, cvFolds: 1 });
    const b = trainSalesForecast(sales, { algorithm, cvFolds: 1 });
    expect(JSON.stringify(b.artifact)).toBe(JSON.stringify(a.artifact));
    const reloaded = JSON.parse(JSON.stringify(a.artifact));
    expect(forecastSales(reloaded, sales, 14)).toEqual(forecastSales(a.artifact, sales, 14));
  });

  it('never reads days after the cut-off when fitting and scoring the evaluated model', () => {
    const base = trainSalesForecast(sales, { algorithm, cvFolds: 2 });
    const changed = { ...sales, amount: sales.amount.slice(), quantity: sales.quantity.slice() };
    for (let i = 400; i < 500; i += 1) changed.amount[i] = 0;
    const other = trainSalesForecast(changed, { algorithm, cvFolds: 2 });
    expect(other.metrics.train_r2).toBe(base.metrics.train_r2);
    expect(other.metrics.cv_r2_scores).toEqual(base.metrics.cv_r2_scores);
  });
});

describe('prediction intervals of the served model', () => {
  it('cover 70–90% of fresh days at the 80% level, and more at 95%', () => {
    // Train on the first 900 days, then forecast 28 days from many later origins and count hits.
    const long = boutiqueSales({ days: 1500, seed: 2, trendPerYear: 0.1 });
    const { artifact } = trainSalesForecast(sliceSeries(long, 0, 900), { algorithm: 'linear' });
    const coverage = (level: number) => {
      let inside = 0;
      let total = 0;
      for (let origin = 900; origin + 28 <= 1500; origin += 14) {
        const forecast = forecastSales(artifact, sliceSeries(long, 0, origin), 28, level);
        forecast.predictions.forEach((day, h) => {
          const actual = long.amount[origin + h]!;
          total += 1;
          if (actual >= day.confidence_lower && actual <= day.confidence_upper) inside += 1;
        });
      }
      return inside / total;
    };
    const at80 = coverage(0.8);
    expect(at80).toBeGreaterThan(0.7);
    expect(at80).toBeLessThan(0.9);
    expect(coverage(0.95)).toBeGreaterThan(at80 + 0.05);
  });
});
