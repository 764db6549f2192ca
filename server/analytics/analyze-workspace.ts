/**
 * analyzeWorkspace: everything, from one snapshot
 * ===============================================
 *
 * snapshot → tie graph + opportunity-flow graph (build-graphs) → tie strengths
 * (Gilbert & Karahalios 2009) → PageRank personalised to me on the reversed flow
 * graph (Page et al. 1999; Haveliwala 2002) → betweenness over −ln(strength/100)
 * distances (Brandes 2001; sampled per Brandes & Pich 2007 above a size
 * threshold) → Burt's constraint and effective size over strengths (Burt 1992)
 * → two-hop reach → the ledger → referral-partner scores → Louvain communities
 * (Blondel et al. 2008) → warm introduction paths (Yen 1971) → mistakes →
 * consent-gated exports → recommendations. A pure function of (snapshot,
 * options): `now` is an option, nothing is read from the clock but the timing
 * figure `summary.durationMs`.
 *
 * `analyzeWorkspaceWithState` also returns the internal state that
 * `updateAfterInteraction` updates incrementally.
 */
import type {
  AnalysisResult,
  ClosenessRating,
  IntroductionPaths,
  PartnerScore,
  PersonAnalysis,
  RelationshipStage,
  TieStrength,
  AnalysisSnapshot,
} from '../../shared/index.js';
import { analyticsError, checkNumber } from './util/analytics-error.js';
import { type CompactGraph, compactGraph } from './graph/compact-graph.js';
import {
  DEFAULTS as GRAPH_DEFAULTS,
  type FlowGraph,
  buildFlowGraph,
  checkSnapshot,
  findMe,
} from './graph/build-graphs.js';
import { type EvidenceStore, storeFromSnapshot } from './graph/evidence-store.js';
import { type RatedTie, type StrengthOptionsInput, resolveStrengthOptions } from './strength/relationship-strength.js';
import {
  type StrengthTable,
  explainTie,
  explainedScoreOf,
  strengthTable,
  tieColumns,
} from './strength/tie-strengths.js';
import { STAGES, stageOf } from './strength/stage.js';
import { DEFAULTS as PAGERANK_DEFAULTS, pagerankCompact } from './centrality/pagerank.js';
import { DEFAULTS as BETWEENNESS_DEFAULTS, betweennessCompact, samplingPlan } from './centrality/betweenness.js';
import { structuralHolesCompact } from './brokerage/structural-holes.js';
import { twoHopReachCompact } from './reach/two-hop-reach.js';
import { EMPTY_LEDGER, type LedgerEntry, referralLedger } from './partner/ledger.js';
import {
  type PartnerInputs,
  type PartnerMaxima,
  type PartnerOptions,
  type PartnerOptionsInput,
  partnerMaxima,
  partnerScoreAt,
  referralPartnerScores,
  resolvePartnerOptions,
} from './partner/referral-partner-score.js';
import { louvainCompact } from './communities/louvain-compact.js';
import { DEFAULTS as PATH_DEFAULTS, kWarmestCompact } from './paths/warm-introduction-paths.js';
import { DEFAULTS as EARLY_DEFAULTS } from './mistakes/early-pitch.js';
import { DEFAULTS as CLOSENESS_DEFAULTS } from './mistakes/assumed-closeness.js';
import { detectMistakes } from './mistakes/detect-mistakes.js';
import { mailingListExports } from './consent/consent-gated-export.js';
import {
  DEFAULTS as RECOMMENDATION_DEFAULTS,
  type RecommendationOptions,
  mayRecommend,
  recommend,
  tieMayBeRecommended,
} from './recommendations/recommendations.js';

const ORIGIN = 'analyze-workspace';

export const DEFAULTS = {
  graphs: { ...GRAPH_DEFAULTS },
  pagerank: {
    alpha: PAGERANK_DEFAULTS.alpha,
    tolerance: PAGERANK_DEFAULTS.tolerance,
    maxIterations: PAGERANK_DEFAULTS.maxIterations,
  },
  betweenness: {
    mode: BETWEENNESS_DEFAULTS.mode,
    exactMaxNodes: BETWEENNESS_DEFAULTS.exactMaxNodes,
    samples: BETWEENNESS_DEFAULTS.samples,
    /** Sources × arcs budget: brokerage is one part of one score, so large graphs get fewer pivots. */
    maxWork: 4e6 as number | null,
    minSamples: BETWEENNESS_DEFAULTS.minSamples,
    seed: BETWEENNESS_DEFAULTS.seed,
    confidence: BETWEENNESS_DEFAULTS.confidence,
  },
  /** Strengths are floored here when read as Burt weights, so a 0-strength tie is weak, not absent. */
  minTieWeight: 0.5,
  /** Ties weaker than this carry no brokerage or introductions (left out of the distance graph). */
  minBrokerStrength: 1,
  /** …and capped here, so no distance is 0 (Brandes needs positive distances). */
  maxTieWeight: 99.9,
  /** Louvain over ties of at least `minStrength` (null: the "acquaintance" threshold), me left out. */
  communities: { resolution: 1, seed: 42, minSize: 3, minStrength: null as number | null },
  paths: { k: PATH_DEFAULTS.k, minStrength: PATH_DEFAULTS.minStrength },
  mistakes: { earlyPitchDays: EARLY_DEFAULTS.earlyPitchDays, maxStage: CLOSENESS_DEFAULTS.maxStage },
  recommendations: { ...RECOMMENDATION_DEFAULTS },
  /** Person or organisation ids to find warm introduction paths to. */
  introductionTargets: [] as string[],
  /** Include every tie (score and stage) in the result; large graphs may skip it. */
  includeTies: true,
};

export interface AnalyzeOptions {
  now: number;
  graphs?: Partial<typeof DEFAULTS.graphs>;
  strength?: StrengthOptionsInput;
  partner?: PartnerOptionsInput;
  pagerank?: Partial<typeof DEFAULTS.pagerank>;
  betweenness?: Partial<typeof DEFAULTS.betweenness>;
  minTieWeight?: number;
  minBrokerStrength?: number;
  maxTieWeight?: number;
  communities?: Partial<typeof DEFAULTS.communities>;
  paths?: Partial<typeof DEFAULTS.paths>;
  mistakes?: Partial<typeof DEFAULTS.mistakes>;
  recommendations?: RecommendationOptions;
  introductionTargets?: string[];
  includeTies?: boolean;
  /** The user's "how close are you?" ratings of people (ties to me): each holds its tie within the rated stage. */
  ratings?: readonly { personId: string; rating: ClosenessRating; ratedAt: string }[];
}

