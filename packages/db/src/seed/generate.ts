import type { customers, orderItems, orders, products } from '../schema/store';
import { buildCatalog, CATEGORIES, type Catalog, imageUrl } from './catalog';
import { DynamicWeightedSampler, Random, WeightedSampler } from './random';

export interface GenerateOptions {
  seed: number;
  days: number;
  orders: number;
  customers: number;
  products: number;
  /** 'YYYY-MM-DD', last day of the history, inclusive. */
  end: string;
}

/** Inclusive bounds the generator accepts (the CLI reports the same ones). */
export const GENERATE_LIMITS = {
  seed: [0, 4_294_967_295],
  days: [1, 3650],
  orders: [1, 2_000_000],
  customers: [1, 1_000_000],
  products: [1, 100_000],
} as const satisfies Record<string, readonly [number, number]>;

export type ProductRow = Required<typeof products.$inferInsert>;
export type CustomerRow = Required<typeof customers.$inferInsert>;
export type OrderRow = Required<typeof orders.$inferInsert>;
export type OrderItemRow = Required<typeof orderItems.$inferInsert>;

export const PERSONAS = ['vip', 'frequent', 'occasional', 'lapsed', 'new', 'inactive'] as const;
export type Persona = (typeof PERSONAS)[number];

export interface GeneratedCollection {
  name: string;
  theme: string;
  productIds: string[];
}

/** Rows ready to insert, plus the hidden structure they were drawn from (for tests and the demo). */
export interface GeneratedStore {
  options: GenerateOptions;
  products: ProductRow[];
  customers: CustomerRow[];
  orders: OrderRow[];
  orderItems: OrderItemRow[];
  collections: GeneratedCollection[];
  /** The persona each customer was drawn as, in the order of `customers`. */
  personas: Persona[];
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

interface PersonaSpec {
  share: number;
  /** Relative chance, per day in its window, that an order is this customer's (integer: exact sums). */
  weight: number;
  /** Weights of 1, 2, 3 and 4 lines per basket. */
  lines: readonly number[];
}

const PERSONA_SPECS: Record<Persona, PersonaSpec> = {
  vip: { share: 0.08, weight: 16, lines: [12, 30, 32, 26] },
  frequent: { share: 0.2, weight: 6, lines: [30, 34, 22, 14] },
  occasional: { share: 0.35, weight: 2, lines: [40, 32, 18, 10] },
  lapsed: { share: 0.17, weight: 4, lines: [38, 33, 19, 10] },
  new: { share: 0.12, weight: 5, lines: [45, 30, 16, 9] },
  // Only their one or two reserved orders, long ago.
  inactive: { share: 0.08, weight: 0, lines: [50, 30, 14, 6] },
};

const GUEST_SHARE = 0.05;
const SAME_OUTFIT = 0.75;
/** Sunday first, as Date#getUTCDay counts. */
const WEEKLY = [1.2, 0.75, 0.8, 0.85, 0.95, 1.15, 1.5] as const;
const MONTHLY = [0.72, 0.85, 0.95, 1, 1.05, 1, 1.5, 0.78, 1, 1.05, 1.1, 1.9] as const;
const HOURS = [0.6, 0.8, 1.1, 1.2, 1, 1, 1.1, 1.3, 1.2, 0.8] as const; // 10:00 … 19:00 UTC
const YEARLY_GROWTH = 0.2;

export function validateGenerateOptions(options: GenerateOptions): void {
  for (const key of Object.keys(GENERATE_LIMITS) as (keyof typeof GENERATE_LIMITS)[]) {
    const [lo, hi] = GENERATE_LIMITS[key];
    const value = options[key];
    if (!Number.isInteger(value) || value < lo || value > hi) {
      throw new RangeError(`${key} must be an integer between ${lo} and ${hi} (got ${value})`);
    }
  }
  parseDay(options.end);
}

/** Midnight UTC of a 'YYYY-MM-DD' day, rejecting impossible dates such as 2026-02-30. */
export function parseDay(day: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new RangeError(`end must be a valid date YYYY-MM-DD (got ${day})`);
  }
  return ms;
}

/**
 * A whole store: catalog, customers and `orders` orders over the `days` days ending at `end`.
 * Pure and deterministic: the same options give deep-equal output, ids and dates included.
 */
