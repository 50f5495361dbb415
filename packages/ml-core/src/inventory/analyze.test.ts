import { describe, expect, it } from 'vitest';
import { createRng } from '../random/prng';
import { addDays } from '../time/days';
import { analyzeInventory } from './analyze';
import { ALERT_TYPES, type AlertType, type InventoryOptions, type InventoryProduct } from './types';

const asOf = '2026-04-01';
const options: InventoryOptions = {
  asOf,
  serviceLevel: 0.95,
  reviewPeriodDays: 30,
  slowMovingDays: 60,
  overstockCoverDays: 90,
  highDemandZ: 3,
};
const Z95 = 1.6448536269514722;

function demand(daily: number, std = 0) {
  return {
    dailyMean7: daily,
    dailyStd7: std,
    dailyMean30: daily,
    dailyStd30: std,
    source: 'product_history',
  };
}

/** A healthy product selling 1 unit a day with no spread (safety stock 0, reorder point 10 at L = 10). */
function product(over: Partial<InventoryProduct> & { id: string }): InventoryProduct {
  return {
    sku: over.id.toUpperCase(),
    name: `Product ${over.id}`,
    category: over.id, // one product per category: the category-turnover rule stays off
    stock: 20,
    cost: 10,
    price: 25,
    leadTimeDays: 10,
    active: true,
    demand: demand(1),
    recentDailyUnits: Array.from({ length: 28 }, () => 1),
    lastSaleDate: '2026-03-31',
    unitsSold90d: 90,
    ...over,
  };
}

function analyzeOne(over: Partial<InventoryProduct>, opts: Partial<InventoryOptions> = {}) {
  const result = analyzeInventory([product({ id: 'p', ...over })], { ...options, ...opts });
  const analysis = result.products[0]!;
  const types = analysis.alerts.map((a) => a.alert_type);
  const alert = (t: AlertType) => analysis.alerts.find((a) => a.alert_type === t);
  return { result, analysis, types, alert };
}

describe('analyzeInventory: figures', () => {
  it('computes the plan of a steady product by hand', () => {
    const { analysis, types } = analyzeOne({});
    expect(analysis).toMatchObject({
      daily_demand: 1,
      demand_std: 0,
      predicted_demand_7days: 7,
      predicted_demand_30days: 30,
      safety_stock: 0,
      reorder_point: 10, // 1 × 10 + 0
      recommended_stock: 40, // 1 × (10 + 30) + 0
      recommended_order_quantity: 0,
      eoq: null,
      days_of_cover: 20,
      estimated_stockout_date: '2026-04-21',
      stock_value: 200,
      stock_value_at_risk: 0,
      turnover: 18.25, // 90 × 365/90 / 20
      days_since_last_sale: 1,
      demand_source: 'product_history',
    });
    expect(types).toEqual([]);
  });

  it('rounds safety stock and reorder point up to whole units (d = 2, σ = 1, L = 9)', () => {
    // SS = 1.6449 × 1 × 3 = 4.93 → 5; ROP = ⌈18 + 4.93⌉ = 23; S = ⌈2 × 39 + 4.93⌉ = 83.
    const { analysis } = analyzeOne({ demand: demand(2, 1), leadTimeDays: 9, stock: 50 });
    expect(analysis.safety_stock).toBe(5);
    expect(analysis.reorder_point).toBe(23);
    expect(analysis.recommended_stock).toBe(83);
    expect(analysis.days_of_cover).toBe(25);
  });

  it('uses the 7-day mean for predicted_demand_7days and the 30-day figures for the plan', () => {
    const { analysis } = analyzeOne({
      demand: { dailyMean7: 2, dailyStd7: 1, dailyMean30: 1.5, dailyStd30: 0.5, source: 'category_pooled' },
    });
    expect(analysis.predicted_demand_7days).toBe(14);
    expect(analysis.predicted_demand_30days).toBe(45);
    expect(analysis.daily_demand).toBe(1.5);
    expect(analysis.safety_stock).toBe(Math.ceil(Z95 * 0.5 * Math.sqrt(10)));
    expect(analysis.demand_source).toBe('category_pooled');
  });

  it('raises the order to the EOQ when ordering and holding costs are configured', () => {
    // D = 365 × 2 = 730, S = 40, H = 0.25 × 8 = 2 → EOQ = √29 200 = 170.88 > ⌈78 + 4.93 − 0⌉ = 83.
    const over = { demand: demand(2, 1), leadTimeDays: 9, stock: 0, cost: 8 };
    const withEoq = analyzeOne(over, { orderingCost: 40, holdingCostRate: 0.25 }).analysis;
    expect(withEoq.eoq).toBe(170.88);
    expect(withEoq.recommended_order_quantity).toBe(171);
    const without = analyzeOne(over).analysis;
    expect(without.eoq).toBeNull();
    expect(without.recommended_order_quantity).toBe(83);
    expect(analyzeOne(over, { orderingCost: 40 }).analysis.eoq).toBeNull(); // only one of the two costs
  });
});

