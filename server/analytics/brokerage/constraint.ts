/**
 * Burt's constraint
 * =================
 *
 * R. S. Burt, "Structural Holes: The Social Structure of Competition", Harvard
 * University Press, 1992, ch. 2; as NetworkX's `constraint`:
 *
 *   c_i = Σ_{j ∈ N(i)} ( p_ij + Σ_{q ∈ N(i), q ≠ j} p_iq · p_qj )²,
 *   p_ij = w_ij / Σ_k w_ik.
 *
 * Low constraint means contacts who do not know each other: a broker. Tie
 * weights are STRENGTHS here (a proportion of the ego's time and energy), not
 * distances. Undirected graphs only; self-loops are ignored; an isolated node
 * has no constraint (null).
 */
import type { AbstractGraph } from 'graphology-types';
import { analyticsError } from '../util/analytics-error.js';
import { type CompactGraph, type EdgeWeightGetter, compactGraph } from '../graph/compact-graph.js';
import { forEachEgoTriad, tieTotals } from './ego-triads.js';

const ORIGIN = 'brokerage/constraint';

export const DEFAULTS = {
  /** Tie strength; null weighs every tie 1. */
  getEdgeWeight: null as EdgeWeightGetter,
};

export type ConstraintOptions = Partial<typeof DEFAULTS>;

export function constraint(graph: AbstractGraph, options: ConstraintOptions = {}): Record<string, number | null> {
  const o = { ...DEFAULTS, ...options };
  const g = compactGraph(graph, { getEdgeWeight: o.getEdgeWeight, origin: ORIGIN, merge: 'sum' });
  const values = constraintCompact(g);
  const out: Record<string, number | null> = {};
  for (let i = 0; i < g.order; i++) out[g.nodes[i]!] = Number.isNaN(values[i]) ? null : values[i]!;
  return out;
}

/** Constraint by node index; NaN for isolated nodes. */
export function constraintCompact(g: CompactGraph): Float64Array {
  if (g.directed) throw analyticsError(ORIGIN, 'expects an undirected graph (ties are mutual)');
  const { offsets, targets, weights } = g;
  const { total, degree } = tieTotals(g);
  const out = new Float64Array(g.order);
  const slot = new Int32Array(g.order).fill(-1);
  let maxDegree = 0;
  for (let i = 0; i < g.order; i++) maxDegree = Math.max(maxDegree, offsets[i + 1]! - offsets[i]!);
  const indirect = new Float64Array(maxDegree);

  for (let i = 0; i < g.order; i++) {
    if (degree[i] === 0) {
      out[i] = NaN;
      continue;
    }
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    const ti = total[i]!;
    indirect.fill(0, 0, end - start);
    forEachEgoTriad(g, i, slot, (aiq, aij, aqj) => {
      const tq = total[targets[aiq]!]!;
      if (ti > 0 && tq > 0) indirect[aij - start]! += (weights[aiq]! / ti) * (weights[aqj]! / tq);
    });
    let c = 0;
    for (let a = start; a < end; a++) {
      if (targets[a] === i) continue;
      const direct = ti > 0 ? weights[a]! / ti : 0;
      const local = direct + indirect[a - start]!;
      c += local * local;
    }
    out[i] = c;
  }
  return out;
}
