import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger, FORECAST_ALGORITHMS, JOB_DEFINITIONS } from '@boutique/shared';
import { Validator } from '@seriousme/openapi-schema-validator';
import express, { type Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type System, startSystem } from '../../../test-support/system';
import { createApp } from '../src/app';
import type { AppDeps } from '../src/context';
import { OPERATIONS } from '../src/openapi/operations';
import {
  errorBody,
  healthBody,
  importAcceptedBody,
  jobAcceptedBody,
  jobStatusBody,
  pageBody,
  readyBody,
  tokenBody,
} from '../src/openapi/responses';

/**
 * The OpenAPI document (issue 7) against the app itself: every route the express app registers is
 * documented and every documented operation is routed; the document is valid OpenAPI 3.1; its request
 * schemas are the ones validation uses; its auth is what the app enforces; /api/docs loads under the CSP.
 */

// Bull Board is a third-party UI with its own internal API under this mount; the document points at it.
const UNDOCUMENTED_MOUNTS = ['/admin/queues'];
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** What the walk reads of express 5's router layers (router 2.x keeps a mount's path as `rawPath`). */
interface Layer {
  name: string;
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** `/api/ml/jobs/:jobId/` → `/api/ml/jobs/{jobId}`: OpenAPI templates, no trailing slash. */
function normalise(path: string): string {
  const templated = path.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\/{2,}/g, '/');
  return templated.length > 1 ? templated.replace(/\/+$/, '') : templated;
}