describe('analyzeInventory: reorder rules', () => {
  it('fires low_stock with stock exactly at the reorder point, and nothing one unit above', () => {
    const at = analyzeOne({ stock: 10 });
    expect(at.types).toEqual(['low_stock']);
    expect(at.analysis.recommended_order_quantity).toBe(30);
    expect(at.alert('low_stock')).toMatchObject({
      urgency_level: 3,
      current_stock: 10,
      recommended_stock: 40,
    });
    expect(analyzeOne({ stock: 11 }).types).toEqual([]);
    expect(analyzeOne({ stock: 11 }).analysis.recommended_order_quantity).toBe(0);

    const spread = { demand: demand(2, 1), leadTimeDays: 9 };
    expect(analyzeOne({ ...spread, stock: 23 }).types).toEqual(['low_stock']);
    expect(analyzeOne({ ...spread, stock: 23 }).analysis.recommended_order_quantity).toBe(60);
    expect(analyzeOne({ ...spread, stock: 24 }).types).toEqual([]);
  });

  it('fires reorder_now (urgency 5, not low_stock) when the stock runs out before a reorder could arrive', () => {
    const below = analyzeOne({ stock: 9 }); // 9 days of cover < 10 days of lead time
    expect(below.types).toEqual(['reorder_now']);
    expect(below.alert('reorder_now')).toMatchObject({
      urgency_level: 5,
      estimated_stockout_date: '2026-04-10',
    });
    expect(below.analysis.recommended_order_quantity).toBe(31);
    const empty = analyzeOne({ stock: 0 });
    expect(empty.types).toEqual(['reorder_now']);
    expect(empty.alert('reorder_now')?.message).toContain('out of stock');
    expect(empty.analysis.estimated_stockout_date).toBe(asOf);
    expect(empty.analysis.days_of_cover).toBe(0);
  });

  it('fires reorder_now with urgency 4 at the safety stock when the cover still exceeds the lead time', () => {
    // d = 0.5, σ = 2, L = 4: SS = 1.6449 × 2 × 2 = 6.58 → 7; ROP = ⌈2 + 6.58⌉ = 9; 7 units last 14 days > 4.
    const spread = { demand: demand(0.5, 2), leadTimeDays: 4 };
    const at = analyzeOne({ ...spread, stock: 7 });
    expect(at.analysis.safety_stock).toBe(7);
    expect(at.types).toEqual(['reorder_now']);
    expect(at.alert('reorder_now')?.urgency_level).toBe(4);
    expect(at.analysis.recommended_order_quantity).toBe(17); // ⌈0.5 × 34 + 6.58 − 7⌉
    const above = analyzeOne({ ...spread, stock: 8 });
    expect(above.types).toEqual(['low_stock']);
    expect(above.alert('low_stock')?.urgency_level).toBe(2); // 16 days of cover, 12 beyond the lead time
  });

  it('gives zero demand no stockout date, no reorder and treats its stock as overstock', () => {
    const idle = analyzeOne({
      demand: demand(0),
      stock: 5,
      recentDailyUnits: Array.from({ length: 28 }, () => 0),
      lastSaleDate: '2026-03-20',
      unitsSold90d: 1,
    });
    expect(idle.analysis.estimated_stockout_date).toBeNull();
    expect(idle.analysis.days_of_cover).toBeNull();
    expect(idle.analysis.recommended_order_quantity).toBe(0);
    expect(idle.analysis.recommended_stock).toBe(0);
    expect(idle.types).toEqual(['overstock']);
    expect(idle.alert('overstock')).toMatchObject({ urgency_level: 3, stock_value_at_risk: 50 });
    expect(idle.analysis.stock_value_at_risk).toBe(50);

    const none = analyzeOne({ demand: demand(0), stock: 0, lastSaleDate: '2026-03-20' });
    expect(none.types).toEqual([]);
    expect(none.analysis.turnover).toBeNull();
  });

  it('does not reorder a product expected to sell less than one unit over lead time + review', () => {
    const negligible = analyzeOne({ demand: demand(0.02, 0.14), stock: 0 }); // 0.02 × 40 = 0.8 units
    expect(negligible.types).toEqual([]);
    expect(negligible.analysis.recommended_order_quantity).toBe(0);
    expect(negligible.analysis.estimated_stockout_date).toBe(asOf);
    const small = analyzeOne({ demand: demand(0.025, 0.16), stock: 0 }); // exactly 1 unit
    expect(small.types).toEqual(['reorder_now']);
  });
});

