/**
 * The other views in real Chromium, on the demo network: the nurture board
 * used with the keyboard alone, importing a Connections.csv through the
 * page, a contact named like an attack shown as plain text, the contact
 * page's forms with errors beside their fields, the quadrant chart and
 * switching workspaces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, signIn, type Browsing } from './browser.js';
import { isoWeek } from '../../web/src/core/format.js';
import { hostsOf, poll } from './page-checks.js';
import { OWNER, startWebApp, type WebApp } from './web-app.js';
import { OWNER as MAIL_OWNER, mailbox } from '../fixtures/import/evidence-files.js';

let app: WebApp;
let b: Browsing;

beforeAll(async () => {
  [app, b] = await Promise.all([startWebApp({ demo: true }), openBrowser()]);
  await signIn(b.page, app.base, OWNER.email, OWNER.password);
});
afterAll(async () => {
  await b?.close();
  await app?.close();
});

const activeKey = () =>
  b.page.evaluate(
    () =>
      (document.activeElement as HTMLElement | null)?.closest('li.card')?.getAttribute('data-key') ??
      document.activeElement?.tagName ??
      null,
  );
const activeTag = () =>
  b.page.evaluate(
    () => `${document.activeElement?.tagName}:${document.activeElement?.textContent?.trim().slice(0, 40)}`,
  );

describe('nurture board', () => {
  it('is usable with the keyboard alone: move between cards, log an interaction, mark done', async () => {
    const recs = (await app.api('GET', '/api/v1/analytics/recommendations?kind=nurture&limit=50')).body.items as {
      personId: string;
    }[];
    expect(recs.length).toBeGreaterThanOrEqual(4);
    const key = (i: number) => `nurture:${recs[i]!.personId}`;
    await b.page.goto(`${app.base}/board`);
    await b.page.waitForSelector('.board-view li.card');
    await b.screenshot('board');

    // From the page's heading, Tab reaches the first card; the arrow keys walk the cards.
    await b.page.keyboard.press('Tab');
    expect(await activeKey()).toBe(key(0));
    await b.page.keyboard.press('ArrowDown');
    expect(await activeKey()).toBe(key(1));
    await b.page.keyboard.press('ArrowDown');
    await b.page.keyboard.press('ArrowUp');
    expect(await activeKey()).toBe(key(1));

    // Tab reaches this card's controls only: the name, how, when (today), the advised action, "Done".
    await b.page.keyboard.press('Tab');
    expect(await activeTag()).toMatch(/^A:/);
    await b.page.keyboard.press('Tab');
    expect(await activeTag()).toMatch(/^SELECT/);
    await b.page.keyboard.type('v');
    await b.page.keyboard.press('Tab');
    expect(await activeTag()).toMatch(/^INPUT/);
    const card = b.page.locator(`li.card[data-key="${key(1)}"]`);
    expect(await card.locator('input.when').inputValue()).toBe(
      await b.page.evaluate(() => {
        const d = new Date();
        return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      }),
    );
    // A date field's day, month and year are each a Tab stop.
    for (let i = 0; i < 6 && (await activeTag()).startsWith('INPUT'); i++) await b.page.keyboard.press('Tab');
    expect(await activeTag()).toBe('BUTTON:Log the contact');
    // Logging does what the advice says, marks the card done and moves on to the next card.
    await b.page.keyboard.press('Enter');
    await poll(() => card.count()).toBe(0);
    expect(await b.page.locator('.board-view > .status-line').textContent()).toMatch(
      /^Logged: video call with .+, today\.$/,
    );
    const logged = (await app.api('GET', `/api/v1/interactions?personId=${recs[1]!.personId}&limit=10`)).body.items as {
      channel: string;
      note: string;
    }[];
    expect(logged.some((i) => i.channel === 'video' && i.note === 'Nurtured (from the nurture board)')).toBe(true);
    expect(await activeKey()).toBe(key(2));

    // D marks done; focus moves on, so the walk continues.
    await b.page.keyboard.press('d');
    await poll(() => activeKey()).toBe(key(3));
    await b.screenshot('board-keyboard');
    // Kept on the server, for this member and week (another week has none).
    const done = async (week: string) => (await app.api('GET', `/api/v1/board?week=${week}`)).body.done as string[];
    await poll(async () => (await done(isoWeek())).sort()).toEqual([key(1), key(2)].sort());
    expect(await done('2000-W01')).toEqual([]);

    // Done stays done for the week.
    await b.page.reload();
    await b.page.waitForSelector('.board-view li.card');
    expect(await b.page.locator(`li.card[data-key="${key(1)}"], li.card[data-key="${key(2)}"]`).count()).toBe(0);
    expect(await b.page.locator(`li.card[data-key="${key(0)}"]`).count()).toBe(1);
  });
});

describe('import page', () => {
  it('previews a Connections.csv with its rejected rows, then imports the valid ones', async () => {
    const csv = [
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
      'Ana,Lima,https://www.linkedin.com/in/ana-lima-e2e,,Acme Corp,CEO,14 Feb 2020',
      'Bruno,Sousa,https://www.linkedin.com/in/bruno-sousa-e2e,,Beta Ltd,CTO,03 Mar 2021',
      'Carla,Dias,https://www.linkedin.com/in/carla-dias-e2e,,Gamma,Partner,not a date',
      '',
    ].join('\n');
    await b.page.getByRole('link', { name: 'Import' }).click();
    await b.page.waitForSelector('.import-form');
    await b.page.getByRole('button', { name: 'Preview (dry run)' }).click();
    expect(await b.page.locator('#import-file-error').textContent()).toMatch(/Choose a file/);
    await b.page.setInputFiles('#import-file', {
      name: 'Connections.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await b.page.getByRole('button', { name: 'Preview (dry run)' }).click();
    await b.page.waitForSelector('.import-report .rejected-rows');
    expect(await b.page.locator('[data-count="New people"] td').textContent()).toBe('2');
    const rejected = b.page.locator('.rejected-rows tbody tr');
    expect(await rejected.count()).toBe(1);
    expect(await rejected.locator('td').first().textContent()).toBe('4');
    expect(await rejected.locator('td').nth(2).textContent()).toContain('not a date');
    expect(await b.page.locator('.preview-rows tbody').textContent()).toContain('Ana Lima');
    expect((await app.api('GET', '/api/v1/people?q=Ana%20Lima')).body.total).toBe(0);
    await b.screenshot('import-preview');

    await b.page.getByRole('button', { name: 'Import the valid rows' }).click();
    expect(await b.page.locator('.import-view .status-line').textContent()).toMatch(/Tick the box/);
    await b.page.getByLabel('Import the valid rows and skip the rejected ones').check();
    await b.page.getByRole('button', { name: 'Import the valid rows' }).click();
    await poll(() => b.page.locator('.import-report h3').first().textContent()).toBe('Imported');
    expect((await app.api('GET', '/api/v1/people?q=Ana%20Lima')).body.total).toBe(1);
    expect((await app.api('GET', '/api/v1/people?q=Carla%20Dias')).body.total).toBe(0);
    await poll(() => b.page.locator('.import-history').textContent()).toContain('Connections.csv');
    await b.screenshot('import-done');
  });

  it('previews and imports a mailbox with the owner’s address: emails read, bulk mail left out', async () => {
    await b.page.goto(`${app.base}/import`);
    await b.page.waitForSelector('.import-form');
    await b.page.setInputFiles('#import-file', {
      name: 'All mail.mbox',
      mimeType: 'application/mbox',
      buffer: Buffer.from(mailbox(true)),
    });
    await b.page.getByLabel('Your email addresses').fill(`${MAIL_OWNER}, sam@old.example`);
    await b.page.getByRole('button', { name: 'Preview (dry run)' }).click();
    await poll(() => b.page.locator('[data-count="Emails read"] td').textContent()).toBe('7');
    expect(await b.page.locator('[data-count="Left out: newsletter"] td').textContent()).toBe('1');
    expect(await b.page.locator('[data-count="Threads answered"] td').textContent()).toBe('1');
    expect((await app.api('GET', '/api/v1/interactions?source=mbox')).body.total).toBe(0);
    await b.page.getByRole('button', { name: 'Confirm import' }).click();
    await poll(() => b.page.locator('.import-report h3').first().textContent()).toBe('Imported');
    expect((await app.api('GET', '/api/v1/interactions?source=mbox')).body.total).toBe(4);
  });
});

describe('text from the server stays text', () => {
  const evil = '<img src=x onerror=alert(1)>';
  const note = '<script>window.__pwned = 1</script>';

  it('shows a contact named like markup as those characters, runs nothing, opens no dialog', async () => {
    await b.page.goto(`${app.base}/table`);
    const form = b.page.locator('form', { has: b.page.getByRole('heading', { name: 'Add a person' }) });
    await form.getByLabel('Name').fill(evil);
    await form.getByLabel('Company').fill('"><svg onload=alert(2)>');
    await form.getByRole('button', { name: 'Add person' }).click();
    await poll(() => form.locator('.form-status').textContent()).toContain(`Added ${evil}.`);
    const id = (await app.api('GET', `/api/v1/people?q=${encodeURIComponent('<img')}`)).body.items[0].id as string;

    // The contact page, with a note that is a script.
    await b.page.goto(`${app.base}/people/${id}`);
    expect(await b.page.locator('h2.contact-name').textContent()).toBe(evil);
    const log = b.page.locator('form.interaction-form');
    await log.getByLabel('Note').fill(note);
    await log.getByRole('button', { name: 'Log interaction' }).click();
    await poll(() => b.page.locator('.timeline').textContent()).toContain(note);
    await b.screenshot('xss-contact');

    // Once analysed, on the map, in the search list and in the side panel.
    await poll(async () => (await app.api('GET', '/api/v1/analytics/graph')).body.people.name.includes(evil)).toBe(
      true,
    );
    await b.page.goto(`${app.base}/explorer`);
    await b.page.getByLabel('Find and focus').fill('<img');
    const option = b.page.locator('#explorer-search + [role=listbox] [role=option]').first();
    expect(await option.textContent()).toContain(evil);
    await option.click();
    await poll(() => b.page.locator('#panel-name').textContent()).toBe(evil);
    await b.page.waitForSelector('.side-panel .timeline');
    expect(await b.page.locator('.side-panel').textContent()).toContain(note);
    await b.screenshot('xss-explorer');
    await b.page.goto(`${app.base}/table?q=${encodeURIComponent('<img')}`);
    await poll(() => b.page.locator('table.people-table tbody').textContent()).toContain(evil);

    expect(b.dialogs).toEqual([]);
    expect(await b.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await b.page.locator('img, script:not([src]), svg[onload]').count()).toBe(0);
  });
});

describe('contact page forms', () => {
  it('checks each form with the shared schema and shows the errors beside their fields', async () => {
    const top = (await app.api('GET', '/api/v1/analytics/partners?limit=1')).body.items[0];
    await b.page.goto(`${app.base}/people/${top.personId}`);
    await b.page.waitForSelector('.log-forms');
    await b.screenshot('contact');

    await b.page.getByRole('tab', { name: 'Referral' }).click();
    const referral = b.page.getByRole('tabpanel');
    await referral.getByLabel('Value').fill('1200');
    await referral.getByRole('button', { name: 'Log referral' }).click();
    const currencyError = referral.locator('[data-field="currency"] .field-error');
    expect(await currencyError.textContent()).toBe('A value needs its currency');
    expect(await referral.getByLabel('Currency').getAttribute('aria-invalid')).toBe('true');
    expect(await b.page.evaluate(() => document.activeElement?.id)).toBe(
      await referral.getByLabel('Currency').getAttribute('id'),
    );
    await referral.getByLabel('Currency').fill('eur');
    const before = (await app.api('GET', `/api/v1/referrals?personId=${top.personId}`)).body.total as number;
    // A double click sends it once; the form clears after saving.
    await referral.getByRole('button', { name: 'Log referral' }).dblclick();
    await poll(() => referral.locator('.form-status').textContent()).toBe('Referral logged.');
    expect(await currencyError.isHidden()).toBe(true);
    expect(await referral.getByLabel('Value').inputValue()).toBe('');
    expect(await referral.getByLabel('Currency').inputValue()).toBe('');
    expect((await app.api('GET', `/api/v1/referrals?personId=${top.personId}`)).body.total).toBe(before + 1);

    // Keyboard: the arrow keys move between the tabs.
    await b.page.getByRole('tab', { name: 'Referral' }).focus();
    await b.page.keyboard.press('ArrowLeft');
    expect(await b.page.getByRole('tab', { name: 'Introduction' }).getAttribute('aria-selected')).toBe('true');
    const intro = b.page.getByRole('tabpanel', { name: 'Introduction' });
    await intro.getByRole('button', { name: 'Log introduction' }).click();
    expect(await intro.locator('[data-field="bId"] .field-error').textContent()).toMatch(/Choose a person/);
    await b.screenshot('contact-form-errors');
  });
});

describe('quadrant chart', () => {
  it('plots strength against partner score in labelled regions', async () => {
    await b.page.getByRole('link', { name: 'Quadrant' }).click();
    await b.page.waitForSelector('svg.quadrant-chart');
    const total = (await app.api('GET', '/api/v1/analytics/partners?limit=1')).body.total;
    expect(await b.page.locator('svg.quadrant-chart .points circle').count()).toBe(total);
    const labels = await b.page.locator('svg.quadrant-chart .region-label').allTextContents();
    expect(labels.sort()).toEqual(['Keep warm', 'Nurture', 'Partners', 'Sell only when asked']);
    await b.screenshot('quadrant');
  });
});

describe('reports page', () => {
  it("makes last week's report, shows its partners as text, and links the printable page in this workspace", async () => {
    await b.page.goto(`${app.base}/reports`);
    const make = b.page.getByRole('button', { name: /Make the report of \d{4}-W\d\d/ });
    await make.click();
    await b.page.waitForSelector('.report-summary table.data');
    await b.screenshot('reports');
    const stored = (await app.api('GET', '/api/v1/reports')).body.items as { week: string }[];
    expect(stored).toHaveLength(1);
    const report = (await app.api('GET', `/api/v1/reports/${stored[0]!.week}`)).body;
    const firstRow = b.page.locator('.report-summary table.data').first().locator('tbody tr').first();
    await poll(() => firstRow.locator('td').nth(1).textContent()).toBe(report.partners.items[0].name);
    const href = await b.page.getByRole('link', { name: 'Open the page' }).getAttribute('href');
    expect(href).toMatch(new RegExp(`^/api/v1/reports/${stored[0]!.week}\\?format=html&workspace=`));
    const page = await b.page.request.get(`${app.base}${href}`);
    expect(page.status()).toBe(200);
    expect(await page.text()).toContain('<svg');
  });
});

describe('workspaces', () => {
  it('creates a workspace, switches to it and back, each request naming the workspace', async () => {
    await b.page.getByRole('link', { name: 'Workspaces' }).click();
    await b.page.getByLabel('Name').fill('Our firm');
    await b.page.getByRole('button', { name: 'Create workspace' }).click();
    await poll(() => b.page.locator('#workspace-switch option').count()).toBe(2);
    expect(await b.page.locator('#workspace-switch option:checked').textContent()).toBe('Our firm (owner)');
    await b.screenshot('workspaces');
    const newId = await b.page.locator('#workspace-switch').inputValue();

    const asked = b.page.waitForRequest(
      (r) => r.url().endsWith('/api/v1/analytics/graph') && r.headers()['x-workspace-id'] === newId,
    );
    await b.page.getByRole('link', { name: 'Explorer' }).click();
    await asked;
    await poll(() => b.page.locator('.problem-view h2').textContent()).toBe('Your network is empty');

    const back = b.page.waitForRequest(
      (r) => r.url().endsWith('/api/v1/analytics/graph') && r.headers()['x-workspace-id'] === app.workspaceId,
    );
    await b.page.locator('#workspace-switch').selectOption(app.workspaceId);
    await back;
    await b.page.waitForSelector('.explorer-view canvas');
  });

  it('sent no request to any other host', () => {
    expect(hostsOf(b.requests)).toEqual([new URL(app.base).host]);
    expect(b.consoleErrors.filter((e) => /Content.Security|Refused to/i.test(e))).toEqual([]);
  });
});
