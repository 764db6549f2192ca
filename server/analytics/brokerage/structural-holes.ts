/**
 * Burt's constraint and effective size in one pass
 * ================================================
 *
 * R. S. Burt, "Structural Holes", 1992: both measures sum over the same two-paths
 * i–q–j around each ego, so the analysis enumerates those triads once and fills
 * both (brokerage/constraint.ts and brokerage/effective-size.ts give the same
 * values one measure at a time). Undirected; NaN for isolated nodes.
 */
import { analyticsError } from '../util/analytics-error.js';
import type { CompactGraph } from '../graph/compact-graph.js';
import { forEachEgoTriad, tieTotals } from './ego-triads.js';

const ORIGIN = 'brokerage/structural-holes';

export const DEFAULTS = {};

export function structuralHolesCompact(g: CompactGraph): { constraint: Float64Array; effectiveSize: Float64Array } {
  if (g.directed) throw analyticsError(ORIGIN, 'expects an undirected graph (ties are mutual)');
  const { offsets, targets, weights } = g;
  const { total, max, degree } = tieTotals(g);
  const constraint = new Float64Array(g.order);
  const effectiveSize = new Float64Array(g.order);
  const slot = new Int32Array(g.order).fill(-1);
  let maxDegree = 0;
  for (let i = 0; i < g.order; i++) maxDegree = Math.max(maxDegree, offsets[i + 1]! - offsets[i]!);
  const indirect = new Float64Array(maxDegree);
  for (let i = 0; i < g.order; i++) {
    if (degree[i] === 0) {
      constraint[i] = NaN;
      effectiveSize[i] = NaN;
      continue;
    }
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    const ti = total[i]!;
    indirect.fill(0, 0, end - start);
    let redundancy = 0;
    forEachEgoTriad(g, i, slot, (aiq, aij, aqj) => {
      if (!(ti > 0)) return;
      const piq = weights[aiq]! / ti;
      const tq = total[targets[aiq]!]!;
      if (tq > 0) indirect[aij - start]! += piq * (weights[aqj]! / tq);
      const mj = max[targets[aij]!]!;
      if (mj > 0) redundancy += piq * (weights[aqj]! / mj);
    });
    let c = 0;
    for (let a = start; a < end; a++) {
      if (targets[a] === i) continue;
      const local = (ti > 0 ? weights[a]! / ti : 0) + indirect[a - start]!;
      c += local * local;
    }
    constraint[i] = c;
    effectiveSize[i] = degree[i]! - redundancy;
  }
  return { constraint, effectiveSize };
}
