/**
 * The team and account pages in real Chromium, checked against the API: an
 * owner invites (the link to hand over when no SMTP is configured), withdraws
 * an invitation, changes a role and removes a member; a member sees the team
 * read-only; every user changes their password (the strength rules in words),
 * makes and revokes API tokens, reads their sign-in log, signs out everywhere
 * and deletes their account (the last owner of a shared workspace is told
 * why not). "Forgot your password?" with and without SMTP. Each page under
 * axe-core at desktop and phone sizes, nothing scrolling sideways at 390 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations, sidewaysScroll } from './a11y.js';
import { openBrowser, signIn, type Browsing } from './browser.js';
import { poll } from './page-checks.js';
import { OWNER, startWebApp, type WebApp } from './web-app.js';
import { startMailSink, tokenIn, type MailSink } from '../api/mail-sink.js';

let app: WebApp;
let b: Browsing;
let ownerPassword = OWNER.password;
const MIA = { email: 'mia@example.com', name: 'Mia Member', password: 'mia-member-passphrase' };

beforeAll(async () => {
  [app, b] = await Promise.all([startWebApp(), openBrowser()]);
  await app.built.deps.auth.createUser({ ...MIA, workspaceId: app.workspaceId, role: 'member' });
});
afterAll(async () => {
  await b?.close();
  await app?.close();
});

const members = async () =>
  (await app.api('GET', '/api/v1/workspace/members')).body.map((m: any) => [m.user.email, m.role]) as [
    string,
    string,
  ][];
const focused = () =>
  b.page.evaluate(() => `${document.activeElement?.tagName}:${document.activeElement?.textContent?.trim()}`);

async function signOut(): Promise<void> {
  const menu = b.page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await b.page.getByRole('button', { name: 'Sign out' }).click();
  await b.page.waitForURL(/\/login$/);
}

describe('the team page', () => {
  it('lets an owner invite with a link to hand over, withdraw it, change a role and remove a member', async () => {
    await signIn(b.page, app.base, OWNER.email, OWNER.password);
    await b.page.getByRole('link', { name: 'Team' }).click();
    await b.page.waitForURL(/\/team$/);
    const list = b.page.getByRole('list', { name: 'Members' });
    await poll(() => list.locator('li').count()).toBe(2);
    expect(await list.locator('li', { hasText: 'Sam Rivera (you)' }).textContent()).toContain('Owner');
    expect(await seriousViolations(b.page)).toEqual([]);

    // Invite: no SMTP here, so the link is shown once to hand over.
    await b.page.getByLabel('Their email').fill('not-an-email');
    await b.page.getByRole('button', { name: 'Invite' }).click();
    expect(await b.page.locator('[data-field="email"] .field-error').textContent()).toBe(
      'Enter an email address such as name@example.com',
    );
    await b.page.getByLabel('Their email').fill('Nia@Example.com');
    await b.page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await b.page.getByRole('button', { name: 'Invite' }).click();
    const handOver = b.page.locator('.hand-over');
    await handOver.waitFor();
    expect(await handOver.getByRole('heading').textContent()).toBe('Hand this link to nia@example.com');
    expect(await focused()).toBe('H3:Hand this link to nia@example.com');
    const link = await handOver.getByLabel('Invitation link').inputValue();
    expect(link).toMatch(/\/invite#token=[A-Za-z0-9_-]{20,}$/);
    expect(await handOver.textContent()).toContain('This server sends no email');
    const pending = b.page.locator('.invitation-box li', { hasText: 'nia@example.com' });
    await poll(() => pending.count()).toBe(1);
    expect(await pending.textContent()).toContain('Viewer');
    // The form cleared for the next one.
    expect(await b.page.getByLabel('Their email').inputValue()).toBe('');
    expect(await seriousViolations(b.page)).toEqual([]);
    const preview = await app.api('POST', '/api/v1/invitations/preview', { token: new URL(link).hash.slice(7) });
    expect(preview.body.email).toBe('nia@example.com');

    await pending.getByRole('button', { name: 'Withdraw the invitation of nia@example.com' }).click();
    await poll(() => b.page.locator('.invitation-box').textContent()).toContain('None:');
    expect((await app.api('GET', '/api/v1/workspace/invitations')).body).toEqual([]);
    expect(
      (await app.api('POST', '/api/v1/invitations/preview', { token: new URL(link).hash.slice(7) })).status,
    ).not.toBe(200);

    // Change Mia's role.
    const mia = list.locator('li', { hasText: MIA.email });
    await mia.getByLabel(`Role of ${MIA.name}`).selectOption('viewer');
    await mia.getByRole('button', { name: 'Change role' }).click();
    await poll(members).toContainEqual([MIA.email, 'viewer']);
    expect(await b.page.locator('.team-view .status-line').textContent()).toBe(
      'Mia Member is now viewer: reads the network, changes nothing.',
    );
    await mia.getByLabel(`Role of ${MIA.name}`).selectOption('member');
    await mia.getByRole('button', { name: 'Change role' }).click();
    await poll(members).toContainEqual([MIA.email, 'member']);
  });

  it('shows a member the team read-only', async () => {
    await signOut();
    await signIn(b.page, app.base, MIA.email, MIA.password);
    await b.page.goto(`${app.base}/team`);
    const list = b.page.getByRole('list', { name: 'Members' });
    await poll(() => list.locator('li').count()).toBe(2);
    expect(await b.page.locator('.team-view').textContent()).toContain('Only owners invite people or change roles.');
    expect(await b.page.locator('.team-view select').count()).toBe(0);
    expect(await b.page.getByRole('button', { name: 'Invite' }).count()).toBe(0);
    expect(await list.locator('li', { hasText: 'Mia Member (you)' }).textContent()).toContain('Member');
    expect(await seriousViolations(b.page)).toEqual([]);
    await signOut();
  });

  it('removes a member after asking, and their sessions end', async () => {
    // Mia signs in elsewhere (an API session) before she is removed.
    const login = await fetch(`${app.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: MIA.email, password: MIA.password }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    await signIn(b.page, app.base, OWNER.email, OWNER.password);
    await b.page.goto(`${app.base}/team`);
    const mia = b.page.getByRole('list', { name: 'Members' }).locator('li', { hasText: MIA.email });
    await mia.getByRole('button', { name: `Remove ${MIA.name}` }).click();
    const dialog = b.page.getByRole('dialog', { name: `Remove ${MIA.name}?` });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('signed out everywhere');
    expect(await seriousViolations(b.page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await members()).toContainEqual([MIA.email, 'member']);
    await mia.getByRole('button', { name: `Remove ${MIA.name}` }).click();
    await dialog.getByRole('button', { name: `Remove ${MIA.name}` }).click();
    await poll(async () => (await members()).map(([e]) => e)).not.toContain(MIA.email);
    expect(await b.page.locator('.team-view .status-line').textContent()).toBe(
      'Mia Member was removed from the workspace.',
    );
    expect((await fetch(`${app.base}/api/v1/auth/session`, { headers: { cookie } })).status).toBe(401);
  });
});

describe('the account page', () => {
  it('changes the password, with the rules in plain words', async () => {
    await b.page.locator('.account-link').click();
    await b.page.waitForURL(/\/account$/);
    const form = b.page.locator('form', { has: b.page.getByRole('heading', { name: 'Change your password' }) });
    await form.getByLabel('Current password').fill('not-my-password');
    await form.getByLabel('New password').fill('another-sturdy-passphrase');
    await form.getByRole('button', { name: 'Change password' }).click();
    await poll(() => form.locator('[data-field="currentPassword"] .field-error').textContent()).toBe(
      'This is not your current password',
    );
    await form.getByLabel('Current password').fill(ownerPassword);
    await form.getByLabel('New password').fill('password1234');
    await form.getByRole('button', { name: 'Change password' }).click();
    await poll(() => form.locator('[data-field="newPassword"] .field-error').textContent()).toMatch(
      /^Too easy to guess\. \S/,
    );
    expect(await focused()).toMatch(/^INPUT/);
    await form.getByLabel('New password').fill('short');
    await form.getByRole('button', { name: 'Change password' }).click();
    expect(await form.locator('[data-field="newPassword"] .field-error').textContent()).toBe(
      'Must be at least 10 characters',
    );
    await form.getByLabel('New password').fill('quiet-otter-lantern-57');
    await form.getByRole('button', { name: 'Change password' }).click();
    await poll(() => form.locator('.form-status').textContent()).toMatch(/^Password changed\. You stay signed in here/);
    expect(await form.getByLabel('New password').inputValue()).toBe('');
    ownerPassword = 'quiet-otter-lantern-57';
    // Still signed in here.
    expect(await b.page.evaluate(() => fetch('/api/v1/auth/session').then((r) => r.status))).toBe(200);
  });

  it('makes an API token shown once, lists it, and revokes it', async () => {
    const tokens = b.page.locator('form', { has: b.page.getByRole('heading', { name: 'Make a token' }) });
    await tokens.getByLabel('What it is for').fill('weekly export script');
    await tokens.getByRole('button', { name: 'Make the token' }).click();
    const secret = b.page.getByLabel('Token', { exact: true });
    await secret.waitFor();
    const token = await secret.inputValue();
    expect(token).toMatch(/^nrt_/);
    expect(await focused()).toBe('H4:Your new token “weekly export script”');
    const item = b.page
      .getByRole('list', { name: 'Your API tokens' })
      .locator('li', { hasText: 'weekly export script' });
    await poll(() => item.count()).toBe(1);
    expect(await item.textContent()).toContain(`${token.slice(0, 10)}…`);
    expect(await item.textContent()).toContain('Never used');
    const call = () =>
      fetch(`${app.base}/api/v1/workspace`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await call()).toBe(200);
    expect(await seriousViolations(b.page)).toEqual([]);
    await item.getByRole('button', { name: 'Revoke the token weekly export script' }).click();
    await poll(() => item.count()).toBe(0);
    expect(await call()).toBe(401);
  });

  it('shows my own sign-ins and account changes', async () => {
    await b.page.reload();
    const log = b.page.locator('table.account-log');
    await log.waitFor();
    const rows = await log.locator('tbody tr').allTextContents();
    expect(rows.some((r) => r.includes('Signed in') && r.includes('127.0.0.1'))).toBe(true);
    expect(rows.some((r) => r.includes('Password changed'))).toBe(true);
    expect(rows.some((r) => r.includes('API token created: weekly export script'))).toBe(true);
    expect(rows.some((r) => r.includes('API token revoked'))).toBe(true);
    // Newest first: the revocation came last.
    expect(rows[0]).toContain('API token revoked');
  });

  it('refuses to delete the last owner of a shared workspace, and says what to do', async () => {
    await app.built.deps.auth.createUser({
      email: 'ola@example.com',
      name: 'Ola Other',
      password: 'ola-other-passphrase',
      workspaceId: app.workspaceId,
      role: 'member',
    });
    const form = b.page.locator('form.danger-zone');
    await form.getByLabel('Your password, to confirm').fill(ownerPassword);
    await form.getByRole('button', { name: 'Delete my account…' }).click();
    const dialog = b.page.getByRole('dialog', { name: 'Delete your account for good?' });
    await dialog.waitFor();
    expect(await seriousViolations(b.page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await poll(() => form.locator('.form-error').textContent()).toMatch(
      /^Not deleted\. You are the last owner of the workspace ".+", which others belong to: make another member owner first, so that it is not left without one/,
    );
    expect((await app.store.accounts.findUserByEmail(OWNER.email))?.user.name).toBe(OWNER.name);
  });

  it('signs out everywhere after asking', async () => {
    const other = await fetch(`${app.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: OWNER.email, password: ownerPassword }),
    });
    const cookie = other.headers.get('set-cookie')!.split(';')[0]!;
    await b.page.getByRole('button', { name: 'Sign out everywhere' }).click();
    const dialog = b.page.getByRole('dialog', { name: 'Sign out everywhere?' });
    await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
    await b.page.waitForURL(/\/login\?signedOut=everywhere$/);
    expect(await b.page.locator('.login-view .status').textContent()).toBe(
      'You were signed out everywhere: every session of your account has ended.',
    );
    expect((await fetch(`${app.base}/api/v1/auth/session`, { headers: { cookie } })).status).toBe(401);
  });

  it('deletes an account that owns only its own workspace', async () => {
    await app.built.deps.auth.createUser({
      email: 'leo@example.com',
      name: 'Leo Leaving',
      password: 'leo-leaving-passphrase',
    });
    await signIn(b.page, app.base, 'leo@example.com', 'leo-leaving-passphrase');
    await b.page.goto(`${app.base}/account`);
    const form = b.page.locator('form.danger-zone');
    await form.getByLabel('Your password, to confirm').fill('wrong-password-here');
    await form.getByRole('button', { name: 'Delete my account…' }).click();
    await b.page.getByRole('dialog').getByRole('button', { name: 'Delete my account' }).click();
    await poll(() => form.locator('[data-field="password"] .field-error').textContent()).toBe(
      'This is not your password',
    );
    await form.getByLabel('Your password, to confirm').fill('leo-leaving-passphrase');
    await form.getByRole('button', { name: 'Delete my account…' }).click();
    await b.page.getByRole('dialog').getByRole('button', { name: 'Delete my account' }).click();
    await b.page.waitForURL(/\/login\?deleted=1$/);
    expect(await b.page.locator('.login-view .status').textContent()).toBe('Your account was deleted.');
    expect(await app.store.accounts.findUserByEmail('leo@example.com')).toBeNull();
  });
});

describe('forgot your password', () => {
  it('says plainly that a server without SMTP cannot send a link, and who can reset it', async () => {
    await b.page.goto(`${app.base}/login`);
    await b.page.getByRole('link', { name: 'Forgot your password?' }).click();
    await b.page.waitForURL(/\/reset-password$/);
    const text = b.page.locator('.reset-view .no-email');
    await poll(() => text.isVisible()).toBe(true);
    expect(await text.textContent()).toContain('npx nurture user reset-password --email you@example.com');
    expect(await b.page.locator('.reset-view form').isVisible()).toBe(false);
    expect(await seriousViolations(b.page)).toEqual([]);
  });

  it('emails a one-time link with SMTP, and the link sets a new password', async () => {
    const sink: MailSink = await startMailSink();
    const mailing = await startWebApp({ env: { NURTURE_SMTP_URL: sink.url } });
    try {
      await b.page.goto(`${mailing.base}/login`);
      await b.page.getByRole('link', { name: 'Forgot your password?' }).click();
      await b.page.getByLabel('Email').fill(OWNER.email);
      await b.page.getByRole('button', { name: 'Email me a reset link' }).click();
      await poll(() => b.page.locator('.reset-view .form-status').textContent()).toMatch(
        /^If this email has an account, a reset link is on its way/,
      );
      await poll(() => sink.inbox.length).toBe(1);
      const token = tokenIn(sink.inbox[0]!.text, 'reset-password')!;
      // The link opens in a new tab, from the mail.
      const tab = await b.context.newPage();
      await tab.goto(`${mailing.base}/reset-password#token=${token}`);
      await tab.getByLabel('New password').waitFor();
      expect(new URL(tab.url()).hash).toBe('');
      await tab.getByLabel('New password').fill('fresh-harbour-pebble-82');
      await tab.getByRole('button', { name: 'Set my new password' }).click();
      await poll(() => tab.locator('.reset-view .form-status').textContent()).toMatch(/^Your password is changed/);
      await tab.close();
      await signIn(b.page, mailing.base, OWNER.email, 'fresh-harbour-pebble-82');
      await signOut();
    } finally {
      await mailing.close();
      await sink.close();
    }
  });
});

describe('on a phone', () => {
  it('at 390 px the team, account and reset pages fit, and have no serious violation', {
    timeout: 120_000,
  }, async () => {
    await b.page.setViewportSize({ width: 390, height: 844 });
    try {
      await b.page.goto(`${app.base}/reset-password`);
      await b.page.locator('main h2').waitFor();
      expect(await sidewaysScroll(b.page)).toBe(0);
      expect(await seriousViolations(b.page)).toEqual([]);
      await signIn(b.page, app.base, OWNER.email, ownerPassword);
      await b.page.goto(`${app.base}/team`);
      await b.page.getByLabel('Their email').fill('pia@example.com');
      await b.page.getByRole('button', { name: 'Invite' }).click();
      await b.page.locator('.hand-over').waitFor();
      for (const path of ['/team', '/account']) {
        if (path !== '/team') await b.page.goto(`${app.base}${path}`);
        await b.page.locator('main h2').first().waitFor();
        await b.page.waitForLoadState('networkidle');
        expect(await sidewaysScroll(b.page), path).toBe(0);
        expect(await seriousViolations(b.page), path).toEqual([]);
        await b.screenshot(`phone-${path.slice(1)}`);
      }
      // Both are reachable from the folded header.
      await b.page.getByRole('button', { name: 'Menu' }).click();
      await b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click();
      await b.page.waitForURL(/\/team$/);
      await b.page.getByRole('button', { name: 'Menu' }).click();
      await b.page.locator('.account-link').click();
      await b.page.waitForURL(/\/account$/);
    } finally {
      await b.page.setViewportSize({ width: 1400, height: 900 });
    }
  });
});