export interface ResolvedOptions {
  now: number;
  graphs: typeof DEFAULTS.graphs;
  strength: ReturnType<typeof resolveStrengthOptions>;
  partner: PartnerOptions;
  pagerank: typeof DEFAULTS.pagerank;
  betweenness: typeof DEFAULTS.betweenness;
  minTieWeight: number;
  minBrokerStrength: number;
  maxTieWeight: number;
  communities: typeof DEFAULTS.communities;
  paths: typeof DEFAULTS.paths;
  mistakes: typeof DEFAULTS.mistakes;
  recommendations: typeof DEFAULTS.recommendations;
  introductionTargets: string[];
  includeTies: boolean;
}

/** Internal state of one analysis, for incremental updates and on-demand queries. */
export interface AnalysisState {
  /** The snapshot analysed, its ties and interactions left out (they are in `store`). */
  snapshot: AnalysisSnapshot;
  meId: string;
  now: number;
  options: ResolvedOptions;
  store: EvidenceStore;
  flowGraph: FlowGraph;
  table: StrengthTable;
  /** The tie graph with strengths as arc weights (floored/capped). */
  strengthGraph: CompactGraph;
  /** The tie graph as distances, for warm introduction paths asked for later. */
  distanceGraph: DistanceGraph;
  /** Everyone but me, in snapshot order: the partner inputs' positions. */
  personIds: string[];
  personPosition: Map<string, number>;
  partnerInputs: PartnerInputs;
  partnerMaxima: PartnerMaxima;
  partnerScores: PartnerScore[];
  result: AnalysisResult;
  /** Milliseconds per stage of the computation, for benchmarks. */
  timings: Record<string, number>;
}

function resolveOptions(options: AnalyzeOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object')
    throw analyticsError(ORIGIN, 'options with `now` (ms since the epoch) are required');
  const now = checkNumber(ORIGIN, 'now', options.now, 0);
  const o: ResolvedOptions = {
    now,
    graphs: { ...DEFAULTS.graphs, ...options.graphs },
    strength: resolveStrengthOptions(options.strength ?? {}, ORIGIN),
    partner: resolvePartnerOptions(options.partner ?? {}, ORIGIN),
    pagerank: { ...DEFAULTS.pagerank, ...options.pagerank },
    betweenness: { ...DEFAULTS.betweenness, ...options.betweenness },
    minTieWeight: options.minTieWeight ?? DEFAULTS.minTieWeight,
    minBrokerStrength: options.minBrokerStrength ?? DEFAULTS.minBrokerStrength,
    maxTieWeight: options.maxTieWeight ?? DEFAULTS.maxTieWeight,
    communities: { ...DEFAULTS.communities, ...options.communities },
    paths: { ...DEFAULTS.paths, ...options.paths },
    mistakes: { ...DEFAULTS.mistakes, ...options.mistakes },
    recommendations: { ...DEFAULTS.recommendations, ...options.recommendations },
    introductionTargets: options.introductionTargets ?? [],
    includeTies: options.includeTies ?? DEFAULTS.includeTies,
  };
  checkNumber(ORIGIN, 'minTieWeight', o.minTieWeight, 1e-9, 100);
  checkNumber(ORIGIN, 'minBrokerStrength', o.minBrokerStrength, 0, 100);
  checkNumber(ORIGIN, 'maxTieWeight', o.maxTieWeight, o.minTieWeight, 99.999999);
  if (!Array.isArray(o.introductionTargets))
    throw analyticsError(ORIGIN, 'option "introductionTargets" must be an array of person or organization ids');
  return o;
}

export function analyzeWorkspace(snapshot: AnalysisSnapshot, options: AnalyzeOptions): AnalysisResult {
  return analyzeWorkspaceWithState(snapshot, options).result;
}

export function analyzeWorkspaceWithState(
  snapshot: AnalysisSnapshot,
  options: AnalyzeOptions,
): { result: AnalysisResult; state: AnalysisState } {
  return finishAnalysis(prepareAnalysis(snapshot, options));
}

/** An edge between two people by id, with its weight (or distance), for an algorithm run elsewhere. */
export interface IdEdge {
  source: string;
  target: string;
  weight: number;
}

/**
 * The analysis up to its graph algorithms: options checked, ties scored, the graphs built. A database
 * that runs graph algorithms itself (Neo4j with Graph Data Science) is handed `graphsToPushDown` of it,
 * and `finishAnalysis` takes what it computed instead of computing it here.
 */
export interface PreparedAnalysis {
  /** The snapshot without its ties and interactions: `store` holds what the rest reads of them. */
  snapshot: AnalysisSnapshot;
  /** How many interactions the snapshot had. */
  interactions: number;
  o: ResolvedOptions;
  meId: string;
  orgIds: Set<string>;
  store: EvidenceStore;
  flowGraph: FlowGraph;
  table: StrengthTable;
  strengthGraph: CompactGraph;
  distanceGraph: DistanceGraph;
  /** The reversed flow graph PageRank runs on (credit flows back along referrals and introductions). */
  flow: CompactGraph;
  /** Betweenness sources: all, or a sample (Brandes & Pich 2007). */
  plan: ReturnType<typeof samplingPlan>;
  /** Louvain's weight of each arc of the tie graph (ties below the community threshold weigh 0). */
  communityWeights: Float64Array;
  clock: Clock;
  started: number;
}

