/** GET /api/v1/analytics/graph: the whole network for the graph explorer, as columns (see network-graph.ts). */
import { GraphViewQuery, GraphViewSchema, type GraphView } from '../../shared/index.js';
import type { AppDeps } from '../app-deps.js';
import { route, type RouteSpec } from '../http/route.js';
import { networkGraphs } from './network-graph.js';
import { viewOf } from './analysis.routes.js';

export function networkGraphRoutes({ analytics, store }: AppDeps): RouteSpec[] {
  const networkGraph = networkGraphs({ current: (ws) => analytics.current(ws), snapshot: (ws) => store.snapshot(ws) });
  return [
    route({
      method: 'get',
      path: '/analytics/graph',
      tag: 'analytics',
      query: GraphViewQuery,
      response: GraphViewSchema,
      summary:
        'The whole network for the graph explorer: people with stage, strength to me, partner score and community; ties with strength and whether they are online-only (columns)',
      handler: async ({ workspaceId, query, principal }): Promise<GraphView> =>
        (await networkGraph(viewOf(workspaceId, principal), query)).view,
    }),
  ];
}
