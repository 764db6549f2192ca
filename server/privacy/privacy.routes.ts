import { z } from 'zod';
import { LongText } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import type { AppDeps } from '../app-deps.js';
import { IdParams } from '../http/crud.routes.js';
import { route, type RouteSpec } from '../http/route.js';
import { privacyService } from './privacy.service.js';

const PrivateNote = z.strictObject({ text: LongText.nullable() }).meta({ id: 'PrivateNote' });

export function privacyRoutes({ store, feed, config }: AppDeps): RouteSpec[] {
  const privacy = privacyService(store, feed, { outboxDir: config.reports.outboxDir });
  return [
    route({
      method: 'get',
      path: '/people/:id/export',
      tag: 'privacy',
      access: 'write',
      summary: 'Everything held about one person, as one JSON document (audited)',
      params: IdParams,
      handler: ({ workspaceId, params, principal }) =>
        privacy.exportPerson(workspaceId, params.id, principal?.userId ?? null),
    }),
    route({
      method: 'get',
      path: '/people/:id/private-note',
      tag: 'privacy',
      access: 'read',
      summary: 'My private note on a person (no other member sees it)',
      params: IdParams,
      response: PrivateNote,
      handler: async ({ workspaceId, params, principal }) => {
        if (!(await store.people.get(workspaceId, params.id))) throw AppError.notFound('person', params.id);
        return { text: await store.accounts.getPrivateNote(workspaceId, params.id, principal!.userId) };
      },
    }),
    route({
      method: 'put',
      path: '/people/:id/private-note',
      tag: 'privacy',
      access: 'read',
      summary: 'Write or clear (null) my private note on a person',
      params: IdParams,
      body: PrivateNote,
      response: PrivateNote,
      handler: async ({ workspaceId, params, principal, body }) => {
        await store.accounts.setPrivateNote(workspaceId, params.id, principal!.userId, body.text);
        return { text: body.text };
      },
    }),
  ];
}