export function prepareAnalysis(snapshot: AnalysisSnapshot, options: AnalyzeOptions): PreparedAnalysis {
  const started = performance.now();
  const { o, meId, orgIds, ratings } = checkInputs(snapshot, options);
  const clock = stopwatch();
  const { store, flowGraph, table } = scoreTies(snapshot, meId, o, ratings, clock);
  const { strengthGraph, distanceGraph } = tieGraphs(table, o);
  const flow = compactGraph(flowGraph, { getEdgeWeight: 'weight', reverse: true, origin: ORIGIN });
  const plan = samplingPlan(table.graph.order, o.betweenness, distanceGraph.targets.length);
  const communityWeights = louvainWeights(table, o);
  return {
    // The lists let go as soon as the evidence store holds them: at 3,000,000 ties they are about
    // 450 MB that every garbage collection of the rest of the analysis would otherwise walk.
    snapshot: { ...snapshot, ties: [], interactions: [] },
    interactions: snapshot.interactions.length,
    o,
    meId,
    orgIds,
    store,
    flowGraph,
    table,
    strengthGraph,
    distanceGraph,
    flow,
    plan,
    communityWeights,
    clock,
    started,
  };
}

/**
 * Graph algorithms computed elsewhere (Neo4j Graph Data Science), by person id, used instead of the
 * in-process ones: PageRank on the reversed flow graph, betweenness (normalised as here, over all the
 * tie graph's people), Louvain's partition and modularity. `by` names what computed them.
 */
export interface ExternalMeasures {
  by: string;
  /** Each one left out is computed here (e.g. Louvain on a graph with no community tie at all). */
  pagerank?: ReadonlyMap<string, number>;
  betweenness?: ReadonlyMap<string, number>;
  communities?: { community: ReadonlyMap<string, number>; modularity: number };
}

/** What the three algorithms run on, as edges by person id, with their options as this analysis has them. */
export interface PushDown {
  /**
   * Directed, weighted. A person with no way out (a dangling node) gets one edge to me: PageRank here
   * sends a dangling node's mass to the restart distribution (me), which that edge does elsewhere too.
   */
  pagerank: { edges: IdEdge[]; sources: string[]; damping: number; maxIterations: number; tolerance: number };
  /** Undirected (each pair once), weights are distances; `samplingSize` when sampled. */
  betweenness: { edges: IdEdge[]; samplingSize?: number; samplingSeed: number };
  /** Undirected (each pair once), ties under the community threshold and mine left out. */
  louvain: { edges: IdEdge[]; tolerance: number };
}

export function graphsToPushDown(p: PreparedAnalysis): PushDown {
  const flow = p.flow;
  const me = flow.index.get(p.meId)!;
  const flowEdges: IdEdge[] = [];
  const reached = new Uint8Array(flow.order);
  const out = new Float64Array(flow.order);
  for (let i = 0; i < flow.order; i++)
    for (let a = flow.offsets[i]!; a < flow.offsets[i + 1]!; a++) {
      const w = flow.weights[a]!;
      if (!(w > 0)) continue;
      flowEdges.push({ source: flow.nodes[i]!, target: flow.nodes[flow.targets[a]!]!, weight: w });
      reached[flow.targets[a]!] = 1;
      out[i]! += w;
    }
  for (let i = 0; i < flow.order; i++)
    if (out[i] === 0 && (reached[i] || i === me)) flowEdges.push({ source: flow.nodes[i]!, target: p.meId, weight: 1 });
  const g = p.table.graph;
  const meInTies = g.index.get(p.meId)!;
  const d = p.distanceGraph;
  const distanceEdges: IdEdge[] = [];
  for (let i = 0; i < d.order; i++)
    for (let a = d.offsets[i]!; a < d.offsets[i + 1]!; a++)
      if (i < d.targets[a]!)
        distanceEdges.push({ source: d.nodes[i]!, target: d.nodes[d.targets[a]!]!, weight: d.weights[a]! });
  const communityEdges: IdEdge[] = [];
  for (let i = 0; i < g.order; i++) {
    if (i === meInTies) continue;
    for (let a = g.offsets[i]!; a < g.offsets[i + 1]!; a++) {
      const j = g.targets[a]!;
      const w = p.communityWeights[a]!;
      if (i < j && j !== meInTies && w > 0)
        communityEdges.push({ source: g.nodes[i]!, target: g.nodes[j]!, weight: w });
    }
  }
  return {
    pagerank: {
      edges: flowEdges,
      sources: [p.meId],
      damping: p.o.pagerank.alpha,
      maxIterations: p.o.pagerank.maxIterations,
      tolerance: p.o.pagerank.tolerance,
    },
    betweenness: {
      edges: distanceEdges,
      ...(p.plan.sources ? { samplingSize: p.plan.sources.length } : {}),
      samplingSeed: p.o.betweenness.seed,
    },
    louvain: { edges: communityEdges, tolerance: 1e-7 },
  };
}

export function finishAnalysis(
  p: PreparedAnalysis,
  external?: ExternalMeasures,
  computed: ComputedMeasures = {},
): { result: AnalysisResult; state: AnalysisState } {
  const { snapshot, o, meId, store, flowGraph, table, strengthGraph, distanceGraph, clock, started } = p;
  const now = o.now;
  const measures = networkMeasures(snapshot, meId, table, flowGraph, strengthGraph, distanceGraph, o, clock, {
    flow: p.flow,
    plan: p.plan,
    external,
    computed,
  });
  const { personIds, personPosition, inputs, toMe } = partnerInputs(snapshot, meId, table, measures);
  clock.lap('strengthToMe');
  const partnerScores = referralPartnerScores(inputs, o.partner);
  clock.lap('partnerScores');
  const { louvain, communities } = findCommunities(
    table,
    meId,
    (id) => inputs.strengthToMe[personPosition.get(id) ?? -1] ?? 0,
    o,
    external?.communities,
    computed.louvain,
    p.communityWeights,
  );
  clock.lap('communities');
  const { introductionPaths, mistakes, mailingLists } = findings(p);
  const people = peopleAnalyses(snapshot, personIds, toMe, partnerScores, communities.byPerson);
  const recommendations = recommend(
    {
      snapshot,
      meId,
      now,
      table,
      people: people.map((p, i) => ({
        personId: p.personId,
        name: p.name,
        strengthToMe: p.strengthToMe,
        partner: p.partner,
        ledger: inputs.ledgers[i]!,
      })),
      introductionPaths,
    },
    o.recommendations,
  );
  people.sort((x, y) => x.partner.rank - y.partner.rank);
  clock.lap('recommendations');
  const {
    workspaceId,
    meId: me,
    computedAt,
    summary,
    ...rest
  } = resultWithoutPeople(p, measures, {
    stages: stageCounts(toMe),
    algorithms: external?.by ?? 'in-process',
    louvain,
    communities,
    introductionPaths,
    mistakes,
    mailingLists,
    recommendations,
  });
  // People after the summary, as the result has always had them.
  const result: AnalysisResult = { workspaceId, meId: me, computedAt, summary, people, ...rest };
  clock.lap('assemble');
  result.summary.durationMs = performance.now() - started;
  const state: AnalysisState = {
    // Without its ties and interactions (prepareAnalysis let them go): the evidence store holds what
    // later questions read of them.
    snapshot,
    meId,
    now,
    options: o,
    store,
    flowGraph,
    table,
    strengthGraph,
    distanceGraph,
    personIds,
    personPosition,
    partnerInputs: inputs,
    partnerMaxima: partnerMaxima(inputs),
    partnerScores,
    result,
    timings: clock.timings,
  };
  return { result, state };
}

