import { ConfigError, loadConfig } from '@boutique/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type System, startSystem } from '../../../test-support/system';

const SHOP = 'https://shop.example.com';
let system: System;
beforeAll(async () => {
  system = await startSystem({
    store: null,
    workers: 0,
    env: { CORS_ORIGINS: `${SHOP}, http://localhost:5173` },
  });
});
afterAll(async () => {
  await system?.stop();
});

describe('CORS', () => {
  it('lets a configured origin call the API with a bearer token (preflight and request)', async () => {
    const preflight = await system.request('OPTIONS', '/api/ml/models/', {
      headers: {
        origin: SHOP,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();

    const token = await system.token('admin');
    const res = await system.request('GET', '/api/ml/models/', { token, headers: { origin: SHOP } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it('gives any other origin no CORS headers, so its pages cannot read the answers', async () => {
    for (const origin of ['https://evil.example.com', 'https://shop.example.com.evil.io', 'null']) {
      const preflight = await system.request('OPTIONS', '/api/ml/models/', {
        headers: { origin, 'access-control-request-method': 'GET' },
      });
      expect(preflight.headers.get('access-control-allow-origin'), origin).toBeNull();
      const res = await system.request('GET', '/api/ml/models/', {
        token: await system.token('admin'),
        headers: { origin },
      });
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('refuses a CORS_ORIGINS entry that is not an origin, naming it', () => {
    const env = { DATABASE_URL: 'postgres://x@h/db', REDIS_URL: 'redis://h:6379' };
    expect(loadConfig('worker', { ...env, CORS_ORIGINS: '' }).CORS_ORIGINS).toEqual([]);
    expect(() => loadConfig('worker', { ...env, CORS_ORIGINS: 'https://shop.example.com/path' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig('worker', { ...env, CORS_ORIGINS: '*' })).toThrow(/"\*" is not an origin/);
  });
});
