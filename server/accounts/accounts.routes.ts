import type { Response } from 'express';
import { z } from 'zod';
import {
  ApiTokenCreate,
  ApiTokenCreated,
  ApiTokenSchema,
  AuditEntrySchema,
  Id,
  LoginInput,
  MemberAdd,
  MemberSchema,
  MemberUpdate,
  PageQuery,
  Role,
  SessionInfoSchema,
  SetupInput,
  SetupStatusSchema,
  WorkspaceCreate,
  WorkspaceSchema,
  pageOf,
  type Member,
} from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import type { AppDeps } from '../app-deps.js';
import { route, type RouteSpec } from '../http/route.js';
import { SESSION_DAYS } from './auth.service.js';
import { SESSION_COOKIE } from './authorize.middleware.js';

const MyWorkspaces = z.array(z.strictObject({ workspace: WorkspaceSchema, role: Role })).meta({ id: 'MyWorkspaces' });
const UserIdParams = z.strictObject({ userId: Id });
const TokenIdParams = z.strictObject({ id: Id });
const AuditPage = pageOf(AuditEntrySchema).meta({ id: 'AuditPage' });

function setSessionCookie(res: Response, token: string, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: SESSION_DAYS * 86_400_000,
  });
}

export function accountsRoutes({ store, auth }: AppDeps): RouteSpec[] {
  const audit = (
    workspaceId: string | null,
    actorUserId: string | null,
    action: string,
    target: string | null,
    meta: Record<string, unknown> = {},
  ) => store.accounts.appendAudit({ workspaceId, actorUserId, action, target, meta });
  const auditAll = async (userId: string, action: string, meta: Record<string, unknown> = {}) => {
    for (const m of await store.accounts.listMembershipsOfUser(userId))
      await audit(m.workspaceId, userId, action, null, meta);
  };
  const members = async (ws: string): Promise<Member[]> => {
    const out: Member[] = [];
    for (const m of await store.accounts.listMembers(ws)) {
      const user = await store.accounts.getUser(m.userId);
      if (user) out.push({ user, role: m.role, personId: m.personId, createdAt: m.createdAt });
    }
    return out;
  };

  return [
    route({
      method: 'get',
      path: '/auth/setup',
      tag: 'accounts',
      access: 'public',
      summary: 'Whether this install still needs its first account',
      response: SetupStatusSchema,
      handler: async () => ({ needed: (await store.accounts.countUsers()) === 0 }),
    }),
    route({
      method: 'post',
      path: '/auth/setup',
      tag: 'accounts',
      access: 'public',
      summary: 'Create the first account with the one-time token printed at start-up, and sign in',
      body: SetupInput,
      response: SessionInfoSchema,
      status: 201,
      handler: async ({ body, req, res }) => {
        const user = await auth.completeSetup(body);
        const { sessionToken, csrfToken } = await auth.login(body.email, body.password);
        setSessionCookie(res, sessionToken, req.secure);
        await auditAll(user.id, 'setup');
        return auth.sessionInfo({ userId: user.id, via: 'session', csrfToken });
      },
    }),
    route({
      method: 'post',
      path: '/auth/login',
      tag: 'accounts',
      access: 'public',
      summary: 'Sign in with email and password (sets a session cookie)',
      body: LoginInput,
      response: SessionInfoSchema,
      handler: async ({ body, req, res }) => {
        try {
          const { user, sessionToken, csrfToken } = await auth.login(body.email, body.password);
          setSessionCookie(res, sessionToken, req.secure);
          await auditAll(user.id, 'login', { ip: req.ip });
          return await auth.sessionInfo({ userId: user.id, via: 'session', csrfToken });
        } catch (e) {
          if (e instanceof AppError && e.code === 'UNAUTHENTICATED') {
            const known = await store.accounts.findUserByEmail(body.email);
            if (known) await auditAll(known.user.id, 'login.failed', { ip: req.ip });
          }
          throw e;
        }
      },
    }),
    route({
      method: 'post',
      path: '/auth/logout',
      tag: 'accounts',
      access: 'user',
      summary: 'Sign out (ends this session)',
      status: 204,
      handler: async ({ req, res }) => {
        const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
        if (token) await auth.logout(token);
        res.clearCookie(SESSION_COOKIE, { path: '/' });
      },
    }),
    route({
      method: 'get',
      path: '/auth/session',
      tag: 'accounts',
      access: 'user',
      summary: 'Who I am, my workspaces and my CSRF token',
      response: SessionInfoSchema,
      handler: ({ principal }) => auth.sessionInfo(principal!),
    }),
    route({
      method: 'get',
      path: '/auth/tokens',
      tag: 'accounts',
      access: 'user',
      summary: 'My personal API tokens (never the secrets)',
      response: z.array(ApiTokenSchema),
      handler: ({ principal }) => store.accounts.listApiTokens(principal!.userId),
    }),
    route({
      method: 'post',
      path: '/auth/tokens',
      tag: 'accounts',
      access: 'user',
      summary: 'Create a personal API token: the secret is shown only in this answer',
      body: ApiTokenCreate,
      response: ApiTokenCreated,
      status: 201,
      handler: ({ principal, body }) => auth.createApiToken(principal!.userId, body.name),
    }),
    route({
      method: 'delete',
      path: '/auth/tokens/:id',
      tag: 'accounts',
      access: 'user',
      summary: 'Revoke a personal API token',
      params: TokenIdParams,
      status: 204,
      handler: async ({ principal, params }) => {
        if (!(await store.accounts.revokeApiToken(principal!.userId, params.id)))
          throw AppError.notFound('API token', params.id);
        auth.forgetTokens();
      },
    }),
    route({
      method: 'get',
      path: '/workspaces',
      tag: 'accounts',
      access: 'user',
      summary: 'The workspaces I belong to, with my role',
      response: MyWorkspaces,
      handler: async ({ principal }) =>
        (await auth.sessionInfo({ userId: principal!.userId, via: principal!.via, csrfToken: null })).workspaces,
    }),
    route({
      method: 'post',
      path: '/workspaces',
      tag: 'accounts',
      access: 'user',
      summary: 'Create a workspace (I become its owner)',
      body: WorkspaceCreate,
      response: WorkspaceSchema,
      status: 201,
      handler: async ({ principal, body }) => {
        const ws = await store.createWorkspace(body);
        await store.accounts.putMembership(ws.id, principal!.userId, 'owner');
        await audit(ws.id, principal!.userId, 'workspace.create', null);
        return ws;
      },
    }),
    route({
      method: 'get',
      path: '/workspace/members',
      tag: 'accounts',
      access: 'read',
      summary: 'Members of the current workspace',
      response: z.array(MemberSchema),
      handler: ({ workspaceId }) => members(workspaceId),
    }),
    route({
      method: 'post',
      path: '/workspace/members',
      tag: 'accounts',
      access: 'owner',
      summary: 'Add an existing account to the current workspace',
      body: MemberAdd,
      response: MemberSchema,
      status: 201,
      handler: async ({ workspaceId, principal, body }) => {
        const found = await store.accounts.findUserByEmail(body.email);
        if (!found)
          throw AppError.invalid('email', 'no account with this email; create it first (npx nurture user create)');
        const m = await store.accounts.putMembership(workspaceId, found.user.id, body.role, body.personId ?? null);
        await audit(workspaceId, principal!.userId, 'member.add', `user:${found.user.id}`, { role: body.role });
        return { user: found.user, role: m.role, personId: m.personId, createdAt: m.createdAt };
      },
    }),
    route({
      method: 'patch',
      path: '/workspace/members/:userId',
      tag: 'accounts',
      access: 'owner',
      summary: "Change a member's role or own person",
      params: UserIdParams,
      body: MemberUpdate,
      response: MemberSchema,
      handler: async ({ workspaceId, principal, params, body }) => {
        const cur = await store.accounts.getMembership(workspaceId, params.userId);
        if (!cur) throw AppError.notFound('member', params.userId);
        if (cur.role === 'owner' && body.role && body.role !== 'owner')
          await assertAnotherOwner(workspaceId, params.userId);
        const m = await store.accounts.putMembership(workspaceId, params.userId, body.role ?? cur.role, body.personId);
        await audit(workspaceId, principal!.userId, 'member.update', `user:${params.userId}`, { role: m.role });
        const user = (await store.accounts.getUser(params.userId))!;
        return { user, role: m.role, personId: m.personId, createdAt: m.createdAt };
      },
    }),
    route({
      method: 'delete',
      path: '/workspace/members/:userId',
      tag: 'accounts',
      access: 'owner',
      summary: 'Remove a member from the current workspace',
      params: UserIdParams,
      status: 204,
      handler: async ({ workspaceId, principal, params }) => {
        const cur = await store.accounts.getMembership(workspaceId, params.userId);
        if (!cur) throw AppError.notFound('member', params.userId);
        if (cur.role === 'owner') await assertAnotherOwner(workspaceId, params.userId);
        await store.accounts.removeMembership(workspaceId, params.userId);
        await audit(workspaceId, principal!.userId, 'member.remove', `user:${params.userId}`);
      },
    }),
    route({
      method: 'get',
      path: '/audit',
      tag: 'accounts',
      access: 'owner',
      summary: 'The audit log of the current workspace (logins, imports, exports, erasures)',
      query: z.strictObject({ ...PageQuery }),
      response: AuditPage,
      handler: ({ workspaceId, query }) => store.accounts.listAudit(workspaceId, query),
    }),
  ];

  async function assertAnotherOwner(ws: string, userId: string): Promise<void> {
    const owners = (await store.accounts.listMembers(ws)).filter((m) => m.role === 'owner' && m.userId !== userId);
    if (owners.length === 0) throw new AppError('CONFLICT', 'A workspace keeps at least one owner');
  }
}
