import { spawn } from 'node:child_process';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test-support';
import {
  createDatabase,
  type Database,
  type GeneratedStore,
  type GenerateOptions,
  generateStore,
  SeedRefusedError,
  type StoreCounts,
  writeStore,
} from '../src';
import {
  customerSegments,
  customers,
  mlModels,
  orderItems,
  orders,
  productRecommendations,
  products,
} from '../src/schema';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const DAY_MS = 86_400_000;
const SMALL: GenerateOptions = {
  seed: 7,
  days: 240,
  orders: 1500,
  customers: 120,
  products: 60,
  end: '2026-06-30',
};
const DEMO: GenerateOptions = {
  seed: 42,
  days: 730,
  orders: 5000,
  customers: 250,
  products: 150,
  end: '2026-06-30',
};

const small = generateStore(SMALL);
const demo = generateStore(DEMO);

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const cents = (x: number) => Math.round(x * 100);

/** Paid units per product over the last 30 days of the history, per day. */
function recentDemand(store: GeneratedStore): Map<string, number> {
  const from = Date.parse(`${store.options.end}T00:00:00Z`) - 29 * DAY_MS;
  const recentPaid = new Set(
    store.orders.filter((o) => o.status === 'paid' && o.createdAt.getTime() >= from).map((o) => o.id),
  );
  const perDay = new Map<string, number>();
  for (const line of store.orderItems) {
    if (recentPaid.has(line.orderId))
      perDay.set(line.productId, (perDay.get(line.productId) ?? 0) + line.quantity / 30);
  }
  return perDay;
}

function ordersPerDay(store: GeneratedStore): Map<string, number> {
  const perDay = new Map<string, number>();
  for (const o of store.orders) perDay.set(isoDay(o.createdAt), (perDay.get(isoDay(o.createdAt)) ?? 0) + 1);
  return perDay;
}

function meanOver(perDay: Map<string, number>, days: string[]): number {
  return days.reduce((sum, d) => sum + (perDay.get(d) ?? 0), 0) / days.length;
}

function allDays(options: GenerateOptions): string[] {
  const end = Date.parse(`${options.end}T00:00:00Z`);
  return Array.from({ length: options.days }, (_, i) =>
    isoDay(new Date(end - (options.days - 1 - i) * DAY_MS)),
  );
}

