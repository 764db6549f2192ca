import { ImportRecordPage, ImportRecordQuery, WorkspaceSchema, WorkspaceUpdate } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import type { AppDeps } from '../app-deps.js';
import { route, type RouteSpec } from '../http/route.js';

export function workspaceRoutes({ store, feed }: AppDeps): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/workspace',
      tag: 'workspace',
      summary: 'The current workspace',
      response: WorkspaceSchema,
      handler: async ({ workspaceId }) =>
        (await store.getWorkspace(workspaceId)) ?? Promise.reject(AppError.notFound('workspace', workspaceId)),
    }),
    route({
      method: 'patch',
      path: '/workspace',
      tag: 'workspace',
      access: 'owner',
      summary: 'Rename the workspace or change its time zone',
      body: WorkspaceUpdate,
      response: WorkspaceSchema,
      handler: async ({ workspaceId, body }) => {
        const w = await store.updateWorkspace(workspaceId, body);
        if (!w) throw AppError.notFound('workspace', workspaceId);
        feed.publish(workspaceId, 'workspace');
        return w;
      },
    }),
    route({
      method: 'get',
      path: '/imports',
      tag: 'import',
      summary: 'Past imports with their provenance (newest first)',
      query: ImportRecordQuery,
      response: ImportRecordPage,
      handler: ({ workspaceId, query }) => store.listImports(workspaceId, query),
    }),
  ];
}
