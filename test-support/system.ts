import { randomBytes } from 'node:crypto';
import {
  createDatabase,
  type Database,
  type GenerateOptions,
  generateStore,
  type UserRole,
  upsertUser,
  writeStore,
} from '@boutique/db';
import { hashPassword } from '@boutique/shared';
import { Redis } from 'ioredis';
import { freshDatabase } from './index';
import { freePort, type ManagedProcess, startProcess, stopProcess, waitFor } from './processes';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_PASSWORD = 'correct-horse-battery';

/** A small but realistic store: enough history for every model, fast to generate and write. */
export const SMALL_STORE: GenerateOptions = {
  seed: 7,
  days: 240,
  orders: 1500,
  customers: 120,
  products: 60,
  end: '2026-06-30',
};

export interface System {
  baseUrl: string;
  databaseUrl: string;
  database: Database;
  prefix: string;
  env: Record<string, string>;
  api: ManagedProcess;
  workers: ManagedProcess[];
  /** Starts another worker process (extra env merged over the system's). */
  startWorker(extraEnv?: Record<string, string>): Promise<ManagedProcess>;
  /** A bearer token for a user of this role (users are created at start). */
  token(role: UserRole): Promise<string>;
  /** fetch against the API with JSON in and out. */
  request(
    method: string,
    path: string,
    opts?: { token?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

export interface SystemOptions {
  store?: GenerateOptions | null;
  env?: Record<string, string>;
  workers?: number;
  workerEnv?: Record<string, string>;
  /** The database URL the API and workers get (e.g. through a test's proxy); the test itself keeps the direct one. */
  processDatabaseUrl?: (url: string) => string;
}

/**
 * Starts the real system for a test file: a fresh database (optionally filled with generated store data),
 * its own BullMQ key prefix on the shared Redis, the API and N worker processes.
 */
export async function startSystem(options: SystemOptions = {}): Promise<System> {
  const fresh = await freshDatabase();
  const database = createDatabase(fresh.url, { max: 4 });
  const prefix = `bmltest_${randomBytes(5).toString('hex')}`;
  if (options.store !== null) {
    await writeStore(database, generateStore(options.store ?? SMALL_STORE), { reset: false });
  }
  const passwordHash = await hashPassword(TEST_PASSWORD);
  for (const role of ['admin', 'superuser', 'staff', 'customer'] as const) {
    await upsertUser(database.db, { username: `${role}-user`, passwordHash, role }, { replace: false });
  }
  const port = await freePort();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: options.processDatabaseUrl?.(fresh.url) ?? fresh.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    JOB_BACKOFF_MS: '200',
    WORKER_LOCK_DURATION_MS: '3000',
    WORKER_STALLED_INTERVAL_MS: '1000',
    ...options.env,
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const api = startProcess('api', 'apps/api/src/main.ts', env);
  const workers: ManagedProcess[] = [];
  const startWorker = async (extraEnv: Record<string, string> = {}) => {
    const worker = startProcess(`worker-${workers.length + 1}`, 'apps/worker/src/main.ts', {
      ...env,
      ...options.workerEnv,
      ...extraEnv,
    });
    workers.push(worker);
    await worker.waitForOutput(/worker ready/);
    return worker;
  };
  await api.waitForOutput(/API listening/);
  for (let i = 0; i < (options.workers ?? 1); i++) await startWorker();

  const request: System['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    }
    // A request that never gets an answer fails with its name, instead of the test timing out mutely.
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(20_000),
    }).catch((err) => {
      throw (err as Error).name === 'TimeoutError'
        ? new Error(`no answer within 20 s to ${method} ${path}`)
        : err;
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text so the assertion shows it
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  const tokens = new Map<UserRole, string>();
  const token = async (role: UserRole) => {
    const cached = tokens.get(role);
    if (cached) return cached;
    const res = await request('POST', '/api/auth/token/', {
      body: { username: `${role}-user`, password: TEST_PASSWORD },
    });
    if (res.status !== 200)
      throw new Error(`login as ${role} failed: ${res.status} ${JSON.stringify(res.body)}`);
    tokens.set(role, res.body.access);
    return res.body.access as string;
  };

  return {
    baseUrl,
    databaseUrl: fresh.url,
    database,
    prefix,
    env,
    api,
    workers,
    startWorker,
    token,
    request,
    async stop() {
      await Promise.all([api, ...workers].map((p) => stopProcess(p)));
      await database.close();
      await deleteQueueKeys(prefix);
      await fresh.drop();
    },
  };
}

/** Removes every Redis key of a test's queue prefix. */
export async function deleteQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Polls a job until it reaches a final state (or `until` holds) and returns its last status. */
export async function waitForJob(
  system: System,
  jobId: string,
  until: (status: any) => boolean = (s) => s.state === 'completed' || s.state === 'failed',
  timeoutMs = 60_000,
): Promise<any> {
  const token = await system.token('admin');
  return waitFor(
    async () => {
      const res = await system.request('GET', `/api/ml/jobs/${jobId}/`, { token });
      return res.status === 200 && until(res.body) ? res.body : null;
    },
    { timeoutMs, what: `job ${jobId}` },
  );
}

export { waitFor };