describe('generateStore', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateStore(SMALL)).toEqual(small);
    const other = generateStore({ ...SMALL, seed: 8 });
    expect(other.orders[0]!.id).not.toBe(small.orders[0]!.id);
    expect(other.products.map((p) => p.price)).not.toEqual(small.products.map((p) => p.price));
  });

  it('makes exactly the requested rows, with unique keys and v4-shaped ids', () => {
    expect(small.orders).toHaveLength(1500);
    expect(small.customers).toHaveLength(120);
    expect(small.products).toHaveLength(60);
    const unique = (xs: unknown[]) => new Set(xs).size === xs.length;
    expect(unique(small.products.map((p) => p.sku))).toBe(true);
    expect(unique(small.customers.map((c) => c.email))).toBe(true);
    expect(unique(small.customers.map((c) => c.externalId))).toBe(true);
    expect(unique(small.orders.map((o) => o.externalId))).toBe(true);
    const ids = [...small.products, ...small.customers, ...small.orders].map((r) => r.id);
    expect(unique(ids)).toBe(true);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('places every order inside the history and inside store hours', () => {
    const first = Date.parse(`${SMALL.end}T00:00:00Z`) - (SMALL.days - 1) * DAY_MS;
    const afterLast = Date.parse(`${SMALL.end}T00:00:00Z`) + DAY_MS;
    for (const o of small.orders) {
      expect(o.createdAt.getTime()).toBeGreaterThanOrEqual(first);
      expect(o.createdAt.getTime()).toBeLessThan(afterLast);
      expect(o.createdAt.getUTCHours()).toBeGreaterThanOrEqual(10);
      expect(o.createdAt.getUTCHours()).toBeLessThan(20);
    }
    expect(isoDay(small.orders.at(-1)!.createdAt)).toBe(SMALL.end);
    for (const p of small.products) expect(p.createdAt.getTime()).toBeLessThan(first);
  });

  it('writes one line per product per order, and order totals that add up', () => {
    const pairs = new Set(small.orderItems.map((l) => `${l.orderId}/${l.productId}`));
    expect(pairs.size).toBe(small.orderItems.length);
    const productIds = new Set(small.products.map((p) => p.id));
    const sums = new Map<string, number>();
    for (const line of small.orderItems) {
      expect(line.quantity).toBeGreaterThan(0);
      expect(productIds.has(line.productId)).toBe(true);
      expect(Math.abs(line.unitPrice * 100 - cents(line.unitPrice))).toBeLessThan(1e-6);
      sums.set(line.orderId, (sums.get(line.orderId) ?? 0) + line.quantity * cents(line.unitPrice));
    }
    for (const o of small.orders) {
      expect(sums.has(o.id)).toBe(true);
      expect(cents(o.total)).toBe(sums.get(o.id));
    }
    const linesPerOrder = small.orderItems.length / small.orders.length;
    expect(linesPerOrder).toBeGreaterThan(1.8);
    expect(linesPerOrder).toBeLessThan(3);
  });

  it('mixes paid, cancelled and refunded orders, and a few guests', () => {
    const share = (status: string) =>
      demo.orders.filter((o) => o.status === status).length / demo.orders.length;
    expect(share('paid')).toBeGreaterThan(0.9);
    expect(share('paid')).toBeLessThan(0.96);
    expect(share('cancelled')).toBeGreaterThan(0.02);
    expect(share('refunded')).toBeGreaterThan(0.015);
    const guests = demo.orders.filter((o) => o.customerId === null).length / demo.orders.length;
    expect(guests).toBeGreaterThan(0.02);
    expect(guests).toBeLessThan(0.08);
  });

  it('peaks in December and July, and sells more at weekends', () => {
    const perDay = ordersPerDay(demo);
    const days = allDays(DEMO);
    const overall = meanOver(perDay, days);
    const month = (m: string) =>
      meanOver(
        perDay,
        days.filter((d) => d.startsWith(m)),
      );
    expect(month('2025-12')).toBeGreaterThan(1.5 * overall);
    expect(month('2025-07')).toBeGreaterThan(1.25 * month('2025-06'));
    expect(month('2026-01')).toBeLessThan(overall);
    // The upward trend: the second year sells more than the first.
    const firstYear = meanOver(perDay, days.slice(0, 365));
    expect(meanOver(perDay, days.slice(365))).toBeGreaterThan(1.1 * firstYear);

    const dow = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
    const weekend = meanOver(
      perDay,
      days.filter((d) => dow(d) === 0 || dow(d) === 6),
    );
    const weekday = meanOver(
      perDay,
      days.filter((d) => dow(d) >= 1 && dow(d) <= 4),
    );
    expect(weekend).toBeGreaterThan(1.3 * weekday);
  });

  it('buys products of the same outfit together far more often than chance', () => {
    const collectionOf = new Map<string, number>();
    demo.collections.forEach((c, i) => {
      for (const id of c.productIds) collectionOf.set(id, i);
    });
    const baskets = new Map<string, string[]>();
    for (const l of demo.orderItems) baskets.set(l.orderId, [...(baskets.get(l.orderId) ?? []), l.productId]);
    const n = baskets.size;
    const single = new Map<string, number>();
    const pair = new Map<string, number>();
    for (const items of baskets.values()) {
      for (const a of items) single.set(a, (single.get(a) ?? 0) + 1);
      for (const a of items)
        for (const b of items) if (a < b) pair.set(`${a}|${b}`, (pair.get(`${a}|${b}`) ?? 0) + 1);
    }
    // Lift over all pairs of a kind: observed co-occurrences / those expected if baskets were independent.
    const lift = { same: { observed: 0, expected: 0 }, other: { observed: 0, expected: 0 } };
    const ids = [...single.keys()].sort();
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const [a, b] = [ids[i]!, ids[j]!];
        const kind = collectionOf.get(a) === collectionOf.get(b) ? lift.same : lift.other;
        kind.observed += pair.get(`${a}|${b}`) ?? 0;
        kind.expected += (single.get(a)! * single.get(b)!) / n;
      }
    }
    const same = lift.same.observed / lift.same.expected;
    const other = lift.other.observed / lift.other.expected;
    expect(same).toBeGreaterThan(2);
    expect(same).toBeGreaterThan(5 * other);
  });

  it('has bestsellers and a long tail', () => {
    const units = new Map<string, number>();
    for (const l of demo.orderItems) units.set(l.productId, (units.get(l.productId) ?? 0) + l.quantity);
    const sorted = [...units.values()].sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    const top = sorted.slice(0, Math.ceil(demo.products.length / 10)).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThan(0.2);
    expect(sorted.at(-1)! * 5).toBeLessThan(sorted[0]!);
  });

  it('sets up every inventory situation against recent demand', () => {
    const demand = recentDemand(demo);
    const sold = new Set(demo.orderItems.map((l) => l.productId));
    const active = demo.products.filter((p) => p.active);
    // Days of cover, next to the product's lead time: what decides whether it must be reordered.
    const selling = active.filter((p) => (demand.get(p.id) ?? 0) > 0);
    const cover = selling.map((p) => ({ days: p.stock / demand.get(p.id)!, lead: p.leadTimeDays }));
    const never = active.filter((p) => !sold.has(p.id));
    expect(cover.filter((c) => c.days < 3).length).toBeGreaterThanOrEqual(3);
    expect(cover.filter((c) => c.days >= 3 && c.days <= c.lead + 15).length).toBeGreaterThanOrEqual(3);
    expect(cover.filter((c) => c.days > c.lead + 15 && c.days <= 120).length).toBeGreaterThan(
      cover.length / 4,
    );
    expect(cover.filter((c) => c.days > 120).length).toBeGreaterThanOrEqual(3);
    expect(active.filter((p) => p.stock === 0).length).toBeGreaterThanOrEqual(2);
    expect(never.length).toBeGreaterThanOrEqual(demo.products.length * 0.05);
    for (const p of never) expect(p.stock).toBeGreaterThan(0);
    const inactive = demo.products.length - active.length;
    expect(inactive).toBeGreaterThanOrEqual(5);
    expect(inactive).toBeLessThanOrEqual(10);
  });

  it('gives each persona the history it stands for', () => {
    const endMs = Date.parse(`${DEMO.end}T00:00:00Z`) + DAY_MS;
    const byCustomer = new Map<string, Date[]>();
    for (const o of demo.orders) {
      if (o.customerId) byCustomer.set(o.customerId, [...(byCustomer.get(o.customerId) ?? []), o.createdAt]);
    }
    const stats = (persona: string) =>
      demo.customers
        .filter((_, i) => demo.personas[i] === persona)
        .map((c) => ({ c, dates: byCustomer.get(c.id) ?? [] }));
    const meanOrders = (persona: string) =>
      stats(persona).reduce((sum, s) => sum + s.dates.length, 0) / stats(persona).length;
    expect(meanOrders('vip')).toBeGreaterThan(2 * meanOrders('frequent'));
    expect(meanOrders('frequent')).toBeGreaterThan(2 * meanOrders('occasional'));
    for (const { dates } of stats('lapsed'))
      expect(endMs - dates.at(-1)!.getTime()).toBeGreaterThan(110 * DAY_MS);
    for (const { dates } of stats('new')) expect(endMs - dates[0]!.getTime()).toBeLessThan(46 * DAY_MS);
    for (const { dates } of stats('inactive')) {
      expect(dates.length).toBeGreaterThanOrEqual(1);
      expect(dates.length).toBeLessThanOrEqual(2);
      expect(endMs - dates.at(-1)!.getTime()).toBeGreaterThan(200 * DAY_MS);
    }
    for (const { c, dates } of stats('vip')) expect(c.createdAt.getTime()).toBeLessThan(dates[0]!.getTime());
  });

  it('discounts some lines in the July sale and none in March', () => {
    const price = new Map(demo.products.map((p) => [p.id, p.price]));
    const month = new Map(demo.orders.map((o) => [o.id, isoDay(o.createdAt).slice(5, 7)]));
    const discounted = (m: string) =>
      demo.orderItems.filter((l) => month.get(l.orderId) === m && l.unitPrice < price.get(l.productId)!)
        .length;
    expect(discounted('07')).toBeGreaterThan(100);
    expect(discounted('03')).toBe(0);
  });

  it('works for tiny stores', () => {
    const tiny = generateStore({
      seed: 1,
      days: 30,
      orders: 10,
      customers: 3,
      products: 5,
      end: '2026-06-30',
    });
    expect(tiny.orders).toHaveLength(10);
    expect(tiny.customers).toHaveLength(3);
    expect(tiny.products).toHaveLength(5);
    expect(tiny.orderItems.length).toBeGreaterThanOrEqual(10);
    const one = generateStore({ seed: 1, days: 1, orders: 1, customers: 1, products: 1, end: '2026-06-30' });
    expect(one.orderItems).toHaveLength(1);
    expect(isoDay(one.orders[0]!.createdAt)).toBe('2026-06-30');
  });

  it('rejects impossible options', () => {
    expect(() => generateStore({ ...SMALL, orders: 0 })).toThrow(RangeError);
    expect(() => generateStore({ ...SMALL, days: 1.5 })).toThrow(RangeError);
    expect(() => generateStore({ ...SMALL, end: '2026-02-30' })).toThrow(/end/);
  });
});

