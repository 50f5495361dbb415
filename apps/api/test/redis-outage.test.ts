import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnRedis } from '../../../test-support/redis-server';
import { type System, startSystem, waitFor, waitForJob } from '../../../test-support/system';

let redis: OwnRedis;
let system: System;
let token: string;
let productId: string;
let customerId: string;
beforeAll(async () => {
  redis = await OwnRedis.start();
  system = await startSystem({ env: { REDIS_URL: redis.url } });
  token = await system.token('admin');
  for (const [route, body] of [
    ['train-sales-forecast', { model_type: 'linear' }],
    ['train-product-recommendation', {}],
    ['train-customer-segmentation', {}],
  ] as const) {
    const posted = await system.request('POST', `/api/ml/${route}/`, { token, body });
    const done = await waitForJob(system, posted.body.job_id, undefined, 120_000);
    expect(done.state, JSON.stringify(done.error)).toBe('completed');
  }
  const [p] = (await system.database.sql`
    select product_id from product_recommendations limit 1`) as unknown as [{ product_id: string }];
  const [c] = (await system.database.sql`select customer_id from customer_segments limit 1`) as unknown as [
    { customer_id: string },
  ];
  productId = p.product_id;
  customerId = c.customer_id;
}, 180_000);
afterAll(async () => {
  await system?.stop();
  await redis?.stop();
});

const reads = () => [
  system.request('POST', '/api/ml/predict-sales/', { token, body: { days_ahead: 7 } }),
  system.request('GET', `/api/ml/product-recommendations/${productId}/?top_n=5`, { token }),
  system.request('GET', `/api/ml/customer-segment/${customerId}/`, { token }),
  system.request('GET', '/api/ml/dashboard-summary/', { token }),
  system.request('GET', '/api/ml/models/', { token }),
];

describe('with Redis stopped', () => {
  it('reads answer from Postgres, enqueueing answers 503, and everything heals when Redis is back', async () => {
    const before = await Promise.all(reads());
    expect(before.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);

    await redis.kill();
    await waitFor(async () => ((await system.request('GET', '/readyz')).status === 503 ? true : null), {
      timeoutMs: 15_000,
      what: 'readyz to notice Redis is gone',
    });
    const during = await Promise.all(reads());
    expect(during.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(during[1]!.body.recommendations).toEqual(before[1]!.body.recommendations);
    expect(during[2]!.body.segment_type).toBe(before[2]!.body.segment_type);
    expect(during[3]!.body.queues.available).toBe(false);
    const refused = await system.request('POST', '/api/ml/train-sales-forecast/', { token, body: {} });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('queue_unavailable');

    await redis.start();
    const accepted = await waitFor(
      async () => {
        const res = await system.request('POST', '/api/ml/train-sales-forecast/', {
          token,
          body: { model_type: 'linear' },
        });
        return res.status === 202 ? res : null;
      },
      { timeoutMs: 20_000, what: 'enqueueing to work again' },
    );
    // The worker reconnected by itself and runs the job.
    const done = await waitForJob(system, accepted.body.job_id, undefined, 60_000);
    expect(done.state).toBe('completed');
  });
});
