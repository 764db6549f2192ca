/**
 * Strength of every tie in the tie graph
 * ======================================
 *
 * Gilbert & Karahalios (CHI 2009) over the whole graph, in two passes:
 *  1. the direct factors of each pair (its own evidence) and its base score;
 *  2. the structural factor: for each pair (a, b), the shared contacts w
 *     weighted by min(base(a,w), base(b,w)) — "the strength of mutual friends",
 *     taken from pass 1 so the definition is not circular.
 * Neighbourhoods are intersected over the compact adjacency (merge, or binary
 * search into a hub's list), so a hub like "me" costs O(deg · log deg_hub).
 *
 * Numbers live in typed arrays by pair ordinal over the columnar evidence
 * store; the full explanation of a tie is rebuilt on demand (`explainTie`),
 * which keeps a million ties within memory.
 */
import type { AbstractGraph } from 'graphology-types';
import type { RelationshipStage, TieColumns, TieStrength } from '../../../shared/index.js';
import { analyticsError, checkNumber } from '../util/analytics-error.js';
import { type CompactGraph, findArc, isGraph } from '../graph/compact-graph.js';
import { type EvidenceStore, storeFromPairs } from '../graph/evidence-store.js';
import type { PairEvidence } from '../graph/pair-evidence.js';
import {
  type RatedTie,
  type StrengthOptions,
  type StrengthOptionsInput,
  type Weights,
  applyRating,
  baseScore,
  explainStrength,
  explainedScore,
  newFactors,
  pairFactors,
  resolveStrengthOptions,
  scoreFromBase,
  scoreOf,
  strangerStrength,
  structuralValue,
  weightsOf,
} from './relationship-strength.js';
import { stageOf } from './stage.js';

const ORIGIN = 'strength/tie-strengths';

export const DEFAULTS = {
  /** Merge-intersect two neighbour lists when their sizes are within this ratio; else binary-search the larger. */
  mergeRatio: 8,
};

export interface TieStrengthsOptions extends StrengthOptionsInput {
  now: number;
  /** "Me", whose ties the ratings are about (required with `ratings`). */
  meId?: string;
  /** The user's "how close are you?" ratings, by the other person's id. */
  ratings?: ReadonlyMap<string, RatedTie>;
}

export interface StrengthTable {
  now: number;
  options: StrengthOptions;
  weights: Weights;
  store: EvidenceStore;
  /** The tie graph, compact; each arc's weight is its pair ordinal. */
  graph: CompactGraph;
  base: Float64Array;
  structural: Float64Array;
  weightedShared: Float64Array;
  shared: Int32Array;
  score: Float64Array;
  onlineOnly: Uint8Array;
  /** 1 for a declared tie (colleague, family, knows): at least an acquaintance. */
  declared: Uint8Array;
  /** Index of "me" in the graph (-1 without ratings). */
  me: number;
  /** Ratings by the rated person's index; they hold ties to `me` within their band. */
  ratings: ReadonlyMap<number, RatedTie>;
}

/** Strengths of every edge of a tie graph (buildTieGraph): its edges carry `evidence`. */
export function tieStrengths(tieGraph: AbstractGraph, options: TieStrengthsOptions): StrengthTable {
  if (!isGraph(tieGraph) || tieGraph.type !== 'undirected')
    throw analyticsError(ORIGIN, 'expects the undirected tie graph (buildTieGraph)');
  const pairs: PairEvidence[] = [];
  tieGraph.forEachEdge((edge, attributes) => {
    const e = attributes.evidence as PairEvidence | undefined;
    if (!e || !Array.isArray(e.interactions))
      throw analyticsError(ORIGIN, `edge ${edge} carries no pair evidence (build it with buildTieGraph)`);
    pairs.push(e);
  });
  return strengthTable(storeFromPairs(tieGraph.nodes(), pairs, ORIGIN), options);
}

