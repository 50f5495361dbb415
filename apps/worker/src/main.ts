import { createDatabase } from '@boutique/db';
import {
  CACHE_KEYS,
  ConfigError,
  closeQueues,
  createLogger,
  createQueues,
  createRedis,
  JOB_DEFINITIONS,
  type JobName,
  loadConfig,
  QUEUE_NAMES,
  ReadCache,
} from '@boutique/shared';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { committedResult, isDuplicateCommit } from './committed';
import type { WorkerDeps } from './context';
import { PROCESSORS } from './processors';
import { registerSchedules } from './schedules';
import { unrecoverable } from './training';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig('worker');
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
const logger = createLogger({ name: 'worker', level: config.LOG_LEVEL, file: config.LOG_FILE });
const database = createDatabase(config.DATABASE_URL, {
  max: Math.max(2, config.WORKER_CONCURRENCY + 1),
  applicationName: 'boutique-ml-worker',
});
// A producer connection for follow-up jobs and schedules (the Workers' own connections block on Redis).
const producer = createRedis(config.REDIS_URL, 'worker');
const queues = createQueues(producer, {
  prefix: config.QUEUE_PREFIX,
  attempts: config.JOB_ATTEMPTS,
  backoffMs: config.JOB_BACKOFF_MS,
});
const deps: WorkerDeps = { config, database, logger, queues };
const cache = new ReadCache(producer, config.QUEUE_PREFIX, logger);

async function dispatch(job: Job): Promise<unknown> {
  const name = job.name as JobName;
  const definition = JOB_DEFINITIONS[name];
  const processor = PROCESSORS[name];
  if (!definition || !processor || definition.queue !== job.queueName) {
    throw unrecoverable('unknown_job', `no processor for job "${job.name}" on queue "${job.queueName}"`);
  }
  const committed = await committedResult(database.db, job);
  if (committed) {
    logger.warn(
      { jobId: job.id, job: job.name },
      'job had already committed its result; not running it again',
    );
    return committed;
  }
  let result: unknown;
  try {
    result = await processor(job, deps);
  } catch (err) {
    const winner = isDuplicateCommit(err) ? await committedResult(database.db, job) : null;
    if (!winner) throw err;
    logger.warn(
      { jobId: job.id, job: job.name },
      'another run of this job committed first; using its result',
    );
    return winner;
  }
  // The job committed something new: the API's cached "current" reads must not outlive it.
  await cache.invalidate(
    CACHE_KEYS.dashboard,
    ...(definition.modelType ? [CACHE_KEYS.activeModel(definition.modelType)] : [CACHE_KEYS.latestAnalysis]),
  );
  return result;
}

const workers = QUEUE_NAMES.map((queueName) => {
  const worker = new Worker(queueName, dispatch, {
    connection: createRedis(config.REDIS_URL, 'worker'),
    prefix: config.QUEUE_PREFIX,
    concurrency: config.WORKER_CONCURRENCY,
    lockDuration: config.WORKER_LOCK_DURATION_MS,
    stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
    // A job whose worker died is handed to another worker once; a second loss fails it visibly.
    maxStalledCount: 1,
  });
  worker.on('active', (job) =>
    logger.info({ jobId: job.id, job: job.name, queue: queueName }, 'job started'),
  );
  worker.on('completed', (job) =>
    logger.info({ jobId: job.id, job: job.name, queue: queueName }, 'job completed'),
  );
  worker.on('failed', (job, err) =>
    logger.warn(
      {
        jobId: job?.id,
        job: job?.name,
        queue: queueName,
        attemptsMade: job?.attemptsMade,
        final:
          err instanceof UnrecoverableError || (job ? job.attemptsMade >= (job.opts.attempts ?? 1) : true),
        reason: err.message,
      },
      'job failed',
    ),
  );
  worker.on('error', (err) => logger.error({ err, queue: queueName }, 'worker error'));
  return worker;
});
await registerSchedules(queues, config, logger);
logger.info(
  { queues: QUEUE_NAMES, concurrency: config.WORKER_CONCURRENCY, prefix: config.QUEUE_PREFIX },
  'worker ready',
);

let stopping = false;
/** Finishes the jobs in hand (no new ones are taken), then closes Redis and Postgres. */
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing current jobs');
  await Promise.all(workers.map((w) => w.close()));
  await closeQueues(queues);
  await database.close();
  logger.info('stopped');
  logger.flush();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
