import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as UTC or Europe/Madrid' },
);

/** Five or six cron fields, or "off". BullMQ checks the pattern itself when the scheduler is registered. */
const cron = z
  .string()
  .trim()
  .refine((v) => v === 'off' || /^\S+( \S+){4,5}$/.test(v), {
    message: 'must be a cron pattern such as "0 3 * * 1", or "off"',
  });

/**
 * Browser origins (scheme://host[:port]) allowed to call the API from another site, comma-separated.
 * Empty (the default): no CORS headers, so only same-origin pages — the dashboard the API serves — can read.
 */
const corsOrigins = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const origins = text
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    for (const origin of origins) {
      let parsed: URL | null = null;
      try {
        parsed = new URL(origin);
      } catch {}
      if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
        ctx.addIssue({
          code: 'custom',
          message: `"${origin}" is not an origin like https://shop.example.com`,
        });
      }
    }
    return origins;
  });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');

/** Every setting of boutique-ml, from environment variables only. */
const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only')
    .default('boutique'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters (use: openssl rand -hex 32)').optional(),
  JWT_EXPIRES_IN_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(86_400 * 30)
    .default(3600),
  HOST: z.string().default('0.0.0.0'),
  CORS_ORIGINS: corsOrigins,
  PORT: z.coerce.number().int().min(0).max(65_535).default(8000),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** How long a job's lock lives without renewal; a killed worker's job is taken over after this. */
  WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(1000).default(30_000),
  WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000),
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  JOB_BACKOFF_MS: z.coerce.number().int().min(0).default(5000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FILE: z.string().min(1).optional(),
  STORE_TIMEZONE: timezone.default('UTC'),
  /** Overrides "today" (the day after the last paid order) for what-if runs and tests. */
  AS_OF: isoDate.optional(),
  BULL_BOARD_ENABLED: bool.default(true),
  /** Cron pattern (store time zone) of the weekly retraining of the three models, or "off". */
  SCHEDULE_RETRAIN: cron.default('0 3 * * 1'),
  /** Cron pattern of the daily inventory analysis, or "off". */
  SCHEDULE_INVENTORY: cron.default('0 6 * * *'),
  /** A newly trained sales forecast queues an inventory analysis (its demand changed). */
  INVENTORY_AFTER_FORECAST: bool.default(true),
  /**
   * Where uploaded CSVs wait for the import job, and where its rejects files are written. The API writes
   * and a worker reads: with workers on other machines this must be a shared volume (docker-compose.yml).
   */
  IMPORT_DIR: z.string().min(1).default(path.join(os.tmpdir(), 'boutique-ml-imports')),
  /** Largest accepted upload, in bytes (413 above it). */
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024 * 1024),
  /**
   * Fault injection for the crash tests: a training job waits this long after loading its data, so a test
   * can kill the worker mid-job. Ignored unless NODE_ENV=test.
   */
  TEST_PAUSE_AFTER_LOAD_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  /** Where that pause happens: after loading, or inside the commit (model saved and activated, not committed). */
  TEST_PAUSE_AT: z.enum(['after_load', 'in_commit']).default('after_load'),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigNeed = 'api' | 'worker' | 'cli';

/** Thrown when the environment is missing or has a bad setting; the message lists every problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses and validates the environment once; the API also needs JWT_SECRET. */
export function loadConfig(need: ConfigNeed, env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  if (parsed.success && need === 'api' && !parsed.data.JWT_SECRET) {
    problems.push('  JWT_SECRET: required by the API (use: openssl rand -hex 32)');
  }
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Invalid configuration (${need}):\n${problems.join('\n')}`);
  }
  return parsed.data;
}
