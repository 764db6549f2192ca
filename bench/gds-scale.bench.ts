/**
 * The Neo4j + Graph Data Science floor at scale (issue 19: 1,000,000 people / 5,000,000 ties
 * analysed in under 2 minutes, the app's heap under 1 GB throughout). On a local Neo4j with
 * GDS loaded (scripts/neo4j-server.ts), for the scale bench's generated network:
 *   1. the workspace built: through the store's own import (Store.applyImport in chunks, as
 *      bench/scale.bench.ts does; --build store), or with batched parameterised UNWIND Cypher
 *      that writes the same model (--build direct, the default: people, CONNECTED ties, LINKED
 *      pairs, interactions with PARTICIPATED_IN; the keys the floor reads, not every derived
 *      search key), rows/s printed;
 *   2. the floor inside the database: one undirected projection of the workspace's people
 *      and ties (Cypher projection, scoped to the workspace; and a native one when the database
 *      holds this workspace only, as a native projection cannot be scoped by a property), its
 *      memory estimate, then personalised PageRank (from "me"), Louvain and sampled
 *      betweenness (the app's sample size) in WRITE mode, each timed;
 *   3. strengths in the database: one pass over the interactions (recency onto LINKED) and one
 *      over the ties (a count/recency strength onto CONNECTED), CALL {...} IN TRANSACTIONS;
 *   4. the app's heap (heapUsed sampled every 250 ms) while it only issues those calls, and,
 *      with --current, the current full path (InlineEngine against the Neo4j + GDS store) in a
 *      child process capped at --max-old-space-size (1024 MB by default): time, max heap, or
 *      where it fails. --current needs a workspace the store built (--build store).
 * Measures; asserts nothing. Timings depend on the machine's load: the load average is printed
 * beside each.
 *
 * Measured 2026-12-04 on 2 cores shared with other work (load 5-14), 1,000,001 people / 5,000,000
 * ties / 300,000 interactions: direct build 1,739 s (ties 3,274 rows/s; the store's import did 893
 * records/s at 100,000 / 1,000,000); strengths in the database 27-42 s (interactions) + 194-310 s
 * (ties); projection 27-44 s (native) or 28-38 s (Cypher, 202 MiB); PageRank 50-74 s, Louvain
 * (1 thread) 69-81 s, betweenness (16 samples) 22-105 s; app heap 23 MB throughout. The current
 * path under a 1,024 MB heap: 100,000 people / 1,000,000 ties 122 s (load 2.4), heap max 982 MB;
 * 300,000 / 3,000,000 out of memory in the snapshot read.
 *
 * --design, quiet (the bench and its Neo4j only; heap 8g, page cache 4g), the same network built
 * in 869 s: ties streamed out 62.8 s (cold); a projection sent from the app as parallel lists 30.3 s;
 * the one Cypher projection 28.4 s warm, 47.9-49.0 s cold; Louvain (me left out) 71.6 s on one
 * thread, 79.0 s on two, 62.4 s at tolerance 1e-4, sampled betweenness (16 sources) 11-15 s beside
 * it; both written in one pass each 6.4-15.9 s; a property streamed out 6.3-7.6 s, a score written
 * back 3.1-6.9 s. The floor without any strength: about 100-145 s.
 *
 *   npx tsx bench/gds-scale.bench.ts                                      # 1,000,000 people / 5,000,000 ties
 *   npx tsx bench/gds-scale.bench.ts --people 100000 --ties 500000       # quick
 *   npx tsx bench/gds-scale.bench.ts --keep /tmp/gds1m                    # build once, reuse the Neo4j data dir
 *   npx tsx bench/gds-scale.bench.ts --keep /tmp/gds1m --no-floor --design --no-transfer
 *   npx tsx bench/gds-scale.bench.ts --people 100000 --ties 1000000 --build store --current --keep /tmp/gds100k
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import neo4j, { type Driver } from 'neo4j-driver';
import { DEFAULTS as ANALYSIS_DEFAULTS } from '../server/analytics/analyze-workspace.js';
import { runCapped } from './capped-child.js';
import { scaleNetwork, build as storeBuild } from './scale.bench.js';

const MB = 2 ** 20;
const load = () => loadavg()[0]!.toFixed(1);

/** A full collection before each phase, so its maximum is not an earlier phase's garbage. */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** The app's heap, sampled every 250 ms while a phase runs: its maximum. */
async function sampled<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; maxHeapMb: number }> {
  gc();
  let max = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    max = Math.max(max, process.memoryUsage().heapUsed);
  }, 250);
  const t = performance.now();
  try {
    const value = await fn();
    max = Math.max(max, process.memoryUsage().heapUsed);
    return { value, seconds: (performance.now() - t) / 1000, maxHeapMb: max / MB };
  } finally {
    clearInterval(timer);
  }
}

interface Row {
  phase: string;
  seconds: number;
  rows?: number;
  maxHeapMb: number;
  neo4j: string;
  load: string;
  note?: string;
}

const rowsOut: Row[] = [];
let neoPid = 0;
let neoDir = '';

