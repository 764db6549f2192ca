/**
 * Burt's effective size
 * =====================
 *
 * R. S. Burt, "Structural Holes", 1992, p. 52; as NetworkX's `effective_size`:
 *
 *   E_i = Σ_{j ∈ N(i)} ( 1 − Σ_{q ∈ N(i), q ≠ j} p_iq · m_jq ),
 *   p_iq = w_iq / Σ_k w_ik,   m_jq = w_jq / max_k w_jk.
 *
 * The number of contacts less their redundancy: non-redundant contacts are the
 * ones that carry new information. Unweighted, this is Borgatti's n − 2t/n
 * ("Structural holes: unpacking Burt's redundancy measures", Connections 20(1),
 * 1997). Undirected only; self-loops ignored; an isolated node gives null.
 */
import type { AbstractGraph } from 'graphology-types';
import { analyticsError } from '../util/analytics-error.js';
import { type CompactGraph, type EdgeWeightGetter, compactGraph } from '../graph/compact-graph.js';
import { forEachEgoTriad, tieTotals } from './ego-triads.js';

const ORIGIN = 'brokerage/effective-size';

export const DEFAULTS = {
  /** Tie strength; null weighs every tie 1. */
  getEdgeWeight: null as EdgeWeightGetter,
};

export type EffectiveSizeOptions = Partial<typeof DEFAULTS>;

export function effectiveSize(graph: AbstractGraph, options: EffectiveSizeOptions = {}): Record<string, number | null> {
  const o = { ...DEFAULTS, ...options };
  const g = compactGraph(graph, { getEdgeWeight: o.getEdgeWeight, origin: ORIGIN, merge: 'sum' });
  const values = effectiveSizeCompact(g);
  const out: Record<string, number | null> = {};
  for (let i = 0; i < g.order; i++) out[g.nodes[i]!] = Number.isNaN(values[i]) ? null : values[i]!;
  return out;
}

/** Effective size by node index; NaN for isolated nodes. */
export function effectiveSizeCompact(g: CompactGraph): Float64Array {
  if (g.directed) throw analyticsError(ORIGIN, 'expects an undirected graph (ties are mutual)');
  const { targets, weights } = g;
  const { total, max, degree } = tieTotals(g);
  const out = new Float64Array(g.order);
  const slot = new Int32Array(g.order).fill(-1);
  for (let i = 0; i < g.order; i++) {
    if (degree[i] === 0) {
      out[i] = NaN;
      continue;
    }
    const ti = total[i]!;
    let redundancy = 0;
    forEachEgoTriad(g, i, slot, (aiq, aij, aqj) => {
      const mj = max[targets[aij]!]!;
      if (ti > 0 && mj > 0) redundancy += (weights[aiq]! / ti) * (weights[aqj]! / mj);
    });
    out[i] = degree[i]! - redundancy;
  }
  return out;
}
