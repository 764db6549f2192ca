/**
 * The duplicates review page and the import page's account of messages, in real Chromium:
 * a pair listed with its evidence, kept apart ("not the same"), another merged (keep left)
 * and the merge undone; a messages.csv previewed says where its messages would go.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages2021Csv } from '../fixtures/import/linkedin-files.js';
import { openBrowser, signIn, type Browsing } from './browser.js';
import { poll } from './page-checks.js';
import { OWNER, startWebApp, type WebApp } from './web-app.js';

let app: WebApp;
let b: Browsing;
const ids: Record<string, string> = {};

beforeAll(async () => {
  [app, b] = await Promise.all([
    startWebApp({
      load: async (store, ws) => {
        await store.people.create(ws, { name: 'Sam Rivera', isMe: true });
        ids.ann1 = (await store.people.create(ws, { name: 'Ann Lee', company: 'Acme', emails: ['ann@acme.io'] })).id;
        ids.ann2 = (await store.people.create(ws, { name: 'ann  lee', company: 'ACME', position: 'CFO' })).id;
        ids.bob1 = (await store.people.create(ws, { name: 'Bob <b>Stone</b>', emails: ['bob@x.io'] })).id;
        ids.bob2 = (await store.people.create(ws, { name: 'Robert', emails: ['BOB@x.io'] })).id;
      },
    }),
    openBrowser(),
  ]);
  await signIn(b.page, app.base, OWNER.email, OWNER.password);
});
afterAll(async () => {
  await b?.close();
  await app?.close();
});

describe('duplicates page', () => {
  it('lists pairs with their evidence; "not the same", keep left, and undo work', async () => {
    await b.page.goto(`${app.base}/duplicates`);
    await b.page.waitForSelector('.duplicate-pair');
    expect(await b.page.locator('.duplicate-pair').count()).toBe(2);
    const bobs = b.page.locator(`[data-pair="${[ids.bob1, ids.bob2].sort().join(' ')}"]`);
    expect(await bobs.locator('.evidence').textContent()).toBe('Same email');
    // Names are text, never markup.
    expect(await bobs.locator('h4').first().textContent()).toMatch(/Bob <b>Stone<\/b>|Robert/);
    await b.screenshot('duplicates');

    await bobs.getByRole('button', { name: 'Not the same' }).click();
    await poll(() => b.page.locator('.duplicate-pair').count()).toBe(1);
    const anns = b.page.locator('.duplicate-pair').first();
    expect(await anns.locator('.evidence').textContent()).toBe('Same name and company');
    const left = await anns.locator('.duplicate-person h4').first().textContent();
    await anns.getByRole('button', { name: 'Keep left' }).click();
    await poll(() => b.page.locator('.duplicates').textContent()).toContain('No likely duplicates.');
    const people = (await app.api('GET', '/api/v1/people?q=lee')).body.items as { name: string; position: string }[];
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({ name: left, position: 'CFO' });

    await b.page.getByRole('button', { name: 'Undo' }).click();
    await poll(() => b.page.locator('.duplicate-pair').count()).toBe(1);
    expect((await app.api('GET', '/api/v1/people?q=lee')).body.total).toBe(2);
    expect(await b.page.locator('.merges').textContent()).toContain('undone');
  });
});

describe('import page', () => {
  it('says where the messages of a messages.csv would go', async () => {
    await b.page.goto(`${app.base}/import`);
    await b.page.waitForSelector('.import-form');
    const csv = messages2021Csv([
      {
        conversationId: 'c1',
        from: 'Ann Lee',
        fromUrl: 'https://www.linkedin.com/in/ann',
        to: 'Sam Rivera',
        at: '2026-01-01T10:00:00Z',
      },
      {
        conversationId: 'c2',
        from: 'New Person',
        fromUrl: 'https://www.linkedin.com/in/new',
        to: 'Sam Rivera',
        at: '2026-01-02T10:00:00Z',
      },
      { conversationId: 'c3', from: '', to: '', at: '2026-01-03T10:00:00Z' },
    ]);
    await b.page.setInputFiles('#import-file', {
      name: 'messages.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await b.page.getByRole('button', { name: 'Preview (dry run)' }).click();
    await b.page.waitForSelector('.import-messages');
    const count = (label: string) => b.page.locator(`.import-messages [data-count="${label}"] td`).textContent();
    expect(await b.page.locator('.import-messages caption').textContent()).toBe('Where the 3 messages read went');
    expect(await count('Left out: no sender (LinkedIn system rows)')).toBe('1');
    expect(await count('With people new to Nurture')).toBe('1');
    // Two people named Ann Lee: the message from "Ann Lee" is not guessed.
    expect(await count('Left out: a name more than one person has')).toBe('1');
    expect(await b.page.locator('.import-ambiguous').textContent()).toContain('Ann Lee: 1 messages left out, 2 people');
  });
});
