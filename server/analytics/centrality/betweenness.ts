/**
 * Betweenness centrality: exact and source-sampled
 * ================================================
 *
 * Exact: U. Brandes, "A faster algorithm for betweenness centrality", Journal of
 * Mathematical Sociology 25(2), 2001 — one BFS (or Dijkstra) per source, then
 * dependencies δ_s(v) = Σ_{w: v ∈ P_s(w)} σ_sv/σ_sw · (1 + δ_s(w)) accumulated
 * in reverse order of distance.
 *
 * Sampled: U. Brandes & C. Pich, "Centrality estimation in large networks",
 * IJBC 17(7), 2007 — k pivot sources drawn uniformly without replacement (seeded),
 * dependencies extrapolated by n/k. Each pivot's δ_s(v)/(n−2) lies in [0,1], so by
 * Hoeffding's inequality the normalised estimate of any one node is within
 * ε = sqrt(ln(2/δ) / 2k) of the exact value with probability ≥ 1 − δ (sampling
 * without replacement only tightens this, Serfling 1974); `errorBound` reports ε.
 *
 * Edge values are DISTANCES (`getEdgeDistance`), as in graphology-metrics and
 * NetworkX: pass a short distance for a strong tie (the analytics use
 * −ln(strength/100)), or null for hop counts. Normalisation follows NetworkX:
 * 1/((n−1)(n−2)) when normalised; otherwise undirected sums are halved.
 */
import type { AbstractGraph } from 'graphology-types';
import { analyticsError, checkInteger, checkNumber } from '../util/analytics-error.js';
import { lcg } from '../../../shared/domain/random.js';
import { LazyHeap } from '../util/lazy-heap.js';
import { type CompactGraph, type EdgeWeightGetter, collect, compactGraph, transpose } from '../graph/compact-graph.js';

const ORIGIN = 'centrality/betweenness';

export const DEFAULTS = {
  /** Edge attribute (or getter) read as a distance; null counts hops. */
  getEdgeDistance: null as EdgeWeightGetter,
  normalized: true,
  /** 'auto' is exact up to `exactMaxNodes`, sampled above. */
  mode: 'auto' as 'auto' | 'exact' | 'sampled',
  exactMaxNodes: 2000,
  /** Pivot sources when sampling. */
  samples: 1000,
  /** Cap on arc relaxations when sampling (sources × arcs); null for no cap. */
  maxWork: null as number | null,
  /** Fewest pivots the work cap may leave. */
  minSamples: 16,
  seed: 42,
  /** 1 − δ for the reported Hoeffding error bound. */
  confidence: 0.95,
};

export type BetweennessOptions = Partial<typeof DEFAULTS>;

export interface BetweennessResult {
  centrality: Record<string, number>;
  mode: 'exact' | 'sampled';
  sources: number;
  /** Max error of one node's normalised value at `confidence`; 0 when exact. */
  errorBound: number;
}

export interface CompactBetweennessOptions {
  /** Use the compact graph's weights as distances (else hop counts). */
  weighted?: boolean;
  normalized?: boolean;
  /** Source nodes; null for all (exact). */
  sources?: Int32Array | null;
}

export function betweenness(graph: AbstractGraph, options: BetweennessOptions = {}): BetweennessResult {
  const o = { ...DEFAULTS, ...options };
  if (!['auto', 'exact', 'sampled'].includes(o.mode))
    throw analyticsError(ORIGIN, `option "mode" must be auto, exact or sampled (got ${String(o.mode)})`);
  checkInteger(ORIGIN, 'exactMaxNodes', o.exactMaxNodes, 0);
  checkInteger(ORIGIN, 'samples', o.samples, 1);
  checkNumber(ORIGIN, 'confidence', o.confidence, 0, 1);
  const g = compactGraph(graph, { getEdgeWeight: o.getEdgeDistance, origin: ORIGIN, merge: 'min' });
  const plan = samplingPlan(g.order, o, g.targets.length);
  const scores = betweennessCompact(g, {
    weighted: o.getEdgeDistance !== null,
    normalized: o.normalized,
    sources: plan.sources,
  });
  return {
    centrality: collect(g, scores),
    mode: plan.mode,
    sources: plan.sources?.length ?? g.order,
    errorBound: plan.errorBound,
  };
}

/** Which sources to run from: all (exact) or a seeded sample, with the error bound that implies. */
export function samplingPlan(
  n: number,
  o: Partial<Pick<typeof DEFAULTS, 'maxWork' | 'minSamples'>> &
    Pick<typeof DEFAULTS, 'mode' | 'exactMaxNodes' | 'samples' | 'seed' | 'confidence'>,
  arcs = 0,
): { mode: 'exact' | 'sampled'; sources: Int32Array | null; errorBound: number } {
  const sampled = o.mode === 'sampled' || (o.mode === 'auto' && n > o.exactMaxNodes);
  let k = o.samples;
  if (sampled && o.maxWork != null && arcs > 0)
    k = Math.min(k, Math.max(o.minSamples ?? DEFAULTS.minSamples, Math.floor(o.maxWork / arcs)));
  if (!sampled || k >= n) return { mode: 'exact', sources: null, errorBound: 0 };
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  const random = lcg(o.seed);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  const delta = 1 - o.confidence;
  return { mode: 'sampled', sources: pool.slice(0, k), errorBound: Math.sqrt(Math.log(2 / delta) / (2 * k)) };
}

