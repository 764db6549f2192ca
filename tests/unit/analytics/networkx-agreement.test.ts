import { readFileSync } from 'node:fs';
import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { betweenness } from '../../../server/analytics/centrality/betweenness.js';
import { pagerank } from '../../../server/analytics/centrality/pagerank.js';
import { constraint } from '../../../server/analytics/brokerage/constraint.js';
import { effectiveSize } from '../../../server/analytics/brokerage/effective-size.js';

interface Reference {
  name: string;
  directed: boolean;
  nodes: string[];
  edges: [string, string, number, number][];
  pagerankSource: string;
  [metric: string]: unknown;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/analytics/networkx-reference.json', import.meta.url), 'utf8'),
) as { networkx: string; graphs: Reference[] };

function graphOf(ref: Reference): Graph {
  const g = new Graph({ type: ref.directed ? 'directed' : 'undirected' });
  for (const n of ref.nodes) g.addNode(n);
  for (const [u, v, weight, distance] of ref.edges) g.addEdge(u, v, { weight, distance });
  return g;
}

function expectClose(
  actual: Record<string, number | null>,
  expected: Record<string, number | null>,
  tolerance = 1e-6,
): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [node, want] of Object.entries(expected)) {
    const got = actual[node];
    if (want === null) expect(got, node).toBeNull();
    else expect(Math.abs((got as number) - want), `${node}: ${got} vs ${want}`).toBeLessThan(tolerance);
  }
}

describe(`agreement with NetworkX ${fixture.networkx} to 1e-6`, () => {
  for (const ref of fixture.graphs) {
    describe(ref.name, () => {
      const g = graphOf(ref);
      it('PageRank, unweighted', () => {
        expectClose(pagerank(g, { getEdgeWeight: null }), ref.pagerank as Record<string, number>);
      });
      it('PageRank, weighted', () => {
        expectClose(pagerank(g), ref.pagerankWeighted as Record<string, number>);
      });
      it('PageRank, personalised to one node', () => {
        expectClose(
          pagerank(g, { personalization: { [ref.pagerankSource]: 1 } }),
          ref.pagerankPersonalized as Record<string, number>,
        );
      });
      it('exact betweenness, hop counts, normalised and raw', () => {
        expectClose(betweenness(g, { mode: 'exact' }).centrality, ref.betweenness as Record<string, number>);
        expectClose(
          betweenness(g, { mode: 'exact', normalized: false }).centrality,
          ref.betweennessRaw as Record<string, number>,
        );
      });
      it('exact betweenness over distances', () => {
        expectClose(
          betweenness(g, { mode: 'exact', getEdgeDistance: 'distance' }).centrality,
          ref.betweennessDistance as Record<string, number>,
        );
      });
      if (!ref.directed) {
        it("Burt's constraint, unweighted and weighted", () => {
          expectClose(constraint(g), ref.constraint as Record<string, number | null>);
          expectClose(
            constraint(g, { getEdgeWeight: 'weight' }),
            ref.constraintWeighted as Record<string, number | null>,
          );
        });
        it("Burt's effective size, unweighted and weighted", () => {
          expectClose(effectiveSize(g), ref.effectiveSize as Record<string, number | null>);
          expectClose(
            effectiveSize(g, { getEdgeWeight: 'weight' }),
            ref.effectiveSizeWeighted as Record<string, number | null>,
          );
        });
      }
    });
  }
});
