import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test-support/processes';
import { type System, startSystem, waitForJob } from '../../../test-support/system';

const SAMPLE = path.join(REPO_ROOT, 'samples', 'transactions-sample.csv');
const MAX_BYTES = 64 * 1024;

describe('POST /api/store/import/ (real API, worker, Postgres and Redis)', () => {
  let system: System;
  let importDir: string;
  let token: string;

  /** Uploads `content` as the multipart field `file`, with extra form fields. */
  async function upload(
    content: string | Buffer,
    fields: Record<string, string> = {},
    auth: string | null = token,
  ) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([content], { type: 'text/csv' }), 'export.csv');
    const res = await fetch(`${system.baseUrl}/api/store/import/`, {
      method: 'POST',
      body: form,
      headers: auth ? { authorization: `Bearer ${auth}` } : {},
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  beforeAll(async () => {
    importDir = await mkdtemp(path.join(os.tmpdir(), 'import-api-test-'));
    // An empty store: everything the models see comes from the upload.
    system = await startSystem({
      store: null,
      env: { IMPORT_DIR: importDir, IMPORT_MAX_BYTES: String(MAX_BYTES), INVENTORY_AFTER_FORECAST: 'false' },
    });
    token = await system.token('admin');
  });
  afterAll(async () => {
    await system?.stop();
    if (importDir) await rm(importDir, { recursive: true, force: true });
  });

  it('imports an uploaded export through the queue and reports what it did', async () => {
    const res = await upload(await readFile(SAMPLE));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ success: true, status_url: `/api/ml/jobs/${res.body.job_id}/` });
    const job = await waitForJob(system, res.body.job_id);
    expect(job.state).toBe('completed');
    expect(job.name).toBe('import-store');
    const report = job.result;
    expect(report.files).toEqual([
      expect.objectContaining({
        kind: 'transactions',
        file: 'export.csv',
        rows: 287,
        imported: 277,
        rejected: 10,
      }),
    ]);
    expect(report.rejected_by_reason).toEqual({
      missing_order_id: 1,
      missing_product_id: 1,
      invalid_date: 2,
      invalid_quantity: 2,
      invalid_price: 1,
      return: 2,
      unknown_product: 1,
    });
    expect(report.returns).toEqual({ lines: 2, units: 3, amount: 109.7 });
    // Without a products file, every product comes from the lines that name it.
    expect(report.products.inserted).toBe(25);
    expect(report.orders).toEqual({ inserted: 164, updated: 0 });
    const [counts] = await system.database.sql<{ orders: string; items: string }[]>`
      select (select count(*) from orders) as orders, (select count(*) from order_items) as items`;
    expect(counts).toEqual({ orders: '164', items: '276' });

    // The rejected rows, with their line numbers, can be downloaded.
    const rejects = await fetch(`${system.baseUrl}${report.rejects_url}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(rejects.status).toBe(200);
    expect(rejects.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await rejects.text()).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^line,reason,message,Invoice,StockCode/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toContain('162,unknown_product');
    expect(lines).toHaveLength(11);
    // The upload itself is gone once imported; only the rejects file stays.
    expect(await readdir(importDir)).toEqual([`${res.body.job_id}.rejects.csv`]);
  });

  it('lets a forecast be trained on the imported history', async () => {
    const res = await system.request('POST', '/api/ml/train-sales-forecast/', {
      token,
      body: { model_type: 'linear' },
    });
    expect(res.status).toBe(202);
    const job = await waitForJob(system, res.body.job_id, undefined, 120_000);
    expect(job.error).toBeNull();
    expect(job.state).toBe('completed');
    // "Today" is the day after the last imported order.
    expect(job.result.as_of).toBe('2024-05-01');
    expect(job.result.records_used).toBeGreaterThanOrEqual(60);
  }, 150_000);

  it('changes nothing when the same file is uploaded again', async () => {
    const res = await upload(await readFile(SAMPLE));
    const job = await waitForJob(system, res.body.job_id);
    expect(job.state).toBe('completed');
    expect(job.result.orders).toEqual({ inserted: 0, updated: 0 });
    expect(job.result.order_items).toEqual({ inserted: 0, updated: 0, deleted: 0 });
  });

  it('fails the job with a reason when the file lacks a required column', async () => {
    const res = await upload('Ticket,Fecha,Cantidad\n1,2024-01-01,2\n');
    const job = await waitForJob(system, res.body.job_id);
    expect(job.state).toBe('failed');
    expect(job.attempts).toBe(1);
    expect(job.error.code).toBe('invalid_import');
    expect(job.error.message).toMatch(/no column for order_id, sku, unit_price/);
    // The same file imports with a mapping.
    const mapped = await upload('Ticket,Fecha,Cantidad,Ref,Importe\nT-1,2024-01-01,2,BTQ-1001,10.00\n', {
      map: 'order_id=Ticket,sku=Ref,unit_price=Importe',
    });
    const ok = await waitForJob(system, mapped.body.job_id);
    expect(ok.state).toBe('completed');
    expect(ok.result.files[0].columns.order_id).toBe('Ticket (mapped)');
    expect(ok.result.orders.inserted).toBe(1);
  });

  it('answers 413 for a file above IMPORT_MAX_BYTES and keeps nothing of it', async () => {
    const before = await readdir(importDir);
    const res = await upload(Buffer.alloc(MAX_BYTES + 1, 'a'));
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      success: false,
      error: expect.objectContaining({ code: 'payload_too_large' }),
    });
    expect(await readdir(importDir)).toEqual(before);
  });

  it('answers 400 without a file, with a bad option, or with an unknown field', async () => {
    const json = await system.request('POST', '/api/store/import/', { token, body: { kind: 'orders' } });
    expect(json.status).toBe(400);
    expect(json.body.error.message).toMatch(/multipart\/form-data/);
    const kind = await upload('a,b\n1,2\n', { kind: 'invoices' });
    expect(kind.status).toBe(400);
    expect(kind.body.error.details.body[0].field).toBe('kind');
    const extra = await upload('a,b\n1,2\n', { delete_everything: 'yes' });
    expect(extra.status).toBe(400);
    const empty = await upload('');
    expect(empty.status).toBe(400);
  });

  it('answers hostile uploads with a JSON 4xx, never a 5xx, and keeps none of them', async () => {
    const before = await readdir(importDir);
    const raw = async (body: string | FormData, headers: Record<string, string> = {}, method = 'POST') => {
      const res = await fetch(`${system.baseUrl}/api/store/import/`, {
        method,
        body,
        headers: { authorization: `Bearer ${token}`, ...headers },
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const form = (parts: [string, string | Blob, string?][]) => {
      const f = new FormData();
      for (const [k, v, name] of parts) {
        if (typeof v === 'string') f.append(k, v);
        else f.append(k, v, name);
      }
      return f;
    };
    const csv = () => new Blob(['a,b\n1,2\n'], { type: 'text/csv' });
    const answers = [
      await raw('abc', { 'content-type': 'multipart/form-data' }),
      await raw('--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nab', {
        'content-type': 'multipart/form-data; boundary=x',
      }),
      await raw('order_id,date\n1,2\n', { 'content-type': 'text/csv' }),
      await raw(
        form([
          ['map', '{bad json'],
          ['file', csv(), 'a.csv'],
        ]),
      ),
      await raw(
        form([
          ['map', '{"order_id": 5}'],
          ['file', csv(), 'a.csv'],
        ]),
      ),
      await raw(
        form([
          ['kind', 'orders'],
          ['kind', 'products'],
          ['file', csv(), 'a.csv'],
        ]),
      ),
      await raw(
        form([
          ['file', csv(), 'a.csv'],
          ['file', csv(), 'b.csv'],
        ]),
      ),
      await raw(form([['upload', csv(), 'a.csv']])),
      await raw(
        form([
          ['date_format', 'ymd'],
          ['file', csv(), 'a.csv'],
        ]),
      ),
    ];
    for (const a of answers) {
      expect(a.status, JSON.stringify(a.body)).toBeGreaterThanOrEqual(400);
      expect(a.status, JSON.stringify(a.body)).toBeLessThan(500);
      expect(a.body).toEqual({
        success: false,
        error: expect.objectContaining({ code: expect.any(String) }),
      });
    }
    for (const p of ['not-a-uuid', '%E0%A4%A', '00000000-0000-0000-0000-000000000000']) {
      const res = await fetch(`${system.baseUrl}/api/store/import/${p}/rejects/`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect([400, 404]).toContain(res.status);
      expect(((await res.json()) as any).success).toBe(false);
    }
    expect(await readdir(importDir)).toEqual(before);
  });

  it('needs an admin or superuser token', async () => {
    expect((await upload('a\n', {}, null)).status).toBe(401);
    expect((await upload('a\n', {}, await system.token('staff'))).status).toBe(403);
    const rejects = await fetch(
      `${system.baseUrl}/api/store/import/00000000-0000-0000-0000-000000000000/rejects/`,
    );
    expect(rejects.status).toBe(401);
  });
});
