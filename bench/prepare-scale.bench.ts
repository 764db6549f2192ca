/**
 * The app's share of a pushed-down analysis at scale (issue 19: 1,000,000 people / 5,000,000 ties
 * on Neo4j with GDS in under 2 minutes, the app's heap under 1 GB). With the graph algorithms in
 * GDS, the app still scores every tie (the strength model's evidence, structural pass and stages)
 * and derives the graphs the algorithms run on; Burt's constraint and two-hop reach have no GDS
 * algorithm and stay here too. This bench measures that share alone, in a child process whose heap
 * is capped (--heap, 1,024 MB by default): the scale bench's network (bench/scale.bench.ts
 * `scaleNetwork`, the same seed) built in memory as the leanest snapshot the analysis takes (people
 * as records, ties as columns), then
 *   - prepareAnalysis: evidence store, flow graph, strength table, tie graphs, sampling plan,
 *     Louvain's weights (its own laps),
 *   - the pushed-down graphs as typed columns (what a projection by internal ids is sent),
 *   - Burt's constraint and effective size (holesOf), two-hop reach (reachOf),
 * each timed, the heap sampled after each. The Neo4j side (projection, Louvain, betweenness,
 * write-back) is bench/gds-scale.bench.ts --design. Measures; asserts nothing.
 *
 * Measured 2026-12-04, quiet (load 1.1), 1,000,001 people / 5,000,000 ties, heap capped at 1,024 MB:
 * prepareAnalysis 36.5 s (evidence 16.0, strengths 12.8), holes 11.3 s, reach 7.7 s, Louvain 22.0 s
 * (GDS's on one thread: 62-79 s), heap max 751 MB. With --finish --heap 4096: measures on two threads
 * 38.4 s, finishAnalysis 45.1 s and 3.5 GB of heap (a result object per person).
 *
 *   npx tsx bench/prepare-scale.bench.ts                                   # 1,000,000 people / 5,000,000 ties
 *   npx tsx bench/prepare-scale.bench.ts --people 100000 --ties 500000     # quick
 *   npx tsx bench/prepare-scale.bench.ts --heap 2048
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AnalysisInteraction, AnalysisSnapshot, AnalysisTieColumns, Person } from '../shared/index.js';
import {
  finishAnalysis,
  holesOf,
  louvainOf,
  measureInputs,
  prepareAnalysis,
  reachOf,
  type PreparedAnalysis,
} from '../server/analytics/analyze-workspace.js';
import { measuresInParallel } from '../server/analysis/parallel-measures.js';
import { leanPerson } from '../server/domain/records.js';
import { runCapped } from './capped-child.js';
import { scaleNetwork } from './scale.bench.js';

const MB = 2 ** 20;
const load = () => loadavg()[0]!.toFixed(1);

/**
 * A person record as the snapshot holds one: the store's defaults (RECORD_DEFAULTS.people, spelt out:
 * a spread costs 4 s per million) and one shared empty list for emails and tags (the analysis only
 * reads them; a million people would otherwise hold two million empty arrays for the collector to walk).
 */
export function benchPerson(id: string, name: string, isMe: boolean, connectedOn: string | null): Person {
  return leanPerson({ id, name, isMe, connectedOn, source: 'bench' });
}
const EPOCH = new Date(0).toISOString();