/** Introduction paths to the options' targets, the mistakes and the mailing lists: the same in either finish. */
function findings(p: PreparedAnalysis): Pick<AnalysisResult, 'introductionPaths' | 'mistakes' | 'mailingLists'> {
  const { snapshot, o, meId, orgIds, table, distanceGraph, clock } = p;
  const introductionPaths = o.introductionTargets.map((target) =>
    warmPaths(snapshot, table, distanceGraph, meId, target, orgIds.has(target), o),
  );
  clock.lap('paths');
  const mistakes = detectMistakes(snapshot, table, { now: o.now, ...o.mistakes });
  const mailingLists = mailingListExports(snapshot, { now: o.now });
  clock.lap('mistakes+exports');
  return { introductionPaths, mistakes, mailingLists };
}

/** An analysis's result but its people (durationMs left at 0 for the caller to set last). */
function resultWithoutPeople(
  p: PreparedAnalysis,
  m: NetworkMeasures,
  parts: Pick<AnalysisResult, 'introductionPaths' | 'mistakes' | 'mailingLists' | 'recommendations'> & {
    stages: Record<RelationshipStage, number>;
    algorithms: string;
    louvain: { modularity: number };
    communities: ReturnType<typeof findCommunities>['communities'];
  },
): Omit<AnalysisResult, 'people'> {
  const { snapshot, o, table } = p;
  const { communities } = parts;
  return {
    workspaceId: snapshot.workspace.id,
    meId: p.meId,
    computedAt: new Date(o.now).toISOString(),
    summary: {
      people: snapshot.people.length,
      ties: table.store.pairCount,
      interactions: p.interactions,
      flows: p.flowGraph.size,
      stages: parts.stages,
      durationMs: 0,
      algorithms: parts.algorithms,
    },
    ties: o.includeTies ? tieColumns(table) : { aId: [], bId: [], score: [], stage: [] },
    recommendations: parts.recommendations,
    mistakes: parts.mistakes,
    mailingLists: parts.mailingLists,
    communities: {
      count: communities.count,
      modularity: parts.louvain.modularity,
      communities: communities.list,
      minSize: o.communities.minSize,
      smallCommunities: communities.small,
    },
    introductionPaths: parts.introductionPaths,
    betweenness: {
      mode: m.plan.mode,
      sources: m.plan.sources?.length ?? table.graph.order,
      errorBound: m.plan.errorBound,
      confidence: o.betweenness.confidence,
      distance: '-ln(strength/100)',
    },
    options: optionsRecord(o),
  };
}

/**
 * A large workspace's analysis without a result object per person (issue 19: at 1,000,000 people the
 * objects of `finishAnalysis` need several GB). Everyone but me is kept as columns, in the snapshot's
 * order: strength to me, stage, partner score, rank, community. `person(i)` builds one person's full
 * analysis (the explained tie, the partner score with its parts) when asked, equal to the one
 * `finishAnalysis` holds; recommendations are found person by person the same way, so they are the
 * same too. Everything else of the result (summary, mistakes, communities, mailing lists) is as
 * `finishAnalysis` makes it.
 */
export interface LargeAnalysis {
  result: Omit<AnalysisResult, 'people'>;
  people: PeopleColumns;
  /** Person `i` (a position in `people`) as the full analysis has them. */
  person(i: number): PersonAnalysis;
}

export interface PeopleColumns {
  count: number;
  /** Everyone but me, in the snapshot's order. */
  id: readonly string[];
  name: readonly string[];
  /** The explained strength of each one's tie to me. */
  strength: Float64Array;
  /** Its stage, as a position in STAGES. */
  stage: Uint8Array;
  partnerScore: Float64Array;
  /** The partner rank, from 1 (score descending, then snapshot order, as referralPartnerScores ranks). */
  rank: Int32Array;
  /** The community number (by size, as findCommunities numbers them); -1 for none. */
  community: Int32Array;
  /** Positions in rank order: `byRank[r - 1]` has rank r. */
  byRank: Int32Array;
}

