/**
 * The authorisation matrix: every route, called as anonymous, viewer, member,
 * owner, and a user of another workspace. The table below is the contract;
 * a route added without an entry fails this test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessOf } from '../../server/http/route.js';
import { DEFAULT_WORKSPACE_ID } from '../../server/app.js';
import { startApi, type RunningApi } from './start-api.js';

type Level = 'public' | 'user' | 'read' | 'write' | 'owner';

const MATRIX: Record<string, Level> = {
  'GET /health': 'public',
  'GET /auth/setup': 'public',
  'POST /auth/setup': 'public',
  'POST /auth/login': 'public',
  'POST /auth/logout': 'user',
  'POST /auth/logout-everywhere': 'user',
  'POST /auth/password': 'user',
  'POST /auth/password-reset': 'public',
  'POST /auth/password-reset/confirm': 'public',
  'POST /auth/account/delete': 'user',
  'GET /auth/audit': 'user',
  'POST /invitations/preview': 'public',
  'POST /invitations/accept': 'user',
  'POST /invitations/sign-up': 'public',
  'GET /auth/session': 'user',
  'GET /auth/tokens': 'user',
  'POST /auth/tokens': 'user',
  'DELETE /auth/tokens/:id': 'user',
  'GET /workspaces': 'user',
  'POST /workspaces': 'user',
  'GET /workspace/members': 'read',
  'POST /workspace/members': 'owner',
  'PATCH /workspace/members/:userId': 'owner',
  'DELETE /workspace/members/:userId': 'owner',
  'GET /workspace/invitations': 'owner',
  'DELETE /workspace/invitations/:id': 'owner',
  'GET /audit': 'owner',
  'GET /workspace': 'read',
  'PATCH /workspace': 'owner',
  'GET /imports': 'read',
  'POST /imports': 'write',
  'GET /people/:id/export': 'write',
  'GET /people/:id/private-note': 'read',
  'PUT /people/:id/private-note': 'read',
  'GET /me': 'read',
  'GET /people/:id/ego': 'read',
  'GET /analytics/status': 'read',
  'POST /analytics/recompute': 'read',
  'GET /analytics/partners': 'read',
  'GET /analytics/people/:id': 'read',
  'GET /analytics/strength': 'read',
  'GET /analytics/recommendations': 'read',
  'GET /analytics/mistakes': 'read',
  'GET /analytics/paths': 'read',
  'GET /analytics/communities': 'read',
  'GET /analytics/who-knows': 'read',
  'GET /analytics/export': 'read',
  'GET /analytics/graph': 'read',
  'GET /graph/export': 'read',
  'GET /people/:id/vcard': 'read',
  'GET /vcard': 'write',
  'GET /mailing-lists/:id/export': 'write',
  'GET /reports': 'read',
  'GET /reports/:week': 'read',
  'POST /reports': 'write',
  'POST /pitches/check': 'write',
  'POST /subscriptions/check': 'write',
  'POST /pitches/:id/check': 'write',
  'POST /subscriptions/:id/check': 'write',
  'GET /events': 'read',
  'GET /board': 'read',
  'PUT /board/done': 'read',
  'PUT /people/:id/rating': 'write',
  'DELETE /people/:id/rating': 'write',
  'GET /ratings': 'read',
  'GET /calibration': 'read',
  'POST /calibration/fit': 'write',
  'DELETE /calibration': 'write',
  'GET /calibration/candidates': 'read',
  'GET /needs': 'read',
  'POST /needs': 'write',
  'DELETE /needs/:id': 'write',
  'GET /duplicates': 'read',
  'POST /duplicates/dismiss': 'write',
  'POST /merges': 'write',
  'GET /merges': 'read',
  'POST /merges/:id/undo': 'write',
  'POST /erasures': 'write',
  'GET /erasures': 'write',
  'POST /erasures/:id/undo': 'write',
  'POST /erasures/:id/finish': 'write',
  ...Object.fromEntries(
    [
      'people',
      'organizations',
      'ties',
      'interactions',
      'introductions',
      'referrals',
      'pitches',
      'mailing-lists',
      'subscriptions',
      'consents',
    ].flatMap((c) => [
      [`GET /${c}`, 'read'],
      [`POST /${c}`, 'write'],
      [`GET /${c}/:id`, 'read'],
      [`PATCH /${c}/:id`, 'write'],
      [`DELETE /${c}/:id`, 'write'],
    ]),
  ),
};

interface Sample {
  path: string;
  body?: unknown;
  /** A status every caller gets for reasons other than access (e.g. setup already done). */
  fixed?: number;
}

