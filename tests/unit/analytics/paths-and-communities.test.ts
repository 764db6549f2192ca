import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { louvainCommunities } from '../../../server/analytics/communities/louvain-communities.js';
import { warmIntroductionPaths } from '../../../server/analytics/paths/warm-introduction-paths.js';

function strengths(edges: [string, string, number][]): Graph {
  const g = new Graph({ type: 'undirected' });
  for (const [a, b, strength] of edges) g.mergeEdge(a, b, { strength });
  return g;
}

describe('warm introduction paths: errors first', () => {
  const g = strengths([['me', 'a', 50]]);
  it('names unknown sources and targets, and bad k', () => {
    expect(() => warmIntroductionPaths(g, 'zed', ['a'])).toThrow(
      /nurture\/analytics\/paths\/warm-introduction-paths: source "zed" is not in the graph/,
    );
    expect(() => warmIntroductionPaths(g, 'me', ['zed'])).toThrow(/target "zed" is not in the graph/);
    expect(() => warmIntroductionPaths(g, 'me', ['a'], { k: 0 })).toThrow(/option "k"/);
  });
});

describe('warm introduction paths (Yen over −ln strength)', () => {
  // Routes from me to t: via a (0.9·0.5 = .45), via b (0.6·0.6 = .36), via c–d (0.9·0.9·0.9 = .729), directly (.2).
  const g = strengths([
    ['me', 'a', 90],
    ['a', 't', 50],
    ['me', 'b', 60],
    ['b', 't', 60],
    ['me', 'c', 90],
    ['c', 'd', 90],
    ['d', 't', 90],
    ['me', 't', 20],
  ]);
  it('finds the three warmest chains, warmest first, maximising the product of strengths', () => {
    const paths = warmIntroductionPaths(g, 'me', ['t']);
    expect(paths.map((p) => p.nodes)).toEqual([
      ['me', 'c', 'd', 't'],
      ['me', 'a', 't'],
      ['me', 'b', 't'],
    ]);
    expect(paths.map((p) => p.warmth)).toEqual([0.9 ** 3, 0.45, 0.36].map((w) => expect.closeTo(w, 12)));
    expect(paths[1]!.strengths).toEqual([90, 50]);
  });
  it('reaches an organisation through its first member on the way, and skips ties below minStrength', () => {
    const paths = warmIntroductionPaths(g, 'me', ['t', 'd'], { k: 2, minStrength: 55 });
    expect(paths.map((p) => p.nodes)).toEqual([
      ['me', 'c', 'd'],
      ['me', 'b', 't'],
    ]);
  });
  it('returns nothing when no warm route exists', () => {
    expect(
      warmIntroductionPaths(
        strengths([
          ['me', 'a', 50],
          ['x', 'y', 50],
        ]),
        'me',
        ['y'],
      ),
    ).toEqual([]);
  });
});

describe('Louvain communities', () => {
  it('rejects directed graphs and bad weights', () => {
    const d = new Graph({ type: 'directed' });
    expect(() => louvainCommunities(d)).toThrow(
      /nurture\/analytics\/communities\/louvain-communities: expects an undirected graph/,
    );
    expect(() => louvainCommunities(strengths([['a', 'b', -1]]))).toThrow(/weights must be finite and ≥ 0/);
  });
  it('splits two strong triangles joined by a weak tie, reproducibly', () => {
    const g = strengths([
      ['a', 'b', 80],
      ['b', 'c', 80],
      ['a', 'c', 80],
      ['d', 'e', 80],
      ['e', 'f', 80],
      ['d', 'f', 80],
      ['c', 'd', 5],
    ]);
    const r = louvainCommunities(g);
    expect(r.count).toBe(2);
    expect(r.communities.a).toBe(r.communities.b);
    expect(r.communities.a).toBe(r.communities.c);
    expect(r.communities.d).toBe(r.communities.f);
    expect(r.communities.a).not.toBe(r.communities.d);
    expect(louvainCommunities(g)).toEqual(r);
    expect(r.modularity).toBeGreaterThan(0.4);
  });
  it('leaves excluded nodes (me) as singletons and does not merge circles through them', () => {
    const g = strengths([
      ['a', 'b', 80],
      ['c', 'd', 80],
      ['me', 'a', 90],
      ['me', 'b', 90],
      ['me', 'c', 90],
      ['me', 'd', 90],
    ]);
    const r = louvainCommunities(g, { exclude: ['me'] });
    expect(r.communities.a).toBe(r.communities.b);
    expect(r.communities.a).not.toBe(r.communities.c);
    expect([r.communities.a, r.communities.c]).not.toContain(r.communities.me);
  });
  it('gives everyone their own community when no tie has weight', () => {
    const r = louvainCommunities(strengths([['me', 'a', 90]]), { exclude: ['me'] });
    expect(r).toEqual({ communities: { me: 0, a: 1 }, count: 2, modularity: 0 });
  });
});
