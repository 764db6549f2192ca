/**
 * `nurture analyze`'s large path (server/analysis/large-analysis.ts) on a very large Neo4j workspace,
 * end to end (issue 19: 1,000,000 people / 5,000,000 ties analysed in under 2 minutes, the app's heap
 * under 1 GB). bench/gds-scale.bench.ts --design found Graph Data Science slower than the app at this
 * size (Louvain on one thread 62-79 s in GDS, 22 s in-process), so the database only reads and writes:
 *   1. open the store as the CLI does (init);
 *   2. read in one transaction: people, ties (with kinds and dates) and interactions through
 *      nurture.columns.read (one scan of the relationship store, packed columns), every other record
 *      through Cypher;
 *   3. prepareAnalysis (the strength model, the graphs), the measures on two threads;
 *   4. finishLargeAnalysis: everyone but me as columns, recommendations, mistakes, communities;
 *   5. the scores written back onto the people by node id through nurture.columns.writeScores
 *      (two writers, 100,000 people a transaction).
 * In a child process capped at --heap MB (1,024 by default); each step timed, the heap sampled every
 * 250 ms. On a Neo4j home a gds-scale run kept (--keep DIR, which holds the workspace). BENCH_CHECK=1
 * compares every person's strength, partner score and rank with the full analysis (analyzeWorkspace on
 * the store's own snapshot), for sizes that analysis can hold. Measures; asserts nothing.
 *
 * Measured 2026-12-04, this machine (2 cores, quiet but for the bench and its Neo4j; heap 8g, page
 * cache 4g, store 4.4 GB on disk), 1,000,001 people / 5,000,000 ties / 300,000 interactions
 * (gds-scale's direct build), app heap capped at 1,024 MB, --runs 3:
 *   - first run after the server starts (cold page cache, cold JIT): 146.0 s (open 2.4, read 48.7,
 *     prepare 33.4, measures 38.1, finish 10.5, write 12.9);
 *   - warm: 114.6 s (read 21.3, prepare 35.5, measures 41.1, finish 9.9, write 6.3) and 113.1 s
 *     (read 17.2, prepare 32.7, measures 43.4, finish 11.5, write 8.0);
 *   - app heap max 667-774 MB (sampled), peak RSS 2.2-2.3 GB.
 *   Before the scores to me were computed without building each explanation: 145.1 s cold, 116.1 and
 *   104.2 s warm (finish 11.4-13.5). Before recommendations were filtered and the write split over
 *   two writers: 154.1 s cold, 130.3 and 145.8 s warm (finish 13.6-32.9, write 10.8-13.4).
 *   The measures vary by a sixth from run to run with nothing else running (37.3-43.4 s).
 * The stop before measured a bench-only copy of this path that read no tie dates, organisations or
 * other records and found no recommendations or mistakes: 98.1-129.2 s warm, 134.9-146.5 s cold;
 * with Cypher instead of the procedures, 148.6 s warm.
 * At 20,001 people / 100,000 ties BENCH_CHECK finds strength, partner scores and ranks identical (max
 * |diff| 0) to analyzeWorkspace.
 *
 *   npx tsx bench/gds-scale.bench.ts --keep /tmp/gds1m --no-floor     # build once (about 15 min at 1M)
 *   npx tsx bench/scale-path.bench.ts --keep /tmp/gds1m --runs 3
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { analyzeLarge } from '../server/analysis/large-analysis.js';
import { analyzeWorkspace } from '../server/analytics/analyze-workspace.js';
import { Neo4jStore } from '../server/store/neo4j/neo4j-store.js';
import { runCapped } from './capped-child.js';

const MB = 2 ** 20;
const load = () => loadavg()[0]!.toFixed(1);

async function child(uri: string, user: string, password: string, ws: string): Promise<void> {
  let maxHeap = 0;
  const timer = setInterval(() => {
    maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
  }, 250);
  const started = performance.now();
  const now = Date.now();
  // As `nurture analyze` opens it (init: the schema, nothing to migrate on a store the app made).
  const store = new Neo4jStore({ uri, user, password });
  await store.init();
  const opened = (performance.now() - started) / 1000;
  const run = await analyzeLarge(store, ws, now);
  maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
  const total = (performance.now() - started) / 1000;
  clearInterval(timer);
  const steps = [
    `open ${opened.toFixed(1)} s`,
    ...Object.entries(run.seconds).map(([k, v]) => `${k} ${v.toFixed(1)} s`),
  ];
  process.stderr.write(`  ${steps.join(', ')}\n`);
  const timings = run.analysis.result.summary;
  process.stderr.write(
    `  ${timings.people.toLocaleString('en')} people, ${timings.ties.toLocaleString('en')} ties, ${timings.interactions.toLocaleString('en')} interactions; ${run.written.written.toLocaleString('en')} scores written, ${run.written.skipped} skipped; ${run.analysis.result.recommendations.length} recommendations, ${run.analysis.result.communities.count.toLocaleString('en')} communities; load ${load()}\n`,
  );
  const p = run.analysis.people;
  if (process.env.BENCH_CHECK) {
    // Against the full analysis of the store's own snapshot at the same instant.
    const full = analyzeWorkspace((await store.versionedSnapshot(ws)).snapshot, { now });
    const at = new Map(p.id.map((id, i) => [id, i]));
    let worstStrength = 0;
    let worstPartner = 0;
    let ranks = 0;
    for (const x of full.people) {
      const i = at.get(x.personId)!;
      worstStrength = Math.max(worstStrength, Math.abs(x.strengthToMe.score - p.strength[i]!));
      worstPartner = Math.max(worstPartner, Math.abs(x.partner.score - p.partnerScore[i]!));
      if (x.partner.rank !== p.rank[i]) ranks++;
    }
    process.stderr.write(
      `  check against analyzeWorkspace (${full.people.length.toLocaleString('en')} people): strength max |diff| ${worstStrength}, partner score max |diff| ${worstPartner}, ${ranks} ranks differ\n`,
    );
  }
  await store.close();
  const best = run.analysis.person(p.byRank[0]!);
  process.stdout.write(
    `${JSON.stringify({ total, maxHeapMb: maxHeap / MB, maxRssMb: process.resourceUsage().maxRSS / 1024, top: { name: best.name, partnerScore: best.partner.score, strength: best.strengthToMe.score } })}\n`,
  );
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
      child: { type: 'string' },
    },
  });
  if (values.child) {
    await child(
      process.env.BENCH_NEO4J_URI!,
      process.env.BENCH_NEO4J_USER!,
      process.env.BENCH_NEO4J_PASSWORD!,
      values.child,
    );
  } else {
    if (!values.keep) throw new Error('--keep DIR: a Neo4j home a gds-scale.bench run kept');
    const { ws, summary } = JSON.parse(readFileSync(join(values.keep, 'gds-bench-workspace.json'), 'utf8')) as {
      ws: string;
      summary: string;
    };
    const { startNeo4j } = await import('../scripts/neo4j-server.js');
    console.log(`scale-path: ${summary}; app heap cap ${values.heap} MB; load ${load()}`);
    const neo = await startNeo4j({ dataDir: values.keep, heap: values['neo4j-heap'], pageCache: values['page-cache'] });
    try {
      for (let run = 1; run <= Number(values.runs); run++) {
        console.log(`  run ${run}`);
        const { code, wall, last } = await runCapped(fileURLToPath(import.meta.url), values.heap, ['--child', ws], {
          env: {
            ...process.env,
            BENCH_NEO4J_URI: neo.uri,
            BENCH_NEO4J_USER: neo.user,
            BENCH_NEO4J_PASSWORD: neo.password,
          },
        });
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