let api: RunningApi;
const tokens: Record<'viewer' | 'member' | 'owner' | 'outsider', string> = {
  viewer: '',
  member: '',
  owner: '',
  outsider: '',
};
const ids: Record<string, string> = {};

async function user(role: 'viewer' | 'member' | 'outsider'): Promise<string> {
  const auth = api.built.deps.auth;
  const u = await auth.createUser({
    email: `${role}-${randomUUID().slice(0, 6)}@example.com`,
    name: role,
    password: 'a-long-password',
    ...(role === 'outsider' ? {} : { workspaceId: DEFAULT_WORKSPACE_ID, role }),
  });
  ids[`${role}User`] = u.id;
  return (await auth.createApiToken(u.id, 'matrix')).token;
}

/** A fresh invitation to the workspace, for someone new. */
function invitation() {
  return api.built.deps.auth.invite(DEFAULT_WORKSPACE_ID, ids.ownerUser!, {
    email: `invitee-${randomUUID().slice(0, 6)}@example.com`,
    role: 'viewer',
  });
}
const tokenOf = (link: string | null) => new URL(link!).hash.replace('#token=', '');

/** A valid request for each route, with fresh records for the ones that change or delete. */
async function sample(key: string): Promise<Sample> {
  const s = api.store;
  const ws = DEFAULT_WORKSPACE_ID;
  const fresh = {
    person: async () => (await s.people.create(ws, { name: `Fresh ${randomUUID().slice(0, 6)}` })).id,
    list: async () => (await s.mailingLists.create(ws, { name: 'L' })).id,
  };
  const entity: Record<string, { create: () => Promise<unknown>; fresh: () => Promise<string>; patch: unknown }> = {
    people: { create: async () => ({ name: 'New person' }), fresh: fresh.person, patch: { company: 'X' } },
    organizations: {
      create: async () => ({ name: 'Org' }),
      fresh: async () => (await s.organizations.create(ws, { name: 'O' })).id,
      patch: { notes: 'n' },
    },
    ties: {
      create: async () => ({ aId: ids.me, bId: await fresh.person(), kind: 'knows' }),
      fresh: async () => (await s.ties.create(ws, { aId: ids.me!, bId: await fresh.person() })).id,
      patch: { note: 'n' },
    },
    interactions: {
      create: async () => ({ occurredAt: '2026-11-01', channel: 'call', participantIds: [ids.a] }),
      fresh: async () =>
        (
          await s.interactions.create(ws, {
            occurredAt: '2026-11-01',
            channel: 'call',
            participantIds: [ids.me!, ids.a!],
          })
        ).id,
      patch: { note: 'n' },
    },
    introductions: {
      create: async () => ({ introducerId: ids.a, aId: ids.me, bId: ids.b, date: '2026-11-01' }),
      fresh: async () =>
        (await s.introductions.create(ws, { introducerId: ids.a!, aId: ids.me!, bId: ids.b!, date: '2026-11-01' })).id,
      patch: { outcome: 'met' },
    },
    referrals: {
      create: async () => ({ referrerId: ids.a, recipientId: ids.me, date: '2026-11-01' }),
      fresh: async () =>
        (await s.referrals.create(ws, { referrerId: ids.a!, recipientId: ids.me!, date: '2026-11-01' })).id,
      patch: { status: 'won' },
    },
    pitches: {
      create: async () => ({ personId: ids.b, date: '2026-11-01' }),
      fresh: async () => (await s.pitches.create(ws, { pitcherId: ids.me!, personId: ids.b!, date: '2026-11-01' })).id,
      patch: { askedForIt: true },
    },
    'mailing-lists': { create: async () => ({ name: 'List' }), fresh: fresh.list, patch: { description: 'd' } },
    subscriptions: {
      create: async () => ({ listId: await fresh.list(), personId: ids.a, subscribedAt: '2026-11-01' }),
      fresh: async () =>
        (await s.subscriptions.create(ws, { listId: await fresh.list(), personId: ids.a!, subscribedAt: '2026-11-01' }))
          .id,
      patch: { status: 'unsubscribed' },
    },
    consents: {
      create: async () => ({ personId: ids.a, status: 'granted', date: '2026-11-01' }),
      fresh: async () => (await s.consents.create(ws, { personId: ids.a!, status: 'granted', date: '2026-11-01' })).id,
      patch: { evidence: 'e' },
    },
  };
  const [method, path] = key.split(' ') as [string, string];
  const m = /^\/([a-z-]+)(\/:id)?$/.exec(path);
  if (m && entity[m[1]!]) {
    const e = entity[m[1]!]!;
    if (!m[2]) return method === 'POST' ? { path, body: await e.create() } : { path };
    const id = method === 'GET' ? await e.fresh() : await e.fresh();
    return { path: `/${m[1]}/${id}`, ...(method === 'PATCH' ? { body: e.patch } : {}) };
  }
  switch (key) {
    case 'POST /auth/setup':
      return {
        path,
        body: { token: 'x'.repeat(20), email: 'late@example.com', name: 'Late', password: 'a-long-password' },
        fixed: 403,
      };
    case 'POST /auth/login':
      return { path, body: { email: 'owner@example.com', password: 'owner-password-1' } };
    case 'POST /auth/tokens':
      return { path, body: { name: 'matrix token' } };
    case 'DELETE /auth/tokens/:id':
      // Each caller revokes a token of their own; with no token at all, an unknown id.
      return { path: '/auth/tokens/unknown-token', fixed: 404 };
    case 'POST /workspaces':
      return { path, body: { name: 'Another' } };
    case 'POST /workspace/members':
      return { path, body: { email: `add-${randomUUID().slice(0, 6)}@example.com`, role: 'viewer' } };
    case 'DELETE /workspace/invitations/:id':
      return { path: `/workspace/invitations/${(await invitation()).invitation.id}` };
    case 'POST /invitations/preview':
      return { path, body: { token: tokenOf((await invitation()).link) } };
    case 'POST /invitations/accept':
      // Each caller holds someone else's invitation: a signed-in caller is told it is not theirs.
      return { path, body: { token: tokenOf((await invitation()).link) }, fixed: 403 };
    case 'POST /invitations/sign-up':
      return {
        path,
        body: { token: tokenOf((await invitation()).link), name: 'Newcomer', password: 'a-long-password' },
        fixed: 201,
      };
    case 'POST /auth/password':
      return { path, body: { currentPassword: 'not-my-password', newPassword: 'another-long-passphrase' }, fixed: 400 };
    case 'POST /auth/password-reset':
      // No SMTP in this server: a reset is the administrator's (npx nurture user reset-password).
      return { path, body: { email: 'owner@example.com' }, fixed: 403 };
    case 'POST /auth/password-reset/confirm':
      return { path, body: { token: 'x'.repeat(40), password: 'another-long-passphrase' }, fixed: 403 };
    case 'POST /auth/account/delete':
      return { path, body: { password: 'not-my-password' }, fixed: 400 };
    case 'PATCH /workspace/members/:userId':
      return { path: `/workspace/members/${ids.memberUser}`, body: { role: 'member' } };
    case 'DELETE /workspace/members/:userId': {
      const u = await api.built.deps.auth.createUser({
        email: `rm-${randomUUID().slice(0, 6)}@example.com`,
        name: 'Rm',
        password: 'a-long-password',
        workspaceId: ws,
        role: 'viewer',
      });
      return { path: `/workspace/members/${u.id}` };
    }
    case 'POST /imports': {
      const form = new FormData();
      form.set('dryRun', 'true');
      form.set(
        'file',
        new Blob([
          `First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Lima,https://www.linkedin.com/in/ana-lima,,Acme,CEO,14 Feb 2020\n`,
        ]),
        'Connections.csv',
      );
      return { path, body: form };
    }
    case 'PATCH /workspace':
      return { path, body: { name: 'My network' } };
    case 'GET /people/:id/export':
    case 'GET /people/:id/vcard':
    case 'GET /people/:id/private-note':
    case 'GET /people/:id/ego':
      return { path: path.replace(':id', ids.a!) };
    case 'GET /analytics/people/:id':
      return { path: `/analytics/people/${ids.a}` };
    case 'GET /analytics/strength':
      return { path: `/analytics/strength?personId=${ids.a}` };
    case 'GET /analytics/who-knows':
      return {
        path: `/analytics/who-knows?organizationId=${(await api.store.organizations.create(ws, { name: 'Target Org' })).id}`,
      };
    case 'GET /analytics/paths':
      return { path: `/analytics/paths?personId=${ids.b}` };
    case 'GET /graph/export':
      return { path: '/graph/export?format=graphml' };
    case 'GET /mailing-lists/:id/export':
      return { path: `/mailing-lists/${await fresh.list()}/export` };
    case 'PUT /people/:id/private-note':
      return { path: path.replace(':id', ids.a!), body: { text: 'mine' } };
    case 'GET /reports/:week':
      // A stored week to fetch (generating it again just answers the stored one).
      await api.call('POST', '/api/v1/reports', { week: '2026-W40' });
      return { path: '/reports/2026-W40' };
    case 'POST /reports':
      return { path, body: { week: '2026-W40' } };
    case 'POST /pitches/check':
      return { path, body: { personId: ids.b, date: '2026-11-01' } };
    case 'POST /subscriptions/check':
      return { path, body: { listId: await fresh.list(), personId: ids.a, subscribedAt: '2026-11-01' } };
    case 'POST /pitches/:id/check':
      return {
        path: `/pitches/${(await s.pitches.create(ws, { pitcherId: ids.me!, personId: ids.b!, date: '2026-11-01' })).id}/check`,
        body: { askedForIt: true },
      };
    case 'POST /subscriptions/:id/check': {
      const sub = await s.subscriptions.create(ws, {
        listId: await fresh.list(),
        personId: ids.a!,
        subscribedAt: '2026-11-01',
      });
      return { path: `/subscriptions/${sub.id}/check`, body: { status: 'unsubscribed' } };
    }
    case 'GET /board':
      return { path: '/board?week=2026-W49' };
    case 'PUT /board/done':
      return { path, body: { week: '2026-W49', key: `nurture:${ids.a}`, done: true } };
    case 'GET /events':
      // The stream's first event, then the end: an open stream would never answer.
      return { path: '/events?once=true' };
    case 'PUT /people/:id/rating':
      return { path: `/people/${await fresh.person()}/rating`, body: { rating: 'close' } };
    case 'DELETE /people/:id/rating': {
      const id = await fresh.person();
      await s.calibration.putRating(ws, id, 'close', null);
      return { path: `/people/${id}/rating` };
    }
    case 'POST /needs':
      return { path, body: { personId: ids.a, expressedOn: '2026-11-01', note: 'a bookkeeper' } };
    case 'DELETE /needs/:id': {
      const n = await s.needs.add(ws, { personId: ids.a!, expressedOn: '2026-11-01', note: 'a bookkeeper' });
      return { path: `/needs/${n.id}` };
    }
    case 'POST /duplicates/dismiss':
      return { path, body: { aId: ids.a, bId: ids.b } };
    case 'POST /merges': {
      const keep = await s.people.create(ws, { name: 'Keep' });
      const merge = await s.people.create(ws, { name: 'Merge' });
      return { path, body: { keepId: keep.id, mergeId: merge.id } };
    }
    case 'POST /merges/:id/undo': {
      const keep = await s.people.create(ws, { name: 'Keep' });
      const merge = await s.people.create(ws, { name: 'Merge' });
      return { path: `/merges/${(await s.merges.merge(ws, keep.id, merge.id)).id}/undo` };
    }
    case 'POST /erasures':
      return { path, body: { personId: await fresh.person() } };
    case 'POST /erasures/:id/undo':
    case 'POST /erasures/:id/finish': {
      const held = await s.erasures.hold(ws, await fresh.person(), {
        dueAt: new Date(Date.now() + 600_000).toISOString(),
        requestedBy: null,
      });
      return { path: path.replace(':id', held.id) };
    }
    default:
      return { path };
  }
}

