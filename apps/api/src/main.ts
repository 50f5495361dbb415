import { createDatabase } from '@boutique/db';
import { ConfigError, createLogger, createRedis, loadConfig, ReadCache } from '@boutique/shared';
import { createApp } from './app';
import { answerClientErrorsAsJson } from './client-errors';
import { closeQueues, createQueues } from './services/queues';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig('api');
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
const logger = createLogger({ name: 'api', level: config.LOG_LEVEL, file: config.LOG_FILE });
const database = createDatabase(config.DATABASE_URL, {
  max: config.DB_POOL_MAX,
  applicationName: 'boutique-ml-api',
});
const redis = createRedis(config.REDIS_URL, 'producer');
redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection problem'));
const queues = createQueues(redis, {
  prefix: config.QUEUE_PREFIX,
  attempts: config.JOB_ATTEMPTS,
  backoffMs: config.JOB_BACKOFF_MS,
});
const cache = new ReadCache(redis, config.QUEUE_PREFIX, logger);
// A connection of its own for the cache's invalidation messages (a subscribed connection does nothing else).
const subscriber = createRedis(config.REDIS_URL, 'worker');
subscriber.on('error', (err) => logger.warn({ err: err.message }, 'redis subscriber connection problem'));
cache.listen(subscriber).catch((err) => logger.warn({ err }, 'could not subscribe to cache invalidations'));
const app = createApp({
  config: { ...config, JWT_SECRET: config.JWT_SECRET as string },
  database,
  queues,
  redis,
  cache,
  logger,
});

const server = app.listen(config.PORT, config.HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ port, host: config.HOST }, `API listening on http://localhost:${port}`);
});

answerClientErrorsAsJson(server);

let stopping = false;
// While stopping, every answer closes its connection, so no client sends a next request on a socket we close.
server.prependListener('request', (_req, res) => {
  if (stopping) res.setHeader('connection', 'close');
});
/** Stops accepting connections, lets in-flight requests finish, then closes Redis and Postgres. */
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, 15_000);
  force.unref();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive sockets with no request in flight would hold close() open; requests in flight finish.
  server.closeIdleConnections();
  await closed;
  await closeQueues(queues).catch(() => {});
  redis.disconnect();
  subscriber.disconnect();
  await database.close();
  logger.info('stopped');
  logger.flush();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
