import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type System, startSystem, waitForJob } from '../../../test-support/system';

// The demo store's size: the issue asks that its data produce every alert type.
const DEMO_STORE = { seed: 42, days: 730, orders: 5000, customers: 250, products: 150, end: '2026-06-30' };

let system: System;
let token: string;
beforeAll(async () => {
  system = await startSystem({ store: DEMO_STORE, workerEnv: { INVENTORY_AFTER_FORECAST: 'false' } });
  token = await system.token('admin');
}, 120_000);
afterAll(async () => {
  await system?.stop();
});

const get = (path: string, headers?: Record<string, string>) =>
  system.request('GET', path, { token, ...(headers ? { headers } : {}) });

async function run(route: string, body: Record<string, unknown> = {}) {
  const posted = await system.request('POST', `/api/ml/${route}/`, { token, body });
  expect(posted.status, JSON.stringify(posted.body)).toBe(202);
  const done = await waitForJob(system, posted.body.job_id, undefined, 120_000);
  expect(done.state, JSON.stringify(done.error)).toBe('completed');
  return done.result;
}

async function openAlertKeys(): Promise<string[]> {
  const rows = (await system.database.sql`
    select product_id, alert_type from inventory_alerts where not is_resolved and superseded_at is null`) as unknown as {
    product_id: string;
    alert_type: string;
  }[];
  return rows.map((r) => `${r.product_id}/${r.alert_type}`);
}

describe('inventory analysis', () => {
  it('says how to run the first analysis before there is one', async () => {
    for (const path of ['inventory-analysis', 'reorder-recommendations', 'inventory-health']) {
      const res = await get(`/api/ml/${path}/`);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain('POST /api/ml/analyze-inventory/');
    }
    const bad = await system.request('POST', '/api/ml/analyze-inventory/', {
      token,
      body: { service_level: 2 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.body[0].field).toBe('service_level');
  });

  let firstCount: number;
  it('falls back to recent history without a forecast model, and records that', async () => {
    const result = await run('analyze-inventory');
    expect(result.demand_source).toBe('recent_history');
    expect(result.total_products_analyzed).toBeGreaterThan(100);
    firstCount = (await openAlertKeys()).length;
    expect(firstCount).toBe(result.summary.total_alerts);
  });

  it('uses the forecast model once there is one, superseding the older open alerts', async () => {
    await run('train-sales-forecast', { model_type: 'linear' });
    const result = await run('analyze-inventory');
    expect(result.demand_source).toMatch(/^sales_forecast_model:/);
    expect(result.superseded_alerts).toBe(firstCount);
    const keys = await openAlertKeys();
    expect(keys).toHaveLength(result.summary.total_alerts);
    expect(new Set(keys).size).toBe(keys.length);
    // Every alert type appears on the demo data.
    for (const type of ['reorder_now', 'low_stock', 'slow_moving', 'overstock', 'high_demand']) {
      expect(result.summary.by_type[type], type).toBeGreaterThan(0);
    }
  });

  it('serves the analysis in the guide shape', async () => {
    const res = await get('/api/ml/inventory-analysis/');
    expect(res.status).toBe(200);
    expect(res.body.total_products_analyzed).toBeGreaterThan(100);
    expect(res.body.alerts.length).toBe(res.body.summary.total_alerts);
    const alert = res.body.alerts[0];
    for (const key of ['product_id', 'product_name', 'alert_type', 'current_stock', 'recommended_stock']) {
      expect(alert[key], key).toBeDefined();
    }
    expect(alert.urgency_level).toBeGreaterThanOrEqual(res.body.alerts.at(-1).urgency_level);
    expect(res.body.summary.total_stock_value_at_risk).toBeGreaterThan(0);
  });

  it('recommends reorders by priority with their cost', async () => {
    const res = await get('/api/ml/reorder-recommendations/');
    expect(res.status).toBe(200);
    expect(res.body.total_recommendations).toBe(res.body.recommendations.length);
    expect(res.body.total_recommendations).toBeGreaterThan(0);
    const rank = { high: 0, medium: 1, low: 2 } as Record<string, number>;
    const priorities = res.body.recommendations.map((r: any) => rank[r.priority]);
    expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
    for (const r of res.body.recommendations) {
      expect(r.recommended_order_quantity).toBeGreaterThan(0);
      expect(r.estimated_cost).toBeCloseTo(r.recommended_order_quantity * r.unit_cost, 1);
    }
    const high = await get('/api/ml/reorder-recommendations/?priority=high');
    expect(high.body.recommendations.every((r: any) => r.priority === 'high')).toBe(true);
    expect((await get('/api/ml/reorder-recommendations/?priority=urgent')).status).toBe(400);
  });

  it('scores the health of the stock, with advice in English or Spanish', async () => {
    const en = await get('/api/ml/inventory-health/');
    expect(en.body.health_score).toBeGreaterThanOrEqual(0);
    expect(en.body.health_score).toBeLessThanOrEqual(100);
    expect(['good', 'warning', 'critical']).toContain(en.body.status);
    expect(en.body.metrics.total_products).toBeGreaterThan(100);
    expect(en.body.recommendations.length).toBeGreaterThan(0);
    const es = await get('/api/ml/inventory-health/', { 'accept-language': 'es' });
    expect(es.body.recommendations).not.toEqual(en.body.recommendations);
  });
});

describe('inventory alerts', () => {
  let alertId: string;
  it('list with filters and pages', async () => {
    const res = await get('/api/ml/inventory-alerts/?alert_type=reorder_now&is_resolved=false&page_size=2');
    expect(res.status).toBe(200);
    expect(res.body.count).toBeGreaterThan(0);
    expect(res.body.results.every((a: any) => a.alert_type === 'reorder_now')).toBe(true);
    alertId = res.body.results[0].id;
    const urgent = await get('/api/ml/inventory-alerts/?urgency_level=5');
    expect(urgent.body.results.every((a: any) => a.urgency_level === 5)).toBe(true);
    for (const query of ['alert_type=fire', 'urgency_level=9', 'is_resolved=perhaps']) {
      expect((await get(`/api/ml/inventory-alerts/?${query}`)).status, query).toBe(400);
    }
  });

  it('resolve once, recording who and when; twice is a 409', async () => {
    const res = await system.request('POST', `/api/ml/inventory-alerts/${alertId}/resolve/`, {
      token,
      body: { note: 'ordered 30 units from the supplier' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.alert).toMatchObject({
      id: alertId,
      is_resolved: true,
      note: 'ordered 30 units from the supplier',
    });
    expect(res.body.alert.resolved_by).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.alert.resolved_at).toBeTruthy();
    const again = await system.request('POST', `/api/ml/inventory-alerts/${alertId}/resolve/`, {
      token,
      body: {},
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    const analysis = await get('/api/ml/inventory-analysis/');
    expect(analysis.body.alerts.map((a: any) => a.id)).not.toContain(alertId);
  });

  it('answer 404 for an unknown alert and 400 for a malformed id', async () => {
    expect(
      (await system.request('POST', `/api/ml/inventory-alerts/${randomUUID()}/resolve/`, { token })).status,
    ).toBe(404);
    expect((await get('/api/ml/inventory-alerts/not-an-id/')).status).toBe(400);
  });
});