/** The network as the leanest snapshot the analysis reads: people as records, ties as columns. */
function snapshotOf(people: number, ties: number, interactions: number): AnalysisSnapshot {
  const network = scaleNetwork(people);
  const hex = (i: number) => i.toString(16).padStart(12, '0');
  // Ids sort as the people's numbers do, as UUIDs from one generator would not; the order does not matter here.
  const idOf = (i: number) => `00000000-0000-4000-8000-${hex(i)}`;
  const list: Person[] = new Array(people + 1);
  for (let i = 0; i <= people; i++) list[i] = benchPerson(idOf(i), i === 0 ? 'Me' : `Person ${i}`, i === 0, null);
  const a = new Int32Array(ties);
  const b = new Int32Array(ties);
  const kind = new Uint8Array(ties);
  const id: string[] = new Array(ties);
  const since: null[] = new Array(ties).fill(null);
  const KNOWS = 1;
  let k = 0;
  for (const t of network.ties(ties)) {
    a[k] = t.a;
    b[k] = t.b;
    kind[k] = t.kind === 'linkedin' ? 0 : KNOWS;
    id[k] = `t${k}`;
    k++;
  }
  const xs: AnalysisInteraction[] = [];
  for (const x of network.interactions(interactions))
    xs.push({
      id: `x${x.k}`,
      occurredAt: new Date(x.atMs).toISOString(),
      channel: x.channel,
      participantIds: [list[0]!.id, list[x.other]!.id],
      initiatorId: x.meFirst ? list[0]!.id : list[x.other]!.id,
    });
  return leanSnapshot('00000000-0000-4000-8000-ffffffffffff', list, { count: ties, id, a, b, kind, since }, xs);
}

/** A snapshot of people, ties and interactions only (no organisations, services, pitches or lists). */
export function leanSnapshot(
  workspaceId: string,
  people: Person[],
  ties: AnalysisTieColumns,
  interactions: AnalysisInteraction[],
): AnalysisSnapshot {
  return {
    workspace: { id: workspaceId, createdAt: EPOCH, updatedAt: EPOCH, name: 'bench', timeZone: 'UTC' },
    people,
    organizations: [],
    ties,
    interactions,
    introductions: [],
    referrals: [],
    pitches: [],
    mailingLists: [],
    subscriptions: [],
    consents: [],
  };
}

/** The three pushed-down graphs as columns of node indexes and weights: what a projection by id is sent. */
function pushDownColumns(p: PreparedAnalysis): { distance: number; community: number } {
  const g = p.table.graph;
  const me = g.index.get(p.meId)!;
  const d = p.distanceGraph;
  let nd = 0;
  for (let i = 0; i < d.order; i++) for (let x = d.offsets[i]!; x < d.offsets[i + 1]!; x++) if (i < d.targets[x]!) nd++;
  const ds = new Int32Array(nd);
  const dt = new Int32Array(nd);
  const dw = new Float64Array(nd);
  nd = 0;
  for (let i = 0; i < d.order; i++)
    for (let x = d.offsets[i]!; x < d.offsets[i + 1]!; x++)
      if (i < d.targets[x]!) {
        ds[nd] = i;
        dt[nd] = d.targets[x]!;
        dw[nd++] = d.weights[x]!;
      }
  let nc = 0;
  for (let i = 0; i < g.order; i++)
    if (i !== me)
      for (let x = g.offsets[i]!; x < g.offsets[i + 1]!; x++)
        if (i < g.targets[x]! && g.targets[x] !== me && p.communityWeights[x]! > 0) nc++;
  const cs = new Int32Array(nc);
  const ct = new Int32Array(nc);
  const cw = new Float64Array(nc);
  nc = 0;
  for (let i = 0; i < g.order; i++)
    if (i !== me)
      for (let x = g.offsets[i]!; x < g.offsets[i + 1]!; x++)
        if (i < g.targets[x]! && g.targets[x] !== me && p.communityWeights[x]! > 0) {
          cs[nc] = i;
          ct[nc] = g.targets[x]!;
          cw[nc++] = p.communityWeights[x]!;
        }
  return { distance: nd, community: nc };
}

