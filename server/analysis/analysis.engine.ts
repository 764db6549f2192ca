/**
 * Runs the analytics for one workspace and keeps each workspace's state for
 * incremental updates and on-demand questions (a tie, the paths to someone).
 * The same engine runs inline (CLI, small setups) or inside the worker thread.
 */
import type {
  AnalysisResult,
  AnalysisSnapshot,
  IntroductionPaths,
  TieStrength,
  WeeklyReport,
} from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import { type Act, type ActFindings, mistakesOfAct } from '../analytics/mistakes/mistakes-of-act.js';
import {
  finishAnalysis,
  graphsToPushDown,
  introductionPathsTo,
  prepareAnalysis,
  type ExternalMeasures,
  type PreparedAnalysis,
  tieStrengthOf,
  updateAfterInteraction,
  type AnalysisState,
  type AnalyzeOptions,
  type NewInteraction,
} from '../analytics/index.js';
import type { GraphAlgorithms, Store } from '../store/store.port.js';
import { measuresInParallel } from './parallel-measures.js';
import { computeReport, type ReportComputeInputs } from '../reports/compute-report.js';
import { readCalibration, weightsInForce } from '../calibration/calibration-doc.js';
import { type CalibrationFit, calibrate } from '../analytics/strength/calibrate.js';
import { resolveStrengthOptions } from '../analytics/strength/relationship-strength.js';
import { ratedRow } from '../analytics/strength/tie-strengths.js';

export interface InteractionUpdate {
  computedAt: string;
  ties: TieStrength[];
  people: { personId: string; strengthToMe: TieStrength; partner: AnalysisResult['people'][number]['partner'] }[];
  durationMs: number;
}

/** An analysis and the workspace's change version of the snapshot it was computed from. */
export interface AnalysisRun {
  result: AnalysisResult;
  version: number;
}

