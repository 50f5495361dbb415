import { activeModel, countModels, trainingLogsOfJob } from '@boutique/db';
import { afterAll, describe, expect, it } from 'vitest';
import { stopProcess } from '../../../test-support/processes';
import { type System, startSystem, waitFor, waitForJob } from '../../../test-support/system';

const systems: System[] = [];
afterAll(async () => {
  await Promise.all(systems.map((s) => s.stop()));
});

async function train(system: System, token: string): Promise<string> {
  const res = await system.request('POST', '/api/ml/train-sales-forecast/', { token, body: {} });
  expect(res.status).toBe(202);
  return res.body.job_id;
}

describe('the worker under faults', () => {
  it('keeps the previous model active when a worker is killed mid-training, then finishes on another worker', async () => {
    const system = await startSystem();
    systems.push(system);
    const token = await system.token('admin');
    const first = await waitForJob(system, await train(system, token));
    expect(first.state).toBe('completed');
    const v1 = first.result.model_id;

    await stopProcess(system.workers[0]!); // a worker that pauses mid-job replaces the quick one
    const slow = await system.startWorker({ TEST_PAUSE_AFTER_LOAD_MS: '60000' });
    const jobId = await train(system, token);
    await waitForJob(system, jobId, (s) => s.state === 'active' && s.progress >= 25);
    await stopProcess(slow, 'SIGKILL');

    // The job is half done and its worker is gone: nothing of it is visible, v1 still serves.
    expect((await activeModel(system.database.db, 'sales_forecast'))?.id).toBe(v1);
    expect(await countModels(system.database.db, 'sales_forecast')).toBe(1);
    const predict = await system.request('POST', '/api/ml/predict-sales/', {
      token,
      body: { days_ahead: 7 },
    });
    expect(predict.body.model_id).toBe(v1);

    await system.startWorker(); // the stalled-job checker hands the job to this worker
    const done = await waitForJob(system, jobId);
    expect(done.state).toBe('completed');
    expect(done.result.version).toBe(2);
    expect((await activeModel(system.database.db, 'sales_forecast'))?.id).toBe(done.result.model_id);
    expect(await countModels(system.database.db, 'sales_forecast')).toBe(2);
    const logs = await trainingLogsOfJob(system.database.db, jobId);
    expect(logs.map((l) => l.status)).toEqual(['failed', 'completed']);
    expect(logs[0]?.error).toMatch(/interrupted/);
  });

  it('leaves nothing behind when a worker is killed inside the commit, after the model was saved and activated', async () => {
    const system = await startSystem({ workers: 0 });
    systems.push(system);
    const token = await system.token('admin');
    const quick = await system.startWorker();
    const first = await waitForJob(system, await train(system, token));
    const v1 = first.result.model_id;
    await stopProcess(quick);

    const stuck = await system.startWorker({ TEST_PAUSE_AFTER_LOAD_MS: '60000', TEST_PAUSE_AT: 'in_commit' });
    const jobId = await train(system, token);
    const sql = system.database.sql;
    // The open transaction has inserted v2, activated it and written its product demand rows.
    await waitFor(
      async () => {
        const [row] = (await sql`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and application_name = 'boutique-ml-worker'
          and state = 'idle in transaction'`) as unknown as [{ n: number }];
        return row.n > 0;
      },
      { what: 'the worker to sit inside its commit' },
    );
    await stopProcess(stuck, 'SIGKILL');

    // Postgres rolled the transaction back: no v2, no orphan demand rows, v1 still active and serving.
    await waitFor(
      async () => {
        const [row] = (await sql`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and state = 'idle in transaction'`) as unknown as [{ n: number }];
        return row.n === 0;
      },
      { what: 'the killed transaction to end' },
    );
    expect(await countModels(system.database.db, 'sales_forecast')).toBe(1);
    expect((await activeModel(system.database.db, 'sales_forecast'))?.id).toBe(v1);
    const [orphans] = (await sql`
      select count(*)::int as n from product_demand_forecasts where model_id <> ${v1}`) as unknown as [
      { n: number },
    ];
    expect(orphans.n).toBe(0);
    const predict = await system.request('POST', '/api/ml/predict-sales/', {
      token,
      body: { days_ahead: 7 },
    });
    expect(predict.body.model_id).toBe(v1);

    await system.startWorker();
    const done = await waitForJob(system, jobId);
    expect(done.state).toBe('completed');
    expect(done.result.version).toBe(2);
    const logs = await trainingLogsOfJob(system.database.db, jobId);
    expect(logs.map((l) => l.status)).toEqual(['failed', 'completed']);
  });

  it('finishes the job in hand when stopped with SIGTERM, then exits cleanly', async () => {
    const system = await startSystem({ workerEnv: { TEST_PAUSE_AFTER_LOAD_MS: '2000' } });
    systems.push(system);
    const token = await system.token('admin');
    const jobId = await train(system, token);
    await waitForJob(system, jobId, (s) => s.state === 'active' && s.progress >= 25);
    const exit = await stopProcess(system.workers[0]!, 'SIGTERM');
    expect(exit.code).toBe(0);
    const status = await waitForJob(system, jobId);
    expect(status.state).toBe('completed');
    expect(status.attempts).toBe(1);
  });

  it('fails at once, without retries, when there is not enough history', async () => {
    const system = await startSystem({
      store: { seed: 3, days: 30, orders: 120, customers: 20, products: 15, end: '2026-06-30' },
    });
    systems.push(system);
    const token = await system.token('admin');
    const jobId = await train(system, token);
    const status = await waitForJob(system, jobId);
    expect(status.state).toBe('failed');
    expect(status.attempts).toBe(1);
    expect(status.error.code).toBe('insufficient_data');
    expect(status.error.message).toMatch(/60/);
    const logs = await trainingLogsOfJob(system.database.db, jobId);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ status: 'failed' });
    expect(logs[0]?.error).toMatch(/^insufficient_data: /);
    expect(await countModels(system.database.db, 'sales_forecast')).toBe(0);
  });
});
