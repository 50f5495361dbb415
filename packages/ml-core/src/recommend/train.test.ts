import { similarity } from 'ml-distance';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/prng';
import { indexCatalog } from './catalog';
import { ContentIndex } from './content';
import {
  type Basket,
  RECOMMEND_DEFAULTS,
  RECOMMENDATION_METHODS,
  type Recommendation,
  type RecommendationMethod,
  type RecProduct,
} from './options';
import { outfitStore } from './synthetic';
import { trainRecommendations } from './train';

function product(id: string, over: Partial<RecProduct> = {}): RecProduct {
  return {
    id,
    category: 'tops',
    brand: 'acme',
    color: 'black',
    size: 'M',
    material: 'cotton',
    price: 50,
    active: true,
    stock: 5,
    ...over,
  };
}

let orderNo = 0;
function basket(productIds: string[], customerId: string | null = null, date = '2026-01-01'): Basket {
  orderNo += 1;
  return { orderId: `o${orderNo}`, customerId, date, productIds };
}

/** Two planted pairs (a1+a2, b1+b2) always bought together, plus singles of noise products. */
function plantedStore(): { products: RecProduct[]; baskets: Basket[] } {
  const products = [
    product('a1', { category: 'dresses', brand: 'x', color: 'red' }),
    product('a2', { category: 'shoes', brand: 'y', color: 'blue' }),
    product('b1', { category: 'jeans', brand: 'z', color: 'white' }),
    product('b2', { category: 'belts', brand: 'w', color: 'green' }),
    ...['n1', 'n2', 'n3', 'n4', 'n5', 'n6'].map((id, k) =>
      product(id, { category: ['dresses', 'shoes', 'jeans', 'belts'][k % 4]!, price: 20 + 10 * k }),
    ),
  ];
  const rng = createRng(7);
  const noise = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'];
  const baskets: Basket[] = [];
  for (let k = 0; k < 40; k++) {
    baskets.push(basket(['a1', 'a2'], null));
    baskets.push(basket(['b1', 'b2'], null));
    const x = noise[Math.floor(rng() * noise.length)]!;
    const y = noise[Math.floor(rng() * noise.length)]!;
    baskets.push(basket(x === y ? [x] : [x, y], null));
    // a little cross noise so the planted partner has to win on normalised strength
    if (k % 10 === 0) baskets.push(basket(['a1', x], null));
  }
  return { products, baskets };
}

function lists(recs: Recommendation[], method: RecommendationMethod): Map<string, Recommendation[]> {
  const out = new Map<string, Recommendation[]>();
  for (const r of recs) {
    if (r.method !== method) continue;
    const list = out.get(r.productId) ?? [];
    list.push(r);
    out.set(r.productId, list);
  }
  return out;
}

