/**
 * Two-hop reach
 * =============
 *
 * Whom a person can reach through one introduction: the distinct people within
 * two hops, each counted once with the warmth of its best route,
 *
 *   reach(p) = Σ_{r ∈ N(p) ∪ N²(p)} max over routes p–r or p–q–r of Π s/scale,
 *
 * after Granovetter's (1973) point that weak and second-degree ties carry new
 * opportunities, and the "reach" of Borgatti, "Identifying sets of key players
 * in a social network", CMOT 2006 (distance-weighted reach). Excluded nodes
 * (the analytics pass "me") are neither counted nor walked through: a partner's
 * reach is theirs, not mine.
 */
import type { AbstractGraph } from 'graphology-types';
import { analyticsError, checkNumber } from '../util/analytics-error.js';
import { type CompactGraph, type EdgeWeightGetter, compactGraph } from '../graph/compact-graph.js';

const ORIGIN = 'reach/two-hop-reach';

export const DEFAULTS = {
  /** Tie strength attribute (0..scale); null for 1 on every tie. */
  getEdgeWeight: 'strength' as EdgeWeightGetter,
  scale: 100,
  exclude: [] as string[],
};

export type TwoHopReachOptions = Partial<typeof DEFAULTS>;

export interface Reach {
  people: number;
  weighted: number;
}

export function twoHopReach(graph: AbstractGraph, options: TwoHopReachOptions = {}): Record<string, Reach> {
  const o = { ...DEFAULTS, ...options };
  checkNumber(ORIGIN, 'scale', o.scale, 1e-12);
  if (!Array.isArray(o.exclude)) throw analyticsError(ORIGIN, 'option "exclude" must be an array of node keys');
  const g = compactGraph(graph, { getEdgeWeight: o.getEdgeWeight, origin: ORIGIN, merge: 'sum' });
  const excluded = new Uint8Array(g.order);
  for (const node of o.exclude) {
    const i = g.index.get(node);
    if (i === undefined)
      throw analyticsError(ORIGIN, `option "exclude" names node "${node}", which is not in the graph`);
    excluded[i] = 1;
  }
  const { people, weighted } = twoHopReachCompact(g, { scale: o.scale, excluded });
  const out: Record<string, Reach> = {};
  for (let i = 0; i < g.order; i++) out[g.nodes[i]!] = { people: people[i]!, weighted: weighted[i]! };
  return out;
}

/** Reach by node index over a compact undirected graph whose weights are strengths. */
export function twoHopReachCompact(
  g: CompactGraph,
  options: { scale?: number; excluded?: Uint8Array } = {},
): { people: Int32Array; weighted: Float64Array } {
  const scale = options.scale ?? DEFAULTS.scale;
  const excluded = options.excluded ?? new Uint8Array(g.order);
  const { offsets, targets, weights } = g;
  const n = g.order;
  const people = new Int32Array(n);
  const weighted = new Float64Array(n);
  const best = new Float64Array(n);
  const stamp = new Int32Array(n);
  const touched = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    if (excluded[p]) continue;
    const mark = p + 1;
    let count = 0;
    for (let a = offsets[p]!, aEnd = offsets[p + 1]!; a < aEnd; a++) {
      const q = targets[a]!;
      if (q === p || excluded[q]) continue;
      const s1 = weights[a]! / scale;
      if (stamp[q] !== mark) {
        stamp[q] = mark;
        best[q] = s1;
        touched[count++] = q;
      } else if (s1 > best[q]!) best[q] = s1;
      for (let b = offsets[q]!, bEnd = offsets[q + 1]!; b < bEnd; b++) {
        const r = targets[b]!;
        if (r === p || excluded[r]) continue;
        const s2 = s1 * (weights[b]! / scale);
        if (stamp[r] !== mark) {
          stamp[r] = mark;
          best[r] = s2;
          touched[count++] = r;
        } else if (s2 > best[r]!) best[r] = s2;
      }
    }
    let sum = 0;
    for (let c = 0; c < count; c++) sum += best[touched[c]!]!;
    people[p] = count;
    weighted[p] = sum;
  }
  return { people, weighted };
}
