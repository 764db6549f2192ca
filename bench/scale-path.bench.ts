/**
 * A compact analysis of a very large Neo4j workspace, end to end (issue 19: 1,000,000 people /
 * 5,000,000 ties analysed in under 2 minutes, the app's heap under 1 GB). The design it measures:
 * bench/gds-scale.bench.ts --design found Graph Data Science slower than the app at this size
 * (Louvain on one thread 62-79 s in GDS, 22 s in-process), so here the database only reads and
 * writes, and the app holds the workspace as columns, never as per-person results:
 *   1. read: people (node id, id, name, connectedOn, isMe; in id order, as the store's snapshot: the
 *      betweenness sample and Louvain's visiting order follow it), ties (positions, the kind as a
 *      code), interactions with their participants. By default through nurture.columns.read
 *      (neo4j/procedures: one scan of the relationship store, packed columns); --reader cypher reads
 *      them with Cypher (people, then two flat lists per person for the ties, then interactions).
 *      Only what the scale network has: no organisations, referrals, introductions, pitches or
 *      consents, no tie dates and no tie ids. A reader for real workspaces reads those too (the
 *      dates of 5,000,000 ties are 5,000,000 more strings to decode), so these figures are a floor;
 *   2. the leanest snapshot the analysis takes (people as records, ties as columns without ids);
 *   3. prepareAnalysis (the strength model, the graphs), the measures on two threads
 *      (measuresInParallel), PageRank, betweenness, holes, reach and Louvain in-process;
 *   4. per person, without a result object each: strength to me, stage, partner score (the
 *      model's partnerScoreAt, kept as a number), community;
 *   5. written back onto the people by internal id in batches (strength, stage, partnerScore,
 *      community), as the Neo4j store's writeScores names them: through nurture.columns.writeScores
 *      (100,000 people a transaction), or with --reader cypher through UNWIND ... SET.
 * In a child process capped at --heap MB (1,024 by default); each step timed, the heap sampled
 * every 250 ms. On a Neo4j home a gds-scale run kept (--keep DIR, which holds the workspace).
 * BENCH_CHECK=1 compares every person's values with the full in-process analysis (analyzeWorkspace on
 * the store's own snapshot), for sizes that analysis can hold. Measures; asserts nothing.
 *
 * Measured 2026-12-04, this machine (2 cores, quiet but for the bench and its Neo4j; heap 8g, page
 * cache 4g, store 4.4 GB on disk), 1,000,001 people / 5,000,000 ties / 300,000 interactions
 * (gds-scale's direct build), app heap capped at 1,024 MB.
 * --reader procedure (the default), scores written by nurture.columns.writeScores:
 *   - first run after the server starts (cold page cache, cold JIT): 134.9-146.5 s (read 34.1-43.4,
 *     write 16.0-17.7);
 *   - later runs (warm): 98.1, 99.1 and 129.2 s. At 98.1: read 16.7 + records 2.1, prepare 31.8
 *     (evidence 13.5, strengths 11.9), measures on two threads 37.0, per person 1.6, communities 2.3,
 *     write-back 6.0. The 129.2 s run spent 47.2 in prepare and 49.8 in the measures, with nothing
 *     else running: the computation varies by a third from run to run here;
 *   - app heap max 639-666 MB (sampled), peak RSS 2.2-2.3 GB.
 *   Read by the procedure, written by Cypher: 139.2 s cold, 119.0 s warm (write-back 11.3-13.0).
 * --reader cypher (the stop before):
 *   - cold 168.8-185.3 s; warm 148.6-148.7 s: people 9.5-10.4 + sort 2.7-3.0, ties 31.0-31.1,
 *     interactions 4.9-6.7, prepare 39.7-41.8, measures 42.1-43.5, per person about 3,
 *     communities about 3, write-back 7.7-10; heap max 720-812 MB.
 *   Under a 2,048 MB cap it takes as long (162.8 cold, 153.9 warm): the two cores are the limit.
 *   Reading the ties on two sessions at once was slower (40 s warm): both sides are busy.
 * At 20,001 people / 100,000 ties BENCH_CHECK finds strength within 3.6e-15 and partner scores,
 * stages and community numbers identical to analyzeWorkspace.
 *
 *   npx tsx bench/gds-scale.bench.ts --keep /tmp/gds1m --no-floor     # build once (about 15 min at 1M)
 *   npx tsx bench/scale-path.bench.ts --keep /tmp/gds1m
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import neo4j, { type Driver } from 'neo4j-driver';
import type { AnalysisInteraction, Channel, Person } from '../shared/index.js';
import { measuresInParallel } from '../server/analysis/parallel-measures.js';
import {
  emptyPartnerInputs,
  findCommunities,
  networkMeasures,
  prepareAnalysis,
  setPartnerMeasures,
} from '../server/analytics/analyze-workspace.js';
import {
  partnerMaxima,
  partnerScoreAt,
  resolvePartnerOptions,
} from '../server/analytics/partner/referral-partner-score.js';
import { stageOf } from '../server/analytics/strength/stage.js';
import { runCapped } from './capped-child.js';
import { benchPerson, leanSnapshot } from './prepare-scale.bench.js';
import { pairIndex } from '../server/analytics/strength/tie-strengths.js';
import { readWorkspaceColumns, writeScoreColumns } from '../server/store/neo4j/workspace-columns.js';

const MB = 2 ** 20;
const load = () => loadavg()[0]!.toFixed(1);
/** Queries (reads of the ties, write-back transactions) run at once: one per core. */
const PARTS = Number(process.env.BENCH_PARTS ?? 2);
/** Queries reading the ties at once (decoding them takes this process's one thread). */
const READS = Number(process.env.BENCH_READS ?? 1);

