import { ERROR_STATUS, type ErrorCode } from '@boutique/shared';
import { z } from 'zod';

// Response bodies of the main endpoints. Handlers build their answers as plain objects, so these schemas
// describe rather than validate; test/openapi.test.ts parses real answers with them so they cannot drift.

/** The one error shape (middleware/errors.ts). */
export const errorBody = z
  .strictObject({
    success: z.literal(false),
    error: z.strictObject({
      code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ title: 'Error' });

export const healthBody = z.strictObject({ status: z.literal('ok') });

const check = z.strictObject({ ok: z.boolean(), error: z.string().optional() });
export const readyBody = z.strictObject({
  status: z.enum(['ready', 'not_ready']),
  checks: z.strictObject({ postgres: check, redis: check }),
});

export const tokenBody = z.strictObject({
  access: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.int().meta({ description: 'seconds' }),
  role: z.string(),
});

export const jobAcceptedBody = z.strictObject({
  success: z.literal(true),
  job_id: z.string(),
  status_url: z.string(),
  existing: z.boolean().meta({ description: 'true: the same job was already waiting or running' }),
  message: z.string(),
});

export const importAcceptedBody = z.strictObject({
  success: z.literal(true),
  job_id: z.uuid(),
  status_url: z.string(),
  upload: z.strictObject({ name: z.string(), bytes: z.int(), kind: z.string() }),
  message: z.string(),
});

export const jobStatusBody = z.strictObject({
  success: z.literal(true),
  job_id: z.string(),
  name: z.string(),
  queue: z.enum(['training', 'analysis']),
  state: z.enum(['waiting', 'active', 'completed', 'failed', 'delayed']),
  progress: z.number().min(0).max(100),
  attempts: z.int(),
  max_attempts: z.int(),
  data: z.unknown(),
  result: z.unknown().meta({ description: 'the training result (model_id, metrics, …) once completed' }),
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  created_at: z.iso.datetime().nullable(),
  started_at: z.iso.datetime().nullable(),
  finished_at: z.iso.datetime().nullable(),
});

export const predictSalesResponse = z.looseObject({
  success: z.literal(true),
  model_id: z.uuid(),
  model_version: z.int(),
  algorithm: z.string(),
  as_of: z.iso.date(),
  predictions: z.array(
    z.looseObject({
      date: z.iso.date(),
      predicted_sales: z.number(),
      predicted_quantity: z.number(),
      confidence_lower: z.number(),
      confidence_upper: z.number(),
    }),
  ),
  summary: z.looseObject({ confidence_level: z.number() }),
});

/** A `success: true` answer whose fields are described in the operation's text. */
export const successBody = z.looseObject({ success: z.literal(true) });

/** One stored row of a list (models, predictions, training logs, inventory alerts). */
export const rowBody = z.looseObject({ id: z.uuid() });

export const pageBody = z.strictObject({
  count: z.int(),
  next: z.string().nullable().meta({ description: 'path of the next page, same filters' }),
  previous: z.string().nullable(),
  results: z.array(rowBody),
});

/** One page of a list whose rows have this shape. */
const pageOf = (row: z.ZodType) =>
  z.strictObject({
    count: z.int(),
    next: z.string().nullable().meta({ description: 'path of the next page, same filters' }),
    previous: z.string().nullable(),
    results: z.array(row),
  });

export const customerSegmentsPageBody = pageOf(
  z.strictObject({
    customer_id: z.uuid(),
    customer_name: z.string(),
    customer_email: z.string().nullable(),
    cluster: z.int(),
    segment_type: z.string(),
    confidence_score: z.number().min(0).max(1),
    lifetime_value_prediction: z.number().nullable(),
    characteristics: z.record(z.string(), z.number()).meta({
      description:
        'recency_days, total_orders, total_spent, avg_order_value, purchase_frequency_monthly, tenure_days, ' +
        'expected_purchases, probability_alive',
    }),
  }),
).meta({ title: 'CustomerSegmentsPage' });

export const productsPageBody = pageOf(
  z.strictObject({
    id: z.uuid(),
    sku: z.string(),
    name: z.string(),
    category: z.string(),
    price: z.number(),
    stock: z.int(),
    image_url: z.string().nullable(),
    active: z.boolean(),
  }),
).meta({ title: 'ProductsPage' });
