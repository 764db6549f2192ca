/**
 * Personalised PageRank
 * =====================
 *
 * Page, Brin, Motwani & Winograd, "The PageRank citation ranking: bringing order
 * to the web", 1999; personalisation after Haveliwala, "Topic-sensitive
 * PageRank", WWW 2002. Power iteration, exactly as NetworkX's `pagerank`:
 *
 *   x ← α · (xᵀ P + (Σ_{dangling i} x_i) · d) + (1 − α) · v
 *
 * P is the row-normalised weight matrix, v the personalisation vector (uniform
 * by default), d the distribution of dangling mass (v by default). Iteration
 * stops when ‖x − x_prev‖₁ < N · tolerance (NetworkX's and graphology's test).
 *
 * Typed arrays over the compact adjacency, edge weights normalised once and two
 * buffers swapped instead of allocated per iteration.
 */
import type { AbstractGraph } from 'graphology-types';
import { analyticsError, checkInteger, checkNumber } from '../util/analytics-error.js';
import { type CompactGraph, type EdgeWeightGetter, collect, compactGraph } from '../graph/compact-graph.js';

const ORIGIN = 'centrality/pagerank';

export const DEFAULTS = {
  getEdgeWeight: 'weight' as EdgeWeightGetter,
  alpha: 0.85,
  maxIterations: 1000,
  /** Per node: the run stops when the summed change is below N × tolerance. */
  tolerance: 1e-10,
  /** Restart distribution `{ node: weight }`; null for uniform. */
  personalization: null as Record<string, number> | null,
  /** Where dangling nodes' mass goes; null for the personalisation vector. */
  dangling: null as Record<string, number> | null,
};

export type PagerankOptions = Partial<typeof DEFAULTS>;

export interface CompactPagerankOptions {
  alpha?: number;
  maxIterations?: number;
  tolerance?: number;
  personalization?: Float64Array | null;
  dangling?: Float64Array | null;
}

export interface PagerankResult {
  scores: Float64Array;
  iterations: number;
}

/** PageRank of every node of a graphology graph, `{ node: score }`, summing to 1. */
export function pagerank(graph: AbstractGraph, options: PagerankOptions = {}): Record<string, number> {
  const o = { ...DEFAULTS, ...options };
  const g = compactGraph(graph, { getEdgeWeight: o.getEdgeWeight, origin: ORIGIN, merge: 'sum', sorted: false });
  const { scores } = pagerankCompact(g, {
    alpha: o.alpha,
    maxIterations: o.maxIterations,
    tolerance: o.tolerance,
    personalization: o.personalization ? vectorOf(g, o.personalization, 'personalization') : null,
    dangling: o.dangling ? vectorOf(g, o.dangling, 'dangling') : null,
  });
  return collect(g, scores);
}

function vectorOf(g: CompactGraph, weights: Record<string, number>, name: string): Float64Array {
  const v = new Float64Array(g.order);
  for (const [node, w] of Object.entries(weights)) {
    checkNumber(ORIGIN, `${name}.${node}`, w, 0);
    const i = g.index.get(node);
    if (i === undefined)
      throw analyticsError(ORIGIN, `option "${name}" names node "${node}", which is not in the graph`);
    v[i] = w;
  }
  return v;
}

function normalised(v: Float64Array, name: string): Float64Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]!;
  if (!(sum > 0)) throw analyticsError(ORIGIN, `option "${name}" must give some node a positive weight`);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / sum;
  return out;
}

/** The kernel over a compact graph; returns scores by node index. */
export function pagerankCompact(g: CompactGraph, options: CompactPagerankOptions = {}): PagerankResult {
  const alpha = checkNumber(ORIGIN, 'alpha', options.alpha ?? DEFAULTS.alpha, 0, 1);
  const maxIterations = checkInteger(ORIGIN, 'maxIterations', options.maxIterations ?? DEFAULTS.maxIterations, 1);
  const tolerance = checkNumber(ORIGIN, 'tolerance', options.tolerance ?? DEFAULTS.tolerance, 0);
  const n = g.order;
  if (n === 0) return { scores: new Float64Array(0), iterations: 0 };
  for (const [name, v] of [
    ['personalization', options.personalization],
    ['dangling', options.dangling],
  ] as const) {
    if (v && v.length !== n) throw analyticsError(ORIGIN, `option "${name}" must have one entry per node (${n})`);
  }

  const v = options.personalization
    ? normalised(options.personalization, 'personalization')
    : new Float64Array(n).fill(1 / n);
  const d = options.dangling ? normalised(options.dangling, 'dangling') : v;

  const { offsets, targets, weights } = g;
  const outWeight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let a = offsets[i]!; a < offsets[i + 1]!; a++) s += weights[a]!;
    outWeight[i] = s;
  }
  const p = new Float64Array(weights.length);
  const dangling: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = outWeight[i]!;
    if (s === 0) dangling.push(i);
    else for (let a = offsets[i]!; a < offsets[i + 1]!; a++) p[a] = weights[a]! / s;
  }

  let x = options.personalization ? new Float64Array(n).fill(1 / n) : Float64Array.from(v);
  let next = new Float64Array(n);
  const restart = new Float64Array(n);
  for (let i = 0; i < n; i++) restart[i] = (1 - alpha) * v[i]!;

  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    let danglingSum = 0;
    for (let k = 0; k < dangling.length; k++) danglingSum += x[dangling[k]!]!;
    const spread = alpha * danglingSum;
    for (let j = 0; j < n; j++) next[j] = restart[j]! + spread * d[j]!;
    for (let i = 0; i < n; i++) {
      const end = offsets[i + 1]!;
      const xi = alpha * x[i]!;
      for (let a = offsets[i]!; a < end; a++) next[targets[a]!]! += xi * p[a]!;
    }
    let err = 0;
    for (let j = 0; j < n; j++) err += Math.abs(next[j]! - x[j]!);
    const swap = x;
    x = next;
    next = swap;
    if (err < n * tolerance) return { scores: x, iterations: iteration };
  }
  throw analyticsError(ORIGIN, `failed to converge in ${maxIterations} iterations (tolerance ${tolerance})`);
}
