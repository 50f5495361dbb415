import { activeModel, productDemandOfModel } from '@boutique/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type System, startSystem, waitForJob } from '../../../test-support/system';

// One store, the three algorithms trained in turn through the queue; each must reload from the database
// and serve every horizon the guide names.
let system: System;
let token: string;
beforeAll(async () => {
  system = await startSystem();
  token = await system.token('admin');
});
afterAll(async () => {
  await system?.stop();
});

describe.each(['random_forest', 'gradient_boosting', 'linear'])('the %s sales forecast', (algorithm) => {
  let modelId: string;

  it('trains through the queue with held-out, baseline and cross-validation metrics', async () => {
    const posted = await system.request('POST', '/api/ml/train-sales-forecast/', {
      token,
      body: { model_type: algorithm },
    });
    expect(posted.status).toBe(202);
    const done = await waitForJob(system, posted.body.job_id, undefined, 120_000);
    expect(done.state, JSON.stringify(done.error)).toBe('completed');
    const m = done.result.metrics;
    expect(done.result.algorithm).toBe(algorithm);
    for (const key of ['train_r2', 'test_r2', 'test_rmse', 'test_mae', 'test_mape', 'mase', 'cv_r2_mean']) {
      expect(Number.isFinite(m[key]), key).toBe(true);
    }
    expect(m.baseline.method).toBe('seasonal_naive_weekly');
    expect(m.cv_r2_scores.length).toBeGreaterThanOrEqual(1);
    expect(m.interval_coverage).toBeGreaterThan(0.5);
    expect(m.interval_half_width_day30).toBeGreaterThanOrEqual(m.interval_half_width_day1);
    modelId = done.result.model_id;
    const active = await activeModel(system.database.db, 'sales_forecast');
    expect(active).toMatchObject({ id: modelId, algorithm });
  });

  it.each([7, 15, 30, 90])('serves a %i-day forecast from the stored model', async (days) => {
    const res = await system.request('POST', '/api/ml/predict-sales/', { token, body: { days_ahead: days } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ model_id: modelId, algorithm });
    expect(res.body.predictions).toHaveLength(days);
    expect(res.body.summary.days_ahead).toBe(days);
    for (const d of res.body.predictions) {
      expect(d.predicted_sales).toBeGreaterThanOrEqual(0);
      expect(d.confidence_lower).toBeLessThanOrEqual(d.predicted_sales);
      expect(d.confidence_upper).toBeGreaterThan(d.confidence_lower);
    }
  });

  it('stores expected demand for every active product, never negative', async () => {
    const rows = await productDemandOfModel(system.database.db, modelId);
    const [{ n }] = (await system.database
      .sql`select count(*)::int as n from products where active`) as unknown as [{ n: number }];
    expect(rows).toHaveLength(n);
    expect(rows.every((r) => r.dailyMean7 >= 0 && r.demand30 >= 0)).toBe(true);
    expect(rows.some((r) => r.source === 'product_history')).toBe(true);
    expect(rows.some((r) => r.source === 'category_pooled')).toBe(true);
  });
});

describe('confidence levels', () => {
  it('widen the interval for a higher level and refuse levels out of range', async () => {
    const at = async (confidence_level: number) =>
      system.request('POST', '/api/ml/predict-sales/', { token, body: { days_ahead: 7, confidence_level } });
    const narrow = await at(0.5);
    const wide = await at(0.95);
    expect(narrow.body.summary.confidence_level).toBe(0.5);
    const width = (r: typeof narrow) =>
      r.body.predictions[3].confidence_upper - r.body.predictions[3].confidence_lower;
    expect(width(wide)).toBeGreaterThan(width(narrow));
    const bad = await at(1.5);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.body[0].field).toBe('confidence_level');
  });
});
