/**
 * The nurture board's "done", kept on the server per member and ISO week:
 * the same on every device, and next week's board starts fresh.
 */
import { BoardDoneInput, BoardQuery, BoardStateSchema } from '../../shared/index.js';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../core/app-error.js';
import { route, type RouteSpec } from '../http/route.js';

export function boardRoutes({ store, feed }: AppDeps): RouteSpec[] {
  const userOf = (p: { userId: string } | null) => {
    if (!p) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    return p.userId;
  };
  return [
    route({
      method: 'get',
      path: '/board',
      tag: 'board',
      summary: 'The nurture-board cards you marked done in an ISO week',
      query: BoardQuery,
      response: BoardStateSchema,
      handler: async ({ workspaceId, query, principal }) => ({
        week: query.week,
        done: await store.board.doneKeys(workspaceId, userOf(principal), query.week),
      }),
    }),
    route({
      method: 'put',
      path: '/board/done',
      tag: 'board',
      // Your own board, like your private notes: a viewer keeps one too.
      access: 'read',
      summary: 'Mark a nurture-board card done (or not) for you in an ISO week',
      body: BoardDoneInput,
      response: BoardStateSchema,
      handler: async ({ workspaceId, body, principal }) => {
        const userId = userOf(principal);
        await store.board.setDone(workspaceId, userId, body.week, body.key, body.done);
        feed.publish(workspaceId, 'board');
        return { week: body.week, done: await store.board.doneKeys(workspaceId, userId, body.week) };
      },
    }),
  ];
}
