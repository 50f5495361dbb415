/**
 * Summarises a V8 CPU profile (`node --cpu-prof`) of the API under load: where its one thread spends
 * its time, by library. Each sample goes to the innermost frame that belongs to a library or to our code;
 * Node's own frames (node:internal/…, builtins) count for the library that called them, so the HMAC of a
 * JWT check counts for jsonwebtoken and a socket write from express for express. Samples with no library
 * on the stack are Node's core (the HTTP parser, sockets, timers).
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  name: string;
  ms: number;
  /** Share of the busy (non-idle) time. */
  share: number;
}

export interface ProfileSummary {
  /** Span of the samples summarised. */
  wallMs: number;
  /** True when only the samples of the measured run were kept. */
  windowed: boolean;
  busyMs: number;
  categories: ProfileShare[];
  /** Functions with the most self time (not attributed upwards). */
  topFunctions: ProfileShare[];
}

const PACKAGE_GROUPS: [RegExp, string][] = [
  [/^(jsonwebtoken|jws|jwa|ecdsa-sig-formatter|safe-buffer|semver|lodash\..*)$/, 'jsonwebtoken (JWT verify)'],
  [
    /^(pino|pino-http|pino-std-serializers|sonic-boom|thread-stream|fast-redact|quick-format-unescaped|on-exit-leak-free|atomic-sleep|safe-stable-stringify|get-caller-file)$/,
    'pino / pino-http (request logger)',
  ],
  [
    /^(ioredis|@ioredis\/.*|redis-parser|redis-errors|denque|cluster-key-slot|standard-as-callback|debug|ms)$/,
    'ioredis (Redis client)',
  ],
  [/^(postgres|drizzle-orm)$/, 'postgres.js / drizzle-orm (Postgres)'],
  [/^helmet$/, 'helmet (security headers)'],
  [/^zod$/, 'zod (validation)'],
  [/^(bullmq|msgpackr|cron-parser|node-abort-controller|uuid)$/, 'bullmq (queue counts)'],
  [/^tsx$/, 'tsx loader'],
];

const OUR_CODE = 'our code (apps/api, packages)';

function packageOf(url: string): string | null {
  const at = url.lastIndexOf('/node_modules/');
  if (at < 0) return null;
  const rest = url.slice(at + '/node_modules/'.length).split('/');
  const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? '');
  if (name.startsWith('@boutique/')) return OUR_CODE;
  for (const [pattern, group] of PACKAGE_GROUPS) if (pattern.test(name)) return group;
  // express 5 and its own helpers (router, body-parser, send, finalhandler, qs, …).
  return 'express + middleware stack (router, body-parser, send, …)';
}

/** The category a frame stands for, or null for Node's own frames (attributed to a caller). */
function categoryOf(frame: CallFrame): string | null {
  const { functionName: fn, url } = frame;
  if (fn === '(garbage collector)') return 'garbage collector';
  if (fn === '(idle)') return 'idle';
  if (fn === '(program)') return 'V8 / native (program)';
  if (url === '' && (fn === 'stringify' || fn === 'parse')) return 'JSON.parse / JSON.stringify';
  const pkg = packageOf(url);
  if (pkg) return pkg;
  if (/\/(apps|packages)\/[^/]+\/src\//.test(url)) return OUR_CODE;
  return null;
}

/**
 * Summarises the samples taken within `window` (µs on the profile's clock; the whole profile when the
 * window holds no sample), so that the process's start-up and module loading are left out.
 */
export function summariseProfile(path: string, window: [number, number] | null, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const category = new Map<number, string>();
  const categoryFor = (id: number): string => {
    const known = category.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const own = categoryOf(node.callFrame);
    const up = parent.get(id);
    const value = own ?? (up === undefined ? 'Node core (HTTP parser, sockets, timers)' : categoryFor(up));
    category.set(id, value);
    return value;
  };
  // timeDeltas[i] is the time before sample i: it is spent in the sample before it.
  const at: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) {
    t += delta;
    at.push(t);
  }
  const inWindow = (i: number) => !window || (at[i]! >= window[0] && at[i]! <= window[1]);
  const cut = window !== null && profile.samples.some((_, i) => inWindow(i));
  const selfUs = new Map<number, number>();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < profile.samples.length; i++) {
    if (cut && !inWindow(i)) continue;
    const id = profile.samples[i]!;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
    first = Math.min(first, at[i]!);
    last = Math.max(last, at[i]!);
  }
  const totals = new Map<string, number>();
  const functions = new Map<string, number>();
  let idleUs = 0;
  let allUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const name = categoryFor(id);
    allUs += us;
    if (name === 'idle') {
      idleUs += us;
      continue;
    }
    totals.set(name, (totals.get(name) ?? 0) + us);
    const frame = node.callFrame;
    const file = frame.url
      .replace(/^.*\/node_modules\//, '')
      .replace(/^file:\/\/.*\/(apps|packages)\//, '$1/');
    const key =
      `${frame.functionName || '(anonymous)'} ${file ? `(${file}:${frame.lineNumber + 1})` : ''}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const busyUs = allUs - idleUs;
  const shares = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 100) / 10,
        share: Math.round((1000 * us) / busyUs) / 1000,
      }));
  return {
    wallMs: Math.round((last - first) / 1000),
    windowed: cut,
    busyMs: Math.round(busyUs / 1000),
    categories: shares(totals),
    topFunctions: shares(functions).slice(0, top),
  };
}
