import type { z } from 'zod';
import {
  AnalyticsStatusSchema,
  CommunitiesAnswerSchema,
  MistakePageSchema,
  MistakeQuery,
  PartnerPageSchema,
  PartnerQuery,
  PathsAnswerSchema,
  PathsQuery,
  PersonInsightSchema,
  RecommendationPageSchema,
  RecommendationQuery,
  ScoresExportQuery,
  StrengthAnswerSchema,
  StrengthQuery,
  WhoKnowsAnswerSchema,
  WhoKnowsQuery,
  foldName,
  type PersonAnalysis,
} from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import type { AppDeps } from '../app-deps.js';
import { IdParams } from '../http/crud.routes.js';
import { route, type RouteSpec } from '../http/route.js';
import { scoresCsv } from './scores-export.js';
import { streamWriter, writeJson } from './json-stream.js';
import { type Current, viewKey } from './analysis.service.js';
import type { Principal } from '../http/route.js';

/** The analysis from the caller's point of view: a member with their own person sees the network from it. */
export function viewOf(workspaceId: string, principal: Principal | null): string {
  return principal && principal.role !== 'owner' ? viewKey(workspaceId, principal.personId) : workspaceId;
}
import type { PartnerQuery as PartnerQueryType } from '../../shared/index.js';

const SORT: Record<z.infer<typeof PartnerQuery>['sort'], (p: PersonAnalysis) => number | string> = {
  score: (p) => p.partner.score,
  strength: (p) => p.strengthToMe.score,
  flow: (p) => p.partner.parts.flow.value,
  ledger: (p) => p.partner.parts.ledger.value,
  brokerage: (p) => p.partner.parts.brokerage.value,
  reach: (p) => p.partner.parts.reach.value,
  name: (p) => p.name,
};

function page<T>(items: readonly T[], limit: number, offset: number) {
  return { items: items.slice(offset, offset + limit), total: items.length, limit, offset };
}

