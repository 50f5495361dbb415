import type { Database } from '@boutique/db';
import type { Config, Logger, ReadCache } from '@boutique/shared';
import type { Redis } from 'ioredis';
import type { Queues } from './services/queues';

/** Everything the HTTP app needs, built by main.ts (or by a test) and passed in. */
export interface AppDeps {
  config: Config & { JWT_SECRET: string };
  database: Database;
  queues: Queues;
  /** The producer's Redis connection, also used for readiness checks. */
  redis: Redis;
  logger: Logger;
  /** Redis cache of hot reads; falls back to Postgres when Redis is away. */
  cache: ReadCache;
}
