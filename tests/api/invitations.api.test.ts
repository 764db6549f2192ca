/**
 * Adding a member is an invitation: the invitee becomes a member only by
 * accepting it. The owner's answer is the same whether or not the email has
 * an account; nobody else changes a user's default workspace; a user's
 * sign-ins go to their own account log, not to the workspaces they are in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../../server/app.js';
import { InvitationCreated, MembershipSchema, SessionInfoSchema } from '../../shared/index.js';
import { startMailSink, tokenIn, type MailSink } from './mail-sink.js';
import { startApi, type RunningApi } from './start-api.js';

const ws = DEFAULT_WORKSPACE_ID;
const PASSWORD = 'victim-password-77';

async function signIn(api: RunningApi, email: string, password: string) {
  const res = await fetch(`${api.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, headers: { cookie, 'x-csrf-token': csrfToken } };
}

const tokenOf = (link: string | null) => new URL(link!).hash.replace('#token=', '');

describe('invitations without SMTP: a link to hand over', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({ env: { NURTURE_LOGIN_RATE_LIMIT: '1000', NURTURE_PUBLIC_URL: 'https://nurture.example' } });
  });
  afterAll(async () => api.close());

  it('answers an existing account and an unknown email alike, and makes neither a member', async () => {
    const victim = await api.built.deps.auth.createUser({
      email: 'victim@example.com',
      name: 'Victim',
      password: PASSWORD,
      noWorkspace: true,
    });
    const known = await api.call('POST', '/api/v1/workspace/members', { email: 'victim@example.com', role: 'viewer' });
    const unknown = await api.call('POST', '/api/v1/workspace/members', {
      email: 'nobody@example.com',
      role: 'viewer',
    });
    expect(known.status).toBe(201);
    expect(unknown.status).toBe(201);
    const a = InvitationCreated.parse(known.body);
    const b = InvitationCreated.parse(unknown.body);
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(Object.keys(a.invitation).sort()).toEqual(Object.keys(b.invitation).sort());
    expect([a.delivery, b.delivery]).toEqual(['link', 'link']);
    expect(a.link).toMatch(/^https:\/\/nurture\.example\/invite#token=[A-Za-z0-9_-]{40,}$/);
    expect(JSON.stringify(known.body)).not.toContain(victim.id);

    // Not a member: the victim's workspaces (and so their default) are untouched until they accept.
    expect(await api.store.accounts.listMembershipsOfUser(victim.id)).toEqual([]);
    const members = (await api.call('GET', '/api/v1/workspace/members')).body as { user: { email: string } }[];
    expect(members.map((m) => m.user.email)).not.toContain('victim@example.com');
    const pending = (await api.call('GET', '/api/v1/workspace/invitations')).body as { email: string }[];
    expect(pending.map((i) => i.email).sort()).toEqual(['nobody@example.com', 'victim@example.com']);
  });

  it('lets only the invited account accept, once, and logs the join in the workspace', async () => {
    const bob = await api.built.deps.auth.createUser({ email: 'bob@example.com', name: 'Bob', password: PASSWORD });
    await api.built.deps.auth.createUser({ email: 'eve@example.com', name: 'Eve', password: PASSWORD });
    const created = InvitationCreated.parse(
      (await api.call('POST', '/api/v1/workspace/members', { email: 'Bob@Example.com', role: 'member' })).body,
    );
    const token = tokenOf(created.link);

    const preview = await api.call('POST', '/api/v1/invitations/preview', { token }, { anonymous: '1' });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ role: 'member', email: 'bob@example.com', invitedBy: 'Owner' });

    const eve = await signIn(api, 'eve@example.com', PASSWORD);
    const wrong = await api.call('POST', '/api/v1/invitations/accept', { token }, { ...eve.headers, anonymous: '1' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.detail).toMatch(/another email/);

    const asBob = await signIn(api, 'bob@example.com', PASSWORD);
    const accepted = await api.call(
      'POST',
      '/api/v1/invitations/accept',
      { token },
      { ...asBob.headers, anonymous: '1' },
    );
    expect(accepted.status).toBe(200);
    expect(MembershipSchema.parse(accepted.body)).toMatchObject({ workspaceId: ws, userId: bob.id, role: 'member' });
    const again = await api.call('POST', '/api/v1/invitations/accept', { token }, { ...asBob.headers, anonymous: '1' });
    expect(again.status).toBe(403);
    expect((await api.call('POST', '/api/v1/invitations/preview', { token }, { anonymous: '1' })).status).toBe(403);

    const audit = (await api.call('GET', '/api/v1/audit?limit=200')).body.items as { action: string; target: string }[];
    expect(audit.find((e) => e.action === 'member.join')).toMatchObject({ target: `user:${bob.id}` });
    expect(audit.some((e) => e.action === 'member.invite')).toBe(true);
  });

  it('creates the account of an invited newcomer, signed in, and never twice', async () => {
    const created = InvitationCreated.parse(
      (await api.call('POST', '/api/v1/workspace/members', { email: 'new@example.com', role: 'viewer' })).body,
    );
    const token = tokenOf(created.link);
    const weak = await api.call(
      'POST',
      '/api/v1/invitations/sign-up',
      { token, name: 'Newcomer', password: 'aaaaaaaaaa' },
      { anonymous: '1' },
    );
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].path).toBe('password');
    const res = await fetch(`${api.base}/api/v1/invitations/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, name: 'Newcomer', password: 'newcomer-passphrase-9' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('set-cookie')).toMatch(/nurture_session=/);
    const info = SessionInfoSchema.parse(await res.json());
    expect(info.user.email).toBe('new@example.com');
    expect(info.workspaces.map((w) => [w.workspace.id, w.role])).toEqual([[ws, 'viewer']]);
    const reused = await api.call(
      'POST',
      '/api/v1/invitations/sign-up',
      { token, name: 'Again', password: 'newcomer-passphrase-9' },
      { anonymous: '1' },
    );
    expect(reused.status).toBe(403);
  });

  it('stops a withdrawn invitation', async () => {
    const created = InvitationCreated.parse(
      (await api.call('POST', '/api/v1/workspace/members', { email: 'later@example.com', role: 'viewer' })).body,
    );
    expect((await api.call('DELETE', `/api/v1/workspace/invitations/${created.invitation.id}`)).status).toBe(204);
    expect((await api.call('DELETE', `/api/v1/workspace/invitations/${created.invitation.id}`)).status).toBe(404);
    const res = await api.call(
      'POST',
      '/api/v1/invitations/sign-up',
      { token: tokenOf(created.link), name: 'Later', password: 'newcomer-passphrase-9' },
      { anonymous: '1' },
    );
    expect(res.status).toBe(403);
  });

  it("audits a member's sign-ins in their own account log, never in a workspace's", async () => {
    const mia = await api.built.deps.auth.createUser({
      email: 'mia@example.com',
      name: 'Mia',
      password: PASSWORD,
      workspaceId: ws,
      role: 'member',
    });
    await signIn(api, 'mia@example.com', PASSWORD);
    const failed = await api.call(
      'POST',
      '/api/v1/auth/login',
      { email: 'mia@example.com', password: 'wrong-password-1' },
      { anonymous: '1' },
    );
    expect(failed.status).toBe(401);
    const workspaceLog = (await api.call('GET', '/api/v1/audit?limit=500')).body.items as {
      action: string;
      target: string | null;
    }[];
    expect(workspaceLog.filter((e) => e.action.startsWith('login'))).toEqual([]);
    const token = (await api.built.deps.auth.createApiToken(mia.id, 'mine')).token;
    const own = await api.call('GET', '/api/v1/auth/audit', undefined, { authorization: `Bearer ${token}` });
    expect(own.status).toBe(200);
    const actions = (own.body.items as { action: string; meta: { ip?: string } }[]).map((e) => e.action);
    expect(actions).toEqual(['token.create', 'login.failed', 'login']);
    expect(own.body.items[2].meta.ip).toMatch(/127\.0\.0\.1/);
    // The owner's own log holds none of Mia's events.
    const ownerLog = (await api.call('GET', '/api/v1/auth/audit')).body.items as { target: string }[];
    expect(ownerLog.every((e) => e.target !== `user:${mia.id}`)).toBe(true);
  });

  it("ends a removed member's sessions and tokens", async () => {
    const kim = await api.built.deps.auth.createUser({
      email: 'kim@example.com',
      name: 'Kim',
      password: PASSWORD,
      workspaceId: ws,
      role: 'member',
    });
    const token = (await api.built.deps.auth.createApiToken(kim.id, 'script')).token;
    const session = await signIn(api, 'kim@example.com', PASSWORD);
    expect(
      (await api.call('GET', '/api/v1/auth/session', undefined, { ...session.headers, anonymous: '1' })).status,
    ).toBe(200);
    expect((await api.call('DELETE', `/api/v1/workspace/members/${kim.id}`)).status).toBe(204);
    expect(
      (await api.call('GET', '/api/v1/auth/session', undefined, { ...session.headers, anonymous: '1' })).status,
    ).toBe(401);
    expect(
      (await api.call('GET', '/api/v1/auth/session', undefined, { authorization: `Bearer ${token}` })).status,
    ).toBe(401);
  });
});

describe('invitations with SMTP: the link goes to the invitee alone', () => {
  let api: RunningApi;
  let mail: MailSink;
  beforeAll(async () => {
    mail = await startMailSink();
    api = await startApi({
      env: { NURTURE_SMTP_URL: mail.url, NURTURE_PUBLIC_URL: 'https://nurture.example', NURTURE_REPORT_CRON: 'off' },
    });
  });
  afterAll(async () => {
    await api.close();
    await mail.close();
  });

  it('emails the link, answers without it, and the emailed link works', async () => {
    const res = await api.call('POST', '/api/v1/workspace/members', { email: 'ann@example.com', role: 'viewer' });
    expect(res.status).toBe(201);
    const created = InvitationCreated.parse(res.body);
    expect(created.delivery).toBe('email');
    expect(created.link).toBeNull();
    const sent = mail.inbox.find((m) => m.to.includes('ann@example.com'))!;
    expect(sent.text).toMatch(/invited you to join the workspace/);
    const token = tokenIn(sent.text, 'invite');
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const signUp = await api.call(
      'POST',
      '/api/v1/invitations/sign-up',
      { token, name: 'Ann', password: 'ann-passphrase-2027' },
      { anonymous: '1' },
    );
    expect(signUp.status).toBe(201);
  });
});
