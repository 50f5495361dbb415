/**
 * # Customer features for segmentation (RFM and friends)
 *
 * From the paid orders of known customers, as of "today" = `asOf` (features use the orders dated before
 * it; later orders are ignored, which is what a what-if `as_of` means):
 * - recency_days: days from the last order to asOf (an order yesterday → 1);
 * - total_orders, total_spent, avg_order_value = total_spent ÷ total_orders;
 * - tenure_days: days from the first order to asOf (≥ 1);
 * - purchase_frequency_monthly: total_orders per 30.44 days of tenure, with tenure floored at 90 days.
 *   A floor of 30 days would give a customer whose one order was last week 1 order a month — more than
 *   the best customers of the demo stores (0.6–4 a month) — so frequency would single out new customers
 *   instead of frequent ones; over a quarter, one order is 0.34 a month, an occasional customer's pace.
 * A customer with a single order has recency = tenure; they are still featured and segmented (usually
 * `new` when that order is recent, `inactive` when it is old).
 *
 * For clustering every feature goes through log1p (money and counts are heavy-tailed; recency and
 * tenure in months, see LOG_UNITS) and is then standardised to mean 0 and standard deviation 1 over the
 * customers (a constant feature gets sd 1).
 */
import { toEpochDay } from '../time/days';

/** One paid order of a known customer. */
export interface CustomerOrder {
  customerId: string;
  /** YYYY-MM-DD */
  date: string;
  total: number;
}

export const SEGMENT_FEATURES = [
  'recency_days',
  'total_orders',
  'total_spent',
  'avg_order_value',
  'purchase_frequency_monthly',
  'tenure_days',
] as const;
export type SegmentFeature = (typeof SEGMENT_FEATURES)[number];

export type CustomerFeatures = { customerId: string } & Record<SegmentFeature, number>;

export const DAYS_PER_MONTH = 30.44;
/** Tenure floor (days) of purchase_frequency_monthly. */
export const FREQUENCY_MIN_TENURE_DAYS = 90;

/** A customer's orders before asOf, merged by day (the CLV models count purchase days). */
export interface CustomerHistory {
  customerId: string;
  /** Distinct epoch days with an order, ascending. */
  days: Int32Array;
  /** Amount spent on each of those days. */
  amounts: Float64Array;
  orders: number;
  spent: number;
}

/** Orders grouped by customer (sorted by customerId, code-unit order), keeping those dated before `asOfDay`. */
export function customerHistories(orders: readonly CustomerOrder[], asOfDay: number): CustomerHistory[] {
  // Flat typed arrays and a counting sort by customer: 440k orders in a fraction of a second.
  const dayOf = new Map<string, number>();
  const indexOf = new Map<string, number>();
  const ids: string[] = [];
  const owner = new Int32Array(orders.length);
  const dayArr = new Int32Array(orders.length);
  const totalArr = new Float64Array(orders.length);
  let kept = 0;
  let lastDate = '';
  let lastDay = 0;
  orders.forEach((order, i) => {
    if (typeof order.customerId !== 'string' || order.customerId === '') {
      throw new RangeError(`order ${i} has no customerId`);
    }
    if (!Number.isFinite(order.total) || order.total < 0) {
      throw new RangeError(`order ${i} has an invalid total: ${order.total}`);
    }
    if (order.date !== lastDate) {
      lastDate = order.date;
      lastDay = dayOf.get(order.date) ?? toEpochDay(order.date);
      dayOf.set(order.date, lastDay);
    }
    const day = lastDay;
    if (day >= asOfDay) return;
    let c = indexOf.get(order.customerId);
    if (c === undefined) {
      c = ids.length;
      ids.push(order.customerId);
      indexOf.set(order.customerId, c);
    }
    owner[kept] = c;
    dayArr[kept] = day;
    totalArr[kept] = order.total;
    kept += 1;
  });

  // The default sort compares UTF-16 code units, which is the order promised (and faster than a comparator).
  const sortedIds = ids.slice().sort();
  const rank = new Int32Array(ids.length);
  sortedIds.forEach((id, r) => {
    rank[indexOf.get(id)!] = r;
  });
  const start = new Int32Array(ids.length + 1);
  for (let i = 0; i < kept; i++) start[rank[owner[i]!]! + 1]! += 1;
  for (let r = 0; r < ids.length; r++) start[r + 1]! += start[r]!;
  const fill = start.slice(0, ids.length);
  const sortedDay = new Int32Array(kept);
  const sortedTotal = new Float64Array(kept);
  for (let i = 0; i < kept; i++) {
    const at = fill[rank[owner[i]!]!]!++;
    sortedDay[at] = dayArr[i]!;
    sortedTotal[at] = totalArr[i]!;
  }

  // Merge orders of the same day in place; each history views a slice of two shared buffers.
  const days = new Int32Array(kept);
  const amounts = new Float64Array(kept);
  let out = 0;
  return sortedIds.map((customerId, r) => {
    const from = start[r]!;
    const to = start[r + 1]!;
    // Insertion sort by day (stable; orders usually arrive in date order, so this is about linear).
    for (let i = from + 1; i < to; i++) {
      const day = sortedDay[i]!;
      const total = sortedTotal[i]!;
      let j = i - 1;
      while (j >= from && sortedDay[j]! > day) {
        sortedDay[j + 1] = sortedDay[j]!;
        sortedTotal[j + 1] = sortedTotal[j]!;
        j -= 1;
      }
      sortedDay[j + 1] = day;
      sortedTotal[j + 1] = total;
    }
    const first = out;
    let spent = 0;
    for (let i = from; i < to; i++) {
      if (i === from || sortedDay[i] !== sortedDay[i - 1]) {
        days[out] = sortedDay[i]!;
        out += 1;
      }
      amounts[out - 1]! += sortedTotal[i]!;
      spent += sortedTotal[i]!;
    }
    return {
      customerId,
      days: days.subarray(first, out),
      amounts: amounts.subarray(first, out),
      orders: to - from,
      spent,
    };
  });
}

