import { api } from './api';
import { fmt, h, show } from './dom';
import type { Enqueued, JobStatus } from './types';

const POLL_MS = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls a job's status_url until it completes or fails, reporting every status on the way. */
export async function followJob(statusUrl: string, onStatus: (s: JobStatus) => void): Promise<JobStatus> {
  for (;;) {
    const status = await api<JobStatus>('GET', statusUrl);
    onStatus(status);
    if (status.state === 'completed' || status.state === 'failed') return status;
    await sleep(POLL_MS);
  }
}

export interface JobButtonOptions {
  /** The training route, e.g. "train-sales-forecast". */
  job: string;
  label: string;
  /** The request body, read when the button is pressed. */
  body?: () => unknown;
  /** After a completed job (to reload what it changed). */
  onDone?: (status: JobStatus) => void | Promise<void>;
}

/**
 * A button that enqueues a job, then a live progress bar (state and percent, announced politely) until
 * the job completes or fails.
 */
export function jobButton(options: JobButtonOptions): HTMLElement {
  const id = `job-${options.job}`;
  const status = h('div', { class: 'job-status', id: `${id}-status`, role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'primary', 'data-job': options.job }, options.label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    const bar = h('progress', { max: 100, value: 0, 'aria-label': `${options.label}: progress` });
    const text = h('span', { class: 'job-text' }, 'Queuing…');
    show(status, bar, text);
    try {
      const enqueued = await api<Enqueued>('POST', `/api/ml/${options.job}/`, options.body?.() ?? {});
      const final = await followJob(enqueued.status_url, (s) => {
        bar.value = s.progress;
        text.textContent = `${fmt.label(s.state)} · ${s.progress}%`;
        status.dataset.state = s.state;
      });
      if (final.state === 'failed') {
        text.textContent = `Failed: ${final.error?.message ?? 'see the worker log'}`;
        status.classList.add('error');
      } else {
        text.textContent = `Done · 100%${describe(final.result)}`;
        status.classList.remove('error');
        await options.onDone?.(final);
      }
    } catch (err) {
      text.textContent = `Could not run it: ${(err as Error).message}`;
      status.dataset.state = 'failed';
      status.classList.add('error');
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { class: 'job' }, button, status);
}

/** The one or two numbers of a finished job an admin looks at first. */
function describe(result: Record<string, unknown> | null): string {
  if (!result) return '';
  const m = (result.metrics ?? {}) as Record<string, unknown>;
  if (typeof result.version === 'number') {
    const parts = [`v${result.version}`];
    if (typeof m.test_r2 === 'number') parts.push(`test R² ${fmt.num(m.test_r2)}`);
    if (typeof m.mase === 'number') parts.push(`MASE ${fmt.num(m.mase)}`);
    if (typeof m.silhouette_score === 'number') parts.push(`silhouette ${fmt.num(m.silhouette_score)}`);
    if (typeof m.coverage === 'number') parts.push(`coverage ${fmt.pct(m.coverage)}`);
    return ` — ${parts.join(', ')}`;
  }
  if (typeof result.total_products_analyzed === 'number') {
    return ` — ${result.total_products_analyzed} products analysed`;
  }
  return '';
}
