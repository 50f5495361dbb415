import { describe, expect, it } from 'vitest';
import { InsufficientDataError } from '../errors';
import { createRng } from '../random/prng';
import { addDays } from '../time/days';
import { type CustomerOrder, customerFeatures } from './features';
import { SEGMENT_TYPES, type SegmentType } from './names';
import { adjustedRandIndex } from './rand-index';
import { assignSegment, trainSegmentation } from './train';

const AS_OF = '2026-11-26';

/**
 * Planted customers, 40 per segment type, far apart on the features: each persona's first order, gap
 * between orders, last order and basket size are drawn from its own narrow ranges.
 */
function plantedOrders(seed: number): { orders: CustomerOrder[]; persona: Map<string, SegmentType> } {
  const rng = createRng(seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * rng();
  const spec: Record<
    SegmentType,
    { first: [number, number]; gap: [number, number]; last: [number, number]; basket: number }
  > = {
    vip: { first: [650, 720], gap: [6, 9], last: [1, 6], basket: 420 },
    frequent: { first: [600, 700], gap: [18, 26], last: [2, 15], basket: 85 },
    occasional: { first: [550, 700], gap: [100, 140], last: [40, 80], basket: 110 },
    at_risk: { first: [600, 700], gap: [14, 20], last: [200, 260], basket: 150 },
    new: { first: [3, 25], gap: [1000, 1000], last: [3, 25], basket: 120 },
    inactive: { first: [550, 700], gap: [1000, 1000], last: [550, 700], basket: 60 },
  };
  const orders: CustomerOrder[] = [];
  const persona = new Map<string, SegmentType>();
  for (const type of SEGMENT_TYPES) {
    const s = spec[type];
    for (let i = 0; i < 40; i++) {
      const customerId = `${type}-${String(i).padStart(2, '0')}`;
      persona.set(customerId, type);
      const first = Math.round(between(...s.first));
      const last = Math.min(first, Math.round(between(...s.last)));
      // Days before AS_OF, from the first order down to the last one.
      for (let ago = first; ago >= last; ago -= Math.round(between(...s.gap))) {
        orders.push({
          customerId,
          date: addDays(AS_OF, -ago),
          total: Math.round(s.basket * between(0.7, 1.3)),
        });
      }
      if (first !== last && s.gap[0] < 1000) {
        orders.push({
          customerId,
          date: addDays(AS_OF, -last),
          total: Math.round(s.basket * between(0.7, 1.3)),
        });
      }
    }
  }
  return { orders, persona };
}

const planted = plantedOrders(3);
const trained = trainSegmentation(planted.orders, AS_OF, { seed: 42 });

describe('customerFeatures', () => {
  it('computes recency, tenure and frequency as of the day before asOf, ignoring later orders', () => {
    const orders: CustomerOrder[] = [
      { customerId: 'a', date: '2026-01-01', total: 100 },
      { customerId: 'a', date: '2026-03-01', total: 50 },
      { customerId: 'a', date: '2026-03-01', total: 30 },
      { customerId: 'b', date: '2026-03-31', total: 20 },
      { customerId: 'a', date: '2026-04-01', total: 999 }, // on asOf: not yet
    ];
    const [a, b] = customerFeatures(orders, '2026-04-01');
    expect(a).toEqual({
      customerId: 'a',
      recency_days: 31,
      total_orders: 3,
      total_spent: 180,
      avg_order_value: 60,
      purchase_frequency_monthly: 3 / (90 / 30.44),
      tenure_days: 90,
    });
    // One order yesterday: recency = tenure = 1, frequency over the 90-day floor.
    expect(b).toMatchObject({ recency_days: 1, tenure_days: 1, total_orders: 1 });
    expect(b!.purchase_frequency_monthly).toBeCloseTo(30.44 / 90, 12);
  });

  it('rejects negative totals and malformed dates', () => {
    expect(() =>
      customerFeatures([{ customerId: 'a', date: '2026-01-01', total: -1 }], '2026-02-01'),
    ).toThrow(RangeError);
    expect(() => customerFeatures([{ customerId: 'a', date: '2026-13-01', total: 1 }], '2026-02-01')).toThrow(
      RangeError,
    );
  });
});

describe('trainSegmentation', () => {
  it('finds planted customer groups and names each after its persona', () => {
    const { segments, metrics } = trained;
    expect(metrics.n_customers).toBe(240);
    const truth = segments.map((s) => SEGMENT_TYPES.indexOf(planted.persona.get(s.customerId)!));
    expect(
      adjustedRandIndex(
        truth,
        segments.map((s) => s.cluster),
      ),
    ).toBeGreaterThan(0.95);
    const named = segments.filter((s) => s.segment_type === planted.persona.get(s.customerId)).length;
    expect(named / segments.length).toBeGreaterThan(0.95);
    expect(metrics.silhouette_score).toBeGreaterThan(0.5);
    expect(metrics.silhouette_sample_size).toBe(240);
    expect(metrics.cluster_sizes.reduce((a, b) => a + b, 0)).toBe(240);
  });

  it('numbers clusters by centroid spend and uses every name once with 6 clusters', () => {
    const { metrics } = trained;
    expect([...metrics.cluster_names].sort()).toEqual([...SEGMENT_TYPES].sort());
    const spent = metrics.centroids.map((c) => c.total_spent);
    expect(spent).toEqual([...spent].sort((a, b) => b - a));
    expect(metrics.cluster_names[0]).toBe('vip');
    // Centroids are in original units.
    const vip = metrics.centroids[0]!;
    expect(vip.avg_order_value).toBeGreaterThan(300);
    expect(vip.recency_days).toBeLessThan(10);
  });

  it('segments one-order customers too (as new or inactive here)', () => {
    const oneOrder = trained.segments.filter((s) => s.characteristics.total_orders === 1);
    expect(oneOrder.length).toBeGreaterThanOrEqual(80);
    for (const s of oneOrder) expect(['new', 'inactive']).toContain(s.segment_type);
  });

  it('reports confidence in [0, 1], rounded characteristics and a lifetime value', () => {
    for (const s of trained.segments) {
      expect(s.confidence_score).toBeGreaterThanOrEqual(0);
      expect(s.confidence_score).toBeLessThanOrEqual(1);
      expect(Number.isInteger(s.characteristics.recency_days)).toBe(true);
      expect(Math.round(s.characteristics.total_spent * 100)).toBeCloseTo(
        s.characteristics.total_spent * 100,
        6,
      );
      expect(s.lifetime_value_prediction).toBeGreaterThanOrEqual(0);
      expect(s.probability_alive).toBeGreaterThanOrEqual(0);
      expect(s.probability_alive).toBeLessThanOrEqual(1);
    }
    const mean = (type: string) => {
      const values = trained.segments
        .filter((s) => s.segment_type === type)
        .map((s) => s.lifetime_value_prediction);
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    expect(mean('vip')).toBeGreaterThan(mean('frequent'));
    expect(mean('frequent')).toBeGreaterThan(mean('inactive'));
    expect(mean('at_risk')).toBeLessThan(mean('frequent'));
    const clv = trained.metrics.clv;
    expect(clv.horizon_months).toBe(12);
    expect(clv.time_unit).toBe('weeks');
    expect(['bg_nbd+gamma_gamma', 'heuristic']).toContain(clv.method);
    expect(clv.validation).not.toBeNull();
  });

  it('is deterministic, and its JSON model segments customers again', () => {
    const again = trainSegmentation([...planted.orders].reverse(), AS_OF, { seed: 42 });
    expect(JSON.stringify(again.model)).toBe(JSON.stringify(trained.model));
    expect(again.segments).toEqual(trained.segments);
    expect(again.metrics).toEqual(trained.metrics);

    const model = JSON.parse(JSON.stringify(trained.model));
    const features = customerFeatures(planted.orders, AS_OF);
    features.forEach((f, i) => {
      const s = trained.segments[i]!;
      expect(assignSegment(model, f)).toEqual({
        cluster: s.cluster,
        segment_type: s.segment_type,
        confidence_score: s.confidence_score,
      });
    });
  });

  it('suffixes repeated names for other numbers of clusters', () => {
    const eight = trainSegmentation(planted.orders, AS_OF, { nClusters: 8, nInit: 3 });
    const names = eight.metrics.cluster_names;
    expect(names).toHaveLength(8);
    expect(new Set(names).size).toBe(8);
    expect(names.filter((n) => /_\d+$/.test(n))).toHaveLength(2);
    for (const type of SEGMENT_TYPES) expect(names).toContain(type);
    const three = trainSegmentation(planted.orders, AS_OF, { nClusters: 3, nInit: 3 });
    expect(new Set(three.metrics.cluster_names).size).toBe(3);
  });

  it('rejects out-of-range options and too few customers', () => {
    for (const nClusters of [1, 13, 2.5]) {
      expect(() => trainSegmentation(planted.orders, AS_OF, { nClusters })).toThrow(RangeError);
    }
    expect(() => trainSegmentation(planted.orders, AS_OF, { nInit: 0 })).toThrow(RangeError);
    // An option passed as undefined takes its default.
    expect(trainSegmentation(planted.orders, AS_OF, { seed: undefined }).metrics).toEqual(trained.metrics);
    expect(() => trainSegmentation(planted.orders, AS_OF, { silhouetteSampleSize: 10 })).toThrow(RangeError);
    expect(() => trainSegmentation(planted.orders, 'yesterday')).toThrow(RangeError);
    const few = planted.orders.filter((o) => o.customerId.startsWith('vip-0'));
    expect(() => trainSegmentation(few, AS_OF)).toThrow(InsufficientDataError);
  });
});
