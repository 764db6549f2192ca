/** GET /api/v1/graph/export: the network as GEXF, GraphML or a zip of Neo4j import CSVs (streamed). */
import { pipeline } from 'node:stream/promises';
import { GraphExportQuery } from '../../shared/index.js';
import { viewOf } from '../analysis/analysis.routes.js';
import { networkGraphs } from '../analysis/network-graph.js';
import type { AppDeps } from '../app-deps.js';
import { route, type RouteSpec } from '../http/route.js';
import { graphExport } from './graph-export.service.js';

export function graphExportRoutes({ analytics, store }: AppDeps): RouteSpec[] {
  const networkGraph = networkGraphs({ current: (ws) => analytics.current(ws), snapshot: (ws) => store.snapshot(ws) });
  return [
    route({
      method: 'get',
      path: '/graph/export',
      tag: 'analytics',
      query: GraphExportQuery,
      produces: 'application/gexf+xml',
      summary:
        'The network for graph tools: GEXF 1.3 (Gephi), GraphML (yEd, Cytoscape) or a zip of the CSV files neo4j-admin imports; people as nodes (name, company, stage, partner score, community), ties as edges (strength, stage, kind)',
      handler: async ({ workspaceId, query, principal, res }) => {
        const graph = await networkGraph(viewOf(workspaceId, principal), { minStrength: query.minStrength });
        const out = graphExport(graph, query.format);
        await store.accounts.appendAudit({
          workspaceId,
          actorUserId: principal?.userId ?? null,
          action: 'graph.export',
          target: null,
          meta: { format: query.format, people: graph.view.people.id.length, ties: graph.view.ties.a.length },
        });
        res.status(200);
        res.setHeader('Content-Type', out.contentType);
        res.setHeader('Content-Disposition', `attachment; filename="${out.filename}"`);
        await pipeline(out.body, res);
        return undefined;
      },
    }),
  ];
}
