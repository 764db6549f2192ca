/**
 * A Neo4j that is down at start, or goes away mid-run: the API answers 503
 * with a clear message, health keeps answering, and everything works again
 * once the database is back. Uses its own Neo4j (it is stopped on purpose).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startNeo4j, type RunningNeo4j } from '../../scripts/neo4j-server.js';
import { Neo4jStore } from '../../server/store/neo4j/neo4j-store.js';
import { startApi, type RunningApi } from './start-api.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Requests made while the database is down, one after another and 20 at once: each must be a 503,
 * and quick. The bound is generous (a loaded machine), and still far below what waiting on the driver's
 * retries cost (6-8 s per request); the figures are printed.
 */
async function duringOutage(api: RunningApi, paths: [string, string, unknown?][]): Promise<number[]> {
  const timed = async ([method, path, body]: [string, string, unknown?]) => {
    const t0 = performance.now();
    const r = await api.call(method, path, body);
    const ms = performance.now() - t0;
    expect(r.status, `${method} ${path}`).toBe(503);
    expect(r.body.code).toBe('STORE_UNAVAILABLE');
    return ms;
  };
  const times: number[] = [];
  for (const p of paths) times.push(await timed(p));
  times.push(...(await Promise.all(Array.from({ length: 20 }, (_, k) => timed(paths[k % paths.length]!)))));
  return times;
}

const OUTAGE_BOUND_MS = 3_000;

describe('Neo4j outages', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nurture-outage-'));
  const password = `outage-${Date.now()}`;
  writeFileSync(join(dataDir, 'nurture-password'), `${password}\n`);
  let neo: RunningNeo4j | null = null;
  let api: RunningApi | null = null;

  afterAll(async () => {
    await api?.close().catch(() => undefined);
    await neo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Two JVM starts and a stop: about 25 s on a quiet machine, several times that under load, so the
  // bound is generous; every step inside waits on the server's own readiness, never a fixed window.
  it('serves 503 while Neo4j is down at start, then recovers without a restart', { timeout: 600_000 }, async () => {
    const port = await freePort();
    const store = new Neo4jStore({ uri: `bolt://127.0.0.1:${port}`, user: 'neo4j', password });
    api = await startApi({ store, signIn: false });

    const health = await api.call('GET', '/api/v1/health');
    expect(health.status).toBe(503);
    // Not ready yet: no token can be checked, every route answers 503 (readiness first).
    const atStart = await duringOutage(api, [
      ['GET', '/api/v1/people'],
      ['POST', '/api/v1/people', { name: 'Nobody' }],
    ]);
    expect(Math.max(...atStart)).toBeLessThan(OUTAGE_BOUND_MS);
    expect(health.body).toMatchObject({ status: 'degraded', store: 'neo4j', reachable: false });
    const down = await api.call('GET', '/api/v1/people');
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toMatch(/problem\+json/);
    expect(down.body).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(down.body.detail).toMatch(/Neo4j/);
    expect(down.headers.get('retry-after')).toBe('5');

    neo = await startNeo4j({ port, dataDir });
    expect(neo.password).toBe(password);
    const up = await api.call('GET', '/api/v1/health');
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ status: 'ok', store: 'neo4j', reachable: true });
    await api.signIn();
    const created = await api.call('POST', '/api/v1/people', { name: 'Survivor' });
    expect(created.status).toBe(201);

    // It goes away mid-run…
    await neo.stop();
    neo = null;
    const gone = await api.call('GET', `/api/v1/people/${created.body.id}`);
    expect(gone.status).toBe(503);
    expect(gone.body.code).toBe('STORE_UNAVAILABLE');
    expect((await api.call('GET', '/api/v1/health')).body.reachable).toBe(false);
    // The token was checked moments ago (remembered for 5 s); so that every request meets the store itself:
    api.built.deps.auth.forgetTokens();
    const midRun = await duringOutage(api, [
      ['GET', `/api/v1/people/${created.body.id}`],
      ['GET', '/api/v1/people'],
      ['POST', '/api/v1/people', { name: 'Lost' }],
      ['GET', '/api/v1/analytics/partners'],
    ]);
    expect(Math.max(...midRun)).toBeLessThan(OUTAGE_BOUND_MS);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    process.stderr.write(
      `outage: 503 in median ${median(atStart).toFixed(0)} ms, max ${Math.max(...atStart).toFixed(0)} ms at start; ` +
        `median ${median(midRun).toFixed(0)} ms, max ${Math.max(...midRun).toFixed(0)} ms mid-run\n`,
    );

    // …and comes back with the same data.
    neo = await startNeo4j({ port, dataDir });
    const back = await api.call('GET', `/api/v1/people/${created.body.id}`);
    expect(back.status).toBe(200);
    expect(back.body.name).toBe('Survivor');
  });
});