export function finishLargeAnalysis(p: PreparedAnalysis, computed: ComputedMeasures = {}): LargeAnalysis {
  const { snapshot, o, meId, table, distanceGraph, clock, started } = p;
  const now = o.now;
  const m = networkMeasures(snapshot, meId, table, p.flowGraph, p.strengthGraph, distanceGraph, o, clock, {
    flow: p.flow,
    plan: p.plan,
    computed,
  });
  const g = table.graph;
  const at: number[] = [];
  for (let i = 0; i < snapshot.people.length; i++) if (snapshot.people[i]!.id !== meId) at.push(i);
  const n = at.length;
  const id: string[] = new Array(n);
  const name: string[] = new Array(n);
  const inputs = emptyPartnerInputs(n);
  const stage = new Uint8Array(n);
  /** 1: the tie alone could earn a recommendation (tieMayBeRecommended). */
  const tieMay = new Uint8Array(n);
  const stages = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<RelationshipStage, number>;
  const positionOfNode = new Int32Array(g.order).fill(-1);
  for (let i = 0; i < n; i++) {
    const pid = snapshot.people[at[i]!]!.id;
    id[i] = pid;
    name[i] = snapshot.people[at[i]!]!.name;
    positionOfNode[g.index.get(pid)!] = i;
    setPartnerMeasures(inputs, i, m, g, pid);
    // The explained score, as the full analysis has it (the table's may differ in the last bit), without
    // building the explanation.
    const t = explainedScoreOf(table, meId, pid);
    const st = stageOf(t.score, table.options.stages);
    inputs.strengthToMe[i] = t.score;
    stage[i] = STAGES.indexOf(st);
    stages[st]++;
    if (tieMayBeRecommended(t.lastContact, t.firstContact, now, o.recommendations)) tieMay[i] = 1;
  }
  clock.lap('strengthToMe');
  const po = resolvePartnerOptions(o.partner);
  const max = partnerMaxima(inputs);
  const partnerScore = new Float64Array(n);
  for (let i = 0; i < n; i++) partnerScore[i] = partnerScoreAt(inputs, i, max, po).score;
  const byRank = new Int32Array(n);
  for (let i = 0; i < n; i++) byRank[i] = i;
  byRank.sort((x, y) => partnerScore[y]! - partnerScore[x]! || x - y);
  const rank = new Int32Array(n);
  for (let r = 0; r < n; r++) rank[byRank[r]!] = r + 1;
  clock.lap('partnerScores');
  const { louvain, communities } = findCommunities(
    table,
    meId,
    (pid) => {
      const q = positionOfNode[g.index.get(pid) ?? -1] ?? -1;
      return q < 0 ? 0 : inputs.strengthToMe[q]!;
    },
    o,
    undefined,
    computed.louvain,
    p.communityWeights,
  );
  const community = new Int32Array(n);
  for (let i = 0; i < n; i++) community[i] = communities.byPerson.get(id[i]!) ?? -1;
  clock.lap('communities');
  const { introductionPaths, mistakes, mailingLists } = findings(p);
  const partnerOf = (i: number): PartnerScore => ({ ...partnerScoreAt(inputs, i, max, po), rank: rank[i]! });
  const person = (i: number): PersonAnalysis => {
    const record = snapshot.people[at[i]!]!;
    return {
      personId: record.id,
      name: record.name,
      organizationId: record.organizationId,
      strengthToMe: explainTie(table, meId, record.id),
      partner: partnerOf(i),
      communityId: community[i]! < 0 ? null : community[i]!,
    };
  };
  // Person by person, each explained again and let go: never a million explanations at once. Only
  // those any rule could apply to: the others get no recommendation whatever their explanation says.
  function* facts() {
    for (let i = 0; i < n; i++) {
      if (!mayRecommend(tieMay[i] === 1, partnerScore[i]!, inputs.ledgers[i]!, o.recommendations)) continue;
      const record = snapshot.people[at[i]!]!;
      yield {
        personId: record.id,
        name: record.name,
        strengthToMe: explainTie(table, meId, record.id),
        partner: partnerOf(i),
        ledger: inputs.ledgers[i]!,
      };
    }
  }
  const recommendations = recommend(
    { snapshot, meId, now, table, people: facts(), introductionPaths },
    o.recommendations,
  );
  clock.lap('recommendations');
  const result = resultWithoutPeople(p, m, {
    stages,
    algorithms: 'in-process',
    louvain,
    communities,
    introductionPaths,
    mistakes,
    mailingLists,
    recommendations,
  });
  result.summary.durationMs = performance.now() - started;
  return {
    result,
    people: { count: n, id, name, strength: inputs.strengthToMe, stage, partnerScore, rank, community, byRank },
    person,
  };
}

/** The options resolved, "me" found, introduction targets checked, ratings read. */
export function checkInputs(
  snapshot: AnalysisSnapshot,
  options: AnalyzeOptions,
): { o: ResolvedOptions; meId: string; orgIds: Set<string>; ratings: Map<string, RatedTie> } {
  checkSnapshot(snapshot, ORIGIN);
  const o = resolveOptions(options);
  const meId = findMe(snapshot, ORIGIN);
  const orgIds = new Set(snapshot.organizations.map((org) => org.id));
  const peopleIds = new Set(snapshot.people.map((p) => p.id));
  for (const t of o.introductionTargets) {
    if (!peopleIds.has(t) && !orgIds.has(t))
      throw analyticsError(
        ORIGIN,
        `introduction target ${t} is neither a person nor an organization of this workspace`,
      );
  }
  const ratings = new Map<string, RatedTie>();
  for (const r of options.ratings ?? []) {
    if (!peopleIds.has(r.personId)) throw analyticsError(ORIGIN, `rated person ${r.personId} is not in this workspace`);
    const ratedAt = Date.parse(r.ratedAt);
    if (Number.isNaN(ratedAt)) throw analyticsError(ORIGIN, `rating of ${r.personId}: ratedAt is not an instant`);
    if (r.personId !== meId) ratings.set(r.personId, { rating: r.rating, ratedAt });
  }
  return { o, meId, orgIds, ratings };
}

/** Milliseconds per stage of a computation: `lap(name)` closes the stage begun at the previous lap. */
export function stopwatch(): { timings: Record<string, number>; lap: (stage: string) => void } {
  const timings: Record<string, number> = {};
  let mark = performance.now();
  return {
    timings,
    lap(stage) {
      const t = performance.now();
      timings[stage] = t - mark;
      mark = t;
    },
  };
}

type Clock = ReturnType<typeof stopwatch>;

/** The evidence store, the opportunity-flow graph and every tie's strength (Gilbert & Karahalios 2009). */
export function scoreTies(
  snapshot: AnalysisSnapshot,
  meId: string,
  o: ResolvedOptions,
  ratings: ReadonlyMap<string, RatedTie>,
  clock: Clock = stopwatch(),
): { store: EvidenceStore; flowGraph: FlowGraph; table: StrengthTable } {
  const store = storeFromSnapshot(snapshot, meId, ORIGIN);
  clock.lap('evidence');
  const flowGraph = buildFlowGraph(snapshot, { now: o.now, ...o.graphs });
  clock.lap('flowGraph');
  const table = strengthTable(store, { now: o.now, ...o.strength, meId, ratings });
  clock.lap('strengths');
  return { store, flowGraph, table };
}

/**
 * The tie graph read two ways: strengths as Burt weights (floored at
 * minTieWeight so a 0-strength tie is weak, not absent; capped at
 * maxTieWeight), and as −ln(strength/100) distances over ties of at least
 * max(minBrokerStrength, paths.minStrength).
 */