/** The server JVM's resident and peak resident memory, and its heap in use (JMX) when the procedure answers. */
async function neoMemory(driver: Driver): Promise<string> {
  let rss = '';
  try {
    const status = readFileSync(`/proc/${neoPid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
    rss = `RSS ${kb('VmRSS').toFixed(0)} MB (peak ${kb('VmHWM').toFixed(0)})`;
  } catch {
    rss = 'RSS ?';
  }
  try {
    const r = await driver.executeQuery(
      "CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes RETURN attributes.HeapMemoryUsage.value.properties.used AS used",
    );
    const used = Number(r.records[0]?.get('used') ?? Number.NaN);
    if (Number.isFinite(used)) rss += `, heap used ${(used / MB).toFixed(0)} MB`;
  } catch {
    // no JMX procedure
  }
  return rss;
}

async function phase<T>(
  driver: Driver,
  name: string,
  rows: number | undefined,
  fn: () => Promise<T>,
  note?: (v: T) => string,
): Promise<T> {
  const { value, seconds, maxHeapMb } = await sampled(fn);
  const row: Row = { phase: name, seconds, maxHeapMb, neo4j: await neoMemory(driver), load: load() };
  if (rows !== undefined) row.rows = rows;
  if (note) row.note = note(value);
  rowsOut.push(row);
  const rate = rows ? `, ${Math.round(rows / seconds).toLocaleString('en')} rows/s` : '';
  console.log(
    `  ${name}: ${seconds.toFixed(1)} s${rate}; app heap max ${maxHeapMb.toFixed(0)} MB; Neo4j ${row.neo4j}; load ${row.load}${row.note ? `; ${row.note}` : ''}`,
  );
  return value;
}

// ---------------------------------------------------------------- direct build

/** The scale bench's network (same seed and shape), written with batched UNWIND statements. */
async function directBuild(
  driver: Driver,
  ws: string,
  people: number,
  ties: number,
  interactions: number,
  batch: number,
): Promise<void> {
  const network = scaleNetwork(people);
  const ids: string[] = [randomUUID()];
  for (let i = 1; i <= people; i++) ids.push(randomUUID());
  const now = new Date().toISOString();
  const write = (cypher: string, rows: unknown[]) =>
    driver.executeQuery(cypher, { ws, rows, now }, { routing: 'WRITE' });

  await phase(driver, 'build: people (UNWIND CREATE)', people + 1, async () => {
    for (let from = 0; from <= people; from += batch) {
      const rows = [];
      for (let i = from; i < Math.min(people + 1, from + batch); i++) {
        const name = i === 0 ? 'Me' : `Person ${i}`;
        rows.push({ id: ids[i], name, me: i === 0 });
      }
      await write(
        `UNWIND $rows AS row
        CREATE (n:Person {workspaceId: $ws, id: row.id, name: row.name, isMe: row.me, source: 'bench',
          searchText: toLower(row.name), createdAt: $now, updatedAt: $now})
        SET n.meOf = CASE WHEN row.me THEN $ws END`,
        rows,
      );
    }
  });

  // Me to everyone I interact with; the rest among contacts, skewed towards a busy few (scaleNetwork).
  let pending: { id: string; a: string; b: string; aLow: boolean; kind: string; key: string }[] = [];
  const tie = (i: number, j: number, kind: string) => {
    const aLow = ids[i]! < ids[j]!;
    const [lo, hi] = aLow ? [ids[i]!, ids[j]!] : [ids[j]!, ids[i]!];
    pending.push({ id: randomUUID(), a: ids[i]!, b: ids[j]!, aLow, kind, key: `${lo}|${hi}|${kind}` });
  };
  const flush = async () => {
    if (pending.length === 0) return;
    await write(
      `UNWIND $rows AS row
      MATCH (a:Person {workspaceId: $ws, id: row.a}) USING INDEX a:Person(id)
      MATCH (b:Person {workspaceId: $ws, id: row.b}) USING INDEX b:Person(id)
      CREATE (a)-[:CONNECTED {workspaceId: $ws, id: row.id, kind: row.kind, source: 'bench', pairKey: row.key}]->(b)
      WITH CASE WHEN row.aLow THEN a ELSE b END AS lo, CASE WHEN row.aLow THEN b ELSE a END AS hi
      CREATE (lo)-[:LINKED {workspaceId: $ws, ties: 1, interactions: 0, introductions: 0, referrals: 0}]->(hi)`,
      pending,
    );
    pending = [];
  };
  await phase(driver, 'build: ties + LINKED (UNWIND CREATE)', ties, async () => {
    for (const t of network.ties(ties)) {
      tie(t.a, t.b, t.kind);
      if (pending.length >= batch) await flush();
    }
    await flush();
  });

  await phase(driver, 'build: interactions (UNWIND CREATE)', interactions, async () => {
    let xs: Record<string, unknown>[] = [];
    const links = new Map<string, number>();
    const flushXs = async () => {
      if (xs.length === 0) return;
      await write(
        `UNWIND $rows AS row
        MATCH (me:Person {workspaceId: $ws, id: row.me}) USING INDEX me:Person(id)
        MATCH (o:Person {workspaceId: $ws, id: row.other}) USING INDEX o:Person(id)
        CREATE (n:Interaction {workspaceId: $ws, id: row.id, occurredAt: row.at, atMs: row.atMs, channel: row.channel,
          source: 'bench', externalId: row.externalId})
        CREATE (me)-[:PARTICIPATED_IN {pos: 0, initiator: CASE WHEN row.meFirst THEN true END}]->(n)
        CREATE (o)-[:PARTICIPATED_IN {pos: 1, initiator: CASE WHEN row.meFirst THEN null ELSE true END}]->(n)`,
        xs,
      );
      xs = [];
    };
    for (const { k, other, meFirst, atMs, channel } of network.interactions(interactions)) {
      xs.push({
        id: randomUUID(),
        me: ids[0],
        other: ids[other],
        at: new Date(atMs).toISOString(),
        atMs,
        channel,
        meFirst,
        externalId: `scale-${k}`,
      });
      links.set(ids[other]!, (links.get(ids[other]!) ?? 0) + 1);
      if (xs.length >= batch) await flushXs();
    }
    await flushXs();
    // The pairs' interaction counts onto LINKED (me is tied to everyone, so the link is there).
    const pairs = [...links].map(([other, n]) => ({ me: ids[0], other, n }));
    for (let from = 0; from < pairs.length; from += batch)
      await write(
        `UNWIND $rows AS row
        MATCH (a:Person {workspaceId: $ws, id: row.me}) USING INDEX a:Person(id)
        MATCH (b:Person {workspaceId: $ws, id: row.other}) USING INDEX b:Person(id)
        WITH a, b, row, CASE WHEN a.id < b.id THEN a ELSE b END AS lo, CASE WHEN a.id < b.id THEN b ELSE a END AS hi
        MERGE (lo)-[l:LINKED]->(hi) ON CREATE SET l.workspaceId = $ws, l.ties = 0, l.introductions = 0, l.referrals = 0
        SET l.interactions = coalesce(l.interactions, 0) + row.n`,
        pairs.slice(from, from + batch),
      );
  });
}

// ---------------------------------------------------------------- the floor

const PROJECT_CYPHER = `MATCH (a:Person {workspaceId: $ws}) WHERE a.name IS NOT NULL
  OPTIONAL MATCH (a)-[t:CONNECTED]->(b:Person)
  WITH gds.graph.project($name, a, b, {relationshipProperties: {weight: coalesce(t.strength, 1.0)}},
    {undirectedRelationshipTypes: ['*']}) AS g
  RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships`;

/** Runs one statement in an auto-commit session (CALL … IN TRANSACTIONS needs one): the properties it set. */
async function propertiesSet(driver: Driver, cypher: string, params: Record<string, unknown>): Promise<number> {
  const session = driver.session();
  try {
    return (await session.run(cypher, params)).summary.counters.updates().propertiesSet;
  } finally {
    await session.close();
  }
}

/** Part 3: strengths computed and written in the database, in batches. */
async function strengthsInDatabase(driver: Driver, ws: string, ties: number): Promise<void> {
  await phase(
    driver,
    'strengths: interactions -> LINKED.lastAtMs (IN TRANSACTIONS OF 10000)',
    undefined,
    () =>
      propertiesSet(
        driver,
        `MATCH (x:Interaction {workspaceId: $ws}) WHERE x.atMs IS NOT NULL
        CALL (x) {
          MATCH (p:Person)-[:PARTICIPATED_IN]->(x)<-[:PARTICIPATED_IN]-(o:Person) WHERE p.id < o.id
          MATCH (p)-[l:LINKED]->(o)
          SET l.lastAtMs = CASE WHEN l.lastAtMs IS NULL OR x.atMs > l.lastAtMs THEN x.atMs ELSE l.lastAtMs END
        } IN TRANSACTIONS OF 10000 ROWS`,
        { ws },
      ),
    (set) => `${set.toLocaleString('en')} properties set`,
  );
  const now = Date.now();
  await phase(
    driver,
    'strengths: ties -> CONNECTED.strength (IN TRANSACTIONS OF 50000)',
    ties,
    () =>
      propertiesSet(
        driver,
        `MATCH (a:Person {workspaceId: $ws})-[t:CONNECTED]->(b:Person) WHERE a.name IS NOT NULL
        CALL (a, b, t) {
          OPTIONAL MATCH (a)-[l:LINKED]-(b)
          WITH t, coalesce(l.interactions, 0) AS n, l.lastAtMs AS last
          SET t.strength = CASE t.kind WHEN 'linkedin' THEN 1.0 ELSE 0.5 END + log(1 + n)
            + CASE WHEN last IS NULL THEN 0.0 ELSE exp(-($now - last) / 7.776e9) END
        } IN TRANSACTIONS OF 50000 ROWS`,
        { ws, now },
      ),
    (set) => `${set.toLocaleString('en')} properties set`,
  );

  // The same strength kept per pair, one pass over LINKED without the join to the ties: the least a write-back costs.
  await phase(
    driver,
    'strengths: pairs -> LINKED.strength (IN TRANSACTIONS OF 50000)',
    undefined,
    () =>
      propertiesSet(
        driver,
        `MATCH (a:Person {workspaceId: $ws})-[l:LINKED]->(:Person) WHERE a.name IS NOT NULL
        CALL (l) {
          SET l.strength = 0.5 * l.ties + log(1 + l.interactions)
            + CASE WHEN l.lastAtMs IS NULL THEN 0.0 ELSE exp(-($now - l.lastAtMs) / 7.776e9) END
        } IN TRANSACTIONS OF 50000 ROWS`,
        { ws, now },
      ),
    (set) => `${set.toLocaleString('en')} properties set`,
  );
}

async function floor(
  driver: Driver,
  ws: string,
  ties: number,
  wsCount: number,
  louvainConcurrency: number,
  strengths: boolean,
): Promise<void> {
  const q = (cypher: string, params: Record<string, unknown> = {}) =>
    driver.executeQuery(cypher, { ws, ...params }, { routing: 'WRITE' });
  const n = (v: unknown) => Number(v);
  const name = `bench-${ws}`;
  await q('CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName', { name }).catch(() => undefined);

  // 3. Strengths in the database: recency per pair from the interactions, then a strength per tie.
  if (strengths) await strengthsInDatabase(driver, ws, ties);

  // 2. The projection: memory estimate, Cypher projection (scoped), native one (one workspace only).
  try {
    const e = await q(
      `CALL gds.graph.project.estimate('Person', {TIE: {type: 'CONNECTED', orientation: 'UNDIRECTED', properties: 'strength'}})
      YIELD requiredMemory, nodeCount, relationshipCount RETURN requiredMemory, nodeCount, relationshipCount`,
    );
    const r = e.records[0]!;
    console.log(
      `  projection estimate (native, all Person): ${r.get('requiredMemory')} for ${n(r.get('nodeCount')).toLocaleString('en')} nodes, ${n(r.get('relationshipCount')).toLocaleString('en')} relationships`,
    );
  } catch (err) {
    console.log(`  projection estimate: not available (${(err as Error).message.split('\n')[0]})`);
  }
  const graphMemory = async () => {
    const r = await q('CALL gds.graph.list($name) YIELD memoryUsage, sizeInBytes RETURN memoryUsage, sizeInBytes', {
      name,
    });
    return `projection holds ${r.records[0]?.get('memoryUsage')}`;
  };
  if (wsCount === 1) {
    await phase(
      driver,
      'project: native (Person, CONNECTED undirected, strength)',
      ties,
      async () => {
        // Not scoped by workspace: a native projection takes labels; this database holds one workspace.
        const r = await q(
          `CALL gds.graph.project($name, 'Person', {TIE: {type: 'CONNECTED', orientation: 'UNDIRECTED', properties: {weight: {property: 'strength', defaultValue: 1.0}}}})
          YIELD nodeCount, relationshipCount RETURN nodeCount, relationshipCount`,
          { name },
        );
        return `${n(r.records[0]!.get('nodeCount'))} nodes, ${n(r.records[0]!.get('relationshipCount'))} relationships; ${await graphMemory()}`;
      },
      (s) => s,
    );
    await q('CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName', { name });
  } else {
    console.log(`  project: native skipped (the database holds ${wsCount} workspaces; it cannot be scoped)`);
  }
  await phase(
    driver,
    'project: Cypher aggregation (workspace-scoped)',
    ties,
    async () => {
      const r = await q(PROJECT_CYPHER, { name });
      return `${n(r.records[0]!.get('nodes'))} nodes, ${n(r.records[0]!.get('relationships'))} relationships; ${await graphMemory()}`;
    },
    (s) => s,
  );

  try {
    const pr = ANALYSIS_DEFAULTS.pagerank;
    const arcs = 2 * ties;
    const b = ANALYSIS_DEFAULTS.betweenness;
    // The app's sample: samplingPlan with its work cap over the distance graph's arcs (~2 per tie).
    const samplingSize = Math.min(
      b.samples,
      Math.max(b.minSamples, Math.floor((b.maxWork ?? Number.POSITIVE_INFINITY) / arcs)),
    );
    const config = {
      pagerank: {
        dampingFactor: pr.alpha,
        maxIterations: neo4j.int(pr.maxIterations),
        tolerance: pr.tolerance,
        relationshipWeightProperty: 'weight',
        scaler: 'L1Norm',
        writeProperty: 'gdsPagerank',
      },
      louvain: {
        relationshipWeightProperty: 'weight',
        tolerance: 1e-7,
        concurrency: neo4j.int(louvainConcurrency),
        writeProperty: 'gdsCommunity',
      },
      betweenness: {
        relationshipWeightProperty: 'weight',
        samplingSize: neo4j.int(samplingSize),
        samplingSeed: neo4j.int(b.seed),
        writeProperty: 'gdsBetweenness',
      },
    };
    for (const [algo, proc] of [
      ['pagerank', 'gds.pageRank.write.estimate'],
      ['louvain', 'gds.louvain.write.estimate'],
      ['betweenness', 'gds.betweenness.write.estimate'],
    ] as const) {
      try {
        const r = await q(`CALL ${proc}($name, $config) YIELD requiredMemory RETURN requiredMemory`, {
          name,
          config: { ...config[algo], ...(algo === 'pagerank' ? { sourceNodes: [] } : {}) },
        });
        console.log(`  ${algo} estimate: ${r.records[0]?.get('requiredMemory')}`);
      } catch (err) {
        console.log(`  ${algo} estimate: not available (${(err as Error).message.split('\n')[0]})`);
      }
    }
    await phase(
      driver,
      `personalised PageRank write (source me; maxIterations ${pr.maxIterations}, tolerance ${pr.tolerance})`,
      undefined,
      async () => {
        const r = await q(
          `MATCH (me:Person {workspaceId: $ws, meOf: $ws})
          WITH me, $config AS c
          CALL gds.pageRank.write($name, c {.*, sourceNodes: [me]})
          YIELD ranIterations, didConverge, computeMillis, writeMillis, nodePropertiesWritten
          RETURN ranIterations, didConverge, computeMillis, writeMillis, nodePropertiesWritten`,
          { name, config: config.pagerank },
        );
        const x = r.records[0]!;
        return `${n(x.get('ranIterations'))} iterations (converged ${x.get('didConverge')}), compute ${n(x.get('computeMillis'))} ms, write ${n(x.get('writeMillis'))} ms, ${n(x.get('nodePropertiesWritten'))} written`;
      },
      (s) => s,
    );
    await phase(
      driver,
      `Louvain write (concurrency ${louvainConcurrency}${louvainConcurrency === 1 ? ', as the app' : ''})`,
      undefined,
      async () => {
        const r = await q(
          `CALL gds.louvain.write($name, $config)
          YIELD communityCount, modularity, ranLevels, computeMillis, writeMillis, nodePropertiesWritten
          RETURN communityCount, modularity, ranLevels, computeMillis, writeMillis, nodePropertiesWritten`,
          { name, config: config.louvain },
        );
        const x = r.records[0]!;
        return `${n(x.get('communityCount'))} communities, modularity ${n(x.get('modularity')).toFixed(3)}, ${n(x.get('ranLevels'))} levels, compute ${n(x.get('computeMillis'))} ms, write ${n(x.get('writeMillis'))} ms`;
      },
      (s) => s,
    );
    await phase(
      driver,
      `betweenness write (samplingSize ${samplingSize}, as the app)`,
      undefined,
      async () => {
        const r = await q(
          `CALL gds.betweenness.write($name, $config)
          YIELD computeMillis, writeMillis, nodePropertiesWritten
          RETURN computeMillis, writeMillis, nodePropertiesWritten`,
          { name, config: config.betweenness },
        );
        const x = r.records[0]!;
        return `compute ${n(x.get('computeMillis'))} ms, write ${n(x.get('writeMillis'))} ms, ${n(x.get('nodePropertiesWritten'))} written`;
      },
      (s) => s,
    );
  } finally {
    await q('CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName', { name }).catch(() => undefined);
  }
}

// ---------------------------------------------------------------- the pushdown design

/**
 * Part 5 (--design): the algorithms as the app runs them, pushed down in one pass. One workspace-scoped
 * Cypher projection holds every tie once with the two weights the app derives from a strength (Louvain's
 * community weight; betweenness's distance −ln(s/100), every tie: the app leaves out ties under its broker
 * threshold, 1, and no stand-in strength here is under it), me
 * under a label of my own and my ties under a type of their own, so Louvain leaves me out by filter
 * (as the app does) while betweenness sees every tie. Louvain and sampled betweenness then run at once
 * (two sessions) in MUTATE mode, and the two properties are written onto the people in one pass.
 * PageRank runs on the flow graph (referrals and introductions, the scale network has none), so it is
 * not part of this floor. Then the per-person write-back an app-computed score costs: a property
 * streamed out of the projection into a typed array and a score written back by internal id in
 * batches. Tie strengths are read from CONNECTED.strength where part 3 left them (else 50).
 * BENCH_LOUVAIN_TOLERANCE sets Louvain's tolerance (the app's push-down uses 1e-7).
 */
async function pushdownDesign(
  driver: Driver,
  ws: string,
  ties: number,
  louvainConcurrency: number,
  transfer: boolean,
): Promise<void> {
  const q = (cypher: string, params: Record<string, unknown> = {}) =>
    driver.executeQuery(cypher, { ws, ...params }, { routing: 'WRITE' });
  const n = (v: unknown) => Number(v);
  const name = `design-${ws}`;
  await q('CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName', { name }).catch(() => undefined);
  const b = ANALYSIS_DEFAULTS.betweenness;
  const samplingSize = Math.min(b.samples, Math.max(b.minSamples, Math.floor((b.maxWork ?? Infinity) / (2 * ties))));
  // What the app's share costs in transfer: every tie streamed out into columns, and a projection sent back.
  const ta: number[] = [];
  const tb: number[] = [];
  if (transfer) {
    await phase(
      driver,
      'design: ties streamed out into columns (internal ids)',
      ties,
      async () => {
        const s = driver.session({ defaultAccessMode: 'READ' });
        try {
          const r = s.run(
            `MATCH (a:Person {workspaceId: $ws})-[t:CONNECTED]->(b:Person) RETURN id(a) AS a, id(b) AS b, t.kind AS k`,
            { ws },
          );
          for await (const rec of r) {
            ta.push(rec.get('a') as number);
            tb.push(rec.get('b') as number);
          }
        } finally {
          await s.close();
        }
        return `${ta.length.toLocaleString('en')} ties`;
      },
      (x) => x,
    );
    await phase(
      driver,
      'design: a projection sent from the app (parallel lists of internal ids and weights, one statement)',
      ta.length,
      async () => {
        const w = ta.map((_, i) => 1 + (i % 7));
        const r = await q(
          `UNWIND range(0, size($s) - 1) AS i
        WITH gds.graph.project($name, toInteger($s[i]), toInteger($t[i]), {relationshipProperties: {weight: $w[i]}}, {undirectedRelationshipTypes: ['*']}) AS g
        RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships`,
          { name: `${name}-sent`, s: ta, t: tb, w },
        );
        await q('CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName', { name: `${name}-sent` });
        return `${n(r.records[0]!.get('nodes'))} nodes, ${n(r.records[0]!.get('relationships'))} relationships`;
      },
      (x) => x,
    );
    ta.length = 0;
    tb.length = 0;
  }
  const started = performance.now();
  await phase(
    driver,
    'design: one projection (Cypher, me labelled, my ties typed, weight + distance)',
    ties,
    async () => {
      const r = await q(
        `MATCH (a:Person {workspaceId: $ws}) WHERE a.name IS NOT NULL
        OPTIONAL MATCH (a)-[t:CONNECTED]->(b:Person)
        WITH a, b, coalesce(t.strength, 50.0) AS s, a.meOf IS NOT NULL OR coalesce(b.meOf IS NOT NULL, false) AS mine
        WITH gds.graph.project($name, a, b, {
            sourceNodeLabels: CASE WHEN a.meOf IS NULL THEN 'Person' ELSE 'Me' END,
            targetNodeLabels: CASE WHEN b IS NULL THEN NULL WHEN b.meOf IS NULL THEN 'Person' ELSE 'Me' END,
            relationshipType: CASE WHEN mine THEN 'MINE' ELSE 'TIE' END,
            relationshipProperties: {weight: s, distance: -log(CASE WHEN s > 99.9 THEN 99.9 WHEN s < 0.5 THEN 0.5 ELSE s END / 100.0)}
          }, {undirectedRelationshipTypes: ['*']}) AS g
        RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships`,
        { name },
      );
      return `${n(r.records[0]!.get('nodes'))} nodes, ${n(r.records[0]!.get('relationships'))} relationships`;
    },
    (s) => s,
  );
  try {
    const session = () => driver.session();
    const run = async (cypher: string, params: Record<string, unknown>) => {
      const s = session();
      try {
        return (await s.run(cypher, params)).records[0]!;
      } finally {
        await s.close();
      }
    };
    await phase(
      driver,
      `design: Louvain (concurrency ${louvainConcurrency}, me left out) beside sampled betweenness (${samplingSize} sources), MUTATE`,
      undefined,
      async () => {
        const t = performance.now();
        const secs = () => ((performance.now() - t) / 1000).toFixed(1);
        const [l, bc] = await Promise.all([
          run(
            `CALL gds.louvain.mutate($name, {nodeLabels: ['Person'], relationshipTypes: ['TIE'],
              relationshipWeightProperty: 'weight', tolerance: $tol, concurrency: $c, mutateProperty: 'community'})
            YIELD communityCount, modularity, computeMillis RETURN communityCount, modularity, computeMillis`,
            { name, c: neo4j.int(louvainConcurrency), tol: Number(process.env.BENCH_LOUVAIN_TOLERANCE ?? 1e-7) },
          ).then(
            (r) =>
              `Louvain ${secs()} s: ${n(r.get('communityCount'))} communities, modularity ${n(r.get('modularity')).toFixed(3)}`,
          ),
          run(
            `CALL gds.betweenness.mutate($name, {relationshipWeightProperty: 'distance', samplingSize: $k, samplingSeed: $seed,
              concurrency: $c, mutateProperty: 'betweenness'}) YIELD computeMillis RETURN computeMillis`,
            {
              name,
              k: neo4j.int(samplingSize),
              seed: neo4j.int(b.seed),
              c: neo4j.int(Math.max(1, 2 - louvainConcurrency)),
            },
          ).then(() => `betweenness ${secs()} s`),
        ]);
        return `${l}; ${bc}`;
      },
      (s) => s,
    );
    await phase(
      driver,
      'design: write community + betweenness onto the people (one pass each)',
      undefined,
      async () => {
        const a = await q(
          `CALL gds.graph.nodeProperties.write($name, ['community'], ['Person'], {writeConcurrency: 2})
          YIELD propertiesWritten RETURN propertiesWritten`,
          { name },
        );
        const c = await q(
          `CALL gds.graph.nodeProperties.write($name, ['betweenness'], ['*'], {writeConcurrency: 2})
          YIELD propertiesWritten RETURN propertiesWritten`,
          { name },
        );
        return `${n(a.records[0]!.get('propertiesWritten')) + n(c.records[0]!.get('propertiesWritten'))} properties written`;
      },
      (s) => s,
    );
    // What an app-computed per-person score costs: stream a projected property out, write a score back.
    const ids: number[] = [];
    let scores = new Float64Array(1 << 20);
    await phase(
      driver,
      'design: stream betweenness out into a typed array (by internal id)',
      undefined,
      async () => {
        const s = driver.session({ defaultAccessMode: 'READ' });
        try {
          const r = s.run(
            `CALL gds.graph.nodeProperty.stream($name, 'betweenness') YIELD nodeId, propertyValue RETURN nodeId, propertyValue`,
            { name },
          );
          for await (const rec of r) {
            if (ids.length === scores.length) {
              const grown = new Float64Array(scores.length * 2);
              grown.set(scores);
              scores = grown;
            }
            scores[ids.length] = n(rec.get('propertyValue'));
            ids.push(n(rec.get('nodeId')));
          }
        } finally {
          await s.close();
        }
        return `${ids.length.toLocaleString('en')} values`;
      },
      (s) => s,
    );
    const batch = 50_000;
    await phase(
      driver,
      `design: write a per-person score back (UNWIND by internal id, ${batch.toLocaleString('en')} per transaction)`,
      ids.length,
      async () => {
        let max = 0;
        for (let i = 0; i < ids.length; i++) max = Math.max(max, scores[i]!);
        for (let from = 0; from < ids.length; from += batch) {
          const rows: [number, number][] = [];
          for (let i = from; i < Math.min(ids.length, from + batch); i++)
            rows.push([ids[i]!, max > 0 ? (100 * scores[i]!) / max : 0]);
          await q('UNWIND $rows AS r MATCH (p) WHERE id(p) = r[0] SET p.designScore = r[1]', { rows });
        }
        return `${ids.length.toLocaleString('en')} people`;
      },
      (s) => s,
    );
  } finally {
    await q('CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName', { name }).catch(() => undefined);
  }
  console.log(`  design: ${((performance.now() - started) / 1000).toFixed(1)} s in all; load ${load()}`);
}

// ---------------------------------------------------------------- the current path (child)

/** In the child: the InlineEngine's analysis against the Neo4j + GDS store, timed, heap sampled. */
async function currentHere(ws: string): Promise<void> {
  const { Neo4jStore } = await import('../server/store/neo4j/neo4j-store.js');
  const { InlineEngine } = await import('../server/analysis/analysis.engine.js');
  const store = new Neo4jStore({
    uri: process.env.BENCH_NEO4J_URI!,
    user: process.env.BENCH_NEO4J_USER!,
    password: process.env.BENCH_NEO4J_PASSWORD!,
  });
  await store.init();
  // Where the time goes: the store's calls the analysis makes, timed by wrapping them on this instance.
  const spent: Record<string, number> = {};
  let started = performance.now();
  const timed =
    <A extends unknown[], R>(label: string, f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      const t = performance.now();
      try {
        return await f(...a);
      } finally {
        spent[label] = (spent[label] ?? 0) + (performance.now() - t) / 1000;
        // On stderr as it goes: an out-of-memory death shows how far the analysis got.
        process.stderr.write(
          `[current] ${label} done at ${((performance.now() - started) / 1000).toFixed(1)} s, heap ${(process.memoryUsage().heapUsed / MB).toFixed(0)} MB\n`,
        );
      }
    };
  store.versionedSnapshot = timed('snapshot', store.versionedSnapshot.bind(store));
  store.writeScores = timed('writeScores', store.writeScores.bind(store));
  const algorithms = store.graphAlgorithms.bind(store);
  store.graphAlgorithms = async () => {
    const g = await algorithms();
    return g
      ? {
          version: g.version,
          personalizedPageRank: timed('gds pagerank', g.personalizedPageRank.bind(g)),
          louvain: timed('gds louvain', g.louvain.bind(g)),
          betweenness: timed('gds betweenness', g.betweenness.bind(g)),
        }
      : null;
  };
  const { value, seconds, maxHeapMb } = await sampled(() => {
    started = performance.now();
    return new InlineEngine(async () => store).analyze(ws, Date.now());
  });
  const breakdown = Object.entries(spent)
    .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
    .join(', ');
  process.stdout.write(
    `${JSON.stringify({
      seconds,
      maxHeapMb,
      people: value.result.people.length,
      ties: value.result.summary.ties,
      algorithms: (value.result.summary as { algorithms?: string }).algorithms ?? '(not said)',
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      breakdown,
    })}\n`,
  );
  await store.close();
}

async function current(
  driver: Driver,
  neo: { uri: string; user: string; password: string },
  ws: string,
  heapMb: number,
): Promise<void> {
  const { code, wall, err, last } = await runCapped(fileURLToPath(import.meta.url), heapMb, ['--current-only', ws], {
    env: { ...process.env, BENCH_NEO4J_URI: neo.uri, BENCH_NEO4J_USER: neo.user, BENCH_NEO4J_PASSWORD: neo.password },
    stderr: 'pipe',
  });
  if (code !== 0) {
    console.log(
      `  current path: FAILED under a ${heapMb} MB heap after ${wall.toFixed(0)} s (exit ${code}); load ${load()}`,
    );
    const lines = err.split('\n').filter((l) => l.trim());
    const progress = lines.filter((l) => l.startsWith('[current]'));
    console.log(progress.length > 0 ? progress.join('\n') : '[current] no store call finished');
    console.log(
      lines
        .filter((l) => !l.startsWith('[current]') && !/^\s*\d+: 0x/.test(l))
        .slice(-4)
        .join('\n'),
    );
    rowsOut.push({
      phase: `current path (InlineEngine, heap cap ${heapMb} MB)`,
      seconds: wall,
      maxHeapMb: Number.NaN,
      neo4j: await neoMemory(driver),
      load: load(),
      note: `failed, exit ${code}`,
    });
    return;
  }
  const r = last<Record<string, number | string>>();
  rowsOut.push({
    phase: `current path (InlineEngine, heap cap ${heapMb} MB)`,
    seconds: r.seconds as number,
    maxHeapMb: r.maxHeapMb as number,
    neo4j: await neoMemory(driver),
    load: load(),
    note: `${r.algorithms}; ${r.people} people, ${r.ties} ties; peak RSS ${(r.maxRssMb as number).toFixed(0)} MB; ${r.breakdown}`,
  });
  console.log(
    `  current path: analysis ${(r.seconds as number).toFixed(1)} s (child ${wall.toFixed(0)} s in all); app heap max ${(r.maxHeapMb as number).toFixed(0)} MB (sampled between async steps: a lower bound; cap ${heapMb} MB); peak RSS ${(r.maxRssMb as number).toFixed(0)} MB; ${r.algorithms}; ${r.breakdown}; load ${load()}`,
  );
}

// ---------------------------------------------------------------- main

const invoked = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (invoked) {
  const { values } = parseArgs({
    options: {
      people: { type: 'string', default: '1000000' },
      ties: { type: 'string', default: '5000000' },
      /** Interactions with me; default 3 per 10 people (scale.bench: 300,000 for 300,000). */
      interactions: { type: 'string' },
      build: { type: 'string', default: 'direct' },
      /** Rows per statement (direct) or per import (store). */
      batch: { type: 'string' },
      heap: { type: 'string', default: '8g' },
      'page-cache': { type: 'string', default: '4g' },
      /** Keep (or reuse, when it holds a built workspace) this Neo4j home. */
      keep: { type: 'string' },
      /** Also run the current full path in a child process with this heap cap. */
      current: { type: 'boolean', default: false },
      'current-heap': { type: 'string', default: '1024' },
      'no-floor': { type: 'boolean', default: false },
      /** Skip part 3 (a kept workspace already has its strengths). */
      'no-strengths': { type: 'boolean', default: false },
      /** The app runs Louvain on one thread (the same communities every run); 2 uses both cores. */
      'louvain-concurrency': { type: 'string', default: '1' },
      /** Part 5: the app's algorithms pushed down in one projection, at once, written once. */
      design: { type: 'boolean', default: false },
      /** With --design: skip the transfer parts (ties streamed out, a projection sent). */
      'no-transfer': { type: 'boolean', default: false },
      'current-only': { type: 'string' },
    },
  });
  if (values['current-only']) {
    await currentHere(values['current-only']);
  } else {
    const people = Number(values.people);
    const ties = Number(values.ties);
    const interactions = Number(values.interactions ?? Math.round(people * 0.3));
    const mode = values.build;
    if (mode !== 'direct' && mode !== 'store') throw new Error('--build: direct or store');
    const { startNeo4j } = await import('../scripts/neo4j-server.js');
    const { Neo4jStore } = await import('../server/store/neo4j/neo4j-store.js');
    if (values.keep) mkdirSync(values.keep, { recursive: true });
    const marker = values.keep ? join(values.keep, 'gds-bench-workspace.json') : undefined;
    const reused =
      marker && existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as Record<string, string>) : null;
    console.log(
      `gds-scale benchmark: ${(people + 1).toLocaleString('en')} people, ${ties.toLocaleString('en')} ties, ${interactions.toLocaleString('en')} interactions; Neo4j heap ${values.heap}, page cache ${values['page-cache']}; load ${load()}`,
    );
    let t = performance.now();
    const neo = await startNeo4j({
      gds: true,
      heap: values.heap,
      pageCache: values['page-cache'],
      ...(values.keep ? { dataDir: values.keep } : {}),
      log: (s) => console.log(`  ${s}`),
    });
    neoPid = neo.pid;
    neoDir = neo.dir;
    console.log(`  Neo4j with GDS up in ${((performance.now() - t) / 1000).toFixed(0)} s (home ${neoDir})`);
    const store = new Neo4jStore({ uri: neo.uri, user: neo.user, password: neo.password });
    const driver = neo4j.driver(neo.uri, neo4j.auth.basic(neo.user, neo.password), { disableLosslessIntegers: true });
    try {
      await store.init();
      let ws: string;
      if (reused) {
        ws = reused.ws!;
        console.log(`  the workspace kept in ${values.keep} (${reused.summary})`);
      } else {
        t = performance.now();
        if (mode === 'store') {
          const batch = Number(values.batch ?? 10_000);
          ws = await phase(
            driver,
            `build: Store.applyImport in chunks of ${batch.toLocaleString('en')}`,
            people + 1 + ties + interactions,
            () => storeBuild(store, people, ties, interactions, batch),
          );
        } else {
          ws = (await store.createWorkspace({ name: 'GDS scale bench' })).id;
          await directBuild(driver, ws, people, ties, interactions, Number(values.batch ?? 20_000));
        }
        const s = (performance.now() - t) / 1000;
        console.log(
          `  built (${mode}) in ${s.toFixed(0)} s: ${Math.round((people + 1 + ties + interactions) / s).toLocaleString('en')} records/s; load ${load()}`,
        );
        if (marker)
          writeFileSync(
            marker,
            JSON.stringify({
              ws,
              summary: `${mode} build: ${people + 1} people, ${ties} ties, ${interactions} interactions, ${s.toFixed(0)} s`,
            }),
          );
      }
      const wsCount = Number(
        (
          await driver.executeQuery('MATCH (w:Workspace) RETURN count(w) AS n', {}, { routing: 'READ' })
        ).records[0]!.get('n'),
      );
      if (!values['no-floor'])
        await floor(driver, ws, ties, wsCount, Number(values['louvain-concurrency']), !values['no-strengths']);
      if (values.design)
        await pushdownDesign(driver, ws, ties, Number(values['louvain-concurrency']), !values['no-transfer']);
      if (values.current) await current(driver, neo, ws, Number(values['current-heap']));
      console.log('\n| phase | s | rows/s | max app heap MB | Neo4j memory | load | note |');
      console.log('|---|---|---|---|---|---|---|');
      for (const r of rowsOut)
        console.log(
          `| ${r.phase} | ${r.seconds.toFixed(1)} | ${r.rows ? Math.round(r.rows / r.seconds).toLocaleString('en') : ''} | ${Number.isNaN(r.maxHeapMb) ? '' : r.maxHeapMb.toFixed(0)} | ${r.neo4j} | ${r.load} | ${r.note ?? ''} |`,
        );
    } finally {
      await driver.close();
      await store.close();
      await neo.stop();
    }
  }
}
