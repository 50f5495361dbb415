import { SEGMENT_TYPES } from '@boutique/ml-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type System, startSystem, waitForJob } from '../../../test-support/system';
import { customerSegmentsPageBody, productsPageBody } from '../src/openapi/responses';

let system: System;
let token: string;
let staffToken: string;
let beforeTraining: { status: number; body: any };
let modelId: string;

beforeAll(async () => {
  system = await startSystem({ env: { SCHEDULE_RETRAIN: 'off', SCHEDULE_INVENTORY: 'off' } });
  token = await system.token('admin');
  staffToken = await system.token('staff');
  beforeTraining = await system.request('GET', '/api/ml/customer-segments/', { token });
  const posted = await system.request('POST', '/api/ml/train-customer-segmentation/', { token, body: {} });
  expect(posted.status, JSON.stringify(posted.body)).toBe(202);
  const done = await waitForJob(system, posted.body.job_id, undefined, 120_000);
  expect(done.state, JSON.stringify(done.error)).toBe('completed');
  modelId = done.result.model_id;
  // Products whose names hold LIKE's wildcards and its escape character, to find them literally.
  await system.database.sql`
    insert into products (sku, name, category, price, cost, stock)
    values ('PROMO_50', 'Sale 50% linen shirt', 'promo', 30, 10, 4),
           ('PROMO-BS', 'Back\\slash scarf', 'promo', 20, 8, 0)`;
}, 180_000);
afterAll(async () => {
  await system?.stop();
});

const get = (path: string) => system.request('GET', path, { token });

function expectShape(schema: z.ZodType, body: unknown) {
  const result = schema.safeParse(body);
  expect(result.error?.issues ?? [], JSON.stringify(body).slice(0, 500)).toEqual([]);
}

/** Every row of a list, following its `next` links; checks each link keeps the filters. */
async function allPages(path: string): Promise<{ count: number; rows: any[]; pages: number }> {
  const rows: any[] = [];
  let next: string | null = path;
  let count = -1;
  let pages = 0;
  while (next) {
    const res = await get(next);
    expect(res.status, next).toBe(200);
    if (count === -1) count = res.body.count;
    expect(res.body.count).toBe(count);
    rows.push(...res.body.results);
    next = res.body.next;
    pages += 1;
  }
  return { count, rows, pages };
}

async function sqlRows<T>(query: Promise<unknown>): Promise<T[]> {
  return (await query) as T[];
}

