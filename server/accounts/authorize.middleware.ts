/**
 * The one gate every route passes: who is calling (session cookie or API
 * token), whether a cookie-borne request carries its CSRF token, which
 * workspace the request is about, and whether the caller's role there allows
 * the route. Another workspace's id answers 404: its existence is not revealed.
 */
import type { Request } from 'express';
import { AppError } from '../core/app-error.js';
import type { Access, Principal } from '../http/route.js';
import type { Membership } from '../../shared/index.js';
import type { Store } from '../store/store.port.js';
import type { AuthService } from './auth.service.js';
import { sameSecret } from './secrets.js';

export const SESSION_COOKIE = 'nurture_session';
export const WORKSPACE_HEADER = 'x-workspace-id';
export const CSRF_HEADER = 'x-csrf-token';
/** The query-string twin of the workspace header, for links (GET only); no route sees it. */
export const WORKSPACE_QUERY = 'workspace';

const RANK = { viewer: 1, member: 2, owner: 3 } as const;
const NEEDED = { read: 1, write: 2, owner: 3 } as const;
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bearerOf(req: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

export function makeAuthorize(auth: AuthService, store: Store) {
  const recent = auth.memberships;
  const lookUp = async (userId: string, wanted: string | undefined): Promise<Membership | null> =>
    wanted
      ? store.accounts.getMembership(wanted, userId)
      : store.accounts
          .listMembershipsOfUser(userId)
          .then((all) => all.find((m) => m.role === 'owner') ?? all[0] ?? null);
  return async (req: Request, access: Access): Promise<{ principal: Principal | null; workspaceId: string }> => {
    const safe = SAFE.has(req.method);
    // A write may change who belongs where (roles, removals, invitations): what reads kept is dropped.
    if (!safe) recent.clear();
    if (access === 'public') return { principal: null, workspaceId: '' };
    const caller = await auth.identify({
      sessionToken: (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE],
      bearer: bearerOf(req),
    });
    if (!caller)
      throw new AppError('UNAUTHENTICATED', 'Sign in first, or send a personal API token as "Authorization: Bearer …"');
    if (caller.via === 'session' && !safe) {
      const sent = req.get(CSRF_HEADER);
      if (!sent || !caller.csrfToken || !sameSecret(sent, caller.csrfToken)) {
        throw new AppError('FORBIDDEN', 'Missing or wrong X-CSRF-Token header (get it from GET /api/v1/auth/session)');
      }
    }
    const base = { userId: caller.userId, via: caller.via, csrfToken: caller.csrfToken };
    if (access === 'user') return { principal: { ...base, role: null, personId: null }, workspaceId: '' };

    // A plain link (a report opened in a new tab, a download) cannot send a header: GETs may name it as ?workspace=.
    const fromQuery =
      req.method === 'GET' && typeof req.query[WORKSPACE_QUERY] === 'string'
        ? (req.query[WORKSPACE_QUERY] as string)
        : undefined;
    const wanted = req.get(WORKSPACE_HEADER) ?? fromQuery;
    let membership: Membership | null | undefined;
    if (safe) {
      const key = `${caller.userId}\u0000${wanted ?? ''}`;
      const now = Date.now();
      membership = recent.get(key, now);
      if (membership === undefined) recent.set(key, (membership = await lookUp(caller.userId, wanted)), now);
    } else membership = await lookUp(caller.userId, wanted);
    if (!membership) {
      throw wanted
        ? new AppError('NOT_FOUND', `No workspace ${wanted}`)
        : new AppError('FORBIDDEN', 'You are not a member of any workspace yet');
    }
    if (RANK[membership.role] < NEEDED[access]) {
      throw new AppError('FORBIDDEN', `Your role in this workspace (${membership.role}) does not allow this`);
    }
    return {
      principal: { ...base, role: membership.role, personId: membership.personId },
      workspaceId: membership.workspaceId,
    };
  };
}