/** Strengths of every pair of an evidence store. */
export function strengthTable(store: EvidenceStore, options: TieStrengthsOptions): StrengthTable {
  if (options === null || typeof options !== 'object') throw analyticsError(ORIGIN, 'options with `now` are required');
  const now = checkNumber(ORIGIN, 'now', options.now, 0);
  const o = resolveStrengthOptions(options, ORIGIN);
  const w = weightsOf(o);
  const m = store.pairCount;
  const base = new Float64Array(m);
  const onlineOnly = new Uint8Array(m);
  const declared = new Uint8Array(m);
  const f = newFactors();
  for (let k = 0; k < m; k++) {
    pairFactors(store, k, now, o, w, f);
    base[k] = f.existed ? baseScore(f, o) : 0;
    onlineOnly[k] = f.onlineOnly ? 1 : 0;
    declared[k] = f.existed && f.declared ? 1 : 0;
  }
  const { structural, weightedShared, shared } = structuralPass(store.graph, store.pa, store.pb, base, o);
  const score = new Float64Array(m);
  for (let k = 0; k < m; k++)
    score[k] = scoreFromBase(base[k]!, structural[k]!, onlineOnly[k] === 1, o, declared[k] === 1);
  const { me, ratings } = ratingsOf(store, options);
  for (const [person, rated] of ratings) {
    const a = findArc(store.graph, me, person);
    if (a < 0) continue;
    const k = store.graph.weights[a]!;
    score[k] = applyRating(score[k]!, rated, now, o);
  }
  return {
    now,
    options: o,
    weights: w,
    store,
    graph: store.graph,
    base,
    structural,
    weightedShared,
    shared,
    score,
    onlineOnly,
    declared,
    me,
    ratings,
  };
}

function ratingsOf(store: EvidenceStore, options: TieStrengthsOptions): { me: number; ratings: Map<number, RatedTie> } {
  const ratings = new Map<number, RatedTie>();
  if (!options.ratings || options.ratings.size === 0) return { me: -1, ratings };
  const me = options.meId === undefined ? undefined : store.index.get(options.meId);
  if (me === undefined) throw analyticsError(ORIGIN, 'ratings need `meId`, a person of the graph');
  for (const [id, rated] of options.ratings) {
    const i = store.index.get(id);
    if (i === undefined) throw analyticsError(ORIGIN, `rated person ${id} is not in the graph`);
    checkNumber(ORIGIN, `ratings.${id}.ratedAt`, rated.ratedAt, 0);
    if (i !== me) ratings.set(i, rated);
  }
  return { me, ratings };
}

/** The rating of the tie x–y (indices), if one end is me and the other was rated. */
export function ratingOfPair(table: Pick<StrengthTable, 'me' | 'ratings'>, x: number, y: number): RatedTie | undefined {
  if (table.me < 0) return undefined;
  return x === table.me ? table.ratings.get(y) : y === table.me ? table.ratings.get(x) : undefined;
}

/** Σ over shared contacts w of min(base(x,w), base(y,w)) / 100 and their count, for one pair. */
export function sharedContacts(
  g: CompactGraph,
  x: number,
  y: number,
  base: ArrayLike<number>,
): { sum: number; count: number } {
  const { offsets, targets, weights } = g;
  let dx = offsets[x + 1]! - offsets[x]!;
  let dy = offsets[y + 1]! - offsets[y]!;
  if (dx > dy) {
    [x, y] = [y, x];
    [dx, dy] = [dy, dx];
  }
  let sum = 0;
  let count = 0;
  if (dy <= DEFAULTS.mergeRatio * dx) {
    let i = offsets[x]!;
    let j = offsets[y]!;
    const iEnd = offsets[x + 1]!;
    const jEnd = offsets[y + 1]!;
    while (i < iEnd && j < jEnd) {
      const u = targets[i]!;
      const v = targets[j]!;
      if (u < v) i++;
      else if (u > v) j++;
      else {
        sum += Math.min(base[weights[i]!]!, base[weights[j]!]!);
        count++;
        i++;
        j++;
      }
    }
  } else {
    for (let i = offsets[x]!, iEnd = offsets[x + 1]!; i < iEnd; i++) {
      const w = targets[i]!;
      if (w === y) continue;
      const j = findArc(g, y, w);
      if (j < 0) continue;
      sum += Math.min(base[weights[i]!]!, base[weights[j]!]!);
      count++;
    }
  }
  return { sum: sum / 100, count };
}

function structuralPass(g: CompactGraph, pa: Int32Array, pb: Int32Array, base: Float64Array, o: StrengthOptions) {
  const m = base.length;
  const structural = new Float64Array(m);
  const weightedShared = new Float64Array(m);
  const shared = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const { sum, count } = sharedContacts(g, pa[k]!, pb[k]!, base);
    weightedShared[k] = sum;
    shared[k] = count;
    structural[k] = structuralValue(sum, o);
  }
  return { structural, weightedShared, shared };
}

/** The ordinal of the pair joining x and y, or -1. */
export function pairIndex(table: { graph: CompactGraph }, x: string, y: string): number {
  const i = table.graph.index.get(x);
  const j = table.graph.index.get(y);
  if (i === undefined || j === undefined) return -1;
  const a = findArc(table.graph, i, j);
  return a < 0 ? -1 : table.graph.weights[a]!;
}

