import { dailySales } from '@boutique/db';
import { addDays, buildDailySeries } from '@boutique/ml-core';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../context';
import { parseOr400 } from '../middleware/validate';
import { resolveAsOf } from '../services/as-of';

export const salesHistoryQuery = z.strictObject({
  days: z.coerce
    .number({ error: 'must be a whole number from 1 to 730' })
    .int('must be a whole number from 1 to 730')
    .min(1, 'must be at least 1')
    .max(730, 'must be at most 730')
    .default(90),
});

/** The answer, for the OpenAPI document. */
export const salesHistoryResponse = z.strictObject({
  success: z.literal(true),
  as_of: z.iso.date(),
  from: z.iso.date(),
  to: z.iso.date(),
  history: z.array(z.strictObject({ date: z.iso.date(), sales: z.number(), quantity: z.number() })),
});

const cents = (x: number) => Math.round(x * 100) / 100;

/**
 * GET /api/ml/sales-history/?days=1..730: paid sales per day for the `days` days before the forecast's
 * "today" (as_of), zero-filled, so a chart can put the history the model saw next to its forecast.
 */
export function salesHistoryRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/sales-history/', async (req, res) => {
    const { days } = parseOr400(salesHistoryQuery, req.query, 'query');
    const { db } = deps.database;
    const timezone = deps.config.STORE_TIMEZONE;
    const asOf = await resolveAsOf(db, timezone, deps.config.AS_OF);
    const to = addDays(asOf, -1);
    const from = addDays(asOf, -days);
    const series = buildDailySeries(await dailySales(db, { from, to, timezone }), { from, to });
    res.json({
      success: true,
      as_of: asOf,
      from,
      to,
      history: Array.from(series.amount, (amount, i) => ({
        date: addDays(from, i),
        sales: cents(amount),
        quantity: series.quantity[i] ?? 0,
      })),
    });
  });
  return router;
}
