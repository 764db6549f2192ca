/**
 * Corrections at the moment of truth, in real Chromium: changing a pitch so
 * that it becomes a mistake (unticking "they asked for it") is warned of
 * before it is saved, like logging one; and a write made by another process
 * (the CLI importing into the same SQLite file) reaches an open explorer
 * without a reload.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionsCsv } from '../fixtures/import/linkedin-files.js';
import { seriousViolations, sidewaysScroll } from './a11y.js';
import { openBrowser, signIn, type Browsing } from './browser.js';
import { analysisSettled, poll } from './page-checks.js';
import { OWNER, startWebApp, type WebApp } from './web-app.js';

const DAY = 86_400_000;
const dayAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();
let app: WebApp;
let b: Browsing;
const ids: Record<string, string> = {};

beforeAll(async () => {
  [app, b] = await Promise.all([
    startWebApp({
      load: async (store, ws) => {
        const me = await store.people.create(ws, { name: OWNER.name, isMe: true, source: 'manual' });
        ids.me = me.id;
        ids.zoe = (await store.people.create(ws, { name: 'Zoë Petrov', company: 'Petrov Tax', source: 'manual' })).id;
        ids.ray = (await store.people.create(ws, { name: 'Ray Okafor', source: 'manual' })).id;
        for (const [who, days] of [
          [ids.zoe, 240],
          [ids.ray, 20],
          [ids.ray, 50],
        ] as const)
          await store.interactions.create(ws, {
            occurredAt: dayAgo(days),
            channel: 'in_person',
            participantIds: [me.id, who],
            initiatorId: me.id,
            source: 'manual',
          });
        ids.pitch = (
          await store.pitches.create(ws, {
            pitcherId: me.id,
            personId: ids.zoe,
            date: dayAgo(2),
            offer: 'Tax review',
            askedForIt: true,
          })
        ).id;
      },
    }),
    openBrowser(),
  ]);
  await signIn(b.page, app.base, OWNER.email, OWNER.password);
  await analysisSettled(app.api);
});
afterAll(async () => {
  await b?.close();
  await app?.close();
});

const pitch = async () => (await app.api('GET', `/api/v1/pitches/${ids.pitch}`)).body;

describe('editing a pitch is checked like logging one', () => {
  it('warns before unticking "they asked for it": keep, cancel, or save anyway', async () => {
    await b.page.goto(`${app.base}/people/${ids.zoe}`);
    const row = b.page.locator('.timeline-item.kind-pitch');
    await row.waitFor();
    const editOpen = async () => {
      await row.getByRole('button', { name: /^Edit/ }).click();
      const form = b.page.locator('form.edit-form');
      await form.getByLabel('They asked for it').uncheck();
      await form.getByRole('button', { name: 'Save changes' }).click();
      return form;
    };
    let form = await editOpen();
    const dialog = b.page.getByRole('dialog', { name: 'This would be an early pitch' });
    await dialog.waitFor();
    expect(await dialog.locator('.warning').textContent()).toMatch(
      /^Zoë Petrov is an? \w+: you have met once, 8 months ago\. They have not told you they need it\. Pitching on .+ is an early pitch/,
    );
    expect(await b.page.evaluate(() => document.activeElement?.textContent?.trim()), 'focus on the safe way out').toBe(
      'Keep it as it was',
    );
    expect(await seriousViolations(b.page)).toEqual([]);

    // Cancel: back to the form, unticked, nothing saved.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await form.getByLabel('They asked for it').isChecked()).toBe(false);
    expect((await pitch()).askedForIt).toBe(true);

    // Keep it as it was: the form closes, nothing saved.
    await form.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByRole('button', { name: 'Keep it as it was' }).click();
    await poll(() => b.page.locator('form.edit-form').count()).toBe(0);
    expect((await pitch()).askedForIt).toBe(true);

    // Save anyway: saved, and said to be a mistake.
    form = await editOpen();
    await dialog.getByRole('button', { name: 'Save anyway' }).click();
    await poll(async () => (await pitch()).askedForIt).toBe(false);
    await poll(() => b.page.locator('.contact-view > .status-line').textContent()).toBe(
      'Change saved, and listed among your mistakes. Scores update in a moment.',
    );

    // A change that adds no finding (the note) is saved without a question.
    await row.getByRole('button', { name: /^Edit/ }).click();
    await b.page.locator('form.edit-form').getByLabel('Note').fill('she had not asked');
    await b.page.locator('form.edit-form').getByRole('button', { name: 'Save changes' }).click();
    await poll(async () => (await pitch()).note).toBe('she had not asked');
    expect(await dialog.count()).toBe(0);
  });

  it('on a phone: the warning of a new finding fits the screen and passes axe-core', async () => {
    await b.page.setViewportSize({ width: 390, height: 844 });
    try {
      await b.page.goto(`${app.base}/people/${ids.zoe}`);
      const row = b.page.locator('.timeline-item.kind-pitch');
      await row.getByRole('button', { name: /^Edit/ }).click();
      const form = b.page.locator('form.edit-form');
      // Already an early pitch; turned into an ask for a referral it also assumes a closeness that is not there.
      await form.getByLabel('Kind of ask').selectOption('referral_request');
      await form.getByRole('button', { name: 'Save changes' }).click();
      const dialog = b.page.getByRole('dialog', { name: 'This ask assumes a closeness that is not there yet' });
      await dialog.waitFor();
      expect(await sidewaysScroll(b.page)).toBe(0);
      expect(await seriousViolations(b.page)).toEqual([]);
      const box = await dialog.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      expect((await pitch()).kind).toBe('pitch');
    } finally {
      await b.page.setViewportSize({ width: 1400, height: 900 });
    }
  });
});

/** `nurture import <file>` in a process of its own, on the server's SQLite file. */
function cliImport(file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', 'import', file], {
      env: {
        ...process.env,
        LOG_LEVEL: 'silent',
        NEO4J_URI: '',
        NURTURE_DATA_DIR: dirname(app.store.file),
        NURTURE_WORKSPACE: app.workspaceId,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('writes from another process', () => {
  it('reach an open explorer without a reload', { timeout: 180_000 }, async () => {
    await b.page.goto(`${app.base}/explorer`);
    const about = b.page.locator('.explorer-view p.muted', { hasText: /people, \d+ ties/ }).first();
    await poll(() => about.textContent()).toMatch(/^2 people, /);
    await b.page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 1;
    });
    const file = join(dirname(app.store.file), 'Connections.csv');
    writeFileSync(
      file,
      connectionsCsv(
        ['Ada', 'Bo', 'Cy'].map((firstName, i) => ({
          firstName,
          lastName: 'Elsewhere',
          url: `https://www.linkedin.com/in/elsewhere-${i}`,
          connectedOn: '2024-05-01',
        })),
      ),
    );
    const written = await cliImport(file);
    expect(written.code, written.output).toBe(0);
    // Nothing went through this server: it learns of the import from the database, recomputes, and pushes.
    await poll(() => about.textContent()).toMatch(/^5 people, /);
    expect(await b.page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    // The table of the same page's app shows them too.
    await b.page.getByRole('link', { name: 'The same network as a table' }).click();
    await poll(() => b.page.locator('table.people-table').textContent()).toContain('Ada Elsewhere');
  });

  it('reach an open contact page without a reload: their details change', { timeout: 180_000 }, async () => {
    const found = (await app.api('GET', '/api/v1/people?q=Ada%20Elsewhere&limit=5')).body as {
      items: { id: string; company: string | null }[];
    };
    const ada = found.items[0]!;
    expect(ada.company).toBeNull();
    await b.page.goto(`${app.base}/people/${ada.id}`);
    const facts = b.page.locator('.contact-view .facts-box');
    await facts.waitFor();
    expect(await facts.textContent()).not.toContain('Elsewhere Partners');
    await b.page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 2;
    });
    // A newer export: Ada now works at Elsewhere Partners (the import updates her, through its own process).
    const file = join(dirname(app.store.file), 'Connections.csv');
    writeFileSync(
      file,
      connectionsCsv([
        {
          firstName: 'Ada',
          lastName: 'Elsewhere',
          url: 'https://www.linkedin.com/in/elsewhere-0',
          company: 'Elsewhere Partners',
          connectedOn: '2024-05-01',
        },
      ]),
    );
    const written = await cliImport(file);
    expect(written.code, written.output).toBe(0);
    await poll(() => facts.textContent()).toContain('Elsewhere Partners');
    expect(await b.page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(2);
  });
});

