import type { Redis } from 'ioredis';
import type { Logger } from './logger';

/**
 * A Redis cache in front of Postgres for the hot reads (recommendations, segments, forecasts, dashboard).
 * Keys that depend on a model carry the model id, so a new model never serves old answers; the few keys
 * that point at "the current thing" (the active model of a type, the latest analysis, the dashboard) are
 * deleted by the worker when it commits a new one, and expire soon anyway. Redis being away is not an
 * error for a read: it goes to Postgres, as if the cache were empty.
 */
export class ReadCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  async get<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
    const fullKey = this.key(key);
    try {
      const hit = await this.redis.get(fullKey);
      if (hit !== null) return JSON.parse(hit) as T;
    } catch (err) {
      this.logger.debug({ err, key }, 'read cache unavailable; reading Postgres');
      return load();
    }
    const value = await load();
    if (value !== null && value !== undefined) {
      await this.redis.set(fullKey, JSON.stringify(value), 'EX', ttlSeconds).catch(() => undefined);
    }
    return value;
  }

  /** Forgets "current" keys after a commit that changed them; a failure only means they expire later. */
  async invalidate(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.redis.del(...keys.map((k) => this.key(k))).catch((err) => {
      this.logger.warn({ err, keys }, 'could not invalidate cached reads; they expire on their own');
    });
  }

  private key(key: string): string {
    return `${this.prefix}:cache:${key}`;
  }
}

/** The keys that name "the current thing", shared by the API (reads) and the worker (invalidation). */
export const CACHE_KEYS = {
  activeModel: (modelType: string) => `active-model:${modelType}`,
  latestAnalysis: 'inventory:latest',
  dashboard: 'dashboard',
} as const;

/** How long "current" keys may be stale if an invalidation was lost (e.g. Redis restarted meanwhile). */
export const CURRENT_TTL_SECONDS = 30;