export function tieGraphs(
  table: StrengthTable,
  o: Pick<ResolvedOptions, 'minTieWeight' | 'maxTieWeight' | 'minBrokerStrength' | 'paths'>,
): { strengthGraph: CompactGraph; distanceGraph: DistanceGraph } {
  const g = table.graph;
  const strengthArcs = new Float64Array(g.weights.length);
  for (let a = 0; a < g.weights.length; a++)
    strengthArcs[a] = Math.min(o.maxTieWeight, Math.max(o.minTieWeight, table.score[g.weights[a]!]!));
  return {
    strengthGraph: { ...g, weights: strengthArcs },
    distanceGraph: distances(g, strengthArcs, table.score, Math.max(o.minBrokerStrength, o.paths.minStrength)),
  };
}

export interface NetworkMeasures {
  flow: CompactGraph;
  pagerank: Float64Array;
  plan: ReturnType<typeof samplingPlan>;
  betweenness: Float64Array;
  constraint: Float64Array;
  effectiveSize: Float64Array;
  reach: ReturnType<typeof twoHopReachCompact>;
  ledgers: ReturnType<typeof referralLedger>;
}

/**
 * Measures computed before `finishAnalysis` in this process (another thread can run some while this
 * one runs the rest), by the tie graph's node index (`pagerank` by the flow graph's). Each one left out
 * is computed by `finishAnalysis` itself; given or not, the results are the same.
 */
export interface ComputedMeasures {
  pagerank?: Float64Array;
  betweenness?: Float64Array;
  holes?: { constraint: Float64Array; effectiveSize: Float64Array };
  reach?: ReturnType<typeof twoHopReachCompact>;
  louvain?: { community: Int32Array; modularity: number };
}

/** What the tie graph's measures need: arrays only, so they can be copied to another thread. */
export interface MeasureInputs {
  order: number;
  me: number;
  offsets: Int32Array;
  targets: Int32Array;
  /** Burt weights of the tie graph's arcs (`strengthGraph`). */
  strengths: Float64Array;
  /** Louvain's weight of each arc (`communityWeights`). */
  communityWeights: Float64Array;
  resolution: number;
  seed: number;
}

export function measureInputs(p: PreparedAnalysis): MeasureInputs {
  const g = p.table.graph;
  return {
    order: g.order,
    me: g.index.get(p.meId)!,
    offsets: g.offsets,
    targets: g.targets,
    strengths: p.strengthGraph.weights,
    communityWeights: p.communityWeights,
    resolution: p.o.communities.resolution,
    seed: p.o.communities.seed,
  };
}

/** The arrays as a compact graph the kernels read (they use neither node keys nor the index). */
function arraysGraph(m: MeasureInputs, weights: Float64Array): CompactGraph {
  return {
    order: m.order,
    nodes: [],
    index: new Map(),
    directed: false,
    offsets: m.offsets,
    targets: m.targets,
    weights,
  };
}

/** Burt's constraint and effective size over the strengths (Burt 1992). */
export function holesOf(m: MeasureInputs): NonNullable<ComputedMeasures['holes']> {
  return structuralHolesCompact(arraysGraph(m, m.strengths));
}

/** Louvain over ties of at least the community threshold, me left out. */
export function louvainOf(m: MeasureInputs): NonNullable<ComputedMeasures['louvain']> {
  return louvainWithoutMe(arraysGraph(m, m.communityWeights), m.communityWeights, m.me, m);
}

/** Louvain over `weights` (0 under the community threshold), me left out (tied to everyone, I would merge every circle). */
function louvainWithoutMe(
  g: CompactGraph,
  weights: Float64Array,
  me: number,
  o: { resolution: number; seed: number },
): NonNullable<ComputedMeasures['louvain']> {
  const excluded = new Uint8Array(g.order);
  excluded[me] = 1;
  const { community, modularity } = louvainCompact(g, { weights, excluded, resolution: o.resolution, seed: o.seed });
  return { community, modularity };
}

/** PageRank of the reversed flow graph, personalised to me. */
function pagerankToMe(flow: CompactGraph, meId: string, o: ResolvedOptions): Float64Array {
  const restart = new Float64Array(flow.order);
  restart[flow.index.get(meId)!] = 1;
  return pagerankCompact(flow, { ...o.pagerank, personalization: restart }).scores;
}

/** Betweenness over the distances, from all sources or the plan's sample. */
function betweennessOver(distanceGraph: DistanceGraph, plan: ReturnType<typeof samplingPlan>): Float64Array {
  return betweennessCompact(distanceGraph, { weighted: true, normalized: true, sources: plan.sources });
}

/**
 * The network measures of referral-partner centrality: PageRank of the
 * reversed flow graph personalised to me (credit flows back along referrals
 * and introductions), betweenness over distances, Burt's constraint and
 * effective size over strengths, two-hop reach (me left out) and the ledger.
 */
export function networkMeasures(
  snapshot: AnalysisSnapshot,
  meId: string,
  table: StrengthTable,
  flowGraph: FlowGraph,
  strengthGraph: CompactGraph,
  distanceGraph: DistanceGraph,
  o: ResolvedOptions,
  clock: Clock = stopwatch(),
  given: {
    flow?: CompactGraph;
    plan?: ReturnType<typeof samplingPlan>;
    external?: ExternalMeasures | undefined;
    computed?: ComputedMeasures;
  } = {},
): NetworkMeasures {
  const g = table.graph;
  const flow = given.flow ?? compactGraph(flowGraph, { getEdgeWeight: 'weight', reverse: true, origin: ORIGIN });
  const plan = given.plan ?? samplingPlan(g.order, o.betweenness, distanceGraph.targets.length);
  const external = given.external;
  const computed = given.computed ?? {};
  // Computed by the database when given; a person it did not see (no edge) scores 0, as here.
  const pagerank = external?.pagerank
    ? byIndex(flow.nodes, external.pagerank)
    : (computed.pagerank ?? pagerankToMe(flow, meId, o));
  clock.lap('pagerank');
  const betweenness = external?.betweenness
    ? byIndex(g.nodes, external.betweenness)
    : (computed.betweenness ?? betweennessOver(distanceGraph, plan));
  clock.lap('betweenness');
  const { constraint, effectiveSize } = computed.holes ?? structuralHolesCompact(strengthGraph);
  clock.lap('constraint+effectiveSize');
  const reach = computed.reach ?? reachOf(strengthGraph, g.index.get(meId)!);
  const ledgers = referralLedger(snapshot, meId);
  clock.lap('reach+ledger');
  return { flow, pagerank, plan, betweenness, constraint, effectiveSize, reach, ledgers };
}

