import { committedModelOfJob, countModels, trainingLogsOfJob } from '@boutique/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnRedis } from '../../../test-support/redis-server';
import { type System, startSystem, waitFor, waitForJob } from '../../../test-support/system';

// A persistent Redis of the test's own (append-only file, fsync always — what production must run with),
// killed with SIGKILL while one job runs and three wait, then started again on the same files.
let redis: OwnRedis;
let system: System;
let token: string;
beforeAll(async () => {
  redis = await OwnRedis.start({ persistent: true });
  system = await startSystem({
    env: { REDIS_URL: redis.url },
    // Long enough that the outage starts while the forecast is mid-training.
    workerEnv: { TEST_PAUSE_AFTER_LOAD_MS: '2500' },
  });
  token = await system.token('admin');
}, 120_000);
afterAll(async () => {
  await system?.stop();
  await redis?.stop();
});

async function post(route: string, body: object = {}): Promise<string> {
  const res = await system.request('POST', `/api/ml/${route}/`, { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.job_id;
}

describe('Redis restarted while a job runs and others wait', () => {
  it('loses no job, runs none twice, and the worker and API reconnect by themselves', async () => {
    const worker = system.workers[0]!;
    const running = await post('train-sales-forecast', { model_type: 'linear' });
    await waitForJob(system, running, (s) => s.state === 'active' && s.progress >= 25);
    const waiting = [
      await post('train-customer-segmentation'),
      await post('train-product-recommendation'),
      await post('analyze-inventory'),
    ];

    await redis.kill();
    const refused = await system.request('POST', '/api/ml/train-product-recommendation/', {
      token,
      body: {},
    });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('queue_unavailable');
    // The running job finishes its work and commits to Postgres while BullMQ cannot hear about it; by the
    // time Redis is back its lock has expired, so the stalled-job check hands it out again.
    await waitFor(() => committedModelOfJob(system.database.db, running), {
      timeoutMs: 20_000,
      what: 'the forecast to commit while Redis is down',
    });
    await new Promise((resolve) => setTimeout(resolve, 3500)); // > WORKER_LOCK_DURATION_MS
    await redis.start();

    const results = [];
    for (const jobId of [running, ...waiting]) {
      const done = await waitForJob(system, jobId, undefined, 90_000);
      expect(done.state, `${jobId}: ${JSON.stringify(done.error)}`).toBe('completed');
      results.push(done.result);
    }
    // The forecast ran a second time and answered with the model its first run had committed.
    expect(results[0]).toMatchObject({ already_committed: true, version: 1 });
    // Exactly one model per job: the re-run found the committed one instead of training a second.
    for (const type of ['sales_forecast', 'customer_segmentation', 'product_recommendation'] as const) {
      expect(await countModels(system.database.db, type), type).toBe(1);
    }
    const [{ n: analyses }] = (await system.database.sql`
      select count(*)::int as n from inventory_analyses`) as unknown as [{ n: number }];
    expect(analyses).toBe(1);
    const logs = await trainingLogsOfJob(system.database.db, running);
    expect(logs.filter((l) => l.status === 'completed')).toHaveLength(1);
    expect(logs.filter((l) => l.status === 'started')).toHaveLength(0);

    // Nobody restarted anything: the same worker process did all of it, and enqueueing works again.
    expect(worker.child.exitCode).toBeNull();
    expect(system.workers).toHaveLength(1);
    const again = await post('train-sales-forecast', { model_type: 'linear' });
    expect((await waitForJob(system, again, undefined, 60_000)).state).toBe('completed');
    expect(await countModels(system.database.db, 'sales_forecast')).toBe(2);
  });
});