export interface AnalyticsEngine {
  analyze(ws: string, now: number): Promise<AnalysisRun>;
  /** Null when the workspace has no analysis yet to update. */
  interaction(ws: string, interaction: NewInteraction): Promise<InteractionUpdate | null>;
  tie(ws: string, x: string, y: string): Promise<TieStrength>;
  /** Many ties at once (one message to the worker), in the order asked. */
  ties(ws: string, pairs: [string, string][]): Promise<TieStrength[]>;
  paths(ws: string, targetId: string): Promise<IntroductionPaths>;
  /** What the mistake detector finds about one act against the last analysis; null when there is none yet. */
  check(ws: string, act: Act, now: number): Promise<ActFindings | null>;
  /** Fits factor weights to the workspace's ratings over its current analysis (not stored). */
  calibrate(ws: string): Promise<CalibrationFit>;
  /** A weekly report, from the store's snapshot and its own analysis as of the week's end. */
  weeklyReport(ws: string, inputs: ReportComputeInputs): Promise<WeeklyReport>;
  forget(ws: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * PageRank, betweenness and Louvain run by Graph Data Science on the graphs this analysis built (its
 * strengths, its flows), one projection each, dropped after. Betweenness comes back normalised over the
 * people GDS saw; it is rescaled to all the tie graph's people, as the in-process one is normalised, and
 * a sampled one extrapolated as the in-process estimate is.
 */
export async function pushDown(
  gds: GraphAlgorithms,
  ws: string,
  prepared: PreparedAnalysis,
): Promise<ExternalMeasures> {
  const p = graphsToPushDown(prepared);
  const pagerank = await gds.personalizedPageRank(ws, p.pagerank.edges, p.pagerank);
  // Nothing to project (no tie strong enough): every score 0 here too, and Louvain left to the analysis.
  const betweenness =
    p.betweenness.edges.length > 0 ? await gds.betweenness(ws, p.betweenness.edges, p.betweenness) : new Map();
  const communities =
    p.louvain.edges.length > 0 ? await gds.louvain(ws, p.louvain.edges, { tolerance: p.louvain.tolerance }) : undefined;
  const seen = new Set<string>();
  for (const e of p.betweenness.edges) seen.add(e.source).add(e.target);
  const n = prepared.table.graph.order;
  const k = seen.size;
  // GDS sums the dependencies of its sampled sources without extrapolating (measured: the total of a
  // 60-source sample of 151 people was 0.38 of the exact one); the in-process estimate scales by n / k.
  const samples = p.betweenness.samplingSize;
  const extrapolate = samples !== undefined && samples < k ? k / samples : 1;
  const rescale = n > 2 && k > 2 ? (((k - 1) * (k - 2)) / ((n - 1) * (n - 2))) * extrapolate : 0;
  for (const [id, v] of betweenness) betweenness.set(id, v * rescale);
  return { by: `Graph Data Science ${gds.version}`, pagerank, betweenness, ...(communities ? { communities } : {}) };
}

/** The analytics measure closeness to "me": a snapshot without me cannot be analysed. */
export function requireMe(snapshot: Pick<AnalysisSnapshot, 'people'>): void {
  if (!snapshot.people.some((p) => p.isMe)) {
    throw new AppError(
      'CONFLICT',
      'The analytics measure closeness to you: record yourself first (a person with isMe true, or import your LinkedIn export)',
    );
  }
}

/**
 * The options of a workspace's analysis at `now`: its ratings hold their ties within the rated stage;
 * fitted weights apply when calibration put them in force.
 */
export async function analysisOptions(store: Store, ws: string, now: number): Promise<AnalyzeOptions> {
  const [ratings, calibration] = await Promise.all([
    store.calibration.listRatings(ws),
    store.calibration.getCalibration(ws),
  ]);
  const weights = weightsInForce(readCalibration(calibration));
  return { now, ratings, ...(weights ? { strength: { weights } } : {}) };
}

export class InlineEngine implements AnalyticsEngine {
  private readonly states = new Map<string, AnalysisState>();

  /**
   * `parallelFromArcs`: tie-graph arcs from which an analysis's measures are split over two threads
   * (parallel-measures.ts); tests lower it to run the split on small graphs.
   */
  constructor(
    private readonly store: () => Promise<Store>,
    private readonly options: { parallelFromArcs?: number } = {},
  ) {}

  /** `key`: a workspace id (the owner's view) or `<workspace>@<person>` (a member's own view). */
  async analyze(key: string, now: number): Promise<AnalysisRun> {
    const store = await this.store();
    const at = key.indexOf('@');
    const ws = at < 0 ? key : key.slice(0, at);
    const viewpoint = at < 0 ? null : key.slice(at + 1);
    const { prepared, version } = await this.prepare(store, ws, viewpoint, now);
    // On Neo4j with Graph Data Science the graph algorithms run in the database, on a projection of the workspace.
    const gds = await store.graphAlgorithms();
    // Should GDS fail (a projection refused, a procedure missing), the analysis runs in-process and says so.
    const external = gds ? await pushDown(gds, ws, prepared).catch(() => undefined) : undefined;
    // In-process, a large graph's measures use the second core.
    const computed = external ? {} : await measuresInParallel(prepared, this.options.parallelFromArcs);
    const { result, state } = finishAnalysis(prepared, external, computed);
    this.states.set(key, state);
    // A member's own view stays in memory: the graph holds the workspace's (the owner's) scores.
    if (viewpoint) return { result, version };
    // Onto the people in the graph (Neo4j), so a user can query and see them there; nothing on SQLite.
    await store.writeScores(
      ws,
      result.people.map((p) => ({
        personId: p.personId,
        partnerScore: p.partner.score,
        strength: p.strengthToMe.score,
        stage: p.strengthToMe.stage,
        community: p.communityId,
      })),
    );
    return { result, version };
  }

  /**
   * The snapshot read and scored. Its own function so nothing of the snapshot's lists outlives it:
   * the rest of the analysis holds only what `prepareAnalysis` kept.
   */
  private async prepare(
    store: Store,
    ws: string,
    viewpoint: string | null,
    now: number,
  ): Promise<{ prepared: PreparedAnalysis; version: number }> {
    const versioned = await store.versionedSnapshot(ws);
    let snapshot = versioned.snapshot;
    if (viewpoint) {
      if (!snapshot.people.some((p) => p.id === viewpoint))
        throw new AppError('CONFLICT', 'Your own person is not in this workspace any more: ask an owner to link you');
      // The member is "me" of their own view.
      snapshot = { ...snapshot, people: snapshot.people.map((p) => ({ ...p, isMe: p.id === viewpoint })) };
    }
    requireMe(snapshot);
    return { prepared: prepareAnalysis(snapshot, await analysisOptions(store, ws, now)), version: versioned.version };
  }

  async calibrate(ws: string): Promise<CalibrationFit> {
    const state = this.require(ws);
    const ratings = await (await this.store()).calibration.listRatings(ws);
    const rows = ratings
      .filter((r) => r.personId !== state.meId && state.table.graph.index.has(r.personId))
      .map((r) => ({ personId: r.personId, rating: r.rating, ...ratedRow(state.table, state.meId, r.personId) }));
    // The defaults are the prior and the yardstick, whatever weights are in force now.
    return calibrate(rows, resolveStrengthOptions({ stages: state.table.options.stages }));
  }

  async interaction(ws: string, interaction: NewInteraction): Promise<InteractionUpdate | null> {
    const state = this.states.get(ws);
    if (!state) return null;
    // Ignore people the analysis has not seen (created since): the next full run includes them.
    if (!interaction.participantIds.every((id) => state.personPosition.has(id) || id === state.meId)) return null;
    const u = updateAfterInteraction(state, interaction);
    this.states.set(ws, u.state);
    return { computedAt: u.computedAt, ties: u.ties, people: u.people, durationMs: u.durationMs };
  }

  async tie(ws: string, x: string, y: string): Promise<TieStrength> {
    return tieStrengthOf(this.require(ws), x, y);
  }

  async ties(ws: string, pairs: [string, string][]): Promise<TieStrength[]> {
    const state = this.require(ws);
    return pairs.map(([x, y]) => tieStrengthOf(state, x, y));
  }

  async paths(ws: string, targetId: string): Promise<IntroductionPaths> {
    return introductionPathsTo(this.require(ws), targetId);
  }

  async check(ws: string, act: Act, now: number): Promise<ActFindings | null> {
    const state = this.states.get(ws);
    if (!state) return null;
    return mistakesOfAct(state.snapshot, state.table, act, { ...state.options.mistakes, now });
  }

  async weeklyReport(ws: string, inputs: ReportComputeInputs): Promise<WeeklyReport> {
    return computeReport(await this.store(), ws, inputs);
  }

  async forget(ws: string): Promise<void> {
    for (const key of [...this.states.keys()]) if (key === ws || key.startsWith(`${ws}@`)) this.states.delete(key);
  }

  async close(): Promise<void> {
    this.states.clear();
  }

  private require(ws: string): AnalysisState {
    const s = this.states.get(ws);
    if (!s)
      throw new AppError('STORE_UNAVAILABLE', 'The analysis of this workspace is not ready yet; try again in a moment');
    return s;
  }
}
