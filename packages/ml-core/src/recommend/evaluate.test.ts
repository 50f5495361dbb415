import { describe, expect, it } from 'vitest';
import { evaluateRecommendations } from './evaluate';
import type { Basket, RecProduct } from './options';
import { outfitStore } from './synthetic';
import { trainRecommendations } from './train';

function product(id: string, category: string): RecProduct {
  return {
    id,
    category,
    brand: null,
    color: null,
    size: null,
    material: null,
    price: 10,
    active: true,
    stock: 1,
  };
}

describe('evaluateRecommendations', () => {
  it('beats the popularity baseline in hit-rate@10 on a store with outfit and style structure', () => {
    const store = outfitStore({
      seed: 42,
      products: 400,
      categories: 8,
      styles: 12,
      customers: 300,
      baskets: 6000,
    });
    const evaluation = evaluateRecommendations(store.products, store.baskets);
    expect(evaluation.k).toBe(10);
    expect(evaluation.customers_evaluated).toBeGreaterThan(250);
    const { hit_rate_at_k: hit, precision_at_k: precision } = evaluation;
    expect(hit.hybrid).toBeGreaterThan(hit.popularity);
    expect(hit.bought_together).toBeGreaterThan(hit.popularity);
    expect(precision.hybrid).toBeGreaterThan(precision.popularity);
    for (const value of [...Object.values(hit), ...Object.values(precision)]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    // trainRecommendations reports the same evaluation on the same data and options
    expect(trainRecommendations(store.products, store.baskets).metrics.evaluation).toEqual(evaluation);
  });

  it('holds out each customer’s last order and never trains on it', () => {
    // u1 buys a, then b; a and b are bought together only in u2's last order (held out as well):
    // without leakage nothing links a to b, so no method but popularity can hit b.
    const products = ['a', 'b', 'c', 'd'].map((id, k) => product(id, `cat${k}`));
    const baskets: Basket[] = [
      { orderId: '1', customerId: 'u1', date: '2026-01-01', productIds: ['a'] },
      { orderId: '2', customerId: 'u2', date: '2026-01-02', productIds: ['c', 'd'] },
      { orderId: '3', customerId: 'u2', date: '2026-01-03', productIds: ['a', 'b'] },
      { orderId: '4', customerId: 'u1', date: '2026-02-20', productIds: ['b'] },
      { orderId: '5', customerId: 'u3', date: '2026-01-05', productIds: ['c'] },
    ];
    const evaluation = evaluateRecommendations(products, baskets, { customerWindowDays: 0 }, 3);
    expect(evaluation.customers_evaluated).toBe(2);
    expect(evaluation.k).toBe(3);
    expect(evaluation.hit_rate_at_k.bought_together).toBe(0);
    // u2 seeds c, d (bought together, but already bought): nothing new to recommend from them either
    expect(evaluation.hit_rate_at_k.hybrid).toBe(0);
    // popularity over the training baskets (1, 2, 5): c (2), a, d (1) → u1 gets c, d; u2 gets a → hit
    expect(evaluation.hit_rate_at_k.popularity).toBe(0.5);
    expect(evaluation.precision_at_k.popularity).toBeCloseTo(1 / 3 / 2, 4);
  });

  it('reports zeros when no customer has two orders', () => {
    const products = ['a', 'b'].map((id) => product(id, 'x'));
    const baskets: Basket[] = [
      { orderId: '1', customerId: 'u1', date: '2026-01-01', productIds: ['a', 'b'] },
    ];
    const evaluation = evaluateRecommendations(products, baskets);
    expect(evaluation.customers_evaluated).toBe(0);
    expect(Object.values(evaluation.hit_rate_at_k).every((v) => v === 0)).toBe(true);
  });

  it('rejects a k that is not a positive integer', () => {
    expect(() => evaluateRecommendations([], [], {}, 0)).toThrow(RangeError);
  });
});
