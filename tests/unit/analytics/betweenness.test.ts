import Graph from 'graphology';
import graphologyBetweenness from 'graphology-metrics/centrality/betweenness.js';
import { describe, expect, it } from 'vitest';
import {
  DEFAULTS,
  betweenness,
  betweennessCompact,
  samplingPlan,
} from '../../../server/analytics/centrality/betweenness.js';
import { compactGraph } from '../../../server/analytics/graph/compact-graph.js';
import { holmeKimGraph } from '../../fixtures/analytics/generated-graphs.js';

function undirected(edges: [string, string, Record<string, number>?][]): Graph {
  const g = new Graph({ type: 'undirected' });
  for (const [a, b, attributes] of edges) g.mergeEdge(a, b, attributes ?? {});
  return g;
}

describe('betweenness: errors first', () => {
  it('rejects what is not a graph and unknown modes', () => {
    expect(() => betweenness(null as never)).toThrow(
      /nurture\/analytics\/centrality\/betweenness: the given graph is not a graphology instance/,
    );
    expect(() => betweenness(undirected([['a', 'b']]), { mode: 'fast' as never })).toThrow(
      /option "mode" must be auto, exact or sampled/,
    );
  });
  it('rejects zero distances, which make shortest paths ambiguous', () => {
    expect(() => betweenness(undirected([['a', 'b', { d: 0 }]]), { getEdgeDistance: 'd' })).toThrow(
      /distances must be > 0/,
    );
  });
  it('rejects a sample count below 1', () => {
    expect(() => betweenness(undirected([['a', 'b']]), { samples: 0 })).toThrow(/option "samples"/);
  });
});

describe('betweenness: tiny graphs, exact values', () => {
  it('the middle of a path carries every path between the ends', () => {
    const g = undirected([
      ['a', 'b'],
      ['b', 'c'],
    ]);
    expect(betweenness(g).centrality).toEqual({ a: 0, b: 1, c: 0 });
    expect(betweenness(g, { normalized: false }).centrality).toEqual({ a: 0, b: 1, c: 0 });
  });
  it('two equal shortest paths share the credit', () => {
    const g = undirected([
      ['a', 'b'],
      ['b', 'd'],
      ['a', 'c'],
      ['c', 'd'],
    ]);
    const c = betweenness(g, { normalized: false }).centrality;
    expect(c.b).toBe(0.5);
    expect(c.c).toBe(0.5);
  });
  it('reports exact mode with no error bound for small graphs', () => {
    const r = betweenness(
      undirected([
        ['a', 'b'],
        ['b', 'c'],
      ]),
    );
    expect(r).toMatchObject({ mode: 'exact', sources: 3, errorBound: 0 });
  });
});

describe('weights are distances: a strong tie must be short (pinned)', () => {
  // a–b–d strong (90), a–c–d weak (10): the real broker between a and d is b.
  const strength = { ab: 90, bd: 90, ac: 10, cd: 10 };
  const g = undirected(
    (Object.entries(strength) as [string, number][]).map(([k, s]) => [
      k[0]!,
      k[1]!,
      { strength: s, distance: -Math.log(s / 100) },
    ]),
  );
  it('graphology-metrics reads `weight`-style attributes as distances: given strengths it credits the weak path', () => {
    const wrong = graphologyBetweenness(g, { getEdgeWeight: 'strength', normalized: false });
    expect(wrong.c).toBeGreaterThan(0);
    expect(wrong.b).toBe(0);
  });
  it('with −ln(strength/100) distances the strong path wins, and ours agrees with graphology-metrics', () => {
    const ours = betweenness(g, { getEdgeDistance: 'distance', normalized: false }).centrality;
    expect(ours.b).toBe(1);
    expect(ours.c).toBe(0);
    const theirs = graphologyBetweenness(g, { getEdgeWeight: 'distance', normalized: false });
    for (const node of g.nodes()) expect(ours[node]).toBeCloseTo(theirs[node]!, 12);
  });
});

describe('sampled betweenness (Brandes–Pich)', () => {
  it('plans k distinct seeded sources and states its Hoeffding bound', () => {
    const plan = samplingPlan(1000, { mode: 'sampled', exactMaxNodes: 0, samples: 100, seed: 7, confidence: 0.95 });
    expect(plan.mode).toBe('sampled');
    expect(new Set(plan.sources).size).toBe(100);
    expect(plan.errorBound).toBeCloseTo(Math.sqrt(Math.log(2 / 0.05) / 200), 12);
    expect(
      samplingPlan(1000, { mode: 'sampled', exactMaxNodes: 0, samples: 100, seed: 7, confidence: 0.95 }).sources,
    ).toEqual(plan.sources);
  });
  it('a work cap lowers the pivots, never below minSamples', () => {
    const plan = samplingPlan(
      10_000,
      { mode: 'sampled', exactMaxNodes: 0, samples: 800, seed: 1, confidence: 0.95, maxWork: 1e6, minSamples: 16 },
      100_000,
    );
    expect(plan.sources!.length).toBe(16);
  });
  it('keeps at least 90 of the exact top 100 on a 10,000-node Holme–Kim graph (seeded)', () => {
    const g = compactGraph(holmeKimGraph(10_000, 5, 0.5, 1), { getEdgeWeight: null });
    expect(g.targets.length / 2).toBeGreaterThan(49_000);
    const exact = betweennessCompact(g);
    const plan = samplingPlan(g.order, { ...DEFAULTS, mode: 'auto' });
    expect(plan.sources!.length).toBe(DEFAULTS.samples);
    expect(plan.mode).toBe('sampled');
    const sampled = betweennessCompact(g, { sources: plan.sources });
    const top = (xs: Float64Array) =>
      new Set(
        Array.from(xs.keys())
          .sort((x, y) => xs[y]! - xs[x]! || x - y)
          .slice(0, 100),
      );
    const exactTop = top(exact);
    const kept = [...top(sampled)].filter((v) => exactTop.has(v)).length;
    expect(kept).toBeGreaterThanOrEqual(90);
  });
});
