/**
 * Load benchmark (issue 5): a workspace of 30,000 people (ties from me to
 * each, ~20,000 ties among them, ~100,000 interactions, a few hundred
 * introductions and referrals), the real app on loopback, analytics warmed,
 * then autocannon with 50 concurrent clients for 60 s on
 *   (a) the ego network of varied people:  GET /api/v1/people/:id/ego?depth=1
 *   (b) the partner ranking, varied pages: GET /api/v1/analytics/partners?limit=50&offset=…
 * authenticated with a personal API token, accepting gzip as a browser does
 * (the cached ranking pages are kept gzipped too). Prints p50/p90/p99 latency,
 * requests/s and error/non-2xx counts. Target on the embedded store: p99 <
 * 100 ms with zero errors. Measures; asserts nothing.
 *
 *   npx tsx bench/load.bench.ts                    # SQLite, 60 s per endpoint
 *   npx tsx bench/load.bench.ts --duration 20      # shorter
 *   npx tsx bench/load.bench.ts --neo4j            # the same on a local Neo4j (heap 2g, page cache 512m)
 *   npx tsx bench/load.bench.ts --neo4j --gds      # …with Graph Data Science (the analysis's algorithms run there)
 *   npx tsx bench/load.bench.ts --people 30000 --interactions 100000 --connections 50 --timeout 30
 *
 * autocannon runs in a worker thread, so the client does not share the
 * server's event loop (it still shares the machine: the load average is
 * printed with the figures).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { SqliteStore } from '../server/store/sqlite/sqlite-store.js';
import type { ImportInteraction, ImportPerson, ImportTie, PersonRef, Store } from '../server/store/store.port.js';
import type { Channel } from '../shared/index.js';
import { prng } from './scale.bench.js';

export interface LoadBenchOptions {
  /** Contacts besides me (default 30,000). */
  people?: number;
  /** Interactions (default 100,000). */
  interactions?: number;
  /** Ties among contacts, besides me's ties to each (default 20,000). */
  contactTies?: number;
  /** Seconds per endpoint (default 60). */
  durationSec?: number;
  /** Concurrent clients (default 50). */
  connections?: number;
  /** Seconds a client waits for an answer before counting a timeout and reconnecting (default 30). */
  timeoutSec?: number;
  /** Run against a local Neo4j instead of the embedded store. */
  neo4j?: boolean;
  /** With --neo4j: load Graph Data Science, so the analysis runs its graph algorithms there. */
  gds?: boolean;
  /** Skip the warm-up pass of each endpoint (default: 5 s of load first, not counted). */
  noWarmup?: boolean;
}

