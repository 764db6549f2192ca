/**
 * Compact adjacency (CSR)
 * =======================
 *
 * Compressed sparse row storage of a graphology graph: node i's arcs are
 * `targets[offsets[i] .. offsets[i+1])` with `weights` alongside, targets sorted
 * ascending (so two neighbourhoods intersect by merge or binary search). An
 * undirected edge becomes two arcs. The layout follows the CSR format of
 * sparse-matrix codes (Saad, "Iterative Methods for Sparse Linear Systems",
 * 2003, §3.4); graphology-indices' NeighborhoodIndex is the same idea.
 *
 * The heavy kernels (PageRank, Brandes, constraint) run over this, never over
 * graphology's object graph: typed arrays keep the inner loops monomorphic.
 */
import type { AbstractGraph, Attributes } from 'graphology-types';
import { analyticsError } from '../util/analytics-error.js';

/** An attribute name, a function of the edge, or null for 1 on every edge (graphology's convention). */
export type EdgeWeightGetter =
  | string
  | ((edge: string, attributes: Attributes, source: string, target: string) => number)
  | null;

export interface CompactGraph {
  readonly order: number;
  /** Index to node key, in `graph.nodes()` order. */
  readonly nodes: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly directed: boolean;
  /** Arcs of node i: offsets[i] .. offsets[i+1]; targets ascending unless built with `sorted: false`. */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly weights: Float64Array;
}

export interface CompactOptions {
  getEdgeWeight?: EdgeWeightGetter;
  /** Directed arcs point target → source (the transpose). */
  reverse?: boolean;
  /** Parallel edges of a multigraph: add their weights or keep the smallest (a distance). */
  merge?: 'sum' | 'min';
  /** Sort each node's arcs by target (needed to intersect neighbourhoods; PageRank does without). */
  sorted?: boolean;
  /** Names the caller in errors. */
  origin?: string;
}

const DEFAULTS = {
  getEdgeWeight: 'weight' as EdgeWeightGetter,
  reverse: false,
  merge: 'sum' as 'sum' | 'min',
  sorted: true,
  origin: 'graph/compact-graph',
};

export function isGraph(value: unknown): value is AbstractGraph {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as AbstractGraph).addUndirectedEdgeWithKey === 'function' &&
    typeof (value as AbstractGraph).forEachEdge === 'function'
  );
}

export function compactGraph(graph: AbstractGraph, options: CompactOptions = {}): CompactGraph {
  const o = { ...DEFAULTS, ...options };
  if (!isGraph(graph)) throw analyticsError(o.origin, 'the given graph is not a graphology instance');
  const getter = o.getEdgeWeight;
  if (getter !== null && typeof getter !== 'string' && typeof getter !== 'function') {
    throw analyticsError(o.origin, 'option "getEdgeWeight" must be an attribute name, a function or null');
  }

  const nodes = graph.nodes();
  const n = nodes.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set(nodes[i]!, i);

  const arcCapacity = graph.directedSize + 2 * graph.undirectedSize;
  const src = new Int32Array(arcCapacity);
  const dst = new Int32Array(arcCapacity);
  const w = new Float64Array(arcCapacity);
  let arcs = 0;
  // One pass over graphology's edges (its per-node iterators are far slower).
  graph.forEachEdge((edge, attributes, source, target, _sa, _ta, undirected) => {
    let weight = 1;
    if (typeof getter === 'string') {
      const v: unknown = attributes[getter];
      weight = typeof v === 'number' ? v : 1;
    } else if (getter) weight = getter(edge, attributes, source, target);
    if (!Number.isFinite(weight) || weight < 0) {
      throw analyticsError(
        o.origin,
        `edge ${edge} (${source}–${target}) has weight ${String(weight)}; weights must be finite and ≥ 0`,
      );
    }
    const s = index.get(source)!;
    const t = index.get(target)!;
    if (undirected) {
      src[arcs] = s;
      dst[arcs] = t;
      w[arcs++] = weight;
      if (s !== t) {
        src[arcs] = t;
        dst[arcs] = s;
        w[arcs++] = weight;
      }
    } else if (o.reverse) {
      src[arcs] = t;
      dst[arcs] = s;
      w[arcs++] = weight;
    } else {
      src[arcs] = s;
      dst[arcs] = t;
      w[arcs++] = weight;
    }
  });

  const grouped = o.sorted || graph.multi ? sortArcs(n, arcs, src, dst, w) : groupArcs(n, arcs, src, dst, w);
  const csr = graph.multi ? mergeParallel(n, grouped, o.merge) : grouped;
  return { order: n, nodes, index, directed: graph.type === 'directed' || graph.type === 'mixed', ...csr };
}