describe('analyzeInventory: slow-moving and overstock', () => {
  it('marks a product never sold with stock as slow_moving (urgency 3), and not without stock', () => {
    // A never-sold product gets a small pooled demand: 0.05/day, σ 0.25 → SS 2, ROP 2, S 4, overstock above 4.5.
    const neverSold = { lastSaleDate: null, unitsSold90d: 0, demand: demand(0.05, 0.25) };
    const never = analyzeOne({ ...neverSold, stock: 4 });
    expect(never.types).toEqual(['slow_moving']);
    expect(never.alert('slow_moving')).toMatchObject({ urgency_level: 3, stock_value_at_risk: 40 });
    expect(never.analysis.days_since_last_sale).toBeNull();
    expect(never.result.summary.total_stock_value_at_risk).toBe(40);
    expect(analyzeOne({ ...neverSold, stock: 0 }).types).not.toContain('slow_moving');
  });

  it('fires slow_moving at exactly 60 days without a sale, not at 59', () => {
    const sixty = analyzeOne({ lastSaleDate: '2026-01-31' });
    expect(sixty.analysis.days_since_last_sale).toBe(60);
    expect(sixty.alert('slow_moving')?.urgency_level).toBe(2);
    expect(analyzeOne({ lastSaleDate: '2026-02-01' }).types).toEqual([]);
    expect(analyzeOne({ lastSaleDate: addDays(asOf, -120) }).alert('slow_moving')?.urgency_level).toBe(3);
  });

  it('fires slow_moving (urgency 1) when turnover is below a quarter of the category median', () => {
    const coat = (id: string, unitsSold90d: number, active = true) =>
      product({ id, category: 'coats', unitsSold90d, active });
    // Turnovers 18.25, 18.25, 18.25, 2.03 (10 units) and 5.07 (25 units): median 18.25, threshold 4.56.
    const result = analyzeInventory(
      [coat('a', 90), coat('b', 90), coat('c', 90), coat('slow', 10), coat('ok', 25)],
      options,
    );
    const byId = new Map(result.products.map((p) => [p.product_id, p]));
    expect(byId.get('slow')!.alerts.map((a) => [a.alert_type, a.urgency_level])).toEqual([
      ['slow_moving', 1],
    ]);
    expect(byId.get('slow')!.alerts[0]!.reason).toContain('category median 18.25');
    expect(byId.get('ok')!.alerts).toEqual([]);
    // With only two stocked products in the category the rule stays off; inactive products do not count.
    const few = analyzeInventory([coat('a', 90), coat('slow', 10), coat('x', 90, false)], options);
    expect(few.alerts).toEqual([]);
  });

  it('fires overstock beyond 90 days of cover, valuing only the excess', () => {
    expect(analyzeOne({ stock: 90 }).types).toEqual([]);
    const over = analyzeOne({ stock: 91 });
    expect(over.types).toEqual(['overstock']);
    expect(over.alert('overstock')).toMatchObject({ urgency_level: 2, stock_value_at_risk: 10 });
    expect(analyzeOne({ stock: 181 }).alert('overstock')?.urgency_level).toBe(3);
  });

  it('never calls the recommended stock an overstock', () => {
    // d = 0.03, σ = √0.03, L = 10: SS = 0.90 → 1, ROP = 2, S = max(⌈1.2 + 0.90⌉, ROP + 1) = 3 > 90 × 0.03.
    const slowSeller = { demand: demand(0.03, Math.sqrt(0.03)) };
    const atTarget = analyzeOne({ ...slowSeller, stock: 3 });
    expect(atTarget.analysis.recommended_stock).toBe(3);
    expect(atTarget.analysis.days_of_cover).toBe(100);
    expect(atTarget.types).toEqual([]);
    const above = analyzeOne({ ...slowSeller, stock: 4 });
    expect(above.types).toEqual(['overstock']);
    expect(above.analysis.stock_value_at_risk).toBe(10);
    // With EOQ, reorder point + EOQ is part of the plan too: 190 units (95 days) are not overstock.
    const eoq = { demand: demand(2, 1), leadTimeDays: 9, cost: 8 };
    expect(analyzeOne({ ...eoq, stock: 190 }).types).toEqual(['overstock']);
    expect(analyzeOne({ ...eoq, stock: 190 }, { orderingCost: 40, holdingCostRate: 0.25 }).types).toEqual([]);
  });

  it('counts a slow-moving overstock once in the value at risk', () => {
    const both = analyzeOne({ lastSaleDate: null, unitsSold90d: 0, stock: 200 });
    expect(both.types.sort()).toEqual(['overstock', 'slow_moving']);
    expect(both.alert('slow_moving')?.stock_value_at_risk).toBe(2000);
    expect(both.alert('overstock')?.stock_value_at_risk).toBe(1100); // 110 units beyond 90 days
    expect(both.analysis.stock_value_at_risk).toBe(2000);
    expect(both.result.summary.total_stock_value_at_risk).toBe(2000);
  });
});

