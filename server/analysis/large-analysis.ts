/**
 * The analysis of a very large workspace on Neo4j (issue 19: 1,000,000 people / 5,000,000 ties in
 * under 2 minutes, the app's heap under 1 GB), as `nurture analyze` runs it:
 *   1. read in one transaction: ties as columns and lean people through Nurture's procedure
 *      (nurture.columns.read: one scan of the relationship store), every other record through Cypher;
 *   2. the strengths and graphs (prepareAnalysis), the measures on two threads (measuresInParallel);
 *   3. everyone but me as columns (finishLargeAnalysis), each person's details built when asked;
 *   4. the scores written back onto the people by node id (nurture.columns.writeScores), as the full
 *      analysis writes them (`partnerScore`, `strength`, `stage`, `community`).
 * The same numbers as the full analysis (InlineEngine), which needs about 3.5 KB of heap a person more.
 * Graph Data Science is not used: at this size it was slower than the in-process algorithms
 * (bench/gds-scale.bench.ts --design: Louvain 62-79 s in GDS on one thread, 22 s here).
 */
import { AppError } from '../core/app-error.js';
import { type LargeAnalysis, STAGES, finishLargeAnalysis, prepareAnalysis } from '../analytics/index.js';
import type { Store } from '../store/store.port.js';
import { analysisOptions, requireMe } from './analysis.engine.js';
import { measuresInParallel } from './parallel-measures.js';

export interface LargeRun {
  analysis: LargeAnalysis;
  /** The workspace's change version in the snapshot analysed. */
  version: number;
  /** People whose scores were written back (and node ids skipped: none unless the graph changed under it). */
  written: { written: number; skipped: number };
  /** Seconds per step: read, prepare, measures, finish, write. */
  seconds: Record<string, number>;
}

/** Why a workspace cannot take the large path here. */
export function noLargePath(): AppError {
  return new AppError(
    'CONFLICT',
    "The large-workspace analysis needs Neo4j with Nurture's procedures (neo4j/procedures, loaded by npm run neo4j; " +
      'a server of your own needs the jar in its plugins and dbms.security.procedures.unrestricted=nurture.*)',
  );
}

export async function analyzeLarge(
  store: Store,
  ws: string,
  now: number,
  options: { parallelFromArcs?: number } = {},
): Promise<LargeRun> {
  const large = await store.largeWorkspaces();
  if (!large) throw noLargePath();
  const seconds: Record<string, number> = {};
  let t = performance.now();
  const lap = (step: string) => {
    const at = performance.now();
    seconds[step] = (at - t) / 1000;
    t = at;
  };
  const { prepared, version, nodes, meAt } = await (async () => {
    // Its own scope: nothing of the snapshot's lists outlives prepareAnalysis, which keeps what it reads.
    const read = await large.snapshot(ws);
    requireMe(read.snapshot);
    const o = await analysisOptions(store, ws, now);
    lap('read');
    const meAt = read.snapshot.people.findIndex((p) => p.isMe);
    return { prepared: prepareAnalysis(read.snapshot, o), version: read.version, nodes: read.nodes, meAt };
  })();
  lap('prepare');
  const computed = await measuresInParallel(prepared, options.parallelFromArcs);
  lap('measures');
  const analysis = finishLargeAnalysis(prepared, computed);
  lap('finish');
  // Everyone but me, in the snapshot's order: the node ids without mine.
  const p = analysis.people;
  const others = new Uint8Array(8 * p.count);
  others.set(nodes.subarray(0, 8 * meAt), 0);
  others.set(nodes.subarray(8 * (meAt + 1)), 8 * meAt);
  const written = await large.writeScores(ws, {
    nodes: others,
    partnerScore: p.partnerScore,
    strength: p.strength,
    stage: p.stage,
    stages: STAGES,
    community: p.community,
  });
  lap('write');
  return { analysis, version, written, seconds };
}
