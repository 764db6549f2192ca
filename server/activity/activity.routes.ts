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
  PitchCreatedSchema,
  WarningsAnswerSchema,
  type Pitch,
} from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import { MistakeWarnings } from '../analysis/mistake-warnings.js';
import { refuseFuture } from '../domain/not-in-future.js';
import type { AppDeps } from '../app-deps.js';
import { IdParams, crudRoutes } from '../http/crud.routes.js';
import { applyPatch } from '../domain/records.js';
import { route, type RouteSpec } from '../http/route.js';
import { activityServices } from './activity.service.js';

export function activityRoutes({ store, feed, analytics, log }: AppDeps): RouteSpec[] {
  const s = activityServices(store, feed, analytics);
  const warnings = new MistakeWarnings(store, analytics);
  /** A write is never refused for want of a warning: the detector runs again on the next analysis. */
  const warningsOf = async (ws: string, pitch: Pitch) =>
    warnings.pitch(ws, pitch).catch((err: unknown) => {
      log.warn({ err, workspaceId: ws }, 'Could not check the pitch for mistakes');
      return [];
    });
  return [
    route({
      method: 'post',
      path: '/pitches/check',
      tag: 'activity',
      summary:
        'What the mistake detector would find about this pitch or ask (early pitch, assumed closeness), before it is logged: nothing is written',
      body: PitchCreate,
      response: WarningsAnswerSchema,
      handler: async ({ workspaceId, body, principal }) => {
        refuseFuture('date', body.date);
        const now = new Date().toISOString();
        const pitcherId = body.pitcherId ?? (await s.requireMe(workspaceId, principal));
        for (const [field, id] of [
          ['personId', body.personId],
          ['pitcherId', pitcherId],
        ] as const) {
          if (!(await store.people.get(workspaceId, id)))
            throw AppError.invalid(`body.${field}`, `no person with id ${id} in this workspace`);
        }
        const pitch: Pitch = {
          id: 'check',
          createdAt: now,
          updatedAt: now,
          pitcherId,
          personId: body.personId,
          date: body.date,
          kind: body.kind ?? 'pitch',
          offer: body.offer ?? null,
          askedForIt: body.askedForIt ?? false,
          needExpressed: body.needExpressed ?? false,
          note: body.note ?? null,
        };
        return { warnings: await warnings.pitch(workspaceId, pitch) };
      },
    }),
    route({
      method: 'post',
      path: '/pitches/:id/check',
      tag: 'activity',
      summary:
        'What the mistake detector would find about this pitch or ask once changed so (e.g. "they asked for it" unticked), before the change is saved: the findings the change adds (the pitch as it stands may have its own). Nothing is written',
      params: IdParams,
      body: PitchUpdate,
      response: WarningsAnswerSchema,
      handler: async ({ workspaceId, params, body }) => {
        refuseFuture('date', body.date);
        const current = await s.pitches.get(workspaceId, params.id);
        // The record as the store would write it (server/domain/records.ts), checked before it is.
        const edited = applyPatch('pitches', current, body);
        return { warnings: await warnings.pitchEdit(workspaceId, current, edited) };
      },
    }),
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
      created: { schema: PitchCreatedSchema, extra: async (ws, p) => ({ warnings: await warningsOf(ws, p) }) },
      updated: { schema: PitchCreatedSchema, extra: async (ws, p) => ({ warnings: await warningsOf(ws, p) }) },
    }),
  ];
}
