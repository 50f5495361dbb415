import type { DailySeries } from '../forecast/series';
import { createRng, normal, poisson } from '../random/prng';
import { civilFromEpochDay, dayOfWeekOfEpochDay, fromEpochDay, toEpochDay } from '../time/days';

/** Settings of a synthetic boutique's daily sales, for tests and benchmarks (not part of the public API). */
export interface BoutiqueSalesOptions {
  start: string;
  days: number;
  seed: number;
  /** Mean paid orders per day at the start, before weekly and seasonal factors. */
  ordersPerDay: number;
  /** Mean money value of an order. */
  meanOrderValue: number;
  /** Growth of the order rate per year (0.15 = +15% a year, linear). */
  trendPerYear: number;
  /** Order-rate factor per weekday, Monday first. */
  weekly: readonly number[];
  /** Order-rate factor in December (gifts) and July (summer sales). */
  december: number;
  july: number;
}

export const BOUTIQUE_DEFAULTS: BoutiqueSalesOptions = {
  start: '2023-01-01',
  days: 730,
  seed: 1,
  ordersPerDay: 7,
  meanOrderValue: 90,
  trendPerYear: 0.15,
  weekly: [0.75, 0.85, 0.9, 1, 1.25, 1.55, 0.7],
  december: 1.6,
  july: 1.3,
};

/** Mean units per order: 1 + Poisson(0.6). */
const EXTRA_UNITS = 0.6;
/** Log-normal spread of unit prices. */
const PRICE_SIGMA = 0.35;

/** A daily series of Poisson orders with weekly, December/July and trend effects; each order has 1+ units. */
export function boutiqueSales(overrides: Partial<BoutiqueSalesOptions> = {}): DailySeries {
  const o = { ...BOUTIQUE_DEFAULTS, ...overrides };
  const rng = createRng(o.seed);
  const startDay = toEpochDay(o.start);
  const amount = new Float64Array(o.days);
  const quantity = new Float64Array(o.days);
  const meanUnitPrice = o.meanOrderValue / (1 + EXTRA_UNITS);
  for (let t = 0; t < o.days; t += 1) {
    const day = startDay + t;
    const { month } = civilFromEpochDay(day);
    const season = month === 12 ? o.december : month === 7 ? o.july : 1;
    const rate =
      o.ordersPerDay * o.weekly[dayOfWeekOfEpochDay(day)]! * season * (1 + (o.trendPerYear * t) / 365);
    const orders = poisson(rng, rate);
    for (let k = 0; k < orders; k += 1) {
      const units = 1 + poisson(rng, EXTRA_UNITS);
      const price = meanUnitPrice * Math.exp(PRICE_SIGMA * normal(rng) - PRICE_SIGMA ** 2 / 2);
      amount[t]! += Math.round(units * price * 100) / 100;
      quantity[t]! += units;
    }
  }
  return { start: o.start, end: fromEpochDay(startDay + o.days - 1), amount, quantity };
}

/** A series whose amount is `f(t)` and quantity `f(t) / 50`, for shape tests. */
export function seriesFrom(
  start: string,
  days: number,
  f: (t: number, isoDay: string) => number,
): DailySeries {
  const startDay = toEpochDay(start);
  const amount = Float64Array.from({ length: days }, (_, t) => f(t, fromEpochDay(startDay + t)));
  return {
    start,
    end: fromEpochDay(startDay + days - 1),
    amount,
    quantity: amount.map((v) => v / 50),
  };
}