export interface EndpointFigures {
  endpoint: string;
  requests: number;
  rps: number;
  /** Median latency of one request at a time, before the load (a ranking page asked for the first time). */
  serviceMs: number;
  /** The same requests again, after the load (a ranking page cached). */
  cachedServiceMs: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

export interface LoadBenchResult {
  store: 'sqlite' | 'neo4j';
  people: number;
  interactions: number;
  buildMs: number;
  warmAnalyticsMs: number;
  endpoints: EndpointFigures[];
}

// ---- the workspace -------------------------------------------------------------

const FIRST = [
  'Anna',
  'Ben',
  'Chloé',
  'Dmitri',
  'Émile',
  'Fatima',
  'Günther',
  'Hiro',
  'Ines',
  'José',
  'Kwame',
  'Lea',
  'Mehmet',
  'Nora',
  'Olu',
  'Priya',
  '王',
  'Søren',
  'Zoë',
];
const LAST = ['Schmidt', 'Núñez', 'Okafor', 'Smith', 'Müller', 'Kowalski', '小明', 'Dubois', 'Rossi', 'Tanaka'];
const COMPANY = [
  'Acme GmbH',
  'Beta, Inc.',
  'Gamma Labs',
  'Delta AG',
  'Epsilon Ltd',
  'Zeta Partners',
  'Eta Legal',
  'Theta Tax',
];
const CHANNELS: Channel[] = ['in_person', 'video', 'call', 'email', 'message', 'event', 'social'];

export async function buildWorkspace(
  store: Store,
  o: Required<Pick<LoadBenchOptions, 'people' | 'interactions' | 'contactTies'>> & { chunk: number },
): Promise<{ ws: string; contactIds: string[]; meId: string }> {
  const rand = prng(20261127);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const ws = (await store.createWorkspace({ name: 'Load bench', timeZone: 'UTC' })).id;
  const n = o.people;
  const day = (from: number, span: number) =>
    new Date(from + Math.floor(rand() * span) * 86_400_000).toISOString().slice(0, 10);

  const people: ImportPerson[] = [
    { name: 'Bench Me', isMe: true, source: 'bench', linkedinUrl: 'https://www.linkedin.com/in/load-me' },
  ];
  for (let i = 1; i <= n; i++) {
    people.push({
      name: `${pick(FIRST)} ${pick(LAST)} ${i}`,
      company: pick(COMPANY),
      position: 'Partner',
      source: 'bench',
      linkedinUrl: `https://www.linkedin.com/in/load-${i}`,
      connectedOn: day(Date.UTC(2012, 0, 1), 4000),
    });
  }
  // A skewed contact choice: a few hundred people get most of the attention, as in a real network.
  const someone = () => 1 + Math.min(n - 1, Math.floor(n * rand() ** 3));
  const ties: ImportTie[] = [];
  for (let i = 1; i <= n; i++)
    ties.push({
      a: { row: 0 },
      b: { row: i },
      kind: 'linkedin',
      since: people[i]!.connectedOn ?? null,
      source: 'bench',
    });
  const seen = new Set<string>();
  while (seen.size < o.contactTies) {
    const a = someone();
    const b = 1 + Math.floor(rand() * n);
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    ties.push({ a: { row: a }, b: { row: b }, kind: 'knows', since: null, source: 'bench' });
  }
  const interactions: ImportInteraction[] = [];
  const start = Date.UTC(2023, 0, 1);
  for (let k = 0; k < o.interactions; k++) {
    const other = someone();
    const participants =
      rand() < 0.85 ? [{ row: 0 }, { row: other }] : [{ row: 0 }, { row: other }, { row: 1 + Math.floor(rand() * n) }];
    const unique = [...new Map(participants.map((p) => [p.row, p])).values()];
    interactions.push({
      participants: unique,
      initiator: rand() < 0.5 ? { row: 0 } : { row: other },
      occurredAt: new Date(start + Math.floor(rand() * 3 * 365 * 86_400_000)).toISOString(),
      channel: pick(CHANNELS),
      source: 'bench',
      externalId: `load-${k}`,
    });
  }
  // On Neo4j in chunks (one transaction each): a single 130,000-record transaction needs more than a 2 GB heap allows.
  const ids: string[] = [];
  const chunk = o.chunk;
  const ref = (r: PersonRef): PersonRef => ('row' in r ? { id: ids[r.row]! } : r);
  for (let from = 0; from < people.length; from += chunk) {
    const result = await store.applyImport(ws, { people: people.slice(from, from + chunk) });
    ids.push(...result.rows.map((r) => r.id));
  }
  for (let from = 0; from < ties.length; from += chunk) {
    await store.applyImport(ws, {
      people: [],
      ties: ties.slice(from, from + chunk).map((t) => ({ ...t, a: ref(t.a), b: ref(t.b) })),
    });
  }
  for (let from = 0; from < interactions.length; from += chunk) {
    await store.applyImport(ws, {
      people: [],
      interactions: interactions
        .slice(from, from + chunk)
        .map((x) => ({ ...x, participants: x.participants.map(ref), initiator: x.initiator && ref(x.initiator) })),
    });
  }
  const meId = ids[0]!;
  const contactIds = ids.slice(1);
  // Introductions and referrals among the busy people, so the partner ranking has flows to rank.
  for (let k = 0; k < 200; k++) {
    const a = contactIds[someone() - 1]!;
    let b = contactIds[someone() - 1]!;
    if (a === b) b = contactIds[(contactIds.indexOf(a) + 1) % contactIds.length]!;
    await store.introductions.create(ws, {
      introducerId: a,
      aId: meId,
      bId: b,
      date: day(start, 1000),
      outcome: rand() < 0.6 ? 'met' : 'pending',
    });
    await store.referrals.create(ws, {
      referrerId: k % 3 === 0 ? meId : a,
      recipientId: k % 3 === 0 ? a : meId,
      date: day(start, 1000),
      status: pick(['open', 'won', 'lost'] as const),
      value: Math.round(rand() * 20_000),
      currency: 'EUR',
    });
  }
  return { ws, contactIds, meId };
}

// ---- autocannon in a worker ---------------------------------------------------------

/** The worker: CommonJS, given as source, so it needs no TypeScript loader. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require(workerData.autocannon);
const aggregate = require(require('node:path').join(require('node:path').dirname(workerData.autocannon), 'lib', 'aggregateResult.js'));
const { url, connections, duration, token, paths, timeout } = workerData;
let next = 0;
const requests = [{ setupRequest: (req) => { req.path = paths[next++ % paths.length]; return req; } }];
// As a browser asks: gzip accepted (a cached ranking page is kept gzipped too).
const opts = { url, connections, duration, timeout, headers: { authorization: 'Bearer ' + token, 'accept-encoding': 'gzip, deflate' }, requests };
autocannon(opts, (err, raw) => {
  if (err) return parentPort.postMessage({ error: String(err && err.stack || err) });
  // Off the main thread autocannon leaves its histograms encoded: aggregate as its own workers mode does.
  const r = aggregate(raw, opts);
  parentPort.postMessage({ result: {
    requests: { total: raw.totalCompletedRequests, average: raw.totalCompletedRequests / ((raw.finish - raw.start) / 1000) },
    latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, statusCodeStats: r.statusCodeStats,
  } });
});
`;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

function cannon(data: {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  token: string;
  paths: string[];
}): Promise<AutocannonResult> {
  const autocannon = createRequire(import.meta.url).resolve('autocannon');
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { eval: true, workerData: { ...data, autocannon } });
    w.once('message', (m: { error?: string; result?: AutocannonResult }) => {
      void w.terminate();
      if (m.error) reject(new Error(m.error));
      else resolve(m.result!);
    });
    w.once('error', reject);
  });
}

// ---- main ------------------------------------------------------------------------------

export async function main(options: LoadBenchOptions = {}): Promise<LoadBenchResult> {
  const o = {
    people: options.people ?? 30_000,
    interactions: options.interactions ?? 100_000,
    contactTies: options.contactTies ?? 20_000,
    durationSec: options.durationSec ?? 60,
    connections: options.connections ?? 50,
    timeoutSec: options.timeoutSec ?? 30,
  };
  const storeName = options.neo4j ? 'neo4j' : 'sqlite';
  const dir = mkdtempSync(join(tmpdir(), 'nurture-load-bench-'));
  const cleanups: (() => Promise<void>)[] = [async () => rmSync(dir, { recursive: true, force: true })];
  try {
    let store: Store;
    if (options.neo4j) {
      const { startNeo4j } = await import('../scripts/neo4j-server.js');
      const { Neo4jStore } = await import('../server/store/neo4j/neo4j-store.js');
      const neo = await startNeo4j({ heap: '2g', pageCache: '512m', gds: options.gds ?? false });
      cleanups.unshift(() => neo.stop());
      store = new Neo4jStore({ uri: neo.uri, user: neo.user, password: neo.password });
    } else {
      store = new SqliteStore({ dataDir: dir });
    }
    // The app as `npm start` builds it (analytics in a worker thread), logging warnings only.
    const config = loadConfig({ LOG_LEVEL: 'warn', NURTURE_DATA_DIR: dir, NURTURE_WEB_DIR: join(dir, 'no-web') });
    const built = createApp(config, store);
    await built.deps.readiness.ensure();

    let t = performance.now();
    const { ws, contactIds, meId } = await buildWorkspace(store, {
      ...o,
      chunk: options.neo4j ? 10_000 : Number.POSITIVE_INFINITY,
    });
    const buildMs = performance.now() - t;
    const user = await built.deps.auth.createUser({
      email: 'load@example.com',
      name: 'Load',
      password: 'load-password-1',
      workspaceId: ws,
    });
    const { token } = await built.deps.auth.createApiToken(user.id, 'load bench');

    const server = built.app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    // Requests still queued when a run ends (autocannon stops waiting, the server does not): the next run waits for them.
    let inFlight = 0;
    server.on('request', (_req, res) => {
      inFlight++;
      res.once('close', () => inFlight--);
    });
    const drained = async () => {
      // A request whose client gave up still runs when its turn comes: also wait until a trivial request answers at once.
      for (let quick = 0; quick < 3; ) {
        while (inFlight > 0) await new Promise((r) => setTimeout(r, 50));
        const t0 = performance.now();
        await fetchRetry('/api/v1/health').then((r) => r.arrayBuffer());
        quick = performance.now() - t0 < 20 ? quick + 1 : 0;
      }
    };
    cleanups.unshift(async () => {
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await built.deps.analytics.close();
      await store.close();
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    /** The bench's own requests; a kept-alive socket the busy server closed meanwhile is retried once. */
    const fetchRetry = async (path: string, init: RequestInit = {}): Promise<Response> => {
      try {
        return await fetch(`${url}${path}`, init);
      } catch {
        return fetch(`${url}${path}`, init);
      }
    };
    const get = async (path: string) => {
      const r = await fetchRetry(path, { headers: { authorization: `Bearer ${token}` } });
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<Record<string, unknown>>;
    };