export function generateStore(options: GenerateOptions): GeneratedStore {
  validateGenerateOptions(options);
  const { seed } = options;
  const calendar = buildCalendar(options);
  const catalog = buildCatalog(Random.stream(seed, 'catalog'), options.products);
  const shelf = planShelf(Random.stream(seed, 'shelf'), catalog, calendar.days);
  const orderDay = allocateOrders(Random.stream(seed, 'volume'), calendar, options.orders);
  const people = buildCustomers(Random.stream(seed, 'customers'), options.customers, calendar.days);
  const orderCustomer = assignCustomers(Random.stream(seed, 'assign'), people, orderDay, calendar.days);
  const orderTimes = orderTimestamps(Random.stream(seed, 'times'), calendar, orderDay);

  const productIds = catalog.items.map(() => shelf.ids.uuid());
  const sales = writeOrders(Random.stream(seed, 'baskets'), {
    calendar,
    catalog,
    shelf,
    people,
    orderDay,
    orderCustomer,
    orderTimes,
    productIds,
  });
  const stock = planStock(Random.stream(seed, 'stock'), catalog, shelf, sales.recentUnits, sales.everSold);

  const historyStart = calendar.startMs;
  const productRows: ProductRow[] = catalog.items.map((item, i) => ({
    id: productIds[i]!,
    sku: item.sku,
    name: item.name,
    category: item.category,
    brand: item.brand,
    color: item.color,
    size: item.size,
    material: item.material,
    price: item.priceCents / 100,
    cost: item.costCents / 100,
    stock: stock[i]!,
    leadTimeDays: item.leadTimeDays,
    imageUrl: imageUrl(item.sku),
    active: !shelf.inactive[i],
    createdAt: new Date(historyStart - shelf.ageDays[i]! * DAY_MS + shelf.createdMinute[i]! * 60_000),
  }));

  const customerRows: CustomerRow[] = people.rows.map((c, i) => {
    // Customers without an order (more customers than orders) signed up when their window opened.
    const first = sales.firstOrderMs[i]! || historyStart + people.start[i]! * DAY_MS + 12 * HOUR_MS;
    return { ...c, createdAt: new Date(first - people.signupLeadMs[i]!) };
  });

  return {
    options: { ...options },
    products: productRows,
    customers: customerRows,
    orders: sales.orders,
    orderItems: sales.items,
    collections: catalog.collections.map((c) => ({
      name: c.name,
      theme: c.theme,
      productIds: c.items.map((i) => productIds[i]!),
    })),
    personas: people.personas,
  };
}

// ── Calendar ────────────────────────────────────────────────────────────────────────────────────────

interface Calendar {
  days: number;
  startMs: number;
  month: Uint8Array;
  weight: Float64Array;
  /** Probability that a line is sold at a discount that day (July sale, Black Friday week). */
  saleChance: Float64Array;
}

/** Day of November (1-based) of Black Friday: the day after the fourth Thursday. */
function blackFriday(year: number): number {
  const firstDow = new Date(Date.UTC(year, 10, 1)).getUTCDay();
  return 1 + ((4 - firstDow + 7) % 7) + 21 + 1;
}

function seasonal(month: number, dom: number, year: number): { factor: number; sale: number } {
  if (month === 11) {
    // Christmas shopping builds up to the 23rd; the shop is nearly empty on the 25th.
    if (dom <= 23) return { factor: 1.7 + (0.8 * (dom - 1)) / 22, sale: 0 };
    const late = [1.5, 0.2, 1.1] as const;
    return { factor: late[dom - 24] ?? 1.5, sale: 0 };
  }
  if (month === 10) {
    const bf = blackFriday(year);
    if (dom >= bf && dom <= bf + 3) return { factor: 2.1, sale: 0.6 };
    if (dom >= bf - 7 && dom < bf) return { factor: 1.3, sale: 0.2 };
    return { factor: 1.05, sale: 0 };
  }
  if (month === 6) return { factor: dom <= 15 ? 1.6 : 1.4, sale: 0.45 };
  return { factor: MONTHLY[month]!, sale: 0 };
}

