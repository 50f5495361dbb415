import { describe, expect, it } from 'vitest';
import { createRng, poisson } from '../random/prng';
import { addDays } from '../time/days';
import { type ProductSalesDay, productDemand } from './product-demand';

const window = { from: '2026-01-01', to: '2026-03-31' }; // 90 days

function steadySales(productId: string, perDay: number, every = 1): ProductSalesDay[] {
  return Array.from({ length: 90 }, (_, t) => t)
    .filter((t) => t % every === 0)
    .map((t) => ({ productId, date: addDays(window.from, t), quantity: perDay }));
}

describe('productDemand', () => {
  const products = [
    { id: 'best', category: 'dresses' },
    { id: 'steady', category: 'dresses' },
    { id: 'never', category: 'dresses' },
    { id: 'rare', category: 'dresses' },
    { id: 'belt', category: 'belts' },
  ];
  const sales = [
    ...steadySales('best', 3),
    ...steadySales('steady', 1),
    { productId: 'rare', date: '2026-02-01', quantity: 1 },
    { productId: 'rare', date: '2026-03-20', quantity: 1 },
    { productId: 'belt', date: '2030-01-01', quantity: 50 }, // outside the window: ignored
  ];
  const demand = new Map(productDemand(products, sales, { window }).map((d) => [d.productId, d]));

  it("keeps a bestseller's own rate and says it comes from its history", () => {
    const best = demand.get('best')!;
    expect(best.source).toBe('product_history');
    expect(best.dailyMean7).toBeGreaterThan(2.5);
    expect(best.dailyMean7).toBeLessThan(3);
    expect(best.demand30).toBeCloseTo(30 * best.dailyMean30, 9);
    expect(best.unitsInWindow).toBe(270);
  });

  it('gives a never-sold product a small positive rate pooled from its category, not zero', () => {
    const never = demand.get('never')!;
    expect(never.source).toBe('category_pooled');
    expect(never.dailyMean7).toBeGreaterThan(0);
    expect(never.dailyMean7).toBeLessThan(demand.get('steady')!.dailyMean7);
    const rare = demand.get('rare')!;
    expect(rare.dailyMean7).toBeGreaterThan(never.dailyMean7);
  });

  it('gives a category with no sales at all zero demand', () => {
    expect(demand.get('belt')!.dailyMean30).toBe(0);
    expect(demand.get('belt')!.std30).toBe(0);
  });

  it('has at least Poisson spread, growing with the square root of the horizon', () => {
    for (const d of demand.values()) {
      expect(d.dailyStd7).toBeGreaterThanOrEqual(Math.sqrt(d.dailyMean7) - 1e-12);
      expect(d.std30).toBeCloseTo(Math.sqrt(30) * d.dailyStd30, 9);
    }
  });

  it('follows the store forecast: a season twice as busy doubles every product', () => {
    const storeRate = [...demand.values()].reduce((s, d) => s + d.dailyMean7, 0);
    const busy = productDemand(products, sales, {
      window,
      storeForecast: { dailyUnits7: storeRate, dailyUnits30: 2 * storeRate },
    });
    const best = busy.find((d) => d.productId === 'best')!;
    expect(best.dailyMean30 / best.dailyMean7).toBeCloseTo(2, 1);
  });

  it('estimates sparse products better than their raw rates do (pooling works)', () => {
    // Stores of 60 products of one category with true rates from 0.02 to 0.5 a day, 90 days of Poisson
    // sales; pooling is a property on average, so errors are summed over five simulated stores.
    const truth = Array.from({ length: 60 }, (_, i) => 0.02 + (0.48 * i) / 59);
    const many = truth.map((_, i) => ({ id: `p${i}`, category: 'tops' }));
    let pooledError = 0;
    let rawError = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = createRng(seed);
      const draws: ProductSalesDay[] = [];
      truth.forEach((rate, i) => {
        for (let t = 0; t < 90; t += 1) {
          const quantity = poisson(rng, rate);
          if (quantity > 0) draws.push({ productId: `p${i}`, date: addDays(window.from, t), quantity });
        }
      });
      // No decay, so the raw estimate is the plain mean and the comparison is about pooling alone.
      const pooled = productDemand(many, draws, { window, halfLifeDays: 1e9 });
      pooled.forEach((d, i) => {
        pooledError += (d.dailyMean7 - truth[i]!) ** 2;
        rawError += (d.unitsInWindow / 90 - truth[i]!) ** 2;
      });
    }
    expect(pooledError).toBeLessThan(0.95 * rawError);
  });

  it('refuses negative units and duplicate products', () => {
    expect(() =>
      productDemand([{ id: 'a', category: 'x' }], [{ productId: 'a', date: window.from, quantity: -1 }], {
        window,
      }),
    ).toThrow(RangeError);
    expect(() =>
      productDemand(
        [
          { id: 'a', category: 'x' },
          { id: 'a', category: 'y' },
        ],
        [],
        { window },
      ),
    ).toThrow(/unique/);
  });
});
