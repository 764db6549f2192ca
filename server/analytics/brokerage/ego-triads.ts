/**
 * Triads around one ego
 * =====================
 *
 * For ego i, every pair of its contacts (q, j) that are themselves tied: the
 * "i–q–j" two-paths that Burt's constraint and effective size sum over. Each
 * q's list is intersected with i's by whichever side is cheaper (walk q's
 * sorted arcs against a slot table of i's contacts, or binary-search q's arcs
 * for each of i's contacts), so a hub contact costs O(deg(i)·log deg(hub)),
 * not O(deg(hub)): O(m·√m) over all egos (Chiba & Nishizeki, "Arboricity and
 * subgraph listing algorithms", SIAM J. Comput. 1985).
 */
import { type CompactGraph, findArc } from '../graph/compact-graph.js';

/**
 * `slot[j]` must be -1 for every node on entry; it is restored on exit.
 * `visit(aiq, aij, aqj)` receives arc positions (i→q, i→j, q→j), q ≠ j, both ≠ i.
 */
export function forEachEgoTriad(
  g: CompactGraph,
  i: number,
  slot: Int32Array,
  visit: (aiq: number, aij: number, aqj: number) => void,
): void {
  const { offsets, targets } = g;
  const start = offsets[i]!;
  const end = offsets[i + 1]!;
  const degree = end - start;
  for (let a = start; a < end; a++) if (targets[a] !== i) slot[targets[a]!] = a;
  for (let aiq = start; aiq < end; aiq++) {
    const q = targets[aiq]!;
    if (q === i) continue;
    const qStart = offsets[q]!;
    const qEnd = offsets[q + 1]!;
    const qDegree = qEnd - qStart;
    if (qDegree <= 4 * degree) {
      for (let aqj = qStart; aqj < qEnd; aqj++) {
        const j = targets[aqj]!;
        const aij = slot[j]!;
        if (aij >= 0 && j !== q) visit(aiq, aij, aqj);
      }
    } else {
      for (let aij = start; aij < end; aij++) {
        const j = targets[aij]!;
        if (j === q || j === i) continue;
        const aqj = findArc(g, q, j);
        if (aqj >= 0) visit(aiq, aij, aqj);
      }
    }
  }
  for (let a = start; a < end; a++) slot[targets[a]!] = -1;
}

/** Σ of arc weights per node (self-loops left out) and the largest, for Burt's proportions. */
export function tieTotals(g: CompactGraph): { total: Float64Array; max: Float64Array; degree: Int32Array } {
  const total = new Float64Array(g.order);
  const max = new Float64Array(g.order);
  const degree = new Int32Array(g.order);
  for (let i = 0; i < g.order; i++) {
    for (let a = g.offsets[i]!; a < g.offsets[i + 1]!; a++) {
      if (g.targets[a] === i) continue;
      const w = g.weights[a]!;
      total[i]! += w;
      if (w > max[i]!) max[i] = w;
      degree[i]!++;
    }
  }
  return { total, max, degree };
}
