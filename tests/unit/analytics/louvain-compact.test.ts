import { readFileSync } from 'node:fs';
import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import { describe, expect, it } from 'vitest';
import { louvainCompact, modularity } from '../../../server/analytics/communities/louvain-compact.js';
import { compactGraph } from '../../../server/analytics/graph/compact-graph.js';
import { lcg } from '../../../shared/domain/random.js';

function strengths(edges: [string, string, number][]): Graph {
  const g = new Graph({ type: 'undirected' });
  for (const [a, b, weight] of edges) g.mergeEdge(a, b, { weight });
  return g;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/analytics/networkx-reference.json', import.meta.url), 'utf8'),
) as {
  graphs: { name: string; directed: boolean; nodes: string[]; edges: [string, string, number, number][] }[];
};

describe('Louvain over the compact adjacency: errors first', () => {
  it('expects an undirected graph and one weight per arc', () => {
    const d = new Graph({ type: 'directed' });
    d.mergeDirectedEdge('a', 'b');
    expect(() => louvainCompact(compactGraph(d))).toThrow(
      /nurture\/analytics\/communities\/louvain-compact: expects an undirected graph/,
    );
    expect(() => louvainCompact(compactGraph(strengths([['a', 'b', 1]])), { weights: new Float64Array(5) })).toThrow(
      /one entry per arc/,
    );
  });
});

describe('Louvain over the compact adjacency', () => {
  it('splits two strong triangles joined by a weak tie, with exact modularity', () => {
    const g = compactGraph(
      strengths([
        ['a', 'b', 1],
        ['b', 'c', 1],
        ['a', 'c', 1],
        ['d', 'e', 1],
        ['e', 'f', 1],
        ['d', 'f', 1],
        ['c', 'd', 1],
      ]),
    );
    const r = louvainCompact(g);
    const c = (x: string) => r.community[g.index.get(x)!];
    expect(r.count).toBe(2);
    expect(new Set([c('a'), c('b'), c('c')]).size).toBe(1);
    expect(new Set([c('d'), c('e'), c('f')]).size).toBe(1);
    expect(c('a')).not.toBe(c('d'));
    expect(r.modularity).toBeCloseTo(2 * (3 / 7 - 0.25), 12);
  });
  it('leaves excluded nodes and untied nodes as singletons', () => {
    const g = compactGraph(
      strengths([
        ['a', 'b', 80],
        ['c', 'd', 80],
        ['me', 'a', 90],
        ['me', 'b', 90],
        ['me', 'c', 90],
        ['me', 'd', 90],
      ]),
    );
    const excluded = new Uint8Array(g.order);
    excluded[g.index.get('me')!] = 1;
    const r = louvainCompact(g, { excluded });
    const c = (x: string) => r.community[g.index.get(x)!];
    expect(c('a')).toBe(c('b'));
    expect(c('c')).toBe(c('d'));
    expect(c('a')).not.toBe(c('c'));
    expect([c('a'), c('c')]).not.toContain(c('me'));
    expect(r.count).toBe(3);
  });
  it('with no weight anywhere, everyone is alone and Q = 0', () => {
    const g = compactGraph(
      strengths([
        ['a', 'b', 0],
        ['b', 'c', 0],
      ]),
    );
    expect(louvainCompact(g)).toEqual({ community: Int32Array.from([0, 1, 2]), count: 3, modularity: 0 });
  });
  it('is reproducible for a seed', () => {
    const g = compactGraph(
      strengths(fixture.graphs.find((x) => x.name === 'les-miserables')!.edges.map(([a, b, w]) => [a, b, w])),
    );
    expect(louvainCompact(g, { seed: 3 })).toEqual(louvainCompact(g, { seed: 3 }));
  });
  it('finds partitions as good as graphology-communities-louvain on the reference graphs', () => {
    for (const ref of fixture.graphs.filter((x) => !x.directed)) {
      const graph = strengths(ref.edges.map(([a, b, w]) => [a, b, w]));
      const g = compactGraph(graph);
      const ours = louvainCompact(g);
      const theirs = louvain.detailed(graph, { getEdgeWeight: 'weight', rng: lcg(42) });
      expect(ours.modularity, ref.name).toBeGreaterThan(theirs.modularity - 0.02);
      // Our reported Q is the partition's true modularity.
      expect(ours.modularity).toBeCloseTo(modularity(g, g.weights, ours.community), 12);
      const theirPartition = Int32Array.from(g.nodes, (n) => theirs.communities[n]!);
      expect(modularity(g, g.weights, theirPartition), ref.name).toBeCloseTo(theirs.modularity, 9);
    }
  });
});
