import { activeModel, trainingLogsOfJob } from '@boutique/db';
import { predictions } from '@boutique/db/schema';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type System, startSystem, waitForJob } from '../../../test-support/system';

// The worker pauses after loading data so that "a second POST while one is running" is observable.
let system: System;
let token: string;
beforeAll(async () => {
  system = await startSystem({ workerEnv: { TEST_PAUSE_AFTER_LOAD_MS: '1500' } });
  token = await system.token('admin');
});
afterAll(async () => {
  await system?.stop();
});

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

describe('a store admin trains the sales forecast and reads a 30-day forecast', () => {
  it('has no forecast before the first training and says how to get one', async () => {
    const res = await system.request('POST', '/api/ml/predict-sales/', { token, body: { days_ahead: 7 } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('model_not_found');
    expect(res.body.error.message).toContain('POST /api/ml/train-sales-forecast/');
  });

  let jobId: string;
  it('accepts the training with 202 and returns the same job while it is running', async () => {
    const first = await system.request('POST', '/api/ml/train-sales-forecast/', {
      token,
      body: { model_type: 'linear' },
    });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ success: true, existing: false });
    jobId = first.body.job_id;
    expect(first.body.status_url).toBe(`/api/ml/jobs/${jobId}/`);
    await waitForJob(system, jobId, (s) => s.state === 'active');
    const second = await system.request('POST', '/api/ml/train-sales-forecast/', { token, body: {} });
    expect(second.status).toBe(202);
    expect(second.body).toMatchObject({ job_id: jobId, existing: true });
  });

  it('reports progress and ends with the model id, held-out metrics and duration', async () => {
    const running = await waitForJob(system, jobId, (s) => s.progress >= 25 || s.state === 'completed');
    expect(running.progress).toBeGreaterThanOrEqual(25);
    const done = await waitForJob(system, jobId);
    expect(done.state, JSON.stringify(done.error)).toBe('completed');
    expect(done).toMatchObject({
      name: 'train-sales-forecast',
      queue: 'training',
      progress: 100,
      attempts: 1,
    });
    const result = done.result;
    expect(result.model_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.version).toBe(1);
    for (const key of ['train_r2', 'test_r2', 'test_rmse', 'test_mae']) {
      expect(Number.isFinite(result.metrics[key]), key).toBe(true);
    }
    expect(result.metrics.test_rmse).toBeGreaterThan(0);
    expect(result.duration_seconds).toBeGreaterThan(0);

    const model = await activeModel(system.database.db, 'sales_forecast');
    expect(model?.id).toBe(result.model_id);
    const logs = await trainingLogsOfJob(system.database.db, jobId);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ status: 'completed', modelId: result.model_id });
  });

  it('forecasts the 30 days after the last sale with intervals and a consistent summary', async () => {
    const res = await system.request('POST', '/api/ml/predict-sales/', { token, body: { days_ahead: 30 } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { predictions: days, summary, as_of } = res.body;
    expect(days).toHaveLength(30);
    expect(days[0].date).toBe(as_of);
    days.forEach((d: any, i: number) => {
      expect(d.date).toBe(addDays(as_of, i));
      expect(d.predicted_sales).toBeGreaterThanOrEqual(0);
      expect(d.predicted_quantity).toBeGreaterThanOrEqual(0);
      expect(d.confidence_lower).toBeLessThanOrEqual(d.predicted_sales);
      expect(d.confidence_upper).toBeGreaterThanOrEqual(d.predicted_sales);
      expect(d.confidence_upper).toBeGreaterThan(d.confidence_lower);
    });
    const total = days.reduce((a: number, d: any) => a + d.predicted_sales, 0);
    expect(summary.total_predicted_sales).toBeCloseTo(total, 0);
    expect(summary.total_predicted_quantity).toBe(
      days.reduce((a: number, d: any) => a + d.predicted_quantity, 0),
    );
    expect(summary.avg_daily_sales).toBeCloseTo(total / 30, 0);
    // The store sells every week: a forecast of nothing would mean a broken model.
    expect(total).toBeGreaterThan(0);

    const [recorded] = await system.database.db.select({ n: count() }).from(predictions);
    expect(recorded?.n).toBe(1);
  });

  it('refuses a bad horizon or model type with a 400 naming the field', async () => {
    const cases: [string, unknown, string][] = [
      ['/api/ml/predict-sales/', { days_ahead: 0 }, 'days_ahead'],
      ['/api/ml/predict-sales/', { days_ahead: 91 }, 'days_ahead'],
      ['/api/ml/predict-sales/', { days_ahead: 'thirty' }, 'days_ahead'],
      ['/api/ml/predict-sales/', { days_ahead: 1.5 }, 'days_ahead'],
      ['/api/ml/predict-sales/', { days: 7 }, '(body)'],
      ['/api/ml/train-sales-forecast/', { model_type: 'neural_net' }, 'model_type'],
    ];
    for (const [path, body, field] of cases) {
      const res = await system.request('POST', path, { token, body });
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.error.code).toBe('validation_error');
      expect(res.body.error.details.body.map((p: any) => p.field)).toContain(field);
    }
  });

  it('refuses a body that is not JSON', async () => {
    const res = await system.request('POST', '/api/ml/predict-sales/', { token, body: '{"days_ahead":' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_error');
    const text = await system.request('POST', '/api/ml/predict-sales/', {
      token,
      body: 'days_ahead=7',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(400);
  });
});