export function analyticsRoutes({ analytics, store }: AppDeps): RouteSpec[] {
  const fresh = (c: { result: { computedAt: string }; stale: boolean }) => ({
    computedAt: c.result.computedAt,
    stale: c.stale,
  });
  function partnerPage(c: Current, query: PartnerQueryType) {
    const q = query.q ? foldName(query.q) : null;
    // Sorted once per analysis and order (filtering a sorted list keeps its order), not on every page.
    const key = SORT[query.sort];
    const dir = query.order === 'asc' ? 1 : -1;
    let people = analytics.peopleInOrder(c.result, `${query.sort}:${query.order}`, (a, b) => {
      const x = key(a);
      const y = key(b);
      return (x < y ? -1 : x > y ? 1 : 0) * dir || a.partner.rank - b.partner.rank;
    });
    if (query.stage || query.communityId !== undefined || q) {
      people = people.filter(
        (p) =>
          (!query.stage || p.strengthToMe.stage === query.stage) &&
          (query.communityId === undefined || p.communityId === query.communityId) &&
          (!q || foldName(p.name).includes(q)),
      );
    }
    return { ...fresh(c), ...page(people, query.limit, query.offset) };
  }
  return [
    route({
      method: 'get',
      path: '/analytics/status',
      tag: 'analytics',
      summary: 'When the analysis was computed, and whether a newer one is being computed',
      response: AnalyticsStatusSchema,
      handler: async ({ workspaceId, principal }) => analytics.status(viewOf(workspaceId, principal)),
    }),
    route({
      method: 'post',
      path: '/analytics/recompute',
      tag: 'analytics',
      access: 'read',
      status: 202,
      response: AnalyticsStatusSchema,
      summary: 'Start a recomputation now; answers at once (poll /analytics/status)',
      handler: async ({ workspaceId, principal }) => {
        analytics.refresh(viewOf(workspaceId, principal));
        return analytics.status(viewOf(workspaceId, principal));
      },
    }),
    route({
      method: 'get',
      path: '/analytics/partners',
      tag: 'analytics',
      summary: 'The referral-partner ranking, every score with its parts (paged, sortable)',
      query: PartnerQuery,
      response: PartnerPageSchema,
      produces: 'application/json',
      handler: async ({ workspaceId, query, principal }) => {
        const view = viewOf(workspaceId, principal);
        const c = await analytics.current(view);
        return analytics.serialized(c.result, JSON.stringify([query, c.stale]), () => partnerPage(c, query));
      },
    }),
    route({
      method: 'get',
      path: '/analytics/people/:id',
      tag: 'analytics',
      summary:
        'One person: strength to me with its breakdown, partner score with its parts, recommendations and mistakes',
      params: IdParams,
      response: PersonInsightSchema,
      handler: async ({ workspaceId, params, principal }) => {
        const view = viewOf(workspaceId, principal);
        const c = await analytics.current(view);
        const person = analytics.requirePerson(c, params.id);
        return {
          ...fresh(c),
          person,
          recommendations: c.result.recommendations.filter((r) => r.personId === params.id),
          mistakes: c.result.mistakes.filter((m) => m.personId === params.id),
        };
      },
    }),
    route({
      method: 'get',
      path: '/analytics/strength',
      tag: 'analytics',
      summary: 'The strength of one tie with its factor breakdown: personId with me, or with otherId',
      query: StrengthQuery,
      response: StrengthAnswerSchema,
      handler: async ({ workspaceId, query, principal }) => {
        const view = viewOf(workspaceId, principal);
        const c = await analytics.current(view);
        const other = query.otherId ?? c.result.meId;
        for (const id of [query.personId, other]) {
          if (id !== c.result.meId && !c.byPerson.has(id))
            throw new AppError('NOT_FOUND', `No person with id ${id} in the analysis`);
        }
        if (query.personId === other) throw AppError.invalid('otherId', 'a tie joins two different people');
        return { ...fresh(c), tie: await analytics.engine.tie(view, query.personId, other) };
      },
    }),
    route({
      method: 'get',
      path: '/analytics/recommendations',
      tag: 'analytics',
      summary: "This week's recommendations, most pressing first, each with its reason and evidence",
      query: RecommendationQuery,
      response: RecommendationPageSchema,
      handler: async ({ workspaceId, query, principal }) => {
        const view = viewOf(workspaceId, principal);
        const c = await analytics.current(view);
        const items = c.result.recommendations.filter(
          (r) => (!query.kind || r.kind === query.kind) && (!query.personId || r.personId === query.personId),
        );
        return { ...fresh(c), ...page(items, query.limit, query.offset) };
      },
    }),
    route({
      method: 'get',
      path: '/analytics/mistakes',
      tag: 'analytics',
      summary: 'Early pitches, sign-ups without permission and assumed closeness, with the evidence',
      query: MistakeQuery,
      response: MistakePageSchema,
      handler: async ({ workspaceId, query, principal }) => {
        const view = viewOf(workspaceId, principal);
        const c = await analytics.current(view);
        const items = c.result.mistakes.filter(
          (m) => (!query.kind || m.kind === query.kind) && (!query.personId || m.personId === query.personId),
        );
        return { ...fresh(c), ...page(items, query.limit, query.offset) };
      },
    }),
    route({
      method: 'get',
      path: '/analytics/paths',
      tag: 'analytics',
      summary: 'The three warmest introduction paths from me to a person or an organisation',
      query: PathsQuery,
      response: PathsAnswerSchema,
      handler: async ({ workspaceId, query, principal }) => {
        const view = viewOf(workspaceId, principal);
        const c = await analytics.current(view);
        const target = (query.personId ?? query.organizationId)!;
        if (query.organizationId && !(await store.organizations.get(workspaceId, target)))
          throw AppError.notFound('organization', target);
        if (query.personId && !(await store.people.get(workspaceId, target))) throw AppError.notFound('person', target);
        return { ...fresh(c), ...(await analytics.engine.paths(view, target)) };
      },
    }),
    route({
      method: 'get',
      path: '/analytics/who-knows',
      tag: 'analytics',
      summary:
        "Who in this workspace knows someone at an organisation, and how well (team workspaces combine members' networks)",
      query: WhoKnowsQuery,
      response: WhoKnowsAnswerSchema,
      handler: async ({ workspaceId, query }) => {
        const c = await analytics.current(workspaceId);
        if (!(await store.organizations.get(workspaceId, query.organizationId)))
          throw AppError.notFound('organization', query.organizationId);
        const targets = c.result.people.filter((p) => p.organizationId === query.organizationId);
        const members: { userId: string; name: string; personId: string }[] = [];
        for (const m of await store.accounts.listMembers(workspaceId)) {
          const personId = m.personId ?? (m.role === 'owner' ? c.result.meId : null);
          const user = await store.accounts.getUser(m.userId);
          if (personId && user && (personId === c.result.meId || c.byPerson.has(personId)))
            members.push({ userId: m.userId, name: user.name, personId });
        }
        const pairs = members.flatMap((m) =>
          targets.filter((t) => t.personId !== m.personId).map((t) => [m, t] as const),
        );
        const strengths = await analytics.engine.ties(
          workspaceId,
          pairs.map(([m, t]) => [m.personId, t.personId]),
        );
        const ties = pairs
          .map(([m, t], i) => ({
            memberUserId: m.userId,
            memberName: m.name,
            memberPersonId: m.personId,
            personId: t.personId,
            name: t.name,
            score: strengths[i]!.score,
            stage: strengths[i]!.stage,
          }))
          .filter((t) => t.score > 0)
          .sort((a, b) => b.score - a.score);
        return { ...fresh(c), organizationId: query.organizationId, ties };
      },
    }),
    route({
      method: 'get',
      path: '/analytics/communities',
      tag: 'analytics',
      summary: 'Communities of the strength graph (Louvain)',
      response: CommunitiesAnswerSchema,
      handler: async ({ workspaceId, principal }) => {
        const c = await analytics.current(viewOf(workspaceId, principal));
        return { ...fresh(c), ...c.result.communities };
      },
    }),
    route({
      method: 'get',
      path: '/analytics/export',
      tag: 'analytics',
      audit: 'analytics.export',
      summary: "Every person's strength to me, stage and partner score with parts, as JSON or CSV",
      query: ScoresExportQuery,
      handler: async ({ workspaceId, query, res, principal }) => {
        const c = await analytics.current(viewOf(workspaceId, principal));
        if (query.format === 'csv') {
          res.setHeader('Content-Disposition', 'attachment; filename="nurture-scores.csv"');
          res.type('text/csv; charset=utf-8').send(scoresCsv(c.result));
          return undefined;
        }
        // Streamed, person by person: a few hundred thousand people pass V8's limit on one string.
        res.type('application/json');
        await writeJson(streamWriter(res), { ...fresh(c), meId: c.result.meId, people: c.result.people }, ['people']);
        res.end();
        return undefined;
      },
    }),
  ];
}