/** The features of one customer's history as of `asOfDay` (module comment). */
export function featuresOf(history: CustomerHistory, asOfDay: number): CustomerFeatures {
  const first = history.days[0]!;
  const last = history.days[history.days.length - 1]!;
  const tenure = asOfDay - first;
  return {
    customerId: history.customerId,
    recency_days: asOfDay - last,
    total_orders: history.orders,
    total_spent: history.spent,
    avg_order_value: history.spent / history.orders,
    purchase_frequency_monthly:
      history.orders / (Math.max(tenure, FREQUENCY_MIN_TENURE_DAYS) / DAYS_PER_MONTH),
    tenure_days: tenure,
  };
}

/** Segmentation features of every customer with a paid order before `asOf` ("today"), by customerId. */
export function customerFeatures(orders: readonly CustomerOrder[], asOf: string): CustomerFeatures[] {
  const asOfDay = toEpochDay(asOf);
  return customerHistories(orders, asOfDay).map((h) => featuresOf(h, asOfDay));
}

/** log1p(x / unit) + standardisation parameters, per feature in SEGMENT_FEATURES order. */
export interface FeatureScaler {
  transform: 'log1p';
  features: SegmentFeature[];
  /** Each feature is divided by its unit before log1p (days in months: see LOG_UNITS). */
  units: number[];
  mean: number[];
  std: number[];
}

/**
 * Units of the log transform, log1p(x / unit): recency and tenure in months. log1p is about linear
 * below one unit and logarithmic above, so 3 vs 10 days weigh little while 3 vs 10 months weigh a lot;
 * in days, the few weeks of a new customer's history would spread over more than two standard
 * deviations and k-means would spend clusters splitting new customers by their age in days.
 */
export const LOG_UNITS: Record<SegmentFeature, number> = {
  recency_days: DAYS_PER_MONTH,
  total_orders: 1,
  total_spent: 1,
  avg_order_value: 1,
  purchase_frequency_monthly: 1,
  tenure_days: DAYS_PER_MONTH,
};

function logRow(
  f: Record<SegmentFeature, number>,
  units: readonly number[],
  out: Float64Array,
  offset: number,
): void {
  SEGMENT_FEATURES.forEach((name, j) => {
    out[offset + j] = Math.log1p(f[name] / units[j]!);
  });
}

/** Fits the scaler to the features (population standard deviation) and returns it with the scaled matrix. */
export function fitScaler(features: readonly CustomerFeatures[]): {
  scaler: FeatureScaler;
  scaled: Float64Array;
} {
  const d = SEGMENT_FEATURES.length;
  const n = features.length;
  const scaled = new Float64Array(n * d);
  const units = SEGMENT_FEATURES.map((name) => LOG_UNITS[name]);
  features.forEach((f, i) => {
    logRow(f, units, scaled, i * d);
  });
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += scaled[i * d + j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j]! += (scaled[i * d + j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) std[j] = std[j]! > 1e-12 ? Math.sqrt(std[j]!) : 1;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) scaled[i * d + j] = (scaled[i * d + j]! - mean[j]!) / std[j]!;
  }
  return { scaler: { transform: 'log1p', features: [...SEGMENT_FEATURES], units, mean, std }, scaled };
}

/** One customer's features in the scaler's space. */
export function scaleFeatures(scaler: FeatureScaler, f: Record<SegmentFeature, number>): Float64Array {
  const out = new Float64Array(SEGMENT_FEATURES.length);
  logRow(f, scaler.units, out, 0);
  for (let j = 0; j < out.length; j++) out[j] = (out[j]! - scaler.mean[j]!) / scaler.std[j]!;
  return out;
}

/** A point of the scaled space back in original units (expm1 of the un-standardised value). */
export function unscale(scaler: FeatureScaler, point: ArrayLike<number>): Record<SegmentFeature, number> {
  const out = {} as Record<SegmentFeature, number>;
  SEGMENT_FEATURES.forEach((name, j) => {
    out[name] = Math.expm1(point[j]! * scaler.std[j]! + scaler.mean[j]!) * scaler.units[j]!;
  });
  return out;
}
