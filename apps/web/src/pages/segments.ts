import { ApiError, api } from '../api';
import { fmt, h, notice, show, table } from '../dom';
import { jobButton } from '../jobs';
import type { CustomerSegment, CustomerSegmentRow, ModelRow, Paginated } from '../types';

interface SegmentationMetrics {
  n_customers: number;
  silhouette_score: number;
  cluster_sizes: Record<string, number>;
  cluster_names: Record<string, string>;
  centroids: Record<string, number>[];
  clv: { method: string; horizon_months: number; total_predicted_value: number };
  as_of: string;
}

const CUSTOMERS_PAGE_SIZE = 10;

/**
 * The customers of a segment (or of all), most valuable first, a page at a time: a segment selector and
 * Previous / Next buttons that follow the API's own page links.
 */
function segmentCustomers(segmentTypes: string[]): HTMLElement {
  const choice = h(
    'select',
    { id: 'segment-filter' },
    h('option', { value: '' }, 'All segments'),
    ...segmentTypes.map((t) => h('option', { value: t }, fmt.label(t))),
  );
  const status = h('span', { id: 'segment-customers-status', class: 'muted', role: 'status' });
  const previous = h('button', { type: 'button', disabled: true }, 'Previous');
  const next = h('button', { type: 'button', disabled: true }, 'Next');
  const rows = h('div', { id: 'segment-customers' });
  let links: { next: string | null; previous: string | null } = { next: null, previous: null };
  let latest = 0;

  const load = async (path: string) => {
    const mine = ++latest;
    previous.disabled = true;
    next.disabled = true;
    try {
      const page = await api<Paginated<CustomerSegmentRow>>('GET', path);
      if (mine !== latest) return; // a later choice is on its way
      links = { next: page.next, previous: page.previous };
      const at = Number(new URL(path, location.origin).searchParams.get('page') ?? '1');
      const pages = Math.max(1, Math.ceil(page.count / CUSTOMERS_PAGE_SIZE));
      status.textContent = `${fmt.int(page.count)} customers · page ${at} of ${pages}`;
      show(
        rows,
        table(
          choice.value ? `Customers of the ${fmt.label(choice.value)} segment` : 'Customers of every segment',
          ['Name', 'Segment', 'Lifetime value', 'Confidence'],
          page.results.map((c) => [
            c.customer_name,
            fmt.label(c.segment_type),
            fmt.money(c.lifetime_value_prediction),
            fmt.pct(c.confidence_score),
          ]),
        ),
      );
      previous.disabled = page.previous === null;
      next.disabled = page.next === null;
    } catch (err) {
      if (mine === latest) show(rows, notice(err instanceof ApiError ? err.message : String(err), 'error'));
    }
  };
  const first = () => {
    const query = new URLSearchParams({ page_size: String(CUSTOMERS_PAGE_SIZE) });
    if (choice.value) query.set('segment_type', choice.value);
    return `/api/ml/customer-segments/?${query}`;
  };
  choice.addEventListener('change', () => void load(first()));
  previous.addEventListener('click', () => {
    if (links.previous) void load(links.previous);
  });
  next.addEventListener('click', () => {
    if (links.next) void load(links.next);
  });
  void load(first());
  return h(
    'div',
    {},
    h('h2', {}, 'Customers by segment'),
    h('div', { class: 'controls' }, h('label', { for: 'segment-filter' }, 'Segment'), choice, status),
    rows,
    h('div', { class: 'controls' }, previous, next),
  );
}

/**
 * Customer segments from the active segmentation model: customers per segment with each segment's
 * typical customer (its centroid), the lifetime value the model expects, the customers of a segment, and
 * one customer's segment.
 */