/** "METHOD /path" of every route in the app, walking mounted routers (express 5 / router 2). */
function routesOf(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = `${prefix}${layer.route.path}`;
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all')) {
          found.push(`${method.toUpperCase()} ${normalise(path)}`);
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        if (typeof layer.rawPath !== 'string') {
          throw new Error(`cannot read the mount path of router "${layer.name}" (rawPath ${layer.rawPath})`);
        }
        const mount = layer.rawPath === '/' ? '' : layer.rawPath;
        if (UNDOCUMENTED_MOUNTS.includes(`${prefix}${mount}`)) continue;
        walk(layer.handle.stack, `${prefix}${mount}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return found.sort();
}

const documented = () => OPERATIONS.map((op) => `${op.method.toUpperCase()} ${normalise(op.path)}`).sort();
const undocumented = (routes: string[]) => routes.filter((r) => !documented().includes(r));

/** An app built for reading its routes only: nothing is connected, no request is served. */
function appForRoutes(): Express {
  const deps = {
    config: {
      BULL_BOARD_ENABLED: true,
      JWT_SECRET: 'x'.repeat(32),
      QUEUE_PREFIX: 'unused',
      CORS_ORIGINS: [],
    },
    database: {},
    queues: {},
    redis: {},
    cache: {},
    logger: createLogger({ name: 'openapi-test', level: 'silent' }),
  } as unknown as AppDeps;
  return createApp(deps);
}

/** `body` is what `schema` (a documented response body) says, or the issues are shown. */
function expectShape(schema: z.ZodType, body: unknown) {
  const result = schema.safeParse(body);
  expect(result.error?.issues ?? [], JSON.stringify(body)).toEqual([]);
}

/** A documented path with its parameters filled in with values validation accepts. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, NIL_UUID);

let system: System;
let token: string;
let doc: any;
let importDir: string | undefined;
beforeAll(async () => {
  importDir = await mkdtemp(path.join(os.tmpdir(), 'openapi-test-imports-'));
  system = await startSystem({ store: null, workers: 0, env: { IMPORT_DIR: importDir } });
  token = await system.token('admin');
  doc = (await system.request('GET', '/api/openapi.json')).body;
});
afterAll(async () => {
  await system?.stop();
  if (importDir) await rm(importDir, { recursive: true, force: true });
});

describe('the route table and the app', () => {
  it('documents every route the express app registers, and routes every documented operation', () => {
    const routed = routesOf(appForRoutes());
    expect(routed.length).toBeGreaterThan(20);
    expect(undocumented(routed), 'routed but not documented').toEqual([]);
    expect(
      documented().filter((r) => !routed.includes(r)),
      'documented but not routed',
    ).toEqual([]);
  });

  it('notices a route that is added without documenting it', () => {
    const app = appForRoutes();
    const ml = express.Router();
    ml.get('/undocumented/:id/', (_req, res) => {
      res.end();
    });
    app.use('/api/ml', ml);
    expect(undocumented(routesOf(app))).toContain('GET /api/ml/undocumented/{id}');
  });

  it('gives every operation its own operationId', () => {
    const buildIds = (d: { paths: Record<string, Record<string, { operationId: string }>> }) =>
      Object.values(d.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    const ids = buildIds(doc);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names each path parameter as the route validates it', () => {
    for (const op of OPERATIONS) {
      const inPath = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      expect(Object.keys(op.params?.shape ?? {}).sort(), op.path).toEqual(inPath);
    }
  });
});

describe('GET /api/openapi.json', () => {
  it('is public and valid OpenAPI 3.1', async () => {
    const res = await system.request('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(doc.openapi).toMatch(/^3\.1\./);
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('declares the Bearer JWT scheme and uses it exactly where the app asks for a token', async () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const op of OPERATIONS) {
      const documentedOp = doc.paths[op.path][op.method];
      const res = await system.request(op.method.toUpperCase(), concrete(op.path));
      if (op.auth === 'ml') {
        expect(documentedOp.security, op.path).toEqual([{ bearerAuth: [] }]);
        expect(res.status, `${op.method} ${op.path} without a token`).toBe(401);
      } else {
        expect(documentedOp.security, op.path).toEqual([]);
        expect(res.status, `${op.method} ${op.path} without a token`).not.toBe(401);
      }
    }
  });

  it('lists the forecast algorithms the training validates, and the API refuses any other', async () => {
    const body =
      doc.paths['/api/ml/train-sales-forecast/'].post.requestBody.content['application/json'].schema;
    expect(body.properties.model_type.enum).toEqual([...FORECAST_ALGORITHMS]);
    const refused = await system.request('POST', '/api/ml/train-sales-forecast/', {
      token,
      body: { model_type: 'prophet' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.body[0].field).toBe('model_type');
    for (const model_type of body.properties.model_type.enum) {
      const accepted = await system.request('POST', '/api/ml/train-sales-forecast/', {
        token,
        body: { model_type },
      });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    }
  });

  it('says additionalProperties: false exactly where the API refuses an unknown field', async () => {
    for (const op of OPERATIONS) {
      const operation = doc.paths[op.path][op.method];
      const bodySchema = operation.requestBody?.content['application/json']?.schema;
      if (bodySchema) {
        expect(bodySchema.additionalProperties, op.path).toBe(false);
        const res = await system.request(op.method.toUpperCase(), concrete(op.path), {
          token,
          body: { undocumented_field: 1 },
        });
        expect(res.status, `${op.method} ${op.path}`).toBe(400);
        expect(JSON.stringify(res.body.error.details.body)).toContain('undocumented_field');
      }
      if (operation.parameters?.some((p: { in: string }) => p.in === 'query')) {
        const res = await system.request(
          op.method.toUpperCase(),
          `${concrete(op.path)}?undocumented_field=1`,
          {
            token,
          },
        );
        expect(res.status, `${op.method} ${op.path}?undocumented_field`).toBe(400);
      }
    }
  });

  it('describes the import upload form the API reads, multipart fields and all', async () => {
    const form = doc.paths['/api/store/import/'].post.requestBody.content['multipart/form-data'].schema;
    expect(form.required).toEqual(['file']);
    expect(form.additionalProperties).toBe(false);
    expect(form.properties.kind.enum).toEqual(
      JOB_DEFINITIONS['import-store'].data.shape.kind.unwrap().options,
    );
    const upload = (fields: Record<string, string>) => {
      const body = new FormData();
      body.set('file', new Blob(['sku,name,price\nA-1,Linen dress,59.90\n'], { type: 'text/csv' }), 'p.csv');
      for (const [name, value] of Object.entries(fields)) body.set(name, value);
      return fetch(`${system.baseUrl}/api/store/import/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body,
      });
    };
    const accepted = await upload({ kind: 'products' });
    expect(accepted.status).toBe(202);
    expectShape(importAcceptedBody, await accepted.json());
    expect((await upload({ kind: 'not-a-kind' })).status).toBe(400);
    expect((await upload({ undocumented_field: '1' })).status).toBe(400);
  });

  it('documents bounds the API enforces (page_size at most 100)', async () => {
    const pageSize = doc.paths['/api/ml/models/'].get.parameters.find(
      (p: { name: string }) => p.name === 'page_size',
    );
    expect(pageSize.schema.maximum).toBe(100);
    const ok = await system.request('GET', `/api/ml/models/?page_size=${pageSize.schema.maximum}`, { token });
    const tooBig = await system.request('GET', `/api/ml/models/?page_size=${pageSize.schema.maximum + 1}`, {
      token,
    });
    expect(ok.status).toBe(200);
    expect(tooBig.status).toBe(400);
  });
});