async function tableCounts(database: Database): Promise<StoreCounts> {
  const n = async (table: typeof products | typeof customers | typeof orders | typeof orderItems) =>
    (await database.db.select({ n: count() }).from(table))[0]!.n;
  return {
    products: await n(products),
    customers: await n(customers),
    orders: await n(orders),
    orderItems: await n(orderItems),
  };
}

const countsOf = (store: GeneratedStore): StoreCounts => ({
  products: store.products.length,
  customers: store.customers.length,
  orders: store.orders.length,
  orderItems: store.orderItems.length,
});

describe('writeStore', () => {
  let database: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    database = createDatabase(fresh.url, { max: 2 });
  });
  afterAll(async () => {
    await database.close();
    await drop();
  });

  it('writes the store, refuses to write over orders, and replaces everything on reset', async () => {
    const progress: string[] = [];
    const counts = await writeStore(database, small, {
      reset: false,
      onProgress: (done, total, table) => {
        if (done === total) progress.push(table);
      },
    });
    expect(counts).toEqual(countsOf(small));
    expect(await tableCounts(database)).toEqual(countsOf(small));
    expect(progress).toEqual(['products', 'customers', 'orders', 'order_items']);
    const [stored] = await database.db.select().from(orders).where(eq(orders.id, small.orders[0]!.id));
    expect(stored).toEqual(small.orders[0]);

    const again = writeStore(database, generateStore({ ...SMALL, seed: 8 }), { reset: false });
    await expect(again).rejects.toBeInstanceOf(SeedRefusedError);
    await expect(again).rejects.toMatchObject({
      existingOrders: 1500,
      message: expect.stringContaining('--reset'),
    });
    expect(await tableCounts(database)).toEqual(countsOf(small));

    // Model outputs that point at the old products and customers must not block the reset.
    const [model] = await database.db
      .insert(mlModels)
      .values({ modelType: 'product_recommendation', algorithm: 'cooc', version: 1, artifact: {} })
      .returning();
    await database.db.insert(productRecommendations).values({
      modelId: model!.id,
      productId: small.products[0]!.id,
      recommendedProductId: small.products[1]!.id,
      score: 0.5,
      rank: 1,
      method: 'bought_together',
    });
    await database.db.insert(customerSegments).values({
      modelId: model!.id,
      customerId: small.customers[0]!.id,
      cluster: 0,
      segmentType: 'vip',
      confidenceScore: 0.9,
      characteristics: {},
    });

    const next = generateStore({ ...SMALL, seed: 8, orders: 700, customers: 50, products: 30 });
    expect(await writeStore(database, next, { reset: true })).toEqual(countsOf(next));
    expect(await tableCounts(database)).toEqual(countsOf(next));
    const ids = (await database.db.select({ id: orders.id }).from(orders)).map((r) => r.id).sort();
    expect(ids).toEqual(next.orders.map((o) => o.id).sort());
    expect(await database.db.select().from(productRecommendations)).toEqual([]);
  });
});

