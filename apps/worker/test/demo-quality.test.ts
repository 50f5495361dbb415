import { generateStore } from '@boutique/db';
import {
  addDays,
  buildDailySeries,
  evaluateRecommendations,
  SALES_FORECAST_ALGORITHMS,
  trainSalesForecast,
} from '@boutique/ml-core';
import { describe, expect, it } from 'vitest';

// What `npm run demo` shows a new user must be true of its data: the models beat the trivial answers.
const store = generateStore({
  seed: 42,
  days: 730,
  orders: 5000,
  customers: 250,
  products: 150,
  end: '2026-11-25',
});
const paid = store.orders.filter((o) => o.status === 'paid');
const day = (d: Date) => d.toISOString().slice(0, 10);

describe('the demo store', () => {
  it('lets the hybrid recommender beat the popularity baseline in the offline evaluation', () => {
    const lines = new Map<string, string[]>();
    for (const item of store.orderItems)
      lines.set(item.orderId, [...(lines.get(item.orderId) ?? []), item.productId]);
    const baskets = paid.map((o) => ({
      orderId: o.id,
      customerId: o.customerId,
      date: day(o.createdAt),
      productIds: [...new Set(lines.get(o.id) ?? [])].sort(),
    }));
    const evaluation = evaluateRecommendations(store.products, baskets);
    expect(evaluation.customers_evaluated).toBeGreaterThan(150);
    expect(evaluation.hit_rate_at_k.hybrid).toBeGreaterThan(evaluation.hit_rate_at_k.popularity);
  });

  it.each(SALES_FORECAST_ALGORITHMS)(
    'lets the %s forecast beat repeating last week (MASE < 1)',
    (algorithm) => {
      const totals = new Map<string, { amount: number; quantity: number }>();
      const orderDay = new Map(paid.map((o) => [o.id, day(o.createdAt)]));
      for (const item of store.orderItems) {
        const d = orderDay.get(item.orderId);
        if (!d) continue;
        const t = totals.get(d) ?? { amount: 0, quantity: 0 };
        t.amount += item.quantity * item.unitPrice;
        t.quantity += item.quantity;
        totals.set(d, t);
      }
      const rows = [...totals].map(([date, t]) => ({ date, ...t }));
      const series = buildDailySeries(rows, { from: addDays('2026-11-25', -729), to: '2026-11-25' });
      const { metrics } = trainSalesForecast(series, { algorithm });
      expect(metrics.mase).not.toBeNull();
      expect(metrics.mase!).toBeLessThan(1);
    },
  );
});
