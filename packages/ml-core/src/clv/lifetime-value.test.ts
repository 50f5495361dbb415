import { describe, expect, it } from 'vitest';
import { customerHistories } from '../segment/features';
import { toEpochDay } from '../time/days';
import { fitClv, predictClv, repeatSummary, validateClv } from './lifetime-value';
import { simulateStoreOrders } from './simulate';

const store = simulateStoreOrders({
  n: 3000,
  seed: 5,
  start: '2024-01-01',
  days: 728,
  acquisitionDays: 365,
  bgNbd: { r: 0.5, alpha: 6, a: 0.8, b: 3 },
  spend: { p: 5, q: 4, v: 60 },
});
const endDay = toEpochDay(store.asOf);
const histories = customerHistories(store.orders, endDay);

describe('customer lifetime value', () => {
  it('summarises a history in weeks, counting one purchase per day', () => {
    const s = repeatSummary({ days: [100, 107, 121], amounts: [10, 20, 40] }, 128);
    expect(s).toEqual({ x: 2, t_x: 3, T: 4, monetary: 30 });
    expect(repeatSummary({ days: [100, 107, 121], amounts: [10, 20, 40] }, 110)).toEqual({
      x: 1,
      t_x: 1,
      T: 10 / 7,
      monetary: 20,
    });
  });

  it('fits BG/NBD and Gamma-Gamma and beats the naive same-rate baseline on a hold-out', () => {
    const { holdout, reason } = validateClv(histories, endDay);
    expect(reason).toBeNull();
    expect(holdout).not.toBeNull();
    const h = holdout!;
    expect(h.method).toBe('bg_nbd+gamma_gamma');
    expect(h.holdout_days).toBe(182); // a quarter of 728 days
    expect(h.holdout_from).toBe('2025-06-30');
    expect(h.mae).toBeLessThan(h.naive_mae);
    expect(h.beats_naive).toBe(true);
    // The model gets the total about right; the naive rate overshoots (it ignores dropout).
    expect(Math.abs(h.predicted_purchases / h.actual_purchases - 1)).toBeLessThan(0.15);
    expect(h.naive_purchases).toBeGreaterThan(h.predicted_purchases);
  });

  it('falls back to the heuristic when there are too few repeat buyers', () => {
    const few = histories.slice(0, 12).map((h) => repeatSummary(h, endDay));
    const model = fitClv(few);
    expect(model.method).toBe('heuristic');
    expect(model.converged).toBe(false);
    expect(model.fallback_reason).toMatch(/needs 20 customers/);
    const p = predictClv(model, { x: 3, t_x: 20, T: 30, monetary: 50 }, 52, 40);
    expect(p.expected_purchases).toBeGreaterThan(0);
    expect(p.probability_alive).toBeGreaterThan(0);
    expect(p.probability_alive).toBeLessThanOrEqual(1);
    expect(p.lifetime_value).toBeCloseTo(p.expected_purchases * 40, 10);
  });

  it('skips the hold-out check on a history too short to split', () => {
    const short = histories.map((h) => ({
      days: h.days.filter((d) => d >= endDay - 60),
      amounts: h.amounts,
    }));
    expect(validateClv(short, endDay).holdout).toBeNull();
  });
});