/** Two-hop reach over the strengths, me left out. */
export function reachOf(strengthGraph: CompactGraph, me: number): ReturnType<typeof twoHopReachCompact> {
  const excluded = new Uint8Array(strengthGraph.order);
  excluded[me] = 1;
  return twoHopReachCompact(strengthGraph, { scale: 100, excluded });
}

/**
 * PageRank, betweenness and reach of a prepared analysis, on this thread: what it computes while
 * another thread runs `holesOf` and `louvainOf`.
 */
export function mainThreadMeasures(p: PreparedAnalysis): ComputedMeasures {
  return {
    pagerank: pagerankToMe(p.flow, p.meId, p.o),
    betweenness: betweennessOver(p.distanceGraph, p.plan),
    reach: reachOf(p.strengthGraph, p.table.graph.index.get(p.meId)!),
  };
}

/** Scores by person id as an array over `nodes` (0 for a person not in the map). */
function byIndex(nodes: readonly string[], scores: ReadonlyMap<string, number>): Float64Array {
  const out = new Float64Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) out[i] = scores.get(nodes[i]!) ?? 0;
  return out;
}

/** The partner-score inputs of each person but me, as partnerInputs fills them. */
type PersonPartnerInputs = PartnerInputs & {
  pagerank: Float64Array;
  betweenness: Float64Array;
  constraint: Float64Array;
  effectiveSize: Float64Array;
  reachPeople: Int32Array;
  reachWeighted: Float64Array;
  strengthToMe: Float64Array;
  ledgers: LedgerEntry[];
};

/** Partner-score inputs for `n` people, all zero (ledgers unset). */
export function emptyPartnerInputs(n: number): PersonPartnerInputs {
  return {
    pagerank: new Float64Array(n),
    betweenness: new Float64Array(n),
    constraint: new Float64Array(n),
    effectiveSize: new Float64Array(n),
    reachPeople: new Int32Array(n),
    reachWeighted: new Float64Array(n),
    strengthToMe: new Float64Array(n),
    ledgers: new Array<LedgerEntry>(n),
  };
}

/** Person `id`'s measures and ledger into slot `i` of `inputs`: everything but their strength to me. */
export function setPartnerMeasures(
  inputs: PersonPartnerInputs,
  i: number,
  m: NetworkMeasures,
  graph: StrengthTable['graph'],
  id: string,
): void {
  const v = graph.index.get(id)!;
  const f = m.flow.index.get(id);
  inputs.pagerank[i] = f === undefined ? 0 : m.pagerank[f]!;
  inputs.betweenness[i] = m.betweenness[v]!;
  inputs.constraint[i] = m.constraint[v]!;
  inputs.effectiveSize[i] = m.effectiveSize[v]!;
  inputs.reachPeople[i] = m.reach.people[v]!;
  inputs.reachWeighted[i] = m.reach.weighted[v]!;
  inputs.ledgers[i] = m.ledgers.get(id) ?? EMPTY_LEDGER;
}

/** Everyone but me, in snapshot order, with the inputs of their partner score and their explained tie to me. */
export function partnerInputs(
  snapshot: AnalysisSnapshot,
  meId: string,
  table: StrengthTable,
  m: NetworkMeasures,
): {
  personIds: string[];
  personPosition: Map<string, number>;
  inputs: PersonPartnerInputs;
  toMe: TieStrength[];
} {
  const personIds = snapshot.people.filter((p) => p.id !== meId).map((p) => p.id);
  const personPosition = new Map(personIds.map((id, i) => [id, i]));
  const n = personIds.length;
  const inputs = emptyPartnerInputs(n);
  const toMe: TieStrength[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const id = personIds[i]!;
    setPartnerMeasures(inputs, i, m, table.graph, id);
    toMe[i] = explainTie(table, meId, id);
    inputs.strengthToMe[i] = toMe[i]!.score;
  }
  return { personIds, personPosition, inputs, toMe };
}

/**
 * Louvain over ties of at least the community threshold, me left out (tied to
 * everyone, I would merge every circle into one), renumbered by size.
 */
export function findCommunities(
  table: StrengthTable,
  meId: string,
  strengthToMe: (personId: string) => number,
  o: Pick<ResolvedOptions, 'communities' | 'strength'>,
  external?: { community: ReadonlyMap<string, number>; modularity: number },
  computed?: { community: Int32Array; modularity: number },
  weights: Float64Array = louvainWeights(table, o),
) {
  const g = table.graph;
  const me = g.index.get(meId)!;
  let louvain: { community: Int32Array; modularity: number };
  if (external) {
    // The partition found elsewhere; a person in no community tie is a community of one, as here.
    const community = new Int32Array(g.order);
    let next = 0;
    for (const c of external.community.values()) if (c >= next) next = c + 1;
    for (let i = 0; i < g.order; i++) community[i] = external.community.get(g.nodes[i]!) ?? next++;
    louvain = { community, modularity: external.modularity };
  } else louvain = computed ?? louvainWithoutMe(g, weights, me, o.communities);
  const people = table.store.people;
  const communities = numberCommunities(
    louvain.community,
    people,
    me,
    (i) => strengthToMe(people[i]!),
    o.communities.minSize,
  );
  return { louvain, communities };
}

/** Louvain's weight of each arc: the tie's strength, or 0 under the community threshold. */
function louvainWeights(table: StrengthTable, o: Pick<ResolvedOptions, 'communities' | 'strength'>): Float64Array {
  const g = table.graph;
  const minCommunityStrength = o.communities.minStrength ?? o.strength.stages.acquaintance;
  const weights = new Float64Array(g.weights.length);
  for (let a = 0; a < g.weights.length; a++) {
    const s = table.score[g.weights[a]!]!;
    weights[a] = s >= minCommunityStrength ? s : 0;
  }
  return weights;
}

