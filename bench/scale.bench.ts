/**
 * Scale benchmark (issue 19): a generated workspace of N people and M ties
 * (plus interactions with me) in SQLite, then
 *   - the snapshot read, and
 *   - the full in-process analysis, in a child process whose V8 heap is capped
 *     at the analytics worker's default (2 GB: --max-old-space-size=2048), so a
 *     finished run shows it fits; its peak resident memory is printed too.
 * Target: 300,000 people / 3,000,000 ties analysed in under 60 s, heap under 2 GB.
 * With --neo4j the same workspace is also written to a local Neo4j (heap 2g, page cache
 * 512m, as bench/load.bench.ts) and the snapshot read timed on both stores, --runs times
 * each in this process (target: Neo4j within 2x of SQLite). Measures; asserts nothing.
 *
 *   npx tsx bench/scale.bench.ts                                   # 300,000 people, 3,000,000 ties
 *   npx tsx bench/scale.bench.ts --people 30000 --ties 300000      # smaller
 *   npx tsx bench/scale.bench.ts --heap 2048 --interactions 300000
 *   npx tsx bench/scale.bench.ts --people 30000 --ties 300000 --interactions 100000 --neo4j --runs 5 --no-analysis
 *   npx tsx bench/scale.bench.ts --keep /tmp/scale300k --profile /tmp/prof   # build once, reuse (SQLite); CPU profile
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { InlineEngine } from '../server/analysis/analysis.engine.js';
import { SqliteStore } from '../server/store/sqlite/sqlite-store.js';
import type { ImportInteraction, ImportPerson, ImportTie, Store } from '../server/store/store.port.js';

/** mulberry32: the same network every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The scale bench's network, drawn from one seeded stream: me tied to the first `ties` people
 * ("linkedin"), the rest of the ties among contacts ("knows"), skewed towards a busy few; then
 * interactions of me with someone, skewed the same way. Person 0 is me. Both benches
 * (scale.bench, gds-scale.bench) write this one network, each its own way.
 */
export function scaleNetwork(people: number, seed = 19) {
  const rand = prng(seed);
  const someone = () => 1 + Math.min(people - 1, Math.floor(people * rand() ** 2));
  return {
    *ties(count: number): Generator<{ a: number; b: number; kind: 'linkedin' | 'knows' }> {
      const direct = Math.min(people, count);
      for (let i = 1; i <= direct; i++) yield { a: 0, b: i, kind: 'linkedin' };
      const seen = new Set<number>();
      let made = direct;
      while (made < count) {
        const a = someone();
        const b = 1 + Math.floor(rand() * people);
        if (a === b) continue;
        const key = a < b ? a * (people + 1) + b : b * (people + 1) + a;
        if (seen.has(key)) continue;
        seen.add(key);
        made++;
        yield { a, b, kind: 'knows' };
      }
    },
    *interactions(
      count: number,
      start = Date.UTC(2024, 0, 1),
    ): Generator<{ k: number; other: number; meFirst: boolean; atMs: number; channel: 'email' | 'video' }> {
      for (let k = 0; k < count; k++) {
        const other = someone();
        const meFirst = rand() < 0.5;
        const atMs = start + Math.floor(rand() * 700 * 86_400_000);
        yield { k, other, meFirst, atMs, channel: rand() < 0.5 ? 'email' : 'video' };
      }
    },
  };
}

/** The workspace, written in imports of `chunk` records (Neo4j holds a transaction on its heap). */
export async function build(
  store: Store,
  people: number,
  ties: number,
  interactions: number,
  chunk = 250_000,
): Promise<string> {
  const ws = (await store.createWorkspace({ name: 'Scale bench' })).id;
  const network = scaleNetwork(people);
  const rows: ImportPerson[] = [{ name: 'Me', isMe: true, source: 'bench' }];
  for (let i = 1; i <= people; i++) rows.push({ name: `Person ${i}`, source: 'bench' });
  const ids: string[] = [];
  for (let from = 0; from < rows.length; from += chunk)
    ids.push(...(await store.applyImport(ws, { people: rows.slice(from, from + chunk) })).rows.map((r) => r.id));
  let batch: ImportTie[] = [];
  for (const t of network.ties(ties)) {
    batch.push({ a: { id: ids[t.a]! }, b: { id: ids[t.b]! }, kind: t.kind, since: null, source: 'bench' });
    if (batch.length >= chunk) {
      await store.applyImport(ws, { people: [], ties: batch });
      batch = [];
    }
  }
  if (batch.length > 0) await store.applyImport(ws, { people: [], ties: batch });
  let xs: ImportInteraction[] = [];
  for (const x of network.interactions(interactions)) {
    xs.push({
      participants: [{ id: ids[0]! }, { id: ids[x.other]! }],
      initiator: { id: ids[x.meFirst ? 0 : x.other]! },
      occurredAt: new Date(x.atMs).toISOString(),
      channel: x.channel,
      source: 'bench',
      externalId: `scale-${x.k}`,
    });
    if (xs.length >= chunk) {
      await store.applyImport(ws, { people: [], interactions: xs });
      xs = [];
    }
  }
  if (xs.length > 0) await store.applyImport(ws, { people: [], interactions: xs });
  return ws;
}

/** The snapshot read `runs` times: each run's seconds. */
async function timeSnapshots(store: Store, ws: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    await store.snapshot(ws);
    times.push((performance.now() - t) / 1000);
  }
  return times;
}

const seconds = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');