describe('the documented response bodies', () => {
  it('match what the API answers', async () => {
    expectShape(healthBody, (await system.request('GET', '/healthz')).body);
    expectShape(readyBody, (await system.request('GET', '/readyz')).body);
    const login = await system.request('POST', '/api/auth/token/', {
      body: { username: 'superuser-user', password: 'wrong-password' },
    });
    expectShape(errorBody, login.body);
    expectShape(errorBody, (await system.request('GET', '/api/ml/models/?page=0', { token })).body);
    expectShape(errorBody, (await system.request('GET', `/api/ml/models/${NIL_UUID}/`, { token })).body);
    expectShape(pageBody, (await system.request('GET', '/api/ml/training-logs/', { token })).body);
    const queued = await system.request('POST', '/api/ml/train-customer-segmentation/', { token, body: {} });
    expectShape(jobAcceptedBody, queued.body);
    expectShape(jobStatusBody, (await system.request('GET', queued.body.status_url, { token })).body);
    const res = await system.request('POST', '/api/auth/token/', {
      body: { username: 'staff-user', password: 'correct-horse-battery' },
    });
    expectShape(tokenBody, res.body);
  });
});

describe('GET /api/docs/', () => {
  it('serves Swagger UI whose scripts, styles and document all load from this origin under the CSP', async () => {
    for (const path of ['/api/docs/', '/api/docs']) {
      const page = await fetch(`${system.baseUrl}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      const html = await page.text();

      // The CSP allows scripts from this origin only: every script must be a file from it, none inline.
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, inline] of scripts) {
        expect(inline?.trim(), 'inline script').toBe('');
        expect(attributes).toMatch(/src="\/[^/]/);
      }
      expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers (script-src-attr 'none')
      const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
      expect(assets.length).toBeGreaterThanOrEqual(3);
      for (const asset of assets) {
        expect(asset, 'same origin').toMatch(/^\/[^/]/);
        const res = await fetch(`${system.baseUrl}${asset}`);
        expect(res.status, asset).toBe(200);
        expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(0);
      }
      const specUrl = /data-spec-url="([^"]+)"/.exec(html)?.[1];
      expect(specUrl).toBe('/api/openapi.json');
      const init = await fetch(`${system.baseUrl}/api/docs/init.js`);
      expect(await init.text()).toContain('specUrl');
    }
  });

  it("serves only the viewer's own files, not the rest of swagger-ui-dist", async () => {
    expect((await fetch(`${system.baseUrl}/api/docs/index.html`)).status).toBe(404);
    expect((await fetch(`${system.baseUrl}/api/docs/swagger-initializer.js`)).status).toBe(404);
  });
});
