/**
 * GET /api/v1/events: live updates for open views, as server-sent events.
 * `change` after each write to the workspace (from this app: any tab, any
 * member), `analysis` when its scores have changed. A view refetches what it
 * shows; the stream carries no data, only that something changed.
 */
import { z } from 'zod';
import { BoolQuery } from '../../shared/index.js';
import type { AppDeps } from '../app-deps.js';
import { route, type RouteSpec } from '../http/route.js';

const LiveQuery = z.strictObject({
  /** Answer the first event and end the stream (a health or access check). */
  once: BoolQuery.optional(),
});

/** A comment line this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000;

export function liveRoutes({ feed, analytics }: AppDeps): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/events',
      tag: 'live',
      summary:
        'Live updates as server-sent events: "change" after each write to the workspace, "analysis" when its scores changed (EventSource; the workspace as ?workspace=)',
      produces: 'text/event-stream',
      query: LiveQuery,
      handler: ({ workspaceId, query, req, res }) =>
        new Promise<void>((done) => {
          res.status(200);
          res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
          res.setHeader('Cache-Control', 'no-cache, no-transform');
          res.setHeader('Connection', 'keep-alive');
          res.setHeader('X-Accel-Buffering', 'no');
          res.flushHeaders();
          let seq = 0;
          const send = (event: string, data: unknown) => {
            res.write(`id: ${++seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
          };
          res.write('retry: 2000\n\n');
          send('ready', { status: analytics.status(workspaceId) });
          if (query.once) {
            res.end();
            done();
            return;
          }
          const offChange = feed.subscribe((e) => {
            if (e.workspaceId === workspaceId) send('change', { what: e.what, at: new Date().toISOString() });
          });
          const offAnalysis = analytics.onComputed((ws, computedAt) => {
            if (ws === workspaceId) send('analysis', { computedAt });
          });
          const beat = setInterval(() => res.write(': still here\n\n'), HEARTBEAT_MS);
          beat.unref();
          const close = () => {
            clearInterval(beat);
            offChange();
            offAnalysis();
            res.end();
            done();
          };
          req.on('close', close);
        }),
    }),
  ];
}
