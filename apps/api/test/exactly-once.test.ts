import { randomUUID } from 'node:crypto';
import { closeQueues, createQueues, createRedis, JOB_DEFINITIONS, type JobName } from '@boutique/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopProcess } from '../../../test-support/processes';
import { REDIS_URL, type System, startSystem, waitFor } from '../../../test-support/system';

// Three worker processes drain one set of queues; 50 jobs are added straight to the queues (the API would
// collapse identical waiting jobs into one), and one worker is stopped with SIGTERM while they run.
const PLAN: [JobName, number][] = [
  ['train-sales-forecast', 26],
  ['train-customer-segmentation', 8],
  ['train-product-recommendation', 8],
  ['analyze-inventory', 8],
];

let system: System;
beforeAll(async () => {
  system = await startSystem({
    workers: 3,
    // Only the jobs the test adds: no follow-up analysis after each forecast, no schedules.
    env: { INVENTORY_AFTER_FORECAST: 'false', SCHEDULE_RETRAIN: 'off', SCHEDULE_INVENTORY: 'off' },
  });
}, 120_000);
afterAll(async () => {
  await system?.stop();
});

describe('three workers, fifty jobs', () => {
  it('runs each job exactly once, even when a worker is stopped with SIGTERM midway', async () => {
    const redis = createRedis(REDIS_URL, 'producer');
    const queues = createQueues(redis, { prefix: system.prefix, attempts: 3, backoffMs: 200 });
    const added: { id: string; name: JobName }[] = [];
    try {
      let seed = 0;
      for (const [name, n] of PLAN) {
        const data = name === 'train-sales-forecast' ? { model_type: 'linear' } : {};
        for (let i = 0; i < n; i++) {
          const id = randomUUID();
          const jobData =
            name.startsWith('train-') && name !== 'train-product-recommendation'
              ? { ...data, seed: seed++ }
              : data;
          await queues[JOB_DEFINITIONS[name].queue].add(name, jobData, { jobId: id });
          added.push({ id, name });
        }
      }

      // Under load: once a few jobs are done, the first worker is told to stop; it finishes the job in hand.
      const completedCount = async () =>
        (await queues.training.getCompletedCount()) + (await queues.analysis.getCompletedCount());
      await waitFor(async () => ((await completedCount()) >= 8 ? true : null), {
        timeoutMs: 60_000,
        what: '8 jobs',
      });
      const stopped = await stopProcess(system.workers[0]!, 'SIGTERM');
      expect(stopped.code).toBe(0);

      await waitFor(async () => ((await completedCount()) === added.length ? true : null), {
        timeoutMs: 240_000,
        intervalMs: 250,
        what: `all ${added.length} jobs to complete`,
      });
      for (const { id, name } of added) {
        const job = await queues[JOB_DEFINITIONS[name].queue].getJob(id);
        expect(await job?.getState(), id).toBe('completed');
        expect(job?.attemptsMade, `${name} ${id} ran more than once`).toBe(1);
        expect(job?.returnvalue?.already_committed, id).toBeUndefined();
      }
    } finally {
      await closeQueues(queues);
      redis.disconnect();
    }

    // Each job started exactly once across all three workers' logs, and more than one worker took part.
    const startedBy = new Map<string, number>();
    const workersUsed = new Set<number>();
    system.workers.forEach((worker, w) => {
      for (const line of worker.output().split('\n')) {
        const m = /"jobId":"([0-9a-f-]{36})".*"msg":"job started"/.exec(line);
        if (!m) continue;
        startedBy.set(m[1]!, (startedBy.get(m[1]!) ?? 0) + 1);
        workersUsed.add(w);
      }
    });
    expect(startedBy.size).toBe(added.length);
    expect([...startedBy.values()].every((n) => n === 1)).toBe(true);
    expect(workersUsed.size).toBeGreaterThanOrEqual(2);

    // The model tables hold one row per training job, versions 1..n without gaps, the last one active.
    const sql = system.database.sql;
    const models = (await sql`
      select model_type, count(*)::int as n, count(distinct job_id)::int as jobs,
             min(version) as lo, max(version) as hi,
             max(version) filter (where is_active) as active
      from ml_models group by model_type order by model_type`) as unknown as {
      model_type: string;
      n: number;
      jobs: number;
      lo: number;
      hi: number;
      active: number;
    }[];
    const expected = (name: JobName) => PLAN.find(([n]) => n === name)![1];
    expect(models).toEqual([
      { model_type: 'customer_segmentation', n: 8, jobs: 8, lo: 1, hi: 8, active: 8 },
      { model_type: 'product_recommendation', n: 8, jobs: 8, lo: 1, hi: 8, active: 8 },
      {
        model_type: 'sales_forecast',
        n: expected('train-sales-forecast'),
        jobs: expected('train-sales-forecast'),
        lo: 1,
        hi: expected('train-sales-forecast'),
        active: expected('train-sales-forecast'),
      },
    ]);
    const [logs] = (await sql`
      select count(*)::int as n, count(distinct job_id)::int as jobs,
             count(*) filter (where status <> 'completed')::int as not_completed
      from training_logs`) as unknown as [{ n: number; jobs: number; not_completed: number }];
    expect(logs).toEqual({ n: 42, jobs: 42, not_completed: 0 });
    const analysisJobs = added.filter((j) => j.name === 'analyze-inventory').map((j) => j.id);
    const analyses = (await sql`select job_id from inventory_analyses order by job_id`) as unknown as {
      job_id: string;
    }[];
    expect(analyses.map((a) => a.job_id)).toEqual([...analysisJobs].sort());
    // Each analysis superseded the previous one's alerts: open alerts come from the last analysis only.
    const [open] = (await sql`
      select count(distinct analysis_id)::int as n from inventory_alerts
      where not is_resolved and superseded_at is null`) as unknown as [{ n: number }];
    expect(open.n).toBeLessThanOrEqual(1);
  });
});