function buildCalendar(options: GenerateOptions): Calendar {
  const rng = Random.stream(options.seed, 'calendar');
  const days = options.days;
  const startMs = parseDay(options.end) - (days - 1) * DAY_MS;
  const month = new Uint8Array(days);
  const weight = new Float64Array(days);
  const saleChance = new Float64Array(days);
  for (let d = 0; d < days; d++) {
    const date = new Date(startMs + d * DAY_MS);
    const m = date.getUTCMonth();
    const { factor, sale } = seasonal(m, date.getUTCDate(), date.getUTCFullYear());
    const trend = (1 + YEARLY_GROWTH) ** (d / 365);
    month[d] = m;
    weight[d] = WEEKLY[date.getUTCDay()]! * factor * trend * Math.exp(rng.normal(0, 0.08));
    saleChance[d] = sale;
  }
  return { days, startMs, month, weight, saleChance };
}

/**
 * The day of each order, ascending. Systematic sampling: exactly `count` orders, each day getting the
 * floor or ceiling of its expected share, so the daily curve keeps its shape instead of drowning in
 * sampling noise.
 */
function allocateOrders(rng: Random, calendar: Calendar, count: number): Int32Array {
  let total = 0;
  for (let d = 0; d < calendar.days; d++) total += calendar.weight[d]!;
  const offset = rng.float();
  const orderDay = new Int32Array(count);
  let placed = 0;
  let cumulative = 0;
  for (let d = 0; d < calendar.days; d++) {
    cumulative += calendar.weight[d]!;
    const upTo =
      d === calendar.days - 1 ? count : Math.min(count, Math.floor((cumulative / total) * count + offset));
    while (placed < upTo) orderDay[placed++] = d;
  }
  return orderDay;
}

function orderTimestamps(rng: Random, calendar: Calendar, orderDay: Int32Array): Float64Array {
  const times = new Float64Array(orderDay.length);
  const hour = new WeightedSampler(HOURS);
  let i = 0;
  while (i < orderDay.length) {
    const d = orderDay[i]!;
    let j = i;
    while (j < orderDay.length && orderDay[j] === d) j++;
    const dayMs = calendar.startMs + d * DAY_MS + 10 * HOUR_MS;
    for (let k = i; k < j; k++) {
      times[k] = dayMs + hour.sample(rng) * HOUR_MS + rng.int(0, 3599) * 1000;
    }
    times.subarray(i, j).sort();
    i = j;
  }
  return times;
}

// ── Catalog on the shelf ────────────────────────────────────────────────────────────────────────────

interface Shelf {
  ids: Random;
  neverSold: Uint8Array;
  inactive: Uint8Array;
  /** Last day an inactive (discontinued) product could still be sold. */
  lastSaleDay: Int32Array;
  ageDays: Int32Array;
  createdMinute: Int32Array;
  /** Popularity within its category, Zipf-like: a few bestsellers, a long tail. */
  zipf: Float64Array;
}

function planShelf(rng: Random, catalog: Catalog, days: number): Shelf {
  const n = catalog.items.length;
  const neverSold = new Uint8Array(n);
  const inactive = new Uint8Array(n);
  const lastSaleDay = new Int32Array(n).fill(days);
  const ageDays = new Int32Array(n);
  const createdMinute = new Int32Array(n);
  const zipf = new Float64Array(n);

  // Small catalogs keep every product sellable; from 10 products on, a few never sell (slow movers).
  const neverCount = n >= 10 ? Math.max(1, Math.round(n * 0.065)) : 0;
  const inactiveCount = n >= 10 ? Math.max(1, Math.round(n * 0.05)) : 0;
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  for (let k = 0; k < neverCount; k++) neverSold[order[k]!] = 1;
  for (let k = neverCount; k < neverCount + inactiveCount; k++) {
    const p = order[k]!;
    inactive[p] = 1;
    lastSaleDay[p] = Math.floor(days * rng.uniform(0.3, 0.8));
  }

  const rankInCategory = new Array<number>(CATEGORIES.length).fill(0);
  for (const p of rng.shuffle(Array.from({ length: n }, (_, i) => i))) {
    const c = catalog.items[p]!.categoryIndex;
    rankInCategory[c]! += 1;
    zipf[p] = 1 / rankInCategory[c]! ** 0.9;
  }
  for (let p = 0; p < n; p++) {
    ageDays[p] = rng.int(7, 400);
    createdMinute[p] = rng.int(8 * 60, 18 * 60);
  }
  return {
    ids: Random.stream(rng.next32(), 'product-ids'),
    neverSold,
    inactive,
    lastSaleDay,
    ageDays,
    createdMinute,
    zipf,
  };
}