/** Arcs grouped by source in edge order (one counting sort): enough when targets need no order. */
function groupArcs(n: number, count: number, src: Int32Array, dst: Int32Array, w: Float64Array): Arcs {
  const offsets = new Int32Array(n + 1);
  for (let a = 0; a < count; a++) offsets[src[a]! + 1]!++;
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const cursor = offsets.slice(0, n);
  const targets = new Int32Array(count);
  const weights = new Float64Array(count);
  for (let a = 0; a < count; a++) {
    const p = cursor[src[a]!]!++;
    targets[p] = dst[a]!;
    weights[p] = w[a]!;
  }
  return { offsets, targets, weights };
}

interface Arcs {
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
}

/** Two stable counting sorts (by target, then by source): arcs grouped by source, targets ascending. */
export function sortArcs(n: number, count: number, src: Int32Array, dst: Int32Array, w: Float64Array): Arcs {
  const byTarget = new Int32Array(n + 1);
  for (let a = 0; a < count; a++) byTarget[dst[a]! + 1]!++;
  for (let i = 0; i < n; i++) byTarget[i + 1]! += byTarget[i]!;
  const order = new Int32Array(count);
  for (let a = 0; a < count; a++) order[byTarget[dst[a]!]!++] = a;

  const offsets = new Int32Array(n + 1);
  for (let a = 0; a < count; a++) offsets[src[a]! + 1]!++;
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const cursor = offsets.slice(0, n);
  const targets = new Int32Array(count);
  const weights = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const a = order[k]!;
    const p = cursor[src[a]!]!++;
    targets[p] = dst[a]!;
    weights[p] = w[a]!;
  }
  return { offsets, targets, weights };
}

function mergeParallel(n: number, { offsets, targets, weights }: Arcs, merge: 'sum' | 'min'): Arcs {
  const outOffsets = new Int32Array(n + 1);
  const outTargets = new Int32Array(targets.length);
  const outWeights = new Float64Array(targets.length);
  let p = 0;
  for (let i = 0; i < n; i++) {
    outOffsets[i] = p;
    for (let a = offsets[i]!; a < offsets[i + 1]!; a++) {
      if (p > outOffsets[i]! && outTargets[p - 1] === targets[a]) {
        outWeights[p - 1] =
          merge === 'sum' ? outWeights[p - 1]! + weights[a]! : Math.min(outWeights[p - 1]!, weights[a]!);
      } else {
        outTargets[p] = targets[a]!;
        outWeights[p++] = weights[a]!;
      }
    }
  }
  outOffsets[n] = p;
  return { offsets: outOffsets, targets: outTargets.slice(0, p), weights: outWeights.slice(0, p) };
}

/** The transpose (in-arcs as out-arcs) of a compact directed graph; an undirected one is its own. */
export function transpose(g: CompactGraph): CompactGraph {
  if (!g.directed) return g;
  const m = g.targets.length;
  const src = new Int32Array(m);
  for (let i = 0; i < g.order; i++) for (let a = g.offsets[i]!; a < g.offsets[i + 1]!; a++) src[a] = i;
  return { ...g, ...sortArcs(g.order, m, g.targets, src, g.weights) };
}

/** Position of arc i→j in the sorted arcs of i, or -1. */
export function findArc(g: Pick<CompactGraph, 'offsets' | 'targets'>, i: number, j: number): number {
  let lo = g.offsets[i]!;
  let hi = g.offsets[i + 1]! - 1;
  const t = g.targets;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = t[mid]!;
    if (v === j) return mid;
    if (v < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** A plain `{ node: value }` record from per-index values (graphology's `collect`). */
export function collect<T>(g: Pick<CompactGraph, 'nodes'>, values: ArrayLike<T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (let i = 0; i < g.nodes.length; i++) out[g.nodes[i]!] = values[i]!;
  return out;
}
