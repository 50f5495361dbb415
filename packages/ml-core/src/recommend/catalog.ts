import { toEpochDay } from '../time/days';
import type { Basket, RecProduct } from './options';

/**
 * Products as dense indices 0…n-1 in ascending id order (plain code-unit comparison), so comparing
 * indices compares ids: every "ties broken by product id" below is an index comparison.
 */
export interface IndexedCatalog {
  n: number;
  ids: string[];
  products: RecProduct[];
  indexOf: Map<string, number>;
  active: Uint8Array;
  outOfStock: Uint8Array;
}

export function indexCatalog(products: readonly RecProduct[]): IndexedCatalog {
  const sorted = [...products].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = sorted.length;
  const indexOf = new Map<string, number>();
  const active = new Uint8Array(n);
  const outOfStock = new Uint8Array(n);
  sorted.forEach((p, i) => {
    if (indexOf.has(p.id)) throw new RangeError(`recommendations: duplicate product id ${p.id}`);
    indexOf.set(p.id, i);
    active[i] = p.active ? 1 : 0;
    outOfStock[i] = Number(p.stock) > 0 ? 0 : 1;
  });
  return { n, ids: sorted.map((p) => p.id), products: sorted, indexOf, active, outOfStock };
}

/**
 * Baskets in chronological order (stable by day: same-day baskets keep their input order), as flat
 * arrays: basket b holds items[offsets[b] … offsets[b + 1]) (distinct catalog indices, unknown ids
 * dropped; baskets left empty are dropped), its day number and its customer number (-1: guest).
 */
export interface IndexedBaskets {
  count: number;
  day: Int32Array;
  customer: Int32Array;
  offsets: Int32Array;
  items: Int32Array;
  /** Distinct registered customers. */
  customers: number;
}

export function indexBaskets(catalog: IndexedCatalog, baskets: readonly Basket[]): IndexedBaskets {
  const dayOf = new Map<string, number>();
  const days = new Int32Array(baskets.length);
  let sorted = true;
  baskets.forEach((b, k) => {
    let d = dayOf.get(b.date);
    if (d === undefined) {
      d = toEpochDay(b.date);
      dayOf.set(b.date, d);
    }
    days[k] = d;
    if (k > 0 && d < days[k - 1]!) sorted = false;
  });
  const order = Int32Array.from(baskets, (_, k) => k);
  if (!sorted) order.sort((a, b) => days[a]! - days[b]! || a - b);

  const customerOf = new Map<string, number>();
  const day = new Int32Array(baskets.length);
  const customer = new Int32Array(baskets.length);
  const offsets = new Int32Array(baskets.length + 1);
  let lines = 0;
  for (const b of baskets) lines += b.productIds.length;
  const items = new Int32Array(lines);
  const stamp = new Int32Array(catalog.n).fill(-1);
  let count = 0;
  let length = 0;
  for (const k of order) {
    const basket = baskets[k]!;
    const start = length;
    for (const id of basket.productIds) {
      const i = catalog.indexOf.get(id);
      if (i === undefined || stamp[i] === count) continue;
      stamp[i] = count;
      items[length++] = i;
    }
    if (length === start) continue;
    let c = -1;
    if (basket.customerId !== null && basket.customerId !== undefined) {
      c = customerOf.get(basket.customerId) ?? -1;
      if (c < 0) {
        c = customerOf.size;
        customerOf.set(basket.customerId, c);
      }
    }
    day[count] = days[k]!;
    customer[count] = c;
    count++;
    offsets[count] = length;
  }
  return {
    count,
    day: day.subarray(0, count),
    customer: customer.subarray(0, count),
    offsets: offsets.subarray(0, count + 1),
    items: items.subarray(0, length),
    customers: customerOf.size,
  };
}

/**
 * Baskets grouped by customer (counting sort; guests left out): customer c's baskets, oldest first,
 * are baskets[starts[c] … starts[c + 1]).
 */
export function basketsByCustomer(baskets: IndexedBaskets): { starts: Int32Array; baskets: Int32Array } {
  const starts = new Int32Array(baskets.customers + 1);
  for (let b = 0; b < baskets.count; b++) {
    const c = baskets.customer[b]!;
    if (c >= 0) starts[c + 1]! += 1;
  }
  for (let c = 0; c < baskets.customers; c++) starts[c + 1]! += starts[c]!;
  const fill = starts.slice(0, baskets.customers);
  const grouped = new Int32Array(starts[baskets.customers]!);
  for (let b = 0; b < baskets.count; b++) {
    const c = baskets.customer[b]!;
    if (c >= 0) grouped[fill[c]!++] = b;
  }
  return { starts, baskets: grouped };
}
