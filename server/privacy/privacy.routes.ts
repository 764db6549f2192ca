import { z } from 'zod';
import { ErasureCreate, ErasureUndoneSchema, HeldErasureSchema, LongText } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import type { AppDeps } from '../app-deps.js';
import { IdParams } from '../http/crud.routes.js';
import { route, type RouteSpec } from '../http/route.js';
import { privacyService } from './privacy.service.js';

const PrivateNote = z.strictObject({ text: LongText.nullable() }).meta({ id: 'PrivateNote' });

export function privacyRoutes({ store, feed, config }: AppDeps): RouteSpec[] {
  const privacy = privacyService(store, feed, {
    outboxDir: config.reports.outboxDir,
    undoMinutes: config.erasureUndoMinutes,
  });
  return [
    route({
      method: 'post',
      path: '/erasures',
      tag: 'privacy',
      access: 'write',
      summary:
        'Delete a person with a short undo: they are erased from every record, view and analysis at once; a copy of what went is held until `dueAt` (NURTURE_ERASURE_UNDO_MINUTES), then the erasure is finished. Audited',
      body: ErasureCreate,
      response: HeldErasureSchema,
      status: 201,
      handler: ({ workspaceId, body, principal }) =>
        privacy.holdErasure(workspaceId, body.personId, principal?.userId ?? null),
    }),
    route({
      method: 'get',
      path: '/erasures',
      tag: 'privacy',
      access: 'write',
      summary: 'People deleted and still held for undo, soonest erased first',
      response: z.array(HeldErasureSchema),
      handler: ({ workspaceId }) => privacy.listHeld(workspaceId),
    }),
    route({
      method: 'post',
      path: '/erasures/:id/undo',
      tag: 'privacy',
      access: 'write',
      summary:
        'Put a deleted person back, with the same id and every record (records naming someone erased since stay erased, counted in `leftOut`). 404 once the erasure is finished',
      params: IdParams,
      response: ErasureUndoneSchema,
      handler: ({ workspaceId, params, principal }) =>
        privacy.undoErasure(workspaceId, params.id, principal?.userId ?? null),
    }),
    route({
      method: 'post',
      path: '/erasures/:id/finish',
      tag: 'privacy',
      access: 'write',
      summary: 'Finish a held erasure now: the held copy goes, stored reports are scrubbed, the bytes overwritten',
      params: IdParams,
      status: 204,
      handler: async ({ workspaceId, params, principal }) => {
        await privacy.finishErasure(workspaceId, params.id, principal?.userId ?? null);
      },
    }),
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