describe('analyzeInventory: high demand', () => {
  const spike = [...Array.from({ length: 21 }, () => 1), ...Array.from({ length: 7 }, () => 3)];

  it('fires high_demand on a spike in the last 7 days and not on a normal week', () => {
    const hot = analyzeOne({ recentDailyUnits: spike, stock: 40 });
    expect(hot.types).toEqual(['high_demand']);
    expect(hot.alert('high_demand')?.urgency_level).toBe(3);
    expect(hot.alert('high_demand')?.reason).toContain('5.29');
    expect(analyzeOne({ stock: 40 }).types).toEqual([]);
  });

  it('is urgency 4 when, at the new pace, the stock lasts less than the lead time', () => {
    expect(analyzeOne({ recentDailyUnits: spike, stock: 20 }).alert('high_demand')?.urgency_level).toBe(4);
  });

  it('makes a concurrent low_stock more urgent', () => {
    const spread = { demand: demand(0.5, 2), leadTimeDays: 4, stock: 8 };
    expect(analyzeOne(spread).alert('low_stock')?.urgency_level).toBe(2);
    const hot = analyzeOne({ ...spread, recentDailyUnits: spike });
    expect(hot.alert('low_stock')?.urgency_level).toBe(3);
    expect(hot.types.sort()).toEqual(['high_demand', 'low_stock']);
  });
});

describe('analyzeInventory: the whole set', () => {
  const catalog = [
    product({ id: 'healthy' }),
    product({ id: 'at-rop', stock: 10 }),
    product({ id: 'runs-out', stock: 3 }),
    product({ id: 'never', lastSaleDate: null, unitsSold90d: 0, stock: 4, demand: demand(0.05, 0.25) }),
    product({ id: 'over', stock: 120 }),
    product({
      id: 'hot',
      stock: 40,
      recentDailyUnits: [...Array.from({ length: 21 }, () => 1), ...Array.from({ length: 7 }, () => 3)],
    }),
    product({ id: 'retired', stock: 0, active: false }),
  ];
  const result = analyzeInventory(catalog, options);

  it('skips inactive products', () => {
    expect(result.total_products_analyzed).toBe(6);
    expect(result.products.map((p) => p.product_id)).not.toContain('retired');
    expect(result.alerts.some((a) => a.product_id === 'retired')).toBe(false);
  });

  it('sorts alerts by urgency and summarises them', () => {
    expect(result.alerts.map((a) => [a.product_id, a.alert_type, a.urgency_level])).toEqual([
      ['runs-out', 'reorder_now', 5],
      ['at-rop', 'low_stock', 3],
      ['never', 'slow_moving', 3],
      ['hot', 'high_demand', 3],
      ['over', 'overstock', 2],
    ]);
    const urgencies = result.alerts.map((a) => a.urgency_level);
    expect(urgencies).toEqual([...urgencies].sort((a, b) => b - a));
    expect(result.summary).toEqual({
      total_alerts: 5,
      by_type: { reorder_now: 1, low_stock: 1, slow_moving: 1, overstock: 1, high_demand: 1 },
      critical_alerts: 1,
      total_stock_value: 1970, // (20 + 10 + 3 + 4 + 120 + 40) × 10
      total_stock_value_at_risk: 340, // never: 4 × 10; over: (120 − 90) × 10
      reorder_count: 2,
      estimated_reorder_cost: 670, // (40 − 3 + 40 − 10) × 10
    });
    expect(Object.keys(result.summary.by_type)).toEqual([...ALERT_TYPES]);
  });

  it('explains every alert in English with its rule', () => {
    for (const a of result.alerts) {
      expect(a.message.length).toBeGreaterThan(20);
      expect(a.reason.startsWith(`${a.alert_type}:`)).toBe(true);
      expect(a.urgency_level).toBeGreaterThanOrEqual(1);
      expect(a.urgency_level).toBeLessThanOrEqual(5);
    }
  });

  it('includes the health of the same products', () => {
    expect(result.health.metrics.total_products).toBe(6);
    expect(result.health.metrics.optimal).toBe(1);
    // 100 × (1 − (2 + 1 + 0.75 + 0.5 + 0.25) / 6) = 25
    expect(result.health.health_score).toBe(25);
    expect(result.health.status).toBe('critical');
  });

  it('is deterministic and independent of the input order for the alerts', () => {
    expect(analyzeInventory(catalog, options)).toEqual(result);
    const reversed = analyzeInventory([...catalog].reverse(), options);
    expect(reversed.alerts).toEqual(result.alerts);
    expect(reversed.summary).toEqual(result.summary);
    expect(reversed.health).toEqual(result.health);
  });

  it('rejects invalid options and figures', () => {
    expect(() => analyzeInventory(catalog, { ...options, serviceLevel: 1 })).toThrow(RangeError);
    expect(() => analyzeInventory(catalog, { ...options, serviceLevel: 0.4 })).toThrow(RangeError);
    expect(() => analyzeInventory(catalog, { ...options, asOf: '2026-02-30' })).toThrow(RangeError);
    expect(() => analyzeInventory([product({ id: 'x', stock: Number.NaN })], options)).toThrow(RangeError);
    expect(() => analyzeInventory([product({ id: 'x', demand: demand(-1) })], options)).toThrow(RangeError);
    expect(() => analyzeInventory([product({ id: 'x' }), product({ id: 'x' })], options)).toThrow(RangeError);
    expect(analyzeInventory([], options).summary.total_alerts).toBe(0);
  });
});

