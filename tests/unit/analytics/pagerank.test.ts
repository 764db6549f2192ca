import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { pagerank } from '../../../server/analytics/centrality/pagerank.js';

function directed(edges: [string, string, number?][]): Graph {
  const g = new Graph({ type: 'directed' });
  for (const [a, b, weight] of edges) g.mergeEdge(a, b, weight === undefined ? {} : { weight });
  return g;
}

describe('pagerank: errors first', () => {
  it('rejects what is not a graphology graph, naming its origin', () => {
    expect(() => pagerank({} as never)).toThrow(
      /nurture\/analytics\/centrality\/pagerank: the given graph is not a graphology instance/,
    );
  });
  it('rejects alpha outside [0, 1]', () => {
    expect(() => pagerank(directed([['a', 'b']]), { alpha: 1.5 })).toThrow(
      /option "alpha" must be a number in \[0, 1\]/,
    );
  });
  it('rejects a personalisation naming an unknown node, or giving nobody weight', () => {
    expect(() => pagerank(directed([['a', 'b']]), { personalization: { zed: 1 } })).toThrow(
      /names node "zed", which is not in the graph/,
    );
    expect(() => pagerank(directed([['a', 'b']]), { personalization: { a: 0 } })).toThrow(
      /must give some node a positive weight/,
    );
  });
  it('rejects negative weights', () => {
    expect(() => pagerank(directed([['a', 'b', -1]]))).toThrow(/weights must be finite and ≥ 0/);
  });
  it('says when it did not converge', () => {
    const g = directed([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['a', 'c'],
    ]);
    expect(() => pagerank(g, { maxIterations: 1, tolerance: 1e-15 })).toThrow(/failed to converge in 1 iterations/);
  });
});

describe('pagerank: tiny graphs, exact values', () => {
  it('a two-cycle splits rank evenly', () => {
    const r = pagerank(
      directed([
        ['a', 'b'],
        ['b', 'a'],
      ]),
    );
    expect(r.a).toBeCloseTo(0.5, 12);
    expect(r.b).toBeCloseTo(0.5, 12);
  });
  it('personalised to a with b dangling: x_a = 1/(1+α), x_b = α/(1+α)', () => {
    const r = pagerank(directed([['a', 'b']]), { personalization: { a: 1 } });
    expect(r.a).toBeCloseTo(1 / 1.85, 10);
    expect(r.b).toBeCloseTo(0.85 / 1.85, 10);
  });
  it('weights split a node’s rank in proportion', () => {
    // a → b (3), a → c (1), b and c dangling, personalised to a.
    const r = pagerank(
      directed([
        ['a', 'b', 3],
        ['a', 'c', 1],
      ]),
      { personalization: { a: 1 } },
    );
    // x_a = (1-α) + α(x_b + x_c) = (1-α) + α·α·x_a  ⇒ x_a = 1/(1+α); x_b = ¾ α x_a; x_c = ¼ α x_a.
    const xa = 1 / 1.85;
    expect(r.a).toBeCloseTo(xa, 9);
    expect(r.b).toBeCloseTo(0.75 * 0.85 * xa, 9);
    expect(r.c).toBeCloseTo(0.25 * 0.85 * xa, 9);
  });
  it('does not touch its input', () => {
    const g = directed([['a', 'b', 2]]);
    const before = JSON.stringify(g.export());
    pagerank(g);
    expect(JSON.stringify(g.export())).toBe(before);
  });
});
