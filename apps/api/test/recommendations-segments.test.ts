import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type System, startSystem, waitForJob } from '../../../test-support/system';

let system: System;
let token: string;
beforeAll(async () => {
  system = await startSystem();
  token = await system.token('admin');
});
afterAll(async () => {
  await system?.stop();
});

async function train(route: string, body: Record<string, unknown>) {
  const posted = await system.request('POST', `/api/ml/${route}/`, { token, body });
  expect(posted.status, JSON.stringify(posted.body)).toBe(202);
  const done = await waitForJob(system, posted.body.job_id, undefined, 120_000);
  expect(done.state, JSON.stringify(done.error)).toBe('completed');
  expect(done.result, JSON.stringify(done)).toBeTruthy();
  return done.result;
}

describe('product recommendations', () => {
  it('answer 404 model_not_found before the first training', async () => {
    const res = await system.request('GET', `/api/ml/product-recommendations/${randomUUID()}/`, { token });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('model_not_found');
  });

  let bestSeller: string;
  it('train through the queue and report coverage and the offline evaluation against popularity', async () => {
    const result = await train('train-product-recommendation', {});
    const m = result.metrics;
    expect(m.method).toBe('hybrid');
    expect(m.total_products).toBeGreaterThan(0);
    expect(m.matrix_shape).toEqual([m.total_products, m.total_products]);
    expect(m.coverage).toBeGreaterThan(0);
    expect(m.coverage).toBeLessThanOrEqual(1);
    expect(m.evaluation.customers_evaluated).toBeGreaterThan(10);
    for (const method of ['bought_together', 'similar', 'hybrid', 'popularity']) {
      expect(m.evaluation.hit_rate_at_k[method]).toBeGreaterThanOrEqual(0);
      expect(m.evaluation.hit_rate_at_k[method]).toBeLessThanOrEqual(1);
    }
    const [row] = (await system.database.sql`
      select oi.product_id from order_items oi join orders o on o.id = oi.order_id
      where o.status = 'paid' group by 1 order by count(*) desc, 1 limit 1`) as unknown as [
      { product_id: string },
    ];
    bestSeller = row.product_id;
  });

  it.each(['hybrid', 'bought_together', 'similar'])(
    'serve the %s top-N in the guide shape',
    async (method) => {
      const res = await system.request(
        'GET',
        `/api/ml/product-recommendations/${bestSeller}/?top_n=5&method=${method}`,
        {
          token,
        },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ success: true, source_product_id: bestSeller, method });
      const recs = res.body.recommendations;
      expect(recs.length).toBeGreaterThan(0);
      expect(recs.length).toBeLessThanOrEqual(5);
      recs.forEach((r: any, i: number) => {
        expect(r.rank).toBe(i + 1);
        expect(r.product_id).not.toBe(bestSeller);
        expect(r.similarity_score).toBeGreaterThanOrEqual(0);
        expect(r.similarity_score).toBeLessThanOrEqual(1);
        expect(typeof r.product_name).toBe('string');
        expect(typeof r.price).toBe('number');
        if (i > 0) expect(r.similarity_score).toBeLessThanOrEqual(recs[i - 1].similarity_score);
      });
    },
  );

  it('refuse bad parameters with 400 and unknown products with 404', async () => {
    const base = `/api/ml/product-recommendations/${bestSeller}/`;
    for (const query of ['?top_n=0', '?top_n=51', '?top_n=abc', '?method=magic', '?colour=red']) {
      const res = await system.request('GET', base + query, { token });
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('validation_error');
    }
    expect(
      (await system.request('GET', '/api/ml/product-recommendations/not-a-uuid/', { token })).status,
    ).toBe(400);
    const unknown = await system.request('GET', `/api/ml/product-recommendations/${randomUUID()}/`, {
      token,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });

  it('serve a new model the moment its job completes, though the API keeps reads in memory', async () => {
    const path = `/api/ml/product-recommendations/${bestSeller}/?top_n=5`;
    const before = await system.request('GET', path, { token });
    expect((await system.request('GET', path, { token })).body.model_version).toBe(before.body.model_version);
    const result = await train('train-product-recommendation', {});
    // The worker's invalidation reaches the API's near cache before the job is reported completed.
    const after = await system.request('GET', path, { token });
    expect(after.body.model_version).toBe(result.version);
    expect(after.body.model_version).toBe(before.body.model_version + 1);
  });
});

describe('customer segmentation', () => {
  it('refuses n_clusters outside 2..12', async () => {
    for (const n_clusters of [1, 13, 2.5, 'six']) {
      const res = await system.request('POST', '/api/ml/train-customer-segmentation/', {
        token,
        body: { n_clusters },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.body[0].field).toBe('n_clusters');
    }
  });

  it('trains six named segments with silhouette, sizes and a validated lifetime value', async () => {
    const result = await train('train-customer-segmentation', { n_clusters: 6 });
    const m = result.metrics;
    expect(m.n_clusters).toBe(6);
    expect(m.silhouette_score).toBeGreaterThan(0);
    expect(m.silhouette_score).toBeLessThanOrEqual(1);
    const names = Object.values(m.cluster_names);
    expect(new Set(names)).toEqual(new Set(['vip', 'frequent', 'occasional', 'at_risk', 'new', 'inactive']));
    const sizes = Object.values(m.cluster_sizes) as number[];
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(m.n_customers);
    expect(m.clv.method).toMatch(/bg_nbd|heuristic/);
  });

  let customerId: string;
  it("answers a customer's segment in the guide shape, with actions in Spanish on request", async () => {
    const [row] = (await system.database.sql`
      select customer_id from orders where status = 'paid' and customer_id is not null
      group by 1 order by count(*) desc limit 1`) as unknown as [{ customer_id: string }];
    customerId = row.customer_id;
    const res = await system.request('GET', `/api/ml/customer-segment/${customerId}/`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ success: true, customer_id: customerId });
    expect(['vip', 'frequent', 'occasional', 'at_risk', 'new', 'inactive']).toContain(res.body.segment_type);
    expect(res.body.confidence_score).toBeGreaterThanOrEqual(0);
    expect(res.body.confidence_score).toBeLessThanOrEqual(1);
    for (const key of [
      'recency_days',
      'total_orders',
      'total_spent',
      'avg_order_value',
      'purchase_frequency_monthly',
    ]) {
      expect(Number.isFinite(res.body.characteristics[key]), key).toBe(true);
    }
    expect(res.body.lifetime_value_prediction).toBeGreaterThanOrEqual(0);
    expect(res.body.recommendations.length).toBeGreaterThan(0);
    const es = await system.request('GET', `/api/ml/customer-segment/${customerId}/`, {
      token,
      headers: { 'accept-language': 'es-ES,es;q=0.9' },
    });
    expect(es.body.recommendations).not.toEqual(res.body.recommendations);
    expect(es.body.segment_type).toBe(res.body.segment_type);
  });

  it('answers 404 with a reason for an unknown customer and for one without paid orders', async () => {
    const unknown = await system.request('GET', `/api/ml/customer-segment/${randomUUID()}/`, { token });
    expect(unknown.status).toBe(404);
    const [fresh] = (await system.database.sql`
      insert into customers (external_id, name) values ('no-orders-yet', 'Nadie Compra') returning id`) as unknown as [
      { id: string },
    ];
    const none = await system.request('GET', `/api/ml/customer-segment/${fresh.id}/`, { token });
    expect(none.status).toBe(404);
    expect(none.body.error.message).toMatch(/no paid order/);
    expect((await system.request('GET', '/api/ml/customer-segment/123/', { token })).status).toBe(400);
  });
});