async function child(uri: string, user: string, password: string, ws: string, reader: string): Promise<void> {
  const driver: Driver = neo4j.driver(uri, neo4j.auth.basic(user, password), { disableLosslessIntegers: true });
  let maxHeap = 0;
  const timer = setInterval(() => {
    maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
  }, 250);
  const rows: string[] = [];
  const step = async <T>(name: string, fn: () => T | Promise<T>, note?: (v: T) => string): Promise<T> => {
    const t = performance.now();
    const v = await fn();
    maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
    const line = `  ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s; heap now ${(process.memoryUsage().heapUsed / MB).toFixed(0)} MB, max so far ${(maxHeap / MB).toFixed(0)} MB; load ${load()}${note ? `; ${note(v)}` : ''}`;
    rows.push(line);
    process.stderr.write(`${line}\n`);
    return v;
  };
  const stream = async (
    cypher: string,
    each: (r: { get(k: string): unknown }) => void,
    params: Record<string, unknown> = {},
  ) => {
    const s = driver.session({ defaultAccessMode: 'READ' });
    try {
      for await (const r of s.run(cypher, { ws, ...params })) each(r);
    } finally {
      await s.close();
    }
  };
  const started = performance.now();
  const now = Date.now();

  // 1. Read. Node ids: as numbers from Cypher, as the procedure's int64 column from it (written back as they came).
  const internal: number[] = [];
  let nodeIds: BigInt64Array = new BigInt64Array(0);
  const people: Person[] = [];
  let a: Int32Array = new Int32Array(1 << 20);
  let b: Int32Array = new Int32Array(1 << 20);
  let kind: Uint8Array = new Uint8Array(1 << 20);
  let count = 0;
  const interactions: AnalysisInteraction[] = [];
  if (reader === 'procedure') {
    const s = driver.session({ defaultAccessMode: 'READ' });
    const c = await step(
      'read people, ties and interactions (nurture.columns.read)',
      () => readWorkspaceColumns(s, ws).finally(() => s.close()),
      (x) =>
        `${x.people.count.toLocaleString('en')} people, ${x.ties.count.toLocaleString('en')} ties, ${x.interactions.count.toLocaleString('en')} interactions`,
    );
    await step('people, interactions as records', () => {
      nodeIds = new BigInt64Array(c.people.internal.buffer, c.people.internal.byteOffset, c.people.count);
      for (let i = 0; i < c.people.count; i++) {
        people.push(
          benchPerson(c.people.id[i]!, c.people.name[i] ?? '', i === c.people.me, c.people.connectedOn[i] ?? null),
        );
      }
      const who = c.interactions.who;
      for (let x = 0, w = 0; x < c.interactions.count; x++) {
        const participantIds: string[] = [];
        let initiatorId: string | null = null;
        for (; w < who.length / 2 && who[2 * w] === x; w++) {
          const id = people[who[2 * w + 1]!]!.id;
          participantIds.push(id);
          if (initiatorId === null && c.interactions.initiator[w] === 1) initiatorId = id;
        }
        interactions.push({
          id: c.interactions.id[x]!,
          occurredAt: c.interactions.occurredAt[x]!,
          channel: c.interactions.channel[x] as Channel,
          participantIds,
          initiatorId,
        });
      }
    });
    ({ a, b, kind, count } = c.ties);
  } else await readCypher();
  async function readCypher(): Promise<void> {
    await step(
      'read people',
      () =>
        stream(
          `MATCH (p:Person {workspaceId: $ws}) RETURN id(p) AS i, p.id AS id, p.name AS name, p.connectedOn AS c, coalesce(p.isMe, false) AS me`,
          (r) => {
            internal.push(r.get('i') as number);
            people.push(
              benchPerson(
                r.get('id') as string,
                r.get('name') as string,
                r.get('me') as boolean,
                (r.get('c') as string | null) ?? null,
              ),
            );
          },
        ),
      () => `${people.length.toLocaleString('en')} people`,
    );
    await step('people in id order (sorted here)', () => {
      const order = Array.from(people.keys()).sort((x, y) => (people[x]!.id < people[y]!.id ? -1 : 1));
      const byId = order.map((i) => people[i]!);
      const ids = order.map((i) => internal[i]!);
      for (let i = 0; i < order.length; i++) {
        people[i] = byId[i]!;
        internal[i] = ids[i]!;
      }
    });
    const position = new Map<number, number>();
    for (let i = 0; i < internal.length; i++) position.set(internal[i]!, i);
    const grow = () => {
      const g = <T extends Int32Array | Uint8Array>(x: T, make: (n: number) => T): T => {
        const y = make(x.length * 2);
        y.set(x);
        return y;
      };
      a = g(a, (n) => new Int32Array(n));
      b = g(b, (n) => new Int32Array(n));
      kind = g(kind, (n) => new Uint8Array(n));
    };
    await step(
      `read ties (one neighbour list per person, ${READS} queries at once)`,
      () =>
        Promise.all(
          Array.from({ length: READS }, (_, part) =>
            stream(
              // Two flat lists per person (the kind as its code in TieKind's order): 5,000,000 small lists decode slowly.
              `MATCH (p:Person {workspaceId: $ws}) WHERE id(p) % $parts = $part
              RETURN id(p) AS i, [(p)-[t:CONNECTED]->(o:Person) | id(o)] AS os,
                [(p)-[t:CONNECTED]->(o:Person) | CASE t.kind WHEN 'linkedin' THEN 0 WHEN 'knows' THEN 1
                  WHEN 'colleague' THEN 2 WHEN 'family' THEN 3 ELSE 4 END] AS ks`,
              eachTie,
              { parts: READS, part },
            ),
          ),
        ),
      () => `${count.toLocaleString('en')} ties`,
    );
    function eachTie(r: { get(k: string): unknown }): void {
      const from = position.get(r.get('i') as number)!;
      const os = r.get('os') as number[];
      const ks = r.get('ks') as number[];
      for (let x = 0; x < os.length; x++) {
        if (count === a.length) grow();
        a[count] = from;
        b[count] = position.get(os[x]!)!;
        kind[count++] = ks[x]!;
      }
    }
    await step(
      'read interactions',
      () =>
        stream(
          `MATCH (x:Interaction {workspaceId: $ws})
          RETURN x.id AS id, x.occurredAt AS at, x.channel AS channel,
            [(p:Person)-[r:PARTICIPATED_IN]->(x) | [p.id, r.initiator]] AS who`,
          (r) => {
            const who = r.get('who') as [string, boolean | null][];
            interactions.push({
              id: r.get('id') as string,
              occurredAt: r.get('at') as string,
              channel: r.get('channel') as Channel,
              participantIds: who.map((w) => w[0]),
              initiatorId: who.find((w) => w[1] === true)?.[0] ?? null,
            });
          },
        ),
      () => `${interactions.length.toLocaleString('en')} interactions`,
    );
    position.clear();
  }

  // 2. The snapshot, ties as columns (no tie ids: '' for each, one shared string).
  const snapshot = leanSnapshot(
    ws,
    people,
    {
      count,
      id: new Array(count).fill(''),
      a: a.subarray(0, count),
      b: b.subarray(0, count),
      kind: kind.subarray(0, count),
      since: new Array(count).fill(null),
    },
    interactions,
  );

  // 3. Strengths, graphs, measures.
  const p = await step(
    'prepareAnalysis (strengths and the graphs)',
    () => prepareAnalysis(snapshot, { now }),
    (x) =>
      Object.entries(x.clock.timings)
        .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
        .join(', '),
  );
  const computed = await step('measures on two threads (measuresInParallel)', () => measuresInParallel(p));
  const m = await step('networkMeasures (the rest: ledgers)', () =>
    networkMeasures(p.snapshot, p.meId, p.table, p.flowGraph, p.strengthGraph, p.distanceGraph, p.o, p.clock, {
      flow: p.flow,
      plan: p.plan,
      computed,
    }),
  );

  // 4. Per person, as numbers.
  const g = p.table.graph;
  const n = people.length;
  const strength = new Float64Array(n);
  const partner = new Float64Array(n);
  const stage: string[] = new Array(n);
  const meAt = people.findIndex((x) => x.id === p.meId);
  await step('strength to me, stage, partner score per person', () => {
    // Everyone but me, in snapshot order, as partnerInputs has them (my own measures would set the maxima).
    const others = n - 1;
    const inputs = emptyPartnerInputs(others);
    for (let i = 0, j = 0; i < n; i++) {
      if (i === meAt) continue;
      const id = people[i]!.id;
      setPartnerMeasures(inputs, j, m, g, id);
      // The strength from the table, not through explainTie: no explanation object per person.
      const k = pairIndex(p.table, p.meId, id);
      inputs.strengthToMe[j] = k < 0 ? 0 : p.table.score[k]!;
      j++;
    }
    const o = resolvePartnerOptions(p.o.partner);
    const max = partnerMaxima(inputs);
    for (let i = 0, j = 0; i < n; i++) {
      if (i === meAt) {
        partner[i] = Number.NaN;
        stage[i] = '';
        continue;
      }
      strength[i] = inputs.strengthToMe[j]!;
      stage[i] = stageOf(strength[i]!, p.o.strength.stages);
      partner[i] = partnerScoreAt(inputs, j, max, o).score;
      j++;
    }
  });
  const community = new Int32Array(n).fill(-1);
  await step(
    'communities (numbered by size)',
    () => {
      const { communities } = findCommunities(
        p.table,
        p.meId,
        (id) => strength[g.index.get(id) ?? -1] ?? 0,
        p.o,
        undefined,
        computed.louvain,
        p.communityWeights,
      );
      for (let i = 0; i < n; i++) community[i] = communities.byPerson.get(people[i]!.id) ?? -1;
      return communities.count;
    },
    (c) => `${c.toLocaleString('en')} communities`,
  );

  // 5. Written back.
  if (reader === 'procedure') await writeByProcedure();
  else await writeByCypher();
  async function writeByProcedure(): Promise<void> {
    const batch = 100_000;
    await step(
      `write back strength, stage, partnerScore, community (nurture.columns.writeScores, ${batch.toLocaleString('en')} per transaction, ${PARTS} writers)`,
      async () => {
        const others = n - (meAt < 0 ? 0 : 1);
        const nodes = new BigInt64Array(others);
        const cols = {
          partnerScore: new Float64Array(others),
          strength: new Float64Array(others),
          stage: new Uint8Array(others),
          community: new Int32Array(others),
        };
        const stages: string[] = [];
        const code = new Map<string, number>();
        for (let i = 0, j = 0; i < n; i++) {
          if (i === meAt) continue;
          nodes[j] = nodeIds[i]!;
          cols.partnerScore[j] = partner[i]!;
          cols.strength[j] = strength[i]!;
          let k = code.get(stage[i]!);
          if (k === undefined) code.set(stage[i]!, (k = stages.push(stage[i]!) - 1));
          cols.stage[j] = k;
          cols.community[j++] = community[i]!;
        }
        const part = Math.ceil(others / PARTS);
        const results = await Promise.all(
          Array.from({ length: PARTS }, async (_, w) => {
            const [from, to] = [w * part, Math.min(others, (w + 1) * part)];
            const s = driver.session({ defaultAccessMode: 'WRITE' });
            try {
              return await writeScoreColumns(
                s,
                ws,
                {
                  nodes: new Uint8Array(nodes.buffer, from * 8, (to - from) * 8),
                  partnerScore: cols.partnerScore.subarray(from, to),
                  strength: cols.strength.subarray(from, to),
                  stage: cols.stage.subarray(from, to),
                  stages,
                  community: cols.community.subarray(from, to),
                },
                { batch },
              );
            } finally {
              await s.close();
            }
          }),
        );
        return results.reduce((x, y) => ({ written: x.written + y.written, skipped: x.skipped + y.skipped }));
      },
      (r) => `${r.written.toLocaleString('en')} written, ${r.skipped} skipped`,
    );
  }
  async function writeByCypher(): Promise<void> {
    const batch = 50_000;
    await step(
      `write back strength, stage, partnerScore, community (${batch.toLocaleString('en')} per transaction, ${PARTS} writers)`,
      async () => {
        const writer = async (part: number) => {
          for (let from = part * batch; from < n; from += PARTS * batch) {
            const rows: unknown[] = [];
            for (let i = from; i < Math.min(n, from + batch); i++)
              if (i !== meAt)
                rows.push([internal[i], strength[i], stage[i], partner[i], community[i]! < 0 ? null : community[i]]);
            await driver.executeQuery(
              `UNWIND $rows AS r MATCH (p) WHERE id(p) = toInteger(r[0])
          SET p.strength = r[1], p.stage = r[2], p.partnerScore = r[3], p.community = r[4]`,
              { rows },
              { routing: 'WRITE' },
            );
          }
        };
        await Promise.all(Array.from({ length: PARTS }, (_, part) => writer(part)));
      },
    );
  }
  const total = (performance.now() - started) / 1000;
  clearInterval(timer);
  if (process.env.BENCH_CHECK) {
    // Against the full in-process analysis of the store's own snapshot at the same instant.
    const { Neo4jStore } = await import('../server/store/neo4j/neo4j-store.js');
    const { analyzeWorkspace } = await import('../server/analytics/analyze-workspace.js');
    const store = new Neo4jStore({ uri, user, password });
    await store.init();
    const full = analyzeWorkspace((await store.versionedSnapshot(ws)).snapshot, { now });
    await store.close();
    const at = new Map(people.map((x, i) => [x.id, i]));
    let worstStrength = 0;
    let worstPartner = 0;
    let stages = 0;
    let sameCommunity = 0;
    for (const x of full.people) {
      const i = at.get(x.personId)!;
      worstStrength = Math.max(worstStrength, Math.abs(x.strengthToMe.score - strength[i]!));
      worstPartner = Math.max(worstPartner, Math.abs(x.partner.score - partner[i]!));
      if (x.strengthToMe.stage !== stage[i]) stages++;
      if ((x.communityId ?? -1) === community[i]) sameCommunity++;
    }
    const line = `  check against analyzeWorkspace (${full.people.length.toLocaleString('en')} people): strength max |diff| ${worstStrength.toExponential(2)}, partner score max |diff| ${worstPartner.toExponential(2)}, ${stages} stages differ, community numbers equal for ${sameCommunity.toLocaleString('en')}`;
    process.stderr.write(`${line}\n`);
  }
  let best = 0;
  if (best === meAt) best = 1;
  for (let i = 0; i < n; i++) if (i !== meAt && partner[i]! > partner[best]!) best = i;
  process.stdout.write(
    `${JSON.stringify({ total, maxHeapMb: maxHeap / MB, maxRssMb: process.resourceUsage().maxRSS / 1024, top: { name: people[best]!.name, partnerScore: partner[best], strength: strength[best] } })}\n`,
  );
  await driver.close();
}

