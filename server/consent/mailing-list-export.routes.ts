/**
 * The mailing-list export: a list's members who have a valid consent, and how many were
 * left out and why (mistake 2 of the brief: no one on a list without their recorded yes).
 * Checked against the records as they are now, never against a cached analysis.
 */
import { MailingListExportAnswerSchema } from '../../shared/index.js';
import { consentGatedExport } from '../analytics/consent/consent-gated-export.js';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../core/app-error.js';
import { IdParams } from '../http/crud.routes.js';
import { route, type RouteSpec } from '../http/route.js';

export function mailingListExportRoutes({ store }: AppDeps): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/mailing-lists/:id/export',
      tag: 'consent',
      audit: 'mailing-list.export',
      access: 'write',
      summary: "The list's members with a valid consent only, and how many were left out and why",
      params: IdParams,
      response: MailingListExportAnswerSchema,
      handler: async ({ workspaceId, params }) => {
        const list = await store.mailingLists.get(workspaceId, params.id);
        if (!list) throw AppError.notFound('mailing list', params.id);
        const workspace = (await store.getWorkspace(workspaceId))!;
        const all = async <T>(fetch: (offset: number) => Promise<{ items: T[] }>) => {
          const out: T[] = [];
          for (let offset = 0; ; offset += 500) {
            const { items } = await fetch(offset);
            out.push(...items);
            if (items.length < 500) return out;
          }
        };
        const subscriptions = await all((offset) =>
          store.subscriptions.list(workspaceId, { listId: params.id, limit: 500, offset }),
        );
        const consents = await all((offset) => store.consents.list(workspaceId, { limit: 500, offset }));
        const now = Date.now();
        const exported = consentGatedExport(
          {
            workspace,
            mailingLists: [list],
            subscriptions,
            consents,
            people: [],
            organizations: [],
            ties: [],
            interactions: [],
            introductions: [],
            referrals: [],
            pitches: [],
          },
          params.id,
          { now },
        );
        return { computedAt: new Date(now).toISOString(), stale: false, ...exported };
      },
    }),
  ];
}
