import { ApiError, api } from '../api';
import { fmt, h, notice, show, table } from '../dom';
import { jobButton } from '../jobs';
import type { InventoryAlert, InventoryAnalysis, InventoryHealth } from '../types';

const URGENCY = ['', 'low', 'moderate', 'medium', 'high', 'critical'];

/** The latest inventory analysis: health score, open alerts with a Resolve button each, and a re-run. */
export async function inventoryPage(root: HTMLElement): Promise<void> {
  const health = h('div', { id: 'inventory-health' });
  const alerts = h('div', { id: 'inventory-alerts' });
  const status = h('div', { role: 'status', 'aria-live': 'polite', id: 'resolve-status' });

  const resolveButton = (alert: InventoryAlert) => {
    const button = h(
      'button',
      { type: 'button', 'data-alert-id': alert.id, 'aria-label': `Resolve alert for ${alert.product_name}` },
      'Resolve',
    );
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await api('POST', `/api/ml/inventory-alerts/${alert.id}/resolve/`, {});
        const row = button.closest('tr');
        show(status, notice(`Resolved: ${alert.product_name}.`));
        row?.remove();
        await loadHealthOnly();
      } catch (err) {
        button.disabled = false;
        show(status, notice(`Could not resolve it: ${(err as Error).message}`, 'error'));
      }
    });
    return button;
  };

  const loadHealthOnly = async () => {
    const hl = await api<InventoryHealth>('GET', '/api/ml/inventory-health/');
    show(
      health,
      h(
        'div',
        { class: `health ${hl.status}` },
        h('span', { class: 'health-score', id: 'health-score' }, fmt.int(hl.health_score)),
        h('span', {}, `health score (of 100): ${fmt.label(hl.status)}`),
      ),
      h('ul', { class: 'advice' }, ...hl.recommendations.map((r) => h('li', {}, r))),
    );
  };

  const reload = async () => {
    try {
      const analysis = await api<InventoryAnalysis>('GET', '/api/ml/inventory-analysis/');
      await loadHealthOnly();
      show(
        alerts,
        h(
          'p',
          { class: 'muted' },
          `Analysis of ${analysis.total_products_analyzed} products as of ${analysis.as_of} ` +
            `(${fmt.when(analysis.created_at)}): ${analysis.alerts.length} open alerts.`,
        ),
        analysis.alerts.length
          ? table(
              'Open inventory alerts, most urgent first',
              ['Product', 'Alert', 'Urgency', 'Stock', 'Recommended', 'Demand 7 d', 'Stock-out', ''],
              analysis.alerts.map((a) => [
                h('span', {}, a.product_name, h('br'), h('small', { class: 'muted' }, a.sku)),
                fmt.label(a.alert_type),
                h(
                  'span',
                  { class: `badge u${a.urgency_level}` },
                  URGENCY[a.urgency_level] ?? a.urgency_level,
                ),
                fmt.int(a.current_stock),
                fmt.int(a.recommended_stock),
                fmt.num(a.predicted_demand_7days, 1),
                a.estimated_stockout_date ?? '—',
                resolveButton(a),
              ]),
            )
          : h('p', {}, 'Nothing to act on.'),
      );
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        show(health);
        show(alerts, notice('No inventory analysis yet: run one below.'));
      } else throw err;
    }
  };

  show(
    root,
    h('h1', {}, 'Inventory'),
    h('section', { class: 'card' }, h('h2', {}, 'Health'), health),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Alerts'),
      status,
      alerts,
      jobButton({ job: 'analyze-inventory', label: 'Run inventory analysis', onDone: reload }),
    ),
  );
  await reload();
}
