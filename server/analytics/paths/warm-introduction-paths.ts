/**
 * Warm introduction paths
 * =======================
 *
 * The k warmest chains of people from me to a person, or to anyone at an
 * organisation: the k paths maximising Π s_hop / 100, found as the k shortest
 * loopless paths under the distance −ln(s / 100) (J. Y. Yen, "Finding the K
 * shortest loopless paths in a network", Management Science 17(11), 1971;
 * Dijkstra 1959 for each spur). A path ends at the first target it reaches;
 * ties weaker than `minStrength` are not walked.
 */
import type { AbstractGraph } from 'graphology-types';
import { analyticsError, checkInteger, checkNumber } from '../util/analytics-error.js';
import { IndexedHeap } from '../util/indexed-heap.js';
import { type CompactGraph, type EdgeWeightGetter, compactGraph } from '../graph/compact-graph.js';

const ORIGIN = 'paths/warm-introduction-paths';

export const DEFAULTS = {
  /** Tie strength on 0..100. */
  getEdgeStrength: 'strength' as EdgeWeightGetter,
  k: 3,
  /** Ties weaker than this are not used for introductions. */
  minStrength: 1,
};

export type WarmPathOptions = Partial<typeof DEFAULTS>;

export interface WarmPath {
  nodes: string[];
  /** Strength of each hop, in order. */
  strengths: number[];
  /** Π strength / 100. */
  warmth: number;
}

/** The k warmest paths from `source` to any of `targets` in a graph whose edges carry strengths. */
export function warmIntroductionPaths(
  graph: AbstractGraph,
  source: string,
  targets: readonly string[],
  options: WarmPathOptions = {},
): WarmPath[] {
  const o = { ...DEFAULTS, ...options };
  checkInteger(ORIGIN, 'k', o.k, 1, 100);
  checkNumber(ORIGIN, 'minStrength', o.minStrength, 0, 100);
  const g = compactGraph(graph, { getEdgeWeight: o.getEdgeStrength, origin: ORIGIN, merge: 'sum' });
  const s = g.index.get(source);
  if (s === undefined) throw analyticsError(ORIGIN, `source "${source}" is not in the graph`);
  const isTarget = new Uint8Array(g.order);
  for (const t of targets) {
    const i = g.index.get(t);
    if (i === undefined) throw analyticsError(ORIGIN, `target "${t}" is not in the graph`);
    if (i !== s) isTarget[i] = 1;
  }
  const distance = strengthDistances(g.weights, o.minStrength);
  return kWarmestCompact({ ...g, weights: distance }, s, isTarget, o.k).map((p) => ({
    nodes: p.nodes.map((i) => g.nodes[i]!),
    strengths: p.arcs.map((a) => g.weights[a]!),
    warmth: Math.exp(-p.distance),
  }));
}

/** −ln(s/100) per arc; +∞ below `minStrength` (never walked). */
export function strengthDistances(strengths: Float64Array, minStrength: number): Float64Array {
  const d = new Float64Array(strengths.length);
  for (let a = 0; a < strengths.length; a++) {
    const s = Math.min(100, strengths[a]!);
    d[a] = s < minStrength || s <= 0 ? Infinity : -Math.log(s / 100);
  }
  return d;
}

export interface CompactPath {
  nodes: number[];
  arcs: number[];
  distance: number;
}

/** Yen's k shortest loopless paths over a compact graph whose weights are distances. */
export function kWarmestCompact(g: CompactGraph, source: number, isTarget: Uint8Array, k: number): CompactPath[] {
  const search = new SpurSearch(g, isTarget);
  const first = search.run(source, new Uint8Array(g.order), new Set());
  if (!first) return [];
  const found: CompactPath[] = [first];
  const candidates: CompactPath[] = [];
  const seen = new Set<string>([first.nodes.join(',')]);
  while (found.length < k) {
    const previous = found[found.length - 1]!;
    for (let i = 0; i < previous.nodes.length - 1; i++) {
      const spur = previous.nodes[i]!;
      const root = previous.nodes.slice(0, i + 1);
      const blockedArcs = new Set<number>();
      for (const p of found) {
        if (p.nodes.length > i + 1 && root.every((v, j) => p.nodes[j] === v)) blockedArcs.add(p.arcs[i]!);
      }
      const blockedNodes = new Uint8Array(g.order);
      for (let j = 0; j < i; j++) blockedNodes[root[j]!] = 1;
      const tail = search.run(spur, blockedNodes, blockedArcs);
      if (!tail) continue;
      const rootArcs = previous.arcs.slice(0, i);
      let rootDistance = 0;
      for (const a of rootArcs) rootDistance += g.weights[a]!;
      const path: CompactPath = {
        nodes: [...root.slice(0, -1), ...tail.nodes],
        arcs: [...rootArcs, ...tail.arcs],
        distance: rootDistance + tail.distance,
      };
      const key = path.nodes.join(',');
      if (!seen.has(key)) {
        seen.add(key);
        candidates.push(path);
      }
    }
    if (candidates.length === 0) break;
    let best = 0;
    for (let c = 1; c < candidates.length; c++) if (candidates[c]!.distance < candidates[best]!.distance) best = c;
    found.push(candidates.splice(best, 1)[0]!);
  }
  return found;
}

/** Dijkstra from one node to the nearest target, avoiding blocked nodes and arcs; targets are not passed through. */
class SpurSearch {
  private readonly dist: Float64Array;
  private readonly via: Int32Array;
  private readonly heap: IndexedHeap;
  constructor(
    private readonly g: CompactGraph,
    private readonly isTarget: Uint8Array,
  ) {
    this.dist = new Float64Array(g.order).fill(Infinity);
    this.via = new Int32Array(g.order).fill(-1);
    this.heap = new IndexedHeap(g.order, this.dist);
  }

  run(source: number, blockedNodes: Uint8Array, blockedArcs: Set<number>): CompactPath | null {
    const { offsets, targets, weights } = this.g;
    const dist = this.dist;
    const touched: number[] = [source];
    dist[source] = 0;
    this.heap.push(source);
    let reached = -1;
    while (this.heap.size > 0) {
      const v = this.heap.pop();
      if (this.isTarget[v] && v !== source) {
        reached = v;
        break;
      }
      for (let a = offsets[v]!, end = offsets[v + 1]!; a < end; a++) {
        const w = targets[a]!;
        if (blockedNodes[w] || w === source || blockedArcs.has(a)) continue;
        const d = dist[v]! + weights[a]!;
        if (d < dist[w]! && !this.heap.settled(w)) {
          if (dist[w] === Infinity) {
            touched.push(w);
            dist[w] = d;
            this.heap.push(w);
          } else {
            dist[w] = d;
            this.heap.decrease(w);
          }
          this.via[w] = a;
        }
      }
    }
    let path: CompactPath | null = null;
    if (reached >= 0) {
      const nodes = [reached];
      const arcs: number[] = [];
      for (let v = reached; v !== source; ) {
        const a = this.via[v]!;
        arcs.push(a);
        v = this.arcSource(a, v);
        nodes.push(v);
      }
      path = { nodes: nodes.reverse(), arcs: arcs.reverse(), distance: dist[reached]! };
    }
    for (const v of touched) {
      dist[v] = Infinity;
      this.via[v] = -1;
    }
    this.heap.reset(Int32Array.from(touched), touched.length);
    return path;
  }

  /** The tail of arc `a` (which ends at `head`): binary search of the offsets. */
  private arcSource(a: number, _head: number): number {
    const offsets = this.g.offsets;
    let lo = 0;
    let hi = this.g.order - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (offsets[mid]! <= a) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
