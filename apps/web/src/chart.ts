import {
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ForecastDay, SalesHistory } from './types';

// Only what a line chart with a band needs, so the bundle carries a fraction of Chart.js.
Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  CategoryScale,
  Filler,
  Tooltip,
  Legend,
);

export type LineChart = Chart<'line', (number | null)[], string>;

declare global {
  interface Window {
    /** The live charts by name, for the end-to-end test to read what was drawn. */
    boutiqueCharts?: Record<string, LineChart>;
  }
}

/**
 * Daily sales (history), the forecast line and its interval as a band, on one date axis. History and
 * forecast share no day (the forecast starts at as_of), so each series is null where the other is drawn.
 */
export function forecastChart(
  canvas: HTMLCanvasElement,
  history: SalesHistory['history'],
  predictions: ForecastDay[],
  confidenceLevel: number,
): LineChart {
  const labels = [...history.map((d) => d.date), ...predictions.map((p) => p.date)];
  const pad = <T>(before: number, values: T[], after: number) => [
    ...Array<null>(before).fill(null),
    ...values,
    ...Array<null>(after).fill(null),
  ];
  const h = history.length;
  const f = predictions.length;
  const chart = new Chart(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          label: 'Lower bound',
          data: pad(
            h,
            predictions.map((p) => p.confidence_lower),
            0,
          ),
          borderColor: 'transparent',
          pointRadius: 0,
          fill: false,
        },
        {
          label: `${Math.round(confidenceLevel * 100)}% interval`,
          data: pad(
            h,
            predictions.map((p) => p.confidence_upper),
            0,
          ),
          borderColor: 'transparent',
          backgroundColor: 'rgba(180, 83, 9, 0.18)',
          pointRadius: 0,
          fill: '-1',
        },
        {
          label: 'Daily sales',
          data: pad(
            0,
            history.map((d) => d.sales),
            f,
          ),
          borderColor: '#1d4ed8',
          backgroundColor: '#1d4ed8',
          borderWidth: 1.5,
          pointRadius: 0,
        },
        {
          label: 'Forecast',
          data: pad(
            h,
            predictions.map((p) => p.predicted_sales),
            0,
          ),
          borderColor: '#b45309',
          backgroundColor: '#b45309',
          borderWidth: 2,
          pointRadius: 0,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        // A phone has room for about four dates across; a desktop for eight.
        x: {
          ticks: { maxTicksLimit: canvas.clientWidth < 600 ? 4 : 8, maxRotation: 0, autoSkipPadding: 16 },
        },
        y: { beginAtZero: true, title: { display: true, text: 'sales per day' } },
      },
      plugins: {
        legend: { labels: { filter: (item) => item.text !== 'Lower bound' } },
        tooltip: { filter: (item) => item.dataset.label !== 'Lower bound' && item.raw !== null },
      },
    },
  });
  window.boutiqueCharts = { ...window.boutiqueCharts, forecast: chart };
  return chart;
}