describe('GET /api/ml/customer-segments/', () => {
  it('answers 404 model_not_found before the first segmentation, like the segment of one customer', () => {
    expect(beforeTraining.status).toBe(404);
    expect(beforeTraining.body.error.code).toBe('model_not_found');
    expect(beforeTraining.body.error.message).toContain('POST /api/ml/train-customer-segmentation/');
  });

  it('lists every segmented customer of the active model once, most valuable first', async () => {
    const expected = await sqlRows<{ customer_id: string }>(system.database.sql`
      select customer_id from customer_segments where model_id = ${modelId}`);
    expect(expected.length).toBeGreaterThan(50);
    const { count, rows, pages } = await allPages('/api/ml/customer-segments/?page_size=40');
    expect(count).toBe(expected.length);
    expect(pages).toBe(Math.ceil(expected.length / 40));
    const ids = rows.map((r) => r.customer_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(expected.map((r) => r.customer_id)));
    const values = rows.map((r) => r.lifetime_value_prediction as number);
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });

  it('shows name, email, segment, confidence, lifetime value and RFM, and nothing of the user accounts', async () => {
    const res = await get('/api/ml/customer-segments/?page_size=5');
    expectShape(customerSegmentsPageBody, res.body);
    const first = res.body.results[0];
    const [stored] = await sqlRows<any>(system.database.sql`
      select c.name, c.email, s.cluster, s.segment_type, s.confidence_score, s.characteristics,
             s.lifetime_value_prediction::float8 as clv
      from customer_segments s join customers c on c.id = s.customer_id
      where s.model_id = ${modelId} and s.customer_id = ${first.customer_id}`);
    expect(first).toEqual({
      customer_id: first.customer_id,
      customer_name: stored.name,
      customer_email: stored.email,
      cluster: stored.cluster,
      segment_type: stored.segment_type,
      confidence_score: stored.confidence_score,
      lifetime_value_prediction: stored.clv,
      characteristics: stored.characteristics,
    });
    for (const key of ['recency_days', 'total_orders', 'total_spent', 'avg_order_value']) {
      expect(first.characteristics[key], key).toEqual(expect.any(Number));
    }
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);
    // The same answer as the detail route.
    const detail = await get(`/api/ml/customer-segment/${first.customer_id}/`);
    expect(detail.body).toMatchObject({
      segment_type: first.segment_type,
      lifetime_value_prediction: first.lifetime_value_prediction,
    });
  });

  it('filters by segment type: the counts add up to the SQL counts of each segment', async () => {
    const perType = await sqlRows<{ segment_type: string; n: number }>(system.database.sql`
      select segment_type, count(*)::int as n from customer_segments where model_id = ${modelId}
      group by segment_type`);
    expect(perType.length).toBeGreaterThanOrEqual(2);
    let total = 0;
    for (const type of SEGMENT_TYPES) {
      const expected = perType
        .filter((r) => r.segment_type === type || r.segment_type.startsWith(`${type}_`))
        .reduce((sum, r) => sum + r.n, 0);
      const { count, rows } = await allPages(`/api/ml/customer-segments/?segment_type=${type}&page_size=100`);
      expect(count, type).toBe(expected);
      expect(rows).toHaveLength(expected);
      expect(rows.every((r) => r.segment_type === type || r.segment_type.startsWith(`${type}_`))).toBe(true);
      total += count;
    }
    expect(total).toBe(perType.reduce((sum, r) => sum + r.n, 0));
  });

  it('pages with links that keep the filter and the ordering', async () => {
    const [biggest] = await sqlRows<{ segment_type: string; n: number }>(system.database.sql`
      select segment_type, count(*)::int as n from customer_segments where model_id = ${modelId}
      group by segment_type order by n desc limit 1`);
    const type = biggest!.segment_type.replace(/_\d+$/, '');
    const path = `/api/ml/customer-segments/?segment_type=${type}&ordering=customer_name&page_size=3&page=2`;
    const second = await get(path);
    expect(second.status).toBe(200);
    expect(second.body.results).toHaveLength(3);
    for (const link of [second.body.previous, second.body.next]) {
      expect(link).toContain(`segment_type=${type}`);
      expect(link).toContain('ordering=customer_name');
      expect(link).toContain('page_size=3');
    }
    expect(second.body.previous).toContain('page=1');
    expect(second.body.next).toContain('page=3');
    const first = await get(second.body.previous);
    expect(first.body.previous).toBeNull();
    // Consecutive pages continue each other.
    const sixth = await get(
      `/api/ml/customer-segments/?segment_type=${type}&ordering=customer_name&page_size=6`,
    );
    expect(sixth.body.results.map((r: any) => r.customer_id)).toEqual(
      [...first.body.results, ...second.body.results].map((r: any) => r.customer_id),
    );
    const past = await get(`/api/ml/customer-segments/?segment_type=${type}&page=1000`);
    expect(past.body).toMatchObject({ results: [], next: null });
  });

  it('orders by name, confidence and value as asked, the same order as SQL', async () => {
    const byName = await sqlRows<{ customer_id: string }>(system.database.sql`
      select s.customer_id from customer_segments s join customers c on c.id = s.customer_id
      where s.model_id = ${modelId} order by c.name desc, s.customer_id limit 100`);
    const res = await get('/api/ml/customer-segments/?ordering=-customer_name&page_size=100');
    expect(res.body.results.map((r: any) => r.customer_id)).toEqual(byName.map((r) => r.customer_id));

    const confidence = (await get('/api/ml/customer-segments/?ordering=confidence_score&page_size=100')).body
      .results as any[];
    const scores = confidence.map((r) => r.confidence_score as number);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    const [lowest] = await sqlRows<{ c: number }>(system.database.sql`
      select min(confidence_score) as c from customer_segments where model_id = ${modelId}`);
    expect(scores[0]).toBe(lowest!.c);

    const values = (await get('/api/ml/customer-segments/?ordering=lifetime_value&page_size=100')).body
      .results as any[];
    const clv = values.map((r) => r.lifetime_value_prediction as number);
    expect(clv).toEqual([...clv].sort((a, b) => a - b));
  });

  it('refuses unknown parameters and values with 400 validation_error', async () => {
    for (const query of [
      'segment_type=whale',
      'segment_type=vip_2',
      'segment_type=',
      'segment_type=vip&segment_type=new',
      'ordering=password',
      'ordering=name',
      'page=0',
      'page=x',
      'page_size=101',
      'page_size=0',
      'search=a',
      'x=1',
    ]) {
      const res = await get(`/api/ml/customer-segments/?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code, query).toBe('validation_error');
    }
  });
});

describe('GET /api/ml/products/', () => {
  it('lists the whole catalogue by name, with the fields a picker needs', async () => {
    const expected = await sqlRows<{ id: string }>(system.database.sql`
      select id from products order by name, id`);
    const { count, rows } = await allPages('/api/ml/products/?page_size=25');
    expect(count).toBe(expected.length);
    expect(rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    const first = await get('/api/ml/products/?page_size=3');
    expectShape(productsPageBody, first.body);
    expect(Object.keys(first.body.results[0]).sort()).toEqual(
      ['active', 'category', 'id', 'image_url', 'name', 'price', 'sku', 'stock'].sort(),
    );
  });

  it('searches name or sku case-insensitively, the same rows as SQL', async () => {
    const [product] = await sqlRows<{ name: string; sku: string }>(system.database.sql`
      select name, sku from products where category <> 'promo' order by sku limit 1`);
    const word = product!.name.split(' ')[0]!;
    const expected = await sqlRows<{ id: string }>(system.database.sql`
      select id from products where name ilike ${`%${word}%`} or sku ilike ${`%${word}%`} order by name, id`);
    const byName = await allPages(`/api/ml/products/?search=${encodeURIComponent(word.toUpperCase())}`);
    expect(byName.count).toBe(expected.length);
    expect(byName.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(byName.count).toBeLessThan((await get('/api/ml/products/')).body.count);

    const bySku = await get(`/api/ml/products/?search=${encodeURIComponent(product!.sku.toLowerCase())}`);
    expect(bySku.body.results.map((r: any) => r.sku)).toContain(product!.sku);
    expect(
      bySku.body.results.every((r: any) => r.sku.toLowerCase().includes(product!.sku.toLowerCase())),
    ).toBe(true);
    expect((await get('/api/ml/products/?search=no-such-product-anywhere')).body).toMatchObject({
      count: 0,
      results: [],
    });
  });

  it("matches %, _ and \\ literally: a search for '%' does not match everything", async () => {
    const total = (await get('/api/ml/products/')).body.count;
    expect(total).toBeGreaterThan(10);
    const percent = await get(`/api/ml/products/?search=${encodeURIComponent('%')}`);
    expect(percent.body.count).toBe(1);
    expect(percent.body.results[0].name).toBe('Sale 50% linen shirt');
    const underscore = await get('/api/ml/products/?search=_');
    const [withUnderscore] = await sqlRows<{ n: number }>(system.database.sql`
      select count(*)::int as n from products where strpos(name, '_') > 0 or strpos(sku, '_') > 0`);
    expect(underscore.body.count).toBe(withUnderscore!.n);
    expect(underscore.body.count).toBeLessThan(total);
    expect(underscore.body.results.map((r: any) => r.sku)).toContain('PROMO_50');
    const backslash = await get(`/api/ml/products/?search=${encodeURIComponent('k\\s')}`);
    expect(backslash.body.results.map((r: any) => r.sku)).toEqual(['PROMO-BS']);
    expect((await get(`/api/ml/products/?search=${encodeURIComponent('50%_')}`)).body.count).toBe(0);
  });

  it('filters by category and orders by price when asked', async () => {
    const [category] = await sqlRows<{ category: string; n: number }>(system.database.sql`
      select category, count(*)::int as n from products group by category order by n desc limit 1`);
    const { count, rows } = await allPages(
      `/api/ml/products/?category=${encodeURIComponent(category!.category)}&page_size=7`,
    );
    expect(count).toBe(category!.n);
    expect(rows.every((r) => r.category === category!.category)).toBe(true);
    const promo = await get('/api/ml/products/?category=promo&search=scarf');
    expect(promo.body.results.map((r: any) => r.sku)).toEqual(['PROMO-BS']);
    const prices = (await get('/api/ml/products/?ordering=-price&page_size=100')).body.results.map(
      (r: any) => r.price as number,
    );
    expect(prices).toEqual([...prices].sort((a, b) => b - a));
  });

  it('refuses unknown parameters and values with 400 validation_error', async () => {
    for (const query of [
      'q=shirt',
      'search=a&search=b',
      `search=${'x'.repeat(101)}`,
      'search=a%00b',
      'category=%00',
      'ordering=cost',
      'page=-1',
      'page_size=1000',
      'segment_type=vip',
    ]) {
      const res = await get(`/api/ml/products/?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code, query).toBe('validation_error');
    }
  });
});

describe('access', () => {
  it('needs an admin or superuser token: 401 without one, 403 for staff', async () => {
    for (const path of ['/api/ml/customer-segments/', '/api/ml/products/']) {
      expect((await system.request('GET', path)).status, path).toBe(401);
      expect((await system.request('GET', path, { token: 'x.y.z' })).status, path).toBe(401);
      const staff = await system.request('GET', path, { token: staffToken });
      expect(staff.status, path).toBe(403);
      expect(staff.body.error.code).toBe('forbidden');
      const superuser = await system.request('GET', path, { token: await system.token('superuser') });
      expect(superuser.status, path).toBe(200);
    }
  });
});
