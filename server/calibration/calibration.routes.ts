/**
 * /api/v1: "how close are you?" ratings (/people/{id}/rating, /ratings), the
 * calibration of the strength weights (/calibration: status, fit, reset;
 * /calibration/candidates: whom to rate next) and expressed needs (/needs).
 */
import { z } from 'zod';
import {
  CalibrationCandidatesSchema,
  CalibrationSchema,
  CandidateQuery,
  ExpressedNeedCreate,
  ExpressedNeedSchema,
  NeedQuery,
  RatingPut,
  RatingSchema,
  pageOf,
} from '../../shared/index.js';
import type { AppDeps } from '../app-deps.js';
import { IdParams } from '../http/crud.routes.js';
import { route, type RouteSpec } from '../http/route.js';
import { CalibrationService } from './calibration.service.js';

export function calibrationService(deps: AppDeps): CalibrationService {
  return new CalibrationService({
    store: deps.store,
    current: async (ws) => (await deps.analytics.current(ws)).result,
    fit: (ws) => deps.analytics.engine.calibrate(ws),
    changed: (ws, what) => deps.feed.publish(ws, what),
  });
}

export function calibrationRoutes(deps: AppDeps, service = calibrationService(deps)): RouteSpec[] {
  return [
    route({
      method: 'put',
      path: '/people/:id/rating',
      tag: 'calibration',
      summary:
        'Say how close you are to a person (distant, acquaintance, friendly, close, trusted): their tie is held in that stage, "rated by you"',
      params: IdParams,
      body: RatingPut,
      response: RatingSchema,
      handler: async ({ workspaceId, params, body, principal }) =>
        service.rate(workspaceId, params.id, body.rating, principal?.userId ?? null),
    }),
    route({
      method: 'delete',
      path: '/people/:id/rating',
      tag: 'calibration',
      summary: 'Withdraw your rating of a person: the evidence alone scores the tie again',
      params: IdParams,
      status: 204,
      handler: async ({ workspaceId, params }) => service.unrate(workspaceId, params.id),
    }),
    route({
      method: 'get',
      path: '/ratings',
      tag: 'calibration',
      summary: 'Every rating of the workspace',
      response: z.array(RatingSchema),
      handler: async ({ workspaceId }) => service.ratings(workspaceId),
    }),
    route({
      method: 'get',
      path: '/calibration',
      tag: 'calibration',
      summary:
        'The strength weights in force, the defaults, a fresh fit to your ratings, and how well each agrees with held-out ratings (beside the ~85% of Gilbert & Karahalios 2009)',
      response: CalibrationSchema,
      handler: async ({ workspaceId }) => service.status(workspaceId),
    }),
    route({
      method: 'post',
      path: '/calibration/fit',
      tag: 'calibration',
      summary:
        'Fit the weights to your ratings; they are put in force only when they agree better with held-out ratings than the defaults',
      response: CalibrationSchema,
      handler: async ({ workspaceId }) => service.calibrate(workspaceId),
    }),
    route({
      method: 'delete',
      path: '/calibration',
      tag: 'calibration',
      summary: 'Back to the default weights (your ratings stay, each still holding its own tie)',
      response: CalibrationSchema,
      handler: async ({ workspaceId }) => service.reset(workspaceId),
    }),
    route({
      method: 'get',
      path: '/calibration/candidates',
      tag: 'calibration',
      summary: 'About 20 people worth rating next: spread over the stages, where their evidence disagrees',
      query: CandidateQuery,
      response: CalibrationCandidatesSchema,
      handler: async ({ workspaceId, query }) => service.candidates(workspaceId, query.limit),
    }),
    route({
      method: 'get',
      path: '/needs',
      tag: 'calibration',
      summary: 'Needs people expressed, newest first (filter by personId)',
      query: NeedQuery,
      response: pageOf(ExpressedNeedSchema),
      handler: async ({ workspaceId, query }) => service.listNeeds(workspaceId, query),
    }),
    route({
      method: 'post',
      path: '/needs',
      tag: 'calibration',
      summary:
        'Record that a person expressed a need, on a day: pitches after it are not early for want of a need, and "do not pitch yet" stops',
      body: ExpressedNeedCreate,
      response: ExpressedNeedSchema,
      status: 201,
      handler: async ({ workspaceId, body }) => service.addNeed(workspaceId, body),
    }),
    route({
      method: 'delete',
      path: '/needs/:id',
      tag: 'calibration',
      summary: 'Delete a recorded need',
      params: IdParams,
      status: 204,
      handler: async ({ workspaceId, params }) => service.deleteNeed(workspaceId, params.id),
    }),
  ];
}
