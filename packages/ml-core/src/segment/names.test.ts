import { describe, expect, it } from 'vitest';
import { createRng, normal } from '../random/prng';
import { baseSegmentType, nameClusters, SEGMENT_TYPES, segmentActions } from './names';

function randomCentroids(k: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: k * 6 }, () => normal(rng));
}

/** Standardised centroids of six textbook segments (recency, orders, spent, avg order, frequency, tenure). */
const TEXTBOOK: Record<string, number[]> = {
  vip: [-1.2, 2, 2.2, 1.2, 1.8, 0.5],
  frequent: [-0.9, 1, 0.6, -0.3, 1, 0.4],
  occasional: [0, -0.4, -0.3, 0, -0.6, 0.4],
  at_risk: [1.2, 0.5, 0.4, 0.1, 0.1, 0.5],
  new: [-1, -1.2, -0.8, 0.1, 0.3, -2.4],
  inactive: [1.8, -1.3, -1.2, -0.4, -1.2, 0.2],
};

describe('nameClusters', () => {
  it('names textbook centroids as what they are, in any order', () => {
    const order = ['inactive', 'vip', 'new', 'occasional', 'frequent', 'at_risk'];
    const names = nameClusters(Float64Array.from(order.flatMap((t) => TEXTBOOK[t]!)), 6);
    expect(names).toEqual(order);
  });

  it('uses each of the six types exactly once with k = 6, whatever the centroids', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const names = nameClusters(randomCentroids(6, seed), 6);
      expect([...names].sort()).toEqual([...SEGMENT_TYPES].sort());
    }
  });

  it('gives distinct names for k < 6 and suffixes repeated names for k > 6', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const three = nameClusters(randomCentroids(3, seed), 3);
      expect(new Set(three).size).toBe(3);
      const twelve = nameClusters(randomCentroids(12, seed), 12);
      expect(new Set(twelve).size).toBe(12);
      // Every type appears unsuffixed once; the six extra clusters carry suffixes.
      expect(twelve.filter((n) => (SEGMENT_TYPES as readonly string[]).includes(n)).sort()).toEqual(
        [...SEGMENT_TYPES].sort(),
      );
      const suffixed = twelve.filter((n) => /_\d+$/.test(n));
      expect(suffixed).toHaveLength(6);
      for (const name of suffixed) expect(SEGMENT_TYPES).toContain(baseSegmentType(name));
    }
    // Three new-customer clusters among eight: one is `new`, the others `new_2` and `new_3`.
    const centroids = [...TEXTBOOK.new!, ...TEXTBOOK.new!, ...Object.values(TEXTBOOK).flat()];
    const eight = nameClusters(Float64Array.from(centroids), 8);
    expect(eight).toEqual(['new', 'new_2', 'vip', 'frequent', 'occasional', 'at_risk', 'new_3', 'inactive']);
  });
});

describe('segmentActions', () => {
  it('suggests actions per segment in English and Spanish, ignoring suffixes', () => {
    expect(segmentActions('vip', 'es')).toContain('Ofrecer descuentos exclusivos VIP');
    expect(segmentActions('at_risk_2', 'en')).toEqual(segmentActions('at_risk', 'en'));
    for (const type of SEGMENT_TYPES) {
      expect(segmentActions(type, 'en').length).toBeGreaterThanOrEqual(3);
      expect(segmentActions(type, 'es')).toHaveLength(segmentActions(type, 'en').length);
    }
    expect(() => segmentActions('loyal', 'en')).toThrow(RangeError);
  });
});