    // Analytics warm: the first ranking waits for the computation; then it is served from the cache.
    t = performance.now();
    await get('/api/v1/analytics/partners?limit=1');
    let algorithms = '';
    for (;;) {
      const s = await get('/api/v1/analytics/status');
      if (!s.computing && !s.stale) {
        algorithms = String((s.summary as { algorithms?: string } | null)?.algorithms ?? '');
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const warmAnalyticsMs = performance.now() - t;

    const rand = prng(7);
    const egoPaths = Array.from(
      { length: 5000 },
      () => `/api/v1/people/${contactIds[Math.floor(rand() * contactIds.length)]!}/ego?depth=1`,
    );
    const pages = Math.max(1, Math.floor(o.people / 50));
    const partnerPaths = Array.from(
      { length: 5000 },
      () => `/api/v1/analytics/partners?limit=50&offset=${Math.floor(rand() * pages) * 50}`,
    );
    // One of each, to see they answer (and how large "me"'s own ego network is: not part of the load).
    const sampleEgo = await get(egoPaths[0]!);
    const meStart = performance.now();
    const meEgo = await get(`/api/v1/people/${meId}/ego?depth=1`);
    const meEgoMs = performance.now() - meStart;

    console.log(
      `load benchmark (${storeName}): ${(o.people + 1).toLocaleString('en')} people, ${o.interactions.toLocaleString('en')} interactions, ` +
        `${(o.people + o.contactTies).toLocaleString('en')} ties; built in ${(buildMs / 1000).toFixed(1)} s; analytics warm in ${(warmAnalyticsMs / 1000).toFixed(1)} s (algorithms ${algorithms})`,
    );
    console.log(
      `  ${o.connections} connections, ${o.durationSec} s per endpoint (after 5 s of warm-up load), client timeout ${o.timeoutSec} s, autocannon in a worker thread; ` +
        `a contact's ego network ≈ ${(sampleEgo.people as unknown[]).length} people; me's (not in the load) ${(meEgo.people as unknown[]).length} people${meEgo.capped ? ' (capped)' : ''} in ${meEgoMs.toFixed(0)} ms`,
    );

    const endpoints: EndpointFigures[] = [];
    for (const [endpoint, paths] of [
      ['GET /people/:id/ego?depth=1', egoPaths],
      ['GET /analytics/partners?limit=50&offset=…', partnerPaths],
    ] as const) {
      await drained();
      // One client, one request at a time: the service time that 50 concurrent clients queue behind.
      const single: number[] = [];
      for (let k = 0; k < 60; k++) {
        const t0 = performance.now();
        await fetchRetry(paths[k]!, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());
        single.push(performance.now() - t0);
      }
      single.sort((a, b) => a - b);
      const serviceMs = single[single.length >> 1]!;
      const oneAtATime = async () => {
        const times: number[] = [];
        for (let k = 0; k < 60; k++) {
          const t0 = performance.now();
          await fetchRetry(paths[k]!, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());
          times.push(performance.now() - t0);
        }
        return times.sort((a, b) => a - b)[times.length >> 1]!;
      };
      if (!options.noWarmup)
        await cannon({ url, connections: o.connections, duration: 5, timeout: o.timeoutSec, token, paths: [...paths] });
      await drained();
      const load0 = loadavg()[0]!;
      const cpu0 = process.cpuUsage();
      const r = await cannon({
        url,
        connections: o.connections,
        duration: o.durationSec,
        timeout: o.timeoutSec,
        token,
        paths: [...paths],
      });
      const cpu = process.cpuUsage(cpu0);
      await drained();
      const cachedServiceMs = await oneAtATime();
      const f: EndpointFigures = {
        endpoint,
        serviceMs,
        cachedServiceMs,
        requests: r.requests.total,
        rps: r.requests.average,
        p50: r.latency.p50,
        p90: r.latency.p90,
        p99: r.latency.p99,
        max: r.latency.max,
        errors: r.errors,
        timeouts: r.timeouts,
        non2xx: r.non2xx,
      };
      endpoints.push(f);
      const ok = !options.neo4j
        ? f.p99 < 100 && f.errors + f.timeouts + f.non2xx === 0
          ? 'ok'
          : 'MISSED'
        : 'reported';
      console.log(
        `  ${endpoint}   (one request at a time: median ${serviceMs.toFixed(1)} ms first, ${cachedServiceMs.toFixed(1)} ms after the load)`,
      );
      console.log(
        `    latency p50 ${f.p50} ms  p90 ${f.p90} ms  p99 ${f.p99} ms  max ${f.max} ms   target p99 < 100 ms, 0 errors: ${ok}`,
      );
      console.log(
        `    ${Math.round(f.rps).toLocaleString('en')} req/s (${f.requests.toLocaleString('en')} requests); errors ${f.errors}, timeouts ${f.timeouts}, non-2xx ${f.non2xx}`,
      );
      console.log(
        `    process CPU ${((cpu.user + cpu.system) / 1000 / o.durationSec / 10).toFixed(0)}% of one core (server + client threads); load average ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`,
      );
    }
    return {
      store: storeName,
      people: o.people + 1,
      interactions: o.interactions,
      buildMs,
      warmAnalyticsMs,
      endpoints,
    };
  } finally {
    for (const c of cleanups) await c().catch((e: unknown) => console.error('cleanup:', e));
  }
}

const invoked = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (invoked) {
  const args = process.argv.slice(2);
  const num = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  const opts: LoadBenchOptions = {
    neo4j: args.includes('--neo4j'),
    gds: args.includes('--gds'),
    noWarmup: args.includes('--no-warmup'),
  };
  const duration = num('--duration');
  const people = num('--people');
  const interactions = num('--interactions');
  const connections = num('--connections');
  const timeout = num('--timeout');
  if (timeout) opts.timeoutSec = timeout;
  if (duration) opts.durationSec = duration;
  if (people) opts.people = people;
  if (interactions) opts.interactions = interactions;
  if (connections) opts.connections = connections;
  await main(opts);
}
