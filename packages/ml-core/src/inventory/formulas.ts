import { addDays, toEpochDay } from '../time/days';

/**
 * # Inventory formulas
 *
 * Textbook (s, S) inventory maths on expected daily demand `d` (units/day) and its daily standard deviation
 * `σ`, with days assumed independent (so the deviation over `L` days is σ·√L):
 *
 * - safety stock      SS  = z·σ·√L            (z for the service level, e.g. 1.645 at 95%)
 * - reorder point     ROP = d·L + SS
 * - order quantity    Q   = ⌈d·(L + R) + SS − stock⌉, never negative (covers lead time + review period R)
 * - economic order    EOQ = √(2·D·S / H)       (D annual units, S cost per order, H holding cost per unit-year)
 * - stockout date         = asOf + ⌊stock / d⌋ days, none when d = 0
 *
 * These functions are exact (no rounding to whole units) except `orderQuantity`, which counts units.
 */

/** Slack for float noise when rounding to whole units: 3.0000000000004 units is 3, not 4. */
const UNIT_EPSILON = 1e-9;

/** A stockout further away than this (10 years) is reported as none: it is outside any planning horizon. */
export const STOCKOUT_HORIZON_DAYS = 3650;

/** Rounds a quantity up to whole units, ignoring float noise below 1e-9 of a unit. */
export function ceilUnits(x: number): number {
  const rounded = Math.ceil(x - UNIT_EPSILON);
  return rounded === 0 ? 0 : rounded;
}

// Wichura's AS 241 (PPND16) rational approximations, coefficients of r⁰ … r⁷ (shortest exact doubles).
const CENTRAL_NUM = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const CENTRAL_DEN = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852546,
];
const NEAR_NUM = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const NEAR_DEN = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
const TAIL_NUM = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
];
const TAIL_DEN = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
];

/** Σ cᵢ·xⁱ by Horner's rule. */
function polynomial(coefficients: readonly number[], x: number): number {
  let value = 0;
  for (let i = coefficients.length - 1; i >= 0; i -= 1) value = value * x + coefficients[i]!;
  return value;
}

/**
 * The standard normal quantile Φ⁻¹(p): the z with P(Z ≤ z) = p. Wichura's algorithm AS 241 (PPND16,
 * Applied Statistics 37, 1988), accurate to about 1e-16 relative, over the whole open interval (0, 1).
 */
export function zForServiceLevel(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`service level must be strictly between 0 and 1, got ${p}`);
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * polynomial(CENTRAL_NUM, r)) / polynomial(CENTRAL_DEN, r);
  }
  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const value =
    r <= 5
      ? polynomial(NEAR_NUM, r - 1.6) / polynomial(NEAR_DEN, r - 1.6)
      : polynomial(TAIL_NUM, r - 5) / polynomial(TAIL_DEN, r - 5);
  return q < 0 ? -value : value;
}

function requireNonNegative(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0))
    throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
}

/** Safety stock z·σ·√L: the buffer that covers demand above its mean during the lead time. */
export function safetyStock(z: number, dailyStd: number, leadTimeDays: number): number {
  if (!Number.isFinite(z)) throw new RangeError(`z must be finite, got ${z}`);
  requireNonNegative('dailyStd', dailyStd);
  requireNonNegative('leadTimeDays', leadTimeDays);
  return z * dailyStd * Math.sqrt(leadTimeDays);
}

/** Reorder point d·L + SS: order when stock falls to this level. */
export function reorderPoint(dailyMean: number, leadTimeDays: number, safety: number): number {
  requireNonNegative('dailyMean', dailyMean);
  requireNonNegative('leadTimeDays', leadTimeDays);
  if (!Number.isFinite(safety)) throw new RangeError(`safety stock must be finite, got ${safety}`);
  return dailyMean * leadTimeDays + safety;
}

/**
 * Units to order now so that stock covers the lead time plus the review period plus the safety stock:
 * ⌈d·(L + R) + SS − stock⌉, and 0 when the stock already covers it.
 */
export function orderQuantity(
  dailyMean: number,
  leadTimeDays: number,
  reviewPeriodDays: number,
  safety: number,
  stock: number,
): number {
  requireNonNegative('dailyMean', dailyMean);
  requireNonNegative('leadTimeDays', leadTimeDays);
  requireNonNegative('reviewPeriodDays', reviewPeriodDays);
  if (!Number.isFinite(safety)) throw new RangeError(`safety stock must be finite, got ${safety}`);
  if (!Number.isFinite(stock)) throw new RangeError(`stock must be finite, got ${stock}`);
  return Math.max(0, ceilUnits(dailyMean * (leadTimeDays + reviewPeriodDays) + safety - stock));
}

/** Economic order quantity √(2·D·S / H) (Harris–Wilson): the order size minimising ordering + holding cost. */
export function economicOrderQuantity(
  annualDemand: number,
  orderingCost: number,
  unitHoldingCost: number,
): number {
  requireNonNegative('annualDemand', annualDemand);
  requireNonNegative('orderingCost', orderingCost);
  if (!(Number.isFinite(unitHoldingCost) && unitHoldingCost > 0)) {
    throw new RangeError(`unit holding cost must be a finite number > 0, got ${unitHoldingCost}`);
  }
  return Math.sqrt((2 * annualDemand * orderingCost) / unitHoldingCost);
}

/**
 * The first day without stock when `dailyMean` units sell each day from `asOf` on: asOf + ⌊stock / d⌋
 * (asOf itself when there is no stock). `null` when nothing is expected to sell (d = 0) or when that day
 * lies more than STOCKOUT_HORIZON_DAYS ahead.
 */
export function stockoutDate(asOf: string, stock: number, dailyMean: number): string | null {
  toEpochDay(asOf); // validates the day
  if (!Number.isFinite(stock)) throw new RangeError(`stock must be finite, got ${stock}`);
  requireNonNegative('dailyMean', dailyMean);
  if (dailyMean === 0) return null;
  const days = Math.max(0, Math.floor(stock / dailyMean + UNIT_EPSILON));
  return days > STOCKOUT_HORIZON_DAYS ? null : addDays(asOf, days);
}
