import { ApiError, api } from '../api';
import { forecastChart, type LineChart } from '../chart';
import { fmt, h, notice, show, table } from '../dom';
import { jobButton } from '../jobs';
import type { SalesForecast, SalesHistory } from '../types';
import { modelTypeSelect } from './training';

export const MIN_HORIZON = 7;
export const MAX_HORIZON = 90;

/** Enough past to read the forecast against: twice the horizon, at least eight weeks. */
const historyDays = (horizon: number) => Math.max(56, horizon * 2);

/** The sales forecast as a chart: recent daily sales, the forecast and its interval; train from here too. */
export async function forecastPage(root: HTMLElement): Promise<void> {
  const horizon = h('input', {
    id: 'horizon',
    type: 'range',
    min: MIN_HORIZON,
    max: MAX_HORIZON,
    step: 1,
    value: 30,
  });
  const horizonValue = h('output', { for: 'horizon', id: 'horizon-value' }, '30 days');
  const level = h(
    'select',
    { id: 'confidence-level' },
    ...[0.8, 0.9, 0.95].map((l) => h('option', { value: l }, `${l * 100}%`)),
  );
  const canvas = h('canvas', {
    id: 'forecast-chart',
    role: 'img',
    'aria-label': 'Daily sales and forecast',
  });
  const summary = h('div', { id: 'forecast-summary', 'aria-live': 'polite' });
  const details = h('div', { id: 'forecast-table' });
  const chartBox = h('div', { class: 'chart-box' }, canvas);
  const modelType = modelTypeSelect('forecast-model-type');
  let chart: LineChart | null = null;
  let request = 0;

  const draw = async () => {
    const days = Number(horizon.value);
    horizonValue.textContent = `${days} days`;
    const mine = ++request;
    try {
      const [forecast, history] = await Promise.all([
        api<SalesForecast>('POST', '/api/ml/predict-sales/', {
          days_ahead: days,
          confidence_level: Number(level.value),
        }),
        api<SalesHistory>('GET', `/api/ml/sales-history/?days=${historyDays(days)}`),
      ]);
      if (mine !== request) return; // a newer horizon was asked meanwhile
      chart?.destroy();
      chartBox.hidden = false;
      chart = forecastChart(canvas, history.history, forecast.predictions, forecast.summary.confidence_level);
      const s = forecast.summary;
      canvas.setAttribute(
        'aria-label',
        `Daily sales for ${history.history.length} days up to ${history.to}, then the ${forecast.algorithm} ` +
          `forecast for ${s.days_ahead} days: ${fmt.money(s.total_predicted_sales)} in total.`,
      );
      show(
        summary,
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, 'Model'),
          h('dd', {}, `${forecast.algorithm} v${forecast.model_version}`),
          h('dt', {}, 'Period'),
          h('dd', {}, `${s.start_date} to ${s.end_date}`),
          h('dt', {}, 'Total sales'),
          h('dd', { id: 'forecast-total' }, fmt.money(s.total_predicted_sales)),
          h('dt', {}, 'Per day'),
          h('dd', {}, fmt.money(s.avg_daily_sales)),
          h('dt', {}, 'Units'),
          h('dd', {}, fmt.int(s.total_predicted_quantity)),
        ),
      );
      show(
        details,
        h(
          'details',
          {},
          h('summary', {}, 'The forecast as a table'),
          table(
            'Forecast per day',
            ['Date', 'Sales', 'Low', 'High', 'Units'],
            forecast.predictions.map((p) => [
              p.date,
              fmt.money(p.predicted_sales),
              fmt.money(p.confidence_lower),
              fmt.money(p.confidence_upper),
              fmt.int(p.predicted_quantity),
            ]),
          ),
        ),
      );
    } catch (err) {
      if (mine !== request) return;
      chart?.destroy();
      chart = null;
      chartBox.hidden = true;
      show(details);
      const text =
        err instanceof ApiError && err.code === 'model_not_found'
          ? 'No sales forecast model yet: train one below.'
          : `Could not load the forecast: ${(err as Error).message}`;
      show(
        summary,
        notice(text, err instanceof ApiError && err.code === 'model_not_found' ? 'info' : 'error'),
      );
    }
  };
  horizon.addEventListener('input', () => {
    horizonValue.textContent = `${horizon.value} days`;
  });
  horizon.addEventListener('change', draw);
  level.addEventListener('change', draw);

  show(
    root,
    h('h1', {}, 'Sales forecast'),
    h(
      'div',
      { class: 'controls' },
      h('label', { for: 'horizon' }, 'Horizon'),
      horizon,
      horizonValue,
      h('label', { for: 'confidence-level' }, 'Interval'),
      level,
    ),
    h('section', { class: 'card' }, chartBox, summary, details),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Train the forecast'),
      h('label', { for: 'forecast-model-type' }, 'Algorithm'),
      modelType,
      jobButton({
        job: 'train-sales-forecast',
        label: 'Train forecast',
        body: () => ({ model_type: modelType.value }),
        onDone: draw,
      }),
    ),
  );
  await draw();
}