export async function segmentsPage(root: HTMLElement): Promise<void> {
  const body = h('div', { id: 'segments' });
  const customers = h('section', { class: 'card', hidden: true });
  const reload = async () => {
    const models = await api<Paginated<ModelRow>>(
      'GET',
      '/api/ml/models/?model_type=customer_segmentation&is_active=true&page_size=1',
    );
    const model = models.results[0];
    if (!model) {
      show(body, notice('No segmentation model yet: train one below.'));
      customers.hidden = true;
      return;
    }
    const m = model.metrics as unknown as SegmentationMetrics;
    const clusters = Object.keys(m.cluster_sizes).sort((a, b) => Number(a) - Number(b));
    // The list filters by type: a model with more than six clusters also has `frequent_2` and the like.
    const types = [...new Set(clusters.map((c) => (m.cluster_names[c] ?? '').replace(/_\d+$/, '')))];
    show(customers, segmentCustomers(types.filter(Boolean)));
    customers.hidden = false;
    show(
      body,
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'Model'),
        h('dd', {}, `k-means v${model.version}, ${clusters.length} segments`),
        h('dt', {}, 'Customers'),
        h('dd', {}, fmt.int(m.n_customers)),
        h('dt', {}, 'Silhouette'),
        h('dd', {}, fmt.num(m.silhouette_score)),
        h('dt', {}, `Expected value, next ${m.clv.horizon_months} months`),
        h('dd', { id: 'clv-total' }, fmt.money(m.clv.total_predicted_value)),
        h('dt', {}, 'Lifetime value model'),
        h('dd', {}, fmt.label(m.clv.method)),
      ),
      h(
        'div',
        { class: 'bars', 'aria-hidden': 'true' },
        ...clusters.map((c) =>
          h(
            'div',
            { class: 'bar-row' },
            h('span', {}, fmt.label(m.cluster_names[c] ?? c)),
            h('meter', { min: 0, max: m.n_customers, value: m.cluster_sizes[c] ?? 0 }),
          ),
        ),
      ),
      table(
        'Customers per segment, with the typical customer of each',
        ['Segment', 'Customers', 'Share', 'Days since last order', 'Orders', 'Spent', 'Order value'],
        clusters.map((c) => {
          const size = m.cluster_sizes[c] ?? 0;
          const centroid = m.centroids[Number(c)] ?? {};
          return [
            fmt.label(m.cluster_names[c] ?? c),
            fmt.int(size),
            fmt.pct(size / m.n_customers),
            fmt.int(centroid.recency_days),
            fmt.num(centroid.total_orders, 1),
            fmt.money(centroid.total_spent),
            fmt.money(centroid.avg_order_value),
          ];
        }),
      ),
    );
  };

  const customerId = h('input', {
    id: 'customer-id',
    name: 'customer_id',
    placeholder: 'e.g. 3f2c…',
    autocomplete: 'off',
    required: true,
    pattern: '[0-9a-fA-F-]{36}',
  });
  const result = h('div', { id: 'customer-result', 'aria-live': 'polite' });
  const lookup = h(
    'form',
    { class: 'inline-form' },
    h('label', { for: 'customer-id' }, 'Customer id'),
    customerId,
    h('button', { type: 'submit' }, 'Show segment'),
  );
  lookup.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const s = await api<CustomerSegment>(
        'GET',
        `/api/ml/customer-segment/${encodeURIComponent(customerId.value.trim())}/`,
      );
      show(
        result,
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, 'Customer'),
          h('dd', {}, s.customer_name),
          h('dt', {}, 'Segment'),
          h('dd', {}, `${fmt.label(s.segment_type)} (confidence ${fmt.pct(s.confidence_score)})`),
          h('dt', {}, 'Lifetime value'),
          h('dd', {}, fmt.money(s.lifetime_value_prediction)),
          h('dt', {}, 'Orders'),
          h('dd', {}, fmt.int(s.characteristics.total_orders)),
          h('dt', {}, 'Spent'),
          h('dd', {}, fmt.money(s.characteristics.total_spent)),
        ),
        h('ul', {}, ...s.recommendations.map((r) => h('li', {}, r))),
      );
    } catch (err) {
      show(result, notice(err instanceof ApiError ? err.message : String(err), 'error'));
    }
  });

  show(
    root,
    h('h1', {}, 'Customer segments'),
    h('section', { class: 'card' }, body),
    customers,
    h('section', { class: 'card' }, h('h2', {}, 'One customer'), lookup, result),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Train the segmentation'),
      jobButton({ job: 'train-customer-segmentation', label: 'Train segmentation', onDone: reload }),
    ),
  );
  await reload();
}
