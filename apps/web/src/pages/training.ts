import { api } from '../api';
import { fmt, h, show, table } from '../dom';
import { jobButton } from '../jobs';
import type { Paginated, TrainingLogRow } from '../types';

export const FORECAST_MODEL_TYPES = [
  ['linear', 'Linear (ridge), fastest'],
  ['random_forest', 'Random forest'],
  ['gradient_boosting', 'Gradient boosting'],
] as const;

/** A labelled select of the forecast algorithms. */
export function modelTypeSelect(id: string): HTMLSelectElement {
  return h(
    'select',
    { id, name: 'model_type' },
    ...FORECAST_MODEL_TYPES.map(([value, label]) => h('option', { value }, label)),
  );
}

export function trainingLogsTable(rows: TrainingLogRow[]): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'muted' }, 'No training yet.');
  return table(
    'Training logs, newest first',
    ['Model', 'Status', 'Started', 'Duration', 'Records', 'Outcome'],
    rows.map((r) => [
      fmt.label(r.model_type),
      h('span', { class: `badge ${r.status}` }, r.status),
      fmt.when(r.started_at),
      r.duration_seconds === null ? '—' : `${fmt.num(r.duration_seconds, 1)} s`,
      fmt.int(r.records_used),
      r.error ?? outcome(r.metrics),
    ]),
  );
}

function outcome(metrics: Record<string, unknown> | null): string {
  if (!metrics) return '';
  const shown: string[] = [];
  for (const key of ['test_r2', 'mase', 'silhouette_score', 'coverage']) {
    if (typeof metrics[key] === 'number') shown.push(`${key} ${fmt.num(metrics[key])}`);
  }
  return shown.join(', ');
}

/** Training buttons for every model and the inventory analysis, with live progress, then the logs. */
export async function trainingPage(root: HTMLElement): Promise<void> {
  const logs = h('div', { id: 'training-logs' });
  const reload = async () => {
    const page = await api<Paginated<TrainingLogRow>>('GET', '/api/ml/training-logs/?page_size=20');
    show(logs, trainingLogsTable(page.results));
  };
  const modelType = modelTypeSelect('training-model-type');
  show(
    root,
    h('h1', {}, 'Training'),
    h(
      'p',
      { class: 'muted' },
      'Each button queues a job for the worker; progress updates live. The previous model stays active until the new one is saved.',
    ),
    h(
      'section',
      { class: 'grid' },
      h(
        'div',
        { class: 'card' },
        h('h2', {}, 'Sales forecast'),
        h('label', { for: 'training-model-type' }, 'Algorithm'),
        modelType,
        jobButton({
          job: 'train-sales-forecast',
          label: 'Train sales forecast',
          body: () => ({ model_type: modelType.value }),
          onDone: reload,
        }),
      ),
      h(
        'div',
        { class: 'card' },
        h('h2', {}, 'Recommendations'),
        jobButton({ job: 'train-product-recommendation', label: 'Train recommendations', onDone: reload }),
      ),
      h(
        'div',
        { class: 'card' },
        h('h2', {}, 'Customer segments'),
        jobButton({ job: 'train-customer-segmentation', label: 'Train segmentation', onDone: reload }),
      ),
      h(
        'div',
        { class: 'card' },
        h('h2', {}, 'Inventory'),
        jobButton({ job: 'analyze-inventory', label: 'Run inventory analysis', onDone: reload }),
      ),
    ),
    h('section', { class: 'card' }, h('h2', {}, 'Training logs'), logs),
  );
  await reload();
}
