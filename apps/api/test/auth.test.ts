import { upsertUser } from '@boutique/db';
import { hashPassword } from '@boutique/shared';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type System, startSystem, TEST_PASSWORD } from '../../../test-support/system';

let system: System;
beforeAll(async () => {
  system = await startSystem({ store: null, workers: 0 });
});
afterAll(async () => {
  await system?.stop();
});

const ML_ROUTE = '/api/ml/jobs/00000000-0000-4000-8000-000000000000/';

function expectError(res: { status: number; body: any }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toMatchObject({ success: false, error: { code } });
  expect(typeof res.body.error.message).toBe('string');
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
}

describe('POST /api/auth/token', () => {
  it('issues an HS256 token with its lifetime for a correct password', async () => {
    const res = await system.request('POST', '/api/auth/token/', {
      body: { username: 'admin-user', password: TEST_PASSWORD },
    });
    expect(res.status).toBe(200);
    expect(res.body.expires_in).toBe(3600);
    const decoded = jwt.decode(res.body.access, { complete: true });
    expect(decoded?.header.alg).toBe('HS256');
    expect(decoded?.payload).toMatchObject({ role: 'admin', username: 'admin-user' });
  });

  it('answers 401 for a wrong password and for an unknown user alike', async () => {
    const wrong = await system.request('POST', '/api/auth/token/', {
      body: { username: 'admin-user', password: 'not-the-password' },
    });
    const unknown = await system.request('POST', '/api/auth/token/', {
      body: { username: 'nobody', password: TEST_PASSWORD },
    });
    expectError(wrong, 401, 'unauthorized');
    expectError(unknown, 401, 'unauthorized');
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('names the missing field when the body is incomplete', async () => {
    const res = await system.request('POST', '/api/auth/token/', { body: { username: 'admin-user' } });
    expectError(res, 400, 'validation_error');
    expect(res.body.error.details.body).toContainEqual({ field: 'password', message: 'is required' });
  });
});

describe('every /api/ml route needs an admin or superuser token', () => {
  it('answers 401 without a token', async () => {
    expectError(await system.request('GET', ML_ROUTE), 401, 'unauthorized');
    expectError(
      await system.request('POST', '/api/ml/train-sales-forecast/', { body: {} }),
      401,
      'unauthorized',
    );
  });

  it('answers 401 for a token signed with another secret', async () => {
    const forged = jwt.sign({ username: 'admin-user', role: 'admin' }, 'x'.repeat(40), {
      subject: 'someone',
      issuer: 'boutique-ml',
    });
    expectError(await system.request('GET', ML_ROUTE, { token: forged }), 401, 'unauthorized');
  });

  it('answers 401 for an expired token', async () => {
    const expired = jwt.sign(
      { username: 'admin-user', role: 'admin', exp: Math.floor(Date.now() / 1000) - 10 },
      system.env.JWT_SECRET as string,
      { subject: 'someone', issuer: 'boutique-ml' },
    );
    const res = await system.request('GET', ML_ROUTE, { token: expired });
    expectError(res, 401, 'unauthorized');
    expect(res.body.error.message).toMatch(/expired/);
  });

  it('answers 401 for an unsigned alg:none token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ sub: 'x', username: 'admin-user', role: 'admin', iss: 'boutique-ml' }),
    ).toString('base64url');
    expectError(
      await system.request('GET', ML_ROUTE, { token: `${header}.${payload}.` }),
      401,
      'unauthorized',
    );
  });

  it('answers 401 when the role in a signed token is not a known role', async () => {
    const odd = jwt.sign({ username: 'x', role: 'root' }, system.env.JWT_SECRET as string, {
      subject: 'x',
      issuer: 'boutique-ml',
    });
    expectError(await system.request('GET', ML_ROUTE, { token: odd }), 401, 'unauthorized');
  });

  it('answers 401 for a token that is not valid yet (nbf in the future)', async () => {
    const early = jwt.sign(
      { username: 'admin-user', role: 'admin', nbf: Math.floor(Date.now() / 1000) + 3600 },
      system.env.JWT_SECRET as string,
      { subject: 'someone', issuer: 'boutique-ml' },
    );
    expectError(await system.request('GET', ML_ROUTE, { token: early }), 401, 'unauthorized');
  });

  it("answers 401 when a staff token's payload is edited to say admin", async () => {
    const [header, payload, signature] = (await system.token('staff')).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    expectError(
      await system.request('GET', ML_ROUTE, { token: `${header}.${promoted}.${signature}` }),
      401,
      'unauthorized',
    );
  });

  it('answers 403 for staff and customer tokens', async () => {
    for (const role of ['staff', 'customer'] as const) {
      expectError(
        await system.request('GET', ML_ROUTE, { token: await system.token(role) }),
        403,
        'forbidden',
      );
    }
  });

  it('lets admin and superuser tokens through', async () => {
    for (const role of ['admin', 'superuser'] as const) {
      const res = await system.request('GET', ML_ROUTE, { token: await system.token(role) });
      expectError(res, 404, 'not_found'); // authorised: the job simply does not exist
    }
  });
});