beforeAll(async () => {
  api = await startApi({ env: { NURTURE_LOGIN_RATE_LIMIT: '1000' } });
  tokens.owner = api.token!;
  ids.ownerUser = (await api.store.accounts.findUserByEmail('owner@example.com'))!.user.id;
  tokens.viewer = await user('viewer');
  tokens.member = await user('member');
  tokens.outsider = await user('outsider');
  // The outsider has a network of their own, so questions about ours get a plain 404 there.
  const [theirs] = await api.store.accounts.listMembershipsOfUser(ids.outsiderUser!);
  await api.store.people.create(theirs!.workspaceId, { name: 'Outsider', isMe: true });
  const ws = DEFAULT_WORKSPACE_ID;
  ids.me = (await api.store.people.create(ws, { name: 'Me', isMe: true })).id;
  ids.a = (await api.store.people.create(ws, { name: 'A' })).id;
  ids.b = (await api.store.people.create(ws, { name: 'B' })).id;
  // History in 2026-W40, so the workspace has lived the week the report samples ask for.
  await api.store.interactions.create(ws, {
    occurredAt: '2026-09-30',
    channel: 'call',
    participantIds: [ids.me, ids.a],
  });
});
afterAll(async () => api.close());

describe('authorisation matrix', () => {
  it('has an entry for every route, and the routes declare the same access', () => {
    const keys = api.built.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    const missing = keys.filter((k) => !(k in MATRIX));
    expect(missing, 'routes without an entry in the authorisation matrix').toEqual([]);
    expect(
      Object.keys(MATRIX).filter((k) => !keys.includes(k)),
      'matrix entries without a route',
    ).toEqual([]);
    for (const r of api.built.routes)
      expect(accessOf(r), `${r.method} ${r.path}`).toBe(MATRIX[`${r.method.toUpperCase()} ${r.path}`]);
  });

  const ALLOWED: Record<'viewer' | 'member' | 'owner', Level[]> = {
    viewer: ['public', 'user', 'read'],
    member: ['public', 'user', 'read', 'write'],
    owner: ['public', 'user', 'read', 'write', 'owner'],
  };

  it('answers each caller as the matrix says', async () => {
    const failures: string[] = [];
    for (const [key, level] of Object.entries(MATRIX)) {
      const method = key.split(' ')[0]!;
      const check = (who: string, status: number, ok: (s: number) => boolean, want: string) => {
        if (!ok(status)) failures.push(`${key} as ${who}: got ${status}, want ${want}`);
      };

      const anon = await sample(key);
      const a = await api.call(method, `/api/v1${anon.path}`, anon.body, { anonymous: '1' });
      if (level === 'public') check('anonymous', a.status, (s) => s !== 401 && s < 500, 'not 401');
      else check('anonymous', a.status, (s) => s === 401, '401');

      for (const role of ['viewer', 'member', 'owner'] as const) {
        const sm = await sample(key);
        const r = await api.call(method, `/api/v1${sm.path}`, sm.body, {
          authorization: `Bearer ${tokens[role]}`,
          'x-workspace-id': DEFAULT_WORKSPACE_ID,
        });
        if (ALLOWED[role].includes(level)) {
          const want = sm.fixed ?? 'a 2xx';
          check(
            role,
            r.status,
            (s) => (sm.fixed ? s === sm.fixed : s >= 200 && s < 300),
            `${want} (${JSON.stringify(r.body).slice(0, 160)})`,
          );
        } else {
          check(role, r.status, (s) => s === 403, '403');
        }
      }

      if (level === 'read' || level === 'write' || level === 'owner') {
        const so = await sample(key);
        const r = await api.call(method, `/api/v1${so.path}`, so.body, {
          authorization: `Bearer ${tokens.outsider}`,
          'x-workspace-id': DEFAULT_WORKSPACE_ID,
        });
        check('outsider naming the workspace', r.status, (s) => s === 404, '404');
        // Only the URL they sent may come back (as `instance`), never a record.
        const { instance: _sent, ...rest } = (r.body ?? {}) as Record<string, unknown>;
        if (JSON.stringify(rest).includes(ids.a!) || JSON.stringify(rest).includes('"name"'))
          failures.push(`${key} as outsider leaked data`);
        if (so.path.includes(ids.a!) || /\/[0-9a-f-]{36}$/.test(so.path)) {
          const own = await api.call(method, `/api/v1${so.path}`, so.body, {
            authorization: `Bearer ${tokens.outsider}`,
          });
          check('outsider in their own workspace', own.status, (s) => s === 404, '404');
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('requires the CSRF token on state-changing requests carried by a session cookie', async () => {
    const login = await fetch(`${api.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@example.com', password: 'owner-password-1' }),
    });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/nurture_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const read = await fetch(`${api.base}/api/v1/people`, { headers: { cookie } });
    expect(read.status).toBe(200);
    const post = (headers: Record<string, string>) =>
      fetch(`${api.base}/api/v1/people`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ name: 'Via cookie' }),
      });
    expect((await post({})).status).toBe(403);
    expect((await post({ 'x-csrf-token': 'wrong' })).status).toBe(403);
    expect((await post({ 'x-csrf-token': csrfToken })).status).toBe(201);
    const out = await fetch(`${api.base}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(out.status).toBe(204);
    expect((await fetch(`${api.base}/api/v1/people`, { headers: { cookie } })).status).toBe(401);
  });

  it('rejects a wrong password the same way as an unknown account, and audits logins', async () => {
    const bad = await api.call(
      'POST',
      '/api/v1/auth/login',
      { email: 'owner@example.com', password: 'wrong-password' },
      { anonymous: '1' },
    );
    const unknown = await api.call(
      'POST',
      '/api/v1/auth/login',
      { email: 'nobody@example.com', password: 'wrong-password' },
      { anonymous: '1' },
    );
    expect(bad.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(bad.body.detail).toBe(unknown.body.detail);
    // Sign-ins are the account's own events: its log has them, the workspace's does not.
    const own = await api.call('GET', '/api/v1/auth/audit?limit=200');
    const actions = own.body.items.map((e: { action: string }) => e.action);
    expect(actions).toContain('login');
    expect(actions).toContain('login.failed');
    const workspace = await api.call('GET', '/api/v1/audit?limit=200');
    expect(workspace.body.items.map((e: { action: string }) => e.action)).not.toContain('login');
  });

  it('shows an API token once, stores only its hash, and stops honouring it when revoked', async () => {
    const created = await api.call('POST', '/api/v1/auth/tokens', { name: 'script' });
    expect(created.status).toBe(201);
    const { token, apiToken } = created.body;
    expect(token).toMatch(/^nrt_/);
    const listed = await api.call('GET', '/api/v1/auth/tokens');
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect((await api.call('GET', '/api/v1/people', undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await api.call('DELETE', `/api/v1/auth/tokens/${apiToken.id}`)).status).toBe(204);
    expect((await api.call('GET', '/api/v1/people', undefined, { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('keeps private notes private to each member', async () => {
    expect(
      (
        await api.call(
          'PUT',
          `/api/v1/people/${ids.b}/private-note`,
          { text: 'owner only' },
          { 'x-workspace-id': DEFAULT_WORKSPACE_ID },
        )
      ).status,
    ).toBe(200);
    const asMember = await api.call('GET', `/api/v1/people/${ids.b}/private-note`, undefined, {
      authorization: `Bearer ${tokens.member}`,
      'x-workspace-id': DEFAULT_WORKSPACE_ID,
    });
    expect(asMember.body).toEqual({ text: null });
    const asOwner = await api.call('GET', `/api/v1/people/${ids.b}/private-note`, undefined, {
      'x-workspace-id': DEFAULT_WORKSPACE_ID,
    });
    expect(asOwner.body).toEqual({ text: 'owner only' });
  });
});