function runSeed(args: string[], env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/db/src/cli/seed.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// Each run starts node + tsx (a second or two), so these get a longer timeout than the default 30 s.
describe('npm run seed', () => {
  let url: string;
  let drop: () => Promise<void>;
  let database: Database;

  beforeAll(async () => {
    const fresh = await freshDatabase();
    url = fresh.url;
    drop = fresh.drop;
    database = createDatabase(url, { max: 1 });
  });
  afterAll(async () => {
    await database.close();
    await drop();
  });

  const FLAGS = ['--days', '60', '--orders', '200', '--customers', '30', '--products', '20'];

  it('seeds an empty database, then refuses to seed it again without --reset', async () => {
    const first = await runSeed(FLAGS, { DATABASE_URL: url });
    expect(first.stderr).toContain('order_items');
    expect(first.code).toBe(0);
    const counts = await tableCounts(database);
    expect(counts).toMatchObject({ products: 20, customers: 30, orders: 200 });
    expect(counts.orderItems).toBeGreaterThan(200);

    const second = await runSeed(FLAGS, { DATABASE_URL: url });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('--reset');
    expect(await tableCounts(database)).toEqual(counts);

    const reset = await runSeed([...FLAGS.slice(0, 2), '--orders', '150', '--seed', '3', '--reset'], {
      DATABASE_URL: url,
    });
    expect(reset.code).toBe(0);
    expect((await tableCounts(database)).orders).toBe(150);
  }, 90_000);

  it('rejects bad flags with exit code 2, before touching the database', async () => {
    const runs = await Promise.all(
      [
        ['--orders', '-5'],
        ['--days', '4000', '--colour', 'red'],
        ['--days', '4000'],
        ['--end', '2026-13-01'],
      ].map(
        // An unreachable database: a run that got past the flags would fail differently (exit 1).
        (args) => runSeed(args, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }),
      ),
    );
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(runs[1]!.stderr).toContain('--colour');
    expect(runs[2]!.stderr).toContain('--days');
    expect(runs[3]!.stderr).toContain('--end');
  }, 90_000);
});
