/**
 * The analytics' graph algorithms in Neo4j Graph Data Science: each call
 * projects the workspace's people joined by the given edges into a named
 * in-memory graph (the Cypher aggregation gds.graph.project), streams the
 * algorithm's result by person id, and drops the projection, also on failure.
 * GDS runs inside the Neo4j server (a plugin, GPLv3); Nurture only calls its
 * procedures over Bolt.
 */
import { randomUUID } from 'node:crypto';
import type { GraphAlgorithms, WeightedEdge } from '../store.port.js';
import { GDS } from './cypher.js';
import type { Transactions } from './transactions.js';
import { toNative } from './neo4j-values.js';

const num = (v: unknown): number => Number(toNative(v) ?? 0);

export function neo4jGraphAlgorithms(db: Transactions, version: string): GraphAlgorithms {
  /** Projects, runs `use` on the projection's name, drops it. */
  async function withProjection<T>(
    ws: string,
    edges: WeightedEdge[],
    undirected: boolean,
    use: (name: string, nodes: number) => Promise<T>,
  ): Promise<T> {
    const name = `nurture-${ws}-${randomUUID()}`;
    const rows = edges.map((e) => ({ s: e.source, t: e.target, w: e.weight }));
    const projected = await db.read(async (tx) => {
      const r = (await tx.run(undirected ? GDS.projectUndirected : GDS.projectDirected, { ws, name, rows })).records[0];
      return num(r?.get('nodes'));
    });
    try {
      return await use(name, projected);
    } finally {
      await db.read((tx) => tx.run(GDS.drop, { name })).catch(() => undefined);
    }
  }

  return {
    version,
    async personalizedPageRank(ws, edges, o) {
      return withProjection(ws, edges, false, async (name) =>
        db.read(async (tx) => {
          const out = new Map<string, number>();
          for (const r of (
            await tx.run(GDS.pageRank, {
              name,
              ws,
              sources: o.sources,
              damping: o.damping,
              maxIterations: o.maxIterations,
              tolerance: o.tolerance,
            })
          ).records)
            out.set(r.get('id') as string, num(r.get('score')));
          return out;
        }),
      );
    },
    async louvain(ws, edges, o) {
      return withProjection(ws, edges, true, async (name) =>
        db.read(async (tx) => {
          const params = { name, maxLevels: o.maxLevels ?? 10, tolerance: o.tolerance ?? 1e-4 };
          const community = new Map<string, number>();
          for (const r of (await tx.run(GDS.louvain, params)).records)
            community.set(r.get('id') as string, num(r.get('community')));
          const modularity = num((await tx.run(GDS.louvainStats, params)).records[0]?.get('modularity'));
          return { community, modularity };
        }),
      );
    },
    async betweenness(ws, edges, o) {
      return withProjection(ws, edges, true, async (name, nodes) =>
        db.read(async (tx) => {
          const out = new Map<string, number>();
          // GDS's raw score on an undirected graph is NetworkX's unnormalised one: normalised, 2 / ((n-1)(n-2)).
          const scale = nodes > 2 ? 2 / ((nodes - 1) * (nodes - 2)) : 0;
          const sampling = o.samplingSize !== undefined && o.samplingSize < nodes;
          for (const r of (
            await tx.run(sampling ? GDS.betweennessSampled : GDS.betweenness, {
              name,
              samplingSize: o.samplingSize ?? nodes,
              samplingSeed: o.samplingSeed ?? 42,
            })
          ).records)
            out.set(r.get('id') as string, num(r.get('score')) * scale);
          return out;
        }),
      );
    },
  };
}
