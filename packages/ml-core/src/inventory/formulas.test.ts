import { describe, expect, it } from 'vitest';
import {
  ceilUnits,
  economicOrderQuantity,
  orderQuantity,
  reorderPoint,
  STOCKOUT_HORIZON_DAYS,
  safetyStock,
  stockoutDate,
  zForServiceLevel,
} from './formulas';

describe('zForServiceLevel', () => {
  it.each([
    [0.5, 0],
    [0.8, 0.8416212335729143],
    [0.9, 1.2815515655446004],
    [0.95, 1.6448536269514722],
    [0.975, 1.959963984540054],
    [0.99, 2.3263478740408408],
    [0.999, 3.090232306167813],
    [0.3, -0.5244005127080407],
    [1e-10, -6.361340902404056],
  ])('Φ⁻¹(%f) = %f', (p, z) => {
    expect(zForServiceLevel(p)).toBeCloseTo(z, 12);
  });

  it('matches the tables to four decimals at the usual service levels', () => {
    expect(Number(zForServiceLevel(0.95).toFixed(4))).toBe(1.6449);
    expect(Number(zForServiceLevel(0.99).toFixed(4))).toBe(2.3263);
  });

  it('is antisymmetric around 0.5 and increasing, also in the far tails', () => {
    for (const p of [0.01, 0.1, 0.42, 0.4251, 2 ** -20, 2 ** -40]) {
      // 2^-k keeps 1 − p exact, so only the algorithm is tested in the tails.
      expect(zForServiceLevel(1 - p)).toBeCloseTo(-zForServiceLevel(p), 9);
    }
    const ps = [1e-300, 1e-20, 1e-8, 0.001, 0.0749, 0.0751, 0.3, 0.5, 0.7, 0.9249, 0.9251, 0.999, 1 - 1e-12];
    const zs = ps.map(zForServiceLevel);
    for (let i = 1; i < zs.length; i += 1) expect(zs[i]!).toBeGreaterThan(zs[i - 1]!);
    expect(zForServiceLevel(1e-300)).toBeCloseTo(-37.0470962993612, 9);
  });

  it('rejects levels outside (0, 1)', () => {
    for (const p of [0, 1, -0.1, 1.5, Number.NaN]) expect(() => zForServiceLevel(p)).toThrow(RangeError);
  });
});

describe('safety stock, reorder point, order quantity', () => {
  it('safety stock is z·σ·√L', () => {
    expect(safetyStock(2, 1.5, 16)).toBe(12); // 2 × 1.5 × 4
    expect(safetyStock(1.6448536269514722, 1, 9)).toBeCloseTo(4.934560880854417, 12);
    expect(safetyStock(1.645, 0, 30)).toBe(0);
    expect(safetyStock(1.645, 2, 0)).toBe(0);
  });

  it('reorder point is d·L + SS', () => {
    expect(reorderPoint(2, 9, 5)).toBe(23);
    expect(reorderPoint(1.2, 5, 2.5)).toBeCloseTo(8.5, 12);
    expect(reorderPoint(0, 14, 0)).toBe(0);
  });

  it('order quantity covers lead time + review + safety stock minus stock, rounded up, never negative', () => {
    expect(orderQuantity(2, 9, 30, 4.934560880854417, 23)).toBe(60); // ⌈78 + 4.93 − 23⌉ = ⌈59.93⌉
    expect(orderQuantity(1, 10, 30, 0, 10)).toBe(30);
    expect(orderQuantity(0.5, 4, 30, 0, 0)).toBe(17);
    expect(orderQuantity(1, 10, 30, 0, 40)).toBe(0);
    expect(orderQuantity(1, 10, 30, 0, 55)).toBe(0);
    expect(orderQuantity(0, 10, 30, 0, 0)).toBe(0);
    // 0.1 × 30 is 3.0000000000000004 in floating point: still 3 units, not 4.
    expect(orderQuantity(0.1, 10, 20, 0, 0)).toBe(3);
  });

  it('rounds whole units up, ignoring float noise', () => {
    expect(ceilUnits(3.0000000000004)).toBe(3);
    expect(ceilUnits(3.001)).toBe(4);
    expect(ceilUnits(0)).toBe(0);
    expect(Object.is(ceilUnits(-0.2), 0)).toBe(true);
  });

  it('rejects negative or non-finite inputs', () => {
    expect(() => safetyStock(1.6, -1, 4)).toThrow(RangeError);
    expect(() => reorderPoint(Number.NaN, 4, 1)).toThrow(RangeError);
    expect(() => orderQuantity(1, -2, 30, 0, 0)).toThrow(RangeError);
  });
});

describe('economicOrderQuantity', () => {
  it('is √(2DS/H)', () => {
    expect(economicOrderQuantity(1000, 50, 2.5)).toBe(200); // √40 000
    expect(economicOrderQuantity(730, 40, 2)).toBeCloseTo(Math.sqrt(29200), 12); // 170.88
    expect(economicOrderQuantity(0, 40, 2)).toBe(0);
  });

  it('needs a positive holding cost', () => {
    expect(() => economicOrderQuantity(100, 10, 0)).toThrow(RangeError);
  });
});

describe('stockoutDate', () => {
  it('is asOf + ⌊stock / d⌋ days', () => {
    expect(stockoutDate('2026-04-01', 10, 1)).toBe('2026-04-11');
    expect(stockoutDate('2026-04-01', 10, 3)).toBe('2026-04-04'); // ⌊3.33⌋
    expect(stockoutDate('2026-04-01', 3, 0.1)).toBe('2026-05-01'); // 3 / 0.1 = 29.999999999999996 → 30
    expect(stockoutDate('2028-02-27', 2, 1)).toBe('2028-02-29');
  });

  it('is today without stock and none without demand or beyond ten years', () => {
    expect(stockoutDate('2026-04-01', 0, 2)).toBe('2026-04-01');
    expect(stockoutDate('2026-04-01', -3, 2)).toBe('2026-04-01');
    expect(stockoutDate('2026-04-01', 5, 0)).toBeNull();
    expect(stockoutDate('2026-04-01', STOCKOUT_HORIZON_DAYS, 1)).toBe('2036-03-29');
    expect(stockoutDate('2026-04-01', STOCKOUT_HORIZON_DAYS + 1, 1)).toBeNull();
    expect(stockoutDate('2026-04-01', 10, 1e-9)).toBeNull();
  });

  it('rejects a malformed day', () => {
    expect(() => stockoutDate('2026-4-1', 10, 1)).toThrow(RangeError);
  });
});