function assertFiniteNumbers(value: unknown, path = '$'): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      assertFiniteNumbers(v, `${path}[${i}]`);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertFiniteNumbers(v, `${path}.${k}`);
  } else if (typeof value === 'string') {
    if (/NaN|Infinity|undefined/.test(value)) throw new Error(`${path} reads ${value}`);
  }
}

describe('analyzeInventory: random catalogs', () => {
  it('never yields NaN or Infinity, keeps urgency in 1..5 and the score in 0..100', () => {
    const rng = createRng(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;
    for (let run = 0; run < 20; run += 1) {
      const catalog = Array.from({ length: 40 }, (_, i) => {
        const d = pick([0, 0, 0.001, 0.02, 0.3, 1, 4, 25]);
        const history = Array.from({ length: pick([0, 27, 28, 60]) }, () =>
          rng() < 0.2 ? pick([0, 1, 2, 9]) : 0,
        );
        return product({
          id: `p${i}`,
          category: pick(['a', 'b', 'c']),
          stock: pick([0, 0, 1, 2, 5, 30, 400, -2]),
          cost: pick([0, 4.99, 35]),
          leadTimeDays: pick([0, 1, 7, 21, 60]),
          active: rng() > 0.1,
          demand: {
            dailyMean7: d * pick([0.5, 1, 2]),
            dailyStd7: Math.sqrt(d),
            dailyMean30: d,
            dailyStd30: Math.sqrt(d + 0.5 * d * d),
            source: 'product_history',
          },
          recentDailyUnits: history,
          lastSaleDate: pick([null, '2026-03-31', '2025-12-01', '2026-05-01']),
          unitsSold90d: pick([0, 1, 10, 300]),
        });
      });
      const result = analyzeInventory(catalog, {
        ...options,
        serviceLevel: pick([0.5, 0.9, 0.95, 0.999]),
        ...(rng() < 0.5 ? { orderingCost: 30, holdingCostRate: 0.2 } : {}),
      });
      assertFiniteNumbers(result);
      for (const a of result.alerts) expect([1, 2, 3, 4, 5]).toContain(a.urgency_level);
      expect(result.health.health_score).toBeGreaterThanOrEqual(0);
      expect(result.health.health_score).toBeLessThanOrEqual(100);
      for (const p of result.products) {
        const types = p.alerts.map((a) => a.alert_type);
        expect(new Set(types).size).toBe(types.length);
        expect(types.includes('reorder_now') && types.includes('low_stock')).toBe(false);
        expect(p.recommended_order_quantity > 0).toBe(
          types.includes('reorder_now') || types.includes('low_stock'),
        );
      }
    }
  });
});
