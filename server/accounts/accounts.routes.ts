import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  AccountDelete,
  ApiTokenCreate,
  ApiTokenCreated,
  ApiTokenSchema,
  AuditEntrySchema,
  Id,
  InvitationCreated,
  InvitationPreviewSchema,
  InvitationSchema,
  InvitationSignUp,
  InvitationTokenInput,
  LoginInput,
  MemberAdd,
  MemberSchema,
  MemberUpdate,
  MembershipSchema,
  PageQuery,
  PasswordChange,
  PasswordResetConfirm,
  PasswordResetRequest,
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
const Accepted = z.strictObject({ message: z.string() }).meta({ id: 'Accepted' });

function setSessionCookie(res: Response, token: string, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: SESSION_DAYS * 86_400_000,
  });
}

function sessionTokenOf(req: Request): string | undefined {
  return (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
}

export function accountsRoutes({ store, auth }: AppDeps): RouteSpec[] {
  const audit = (
    workspaceId: string | null,
    actorUserId: string | null,
    action: string,
    target: string | null,
    meta: Record<string, unknown> = {},
  ) => store.accounts.appendAudit({ workspaceId, actorUserId, action, target, meta });
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
      summary: 'Whether this install still needs its first account, and whether passwords can be reset by email',
      response: SetupStatusSchema,
      handler: async () => ({ needed: (await store.accounts.countUsers()) === 0, emailResets: auth.canEmail }),
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
        const { sessionToken, csrfToken } = await auth.login(body.email, body.password, req.ip ?? null);
        setSessionCookie(res, sessionToken, req.secure);
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
        const { user, sessionToken, csrfToken } = await auth.login(body.email, body.password, req.ip ?? null);
        setSessionCookie(res, sessionToken, req.secure);
        return auth.sessionInfo({ userId: user.id, via: 'session', csrfToken });
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
        const token = sessionTokenOf(req);
        if (token) await auth.logout(token);
        res.clearCookie(SESSION_COOKIE, { path: '/' });
      },
    }),
    route({
      method: 'post',
      path: '/auth/logout-everywhere',
      tag: 'accounts',
      access: 'user',
      summary: 'Sign out everywhere: ends every session of my account (this one too)',
      status: 204,
      handler: async ({ principal, res }) => {
        await auth.signOutEverywhere(principal!.userId);
        res.clearCookie(SESSION_COOKIE, { path: '/' });
      },
    }),
    route({
      method: 'post',
      path: '/auth/password',
      tag: 'accounts',
      access: 'user',
      summary: 'Change my password (the current one is asked); my other sessions end',
      body: PasswordChange,
      status: 204,
      handler: async ({ principal, body, req }) => {
        await auth.changePassword(
          principal!.userId,
          body,
          principal!.via === 'session' ? sessionTokenOf(req) : undefined,
        );
      },
    }),
    route({
      method: 'post',
      path: '/auth/password-reset',
      tag: 'accounts',
      access: 'public',
      summary:
        'Ask for a password reset link by email (SMTP configured); the answer is the same whether or not the email has an account',
      body: PasswordResetRequest,
      response: Accepted,
      status: 202,
      handler: async ({ body }) => {
        if (!auth.canEmail)
          throw new AppError(
            'FORBIDDEN',
            'This server sends no email: ask its administrator to reset your password (npx nurture user reset-password)',
          );
        await auth.requestPasswordReset(body.email);
        return { message: 'If this email has an account, a reset link is on its way.' };
      },
    }),
    route({
      method: 'post',
      path: '/auth/password-reset/confirm',
      tag: 'accounts',
      access: 'public',
      summary: 'Set a new password with the one-time secret of an emailed reset link; every session ends',
      body: PasswordResetConfirm,
      status: 204,
      handler: async ({ body }) => {
        await auth.confirmPasswordReset(body.token, body.password);
      },
    }),
    route({
      method: 'post',
      path: '/auth/account/delete',
      tag: 'accounts',
      access: 'user',
      summary:
        'Delete my account (password asked); workspaces only I belong to go with it. 409 when I am the last owner of a shared one',
      body: AccountDelete,
      status: 204,
      handler: async ({ principal, body, res }) => {
        await auth.verifyOwnPassword(principal!.userId, body.password);
        await auth.deleteAccount(principal!.userId);
        res.clearCookie(SESSION_COOKIE, { path: '/' });
      },
    }),
    route({
      method: 'get',
      path: '/auth/audit',
      tag: 'accounts',
      access: 'user',
      summary: 'My account log: sign-ins (with their address), failed sign-ins, password and token changes',
      query: z.strictObject({ ...PageQuery }),
      response: AuditPage,
      handler: ({ principal, query }) => store.accounts.listUserAudit(principal!.userId, query),
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
      handler: ({ principal, params }) => auth.revokeApiToken(principal!.userId, params.id),
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
      summary:
        'Invite someone by email: they become a member only by accepting. Emailed when SMTP is configured, else the answer holds the link to hand over; the same answer whether or not the email has an account',
      body: MemberAdd,
      response: InvitationCreated,
      status: 201,
      handler: async ({ workspaceId, principal, body }) => {
        const created = await auth.invite(workspaceId, principal!.userId, body);
        await audit(workspaceId, principal!.userId, 'member.invite', `invitation:${created.invitation.id}`, {
          role: body.role,
          delivery: created.delivery,
        });
        return created;
      },
    }),
    route({
      method: 'get',
      path: '/workspace/invitations',
      tag: 'accounts',
      access: 'owner',
      summary: 'Pending invitations to the current workspace',
      response: z.array(InvitationSchema),
      handler: ({ workspaceId }) => store.accounts.listInvitations(workspaceId),
    }),
    route({
      method: 'delete',
      path: '/workspace/invitations/:id',
      tag: 'accounts',
      access: 'owner',
      summary: 'Withdraw a pending invitation: its link stops working',
      params: TokenIdParams,
      status: 204,
      handler: async ({ workspaceId, principal, params }) => {
        if (!(await store.accounts.revokeInvitation(workspaceId, params.id)))
          throw AppError.notFound('invitation', params.id);
        await audit(workspaceId, principal!.userId, 'invitation.revoke', `invitation:${params.id}`);
      },
    }),
    route({
      method: 'post',
      path: '/invitations/preview',
      tag: 'accounts',
      access: 'public',
      summary: 'What an invitation link offers (workspace, role, invited email), before it is accepted',
      body: InvitationTokenInput,
      response: InvitationPreviewSchema,
      handler: ({ body }) => auth.previewInvitation(body.token),
    }),
    route({
      method: 'post',
      path: '/invitations/accept',
      tag: 'accounts',
      access: 'user',
      summary: 'Accept an invitation as the signed-in account of the invited email',
      body: InvitationTokenInput,
      response: MembershipSchema,
      handler: ({ principal, body }) => auth.acceptInvitation(body.token, principal!.userId),
    }),
    route({
      method: 'post',
      path: '/invitations/sign-up',
      tag: 'accounts',
      access: 'public',
      summary: 'Accept an invitation with a new account for the invited email, and sign in',
      body: InvitationSignUp,
      response: SessionInfoSchema,
      status: 201,
      handler: async ({ body, req, res }) => {
        const { user, sessionToken, csrfToken } = await auth.signUpWithInvitation(body.token, body);
        setSessionCookie(res, sessionToken, req.secure);
        return auth.sessionInfo({ userId: user.id, via: 'session', csrfToken });
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
        // The store refuses, in the write's transaction, a change that leaves no owner.
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
        // The store refuses, in the write's transaction, to remove the last owner.
        if (!(await store.accounts.removeMembership(workspaceId, params.userId)))
          throw AppError.notFound('member', params.userId);
        // Sessions and tokens belong to the account, not the workspace: a removed member's all end.
        await auth.endAccess(params.userId);
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
}
