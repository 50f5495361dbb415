/**
 * The real system for the `load` section: a throwaway Postgres database, the API and worker processes
 * (`node --import tsx apps/…/main.ts`, as `npm run start:api` runs them), their CPU time from /proc, and
 * the clean-up (processes, database, the bench's BullMQ queues and cache keys).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { REPO_DIR } from '../lib';

export const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = 'redis://127.0.0.1:6379';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement on the server's `postgres` database with psql (create / drop database). */
export function psql(statement: string): void {
  const run = spawnSync('psql', [ADMIN_URL, '-v', 'ON_ERROR_STOP=1', '-q', '-c', statement], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`psql -c '${statement}' failed: ${run.stderr || run.error?.message}`);
}

// Port and polling helpers are the tests' own: one implementation for tests and benchmarks.
export { freePort, waitFor } from '../../test-support/processes';

export interface AppProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  /** The last 20 kB it printed (stdout and stderr), for failure reports. */
  output(): string;
  exited: Promise<void>;
}

/** Starts an app entry point as a real Node process through tsx. */
export function startApp(
  name: string,
  entry: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): AppProcess {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(REPO_DIR, entry)], {
    cwd: REPO_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffer = '';
  const onData = (chunk: Buffer) => {
    buffer = (buffer + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  return { name, child, pid: child.pid, output: () => buffer, exited };
}

/** SIGTERM (the apps shut down gracefully on it), SIGKILL if still running after `timeoutMs`. */
export async function stopApp(app: AppProcess, timeoutMs = 20_000): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill('SIGTERM');
  const timer = setTimeout(() => app.child.kill('SIGKILL'), timeoutMs);
  await app.exited;
  clearTimeout(timer);
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** User + system CPU seconds a process has used so far (0 when it is gone). */
export function cpuSecondsOf(pid: number): number {
  const path = `/proc/${pid}/stat`;
  if (!existsSync(path)) return 0;
  try {
    const stat = readFileSync(path, 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Peak resident set size (VmHWM) of a running process, MB. */
export function peakRssOf(pid: number): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** Pids of the processes whose command name is `comm` (e.g. redis-server). */
export function pidsNamed(comm: string): number[] {
  const run = spawnSync('pgrep', ['-x', comm], { encoding: 'utf8' });
  return (run.stdout ?? '').split('\n').filter(Boolean).map(Number);
}

/** Deletes every Redis key of a prefix (the read cache's keys, which obliterating the queues leaves). */
export async function deleteKeys(pattern: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