describe('trainRecommendations', () => {
  it('recommends the planted partner first (bought together and hybrid), for every normalisation', () => {
    const { products, baskets } = plantedStore();
    for (const normalization of ['cosine', 'jaccard', 'lift'] as const) {
      const { recommendations } = trainRecommendations(products, baskets, { normalization });
      for (const method of ['bought_together', 'hybrid'] as const) {
        const byProduct = lists(recommendations, method);
        for (const [p, partner] of [
          ['a1', 'a2'],
          ['a2', 'a1'],
          ['b1', 'b2'],
          ['b2', 'b1'],
        ] as const) {
          expect(byProduct.get(p)?.[0]?.recommendedProductId, `${normalization} ${method} ${p}`).toBe(
            partner,
          );
        }
      }
    }
  });

  it('never recommends a product itself or an inactive one, and gives inactive products no list', () => {
    const { products, baskets } = plantedStore();
    const withInactive = products.map((p) => (p.id === 'a2' ? { ...p, active: false } : p));
    const { recommendations } = trainRecommendations(withInactive, baskets);
    expect(recommendations.length).toBeGreaterThan(0);
    for (const r of recommendations) {
      expect(r.recommendedProductId).not.toBe(r.productId);
      expect(r.recommendedProductId).not.toBe('a2');
      expect(r.productId).not.toBe('a2');
    }
    // a1's planted partner is gone: its lists fall back to the next co-purchases and to content.
    expect(lists(recommendations, 'bought_together').get('a1')?.length).toBeGreaterThan(0);
    expect(lists(recommendations, 'hybrid').get('a1')?.length).toBeGreaterThan(0);
  });

  it('keeps scores in [0, 1] and ranks 1..N in score order, ties by product id', () => {
    const store = outfitStore({
      seed: 3,
      products: 120,
      categories: 6,
      styles: 5,
      customers: 60,
      baskets: 900,
    });
    const topN = 7;
    const { recommendations } = trainRecommendations(store.products, store.baskets, { topN });
    for (const method of RECOMMENDATION_METHODS) {
      for (const list of lists(recommendations, method).values()) {
        expect(list.length).toBeLessThanOrEqual(topN);
        expect(new Set(list.map((r) => r.recommendedProductId)).size).toBe(list.length);
        list.forEach((r, k) => {
          expect(r.rank).toBe(k + 1);
          expect(r.score).toBeGreaterThan(0);
          expect(r.score).toBeLessThanOrEqual(1);
          const prev = list[k - 1];
          if (prev) {
            expect(prev.score >= r.score).toBe(true);
            if (prev.score === r.score) expect(prev.recommendedProductId < r.recommendedProductId).toBe(true);
          }
        });
      }
    }
    // every active product gets a similar and a hybrid list of full length
    expect(lists(recommendations, 'similar').size).toBe(store.products.length);
    expect(lists(recommendations, 'hybrid').size).toBe(store.products.length);
  });

  it('applies the out-of-stock policy: filter drops, rank_down halves, keep ignores stock', () => {
    const { products, baskets } = plantedStore();
    const soldOut = products.map((p) => (p.id === 'a2' ? { ...p, stock: 0 } : p));
    const keep = trainRecommendations(soldOut, baskets, { outOfStock: 'keep' }).recommendations;
    const plain = trainRecommendations(products, baskets).recommendations;
    const filter = trainRecommendations(soldOut, baskets, { outOfStock: 'filter' }).recommendations;
    const down = trainRecommendations(soldOut, baskets, { outOfStock: 'rank_down' }).recommendations;
    expect(keep).toEqual(plain);
    expect(filter.some((r) => r.recommendedProductId === 'a2')).toBe(false);
    expect(filter.some((r) => r.productId === 'a2')).toBe(true); // it still has its own lists
    for (const method of RECOMMENDATION_METHODS) {
      const kept = keep.filter((r) => r.method === method && r.recommendedProductId === 'a2');
      expect(kept.length).toBeGreaterThan(0);
      for (const r of kept) {
        const halved = down.find(
          (d) => d.method === method && d.productId === r.productId && d.recommendedProductId === 'a2',
        );
        if (halved) expect(halved.score).toBeCloseTo(r.score / 2, 5);
      }
    }
    // a2 was a1's top partner; halved (0.5) it still beats weak noise partners — rank_down, not filter
    expect(
      lists(down, 'bought_together')
        .get('a1')
        ?.some((r) => r.recommendedProductId === 'a2'),
    ).toBe(true);
  });

  it('gives a never-bought (cold start) product hybrid recommendations from content', () => {
    const { products, baskets } = plantedStore();
    const fresh = product('new', { category: 'dresses', brand: 'x', color: 'red', price: 50 });
    const { recommendations, metrics } = trainRecommendations([...products, fresh], baskets);
    const hybrid = lists(recommendations, 'hybrid').get('new')!;
    const similar = lists(recommendations, 'similar').get('new')!;
    expect(lists(recommendations, 'bought_together').get('new')).toBeUndefined();
    expect(hybrid.length).toBeGreaterThan(0);
    expect(hybrid).toEqual(similar.map((r) => ({ ...r, method: 'hybrid' })));
    // a1 shares category, brand and color: the most similar product
    expect(hybrid[0]!.recommendedProductId).toBe('a1');
    expect(metrics.cold_start_products).toBeGreaterThanOrEqual(1);
  });

  it('is deterministic and independent of the order of the products', () => {
    const store = outfitStore({
      seed: 5,
      products: 90,
      categories: 5,
      styles: 4,
      customers: 40,
      baskets: 600,
    });
    const first = trainRecommendations(store.products, store.baskets);
    const again = trainRecommendations(store.products, store.baskets);
    const reversed = trainRecommendations([...store.products].reverse(), store.baskets);
    expect(again).toEqual(first);
    expect(reversed).toEqual(first);
  });

  it('counts co-purchases across one customer’s baskets only within customerWindowDays', () => {
    const products = ['x', 'y', 'z'].map((id, k) => product(id, { category: `c${k}` }));
    const baskets = [
      basket(['x'], 'u1', '2026-01-01'),
      basket(['y'], 'u1', '2026-01-10'),
      basket(['z'], 'u1', '2026-03-01'), // 50 days after y
      basket(['x'], 'u2', '2026-01-01'),
      basket(['y'], null, '2026-01-02'), // guests never link
    ];
    const bt = (days: number) =>
      trainRecommendations(products, baskets, { customerWindowDays: days }).recommendations.filter(
        (r) => r.method === 'bought_together',
      );
    expect(bt(0)).toEqual([]);
    const within30 = bt(30).map((r) => `${r.productId}>${r.recommendedProductId}`);
    expect(within30.sort()).toEqual(['x>y', 'y>x']);
    expect(
      bt(60)
        .map((r) => `${r.productId}>${r.recommendedProductId}`)
        .sort(),
    ).toEqual(['x>y', 'x>z', 'y>x', 'y>z', 'z>x', 'z>y']);
  });

  it('reports the metrics the guide shows', () => {
    const { products, baskets } = plantedStore();
    const { metrics, recommendations } = trainRecommendations(products, baskets);
    expect(metrics.total_products).toBe(products.length);
    expect(metrics.matrix_shape).toEqual([products.length, products.length]);
    expect(metrics.method).toBe('hybrid');
    expect(metrics.coverage).toBeGreaterThan(0);
    expect(metrics.coverage).toBeLessThanOrEqual(1);
    expect(metrics.co_purchase_pairs % 2).toBe(0);
    const hybrid = recommendations.filter((r) => r.method === 'hybrid');
    const mean = hybrid.reduce((s, r) => s + r.score, 0) / hybrid.length;
    expect(metrics.avg_similarity).toBeCloseTo(mean, 3);
    expect(metrics.evaluation.k).toBe(10);
  });

  it('validates options and keeps defaults for undefined ones', () => {
    const { products, baskets } = plantedStore();
    expect(() => trainRecommendations(products, baskets, { topN: 0 })).toThrow(RangeError);
    expect(() =>
      trainRecommendations(products, baskets, { weights: { boughtTogether: 0, similar: 0 } }),
    ).toThrow(RangeError);
    expect(() => trainRecommendations(products, baskets, { customerWindowDays: -1 })).toThrow(RangeError);
    expect(() => trainRecommendations(products, baskets, { outOfStock: 'nope' as 'keep' })).toThrow(
      RangeError,
    );
    const withUndefined = trainRecommendations(products, baskets, { topN: undefined, outOfStock: undefined });
    expect(withUndefined).toEqual(trainRecommendations(products, baskets, RECOMMEND_DEFAULTS));
  });

  it('handles a store without baskets: content lists only, everything cold start', () => {
    const { products } = plantedStore();
    const { recommendations, metrics } = trainRecommendations(products, []);
    expect(recommendations.some((r) => r.method === 'bought_together')).toBe(false);
    expect(recommendations.filter((r) => r.method === 'hybrid').length).toBeGreaterThan(0);
    expect(metrics.cold_start_products).toBe(products.length);
    expect(metrics.coverage).toBe(0);
    expect(metrics.evaluation.customers_evaluated).toBe(0);
  });
});

