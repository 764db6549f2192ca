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
  SubscriptionPage,
  SubscriptionQuery,
  SubscriptionSchema,
  SubscriptionUpdate,
} from '../../shared/index.js';
import { crudService } from '../core/crud.service.js';
import type { AppDeps } from '../app-deps.js';
import { crudRoutes } from '../http/crud.routes.js';
import type { RouteSpec } from '../http/route.js';

export function consentRoutes({ store, feed }: AppDeps): RouteSpec[] {
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
    ...crudRoutes({
      path: '/subscriptions',
      tag: 'consent',
      label: 'subscription',
      service: crudService(store.subscriptions, 'subscription', feed),
      schemas: {
        item: SubscriptionSchema,
        page: SubscriptionPage,
        create: SubscriptionCreate,
        update: SubscriptionUpdate,
        query: SubscriptionQuery,
      },
    }),
    ...crudRoutes({
      path: '/consents',
      tag: 'consent',
      label: 'consent',
      service: crudService(store.consents, 'consent', feed),
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
