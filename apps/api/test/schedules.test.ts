import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, type System, startSystem, waitFor, waitForJob } from '../../../test-support/system';

let system: System;
let redis: Redis;
let queues: { training: Queue; analysis: Queue };
beforeAll(async () => {
  system = await startSystem();
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queues = {
    training: new Queue('training', { connection: redis, prefix: system.prefix }),
    analysis: new Queue('analysis', { connection: redis, prefix: system.prefix }),
  };
});
afterAll(async () => {
  await queues?.training.close();
  await queues?.analysis.close();
  await redis?.quit();
  await system?.stop();
});

const schedulerIds = async (queue: Queue) => (await queue.getJobSchedulers()).map((s) => s.key).sort();

describe('job schedules', () => {
  it('registers weekly retraining and the daily analysis once, however many workers start', async () => {
    const expected = {
      training: [
        'weekly-train-customer-segmentation',
        'weekly-train-product-recommendation',
        'weekly-train-sales-forecast',
      ],
      analysis: ['daily-analyze-inventory'],
    };
    expect(await schedulerIds(queues.training)).toEqual(expected.training);
    expect(await schedulerIds(queues.analysis)).toEqual(expected.analysis);
    await system.startWorker();
    await system.startWorker();
    expect(await schedulerIds(queues.training)).toEqual(expected.training);
    expect(await schedulerIds(queues.analysis)).toEqual(expected.analysis);
    const [weekly] = await queues.training.getJobSchedulers();
    expect(weekly?.pattern).toBe('0 3 * * 1');
  });

  it('removes a schedule that is turned off', async () => {
    await system.startWorker({ SCHEDULE_INVENTORY: 'off' });
    expect(await schedulerIds(queues.analysis)).toEqual([]);
    expect((await schedulerIds(queues.training)).length).toBe(3);
  });

  it('queues an inventory analysis after a new sales forecast model', async () => {
    const token = await system.token('admin');
    const posted = await system.request('POST', '/api/ml/train-sales-forecast/', {
      token,
      body: { model_type: 'linear' },
    });
    const done = await waitForJob(system, posted.body.job_id);
    expect(done.state).toBe('completed');
    await waitFor(
      async () => {
        const [row] = (await system.database
          .sql`select count(*)::int as n from inventory_analyses`) as unknown as [{ n: number }];
        return row.n > 0 ? row.n : null;
      },
      { timeoutMs: 30_000, what: 'an inventory analysis after training' },
    );
  });
});