/** Brandes over a compact graph; scores by node index, extrapolated by n/k when sources are sampled. */
export function betweennessCompact(g: CompactGraph, options: CompactBetweennessOptions = {}): Float64Array {
  const weighted = options.weighted ?? false;
  const normalized = options.normalized ?? DEFAULTS.normalized;
  const n = g.order;
  const { offsets, targets, weights } = g;
  if (weighted) {
    for (let a = 0; a < weights.length; a++) {
      if (!(weights[a]! > 0))
        throw analyticsError(
          ORIGIN,
          `distances must be > 0 (an arc has ${weights[a]}); a zero distance makes shortest paths ambiguous`,
        );
    }
  }
  const back = weighted ? transpose(g) : g;
  const sources = options.sources ?? null;
  const k = sources ? sources.length : n;

  const bc = new Float64Array(n);
  const sigma = new Float64Array(n);
  const delta = new Float64Array(n);
  const order = new Int32Array(n);
  const hops = new Int32Array(n).fill(-1);
  const dist = new Float64Array(n).fill(Infinity);
  const heap = weighted ? new LazyHeap(n) : null;
  const succ = new Int32Array(weighted ? 0 : offsets[n]!);
  const succStart = new Int32Array(weighted ? 0 : n + 1);
  const coefficient = new Float64Array(weighted ? 0 : n);
  const settled = new Uint8Array(weighted ? n : 0);

  for (let si = 0; si < k; si++) {
    const s = sources ? sources[si]! : si;
    let count = 0;
    sigma[s] = 1;
    if (!heap) {
      // BFS, recording each node's successors in the shortest-path DAG as it is expanded
      // (contiguous per node), then dependencies pulled back along them in reverse order:
      // δ(v) = σ(v) · Σ_{w ∈ succ(v)} (1 + δ(w)) / σ(w).
      hops[s] = 0;
      order[count++] = s;
      let p = 0;
      for (let head = 0; head < count; head++) {
        const v = order[head]!;
        succStart[head] = p;
        const next = hops[v]! + 1;
        const sv = sigma[v]!;
        for (let a = offsets[v]!, end = offsets[v + 1]!; a < end; a++) {
          const w = targets[a]!;
          const hw = hops[w]!;
          if (hw === -1) {
            hops[w] = next;
            order[count++] = w;
            sigma[w]! += sv;
            succ[p++] = w;
          } else if (hw === next) {
            sigma[w]! += sv;
            succ[p++] = w;
          }
        }
      }
      succStart[count] = p;
      for (let c = count - 1; c >= 0; c--) {
        const v = order[c]!;
        let pull = 0;
        for (let q = succStart[c]!, end = succStart[c + 1]!; q < end; q++) pull += coefficient[succ[q]!]!;
        const dv = sigma[v]! * pull;
        coefficient[v] = (1 + dv) / sigma[v]!;
        if (c > 0) bc[v]! += dv;
      }
      for (let c = 0; c < count; c++) {
        const v = order[c]!;
        hops[v] = -1;
        sigma[v] = 0;
      }
    } else {
      dist[s] = 0;
      heap.push(0, s);
      while (heap.size > 0) {
        const v = heap.pop();
        if (settled[v] || heap.key > dist[v]!) continue;
        settled[v] = 1;
        order[count++] = v;
        const dv = dist[v]!;
        const sv = sigma[v]!;
        for (let a = offsets[v]!, end = offsets[v + 1]!; a < end; a++) {
          const w = targets[a]!;
          const d = dv + weights[a]!;
          const dw = dist[w]!;
          if (d < dw) {
            dist[w] = d;
            sigma[w] = sv;
            heap.push(d, w);
          } else if (d === dw) {
            sigma[w]! += sv;
          }
        }
      }
      for (let c = count - 1; c > 0; c--) {
        const w = order[c]!;
        const coefficient = (1 + delta[w]!) / sigma[w]!;
        const dw = dist[w]!;
        for (let a = back.offsets[w]!, end = back.offsets[w + 1]!; a < end; a++) {
          const v = back.targets[a]!;
          if (dist[v]! + back.weights[a]! === dw) delta[v]! += sigma[v]! * coefficient;
        }
        bc[w]! += delta[w]!;
      }
      for (let c = 0; c < count; c++) {
        const v = order[c]!;
        dist[v] = Infinity;
        sigma[v] = 0;
        delta[v] = 0;
        settled[v] = 0;
      }
    }
  }

  let scale = sources ? n / k : 1;
  if (normalized) scale *= n > 2 ? 1 / ((n - 1) * (n - 2)) : 1;
  else if (!g.directed) scale *= 0.5;
  if (scale !== 1) for (let i = 0; i < n; i++) bc[i]! *= scale;
  return bc;
}
