import {
  InteractionCreate,
  InteractionPage,
  InteractionQuery,
  InteractionSchema,
  InteractionUpdate,
  IntroductionCreate,
  IntroductionPage,
  IntroductionQuery,
  IntroductionSchema,
  IntroductionUpdate,
  PitchCreate,
  PitchPage,
  PitchQuery,
  PitchSchema,
  PitchUpdate,
  ReferralCreate,
  ReferralPage,
  ReferralQuery,
  ReferralSchema,
  ReferralUpdate,
} from '../../shared/index.js';
import type { AppDeps } from '../app-deps.js';
import { crudRoutes } from '../http/crud.routes.js';
import type { RouteSpec } from '../http/route.js';
import { activityServices } from './activity.service.js';

export function activityRoutes({ store, feed, analytics }: AppDeps): RouteSpec[] {
  const s = activityServices(store, feed, analytics);
  return [
    ...crudRoutes({
      path: '/interactions',
      tag: 'activity',
      label: 'interaction',
      service: s.interactions,
      schemas: {
        item: InteractionSchema,
        page: InteractionPage,
        create: InteractionCreate,
        update: InteractionUpdate,
        query: InteractionQuery,
      },
    }),
    ...crudRoutes({
      path: '/introductions',
      tag: 'activity',
      label: 'introduction',
      service: s.introductions,
      schemas: {
        item: IntroductionSchema,
        page: IntroductionPage,
        create: IntroductionCreate,
        update: IntroductionUpdate,
        query: IntroductionQuery,
      },
    }),
    ...crudRoutes({
      path: '/referrals',
      tag: 'activity',
      label: 'referral',
      service: s.referrals,
      schemas: {
        item: ReferralSchema,
        page: ReferralPage,
        create: ReferralCreate,
        update: ReferralUpdate,
        query: ReferralQuery,
      },
    }),
    ...crudRoutes({
      path: '/pitches',
      tag: 'activity',
      label: 'pitch',
      service: s.pitches,
      schemas: { item: PitchSchema, page: PitchPage, create: PitchCreate, update: PitchUpdate, query: PitchQuery },
    }),
  ];
}
