/**
 * A fresh install in real Chromium: the one-time setup link creates the
 * first account (the token leaves the address bar), then signing out and in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browsing } from './browser.js';
import { hostsOf, poll } from './page-checks.js';
import { startWebApp, type WebApp } from './web-app.js';

let app: WebApp;
let b: Browsing;

beforeAll(async () => {
  [app, b] = await Promise.all([startWebApp({ owner: false }), openBrowser()]);
});
afterAll(async () => {
  await b?.close();
  await app?.close();
});

describe('first run', () => {
  it('creates the first account through the setup link, then signs out and in again', async () => {
    await b.page.goto(`${app.base}/login`);
    await poll(() => b.page.locator('.login-view').textContent()).toContain('No account exists yet');

    const token = (await app.built.deps.auth.prepareSetup())!;
    await b.page.goto(`${app.base}/setup#token=${token}`);
    await b.page.waitForSelector('.setup-view form');
    expect(new URL(b.page.url()).hash).toBe('');
    await b.page.getByLabel('Your name').fill('Ada Founder');
    await b.page.getByLabel('Email').fill('ada@example.com');
    await b.page.getByLabel('Password').fill('short');
    await b.page.getByRole('button', { name: 'Create my account' }).click();
    expect(await b.page.locator('[data-field="password"] .field-error').textContent()).toBe(
      'Must be at least 10 characters',
    );
    await b.page.getByLabel('Password').fill('a-long-enough-password');
    await b.screenshot('setup');
    await b.page.getByRole('button', { name: 'Create my account' }).click();
    await b.page.waitForURL(/\/import$/);
    expect(await b.page.locator('.user-name').textContent()).toBe('Ada Founder');
    // Nobody is "me" yet: the import asks for my name.
    await b.page.setInputFiles('#import-file', {
      name: 'Connections.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('First Name,Last Name,URL,Email Address,Company,Position,Connected On\n'),
    });
    await b.page.getByRole('button', { name: 'Preview (dry run)' }).click();
    expect(await b.page.locator('#import-me-error').textContent()).toMatch(/give your name/);

    await b.page.getByRole('button', { name: 'Sign out' }).click();
    await b.page.waitForURL(/\/login$/);
    await b.page.goto(`${app.base}/board`);
    await b.page.waitForURL(/\/login\?next=%2Fboard/);
    await b.page.getByLabel('Email').fill('ada@example.com');
    await b.page.getByLabel('Password').fill('a-long-enough-password');
    await b.page.getByRole('button', { name: 'Sign in' }).click();
    await b.page.waitForURL(/\/board$/);
    expect(hostsOf(b.requests)).toEqual([new URL(app.base).host]);
    expect(b.dialogs).toEqual([]);
  });
});
