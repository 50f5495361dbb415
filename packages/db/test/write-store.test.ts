import { count, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test-support';
import { createDatabase, type Database, type GeneratedStore, generateStore, writeStore } from '../src';
import { customers, orderItems, orders, products } from '../src/schema';

const OPTIONS = { seed: 11, days: 90, orders: 600, customers: 60, products: 40, end: '2026-06-30' };

/** A generated store with the values a text protocol gets wrong put into its first rows. */
function awkwardStore(): GeneratedStore {
  const store = generateStore(OPTIONS);
  const [p0, p1, p2] = store.products;
  Object.assign(p0!, {
    name: 'Robe «été» 👗 — 连衣裙\tavec\nretour\r\\N et \\ "guillemets"',
    brand: null,
    color: '\\N',
    size: '',
    material: "l'été, 100 % lin",
    price: 9_999_999_999.99,
    cost: 0.01,
    imageUrl: null,
  });
  Object.assign(p1!, { price: 0, cost: 0, active: false, stock: 0, brand: 'NULL' });
  Object.assign(p2!, { price: 1234.5, createdAt: new Date('2024-02-29T23:59:59.999Z') });
  Object.assign(store.customers[0]!, { name: 'Zoë Ångström-Łukasiewicz 🧵', email: null });
  Object.assign(store.orders[0]!, { total: 1_234_567.89, createdAt: new Date('2026-06-30T19:59:59.123Z') });
  Object.assign(store.orderItems[0]!, { unitPrice: 0.07 });
  return store;
}

const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
const byLine = <T extends { orderId: string; productId: string }>(rows: T[]) =>
  [...rows].sort((a, b) => `${a.orderId}${a.productId}`.localeCompare(`${b.orderId}${b.productId}`));

describe('writeStore round trip', () => {
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
  beforeEach(async () => {
    await database.db.execute(sql`truncate order_items, orders, customers, products cascade`);
  });

  it('reads back every row exactly as written: nulls, escapes, unicode, money and milliseconds', async () => {
    const store = awkwardStore();
    await writeStore(database, store, { reset: false });
    const { db } = database;
    expect(byId(await db.select().from(products))).toEqual(byId(store.products));
    expect(byId(await db.select().from(customers))).toEqual(byId(store.customers));
    expect(byId(await db.select().from(orders))).toEqual(byId(store.orders));
    expect(byLine(await db.select().from(orderItems))).toEqual(byLine(store.orderItems));
    // The exact decimal, not a float's neighbour: numeric(12,2) read as text.
    const [max] = await database.sql<{ price: string }[]>`
      select price::text from products where id = ${store.products[0]!.id}`;
    expect(max?.price).toBe('9999999999.99');
  });

  it('reports progress per table up to each total', async () => {
    const store = generateStore(OPTIONS);
    const seen = new Map<string, number[]>();
    await writeStore(database, store, {
      reset: false,
      onProgress: (done, total, table) => {
        expect(total).toBe(
          { products: 40, customers: 60, orders: 600, order_items: store.orderItems.length }[table],
        );
        seen.set(table, [...(seen.get(table) ?? []), done]);
      },
    });
    expect([...seen.keys()]).toEqual(['products', 'customers', 'orders', 'order_items']);
    for (const done of seen.values()) expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(seen.get('order_items')?.at(-1)).toBe(store.orderItems.length);
  });

  it('rolls everything back when a row breaks a constraint, and the pool stays usable', async () => {
    const store = generateStore(OPTIONS);
    // A line of an unknown product: the foreign key fails only once every line has been sent.
    store.orderItems.push({ ...store.orderItems.at(-1)!, productId: '00000000-0000-4000-8000-000000000000' });
    await expect(writeStore(database, store, { reset: false })).rejects.toThrow(/foreign key/);
    const nul = generateStore(OPTIONS);
    nul.customers.at(-1)!.name = 'a\0b';
    await expect(writeStore(database, nul, { reset: false })).rejects.toThrow(/NUL/);
    const [row] = await database.db.select({ n: count() }).from(products);
    expect(row?.n).toBe(0);
    expect(await writeStore(database, generateStore(OPTIONS), { reset: false })).toMatchObject({
      orders: 600,
    });
  });
});
