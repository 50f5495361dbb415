import http from 'node:http';
import { trainingLogsOfJob } from '@boutique/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type System, startSystem, waitFor } from '../../../test-support/system';

let system: System;
let token: string;
beforeAll(async () => {
  system = await startSystem();
  token = await system.token('admin');
}, 120_000);
afterAll(async () => {
  await system?.stop();
});

type Outcome =
  | { kind: 'answered'; status: number; afterSignal: boolean }
  | { kind: 'refused'; code: string }
  | { kind: 'cut'; error: string };

/** A reader hammering cached and uncached endpoints until told to stop. */
async function readLoop(signalled: () => boolean, done: () => boolean, outcomes: Outcome[]) {
  const paths = ['/api/ml/dashboard-summary/', '/api/ml/models/', '/api/ml/training-logs/', '/healthz'];
  for (let i = 0; !done(); i++) {
    let res: Response;
    try {
      res = await fetch(`${system.baseUrl}${paths[i % paths.length]}`, {
        headers: { authorization: `Bearer ${token}` },
      });
    } catch (err) {
      // No answer started: the connection was refused (we stopped listening), or a keep-alive socket was
      // closed as idle at the instant this request was sent (reset, never read: the client may retry).
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      outcomes.push({ kind: 'refused', code: cause?.code ?? cause?.message ?? String(err) });
      if (cause?.code === 'ECONNREFUSED') return;
      continue;
    }
    try {
      JSON.parse(await res.text());
      outcomes.push({ kind: 'answered', status: res.status, afterSignal: signalled() });
    } catch (err) {
      outcomes.push({ kind: 'cut', error: String(err) }); // headers came, the body did not: a dropped answer
    }
  }
}

/** A POST whose body arrives in two halves, the second after SIGTERM: an accepted request in flight. */
function slowPost(path: string, body: string) {
  const url = new URL(path, system.baseUrl);
  const req = http.request(url, {
    method: 'POST',
    agent: false,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    },
  });
  const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  return { answer, finish: () => req.end(body.slice(half)) };
}

describe('SIGTERM to the API under load', () => {
  it('answers every accepted request, including one whose body is still arriving, then exits 0', async () => {
    const outcomes: Outcome[] = [];
    let signalled = false;
    let done = false;
    const loops = Array.from({ length: 16 }, () =>
      readLoop(
        () => signalled,
        () => done,
        outcomes,
      ),
    );
    await waitFor(() => outcomes.length >= 200, { what: '200 answers before the signal' });

    const slow = slowPost('/api/ml/train-product-recommendation/', JSON.stringify({ top_n: 20 }));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the server has the headers and half the body
    system.api.child.kill('SIGTERM');
    signalled = true;
    await system.api.waitForOutput(/shutting down/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    slow.finish();
    const accepted = await slow.answer;
    const exit = await system.api.exited;
    done = true;
    await Promise.all(loops);

    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(exit.code).toBe(0);
    const answered = outcomes.filter((o) => o.kind === 'answered');
    expect(outcomes.filter((o) => o.kind === 'cut')).toEqual([]);
    expect(answered.filter((o) => o.status !== 200)).toEqual([]);
    expect(answered.some((o) => o.kind === 'answered' && o.afterSignal)).toBe(true);
    expect(outcomes.filter((o) => o.kind === 'refused').map((o) => (o as { code: string }).code)).toSatisfy(
      (codes: string[]) => codes.every((c) => ['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET'].includes(c)),
    );
    // The job the last request queued is not lost: the worker (still running) trains it.
    const jobId = accepted.body.job_id as string;
    await waitFor(
      async () => (await trainingLogsOfJob(system.database.db, jobId)).find((l) => l.status === 'completed'),
      { timeoutMs: 60_000, what: 'the accepted job to be trained' },
    );
  });
});
