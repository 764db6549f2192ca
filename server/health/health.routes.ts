import { HealthSchema } from '../../shared/index.js';
import type { AppDeps } from '../app-deps.js';
import { route, type RouteSpec } from '../http/route.js';

export function healthRoutes({ store, readiness, version, startedAt }: AppDeps): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/health',
      tag: 'health',
      access: 'public',
      summary: 'Which store is in use and whether it answers (503 while it does not)',
      response: HealthSchema,
      handler: async ({ res }) => {
        let reachable = await store.ping();
        if (reachable && !readiness.isReady)
          reachable = await readiness.ensure().then(
            () => true,
            () => false,
          );
        if (!reachable) res.status(503);
        const gds = reachable ? await store.gdsVersion().catch(() => undefined) : undefined;
        return {
          ...(gds !== undefined ? { gds } : {}),
          status: reachable ? 'ok' : 'degraded',
          store: store.kind,
          reachable,
          version,
          uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        };
      },
    }),
  ];
}
