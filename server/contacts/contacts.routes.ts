import {
  EgoNetworkSchema,
  EgoQuery,
  OrganizationCreate,
  OrganizationPage,
  OrganizationQuery,
  OrganizationSchema,
  OrganizationUpdate,
  PersonCreate,
  PersonPage,
  PersonQuery,
  PersonSchema,
  PersonUpdate,
  TieCreate,
  TiePage,
  TieQuery,
  TieSchema,
  TieUpdate,
} from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import { crudService } from '../core/crud.service.js';
import type { AppDeps } from '../app-deps.js';
import { IdParams, crudRoutes } from '../http/crud.routes.js';
import { route, type RouteSpec } from '../http/route.js';
import { identifiedCreate } from '../identity/person-identity.service.js';
import { privacyService } from '../privacy/privacy.service.js';

export function contactsRoutes({ store, feed, config, auth }: AppDeps): RouteSpec[] {
  const privacy = privacyService(store, feed, { outboxDir: config.reports.outboxDir });
  // Deleting a person is an erasure: everything attached goes, and it is audited.
  const crud = crudService(store.people, 'person', feed);
  const people = {
    ...crud,
    // One identity resolver for imports and the API: a URL or email on file is that person (409).
    create: identifiedCreate(store, crud.create),
    // A merged person's id leads to the person they were merged into.
    get: async (ws: string, id: string) => crud.get(ws, (await store.merges.resolve(ws, id)) ?? id),
    remove: (ws: string, id: string, actor?: string | null) => privacy.erasePerson(ws, id, actor ?? null),
  };
  return [
    route({
      method: 'get',
      path: '/me',
      tag: 'contacts',
      summary:
        'You: your own person in the workspace (a member\'s is made from their name on first use; the owner\'s is "me")',
      response: PersonSchema,
      handler: async ({ workspaceId, principal }) => {
        // A member sees the network from their own person, made once from the name they joined with.
        if (principal && principal.role === 'member') {
          const own = principal.personId ? await store.people.get(workspaceId, principal.personId) : null;
          if (own) return own;
          const user = await store.accounts.getUser(principal.userId);
          const person = await store.people.create(workspaceId, { name: user?.name || 'Me', source: 'member' });
          await store.accounts.putMembership(workspaceId, principal.userId, principal.role, person.id);
          // A read that changed a membership: the authorisation must not answer from what it kept.
          auth.memberships.clear();
          feed.publish(workspaceId, 'person');
          return person;
        }
        if (principal?.role === 'viewer' && principal.personId) {
          const own = await store.people.get(workspaceId, principal.personId);
          if (own) return own;
        }
        const me = await store.getMe(workspaceId);
        if (!me)
          throw new AppError(
            'NOT_FOUND',
            'No owner ("me") is recorded in this workspace yet: create a person with isMe true',
          );
        return me;
      },
    }),
    ...crudRoutes({
      path: '/people',
      tag: 'contacts',
      label: 'person',
      service: people,
      schemas: { item: PersonSchema, page: PersonPage, create: PersonCreate, update: PersonUpdate, query: PersonQuery },
    }),
    route({
      method: 'get',
      path: '/people/:id/ego',
      tag: 'contacts',
      summary: 'A person and their neighbours to depth 1 or 2, capped at `limit`',
      params: IdParams,
      query: EgoQuery,
      response: EgoNetworkSchema,
      handler: async ({ workspaceId, params, query }) => {
        const ego = await store.egoNetwork(workspaceId, params.id, { depth: query.depth as 1 | 2, limit: query.limit });
        if (!ego) throw AppError.notFound('person', params.id);
        return ego;
      },
    }),
    ...crudRoutes({
      path: '/organizations',
      tag: 'contacts',
      label: 'organization',
      service: crudService(store.organizations, 'organization', feed),
      schemas: {
        item: OrganizationSchema,
        page: OrganizationPage,
        create: OrganizationCreate,
        update: OrganizationUpdate,
        query: OrganizationQuery,
      },
    }),
    ...crudRoutes({
      path: '/ties',
      tag: 'contacts',
      label: 'tie',
      service: crudService(store.ties, 'tie', feed),
      schemas: { item: TieSchema, page: TiePage, create: TieCreate, update: TieUpdate, query: TieQuery },
    }),
  ];
}
