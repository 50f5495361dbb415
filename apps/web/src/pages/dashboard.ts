import { api } from '../api';
import { fmt, h, show, table } from '../dom';
import type { DashboardSummary } from '../types';
import { trainingLogsTable } from './training';

function stat(label: string, value: number, tone = ''): HTMLElement {
  return h('div', { class: `stat ${tone}` }, h('span', { class: 'stat-value' }, fmt.int(value)), label);
}

/** GET /api/ml/dashboard-summary/: counts, recent models and trainings, queues. */
export async function dashboardPage(root: HTMLElement): Promise<void> {
  const d = await api<DashboardSummary>('GET', '/api/ml/dashboard-summary/');
  const s = d.summary;
  const queues = Object.entries(d.queues).filter(([name]) => name !== 'available');
  show(
    root,
    h('h1', {}, 'Dashboard'),
    h(
      'section',
      { class: 'stats', 'aria-label': 'Summary' },
      stat('active models', s.total_active_models),
      stat('predictions', s.total_predictions),
      stat('predictions, last 7 days', s.predictions_last_7days),
      stat('open inventory alerts', s.active_inventory_alerts, s.active_inventory_alerts ? 'warn' : ''),
      stat('critical alerts', s.critical_inventory_alerts, s.critical_inventory_alerts ? 'bad' : ''),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Recent models'),
      d.recent_models.length
        ? table(
            'The five most recently trained models',
            ['Type', 'Algorithm', 'Version', 'Active', 'Trained'],
            d.recent_models.map((m) => [
              fmt.label(m.model_type),
              m.algorithm,
              `v${m.version}`,
              m.is_active ? 'yes' : 'no',
              fmt.when(m.trained_at),
            ]),
          )
        : h('p', { class: 'muted' }, 'No model trained yet: see Training.'),
    ),
    h('section', { class: 'card' }, h('h2', {}, 'Recent trainings'), trainingLogsTable(d.recent_trainings)),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Queues'),
      d.queues.available
        ? table(
            'Jobs per queue',
            ['Queue', 'Waiting', 'Active', 'Delayed', 'Failed', 'Completed'],
            queues.map(([name, c]) => {
              const counts = c as Record<string, number>;
              return [
                name,
                fmt.int((counts.waiting ?? 0) + (counts.prioritized ?? 0)),
                fmt.int(counts.active),
                fmt.int(counts.delayed),
                fmt.int(counts.failed),
                fmt.int(counts.completed),
              ];
            }),
          )
        : h('p', { class: 'muted' }, 'The queues do not answer right now (Redis is away).'),
    ),
  );
}