/** The explained strength of the tie x–y (a stranger's zeros when nothing joins them). */
export function explainTie(table: StrengthTable, x: string, y: string): TieStrength {
  if (!table.graph.index.has(x)) throw analyticsError(ORIGIN, `person ${x} is not in the tie graph`);
  if (!table.graph.index.has(y)) throw analyticsError(ORIGIN, `person ${y} is not in the tie graph`);
  const k = pairIndex(table, x, y);
  if (k < 0)
    return strangerStrength(
      x,
      y,
      table.now,
      table.options,
      ratingOfPair(table, table.graph.index.get(x)!, table.graph.index.get(y)!),
    );
  return explainPair(table, k);
}

/**
 * explainTie's score for x and y (equal to it), and their first and last contact (ms, NaN: none),
 * without building the explanation (a stranger's, which has no pair, is built: it is cheap).
 */
export function explainedScoreOf(
  table: StrengthTable,
  x: string,
  y: string,
): { score: number; firstContact: number; lastContact: number } {
  const k = pairIndex(table, x, y);
  if (k < 0) {
    const t = explainTie(table, x, y);
    const ms = (iso: string | null) => (iso === null ? Number.NaN : Date.parse(iso));
    return {
      score: t.score,
      firstContact: ms(t.factors.duration.firstContact),
      lastContact: ms(t.factors.recency.lastContact),
    };
  }
  return explainedScore(
    table.store,
    k,
    table.structural[k]!,
    table.now,
    table.options,
    table.weights,
    ratingOfPair(table, table.store.pa[k]!, table.store.pb[k]!),
  );
}

export function explainPair(table: StrengthTable, k: number): TieStrength {
  return explainStrength(
    table.store,
    k,
    { value: table.structural[k]!, sharedContacts: table.shared[k]!, weightedShared: table.weightedShared[k]! },
    table.now,
    table.options,
    table.weights,
    ratingOfPair(table, table.store.pa[k]!, table.store.pb[k]!),
  );
}

/** Every tie's score and stage, as columns (one entry per tie in each). */
export function tieColumns(table: StrengthTable): TieColumns {
  const m = table.store.pairCount;
  const { people, pa, pb } = table.store;
  const aId: string[] = new Array(m);
  const bId: string[] = new Array(m);
  const score: number[] = new Array(m);
  const stage: RelationshipStage[] = new Array(m);
  for (let k = 0; k < m; k++) {
    aId[k] = people[pa[k]!]!;
    bId[k] = people[pb[k]!]!;
    score[k] = table.score[k]!;
    stage[k] = stageOf(table.score[k]!, table.options.stages);
  }
  return { aId, bId, score, stage };
}

const scratch = newFactors();

/**
 * The score of x–y as of an earlier instant: evidence after `at` ignored, shared
 * contacts held at today's value; 0 when nothing joined them yet.
 */
export function scoreAt(
  table: StrengthTable,
  x: string,
  y: string,
  at: number,
): { score: number; firstContact: number | null; lastContact: number | null } {
  const k = pairIndex(table, x, y);
  const rated = ratingOfPair(table, table.graph.index.get(x) ?? -1, table.graph.index.get(y) ?? -1);
  if (k < 0) return { score: applyRating(0, rated, at, table.options), firstContact: null, lastContact: null };
  const f = pairFactors(table.store, k, at, table.options, table.weights, scratch);
  return {
    score: applyRating(scoreOf(f, table.structural[k]!, table.options), rated, at, table.options),
    firstContact: Number.isNaN(f.firstContact) ? null : f.firstContact,
    lastContact: Number.isNaN(f.lastContact) ? null : f.lastContact,
  };
}

const rowScratch = newFactors();

/**
 * The factor values of pair k at the table's instant, in FACTOR_NAMES order
 * (structural as the table computed it), written into `out` from `offset`.
 */
export function factorValues(table: StrengthTable, k: number, out: Float64Array, offset = 0): Float64Array {
  const f = pairFactors(table.store, k, table.now, table.options, table.weights, rowScratch);
  const live = f.existed ? 1 : 0;
  out[offset] = f.intensity;
  out[offset + 1] = f.history;
  out[offset + 2] = f.recency;
  out[offset + 3] = f.duration;
  out[offset + 4] = f.reciprocity;
  out[offset + 5] = live * table.structural[k]!;
  out[offset + 6] = f.services;
  return out;
}

/** The factor values of the tie me–person for calibration (all zero when nothing joins them). */
export function ratedRow(
  table: StrengthTable,
  meId: string,
  personId: string,
): { values: number[]; onlineOnly: boolean; declared: boolean } {
  const k = pairIndex(table, meId, personId);
  if (k < 0) return { values: new Array<number>(7).fill(0), onlineOnly: true, declared: false };
  return {
    values: Array.from(factorValues(table, k, new Float64Array(7))),
    onlineOnly: table.onlineOnly[k] === 1,
    declared: table.declared[k] === 1,
  };
}
