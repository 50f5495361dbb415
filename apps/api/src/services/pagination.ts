import type { Request } from 'express';
import { z } from 'zod';

/** The guide's page parameters: `page` from 1, `page_size` up to 100 (default 20), `ordering` from a list. */
export function pageQuery<O extends readonly [string, ...string[]]>(
  orderings: O,
  defaultOrdering: O[number],
) {
  return {
    page: z.coerce
      .number({ error: 'must be a whole number ≥ 1' })
      .int('must be a whole number ≥ 1')
      .min(1, 'must be at least 1')
      .max(1_000_000, 'is too large')
      .default(1),
    page_size: z.coerce
      .number({ error: 'must be a whole number from 1 to 100' })
      .int('must be a whole number from 1 to 100')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100')
      .default(20),
    ordering: z
      .enum(orderings, { error: `must be one of: ${orderings.join(', ')}` })
      .default(defaultOrdering),
  };
}

/** `true`/`false` in a query string (also 1/0), anything else refused. */
export const queryBoolean = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

/** The paginated answer: count, links to the neighbouring pages (same filters), and the rows. */
export function paginated<T>(req: Request, page: number, pageSize: number, total: number, results: T[]) {
  const link = (target: number) => {
    const url = new URL(req.originalUrl, 'http://localhost');
    url.searchParams.set('page', String(target));
    url.searchParams.set('page_size', String(pageSize));
    return `${url.pathname}${url.search}`;
  };
  return {
    count: total,
    next: page * pageSize < total ? link(page + 1) : null,
    previous: page > 1 ? link(Math.min(page - 1, Math.max(1, Math.ceil(total / pageSize)))) : null,
    results,
  };
}