describe('accounts change under a live token', () => {
  async function freshAdmin(username: string): Promise<{ id: string; token: string }> {
    const { id } = await upsertUser(
      system.database.db,
      { username, passwordHash: await hashPassword(TEST_PASSWORD), role: 'admin' },
      { replace: true },
    );
    const res = await system.request('POST', '/api/auth/token/', {
      body: { username, password: TEST_PASSWORD },
    });
    return { id, token: res.body.access };
  }

  it('answers 403 to a demoted user whose token still says admin', async () => {
    const { id, token } = await freshAdmin('soon-staff');
    await system.database.sql`update users set role = 'staff' where id = ${id}`;
    expectError(await system.request('GET', ML_ROUTE, { token }), 403, 'forbidden');
  });

  it('answers 401 to a deleted user whose token has not expired', async () => {
    const { id, token } = await freshAdmin('soon-gone');
    await system.database.sql`delete from users where id = ${id}`;
    const res = await system.request('GET', ML_ROUTE, { token });
    expectError(res, 401, 'unauthorized');
    expect(res.body.error.message).toMatch(/no longer exists/);
  });
});

describe('brute force on POST /api/auth/token', () => {
  it('answers 429 after 10 failed attempts for a username, without locking out others', async () => {
    const attempt = (username: string, password: string) =>
      system.request('POST', '/api/auth/token/', { body: { username, password } });
    for (let i = 0; i < 10; i++)
      expectError(await attempt('superuser-user', `guess-${i}`), 401, 'unauthorized');
    const blocked = await attempt('superuser-user', TEST_PASSWORD);
    expectError(blocked, 429, 'rate_limited');
    expect(blocked.body.error.message).toMatch(/try again in/);
    expect((await attempt('admin-user', TEST_PASSWORD)).status).toBe(200);
  });
});

describe('the queue dashboard', () => {
  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('asks a browser to sign in', async () => {
    const res = await system.request('GET', '/admin/queues');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  it('opens for an admin with a password, refuses staff and wrong passwords', async () => {
    const ok = await system.request('GET', '/admin/queues', {
      headers: { authorization: basic('admin-user', TEST_PASSWORD) },
    });
    expect(ok.status).toBe(200);
    expect(String(ok.body)).toMatch(/<html/i);
    const staff = await system.request('GET', '/admin/queues', {
      headers: { authorization: basic('staff-user', TEST_PASSWORD) },
    });
    expect(staff.status).toBe(403);
    const wrong = await system.request('GET', '/admin/queues', {
      headers: { authorization: basic('admin-user', 'wrong-password') },
    });
    expect(wrong.status).toBe(401);
  });

  it('shows both queues to an admin bearer token', async () => {
    const res = await system.request('GET', '/admin/queues/api/queues', {
      token: await system.token('admin'),
    });
    expect(res.status).toBe(200);
    const names = (res.body.queues as { name: string }[]).map((q) => q.name).sort();
    expect(names).toEqual(['analysis', 'training']);
  });
});

describe('health', () => {
  it('reports liveness and readiness of Postgres and Redis', async () => {
    expect((await system.request('GET', '/healthz')).status).toBe(200);
    const ready = await system.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ postgres: { ok: true }, redis: { ok: true } });
  });

  it('answers unknown API routes with a JSON 404 (other paths belong to the web app)', async () => {
    expectError(await system.request('GET', '/api/nope'), 404, 'not_found');
    const token = await system.token('admin');
    expectError(await system.request('POST', '/api/ml/nope/', { token }), 404, 'not_found');
    // An import is queued by its upload only (POST /api/store/import/), never by naming a file in JSON.
    expectError(await system.request('POST', '/api/ml/import-store/', { token, body: {} }), 404, 'not_found');
  });
});

describe('the logs', () => {
  it('never contain a password, the signing secret, a token or a Basic credential', async () => {
    // Every test above has run against this API process: logins, bearer tokens, Basic auth, failures.
    await system.request('POST', '/api/auth/token/', {
      body: { username: 'admin-user', password: 'a-wrong-Passw0rd-to-log' },
    });
    const output = system.api.output();
    expect(output.length).toBeGreaterThan(1000);
    const token = await system.token('admin');
    for (const secret of [
      TEST_PASSWORD,
      'a-wrong-Passw0rd-to-log',
      system.env.JWT_SECRET as string,
      token,
      token.split('.')[2]!,
      Buffer.from(`admin-user:${TEST_PASSWORD}`).toString('base64'),
    ]) {
      expect(output.includes(secret), `the log contains ${secret.slice(0, 12)}…`).toBe(false);
    }
  });
});
