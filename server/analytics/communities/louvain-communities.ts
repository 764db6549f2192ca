/**
 * Communities of the strength graph
 * =================================
 *
 * V. D. Blondel, J.-L. Guillaume, R. Lambiotte & E. Lefebvre, "Fast unfolding of
 * communities in large networks", J. Stat. Mech. 2008 (Louvain), through
 * graphology-communities-louvain, weighted by tie strength, with a seeded random
 * source so colours are stable run to run. Excluded nodes ("me", tied to
 * everyone in an ego network, would merge every circle into one) have their ties
 * weighed 0 and come out as singletons.
 */
import louvain from 'graphology-communities-louvain';
import type { AbstractGraph, Attributes } from 'graphology-types';
import { analyticsError, checkInteger, checkNumber } from '../util/analytics-error.js';
import { lcg } from '../../../shared/domain/random.js';
import { isGraph } from '../graph/compact-graph.js';

const ORIGIN = 'communities/louvain-communities';

export const DEFAULTS = {
  /** Tie strength: an attribute name or `(edge, attributes, source, target) => number`. */
  getEdgeWeight: 'strength' as
    | string
    | ((edge: string, attributes: Attributes, source: string, target: string) => number),
  resolution: 1,
  seed: 42,
  exclude: [] as string[],
};

export type LouvainOptions = Partial<typeof DEFAULTS>;

export interface LouvainResult {
  communities: Record<string, number>;
  count: number;
  modularity: number;
}

export function louvainCommunities(graph: AbstractGraph, options: LouvainOptions = {}): LouvainResult {
  const o = { ...DEFAULTS, ...options };
  if (!isGraph(graph)) throw analyticsError(ORIGIN, 'the given graph is not a graphology instance');
  if (graph.type !== 'undirected') throw analyticsError(ORIGIN, 'expects an undirected graph');
  checkNumber(ORIGIN, 'resolution', o.resolution, 1e-9);
  checkInteger(ORIGIN, 'seed', o.seed, 0, 2 ** 32 - 1);
  const excluded = new Set(o.exclude);
  const read = typeof o.getEdgeWeight === 'function' ? o.getEdgeWeight : null;
  const name = typeof o.getEdgeWeight === 'string' ? o.getEdgeWeight : null;
  if (!read && !name) throw analyticsError(ORIGIN, 'option "getEdgeWeight" must be an attribute name or a function');
  const weightOf = (edge: string, attributes: Attributes, source: string, target: string): number => {
    if (excluded.has(source) || excluded.has(target)) return 0;
    const w = read ? read(edge, attributes, source, target) : (attributes[name!] as unknown);
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
      throw analyticsError(ORIGIN, `edge ${edge} has weight ${String(w)}; weights must be finite and ≥ 0`);
    return w;
  };
  let total = 0;
  graph.forEachEdge((edge, attributes, source, target) => (total += weightOf(edge, attributes, source, target)));
  if (total === 0) {
    // Nothing to cluster: everyone is their own community.
    const communities: Record<string, number> = {};
    let c = 0;
    graph.forEachNode((node) => (communities[node] = c++));
    return { communities, count: c, modularity: 0 };
  }
  const detailed = louvain.detailed(graph, { resolution: o.resolution, rng: lcg(o.seed), getEdgeWeight: weightOf });
  return { communities: detailed.communities, count: detailed.count, modularity: detailed.modularity };
}
