/**
 * Result records of the `scale` section (bench/scale/scale.ts writes them, bench/scale/render.ts renders
 * them). No side effects: report.ts imports this.
 */
import type { JobName } from '@boutique/shared';
import type { ProfileShare } from '../load/profile';
import type { ScaleStoreName, WriteTiming } from './store';

export type { WriteTiming } from './store';

/** The jobs, in the order a store admin would run them (inventory reads the forecast's product demand). */
export const SCALE_JOBS: { name: JobName; label: string; data: Record<string, unknown> }[] = [
  { name: 'train-sales-forecast', label: 'random_forest', data: { model_type: 'random_forest' } },
  { name: 'train-sales-forecast', label: 'gradient_boosting', data: { model_type: 'gradient_boosting' } },
  { name: 'train-sales-forecast', label: 'linear', data: { model_type: 'linear' } },
  { name: 'train-product-recommendation', label: 'hybrid', data: {} },
  { name: 'train-customer-segmentation', label: 'kmeans', data: {} },
  { name: 'analyze-inventory', label: '', data: {} },
];

/** Targets of the issue, per job, on this machine. */
export const SCALE_TARGETS = { seconds: 300, rssMb: 2048 } as const;

export interface JobSteps {
  /** Enqueue → the worker took it (queue latency). */
  queued: number | null;
  /** Took it → 5% (job data validated, training log opened). */
  start: number | null;
  /**
   * 5% → 75%: load the data, then fit and evaluate (for inventory: analyse). One span, because the worker
   * reports 25% without awaiting it and the fit then holds the event loop, so 25% reaches Redis only
   * after the fit.
   */
  loadAndCompute: number | null;
  /** Of loadAndCompute, the time a worker's Postgres backend was running a statement (sampled / 100 ms). */
  postgresBusy: number | null;
  /** 75% → 95%: persist (the transaction; the forecast also loads and computes per-product demand here). */
  persist: number | null;
  /** 95% → completed (cache invalidation, BullMQ's completion). */
  finish: number | null;
}

export interface ScaleJob {
  job: JobName;
  label: string;
  data: Record<string, unknown>;
  state: 'completed' | 'failed' | 'timeout';
  error?: string;
  /** processedOn → finishedOn of the job in BullMQ (the worker's run, loading and saving included). */
  runSeconds: number | null;
  /** enqueue → completed seen by the bench. */
  queuedToDoneSeconds: number;
  steps: JobSteps;
  /** Peak RSS (VmHWM) of the worker process after the job; it ran nothing else. */
  peakRssMb: number | null;
  /** The largest RSS sampled (every ~100 ms) during the steps: which one makes the peak. */
  sampledRssMb: { loadAndCompute: number | null; persist: number | null };
  /** VmHWM of the same process once ready, before the job (node + tsx + the worker's modules). */
  readyRssMb: number | null;
  workerCpuSeconds: number;
  /** CPU of the Postgres backends serving the worker, during the job. */
  postgresCpuSeconds: number;
  /** BullMQ attempts made (1 unless the job lost its lock and was retried). */
  attemptsMade: number;
  loadAverage: number;
  /** Rows the job added to the model-output tables (recommendations, segments, demand, alerts). */
  rowsWritten: number;
  result: Record<string, unknown> | null;
}

/** The slowest job run once more under `node --cpu-prof`: its worker's main thread by library. */
export interface ScaleProfile {
  job: JobName;
  label: string;
  runSeconds: number | null;
  steps: JobSteps;
  busyMs: number;
  wallMs: number;
  categories: ProfileShare[];
  topFunctions: ProfileShare[];
}

export interface ScaleResult {
  store: ScaleStoreName;
  write: WriteTiming[];
  jobs: ScaleJob[];
  profile?: ScaleProfile | null;
  workerEnv: Record<string, string>;
}
