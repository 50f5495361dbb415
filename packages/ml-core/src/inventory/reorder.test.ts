import { describe, expect, it } from 'vitest';
import { analyzeInventory } from './analyze';
import { reorderRecommendations } from './reorder';
import type { InventoryProduct } from './types';

function product(id: string, over: Partial<InventoryProduct>): InventoryProduct {
  return {
    id,
    sku: id.toUpperCase(),
    name: `Product ${id}`,
    category: id,
    stock: 20,
    cost: 10,
    price: 25,
    leadTimeDays: 10,
    active: true,
    demand: { dailyMean7: 1, dailyStd7: 0, dailyMean30: 1, dailyStd30: 0, source: 'product_history' },
    recentDailyUnits: Array.from({ length: 28 }, () => 1),
    lastSaleDate: '2026-03-31',
    unitsSold90d: 90,
    ...over,
  };
}

describe('reorderRecommendations', () => {
  const spread = {
    demand: { dailyMean7: 0.5, dailyStd7: 2, dailyMean30: 0.5, dailyStd30: 2, source: 'product_history' },
    leadTimeDays: 4,
  };
  const analysis = analyzeInventory(
    [
      product('fine', {}),
      product('late', { stock: 5 }), // reorder_now, stockout 2026-04-06
      product('empty', { stock: 0, cost: 4.5 }), // reorder_now, stockout today
      product('edge', { stock: 10 }), // low_stock, 0 days of slack → medium
      product('roomy', { ...spread, stock: 8 }), // low_stock, 12 days of slack → low
      product('safety', { ...spread, stock: 7 }), // reorder_now at the safety stock
    ],
    { asOf: '2026-04-01' },
  );
  const recs = reorderRecommendations(analysis);

  it('lists the products to reorder, by priority then stockout date', () => {
    expect(recs.recommendations.map((r) => [r.product_id, r.priority, r.estimated_stockout_date])).toEqual([
      ['empty', 'high', '2026-04-01'],
      ['late', 'high', '2026-04-06'],
      ['safety', 'high', '2026-04-15'],
      ['edge', 'medium', '2026-04-11'],
      ['roomy', 'low', '2026-04-17'],
    ]);
  });

  it('costs each order at unit cost and totals them', () => {
    const byId = new Map(recs.recommendations.map((r) => [r.product_id, r]));
    expect(byId.get('empty')).toMatchObject({
      recommended_order_quantity: 40,
      estimated_cost: 180,
      reorder_point: 10,
      safety_stock: 0,
      daily_demand: 1,
      lead_time_days: 10,
    });
    expect(byId.get('late')!.estimated_cost).toBe(350); // 35 × 10
    expect(byId.get('edge')!.estimated_cost).toBe(300); // 30 × 10
    expect(byId.get('roomy')!.recommended_order_quantity).toBe(16); // ⌈17 + 6.58 − 8⌉
    expect(byId.get('safety')!.recommended_order_quantity).toBe(17);
    expect(recs.total_recommendations).toBe(5);
    expect(recs.estimated_total_cost).toBe(180 + 350 + 300 + 160 + 170);
    expect(recs.estimated_total_cost).toBe(analysis.summary.estimated_reorder_cost);
    expect(recs.by_priority).toEqual({ high: 3, medium: 1, low: 1 });
  });

  it('works on stored products and is empty without reorders', () => {
    const stored = JSON.parse(JSON.stringify(analysis.products));
    expect(reorderRecommendations({ products: stored })).toEqual(recs);
    expect(reorderRecommendations({ products: [] })).toEqual({
      recommendations: [],
      total_recommendations: 0,
      estimated_total_cost: 0,
      by_priority: { high: 0, medium: 0, low: 0 },
    });
  });
});
