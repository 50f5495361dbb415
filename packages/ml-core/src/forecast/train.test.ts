import { describe, expect, it } from 'vitest';
import { InsufficientDataError } from '../errors';
import { boutiqueSales, seriesFrom } from '../testing/synthetic';
import { addDays } from '../time/days';
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
