/**
 * The network of the current workspace, fetched once and shared by the
 * explorer, the table and the quadrant chart; forgotten when the workspace
 * changes or something is written.
 */
import { GraphViewSchema } from '../../../shared/index.js';
import { apiContext, getJson } from '../api.js';
import { type GraphModel, toModel } from './graph-model.js';

let cached: { workspaceId: string | null; model: Promise<GraphModel> } | null = null;

export function loadGraph(options: { fresh?: boolean } = {}): Promise<GraphModel> {
  if (!options.fresh && cached && cached.workspaceId === apiContext.workspaceId) return cached.model;
  const model = getJson('/api/v1/analytics/graph', GraphViewSchema).then((view) => {
    performance.mark('nurture:graph-parsed');
    return toModel(view);
  });
  cached = { workspaceId: apiContext.workspaceId, model };
  model.catch(() => {
    if (cached?.model === model) cached = null;
  });
  return model;
}

/** Called after every write: the next view asks again. */
export function forgetGraph(): void {
  cached = null;
}
