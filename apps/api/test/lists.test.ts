import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type System, startSystem, waitForJob } from '../../../test-support/system';

let system: System;
let token: string;
const modelIds: string[] = [];
beforeAll(async () => {
  // No follow-up inventory analysis: this file counts alerts and expects none.
  system = await startSystem({ workerEnv: { INVENTORY_AFTER_FORECAST: 'false' } });
  token = await system.token('admin');
  // Two versions of the forecast and a few served predictions to list.
  for (const model_type of ['linear', 'gradient_boosting']) {
    const posted = await system.request('POST', '/api/ml/train-sales-forecast/', {
      token,
      body: { model_type },
    });
    const done = await waitForJob(system, posted.body.job_id, undefined, 120_000);
    expect(done.state, JSON.stringify(done.error)).toBe('completed');
    modelIds.push(done.result.model_id);
  }
  for (const days_ahead of [7, 14, 30]) {
    await system.request('POST', '/api/ml/predict-sales/', { token, body: { days_ahead } });
  }
}, 180_000);
afterAll(async () => {
  await system?.stop();
});

const get = (path: string) => system.request('GET', path, { token });

describe('GET /api/ml/models/', () => {
  it('pages with count, next and previous, newest first, without artifacts', async () => {
    const first = await get('/api/ml/models/?page_size=1');
    expect(first.status).toBe(200);
    expect(first.body.count).toBe(2);
    expect(first.body.results).toHaveLength(1);
    expect(first.body.results[0].id).toBe(modelIds[1]);
    expect(first.body.results[0].artifact).toBeUndefined();
    expect(first.body.previous).toBeNull();
    const second = await get(first.body.next);
    expect(second.body.results[0].id).toBe(modelIds[0]);
    expect(second.body.next).toBeNull();
    expect(second.body.previous).toContain('page=1');
  });

  it('filters by type and activity and refuses unknown values', async () => {
    const active = await get('/api/ml/models/?model_type=sales_forecast&is_active=true');
    expect(active.body.count).toBe(1);
    expect(active.body.results[0]).toMatchObject({ id: modelIds[1], is_active: true, version: 2 });
    expect((await get('/api/ml/models/?model_type=product_recommendation')).body.count).toBe(0);
    for (const query of [
      'model_type=weather',
      'is_active=maybe',
      'page=0',
      'page_size=101',
      'ordering=name',
      'x=1',
    ]) {
      const res = await get(`/api/ml/models/?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('validation_error');
    }
  });

  it('shows one model with its metrics and artifact size; 404 unknown, 400 malformed', async () => {
    const res = await get(`/api/ml/models/${modelIds[0]}/`);
    expect(res.status).toBe(200);
    expect(res.body.metrics.test_mae).toBeGreaterThan(0);
    expect(res.body.artifact_bytes).toBeGreaterThan(100);
    expect((await get(`/api/ml/models/${randomUUID()}/`)).status).toBe(404);
    expect((await get('/api/ml/models/42/')).status).toBe(400);
  });

  it('rolls back to an older version in one step, and forecasts come from it', async () => {
    const res = await system.request('POST', `/api/ml/models/${modelIds[0]}/activate/`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.model).toMatchObject({ id: modelIds[0], is_active: true });
    const active = await get('/api/ml/models/?is_active=true');
    expect(active.body.results.map((m: any) => m.id)).toEqual([modelIds[0]]);
    const forecast = await system.request('POST', '/api/ml/predict-sales/', {
      token,
      body: { days_ahead: 3 },
    });
    expect(forecast.body.model_id).toBe(modelIds[0]);
    expect((await system.request('POST', `/api/ml/models/${randomUUID()}/activate/`, { token })).status).toBe(
      404,
    );
  });
});

describe('predictions and training logs', () => {
  it('list the served predictions, newest first, with their input', async () => {
    const res = await get('/api/ml/predictions/?page_size=2');
    expect(res.body.count).toBeGreaterThanOrEqual(3);
    expect(res.body.results).toHaveLength(2);
    const detail = await get(`/api/ml/predictions/${res.body.results[0].id}/`);
    expect(detail.status).toBe(200);
    expect(detail.body.input.days_ahead).toBeGreaterThan(0);
    expect((await get(`/api/ml/predictions/?model_id=${randomUUID()}`)).body.count).toBe(0);
  });

  it('list the trainings with status filters', async () => {
    const done = await get('/api/ml/training-logs/?status=completed&model_type=sales_forecast');
    expect(done.body.count).toBe(2);
    expect(done.body.results.every((l: any) => l.status === 'completed' && l.model_id)).toBe(true);
    expect((await get('/api/ml/training-logs/?status=failed')).body.count).toBe(0);
    expect((await get('/api/ml/training-logs/?status=exploded')).status).toBe(400);
    const one = await get(`/api/ml/training-logs/${done.body.results[0].id}/`);
    expect(one.body.duration_seconds).toBeGreaterThan(0);
  });
});

describe('GET /api/ml/dashboard-summary/', () => {
  it('counts models, predictions and alerts, and shows recent work and the queues', async () => {
    const res = await get('/api/ml/dashboard-summary/');
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({ total_active_models: 1, active_inventory_alerts: 0 });
    expect(res.body.summary.total_predictions).toBeGreaterThanOrEqual(4);
    expect(res.body.summary.predictions_last_7days).toBe(res.body.summary.total_predictions);
    expect(res.body.recent_models).toHaveLength(2);
    expect(res.body.recent_trainings.length).toBeGreaterThanOrEqual(2);
    expect(res.body.queues.available).toBe(true);
    expect(res.body.queues.training.completed).toBeGreaterThanOrEqual(2);
  });
});
