import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './processes';

/**
 * A redis-server of the test's own on a spare port, so stopping it never touches the machine's shared one.
 * `persistent` keeps an append-only file (fsync on every write), as production must: then a restart keeps
 * every queued job, and the test can tell "lost in the restart" from "lost by our code".
 */
export class OwnRedis {
  private proc: ChildProcess | null = null;
  private readonly dir: string;

  private constructor(
    readonly port: number,
    private readonly persistent: boolean,
  ) {
    this.dir = mkdtempSync(path.join(tmpdir(), 'bml-redis-'));
  }

  static async start(opts: { persistent?: boolean } = {}): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort(), opts.persistent ?? false);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const persistence = this.persistent
      ? ['--appendonly', 'yes', '--appendfsync', 'always']
      : ['--appendonly', 'no'];
    const args = ['--port', String(this.port), '--dir', this.dir, '--save', '', ...persistence];
    const proc = spawn('redis-server', [...args, '--maxmemory-policy', 'noeviction'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
      proc.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${output}`));
      });
    });
  }

  /** SIGKILL: the harshest stop, no chance to save anything beyond what was already fsynced. */
  async kill(): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
