/**
 * The moments of truth in real Chromium: the early-pitch warning end to end
 * (the API's answer and the dialog, with its three ways out), correcting a
 * logged record and undoing a delete, a future date refused, a write from
 * elsewhere shown in an open view without a reload, the mistakes page, and
 * every view at 390 px (no sideways scrolling) and under axe-core (no serious
 * or critical violation) at desktop and phone sizes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      demo: true,
      load: async (store, ws) => {
        const me = (await store.getMe(ws))!;
        ids.me = me.id;
        ids.zoe = (await store.people.create(ws, { name: 'Zoë Petrov', company: 'Petrov Tax', source: 'manual' })).id;
        await store.interactions.create(ws, {
          occurredAt: dayAgo(240),
          channel: 'in_person',
          participantIds: [me.id, ids.zoe],
          initiatorId: me.id,
          source: 'manual',
        });
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

const pitches = async () => (await app.api('GET', `/api/v1/pitches?personId=${ids.zoe}`)).body.items as any[];
const interactions = async () => (await app.api('GET', `/api/v1/interactions?personId=${ids.zoe}`)).body.items as any[];
const focused = () =>
  b.page.evaluate(() => `${document.activeElement?.tagName}:${document.activeElement?.textContent?.trim()}`);

describe('warn before the mistake', () => {
  it('the API answers a dry check of an early pitch with one warning in words', async () => {
    const r = await app.api('POST', '/api/v1/pitches/check', {
      personId: ids.zoe,
      date: new Date().toISOString(),
      offer: 'Bookkeeping audit',
    });
    expect(r.status).toBe(200);
    expect(r.body.warnings).toHaveLength(1);
    expect(r.body.warnings[0].kind).toBe('early_pitch');
    expect(r.body.warnings[0].message).toMatch(/^Zoë Petrov is an? \w+: you have met once, 8 months ago\./);
  });

  it('shows the warning before saving, with cancel, log as a conversation, and log anyway', async () => {
    await b.page.goto(`${app.base}/people/${ids.zoe}`);
    await b.page.getByRole('tab', { name: 'Pitch or ask' }).click();
    const form = b.page.locator('form', { has: b.page.getByRole('heading', { name: 'Log a pitch or an ask' }) });
    await form.getByLabel('Offer').fill('Bookkeeping audit');
    await form.getByRole('button', { name: 'Log pitch' }).click();

    const dialog = b.page.getByRole('dialog', { name: 'This would be an early pitch' });
    await dialog.waitFor();
    expect(await dialog.locator('.warning').textContent()).toMatch(
      /^Zoë Petrov is an? \w+: you have met once, 8 months ago\. They have not told you they need it\. Pitching now is an early pitch/,
    );
    // Focus moved into the dialog, on the safe way out.
    expect(await focused()).toBe('BUTTON:Log as a conversation instead');
    await b.screenshot('warning-dialog');
    expect(await seriousViolations(b.page)).toEqual([]);

    // Cancel: nothing written, focus back where it was, the form keeps its values.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await pitches()).toHaveLength(0);
    expect(await focused()).toBe('BUTTON:Log pitch');
    expect(await form.getByLabel('Offer').inputValue()).toBe('Bookkeeping audit');

    // Log as a conversation instead: an interaction, no pitch.
    const before = (await interactions()).length;
    await form.getByRole('button', { name: 'Log pitch' }).click();
    await dialog.getByRole('button', { name: 'Log as a conversation instead' }).click();
    await poll(() => form.locator('.form-status').textContent()).toBe('Logged as a conversation, not a pitch.');
    expect(await pitches()).toHaveLength(0);
    const now = await interactions();
    expect(now).toHaveLength(before + 1);
    expect(now.some((i) => i.note === 'Talked about: Bookkeeping audit' && i.channel === 'in_person')).toBe(true);
    // The form cleared after saving.
    expect(await form.getByLabel('Offer').inputValue()).toBe('');

    // Log anyway: the pitch is saved and said to be a mistake.
    await form.getByLabel('Offer').fill('Bookkeeping audit');
    await form.getByRole('button', { name: 'Log pitch' }).click();
    await dialog.getByRole('button', { name: 'Log anyway' }).click();
    await poll(() => form.locator('.form-status').textContent()).toBe('Pitch logged, and listed among your mistakes.');
    expect(await pitches()).toHaveLength(1);
  });

  it('lists the mistake once on the mistakes page, filtered by kind and person', async () => {
    await b.page.goto(`${app.base}/mistakes`);
    const mine = b.page.locator('.mistake-item', { hasText: 'Zoë Petrov' });
    await poll(() => mine.count()).toBe(1);
    expect(await mine.getAttribute('data-kind')).toBe('early_pitch');
    await b.page.getByLabel('Person').fill('zoe');
    await poll(() => b.page.locator('.mistake-item').count()).toBe(1);
    await b.page.getByLabel('Kind').selectOption('signed_up_without_permission');
    await poll(() => b.page.locator('.mistake-item').count()).toBe(0);
    expect(await b.page.locator('.mistakes-view .status-line').textContent()).toBe('No mistake matches these filters.');
  });
});

describe('correct anything', () => {
  it('deletes the pitch and puts it back with undo; edits an interaction', async () => {
    await b.page.goto(`${app.base}/people/${ids.zoe}`);
    const row = b.page.locator('.timeline-item.kind-pitch');
    await row.waitFor();
    await row.getByRole('button', { name: /^Delete the ask/ }).click();
    await poll(async () => (await pitches()).length).toBe(0);
    expect(await focused()).toBe('BUTTON:Undo');
    await b.page.getByRole('button', { name: 'Undo' }).click();
    await poll(async () => (await pitches()).length).toBe(1);
    expect((await pitches())[0].offer).toBe('Bookkeeping audit');

    const talk = b.page.locator('.timeline-item.kind-interaction', { hasText: 'Talked about' });
    await talk.getByRole('button', { name: /^Edit/ }).click();
    const edit = b.page.locator('form.edit-form');
    await edit.getByLabel('Note').fill('Talked about her tax season');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await poll(async () => (await interactions()).some((i) => i.note === 'Talked about her tax season')).toBe(true);
  });

  it('refuses a day that has not come yet, except for a planned meeting', async () => {
    await b.page.goto(`${app.base}/people/${ids.zoe}`);
    const form = b.page.locator('form.interaction-form');
    const tomorrow = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10);
    await form.getByLabel('When').fill(tomorrow);
    const before = (await interactions()).length;
    await form.getByRole('button', { name: 'Log interaction' }).click();
    expect(await form.locator('[data-field="day"] .field-error').textContent()).toBe(
      'This day has not come yet: log what has already happened',
    );
    expect(await focused()).toMatch(/^INPUT/);
    await form.getByLabel('Planned: still to come').check();
    await form.getByRole('button', { name: 'Log interaction' }).click();
    await poll(() => form.locator('.form-status').textContent()).toBe(
      'Planned meeting logged: it counts once it has happened.',
    );
    expect((await interactions()).length).toBe(before + 1);
  });
});

describe('live', () => {
  it('shows a write made elsewhere in an open view, without a reload', async () => {
    const other = await b.context.newPage();
    await other.goto(`${app.base}/people/${ids.zoe}`);
    await other.locator('.timeline').waitFor();
    await other.evaluate(() => {
      (window as unknown as { marker: number }).marker = 1;
    });
    const written = await app.api('POST', '/api/v1/interactions', {
      occurredAt: new Date().toISOString(),
      channel: 'video',
      participantIds: [ids.zoe],
      note: 'Written by another member',
      source: 'manual',
    });
    expect(written.status).toBe(201);
    await poll(() => other.locator('.timeline').textContent()).toContain('Written by another member');
    // The same page, not a reload.
    expect(await other.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await other.close();
  });
});

describe('board actions do what the advice says', () => {
  it('"Ask permission" records the answer: a no is a declined consent and takes them off the list', async () => {
    const recs = (await app.api('GET', '/api/v1/analytics/recommendations?kind=ask_permission&limit=5')).body.items;
    expect(recs.length).toBeGreaterThan(0);
    const r = recs[0];
    await b.page.goto(`${app.base}/board`);
    const card = b.page.locator(`li.card[data-key="ask_permission:${r.personId}"]`);
    await card.waitFor();
    await card.getByLabel('Their answer').selectOption('none');
    await card.getByRole('button', { name: 'Record the answer' }).click();
    expect(await card.locator('.card-status').textContent()).toMatch(/^Nothing recorded: ask .+ first\./);
    await card.getByLabel('Their answer').selectOption('declined');
    await card.getByRole('button', { name: 'Record the answer' }).click();
    await poll(() => card.count()).toBe(0);
    const consents = (await app.api('GET', `/api/v1/consents?personId=${r.personId}`)).body.items;
    expect(consents.some((c: any) => c.status === 'declined' && c.listId === r.evidence.listId)).toBe(true);
    const sub = (await app.api('GET', `/api/v1/subscriptions/${r.evidence.subscriptionId}`)).body;
    expect(sub.status).toBe('unsubscribed');
    // Done is kept on the server for this member and week.
    const week = await b.page.evaluate(() => document.querySelector('.board-view p')?.textContent ?? '');
    expect(week).toMatch(/^This is week \d+ \(/);
  });
});

describe('mailing lists and their consents', () => {
  it('makes a list, warns before adding someone without a yes, records their answer', async () => {
    await b.page.goto(`${app.base}/lists`);
    const make = b.page.locator('form', { has: b.page.getByRole('heading', { name: 'Make a list' }) });
    await make.getByLabel('Name').fill('Tax tips');
    await make.getByRole('button', { name: 'Make the list' }).click();
    await b.page.locator('.list-section h3', { hasText: 'Tax tips' }).waitFor();
    const add = b.page.locator('form', { has: b.page.getByRole('heading', { name: 'Add to a mailing list' }) });
    await add.getByLabel('Person').fill('Zoë Petrov');
    await b.page.getByRole('option', { name: /Zoë Petrov · Petrov Tax/ }).click();
    await add.getByLabel('List').selectOption({ label: 'Tax tips' });
    await add.getByRole('button', { name: 'Add to the list' }).click();
    const dialog = b.page.getByRole('dialog', { name: 'They have not said yes to this list' });
    await dialog.waitFor();
    expect(await dialog.locator('.warning').textContent()).toMatch(/^Zoë Petrov has not said yes to “Tax tips”/);
    await dialog.getByRole('button', { name: 'Add anyway' }).click();
    const section = b.page.locator('.list-section', { hasText: 'Tax tips' });
    const row = section.locator('tr', { hasText: 'Zoë Petrov' });
    await poll(() => row.count()).toBe(1);
    await row.getByRole('button', { name: 'Record yes' }).click();
    await poll(async () =>
      (await app.api('GET', `/api/v1/consents?personId=${ids.zoe}`)).body.items.some(
        (c: any) => c.status === 'granted',
      ),
    ).toBe(true);
    await poll(() =>
      b.page
        .locator('.list-section', { hasText: 'Tax tips' })
        .locator('tr', { hasText: 'Zoë Petrov' })
        .locator('.answer')
        .textContent(),
    ).toBe('Said yes');

    // Deleted by mistake: Undo puts the list back with her membership and her yes.
    const listCount = async () =>
      (await app.api('GET', '/api/v1/mailing-lists?limit=50')).body.items.filter((l: any) => l.name === 'Tax tips')
        .length;
    await section.getByRole('button', { name: 'Delete the list' }).click();
    await b.page
      .getByRole('dialog', { name: 'Delete Tax tips?' })
      .getByRole('button', { name: 'Delete the list' })
      .click();
    await poll(listCount).toBe(0);
    const undo = b.page.locator('.lists-view .undo-line').getByRole('button', { name: 'Undo' });
    await poll(() => b.page.evaluate(() => document.activeElement?.textContent)).toBe('Undo');
    expect(await b.page.locator('.list-section', { hasText: 'Tax tips' }).count()).toBe(0);
    await undo.click();
    await poll(listCount).toBe(1);
    await poll(() =>
      b.page
        .locator('.list-section', { hasText: 'Tax tips' })
        .locator('tr', { hasText: 'Zoë Petrov' })
        .locator('.answer')
        .textContent(),
    ).toBe('Said yes');
    expect(await b.page.locator('.lists-view .undo-line').count()).toBe(0);
  });
});

describe('contacts CSV', () => {
  it('maps the columns visually instead of a JSON box, and imports with that mapping', async () => {
    await b.page.goto(`${app.base}/import`);
    await b.page.setInputFiles('#import-file', {
      name: 'contacts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Full Name;E-mail;Firma\nMara Quell;mara@example.com;Quell GmbH\n'),
    });
    const mapper = b.page.locator('fieldset.column-mapper');
    await poll(() => mapper.locator('select').count()).toBeGreaterThan(5);
    expect(await b.page.getByLabel('Full name').inputValue()).toBe('Full Name');
    expect(await b.page.getByLabel('Email', { exact: true }).inputValue()).toBe('E-mail');
    expect(await b.page.getByLabel('Company', { exact: true }).inputValue()).toBe('Firma');
    // The user corrects a guess: no column holds the position.
    await b.page.getByLabel('Position', { exact: true }).selectOption('');
    await b.page.getByRole('button', { name: 'Preview (dry run)' }).click();
    await poll(() => b.page.locator('.preview-rows tbody').textContent()).toContain('Mara Quell');
    expect(await b.page.locator('.preview-rows tbody').textContent()).toContain('Quell GmbH');
  });
});

describe('quadrant by keyboard', () => {
  it('reaches the points with one Tab, walks them with the arrow keys, opens a person with Enter', async () => {
    await b.page.goto(`${app.base}/quadrant`);
    await b.page.locator('.quadrant-chart circle').first().waitFor();
    await b.page.keyboard.press('Tab');
    const label = () => b.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    const first = await label();
    expect(first).toMatch(/: \w+, strength \d+\.\d, partner score \d+\.\d$/);
    await b.page.keyboard.press('ArrowDown');
    const second = await label();
    expect(second).not.toBe(first);
    await b.page.keyboard.press('Enter');
    await b.page.waitForURL((u) => u.pathname.startsWith('/people/'));
    expect(await b.page.locator('h2.contact-name').textContent()).toBe(second.split(':')[0]);
  });
});

const VIEWS = [
  '/explorer',
  '/table',
  '/board',
  '/quadrant',
  '/mistakes',
  '/lists',
  '/reports',
  '/import',
  '/duplicates',
  '/calibration',
  '/workspaces',
];

describe('every view on a phone and under axe-core', () => {
  it('at 1400 px: no serious or critical accessibility violation', { timeout: 300_000 }, async () => {
    for (const path of [...VIEWS, `/people/${ids.zoe}`]) {
      await b.page.goto(`${app.base}${path}`);
      await b.page.locator('main h2, main h1').first().waitFor();
      await b.page.waitForLoadState('networkidle');
      expect(await seriousViolations(b.page), path).toEqual([]);
    }
  });

  it('at 390 px: nothing scrolls sideways, the header is a menu, no serious violation', {
    timeout: 300_000,
  }, async () => {
    await b.page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const path of [...VIEWS, `/people/${ids.zoe}`]) {
        await b.page.goto(`${app.base}${path}`);
        await b.page.locator('main h2, main h1').first().waitFor();
        await b.page.waitForLoadState('networkidle');
        expect(await sidewaysScroll(b.page), path).toBe(0);
        expect(await seriousViolations(b.page), path).toEqual([]);
        await b.screenshot(`phone${path.replace(/\//g, '-')}`);
      }
      const header = await b.page.locator('header.top').boundingBox();
      expect(header!.height).toBeLessThan(120);
      await b.page.getByRole('button', { name: 'Menu' }).click();
      expect(await focused()).toBe('A:Explorer');
      await b.page.getByRole('link', { name: 'Explorer' }).click();
      // The map comes first, at the top of the screen.
      const map = await b.page.locator('.graph-host').boundingBox();
      expect(map!.y).toBeLessThan(300);
    } finally {
      await b.page.setViewportSize({ width: 1400, height: 900 });
    }
  });
});