/**
 * One sampler per month and customer class: category popularity × season picks the category, Zipf
 * popularity the product within it; VIPs lean towards the pricier pieces.
 */
function productSamplers(catalog: Catalog, shelf: Shelf, premium: boolean): WeightedSampler[] {
  const items = catalog.items;
  const tilt = items.map((item) => (premium ? (item.priceCents / 10_000) ** 1.2 : 1));
  const categoryMass = new Array<number>(CATEGORIES.length).fill(0);
  items.forEach((item, p) => {
    if (!shelf.neverSold[p]) categoryMass[item.categoryIndex]! += shelf.zipf[p]! * tilt[p]!;
  });
  return Array.from({ length: 12 }, (_, m) => {
    const weights = new Float64Array(items.length);
    items.forEach((item, p) => {
      if (shelf.neverSold[p]) return;
      const category = CATEGORIES[item.categoryIndex]!;
      weights[p] =
        (category.popularity * category.season[m]! * shelf.zipf[p]! * tilt[p]!) /
        categoryMass[item.categoryIndex]!;
    });
    return new WeightedSampler(weights);
  });
}

// ── Customers ───────────────────────────────────────────────────────────────────────────────────────

const FIRST_NAMES =
  'Emma Léa Chloé Sofia Mia Olivia Camille Inès Julia Alice Clara Zoé Laura Anna Nina Eva Louise Manon Sarah Elena Maya Ava Grace Lucy Hannah Isabel Marta Lena Amélie Rosa Noémie Jade Lina Charlotte Victoria Aurora Mila Ines Paula Tom Lucas Hugo Leo Noah Adam Paul Max'.split(
    ' ',
  );
const LAST_NAMES =
  'Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia Rossi Russo Müller Schmidt Weber Smith Johnson Brown Taylor Wilson Novak Kowalski Jensen Larsen Costa Silva Ferreira Lopez Martínez Fischer Wagner Conti Ricci'.split(
    ' ',
  );

const FIRST_ASCII = FIRST_NAMES.map(ascii);
const LAST_ASCII = LAST_NAMES.map(ascii);

interface People {
  rows: Omit<CustomerRow, 'createdAt'>[];
  personas: Persona[];
  start: Int32Array;
  end: Int32Array;
  weight: Int32Array;
  /** How many orders are reserved for the customer (their first, and a second for the inactive). */
  reserved: Uint8Array;
  /** How long before their first order a customer signed up. */
  signupLeadMs: Float64Array;
}

