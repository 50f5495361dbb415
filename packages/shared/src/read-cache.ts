import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from './logger';

/** Values a near (in-process) entry may hold: anything but undefined, which the LRU uses for "absent". */
type NearEntry = { value: unknown };

/**
 * A Redis cache in front of Postgres for the hot reads (recommendations, segments, forecasts, dashboard).
 * Keys that depend on a model carry the model id, so a new model never serves old answers; the few keys
 * that point at "the current thing" (the active model of a type, the latest analysis, the dashboard) are
 * deleted by the worker when it commits a new one, and expire soon anyway. Redis being away is not an
 * error for a read: it goes to Postgres, as if the cache were empty.
 */
export class ReadCache {
  /**
   * The near layer: entries kept in this process for `nearSeconds`, so a hot read skips the Redis round
   * trip and the JSON parse (measured 24% of the API's CPU on a cached recommendation). Bounded in count;
   * "current" keys are also dropped when any process invalidates them (see listen()).
   */
  private readonly near = new LRUCache<string, NearEntry>({ max: 10_000, ttl: 60_000 });

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  /**
   * The value of `key`: from this process (when `nearSeconds` > 0 and it was read within that time), else
   * from Redis, else from `load` (then stored in Redis for `ttlSeconds`).
   */
  async get<T>(key: string, ttlSeconds: number, load: () => Promise<T>, nearSeconds = 0): Promise<T> {
    if (nearSeconds > 0) {
      const hit = this.near.get(key);
      if (hit) return hit.value as T;
    }
    const value = await this.getShared(key, ttlSeconds, load);
    if (nearSeconds > 0 && value !== null && value !== undefined) {
      this.near.set(key, { value }, { ttl: nearSeconds * 1000 });
    }
    return value;
  }

  private async getShared<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
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

  /**
   * Forgets "current" keys after a commit that changed them, in Redis and in every listening process's near
   * layer (published on a channel); a failure only means they expire later.
   */
  async invalidate(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    for (const key of keys) this.near.delete(key);
    await this.redis
      .multi()
      .del(...keys.map((k) => this.key(k)))
      .publish(this.channel(), JSON.stringify(keys))
      .exec()
      .catch((err) => {
        this.logger.warn({ err, keys }, 'could not invalidate cached reads; they expire on their own');
      });
  }

  /**
   * Drops near entries that another process invalidated. `subscriber` must be a connection of its own
   * (a subscribed connection can do nothing else); it resubscribes by itself after a reconnect.
   */
  async listen(subscriber: Redis): Promise<void> {
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel()) return;
      try {
        for (const key of JSON.parse(message) as string[]) this.near.delete(key);
      } catch {
        this.near.clear();
      }
    });
    await subscriber.subscribe(this.channel());
  }

  private channel(): string {
    return `${this.prefix}:cache:invalidated`;
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

/**
 * How long an API process keeps a read in its near layer. "current" keys (active model, a user's role) are
 * also dropped on invalidation, so this only bounds staleness when that message is lost; answers whose key
 * carries a model id never change.
 */
export const NEAR_SECONDS = { current: 2, perModel: 60 } as const;
