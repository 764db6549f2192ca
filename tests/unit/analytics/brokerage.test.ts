import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { constraint } from '../../../server/analytics/brokerage/constraint.js';
import { effectiveSize } from '../../../server/analytics/brokerage/effective-size.js';
import { twoHopReach } from '../../../server/analytics/reach/two-hop-reach.js';

function undirected(edges: [string, string, number?][], extra: string[] = []): Graph {
  const g = new Graph({ type: 'undirected' });
  for (const n of extra) g.addNode(n);
  for (const [a, b, w] of edges) g.mergeEdge(a, b, w === undefined ? {} : { weight: w, strength: w });
  return g;
}

describe("Burt's constraint and effective size: errors first", () => {
  it('expects an undirected graph', () => {
    const d = new Graph({ type: 'directed' });
    d.mergeDirectedEdge('a', 'b');
    expect(() => constraint(d)).toThrow(/nurture\/analytics\/brokerage\/constraint: expects an undirected graph/);
    expect(() => effectiveSize(d)).toThrow(
      /nurture\/analytics\/brokerage\/effective-size: expects an undirected graph/,
    );
  });
  it('rejects what is not a graph', () => {
    expect(() => constraint('g' as never)).toThrow(/not a graphology instance/);
  });
});

describe("Burt's constraint and effective size: tiny graphs, exact values", () => {
  it('a star: the centre is a broker, the leaves are constrained', () => {
    const g = undirected([
      ['c', 'x'],
      ['c', 'y'],
      ['c', 'z'],
    ]);
    expect(constraint(g)).toEqual({ c: 1 / 3, x: 1, y: 1, z: 1 });
    expect(effectiveSize(g)).toEqual({ c: 3, x: 1, y: 1, z: 1 });
  });
  it('a triangle: every contact is redundant', () => {
    const g = undirected([
      ['a', 'b'],
      ['b', 'c'],
      ['a', 'c'],
    ]);
    const c = constraint(g);
    for (const n of ['a', 'b', 'c']) expect(c[n]).toBeCloseTo(2 * (0.5 + 0.25) ** 2, 12);
    const e = effectiveSize(g);
    for (const n of ['a', 'b', 'c']) expect(e[n]).toBeCloseTo(1, 12);
  });
  it('weights are proportions of attention: b split 1:3 has constraint 1/16 + 9/16', () => {
    const g = undirected([
      ['a', 'b', 1],
      ['b', 'c', 3],
    ]);
    expect(constraint(g, { getEdgeWeight: 'weight' }).b).toBeCloseTo(10 / 16, 12);
    expect(effectiveSize(g, { getEdgeWeight: 'weight' }).b).toBeCloseTo(2, 12);
  });
  it('an isolated node has neither (null)', () => {
    const g = undirected([['a', 'b']], ['alone']);
    expect(constraint(g).alone).toBeNull();
    expect(effectiveSize(g).alone).toBeNull();
  });
});

describe('two-hop reach', () => {
  const path = undirected([
    ['a', 'b', 50],
    ['b', 'c', 40],
    ['c', 'd', 20],
  ]);
  it('counts each person once, at the warmth of the best route', () => {
    const r = twoHopReach(path);
    expect(r.a!.people).toBe(2);
    expect(r.a!.weighted).toBeCloseTo(0.5 + 0.5 * 0.4, 12);
    expect(r.b!.people).toBe(3);
    expect(r.b!.weighted).toBeCloseTo(0.5 + 0.4 + 0.4 * 0.2, 12);
  });
  it('neither counts nor walks through excluded people', () => {
    const r = twoHopReach(path, { exclude: ['b'] });
    expect(r.a).toEqual({ people: 0, weighted: 0 });
    expect(r.c!.people).toBe(1);
    expect(r.c!.weighted).toBeCloseTo(0.2, 12);
  });
  it('rejects excluding someone not in the graph', () => {
    expect(() => twoHopReach(path, { exclude: ['zed'] })).toThrow(
      /nurture\/analytics\/reach\/two-hop-reach: option "exclude" names node "zed"/,
    );
  });
});

describe('constraint and effective size in one pass', () => {
  it('gives the same values as the two measures one at a time', async () => {
    const { structuralHolesCompact } = await import('../../../server/analytics/brokerage/structural-holes.js');
    const { compactGraph } = await import('../../../server/analytics/graph/compact-graph.js');
    const g = undirected(
      [
        ['a', 'b', 3],
        ['a', 'c', 2],
        ['b', 'c', 5],
        ['c', 'd', 1],
        ['d', 'e', 4],
        ['d', 'f', 2],
        ['e', 'f', 6],
        ['f', 'g', 1],
      ],
      ['alone'],
    );
    const both = structuralHolesCompact(compactGraph(g, { getEdgeWeight: 'weight' }));
    const c = constraint(g, { getEdgeWeight: 'weight' });
    const e = effectiveSize(g, { getEdgeWeight: 'weight' });
    g.nodes().forEach((node, i) => {
      if (node === 'alone') {
        expect(Number.isNaN(both.constraint[i])).toBe(true);
        return;
      }
      expect(both.constraint[i]).toBeCloseTo(c[node]!, 12);
      expect(both.effectiveSize[i]).toBeCloseTo(e[node]!, 12);
    });
  });
});
