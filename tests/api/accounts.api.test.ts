/**
 * Account management and the sign-in defences: password strength, change and
 * reset, sign out everywhere, deleting an account, the per-account backoff,
 * the one-time setup link under concurrent use, `trust proxy` off, answers
 * never cached, and token changes in the account's log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailSink, tokenIn, type MailSink } from './mail-sink.js';
import { startApi, type RunningApi } from './start-api.js';

async function login(api: RunningApi, email: string, password: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${api.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { csrfToken?: string };
  const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
  return { status: res.status, cookie, headers: { cookie, 'x-csrf-token': body.csrfToken ?? '' }, body };
}

describe('accounts', () => {
  let api: RunningApi;
  let mail: MailSink;
  beforeAll(async () => {
    mail = await startMailSink();
    api = await startApi({
      env: { NURTURE_LOGIN_RATE_LIMIT: '1000', NURTURE_SMTP_URL: mail.url, NURTURE_REPORT_CRON: 'off' },
    });
  });
  afterAll(async () => {
    await api.close();
    await mail.close();
  });

  it('refuses guessable passwords with the same rule everywhere', async () => {
    await expect(
      api.built.deps.auth.createUser({ email: 'weak@example.com', name: 'Weak', password: 'aaaaaaaaaa' }),
    ).rejects.toMatchObject({ code: 'VALIDATION', details: { errors: [{ path: 'password' }] } });
    await expect(
      api.built.deps.auth.createUser({ email: 'weak@example.com', name: 'Weak', password: 'password123!' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    const weakChange = await api.call('POST', '/api/v1/auth/password', {
      currentPassword: 'owner-password-1',
      newPassword: 'qwertyuiop',
    });
    expect(weakChange.status).toBe(400);
    expect(weakChange.body.errors[0].path).toBe('newPassword');
  });

  it('changes the password: the current one is asked, and other sessions end', async () => {
    await api.built.deps.auth.createUser({ email: 'carl@example.com', name: 'Carl', password: 'carl-first-pass-1' });
    const first = await login(api, 'carl@example.com', 'carl-first-pass-1');
    const second = await login(api, 'carl@example.com', 'carl-first-pass-1');
    const wrong = await api.call(
      'POST',
      '/api/v1/auth/password',
      { currentPassword: 'nope-nope-nope', newPassword: 'carl-second-pass-2' },
      { ...first.headers, anonymous: '1' },
    );
    expect(wrong.status).toBe(400);
    const changed = await api.call(
      'POST',
      '/api/v1/auth/password',
      { currentPassword: 'carl-first-pass-1', newPassword: 'carl-second-pass-2' },
      { ...first.headers, anonymous: '1' },
    );
    expect(changed.status).toBe(204);
    const session = (h: Record<string, string>) =>
      api.call('GET', '/api/v1/auth/session', undefined, { ...h, anonymous: '1' });
    expect((await session(first.headers)).status).toBe(200);
    expect((await session(second.headers)).status).toBe(401);
    expect((await login(api, 'carl@example.com', 'carl-first-pass-1')).status).toBe(401);
    expect((await login(api, 'carl@example.com', 'carl-second-pass-2')).status).toBe(200);
  });

  it('signs out everywhere', async () => {
    await api.built.deps.auth.createUser({ email: 'dora@example.com', name: 'Dora', password: 'dora-passphrase-1' });
    const a = await login(api, 'dora@example.com', 'dora-passphrase-1');
    const b = await login(api, 'dora@example.com', 'dora-passphrase-1');
    const out = await api.call('POST', '/api/v1/auth/logout-everywhere', undefined, { ...a.headers, anonymous: '1' });
    expect(out.status).toBe(204);
    for (const s of [a, b])
      expect((await api.call('GET', '/api/v1/auth/session', undefined, { ...s.headers, anonymous: '1' })).status).toBe(
        401,
      );
  });

  it('resets a password by an emailed link that works once, and ends every session and token', async () => {
    const erin = await api.built.deps.auth.createUser({
      email: 'erin@example.com',
      name: 'Erin',
      password: 'erin-passphrase-1',
    });
    const token = (await api.built.deps.auth.createApiToken(erin.id, 'script')).token;
    const before = mail.inbox.length;
    const unknown = await api.call(
      'POST',
      '/api/v1/auth/password-reset',
      { email: 'ghost@example.com' },
      { anonymous: '1' },
    );
    const known = await api.call(
      'POST',
      '/api/v1/auth/password-reset',
      { email: 'erin@example.com' },
      { anonymous: '1' },
    );
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    expect(mail.inbox.length).toBe(before + 1);
    const secret = tokenIn(mail.inbox.at(-1)!.text, 'reset-password')!;
    expect(secret).toBeTruthy();
    const confirm = (password: string) =>
      api.call('POST', '/api/v1/auth/password-reset/confirm', { token: secret, password }, { anonymous: '1' });
    expect((await confirm('aaaaaaaaaaaa')).status).toBe(400);
    expect((await confirm('erin-new-passphrase-2')).status).toBe(204);
    expect((await confirm('erin-new-passphrase-3')).status).toBe(403);
    expect(
      (await api.call('GET', '/api/v1/auth/session', undefined, { authorization: `Bearer ${token}` })).status,
    ).toBe(401);
    expect((await login(api, 'erin@example.com', 'erin-new-passphrase-2')).status).toBe(200);
  });

  it('deletes an account with its password, and the workspaces it alone belonged to', async () => {
    const fay = await api.built.deps.auth.createUser({
      email: 'fay@example.com',
      name: 'Fay',
      password: 'fay-passphrase-1',
    });
    const [own] = await api.store.accounts.listMembershipsOfUser(fay.id);
    const s = await login(api, 'fay@example.com', 'fay-passphrase-1');
    const wrong = await api.call(
      'POST',
      '/api/v1/auth/account/delete',
      { password: 'not-my-password' },
      { ...s.headers, anonymous: '1' },
    );
    expect(wrong.status).toBe(400);
    const gone = await api.call(
      'POST',
      '/api/v1/auth/account/delete',
      { password: 'fay-passphrase-1' },
      { ...s.headers, anonymous: '1' },
    );
    expect(gone.status).toBe(204);
    expect(await api.store.accounts.getUser(fay.id)).toBeNull();
    expect(await api.store.getWorkspace(own!.workspaceId)).toBeNull();
    expect((await login(api, 'fay@example.com', 'fay-passphrase-1')).status).toBe(401);
  });

  it('refuses to delete the last owner of a workspace others belong to', async () => {
    const gus = await api.built.deps.auth.createUser({
      email: 'gus@example.com',
      name: 'Gus',
      password: 'gus-passphrase-1',
    });
    const [own] = await api.store.accounts.listMembershipsOfUser(gus.id);
    await api.built.deps.auth.createUser({
      email: 'gus-colleague@example.com',
      name: 'Colleague',
      password: 'colleague-pass-1',
      workspaceId: own!.workspaceId,
      role: 'member',
    });
    const s = await login(api, 'gus@example.com', 'gus-passphrase-1');
    const res = await api.call(
      'POST',
      '/api/v1/auth/account/delete',
      { password: 'gus-passphrase-1' },
      { ...s.headers, anonymous: '1' },
    );
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe(
      'You are the last owner of the workspace "Gus\'s network", which others belong to: make another member owner first',
    );
    expect(await api.store.accounts.getUser(gus.id)).not.toBeNull();
  });

  it('backs off sign-ins per account, from any address, without telling which accounts exist', async () => {
    await api.built.deps.auth.createUser({ email: 'hal@example.com', name: 'Hal', password: 'hal-passphrase-1' });
    const statuses = async (email: string) => {
      const out: number[] = [];
      for (let i = 0; i < 7; i++) out.push((await login(api, email, `wrong-${i}-password`)).status);
      return out;
    };
    const known = await statuses('hal@example.com');
    const unknown = await statuses('nobody-here@example.com');
    expect(known).toEqual([401, 401, 401, 401, 401, 401, 429]);
    expect(unknown).toEqual(known);
    // Even the right password waits its turn.
    const blocked = await login(api, 'hal@example.com', 'hal-passphrase-1');
    expect(blocked.status).toBe(429);
  });

  it('audits token changes in the account log', async () => {
    const created = await api.call('POST', '/api/v1/auth/tokens', { name: 'audited' });
    expect((await api.call('DELETE', `/api/v1/auth/tokens/${created.body.apiToken.id}`)).status).toBe(204);
    const log = (await api.call('GET', '/api/v1/auth/audit')).body.items as { action: string; meta: object }[];
    expect(log.slice(0, 2).map((e) => e.action)).toEqual(['token.revoke', 'token.create']);
    expect(log[0]!.meta).toEqual({ tokenId: created.body.apiToken.id });
  });

  it('marks every API answer no-store', async () => {
    for (const path of ['/api/v1/people', '/api/v1/auth/session', '/api/v1/health', '/api/v1/nope']) {
      const res = await api.call('GET', path);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });
});

describe('the one-time setup link', () => {
  it('creates one account however many use it at once', async () => {
    const api = await startApi({ signIn: false, env: { NURTURE_LOGIN_RATE_LIMIT: '1000' } });
    try {
      await api.built.deps.readiness.ensure();
      const token = (await api.built.deps.auth.prepareSetup())!;
      const answers = await Promise.all(
        [0, 1, 2, 3, 4].map((i) =>
          api.call(
            'POST',
            '/api/v1/auth/setup',
            { token, email: `first-${i}@example.com`, name: `First ${i}`, password: 'first-passphrase-1' },
            { anonymous: '1' },
          ),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 403, 403, 403, 403]);
      expect(await api.store.accounts.countUsers()).toBe(1);
    } finally {
      await api.close();
    }
  });
});

describe('trust proxy', () => {
  it('is off by default: a rotated X-Forwarded-For neither escapes the limit nor lands in the log', async () => {
    const api = await startApi({ env: { NURTURE_LOGIN_RATE_LIMIT: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push(
          (await login(api, `x${i}@example.com`, 'wrong-password-1', { 'x-forwarded-for': `203.0.113.${i}` })).status,
        );
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await api.close();
    }
  });

  it('believes X-Forwarded-For from the proxies NURTURE_TRUST_PROXY names', async () => {
    const api = await startApi({ env: { NURTURE_TRUST_PROXY: 'loopback' } });
    try {
      await login(api, 'owner@example.com', 'owner-password-1', { 'x-forwarded-for': '203.0.113.9' });
      const log = (await api.call('GET', '/api/v1/auth/audit')).body.items as {
        action: string;
        meta: { ip: string };
      }[];
      expect(log.find((e) => e.action === 'login')!.meta.ip).toBe('203.0.113.9');
    } finally {
      await api.close();
    }
  });
});
