/**
 * The tie graph and the opportunity-flow graph
 * ============================================
 *
 * Two graphs from one workspace snapshot:
 *
 * - the undirected TIE graph: one edge per pair of people the records join
 *   (declared ties, interactions, introductions, referrals), carrying every
 *   piece of evidence (`PairEvidence`) — the raw material of tie strength
 *   (Granovetter, "The strength of weak ties", AJS 1973; Gilbert & Karahalios,
 *   "Predicting tie strength with social media", CHI 2009);
 * - the directed OPPORTUNITY-FLOW graph: referrer → recipient for a referral,
 *   introducer → each person introduced, weighted by recency, status and value:
 *
 *     w = status · 2^(−age / flowHalfLife) · (1 + log10(1 + value / valueUnit))
 *
 *   (introductions carry `introductionWeight` instead of a value). Values are
 *   summed as amounts whatever their currency; the ledger keeps currencies apart.
 *
 * A person's `connectedOn` (the LinkedIn export's date) counts as a LinkedIn tie
 * with me when no tie record says so. Group interactions join every pair of
 * participants. Edge keys of the tie graph are the pairs' ordinals ("0", "1", …)
 * in the evidence store (graph/evidence-store.ts), which holds the same facts in
 * columns for the analytics' hot loops.
 */
import Graph from 'graphology';
import type {
  AnalysisSnapshot,
  AnalysisTieColumns,
  IntroductionOutcome,
  ReferralStatus,
} from '../../../shared/index.js';
import { eventMs } from '../../../shared/index.js';
import { analyticsError, checkNumber } from '../util/analytics-error.js';
import { decay } from '../util/time.js';
import type { PairEvidence } from './pair-evidence.js';
import { pairEvidence, storeFromSnapshot } from './evidence-store.js';

const ORIGIN = 'graph/build-graphs';

export const DEFAULTS = {
  /** Flows older than this count half. */
  flowHalfLifeDays: 365,
  referralStatusWeight: { won: 1, open: 0.6, lost: 0.25 } as Record<ReferralStatus, number>,
  introductionOutcomeWeight: { met: 1, pending: 0.6, declined: 0.2 } as Record<IntroductionOutcome, number>,
  /** An introduction routes less than a referral. */
  introductionWeight: 0.5,
  /** A referral worth this much counts about 1.3×; ten times more, 2×. */
  valueUnit: 1000,
};

export interface BuildGraphsOptions extends Partial<typeof DEFAULTS> {
  /** The analysis instant, ms since the epoch. */
  now: number;
}

export interface PersonNode {
  name: string;
  isMe: boolean;
  organizationId: string | null;
  company: string | null;
}

export interface TieEdge {
  evidence: PairEvidence;
}

export interface FlowEdge {
  weight: number;
  referrals: number;
  introductions: number;
  /** Sum of referral values, any currency. */
  value: number;
  lastAt: number;
}

export type TieGraph = Graph<PersonNode, TieEdge>;
export type FlowGraph = Graph<PersonNode, FlowEdge>;

export interface WorkspaceGraphs {
  meId: string;
  tieGraph: TieGraph;
  flowGraph: FlowGraph;
}

/** The id of the one person marked `isMe`; fails when there is none or several. */
export function findMe(snapshot: AnalysisSnapshot, origin = ORIGIN): string {
  let me: string | null = null;
  for (const p of snapshot.people) {
    if (!p.isMe) continue;
    if (me !== null) throw analyticsError(origin, `the snapshot has more than one person marked isMe (${me}, ${p.id})`);
    me = p.id;
  }
  if (me === null) throw analyticsError(origin, 'the snapshot has no person marked isMe (the workspace owner)');
  return me;
}

export function checkSnapshot(snapshot: unknown, origin = ORIGIN): asserts snapshot is AnalysisSnapshot {
  if (snapshot === null || typeof snapshot !== 'object')
    throw analyticsError(origin, 'the snapshot must be a WorkspaceSnapshot object');
  for (const key of [
    'people',
    'organizations',
    'interactions',
    'introductions',
    'referrals',
    'pitches',
    'mailingLists',
    'subscriptions',
    'consents',
  ]) {
    if (!Array.isArray((snapshot as Record<string, unknown>)[key]))
      throw analyticsError(origin, `snapshot.${key} must be an array`);
  }
  const ties = (snapshot as Record<string, unknown>).ties;
  if (!Array.isArray(ties)) {
    // Or as columns: the same number of every field.
    const c = ties as Partial<AnalysisTieColumns> | null;
    const n = c?.count;
    if (
      typeof n !== 'number' ||
      !(c!.a instanceof Int32Array && c!.a.length === n) ||
      !(c!.b instanceof Int32Array && c!.b.length === n) ||
      !(c!.kind instanceof Uint8Array && c!.kind.length === n) ||
      c!.id?.length !== n ||
      c!.since?.length !== n
    )
      throw analyticsError(origin, 'snapshot.ties must be an array, or columns of one length');
  }
}

