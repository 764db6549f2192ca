/**
 * /api/v1/duplicates and /api/v1/merges: the people who may be one human
 * (with the evidence), merging one into the other (keep left, keep right),
 * answering "not the same", and undoing a merge.
 */
import {
  DuplicateDismissBody,
  DuplicateList,
  DuplicateQuery,
  MergeBody,
  MergeList,
  MergeParams,
  MergeRecordSchema,
} from '../../shared/index.js';
import type { AppDeps } from '../app-deps.js';
import { route, type RouteSpec } from '../http/route.js';
import { duplicatesService } from './duplicates.service.js';

export function identityRoutes({ store, feed }: AppDeps): RouteSpec[] {
  const service = duplicatesService(store, feed);
  return [
    route({
      method: 'get',
      path: '/duplicates',
      tag: 'contacts',
      summary:
        'People who may be one human, strongest evidence first (same email, URL variant, same name and company, …)',
      query: DuplicateQuery,
      response: DuplicateList,
      handler: async ({ workspaceId, query }) => service.list(workspaceId, query.limit),
    }),
    route({
      method: 'post',
      path: '/duplicates/dismiss',
      tag: 'contacts',
      summary: 'Two people are not the same: the pair is not listed again',
      body: DuplicateDismissBody,
      status: 204,
      handler: async ({ workspaceId, body, principal }) => {
        await service.dismiss(workspaceId, body.aId, body.bId, principal?.userId ?? null);
        return undefined;
      },
    }),
    route({
      method: 'post',
      path: '/merges',
      tag: 'contacts',
      summary:
        'Merge a person into another (one transaction): their interactions, ties, introductions, referrals, pitches, consents, subscriptions, notes, tags and emails move onto the kept person',
      body: MergeBody,
      response: MergeRecordSchema,
      status: 201,
      handler: async ({ workspaceId, body, principal }) =>
        service.merge(workspaceId, body.keepId, body.mergeId, principal?.userId ?? null),
    }),
    route({
      method: 'get',
      path: '/merges',
      tag: 'contacts',
      summary: 'The merges made, newest first',
      response: MergeList,
      handler: async ({ workspaceId }) => ({ items: await service.merges(workspaceId) }),
    }),
    route({
      method: 'post',
      path: '/merges/:id/undo',
      tag: 'contacts',
      summary: 'Undo a merge: both people and every record it moved as they were',
      params: MergeParams,
      response: MergeRecordSchema,
      handler: async ({ workspaceId, params, principal }) =>
        service.undo(workspaceId, params.id, principal?.userId ?? null),
    }),
  ];
}