async function child(
  people: number,
  ties: number,
  interactions: number,
  withLouvain: boolean,
  withFinish: boolean,
): Promise<void> {
  const rows: string[] = [];
  let maxHeap = 0;
  const step = <T>(name: string, fn: () => T, note?: (v: T) => string): T => {
    const t = performance.now();
    const v = fn();
    const heap = process.memoryUsage().heapUsed / MB;
    maxHeap = Math.max(maxHeap, heap);
    const line = `  ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s; heap after ${heap.toFixed(0)} MB${note ? `; ${note(v)}` : ''}`;
    rows.push(line);
    process.stderr.write(`${line}\n`);
    return v;
  };
  const stepAsync = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const v = await fn();
    const heap = process.memoryUsage().heapUsed / MB;
    maxHeap = Math.max(maxHeap, heap);
    const line = `  ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s; heap after ${heap.toFixed(0)} MB`;
    rows.push(line);
    process.stderr.write(`${line}\n`);
    return v;
  };
  const started = performance.now();
  const snapshot = step('snapshot in memory (people as records, ties as columns)', () =>
    snapshotOf(people, ties, interactions),
  );
  const me = snapshot.people[0]!.id;
  const p = step(
    'prepareAnalysis (strengths and the graphs)',
    () => prepareAnalysis(snapshot, { now: Date.UTC(2026, 0, 1) }),
    (x) =>
      Object.entries(x.clock.timings)
        .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
        .join(', '),
  );
  step(
    'pushed-down graphs as columns',
    () => pushDownColumns(p),
    (c) => `${c.distance.toLocaleString('en')} distance edges, ${c.community.toLocaleString('en')} community edges`,
  );
  const m = measureInputs(p);
  step('Burt constraint and effective size (holesOf)', () => holesOf(m));
  step('two-hop reach (reachOf)', () => reachOf(p.strengthGraph, p.table.graph.index.get(me)!));
  if (withLouvain)
    step(
      'Louvain in-process (louvainOf, for comparison with GDS)',
      () => louvainOf(m),
      (l) => `modularity ${l.modularity.toFixed(3)}`,
    );
  if (withFinish) {
    const computed = await stepAsync('measures on two threads (measuresInParallel)', () => measuresInParallel(p));
    step(
      'finishAnalysis (partner scores, communities, mistakes, the result)',
      () => finishAnalysis(p, undefined, computed),
      (r) => `${r.result.people.length.toLocaleString('en')} people in the result`,
    );
  }
  const total = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ total, maxHeap, maxRss: process.resourceUsage().maxRSS / 1024, rows })}\n`);
}

const invoked = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (invoked) {
  const { values } = parseArgs({
    options: {
      people: { type: 'string', default: '1000000' },
      ties: { type: 'string', default: '5000000' },
      interactions: { type: 'string' },
      heap: { type: 'string', default: '1024' },
      child: { type: 'boolean', default: false },
      /** Also Louvain in-process, to compare with GDS's. */
      louvain: { type: 'boolean', default: false },
      /** Then the rest of the in-process analysis: measures on two threads and finishAnalysis. */
      finish: { type: 'boolean', default: false },
    },
  });
  const people = Number(values.people);
  const ties = Number(values.ties);
  const interactions = Number(values.interactions ?? Math.round(people * 0.3));
  if (values.child) await child(people, ties, interactions, values.louvain, values.finish);
  else {
    console.log(
      `prepare-scale: ${(people + 1).toLocaleString('en')} people, ${ties.toLocaleString('en')} ties, ${interactions.toLocaleString('en')} interactions; heap cap ${values.heap} MB; load ${load()}`,
    );
    const { code, wall, last } = await runCapped(fileURLToPath(import.meta.url), values.heap, [
      '--child',
      '--people',
      String(people),
      '--ties',
      String(ties),
      '--interactions',
      String(interactions),
      ...(values.louvain ? ['--louvain'] : []),
      ...(values.finish ? ['--finish'] : []),
    ]);
    if (code !== 0)
      console.log(`  FAILED under a ${values.heap} MB heap after ${wall.toFixed(0)} s (exit ${code}); load ${load()}`);
    else {
      const r = last<{ total: number; maxHeap: number; maxRss: number }>();
      console.log(
        `  in all ${r.total.toFixed(1)} s (snapshot generation included); heap max ${r.maxHeap.toFixed(0)} MB (after each step); peak RSS ${r.maxRss.toFixed(0)} MB; load ${load()}`,
      );
    }
  }
}