const invoked = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (invoked) {
  const { values } = parseArgs({
    options: {
      keep: { type: 'string' },
      heap: { type: 'string', default: '1024' },
      'neo4j-heap': { type: 'string', default: '8g' },
      'page-cache': { type: 'string', default: '4g' },
      /** Runs against one server start: the first reads a cold page cache, later ones a warm one. */
      runs: { type: 'string', default: '1' },
      /** How the workspace is read: nurture.columns.read (one sequential scan, packed columns) or Cypher. */
      reader: { type: 'string', default: 'procedure' },
      child: { type: 'string' },
    },
  });
  if (values.child) {
    await child(
      process.env.BENCH_NEO4J_URI!,
      process.env.BENCH_NEO4J_USER!,
      process.env.BENCH_NEO4J_PASSWORD!,
      values.child,
      values.reader,
    );
  } else {
    if (!values.keep) throw new Error('--keep DIR: a Neo4j home a gds-scale.bench run kept');
    if (values.reader !== 'procedure' && values.reader !== 'cypher') throw new Error('--reader: procedure or cypher');
    const { ws, summary } = JSON.parse(readFileSync(join(values.keep, 'gds-bench-workspace.json'), 'utf8')) as {
      ws: string;
      summary: string;
    };
    const { startNeo4j } = await import('../scripts/neo4j-server.js');
    console.log(`scale-path: ${summary}; reader ${values.reader}; app heap cap ${values.heap} MB; load ${load()}`);
    const neo = await startNeo4j({ dataDir: values.keep, heap: values['neo4j-heap'], pageCache: values['page-cache'] });
    try {
      for (let run = 1; run <= Number(values.runs); run++) {
        console.log(`  run ${run}`);
        const { code, wall, last } = await runCapped(
          fileURLToPath(import.meta.url),
          values.heap,
          ['--child', ws, '--reader', values.reader],
          {
            env: {
              ...process.env,
              BENCH_NEO4J_URI: neo.uri,
              BENCH_NEO4J_USER: neo.user,
              BENCH_NEO4J_PASSWORD: neo.password,
            },
          },
        );
        if (code !== 0)
          console.log(`  FAILED under a ${values.heap} MB heap after ${wall.toFixed(0)} s (exit ${code})`);
        else {
          const r = last<{ total: number; maxHeapMb: number; maxRssMb: number; top: unknown }>();
          console.log(
            `  in all ${r.total.toFixed(1)} s (child ${wall.toFixed(0)} s); app heap max ${r.maxHeapMb.toFixed(0)} MB (sampled every 250 ms); peak RSS ${r.maxRssMb.toFixed(0)} MB; top partner ${JSON.stringify(r.top)}; load ${load()}`,
          );
        }
      }
    } finally {
      await neo.stop();
    }
  }
}
