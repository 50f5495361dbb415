import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection for BullMQ. Workers block on Redis and must wait through outages
 * (`maxRetriesPerRequest: null`); producers in the API fail fast instead so a request answers 503
 * rather than hanging while Redis is away.
 */
export function createRedis(url: string, role: 'worker' | 'producer', extra: RedisOptions = {}): Redis {
  const base: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 };
  return new Redis(url, {
    ...base,
    // Reconnect forever with a capped backoff: Redis restarts must heal without restarting us.
    retryStrategy: (times) => Math.min(200 * times, 2000),
    lazyConnect: false,
    ...extra,
  });
}
