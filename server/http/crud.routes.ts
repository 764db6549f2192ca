import { z } from 'zod';
import { Id } from '../../shared/index.js';
import type { CrudService } from '../core/crud.service.js';
import { route, type RouteSpec } from './route.js';

export const IdParams = z.strictObject({ id: Id });

/** The five routes of one kind of record, declared from its shared schemas. */
export function crudRoutes<T, C, U, Q>(opts: {
  path: string;
  tag: string;
  label: string;
  service: CrudService<T, C, U, Q>;
  schemas: { item: z.ZodType; page: z.ZodType; create: z.ZodType; update: z.ZodType; query: z.ZodType };
  /** Fields added to the create answer (e.g. the mistake detector's warnings), with the answer's schema. */
  created?: { schema: z.ZodType; extra: (workspaceId: string, record: T) => Promise<Record<string, unknown>> };
  /** The same for the answer of a change (PATCH). */
  updated?: { schema: z.ZodType; extra: (workspaceId: string, record: T) => Promise<Record<string, unknown>> };
}): RouteSpec[] {
  const { path, tag, label, service, schemas } = opts;
  return [
    route({
      method: 'get',
      path,
      tag,
      summary: `List ${label} records (paged, filtered)`,
      query: schemas.query,
      response: schemas.page,
      handler: ({ workspaceId, query }) => service.list(workspaceId, query as Q),
    }),
    route({
      method: 'post',
      path,
      tag,
      summary: `Create a ${label}`,
      body: schemas.create,
      response: opts.created?.schema ?? schemas.item,
      status: 201,
      handler: async ({ workspaceId, body, req, res, principal }) => {
        const r = await service.create(workspaceId, body as C, principal);
        res.location(`${req.baseUrl}${path}/${(r as { id: string }).id}`);
        return opts.created ? { ...r, ...(await opts.created.extra(workspaceId, r)) } : r;
      },
    }),
    route({
      method: 'get',
      path: `${path}/:id`,
      tag,
      summary: `Get one ${label}`,
      params: IdParams,
      response: schemas.item,
      handler: ({ workspaceId, params }) => service.get(workspaceId, params.id),
    }),
    route({
      method: 'patch',
      path: `${path}/:id`,
      tag,
      summary: `Change fields of a ${label}`,
      params: IdParams,
      body: schemas.update,
      response: opts.updated?.schema ?? schemas.item,
      handler: async ({ workspaceId, params, body }) => {
        const r = await service.update(workspaceId, params.id, body as U);
        return opts.updated ? { ...r, ...(await opts.updated.extra(workspaceId, r)) } : r;
      },
    }),
    route({
      method: 'delete',
      path: `${path}/:id`,
      tag,
      summary: `Delete a ${label}`,
      params: IdParams,
      status: 204,
      handler: ({ workspaceId, params, principal }) =>
        service.remove(workspaceId, params.id, principal?.userId ?? null),
    }),
  ];
}