/** The child: snapshot and analysis, timed, under the heap cap it was started with. */
async function analyzeHere(dir: string, ws: string): Promise<void> {
  const store = new SqliteStore({ dataDir: dir, checkpoints: 'inline' });
  await store.init();
  let t = performance.now();
  // The analysis's own read (lean ties and interactions), timed alone and let go before the analysis reads it again.
  const people = (await store.versionedSnapshot(ws)).snapshot.people.length;
  const snapshotMs = performance.now() - t;
  t = performance.now();
  const { result } = await new InlineEngine(async () => store).analyze(ws, Date.now());
  const analysisMs = performance.now() - t;
  const { maxRSS } = process.resourceUsage();
  process.stdout.write(
    `${JSON.stringify({ people, ties: result.summary.ties, snapshotMs, analysisMs, maxRssMb: maxRSS / 1024, heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20 })}\n`,
  );
  await store.close();
}

const invoked = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (invoked) {
  const { values } = parseArgs({
    options: {
      people: { type: 'string', default: '300000' },
      ties: { type: 'string', default: '3000000' },
      interactions: { type: 'string', default: '300000' },
      heap: { type: 'string', default: '2048' },
      'analyze-only': { type: 'string' },
      workspace: { type: 'string' },
      neo4j: { type: 'boolean', default: false },
      runs: { type: 'string', default: '3' },
      'no-analysis': { type: 'boolean', default: false },
      /** Keep (or reuse, when it holds a built workspace) this folder: repeat the analysis without rebuilding. */
      keep: { type: 'string' },
      /** Write a V8 CPU profile of the analysis into this folder. */
      profile: { type: 'string' },
    },
  });
  if (values['analyze-only']) {
    await analyzeHere(values['analyze-only'], values.workspace!);
  } else {
    const people = Number(values.people);
    const ties = Number(values.ties);
    const interactions = Number(values.interactions);
    const runs = Number(values.runs);
    const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'nurture-scale-bench-'));
    mkdirSync(dir, { recursive: true });
    const built = join(dir, 'bench-workspace.txt');
    try {
      let t = performance.now();
      const sqlite = new SqliteStore({ dataDir: dir });
      await sqlite.init();
      const reused = existsSync(built);
      const ws = reused ? readFileSync(built, 'utf8').trim() : await build(sqlite, people, ties, interactions);
      if (values.keep && !reused) writeFileSync(built, ws);
      const buildS = (performance.now() - t) / 1000;
      console.log(
        reused
          ? `scale benchmark: the workspace kept in ${dir}`
          : `scale benchmark: ${(people + 1).toLocaleString('en')} people, ${ties.toLocaleString('en')} ties, ${interactions.toLocaleString('en')} interactions; built in ${buildS.toFixed(0)} s`,
      );
      if (values.neo4j) {
        const sqliteRuns = await timeSnapshots(sqlite, ws, runs);
        console.log(`  snapshot on SQLite: ${seconds(sqliteRuns)} s; load average ${loadavg()[0]!.toFixed(1)}`);
        const { startNeo4j } = await import('../scripts/neo4j-server.js');
        const { Neo4jStore } = await import('../server/store/neo4j/neo4j-store.js');
        const neo = await startNeo4j({ heap: '2g', pageCache: '512m' });
        const store = new Neo4jStore({ uri: neo.uri, user: neo.user, password: neo.password });
        try {
          await store.init();
          t = performance.now();
          const neoWs = await build(store, people, ties, interactions, 10_000);
          console.log(`  built on Neo4j in ${((performance.now() - t) / 1000).toFixed(0)} s`);
          const neoRuns = await timeSnapshots(store, neoWs, runs);
          const best = (xs: number[]) => Math.min(...xs);
          console.log(
            `  snapshot on Neo4j: ${seconds(neoRuns)} s; best ${(best(neoRuns) / best(sqliteRuns)).toFixed(1)}x SQLite's best (target within 2x); load average ${loadavg()[0]!.toFixed(1)}`,
          );
        } finally {
          await store.close();
          await neo.stop();
        }
      }
      await sqlite.close();
      if (!values['no-analysis']) {
        t = performance.now();
        const child = spawnSync(
          process.execPath,
          [
            `--max-old-space-size=${values.heap}`,
            ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : []),
            '--import',
            'tsx',
            fileURLToPath(import.meta.url),
            '--analyze-only',
            dir,
            '--workspace',
            ws,
          ],
          { encoding: 'utf8', maxBuffer: 1 << 24 },
        );
        const wallS = (performance.now() - t) / 1000;
        if (child.status !== 0) {
          console.log(
            `  the analysis did not finish under a ${values.heap} MB heap (exit ${child.status ?? child.signal}):`,
          );
          console.log(child.stderr.split('\n').slice(-15).join('\n'));
        } else {
          const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as Record<string, number>;
          console.log(
            `  snapshot ${(r.snapshotMs! / 1000).toFixed(1)} s; analysis ${(r.analysisMs! / 1000).toFixed(1)} s (target < 60 s); ` +
              `child process ${wallS.toFixed(0)} s in all`,
          );
          console.log(
            `  heap capped at ${values.heap} MB (finished under it); peak resident ${r.maxRssMb!.toFixed(0)} MB; heap after ${r.heapUsedMb!.toFixed(0)} MB; load average ${loadavg()[0]!.toFixed(1)}`,
          );
        }
      }
    } finally {
      if (!values.keep) rmSync(dir, { recursive: true, force: true });
    }
  }
}
