/**
 * Draws from the BG/NBD and Gamma-Gamma generative processes, for tests and benchmarks (not public API):
 * parameter-recovery tests need data whose true parameters are known.
 */
import { createRng, normal } from '../random/prng';
import { fromEpochDay, toEpochDay } from '../time/days';
import type { BgNbdParams, RepeatSummary } from './bg-nbd';
import type { GammaGammaParams } from './gamma-gamma';

/** A Gamma(shape, rate) draw: Marsaglia & Tsang (2000), boosted by U^(1/shape) for shape < 1. */
export function sampleGamma(rng: () => number, shape: number, rate: number): number {
  if (shape < 1) return sampleGamma(rng, shape + 1, rate) * (1 - rng()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/** A Beta(a, b) draw from two gammas. */
export function sampleBeta(rng: () => number, a: number, b: number): number {
  const x = sampleGamma(rng, a, 1);
  return x / (x + sampleGamma(rng, b, 1));
}

/** One customer's repeat-purchase times (weeks after the first purchase, up to `T`) under BG/NBD. */
function repeatTimes(rng: () => number, params: BgNbdParams, T: number): number[] {
  const lambda = sampleGamma(rng, params.r, params.alpha);
  const p = sampleBeta(rng, params.a, params.b);
  const times: number[] = [];
  let t = 0;
  for (;;) {
    t += -Math.log(1 - rng()) / lambda;
    if (t > T) return times;
    times.push(t);
    if (rng() < p) return times;
  }
}

/**
 * `n` customers observed for T weeks each (uniform in [minT, maxT]), repeat purchases from BG/NBD and,
 * when `spend` is given, purchase values from Gamma-Gamma (`monetary` = mean of the repeat values).
 */
export function simulateRepeatSummaries(
  n: number,
  params: BgNbdParams,
  options: { seed: number; minT: number; maxT: number; spend?: GammaGammaParams },
): RepeatSummary[] {
  const rng = createRng(options.seed);
  return Array.from({ length: n }, () => {
    const T = options.minT + (options.maxT - options.minT) * rng();
    const times = repeatTimes(rng, params, T);
    const x = times.length;
    let monetary = 0;
    if (options.spend && x > 0) {
      const nu = sampleGamma(rng, options.spend.q, options.spend.v);
      for (let i = 0; i < x; i++) monetary += sampleGamma(rng, options.spend.p, nu) / x;
    }
    return { x, t_x: x > 0 ? times[x - 1]! : 0, T, monetary };
  });
}

/**
 * A store's paid orders from the same processes in calendar days: `n` customers whose first purchase is
 * uniform over the first `acquisitionDays` of `days` days from `start`; purchases of one customer on the
 * same day merge (as the CLV code counts them). Returns the orders and the day after the last one.
 */
export function simulateStoreOrders(options: {
  n: number;
  seed: number;
  start: string;
  days: number;
  acquisitionDays: number;
  bgNbd: BgNbdParams;
  spend: GammaGammaParams;
}): { orders: { customerId: string; date: string; total: number }[]; asOf: string } {
  const rng = createRng(options.seed);
  const startDay = toEpochDay(options.start);
  const orders: { customerId: string; date: string; total: number }[] = [];
  for (let c = 0; c < options.n; c++) {
    const customerId = `C${String(c).padStart(6, '0')}`;
    const firstDay = Math.floor(rng() * options.acquisitionDays);
    const T = (options.days - firstDay) / 7;
    const nu = sampleGamma(rng, options.spend.q, options.spend.v);
    const value = () => Math.round(sampleGamma(rng, options.spend.p, nu) * 100) / 100;
    orders.push({ customerId, date: fromEpochDay(startDay + firstDay), total: value() });
    let lastDay = firstDay;
    for (const t of repeatTimes(rng, options.bgNbd, T)) {
      const day = firstDay + Math.floor(t * 7);
      if (day >= options.days || day === lastDay) continue;
      lastDay = day;
      orders.push({ customerId, date: fromEpochDay(startDay + day), total: value() });
    }
  }
  return { orders, asOf: fromEpochDay(startDay + options.days) };
}
