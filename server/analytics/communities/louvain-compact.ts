/**
 * Louvain over the compact adjacency
 * ==================================
 *
 * V. D. Blondel, J.-L. Guillaume, R. Lambiotte & E. Lefebvre, "Fast unfolding of
 * communities in large networks", J. Stat. Mech. 2008: repeat (1) local moving —
 * each node, in a seeded random order, joins the neighbouring community with the
 * best modularity gain (fast local moves: after the first pass only the neighbours
 * of a node that moved are visited again)
 *
 *   ΔQ(i → C) ∝ k_{i,C} − γ · Σ_tot(C) · k_i / 2m
 *
 * until no node moves — then (2) aggregation of communities into nodes, until a
 * level changes nothing. Q = Σ_C [ Σ_in(C)/2m − γ (Σ_tot(C)/2m)² ]. The same
 * algorithm as graphology-communities-louvain (which louvain-communities.ts
 * wraps for graphology graphs), in typed arrays so the analysis need not build a
 * graphology graph of a million ties first. Excluded nodes weigh nothing and stay
 * singletons; arcs must be symmetric (an undirected compact graph).
 */
import { analyticsError, checkInteger, checkNumber } from '../util/analytics-error.js';
import { lcg } from '../../../shared/domain/random.js';
import type { CompactGraph } from '../graph/compact-graph.js';

const ORIGIN = 'communities/louvain-compact';

export const DEFAULTS = {
  resolution: 1,
  seed: 42,
  /** A node moves only when that improves Q by more than this. */
  tolerance: 1e-10,
  maxLevels: 32,
};

export interface CompactLouvainOptions extends Partial<typeof DEFAULTS> {
  /** Arcs with weight 0 here are ignored (e.g. ties to "me" or below a strength). */
  weights?: Float64Array;
  excluded?: Uint8Array;
}

export interface CompactLouvainResult {
  /** Community of each node, numbered 0.. in order of first appearance. */
  community: Int32Array;
  count: number;
  modularity: number;
}

interface Level {
  n: number;
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
  /** Weight of each node's self-loop (internal weight of an aggregated community), counted once per end. */
  loops: Float64Array;
}

export function louvainCompact(g: CompactGraph, options: CompactLouvainOptions = {}): CompactLouvainResult {
  const o = { ...DEFAULTS, ...options };
  if (g.directed) throw analyticsError(ORIGIN, 'expects an undirected graph');
  const gamma = checkNumber(ORIGIN, 'resolution', o.resolution, 1e-9);
  checkInteger(ORIGIN, 'seed', o.seed, 0, 2 ** 32 - 1);
  const weights = o.weights ?? g.weights;
  if (weights.length !== g.targets.length) throw analyticsError(ORIGIN, 'option "weights" must have one entry per arc');
  const random = lcg(o.seed);

  // Level 0: the graph itself, excluded nodes and self-arcs dropped.
  const n = g.order;
  let level: Level = {
    n,
    offsets: g.offsets,
    targets: g.targets,
    weights: new Float64Array(weights.length),
    loops: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    for (let a = g.offsets[i]!; a < g.offsets[i + 1]!; a++) {
      const j = g.targets[a]!;
      const w = weights[a]!;
      if (!(w >= 0) || !Number.isFinite(w))
        throw analyticsError(ORIGIN, `arc ${a} has weight ${w}; weights must be finite and ≥ 0`);
      level.weights[a] = j === i || o.excluded?.[i] || o.excluded?.[j] ? 0 : w;
    }
  }
  const membership = new Int32Array(n);
  for (let i = 0; i < n; i++) membership[i] = i;
  let total2m = 0;
  for (let a = 0; a < level.weights.length; a++) total2m += level.weights[a]!;
  if (total2m === 0) return renumber(membership, 0);

  for (let depth = 0; depth < o.maxLevels; depth++) {
    const { community, moved } = localMoving(level, total2m, gamma, random, o.tolerance);
    if (!moved) break;
    const { next, map } = aggregate(level, community);
    for (let i = 0; i < n; i++) membership[i] = map[community[membership[i]!]!]!;
    level = next;
    if (level.n === 1) break;
  }
  const result = renumber(membership, 0);
  result.modularity = modularity(g, weights, result.community, gamma, o.excluded);
  return result;
}

