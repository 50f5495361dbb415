import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test-support';
import { createDatabase, type Database } from '../src';
import { mlModels, orderItems, orders, products, users } from '../src/schema';

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

function pgCode(err: unknown): string | undefined {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.cause?.code ?? e.code;
}

describe('the schema protects the data', () => {
  it('allows only one active model per model type', async () => {
    const { db } = database;
    await db
      .insert(mlModels)
      .values({ modelType: 'sales_forecast', algorithm: 'linear', version: 1, isActive: true, artifact: {} });
    await db.insert(mlModels).values({
      modelType: 'sales_forecast',
      algorithm: 'linear',
      version: 2,
      isActive: false,
      artifact: {},
    });
    const second = db
      .insert(mlModels)
      .values({ modelType: 'sales_forecast', algorithm: 'linear', version: 3, isActive: true, artifact: {} });
    await expect(second).rejects.toSatisfy((e) => pgCode(e) === '23505');
    // Another type may have its own active model.
    await db.insert(mlModels).values({
      modelType: 'customer_segmentation',
      algorithm: 'kmeans',
      version: 1,
      isActive: true,
      artifact: {},
    });
  });

  it('rejects order lines with a quantity of zero or less', async () => {
    const { db } = database;
    const [p] = await db
      .insert(products)
      .values({ sku: 'SKU-1', name: 'Dress', category: 'dresses', price: 10, cost: 5 })
      .returning();
    const [o] = await db
      .insert(orders)
      .values({ externalId: 'O-1', createdAt: new Date(), total: 10 })
      .returning();
    const bad = db
      .insert(orderItems)
      .values({ orderId: o!.id, productId: p!.id, quantity: 0, unitPrice: 10 });
    await expect(bad).rejects.toSatisfy((e) => pgCode(e) === '23514');
  });

  it('accepts only the four roles and only hashed passwords', async () => {
    const { db } = database;
    const badRole = db
      .insert(users)
      .values({ username: 'x', passwordHash: '$argon2id$x', role: 'root' as 'admin' });
    await expect(badRole).rejects.toSatisfy((e) => pgCode(e) === '23514');
    const plain = db.insert(users).values({ username: 'y', passwordHash: 'hunter2', role: 'admin' });
    await expect(plain).rejects.toSatisfy((e) => pgCode(e) === '23514');
  });
});