/** Splits `total` by shares so the counts sum exactly to it (largest remainder). */
function apportion(total: number, shares: readonly number[]): number[] {
  const exact = shares.map((s) => s * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((e, i) => ({ i, r: e - Math.floor(e) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    counts[i]! += 1;
  }
  return counts;
}

/** Email-safe spelling of a name: 'Léa' → 'lea'. */
function ascii(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'] as const;

function buildCustomers(rng: Random, count: number, days: number): People {
  const counts = apportion(
    count,
    PERSONAS.map((p) => PERSONA_SPECS[p].share),
  );
  const personas = rng.shuffle(PERSONAS.flatMap((p, i) => new Array<Persona>(counts[i]!).fill(p)));
  const last = days - 1;
  const lapseGap = () => Math.min(rng.int(120, 180), Math.floor(days * 0.4));
  const recentSpan = Math.min(44, Math.floor(days / 4));
  const oldEnd = days > 400 ? last - 240 : Math.floor(last * 0.3);
  const start = new Int32Array(count);
  const end = new Int32Array(count);
  const weight = new Int32Array(count);
  const reserved = new Uint8Array(count);
  const signupLeadMs = new Float64Array(count);
  const rows: People['rows'] = [];
  const ids = Random.stream(rng.next32(), 'customer-ids');

  for (let i = 0; i < count; i++) {
    const persona = personas[i]!;
    let s = 0;
    let e = last;
    switch (persona) {
      case 'vip':
        s = rng.chance(0.5) ? 0 : rng.int(0, Math.floor(last * 0.4));
        break;
      case 'frequent':
        s = rng.chance(0.4) ? 0 : rng.int(0, Math.floor(last * 0.6));
        break;
      case 'occasional':
        s = rng.chance(0.3) ? 0 : rng.int(0, Math.floor(last * 0.8));
        break;
      case 'lapsed':
        e = last - lapseGap();
        s = rng.chance(0.5) ? 0 : rng.int(0, Math.floor(e * 0.5));
        break;
      case 'new':
        s = last - rng.int(0, recentSpan);
        break;
      case 'inactive':
        s = rng.int(0, oldEnd);
        e = Math.min(oldEnd, s + 90);
        break;
    }
    start[i] = s;
    end[i] = e;
    weight[i] = PERSONA_SPECS[persona].weight * rng.int(2, 4);
    reserved[i] = persona === 'inactive' && rng.chance(0.5) ? 2 : 1;
    signupLeadMs[i] = persona === 'new' ? rng.uniform(0.5, 72) * HOUR_MS : rng.uniform(1, 24 * 120) * HOUR_MS;
    const f = rng.int(0, FIRST_NAMES.length - 1);
    const l = rng.int(0, LAST_NAMES.length - 1);
    const n = i + 1;
    rows.push({
      id: ids.uuid(),
      externalId: `CUS-${String(n).padStart(6, '0')}`,
      // The running number keeps emails unique however many namesakes the store has.
      email: `${FIRST_ASCII[f]}.${LAST_ASCII[l]}${n}@${rng.pick(EMAIL_DOMAINS)}`,
      name: `${FIRST_NAMES[f]} ${LAST_NAMES[l]}`,
    });
  }
  return {
    rows,
    personas,
    start,
    end,
    weight,
    reserved,
    signupLeadMs,
  };
}

/** Indices 0…n-1 grouped by a day value (counting sort): `items` from `offsets[d]` to `offsets[d + 1]`. */
function bucketByDay(values: Int32Array, days: number): { offsets: Int32Array; items: Int32Array } {
  const offsets = new Int32Array(days + 1);
  for (const v of values) offsets[v + 1]! += 1;
  for (let d = 0; d < days; d++) offsets[d + 1]! += offsets[d]!;
  const fill = offsets.slice(0, days);
  const items = new Int32Array(values.length);
  values.forEach((v, i) => {
    items[fill[v]!++] = i;
  });
  return { offsets, items };
}

/**
 * The customer of each order (-1: a guest). Each customer first gets an order on or after the day their
 * window opens, so everyone has a history that matches their persona; the other orders go to whoever
 * is active that day, by persona weight.
 */
function assignCustomers(rng: Random, people: People, orderDay: Int32Array, days: number): Int32Array {
  const n = orderDay.length;
  const owner = new Int32Array(n).fill(-1);
  const taken = new Uint8Array(n);
  const firstOfDay = new Int32Array(days + 1);
  for (let d = 0, k = 0; d <= days; d++) {
    while (k < n && orderDay[k]! < d) k++;
    firstOfDay[d] = k;
  }
  // Union-find over "next untaken order", so reserving stays near-linear for a million customers.
  const next = Int32Array.from({ length: n + 1 }, (_, i) => i);
  const find = (from: number): number => {
    let root = from;
    while (next[root] !== root) root = next[root]!;
    for (let k = from; next[k] !== root; ) {
      const up = next[k]!;
      next[k] = root;
      k = up;
    }
    return root;
  };
  const take = (k: number, c: number) => {
    owner[k] = c;
    taken[k] = 1;
    next[k] = k + 1;
  };

  const starts = bucketByDay(people.start, days);
  for (const c of starts.items) {
    const k = find(firstOfDay[people.start[c]!]!);
    if (k >= n || orderDay[k]! > people.end[c]!) continue;
    take(k, c);
    if (people.reserved[c] === 2) {
      const day = Math.min(people.end[c]!, orderDay[k]! + rng.int(5, 60));
      const k2 = find(firstOfDay[day]!);
      if (k2 < n && orderDay[k2]! <= people.end[c]!) take(k2, c);
    }
  }

  const ends = bucketByDay(people.end, days);
  const pool = new DynamicWeightedSampler(people.rows.length);
  for (let d = 0; d < days; d++) {
    for (let i = starts.offsets[d]!; i < starts.offsets[d + 1]!; i++) {
      const c = starts.items[i]!;
      pool.set(c, people.weight[c]!);
    }
    for (let k = firstOfDay[d]!; k < firstOfDay[d + 1]!; k++) {
      if (taken[k] || rng.chance(GUEST_SHARE)) continue;
      owner[k] = pool.sample(rng);
    }
    for (let i = ends.offsets[d]!; i < ends.offsets[d + 1]!; i++) pool.set(ends.items[i]!, 0);
  }
  return owner;
}

// ── Orders and their lines ──────────────────────────────────────────────────────────────────────────

interface OrderContext {
  calendar: Calendar;
  catalog: Catalog;
  shelf: Shelf;
  people: People;
  orderDay: Int32Array;
  orderCustomer: Int32Array;
  orderTimes: Float64Array;
  productIds: string[];
}

interface Sales {
  orders: OrderRow[];
  items: OrderItemRow[];
  firstOrderMs: Float64Array;
  /** Paid units per product over the last 30 days: the demand stock levels are set against. */
  recentUnits: Float64Array;
  everSold: Uint8Array;
}

const RECENT_DAYS = 30;
/**
 * Share of a returning customer's orders that start from the outfit of their previous purchase (they come
 * back to complete a look). Without it a customer's history says nothing about their next order, and no
 * recommender could beat "most popular" on the demo store.
 */
const REPEAT_STYLE = 0.45;
const STATUSES = ['paid', 'cancelled', 'refunded'] as const;
const STATUS_WEIGHTS = [93, 4, 3];
/** Weights of quantity 1, 2 and 3 on a line. */
const QUANTITY_WEIGHTS = [86, 10, 4];

function writeOrders(rng: Random, ctx: OrderContext): Sales {
  const { calendar, catalog, shelf, people, orderDay, orderCustomer, orderTimes, productIds } = ctx;
  const samplers = [productSamplers(catalog, shelf, false), productSamplers(catalog, shelf, true)] as const;
  const sellable = shelf.neverSold.reduce((a, never) => a + (never ? 0 : 1), 0);
  const ids = Random.stream(rng.next32(), 'order-ids');
  const recentFrom = calendar.days - RECENT_DAYS;
  const sales: Sales = {
    orders: new Array(orderDay.length),
    items: [],
    firstOrderMs: new Float64Array(people.rows.length),
    recentUnits: new Float64Array(catalog.items.length),
    everSold: new Uint8Array(catalog.items.length),
  };
  const chosen: number[] = [];
  const lineSamplers = Object.fromEntries(
    PERSONAS.map((p) => [p, new WeightedSampler(PERSONA_SPECS[p].lines)]),
  ) as Record<Persona, WeightedSampler>;
  // A customer's last purchase, so their next order can return to the same style (see REPEAT_STYLE).
  const lastBought = new Int32Array(people.rows.length).fill(-1);
  const statusSampler = new WeightedSampler(STATUS_WEIGHTS);
  const quantitySampler = new WeightedSampler(QUANTITY_WEIGHTS);
  const canSell = (p: number, day: number) => !shelf.neverSold[p] && shelf.lastSaleDay[p]! >= day;

  const popular = (sampler: WeightedSampler, day: number): number => {
    let p = sampler.sample(rng);
    // Discontinued products stop selling; a few redraws find a current one.
    for (let tries = 0; tries < 8 && !canSell(p, day); tries++) p = sampler.sample(rng);
    return p;
  };
  const fromOutfit = (anchor: number, day: number): number => {
    const outfit = catalog.collections[catalog.items[anchor]!.collection]!.items;
    // Two passes instead of filter(): this runs for most lines of a million-line store.
    let open = 0;
    for (const p of outfit) if (canSell(p, day) && !chosen.includes(p)) open++;
    if (open === 0) return -1;
    let nth = rng.int(1, open);
    for (const p of outfit) if (canSell(p, day) && !chosen.includes(p) && --nth === 0) return p;
    return -1;
  };

  for (let k = 0; k < orderDay.length; k++) {
    const day = orderDay[k]!;
    const c = orderCustomer[k]!;
    const persona: Persona = c >= 0 ? people.personas[c]! : 'occasional';
    const sampler = samplers[persona === 'vip' ? 1 : 0][calendar.month[day]!]!;
    const lineCount = Math.min(sellable, 1 + lineSamplers[persona].sample(rng));
    chosen.length = 0;
    const previous = c >= 0 ? lastBought[c]! : -1;
    const styled = previous >= 0 && rng.chance(REPEAT_STYLE) ? fromOutfit(previous, day) : -1;
    chosen.push(styled >= 0 ? styled : popular(sampler, day));
    for (let tries = 0; chosen.length < lineCount && tries < lineCount * 4; tries++) {
      let p = rng.chance(SAME_OUTFIT) ? fromOutfit(chosen[0]!, day) : -1;
      if (p < 0) p = popular(sampler, day);
      if (!chosen.includes(p)) chosen.push(p);
    }

    const status = STATUSES[statusSampler.sample(rng)]!;
    const orderId = ids.uuid();
    let totalCents = 0;
    for (const p of chosen) {
      const quantity = 1 + quantitySampler.sample(rng);
      const price = catalog.items[p]!.priceCents;
      const unitCents = rng.chance(calendar.saleChance[day]!)
        ? Math.round(price * (1 - rng.pick([0.1, 0.2, 0.3])))
        : price;
      totalCents += quantity * unitCents;
      sales.items.push({ orderId, productId: productIds[p]!, quantity, unitPrice: unitCents / 100 });
      sales.everSold[p] = 1;
      if (status === 'paid' && day >= recentFrom) sales.recentUnits[p]! += quantity;
    }
    if (c >= 0 && sales.firstOrderMs[c] === 0) sales.firstOrderMs[c] = orderTimes[k]!;
    if (c >= 0 && status === 'paid') lastBought[c] = chosen[chosen.length - 1]!;
    sales.orders[k] = {
      id: orderId,
      externalId: `ORD-${String(k + 1).padStart(6, '0')}`,
      customerId: c >= 0 ? people.rows[c]!.id : null,
      createdAt: new Date(orderTimes[k]!),
      status,
      total: totalCents / 100,
    };
  }
  return sales;
}

// ── Stock ───────────────────────────────────────────────────────────────────────────────────────────

/**
 * Stock against each product's recent demand, so that every inventory situation shows up: some at
 * 0–3 days of cover (two sold out), some low, most healthy, some overstocked, unsold ones lying idle.
 */
function planStock(
  rng: Random,
  catalog: Catalog,
  shelf: Shelf,
  recentUnits: Float64Array,
  everSold: Uint8Array,
): Int32Array {
  const stock = new Int32Array(catalog.items.length);
  const selling: number[] = [];
  for (let p = 0; p < stock.length; p++) {
    if (shelf.inactive[p]) stock[p] = rng.chance(0.7) ? 0 : rng.int(1, 4);
    else if (!everSold[p]) stock[p] = rng.int(5, 40);
    else if (recentUnits[p] === 0) stock[p] = rng.int(1, 6);
    else selling.push(p);
  }
  rng.shuffle(selling);
  const quota = (share: number) =>
    selling.length >= 4 ? Math.max(1, Math.round(selling.length * share)) : 0;
  const critical = quota(0.1);
  const low = critical + quota(0.15);
  const over = low + quota(0.1);
  selling.forEach((p, i) => {
    const perDay = recentUnits[p]! / RECENT_DAYS;
    const lead = catalog.items[p]!.leadTimeDays;
    // A store keeps what sells during a resupply (lead time) plus a buffer against a busy fortnight
    // (about 2σ of Poisson demand over the lead time): healthy products sit above their reorder point.
    const buffer = 1.5 * Math.sqrt(perDay * lead) + 1;
    if (i < critical) stock[p] = i < 2 ? 0 : Math.floor(perDay * rng.uniform(0.5, 2.9));
    else if (i < low)
      stock[p] = Math.max(1, Math.round(perDay * lead * rng.uniform(0.9, 1.2) + 0.5 * buffer));
    else if (i < over) stock[p] = Math.ceil(perDay * rng.uniform(130, 300));
    else stock[p] = Math.ceil(perDay * (lead + rng.uniform(10, 35)) + buffer);
  });
  return stock;
}
