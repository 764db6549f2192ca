/**
 * /api/v1/reports: list the stored weekly reports, fetch one week as JSON,
 * HTML, Markdown or CSV, and generate a week (once; asking again answers the
 * stored report with 200 instead of 201).
 */
import {
  ReportFetchParams,
  ReportFetchQuery,
  ReportGenerateBody,
  ReportListQuery,
  ReportPage,
  WeeklyReportSchema,
} from '../../shared/index.js';
import type { AppDeps } from '../app-deps.js';
import { route, type RouteSpec } from '../http/route.js';
import { MEDIA_TYPE, reportFileName } from './render/render-report.js';
import { ReportService } from './report.service.js';

/** The page's own policy: inline styles and SVG only, nothing fetched, nothing run. */
const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function reportRoutes(
  deps: AppDeps,
  // Computed in the analytics worker: a report of a large network does not hold up other requests.
  service = new ReportService({
    store: deps.store,
    settings: deps.config.reports,
    log: deps.log,
    compute: (ws, inputs) => deps.analytics.engine.weeklyReport(ws, inputs),
  }),
): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/reports',
      tag: 'reports',
      summary: 'The stored weekly reports, newest first, and the latest week a report can cover now',
      query: ReportListQuery,
      response: ReportPage,
      handler: async ({ workspaceId, query }) => service.list(workspaceId, query),
    }),
    route({
      method: 'get',
      path: '/reports/:week',
      tag: 'reports',
      audit: 'report.download',
      summary:
        'One week\'s report (ISO week such as 2026-W47, or "latest") as JSON, a self-contained HTML page, Markdown, or the partner table as CSV',
      params: ReportFetchParams,
      query: ReportFetchQuery,
      response: WeeklyReportSchema,
      handler: async ({ workspaceId, params, query, res }) => {
        const report = await service.get(workspaceId, params.week);
        if (query.format === 'json') return report;
        const body = service.render(report, query.format);
        if (query.format === 'html') res.setHeader('Content-Security-Policy', REPORT_CSP);
        else res.setHeader('Content-Disposition', `attachment; filename="${reportFileName(report, query.format)}"`);
        res.status(200).type(MEDIA_TYPE[query.format]).send(body);
        return undefined;
      },
    }),
    route({
      method: 'post',
      path: '/reports',
      tag: 'reports',
      summary:
        'Generate the report of a finished week (default: the latest); delivered to the outbox and by email once. A week that has one answers it (200)',
      body: ReportGenerateBody,
      response: WeeklyReportSchema,
      status: 200,
      handler: async ({ workspaceId, body, res }) => {
        // Only weeks the workspace has lived: no report (and email to the owners) for every week since 1970.
        await service.assertLived(workspaceId, body.week ?? (await service.latestCompleteWeek(workspaceId)));
        const g = await service.generate(workspaceId, body.week);
        if (g.created) res.status(201);
        res.setHeader('Location', `/api/v1/reports/${g.report.week}`);
        return g.report;
      },
    }),
  ];
}
