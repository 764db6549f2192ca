import {
  ConsentCreate,
  ConsentPage,
  ConsentQuery,
  ConsentSchema,
  ConsentUpdate,
  MailingListCreate,
  MailingListPage,
  MailingListQuery,
  MailingListSchema,
  MailingListUpdate,
  SubscriptionCreate,
  SubscriptionCreatedSchema,
  SubscriptionPage,
  SubscriptionQuery,
  SubscriptionSchema,
  SubscriptionUpdate,
  WarningsAnswerSchema,
  type Subscription,
} from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import { crudService } from '../core/crud.service.js';
import type { AppDeps } from '../app-deps.js';
import { dated } from '../activity/activity.service.js';
import { MistakeWarnings } from '../analysis/mistake-warnings.js';
import { refuseFuture } from '../domain/not-in-future.js';
import { IdParams, crudRoutes } from '../http/crud.routes.js';
import { applyPatch } from '../domain/records.js';
import { route, type RouteSpec } from '../http/route.js';

export function consentRoutes({ store, feed, analytics, log }: AppDeps): RouteSpec[] {
  const warnings = new MistakeWarnings(store, analytics);
  const warningsOf = (ws: string, sub: Subscription) =>
    warnings.subscription(ws, sub).catch((err: unknown) => {
      log.warn({ err, workspaceId: ws }, 'Could not check the subscription for consent');
      return [];
    });
  return [
    ...crudRoutes({
      path: '/mailing-lists',
      tag: 'consent',
      label: 'mailing list',
      service: crudService(store.mailingLists, 'mailing list', feed),
      schemas: {
        item: MailingListSchema,
        page: MailingListPage,
        create: MailingListCreate,
        update: MailingListUpdate,
        query: MailingListQuery,
      },
    }),
    route({
      method: 'post',
      path: '/subscriptions/check',
      tag: 'consent',
      summary:
        'Whether adding this person to the list would be signing them up without permission, before it is done: nothing is written',
      body: SubscriptionCreate,
      response: WarningsAnswerSchema,
      handler: async ({ workspaceId, body }) => {
        refuseFuture('subscribedAt', body.subscribedAt);
        if (!(await store.people.get(workspaceId, body.personId)))
          throw AppError.invalid('body.personId', `no person with id ${body.personId} in this workspace`);
        if (!(await store.mailingLists.get(workspaceId, body.listId)))
          throw AppError.invalid('body.listId', `no mailing list with id ${body.listId} in this workspace`);
        const now = new Date().toISOString();
        const sub: Subscription = {
          id: 'check',
          createdAt: now,
          updatedAt: now,
          listId: body.listId,
          personId: body.personId,
          subscribedAt: body.subscribedAt,
          status: body.status ?? 'active',
          source: body.source ?? 'manual',
        };
        return { warnings: await warnings.subscription(workspaceId, sub) };
      },
    }),
    route({
      method: 'post',
      path: '/subscriptions/:id/check',
      tag: 'consent',
      summary:
        'Whether changing this subscription so (e.g. making it active again) would be signing them up without permission, before the change is saved: the findings the change adds. Nothing is written',
      params: IdParams,
      body: SubscriptionUpdate,
      response: WarningsAnswerSchema,
      handler: async ({ workspaceId, params, body }) => {
        refuseFuture('subscribedAt', body.subscribedAt);
        const current = await store.subscriptions.get(workspaceId, params.id);
        if (!current) throw AppError.notFound('subscription', params.id);
        // The record as the store would write it (server/domain/records.ts), checked before it is.
        const edited = applyPatch('subscriptions', current, body);
        return { warnings: await warnings.subscriptionEdit(workspaceId, current, edited) };
      },
    }),
    ...crudRoutes({
      path: '/subscriptions',
      tag: 'consent',
      label: 'subscription',
      service: dated(crudService(store.subscriptions, 'subscription', feed), 'subscribedAt'),
      schemas: {
        item: SubscriptionSchema,
        page: SubscriptionPage,
        create: SubscriptionCreate,
        update: SubscriptionUpdate,
        query: SubscriptionQuery,
      },
      created: { schema: SubscriptionCreatedSchema, extra: async (ws, s) => ({ warnings: await warningsOf(ws, s) }) },
      updated: { schema: SubscriptionCreatedSchema, extra: async (ws, s) => ({ warnings: await warningsOf(ws, s) }) },
    }),
    ...crudRoutes({
      path: '/consents',
      tag: 'consent',
      label: 'consent',
      service: dated(crudService(store.consents, 'consent', feed), 'date'),
      schemas: {
        item: ConsentSchema,
        page: ConsentPage,
        create: ConsentCreate,
        update: ConsentUpdate,
        query: ConsentQuery,
      },
    }),
  ];
}
