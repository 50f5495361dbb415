import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** Order states a shop system reports; only `paid` orders count as sales. */
export const ORDER_STATUSES = ['paid', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

// Money is numeric(12,2) in the database (exact) and a JS number in the app: boutique amounts are far
// below 2^53 cents, so `mode: 'number'` loses nothing and saves a parse on every read.
const money = (name: string) => numeric(name, { precision: 12, scale: 2, mode: 'number' });

export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sku: text('sku').notNull().unique(),
    name: text('name').notNull(),
    category: text('category').notNull(),
    brand: text('brand'),
    color: text('color'),
    size: text('size'),
    material: text('material'),
    price: money('price').notNull(),
    cost: money('cost').notNull(),
    stock: integer('stock').notNull().default(0),
    leadTimeDays: integer('lead_time_days').notNull().default(7),
    imageUrl: text('image_url'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('products_price_nonnegative', sql`${t.price} >= 0`),
    check('products_cost_nonnegative', sql`${t.cost} >= 0`),
    check('products_stock_nonnegative', sql`${t.stock} >= 0`),
    check('products_lead_time_positive', sql`${t.leadTimeDays} > 0`),
    index('products_category_idx').on(t.category),
  ],
);

export const customers = pgTable('customers', {
  id: uuid('id').primaryKey().defaultRandom(),
  externalId: text('external_id').notNull().unique(),
  email: text('email').unique(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    externalId: text('external_id').notNull().unique(),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('paid'),
    total: money('total').notNull(),
  },
  (t) => [
    check('orders_status_valid', sql`${t.status} in ('paid', 'cancelled', 'refunded')`),
    check('orders_total_nonnegative', sql`${t.total} >= 0`),
    // Daily sales and "as of" read paid orders by date; segmentation reads them per customer.
    index('orders_paid_created_at_idx').on(t.createdAt).where(sql`${t.status} = 'paid'`),
    index('orders_customer_created_at_idx').on(t.customerId, t.createdAt),
  ],
);

export const orderItems = pgTable(
  'order_items',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    quantity: integer('quantity').notNull(),
    unitPrice: money('unit_price').notNull(),
  },
  (t) => [
    // One line per product in an order: an import merges repeated lines, so re-importing is idempotent.
    primaryKey({ columns: [t.orderId, t.productId] }),
    check('order_items_quantity_positive', sql`${t.quantity} > 0`),
    check('order_items_unit_price_nonnegative', sql`${t.unitPrice} >= 0`),
    index('order_items_product_idx').on(t.productId),
  ],
);