describe('content similarity', () => {
  it('equals ml-distance cosine on the full weighted one-hot vectors', () => {
    const store = outfitStore({ seed: 11, products: 60, categories: 4, styles: 3, customers: 5, baskets: 5 });
    const products = store.products.map((p, k) => (k % 9 === 0 ? { ...p, brand: null } : p));
    const catalog = indexCatalog(products);
    const index = new ContentIndex(catalog);
    // Reference: dense vectors over every (attribute, value) and (category, price band) dimension.
    const importance: Record<string, number> = { category: 2, brand: 1, color: 1, size: 0.5, material: 1 };
    const byCategory = new Map<string, RecProduct[]>();
    for (const p of catalog.products) byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p]);
    const band = new Map<string, number>();
    for (const members of byCategory.values()) {
      const sorted = [...members].sort((a, b) => a.price - b.price || (a.id < b.id ? -1 : 1));
      const bands = Math.min(5, members.length);
      sorted.forEach((p, rank) => {
        const first = sorted.findIndex((q) => q.price === p.price);
        band.set(
          p.id,
          Math.min(bands - 1, Math.floor(((first === -1 ? rank : first) * bands) / members.length)),
        );
      });
    }
    const dims = new Map<string, number>();
    const entries = (p: RecProduct): [string, number][] => {
      const out: [string, number][] = [];
      for (const a of ['category', 'brand', 'color', 'size', 'material'] as const) {
        if (p[a] !== null) out.push([`${a}=${p[a]}`, Math.sqrt(importance[a]!)]);
      }
      const b = band.get(p.id)!;
      const bands = Math.min(5, byCategory.get(p.category)!.length);
      for (const [o, w] of [
        [-1, 0.5],
        [0, 1],
        [1, 0.5],
      ] as const) {
        if (b + o >= 0 && b + o < bands) out.push([`band=${p.category}/${b + o}`, w]);
      }
      for (const [key] of out) if (!dims.has(key)) dims.set(key, dims.size);
      return out;
    };
    const all = catalog.products.map(entries);
    const dense = all.map((list) => {
      const v = new Float64Array(dims.size);
      for (const [key, value] of list) v[dims.get(key)!] = value;
      return v;
    });
    for (let i = 0; i < catalog.n; i++) {
      for (let j = 0; j < catalog.n; j++) {
        if (i === j) continue;
        expect(index.cosine(i, j)).toBeCloseTo(similarity.cosine(dense[i]!, dense[j]!), 12);
      }
    }
  });
});

describe('scale', () => {
  it('trains 10,000 products and 200,000 baskets without a dense matrix', () => {
    const store = outfitStore({
      seed: 1,
      products: 10_000,
      categories: 40,
      styles: 50,
      customers: 20_000,
      baskets: 200_000,
    });
    // Same-basket co-purchases only, to stay within the test budget (the bench runs the defaults).
    const { recommendations, metrics } = trainRecommendations(store.products, store.baskets, {
      customerWindowDays: 0,
    });
    expect(metrics.total_products).toBe(10_000);
    // A dense 10k × 10k float matrix alone would be 800 MB; the co-purchase matrix has far fewer non-zeros.
    expect(metrics.co_purchase_pairs).toBeGreaterThan(0);
    expect(metrics.co_purchase_pairs).toBeLessThan(10_000 * 10_000 * 0.05);
    expect(recommendations.length).toBeGreaterThan(10_000 * 2 * 20 * 0.9);
    expect(metrics.evaluation.customers_evaluated).toBeGreaterThan(1000);
  });
});