describe('deleting a person, with an undo', () => {
  it('erases at once, offers Undo on every page until the time is up, and finishes on request', async () => {
    const tess = (await app.api('POST', '/api/v1/people', { name: 'Tess Temporary' })).body as { id: string };
    const met = await app.api('POST', '/api/v1/interactions', {
      occurredAt: dayAgo(3),
      channel: 'call',
      participantIds: [ids.me, tess.id],
    });
    expect(met.status).toBe(201);
    const deleteTess = async () => {
      await b.page.goto(`${app.base}/people/${tess.id}`);
      await b.page.getByRole('button', { name: 'Delete this person' }).click();
      await b.page
        .getByRole('dialog', { name: 'Delete Tess Temporary?' })
        .getByRole('button', { name: 'Delete Tess Temporary' })
        .click();
      await poll(() => new URL(b.page.url()).pathname).toBe('/table');
    };
    await deleteTess();
    const notice = b.page.locator('.notices .notice[data-erasure]');
    await poll(() => notice.textContent()).toContain('Deleted Tess Temporary.');
    // Focus is on Undo, so Enter puts them back.
    await poll(() => b.page.evaluate(() => document.activeElement?.textContent)).toBe('Undo');
    // Gone from the table and the API at once.
    await poll(() => b.page.locator('table.people-table').textContent()).toContain('Ray Okafor');
    expect(await b.page.locator('table.people-table').textContent()).not.toContain('Tess Temporary');
    expect((await app.api('GET', `/api/v1/people/${tess.id}`)).status).toBe(404);
    expect(await seriousViolations(b.page)).toEqual([]);
    // On a phone the notice fits the screen.
    await b.page.setViewportSize({ width: 390, height: 844 });
    try {
      expect(await sidewaysScroll(b.page)).toBe(0);
      const box = (await notice.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(await seriousViolations(b.page)).toEqual([]);
    } finally {
      await b.page.setViewportSize({ width: 1400, height: 900 });
    }
    // The undo is the server's: a reload (or another tab) shows it again.
    await b.page.reload();
    await notice.waitFor();
    await notice.getByRole('button', { name: 'Undo' }).click();
    await poll(() => new URL(b.page.url()).pathname).toBe(`/people/${tess.id}`);
    await poll(() => b.page.locator('h2.contact-name').textContent()).toBe('Tess Temporary');
    await poll(() => b.page.locator('.notices').textContent()).toContain('Put back Tess Temporary.');
    expect(await notice.count()).toBe(0);
    expect((await app.api('GET', `/api/v1/interactions/${met.body.id}`)).body).toMatchObject({
      participantIds: [ids.me, tess.id],
    });

    // Deleted from elsewhere (another tab, another member) while the page is open: it says so, and offers the undo.
    const other = await app.api('POST', '/api/v1/erasures', { personId: tess.id });
    expect(other.status).toBe(201);
    await poll(() => b.page.locator('.contact-view').textContent()).toContain('Tess Temporary has been deleted.');
    await notice.getByRole('button', { name: 'Undo' }).click();
    await poll(() => b.page.locator('.contact-view .facts-box').count()).toBe(1);
    expect(await b.page.locator('h2.contact-name').textContent()).toBe('Tess Temporary');

    // Erase now: for good, audited, no undo left.
    await deleteTess();
    await notice.getByRole('button', { name: 'Erase now' }).click();
    await poll(() => b.page.locator('.notices').textContent()).toContain('Tess Temporary is erased for good.');
    expect(await notice.count()).toBe(0);
    expect((await app.api('GET', '/api/v1/erasures')).body).toEqual([]);
    const audit = (await app.api('GET', '/api/v1/audit?limit=200')).body as {
      items: { action: string; target: string }[];
    };
    expect(
      audit.items
        .filter((a) => a.target === `person:${tess.id}`)
        .map((a) => a.action)
        .sort(),
    ).toEqual(['erase', 'erase.held', 'erase.held', 'erase.held', 'erase.undone', 'erase.undone']);
    await b.page.reload();
    await b.page.locator('table.people-table').waitFor();
    expect(await notice.count()).toBe(0);
    // The owner reads it in words on the team page's workspace log, with who did it.
    await b.page.goto(`${app.base}/team`);
    const log = b.page.locator('table.workspace-log');
    await log.waitFor();
    const rows = await log.locator('tbody tr').allTextContents();
    expect(rows.filter((r) => r.includes('Erased a person for good'))).toHaveLength(1);
    expect(rows.filter((r) => r.includes('Deleted a person (undo possible'))).toHaveLength(3);
    expect(rows.find((r) => r.includes('Put a deleted person back'))).toContain(OWNER.name);
    expect(rows.join('\n')).not.toContain('Tess');
    expect(await seriousViolations(b.page)).toEqual([]);
  });
});
