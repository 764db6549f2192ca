/**
 * The invitation page in real Chromium: a newcomer opens the link an owner
 * handed over and creates their account in the invited workspace; someone
 * with an account signs in from the page and accepts. The secret leaves the
 * address bar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browsing } from './browser.js';
import { poll } from './page-checks.js';
import { startWebApp, type WebApp } from './web-app.js';

let app: WebApp;
let b: Browsing;

beforeAll(async () => {
  [app, b] = await Promise.all([startWebApp(), openBrowser()]);
});
afterAll(async () => {
  await b?.close();
  await app?.close();
});

async function invite(email: string, role: string): Promise<string> {
  const r = await app.api('POST', '/api/v1/workspace/members', { email, role });
  expect(r.status).toBe(201);
  return r.body.link as string;
}

describe('invitation links', () => {
  it('lets a newcomer create the invited account and join', async () => {
    const link = await invite('nia@example.com', 'member');
    await b.page.goto(link.replace(/^https?:\/\/[^/]+/, app.base));
    await poll(() => b.page.locator('.invitation-view .status').textContent()).toMatch(
      /Sam Rivera invited nia@example\.com to the workspace ".+" as member/,
    );
    expect(new URL(b.page.url()).hash).toBe('');
    await b.page.getByLabel('Your name').fill('Nia Newcomer');
    await b.page.getByLabel('Password').fill('aaaaaaaaaaaa');
    await b.page.getByRole('button', { name: 'Create my account and join' }).click();
    await poll(() => b.page.locator('[data-field="password"] .field-error').textContent()).toMatch(
      /too easy to guess/i,
    );
    await b.page.getByLabel('Password').fill('nia-newcomer-passphrase');
    await b.page.getByRole('button', { name: 'Create my account and join' }).click();
    await b.page.waitForURL(/\/explorer$/);
    expect(await b.page.locator('.user-name').textContent()).toBe('Nia Newcomer');
    const members = await app.api('GET', '/api/v1/workspace/members');
    expect(members.body.map((m: { user: { email: string }; role: string }) => [m.user.email, m.role])).toContainEqual([
      'nia@example.com',
      'member',
    ]);
    await b.page.getByRole('button', { name: 'Sign out' }).click();
    await b.page.waitForURL(/\/login$/);
  });

  it('lets someone with an account sign in from the page and accept', async () => {
    await app.built.deps.auth.createUser({ email: 'omar@example.com', name: 'Omar', password: 'omar-own-passphrase' });
    const link = await invite('omar@example.com', 'viewer');
    await b.page.goto(link.replace(/^https?:\/\/[^/]+/, app.base));
    await b.page.getByRole('link', { name: 'Sign in to accept' }).click();
    await b.page.waitForURL(/\/login\?next=(%2F|\/)invite/);
    await b.page.getByLabel('Email').fill('omar@example.com');
    await b.page.getByLabel('Password').fill('omar-own-passphrase');
    await b.page.getByRole('button', { name: 'Sign in' }).click();
    await b.page.waitForURL(/\/invite$/);
    await b.page.getByRole('button', { name: 'Accept the invitation' }).click();
    await b.page.waitForURL(/\/explorer$/);
    const select = b.page.locator('#workspace-switch');
    await poll(() => select.inputValue()).toBe(app.workspaceId);
    expect(await select.locator('option:checked').textContent()).toMatch(/\(viewer\)$/);
  });
});