export function resolveBuildOptions(options: BuildGraphsOptions, origin = ORIGIN): Required<BuildGraphsOptions> {
  if (options === null || typeof options !== 'object') throw analyticsError(origin, 'options with `now` are required');
  const o = { ...DEFAULTS, ...options };
  checkNumber(origin, 'now', o.now, 0);
  checkNumber(origin, 'flowHalfLifeDays', o.flowHalfLifeDays, 1e-9);
  checkNumber(origin, 'introductionWeight', o.introductionWeight, 0);
  checkNumber(origin, 'valueUnit', o.valueUnit, 1e-9);
  return o;
}

function personNodes(snapshot: AnalysisSnapshot): [string, PersonNode][] {
  return snapshot.people.map((p) => [
    p.id,
    { name: p.name, isMe: p.isMe, organizationId: p.organizationId, company: p.company },
  ]);
}

/** The undirected tie graph: every person a node, every joined pair an edge with its evidence. */
export function buildTieGraph(snapshot: AnalysisSnapshot, options: BuildGraphsOptions): TieGraph {
  checkSnapshot(snapshot);
  resolveBuildOptions(options);
  const graph: TieGraph = new Graph<PersonNode, TieEdge>({ type: 'undirected', multi: false, allowSelfLoops: false });
  for (const [id, attributes] of personNodes(snapshot)) graph.addNode(id, attributes);
  const store = storeFromSnapshot(snapshot, findMe(snapshot), ORIGIN);
  for (let k = 0; k < store.pairCount; k++) {
    const e = pairEvidence(store, k);
    graph.addUndirectedEdgeWithKey(String(k), e.a, e.b, { evidence: e });
  }
  return graph;
}

/** The directed opportunity-flow graph: who routes referrals and introductions to whom. */
export function buildFlowGraph(snapshot: AnalysisSnapshot, options: BuildGraphsOptions): FlowGraph {
  checkSnapshot(snapshot);
  const o = resolveBuildOptions(options);
  const people = new Map(personNodes(snapshot));
  const graph: FlowGraph = new Graph<PersonNode, FlowEdge>({ type: 'directed', multi: false, allowSelfLoops: false });
  const node = (id: string, what: string, recordId: string): void => {
    if (graph.hasNode(id)) return;
    const attributes = people.get(id);
    if (!attributes) throw analyticsError(ORIGIN, `${what} ${recordId} names person ${id}, who is not in the snapshot`);
    graph.addNode(id, attributes);
  };
  const me = findMe(snapshot);
  node(me, 'person', me);
  const flow = (
    from: string,
    to: string,
    at: number,
    weight: number,
    kind: 'referral' | 'introduction',
    value: number,
  ): void => {
    const existing = graph.hasDirectedEdge(from, to) ? graph.getDirectedEdgeAttributes(from, to) : null;
    const next: FlowEdge = existing
      ? { ...existing }
      : { weight: 0, referrals: 0, introductions: 0, value: 0, lastAt: at };
    next.weight += weight;
    next.value += value;
    next.lastAt = Math.max(next.lastAt, at);
    if (kind === 'referral') next.referrals++;
    else next.introductions++;
    if (existing) graph.replaceDirectedEdgeAttributes(from, to, next);
    else graph.addDirectedEdge(from, to, next);
  };
  for (const r of snapshot.referrals) {
    if (r.referrerId === r.recipientId) continue;
    node(r.referrerId, 'referral', r.id);
    node(r.recipientId, 'referral', r.id);
    const at = eventMs(r.date);
    const value = r.value ?? 0;
    const w =
      o.referralStatusWeight[r.status] *
      decay(o.now - at, o.flowHalfLifeDays) *
      (1 + Math.log10(1 + value / o.valueUnit));
    flow(r.referrerId, r.recipientId, at, w, 'referral', value);
  }
  for (const r of snapshot.introductions) {
    for (const id of [r.introducerId, r.aId, r.bId]) node(id, 'introduction', r.id);
    const at = eventMs(r.date);
    const w = o.introductionWeight * o.introductionOutcomeWeight[r.outcome] * decay(o.now - at, o.flowHalfLifeDays);
    for (const target of new Set([r.aId, r.bId]))
      if (target !== r.introducerId) flow(r.introducerId, target, at, w, 'introduction', 0);
  }
  return graph;
}

/** Both graphs and who "me" is. */
export function buildGraphs(snapshot: AnalysisSnapshot, options: BuildGraphsOptions): WorkspaceGraphs {
  checkSnapshot(snapshot);
  return {
    meId: findMe(snapshot),
    tieGraph: buildTieGraph(snapshot, options),
    flowGraph: buildFlowGraph(snapshot, options),
  };
}
