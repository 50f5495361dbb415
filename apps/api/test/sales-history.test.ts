import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type System, startSystem } from '../../../test-support/system';

let system: System;
let token: string;
beforeAll(async () => {
  // Reads only: no worker needed.
  system = await startSystem({ workers: 0 });
  token = await system.token('admin');
});
afterAll(async () => {
  await system?.stop();
});

const get = (path: string, as: string | null = token) => system.request('GET', path, { token: as });

describe('GET /api/ml/sales-history/', () => {
  it('answers every day before as_of, zero-filled, with the paid sales of each', async () => {
    const res = await get('/api/ml/sales-history/?days=45');
    expect(res.status).toBe(200);
    const { as_of, from, to, history } = res.body;
    // The small store ends on 2026-06-30: "today" for forecasts is the day after.
    expect(as_of).toBe('2026-07-01');
    expect(to).toBe('2026-06-30');
    expect(from).toBe('2026-05-17');
    expect(history).toHaveLength(45);
    expect(history[0].date).toBe(from);
    expect(history.at(-1).date).toBe(to);
    for (let i = 1; i < history.length; i++) {
      expect(Date.parse(history[i].date) - Date.parse(history[i - 1].date)).toBe(86_400_000);
    }
    const [expected] = await system.database.sql`
      select coalesce(sum(oi.quantity * oi.unit_price), 0)::float8 as sales,
             coalesce(sum(oi.quantity), 0)::int as quantity
      from orders o join order_items oi on oi.order_id = o.id
      where o.status = 'paid'
        and o.created_at >= ${from}::date::timestamp at time zone 'UTC'
        and o.created_at < (${to}::date + 1)::timestamp at time zone 'UTC'`;
    const sum = (key: 'sales' | 'quantity') => history.reduce((s: number, d: any) => s + d[key], 0);
    expect(sum('sales')).toBeCloseTo(expected!.sales, 1);
    expect(sum('quantity')).toBe(expected!.quantity);
  });

  it('defaults to 90 days and refuses other ranges and fields, naming them', async () => {
    expect((await get('/api/ml/sales-history/')).body.history).toHaveLength(90);
    for (const query of ['days=0', 'days=731', 'days=1.5', 'days=many', 'from=2026-01-01']) {
      const res = await get(`/api/ml/sales-history/?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('validation_error');
    }
  });

  it('is for admins only, like every /api/ml route', async () => {
    expect((await get('/api/ml/sales-history/', null)).status).toBe(401);
    expect((await get('/api/ml/sales-history/', await system.token('staff'))).status).toBe(403);
  });
});