/** Each person's analysis, in snapshot order. */
export function peopleAnalyses(
  snapshot: AnalysisSnapshot,
  personIds: readonly string[],
  toMe: readonly TieStrength[],
  partnerScores: readonly PartnerScore[],
  communityOf: ReadonlyMap<string, number>,
): PersonAnalysis[] {
  const personById = new Map(snapshot.people.map((p) => [p.id, p]));
  return personIds.map((id, i) => ({
    personId: id,
    name: personById.get(id)!.name,
    organizationId: personById.get(id)!.organizationId,
    strengthToMe: toMe[i]!,
    partner: partnerScores[i]!,
    communityId: communityOf.get(id) ?? null,
  }));
}

/** How many ties to me are at each stage. */
export function stageCounts(toMe: readonly TieStrength[]): Record<RelationshipStage, number> {
  const stages = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<RelationshipStage, number>;
  for (const t of toMe) stages[t.stage]++;
  return stages;
}

/** Community ids renumbered by size (0 = largest, me left out); members strongest-to-me first. */
function numberCommunities(
  community: Int32Array,
  people: readonly string[],
  me: number,
  strengthToMe: (i: number) => number,
  minSize: number,
): { byPerson: Map<string, number>; list: AnalysisResult['communities']['communities']; count: number; small: number } {
  const members = new Map<number, number[]>();
  for (let i = 0; i < people.length; i++) {
    if (i === me) continue;
    let m = members.get(community[i]!);
    if (!m) members.set(community[i]!, (m = []));
    m.push(i);
  }
  const groups = [...members.values()].sort((x, y) => y.length - x.length || x[0]! - y[0]!);
  // Once per person, not once per comparison of the sorts below (millions at 300,000 people).
  const strength = new Float64Array(people.length);
  for (let i = 0; i < people.length; i++) if (i !== me) strength[i] = strengthToMe(i);
  const byPerson = new Map<string, number>();
  const list: AnalysisResult['communities']['communities'] = [];
  let small = 0;
  groups.forEach((ids, c) => {
    for (const i of ids) byPerson.set(people[i]!, c);
    if (ids.length >= minSize) {
      list.push({
        id: c,
        size: ids.length,
        personIds: [...ids].sort((x, y) => strength[y]! - strength[x]! || x - y).map((i) => people[i]!),
      });
    } else small++;
  });
  return { byPerson, list, count: groups.length, small };
}

function warmPaths(
  snapshot: AnalysisSnapshot,
  table: StrengthTable,
  distances: DistanceGraph,
  meId: string,
  target: string,
  isOrganization: boolean,
  o: ResolvedOptions,
): IntroductionPaths {
  const g = distances;
  const targetKind = isOrganization ? 'organization' : 'person';
  if (!g.index.has(meId)) return { targetId: target, targetKind, paths: [] };
  const isTarget = new Uint8Array(g.order);
  const members = isOrganization
    ? snapshot.people.filter((p) => p.organizationId === target).map((p) => p.id)
    : [target];
  for (const id of members) {
    const i = g.index.get(id);
    if (id !== meId && i !== undefined) isTarget[i] = 1;
  }
  const found = kWarmestCompact(distances, g.index.get(meId)!, isTarget, o.paths.k);
  return {
    targetId: target,
    targetKind: isOrganization ? 'organization' : 'person',
    paths: found.map((p) => {
      const ids = p.nodes.map((i) => g.nodes[i]!);
      const hops = p.arcs.map((a, h) => {
        const score = table.score[distances.pair[a]!]!;
        return { fromId: ids[h]!, toId: ids[h + 1]!, strength: score, stage: stageOf(score, table.options.stages) };
      });
      return { personIds: ids, hops, warmth: hops.reduce((w, h) => w * (h.strength / 100), 1) };
    }),
  };
}

/** The tie graph as −ln(strength/100) distances, ties below `minStrength` left out; `pair` maps arcs to pairs. */
export interface DistanceGraph extends CompactGraph {
  pair: Int32Array;
}

function distances(
  g: CompactGraph,
  strengthArcs: Float64Array,
  score: Float64Array,
  minStrength: number,
): DistanceGraph {
  const offsets = new Int32Array(g.order + 1);
  let kept = 0;
  for (let a = 0; a < g.targets.length; a++) if (score[g.weights[a]!]! >= minStrength) kept++;
  const targets = new Int32Array(kept);
  const weights = new Float64Array(kept);
  const pair = new Int32Array(kept);
  let p = 0;
  for (let i = 0; i < g.order; i++) {
    offsets[i] = p;
    for (let a = g.offsets[i]!; a < g.offsets[i + 1]!; a++) {
      if (score[g.weights[a]!]! < minStrength) continue;
      targets[p] = g.targets[a]!;
      weights[p] = -Math.log(strengthArcs[a]! / 100);
      pair[p++] = g.weights[a]!;
    }
  }
  offsets[g.order] = p;
  return { ...g, offsets, targets, weights, pair };
}

/** The resolved options as plain JSON (for the result's `options`). */
function optionsRecord(o: ResolvedOptions): Record<string, unknown> {
  return JSON.parse(JSON.stringify(o)) as Record<string, unknown>;
}

/** The explained strength of any two people in an analysed workspace (the API's "one tie"). */
/**
 * The warmest introduction paths from me to a person or an organisation,
 * asked for after the analysis (Yen's k shortest paths over −ln strength).
 */
export function introductionPathsTo(state: AnalysisState, targetId: string): IntroductionPaths {
  const isOrganization = state.snapshot.organizations.some((o) => o.id === targetId);
  if (!isOrganization && !state.snapshot.people.some((p) => p.id === targetId)) {
    throw analyticsError(ORIGIN, `no person or organization with id ${targetId} in this analysis`);
  }
  // Someone with no tie strong enough to travel has no path yet.
  if (!isOrganization && !state.distanceGraph.index.has(targetId)) return { targetId, targetKind: 'person', paths: [] };
  return warmPaths(
    state.snapshot,
    state.table,
    state.distanceGraph,
    state.meId,
    targetId,
    isOrganization,
    state.options,
  );
}

export function tieStrength(state: AnalysisState, x: string, y: string): TieStrength {
  return explainTie(state.table, x, y);
}
