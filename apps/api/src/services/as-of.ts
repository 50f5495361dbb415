import { type Db, paidSalesSpan } from '@boutique/db';
import { addDays, InsufficientDataError } from '@boutique/ml-core';

/**
 * "Today" for forecasts (SPEC section 5): the day after the last paid order, so imported history from
 * years ago forecasts the days right after it; AS_OF overrides it for what-if runs and tests.
 */
export async function resolveAsOf(db: Db, timezone: string, override: string | undefined): Promise<string> {
  if (override) return override;
  const span = await paidSalesSpan(db, timezone);
  if (!span) throw new InsufficientDataError('paid orders', 0, 1);
  return addDays(span.last, 1);
}
