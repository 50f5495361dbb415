/**
 * The load generator of the `load` section, run by bench/load/load.ts as its own process (so the load
 * tool's CPU is not the API's): autocannon against one endpoint, rotating over the given paths, after an
 * unrecorded warm-up. Prints one JSON line.
 *
 *   node --import tsx bench/load/cannon.ts '<json CannonSpec>'
 *
 * Latency percentiles are computed here from every response's time (autocannon's own histogram keeps
 * whole milliseconds, too coarse for a p50 of 1–3 ms); autocannon's p50/p99 are reported next to them.
 */
import autocannon, { type RawRequest } from 'autocannon';

export interface CannonSpec {
  baseUrl: string;
  method: 'GET' | 'POST';
  /** Paths to rotate over, one per request, round robin across all connections. */
  paths: string[];
  body?: unknown;
  token?: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface CannonResult {
  connections: number;
  durationSeconds: number;
  requests: number;
  reqPerSec: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  /** autocannon's own percentiles (whole milliseconds). */
  autocannonMs: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** CPU seconds the load generator itself used during the measured run. */
  loaderCpuSeconds: number;
  /**
   * The measured run on the monotonic clock, µs (process.hrtime: CLOCK_MONOTONIC on Linux, the clock of
   * V8's CPU profiles), so a profile of the server can be cut to it.
   */
  measuredUs: [number, number];
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

async function fire(spec: CannonSpec, seconds: number, times: number[] | null) {
  let next = 0;
  const headers: Record<string, string> = {};
  if (spec.token) headers.authorization = `Bearer ${spec.token}`;
  const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const instance = autocannon({
    url: spec.baseUrl,
    connections: spec.connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: spec.method,
        path: spec.paths[0]!,
        headers,
        ...(body !== undefined ? { body } : {}),
        setupRequest: (request: RawRequest) => {
          const path = spec.paths[next % spec.paths.length]!;
          next += 1;
          return { ...request, path };
        },
      },
    ],
  });
  if (times)
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) =>
      times.push(ms),
    );
  return instance;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as CannonSpec;
  if (spec.warmupSeconds > 0) await fire(spec, spec.warmupSeconds, null);
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  const from = Number(process.hrtime.bigint() / 1000n);
  const result = await fire(spec, spec.durationSeconds, times);
  const to = Number(process.hrtime.bigint() / 1000n);
  const cpu = process.cpuUsage(cpu0);
  const sorted = Float64Array.from(times).sort();
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = Number(stats.count);
  const requests = times.length;
  const out: CannonResult = {
    connections: spec.connections,
    durationSeconds: result.duration,
    requests,
    reqPerSec: round(requests / result.duration, 1),
    latencyMs: {
      mean: round(times.reduce((a, b) => a + b, 0) / Math.max(1, requests), 3),
      p50: round(percentile(sorted, 0.5), 3),
      p90: round(percentile(sorted, 0.9), 3),
      p99: round(percentile(sorted, 0.99), 3),
      max: round(sorted[sorted.length - 1] ?? Number.NaN, 3),
    },
    autocannonMs: { p50: result.latency.p50, p99: result.latency.p99 },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    loaderCpuSeconds: round((cpu.user + cpu.system) / 1e6, 2),
    measuredUs: [from, to],
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

await main();