function localMoving(
  level: Level,
  total2m: number,
  gamma: number,
  random: () => number,
  tolerance: number,
): { community: Int32Array; moved: boolean } {
  const { n, offsets, targets, weights, loops } = level;
  const community = new Int32Array(n);
  const degree = new Float64Array(n);
  const tot = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    community[i] = i;
    let k = 2 * loops[i]!;
    for (let a = offsets[i]!; a < offsets[i + 1]!; a++) k += weights[a]!;
    degree[i] = k;
    tot[i] = k;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const linkTo = new Float64Array(n);
  const seen = new Int32Array(n).fill(-1);
  const touched = new Int32Array(n);
  // Fast local moves (as graphology-communities-louvain's default; Traag 2015): every node once in
  // the random order, then only the neighbours of a node that moved (outside its new community), in
  // the order they were queued, until the queue is empty. A full sweep after the first would revisit
  // every settled node: on a large graph with equal weights, hundreds of sweeps for a few moves each.
  const queue = new Int32Array(n);
  const queued = new Uint8Array(n).fill(1);
  queue.set(order);
  let head = 0;
  let size = n;
  let moved = false;
  let visit = 0;
  while (size > 0) {
    visit++;
    const i = queue[head]!;
    head = head + 1 === n ? 0 : head + 1;
    size--;
    queued[i] = 0;
    const ki = degree[i]!;
    if (ki === 0) continue;
    const own = community[i]!;
    let count = 0;
    for (let a = offsets[i]!; a < offsets[i + 1]!; a++) {
      const w = weights[a]!;
      if (w === 0) continue;
      const c = community[targets[a]!]!;
      if (seen[c] !== visit) {
        seen[c] = visit;
        linkTo[c] = 0;
        touched[count++] = c;
      }
      linkTo[c]! += w;
    }
    tot[own]! -= ki;
    const stay = (seen[own] === visit ? linkTo[own]! : 0) - (gamma * tot[own]! * ki) / total2m;
    let best = own;
    let bestGain = stay;
    for (let t = 0; t < count; t++) {
      const c = touched[t]!;
      const g = linkTo[c]! - (gamma * tot[c]! * ki) / total2m;
      if (g > bestGain || (g === bestGain && c < best && c !== own && g > stay)) {
        best = c;
        bestGain = g;
      }
    }
    tot[best]! += ki;
    if (best !== own && bestGain - stay > tolerance * total2m) {
      community[i] = best;
      moved = true;
      for (let a = offsets[i]!; a < offsets[i + 1]!; a++) {
        const j = targets[a]!;
        if (weights[a] === 0 || queued[j] || community[j] === best) continue;
        queued[j] = 1;
        queue[(head + size) % n] = j;
        size++;
      }
    } else if (best !== own) {
      // A gain below the tolerance is no move.
      tot[best]! -= ki;
      tot[own]! += ki;
    }
  }
  return { community, moved };
}

/** Communities become nodes; parallel arcs summed; internal weight kept as a self-loop. */
function aggregate(level: Level, community: Int32Array): { next: Level; map: Int32Array } {
  const { n, offsets, targets, weights, loops } = level;
  const map = new Int32Array(n).fill(-1);
  let m = 0;
  for (let i = 0; i < n; i++) if (map[community[i]!] === -1) map[community[i]!] = m++;
  const members = new Int32Array(n);
  const start = new Int32Array(m + 1);
  for (let i = 0; i < n; i++) start[map[community[i]!]! + 1]!++;
  for (let c = 0; c < m; c++) start[c + 1]! += start[c]!;
  const cursor = start.slice(0, m);
  for (let i = 0; i < n; i++) members[cursor[map[community[i]!]!]!++] = i;

  const nextLoops = new Float64Array(m);
  const acc = new Float64Array(m);
  const seen = new Int32Array(m).fill(-1);
  const touched = new Int32Array(m);
  const outOffsets = new Int32Array(m + 1);
  const outTargets = new Int32Array(targets.length);
  const outWeights = new Float64Array(targets.length);
  let p = 0;
  for (let c = 0; c < m; c++) {
    outOffsets[c] = p;
    let count = 0;
    for (let k = start[c]!; k < start[c + 1]!; k++) {
      const i = members[k]!;
      nextLoops[c]! += loops[i]!;
      for (let a = offsets[i]!; a < offsets[i + 1]!; a++) {
        const w = weights[a]!;
        if (w === 0) continue;
        const d = map[community[targets[a]!]!]!;
        if (d === c) {
          nextLoops[c]! += w / 2;
          continue;
        }
        if (seen[d] !== c) {
          seen[d] = c;
          acc[d] = 0;
          touched[count++] = d;
        }
        acc[d]! += w;
      }
    }
    for (let t = 0; t < count; t++) {
      const d = touched[t]!;
      outTargets[p] = d;
      outWeights[p++] = acc[d]!;
    }
  }
  outOffsets[m] = p;
  return {
    next: {
      n: m,
      offsets: outOffsets,
      targets: outTargets.subarray(0, p),
      weights: outWeights.subarray(0, p),
      loops: nextLoops,
    },
    map,
  };
}

function renumber(membership: Int32Array, modularityValue: number): CompactLouvainResult {
  const map = new Map<number, number>();
  const community = new Int32Array(membership.length);
  for (let i = 0; i < membership.length; i++) {
    let c = map.get(membership[i]!);
    if (c === undefined) map.set(membership[i]!, (c = map.size));
    community[i] = c;
  }
  return { community, count: map.size, modularity: modularityValue };
}

/** Newman–Girvan modularity of a partition (excluded nodes' ties weigh 0). */
export function modularity(
  g: CompactGraph,
  weights: Float64Array,
  community: Int32Array,
  gamma = 1,
  excluded?: Uint8Array,
): number {
  let total2m = 0;
  let inside = 0;
  const tot = new Float64Array(g.order);
  for (let i = 0; i < g.order; i++) {
    for (let a = g.offsets[i]!; a < g.offsets[i + 1]!; a++) {
      const j = g.targets[a]!;
      const w = j === i || excluded?.[i] || excluded?.[j] ? 0 : weights[a]!;
      total2m += w;
      tot[community[i]!]! += w;
      if (community[i] === community[j]) inside += w;
    }
  }
  if (total2m === 0) return 0;
  let q = inside / total2m;
  for (let c = 0; c < g.order; c++) q -= gamma * (tot[c]! / total2m) ** 2;
  return q;
}
