/**
 * The graph explorer in real Chromium against the real app with the demo
 * network: signing in through the page, the map, search and ego focus, the
 * side panel's numbers against the API, and a logged interaction moving
 * the strength. Every request must stay on the app's own host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, signIn, type Browsing } from './browser.js';
import { analysisSettled, canvasDigest, hostsOf, inkOnCanvas, metric, poll, shown } from './page-checks.js';
import { OWNER, startWebApp, type WebApp } from './web-app.js';

let app: WebApp;
let b: Browsing;

async function showEveryone(): Promise<void> {
  const button = b.page.getByRole('button', { name: 'Show everyone' });
  if (await button.isVisible()) await button.click();
}

beforeAll(async () => {
  [app, b] = await Promise.all([startWebApp({ demo: true }), openBrowser()]);
});
afterAll(async () => {
  await b?.close();
  await app?.close();
});

describe('graph explorer', () => {
  it('signs in through the login page and lands on the explorer', async () => {
    await b.page.goto(`${app.base}/explorer`);
    await b.page.waitForURL(/\/login\?next=/);
    await b.screenshot('login');
    await b.page.getByLabel('Email').fill(OWNER.email);
    await b.page.getByLabel('Password').fill('wrong-password-1');
    await b.page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => b.page.locator('.form-error').textContent()).toMatch(/./);
    await signIn(b.page, app.base, OWNER.email, OWNER.password);
    expect(new URL(b.page.url()).pathname).toBe('/explorer');
    await poll(() => b.page.locator('#workspace-switch option').count()).toBe(1);
    expect(await b.page.locator('.user-name').textContent()).toBe(OWNER.name);
  });

  it('draws the network on a canvas once the seeded layout is done; pans, zooms, drags a person', async () => {
    await poll(() => b.page.evaluate(() => performance.getEntriesByName('nurture:explorer-layout-done').length)).toBe(
      1,
    );
    expect(await b.page.locator('canvas.graph-canvas').count()).toBe(1);
    // One canvas, not an element per person (the legend on the map has its swatches).
    expect(
      await b.page
        .locator('.graph-host svg, .graph-host circle')
        .evaluateAll((els) => els.filter((e) => !e.closest('.legend-overlay')).length),
    ).toBe(0);
    expect(await inkOnCanvas(b.page)).toBeGreaterThan(500);
    const marks = await b.page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
    expect(marks).toEqual(expect.arrayContaining(['nurture:explorer-first-render', 'nurture:explorer-layout-done']));
    // Seeded: the same network gives the same picture, load after load.
    const first = await canvasDigest(b.page);
    await b.page.reload();
    await poll(() => b.page.evaluate(() => performance.getEntriesByName('nurture:explorer-layout-done').length)).toBe(
      1,
    );
    expect(await canvasDigest(b.page)).toBe(first);
    const legend = await b.page.locator('.legend').textContent();
    expect(legend).toContain('Trusted');
    expect(legend).toContain('Dashed: online only');
    await b.screenshot('explorer');

    // Pan with the mouse, zoom with the wheel, drag a person (me, at the origin of the layout).
    const canvas = b.page.locator('canvas.graph-canvas');
    const box = (await canvas.boundingBox())!;
    const at = async () =>
      ((await canvas.getAttribute('data-transform')) ?? '').split(' ').map(Number) as [number, number, number];
    const [k0, x0, y0] = await at();
    await b.page.mouse.move(box.x + 8, box.y + 8);
    await b.page.mouse.down();
    await b.page.mouse.move(box.x + 108, box.y + 58, { steps: 5 });
    await b.page.mouse.up();
    const [k1, x1, y1] = await at();
    expect([k1, Math.round(x1 - x0), Math.round(y1 - y0)]).toEqual([k0, 100, 50]);
    await b.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await b.page.mouse.wheel(0, -300);
    await poll(async () => (await at())[0]).toBeGreaterThan(k0);
    const [, mx, my] = await at();
    await b.page.mouse.move(box.x + mx, box.y + my);
    await poll(() => b.page.locator('.graph-tooltip').textContent()).toContain('You');
    await b.page.mouse.down();
    await b.page.mouse.move(box.x + mx + 80, box.y + my + 40, { steps: 5 });
    await b.page.mouse.up();
    expect((await at())[1]).toBe(mx);
    await b.page.mouse.move(box.x + 5, box.y + 5);
    await b.page.mouse.move(box.x + mx + 80, box.y + my + 40);
    await poll(() => b.page.locator('.graph-tooltip').textContent()).toContain('You');
    await b.page.keyboard.press('Escape');
    await canvas.focus();
    await b.page.keyboard.press('0');

    await b.page.getByLabel('Colour by').selectOption('community');
    await poll(() => b.page.locator('.legend').textContent()).toContain('Community 1');
    await b.page.getByLabel('Colour by').selectOption('stage');
  });

  it('filters by stage and minimum strength', async () => {
    await b.page.getByLabel('Stranger').uncheck();
    await poll(() => b.page.locator('.explorer-main .status-line').textContent()).toMatch(/people match the filters/);
    const text = (await b.page.locator('.explorer-main .status-line').textContent())!;
    const strangers = (await app.api('GET', '/api/v1/analytics/partners?stage=stranger&limit=1')).body.total as number;
    const everyone = (await app.api('GET', '/api/v1/analytics/partners?limit=1')).body.total as number;
    expect(text).toContain(`${(everyone - strangers).toLocaleString('en')} people match`);
    await b.page.getByRole('button', { name: 'Reset filters' }).click();
  });

  let person: { id: string; name: string };

  it("finds a person, focuses on their ego network and shows the API's numbers in the side panel", async () => {
    const top = (await app.api('GET', '/api/v1/analytics/partners?limit=1')).body.items[0];
    person = { id: top.personId, name: top.name };
    const search = b.page.getByLabel('Find and focus');
    await search.fill(person.name.split(' ')[0]!);
    await b.page.locator('#explorer-search + [role=listbox] [role=option]', { hasText: person.name }).first().click();
    await b.page.waitForSelector('.side-panel [data-metric="strength"]');
    expect(await b.page.locator('#panel-name').textContent()).toBe(person.name);
    expect(await b.page.locator('.explorer-main .status-line').textContent()).toContain(`Focused on ${person.name}`);
    expect(new URL(b.page.url()).searchParams.get('person')).toBe(person.id);

    const insight = (await app.api('GET', `/api/v1/analytics/people/${person.id}`)).body;
    expect(await metric(b.page, '.side-panel', 'strength')).toBe(shown(insight.person.strengthToMe.score));
    expect(await metric(b.page, '.side-panel', 'partner')).toBe(shown(insight.person.partner.score));
    expect(await b.page.locator('.side-panel [data-metric-text="rank"]').textContent()).toBe(
      String(insight.person.partner.rank),
    );
    for (const f of ['intensity', 'recency', 'duration', 'reciprocity', 'structural', 'services']) {
      expect(await metric(b.page, '.side-panel', `points.${f}`), f).toBe(
        shown(insight.person.strengthToMe.factors[f].points),
      );
    }
    for (const p of ['flow', 'ledger', 'strength', 'brokerage', 'reach']) {
      expect(await metric(b.page, '.side-panel', `partner.${p}`), p).toBe(
        shown(insight.person.partner.parts[p].points),
      );
    }
    const advice = (await b.page.locator('.side-panel .insight-advice').textContent())!;
    for (const r of insight.recommendations) expect(advice).toContain(r.reason);
    const interactions = (await app.api('GET', `/api/v1/interactions?personId=${person.id}&limit=1`)).body.total;
    if (interactions > 0) expect(await b.page.locator('.side-panel .timeline-item').count()).toBeGreaterThan(0);
    await b.screenshot('explorer-side-panel');
  });

  it('highlights the warm introduction paths to a person', async () => {
    await b.page.getByRole('button', { name: 'Warm paths to them' }).click();
    await poll(() => b.page.locator('.path-result').textContent()).toMatch(/Warm paths to|No warm path/);
    const answer = (await app.api('GET', `/api/v1/analytics/paths?personId=${person.id}`)).body;
    if (answer.paths.length > 0)
      expect(await b.page.locator('.path-result .paths li').count()).toBe(Math.min(3, answer.paths.length));
    await b.screenshot('explorer-path');
    await b.page.getByRole('button', { name: 'Clear path' }).click();
  });

  it('logs an interaction from the side panel and shows the strength it moved to', async () => {
    await analysisSettled(app.api);
    // A LinkedIn-only connection: a first real meeting lifts the tie.
    const weak = (await app.api('GET', '/api/v1/analytics/partners?stage=stranger&sort=strength&order=asc&limit=1'))
      .body.items[0];
    const before = weak.strengthToMe.score as number;
    await showEveryone();
    await b.page.getByLabel('Find and focus').fill(weak.name);
    await b.page.locator('#explorer-search + [role=listbox] [role=option]', { hasText: weak.name }).first().click();
    await poll(() => b.page.locator('#panel-name').textContent()).toBe(weak.name);
    await b.page.waitForSelector('.side-panel [data-metric="strength"]');
    expect(await metric(b.page, '.side-panel', 'strength')).toBe(shown(before));

    const form = b.page.locator('.side-panel .quick-log form');
    await form.getByLabel('How').selectOption('in_person');
    await form.getByLabel('Note').fill('Coffee after the chamber breakfast');
    await form.getByRole('button', { name: 'Log interaction' }).click();
    await poll(() => metric(b.page, '.side-panel', 'strength')).not.toBe(shown(before));
    const after = Number(await metric(b.page, '.side-panel', 'strength'));
    expect(after).toBeGreaterThan(before);

    const logged = (await app.api('GET', `/api/v1/interactions?personId=${weak.personId}&limit=5`)).body.items;
    expect(
      logged.some(
        (i: { note: string | null; channel: string }) =>
          i.note === 'Coffee after the chamber breakfast' && i.channel === 'in_person',
      ),
    ).toBe(true);
    await analysisSettled(app.api);
    const api = (await app.api('GET', `/api/v1/analytics/people/${weak.personId}`)).body.person.strengthToMe
      .score as number;
    // Reopen: the panel shows what the API says now.
    await showEveryone();
    await b.page.getByLabel('Find and focus').fill(weak.name);
    await b.page.locator('#explorer-search + [role=listbox] [role=option]', { hasText: weak.name }).first().click();
    await poll(() => metric(b.page, '.side-panel', 'strength')).toBe(shown(api));
    expect(await b.page.locator('.side-panel .timeline').textContent()).toContain('Coffee after the chamber breakfast');
    await b.screenshot('explorer-logged');
  });

  it('offers the network as a table', async () => {
    await b.page.getByRole('link', { name: 'Table', exact: true }).click();
    await b.page.waitForSelector('table.people-table tbody tr');
    const first = (await app.api('GET', '/api/v1/analytics/partners?limit=1')).body.items[0];
    const row = b.page.locator('table.people-table tbody tr').first();
    expect(await row.locator('th').textContent()).toBe(first.name);
    expect(await row.locator('td').nth(3).textContent()).toBe(shown(first.partner.score));
    await b.page.getByLabel('Search').fill(first.name);
    await poll(() => b.page.locator('table.people-table tbody tr').count()).toBeGreaterThan(0);
    await b.screenshot('table');
  });

  it('expands step by step, opens the panel by keyboard, exports the view', async () => {
    await b.page.goto(`${app.base}/explorer`);
    await poll(() => b.page.evaluate(() => performance.getEntriesByName('nurture:explorer-layout-done').length)).toBe(
      1,
    );
    // Step by step: only me and my contacts at first; opening a person adds theirs.
    const shownCount = async () =>
      Number(
        /(\d[\d,]*) people shown/
          .exec((await b.page.locator('.explorer-view .status-line').textContent()) ?? '')?.[1]
          ?.replace(/,/g, '') ?? -1,
      );
    await b.page.getByLabel('Explore step by step').check();
    await poll(shownCount).toBeGreaterThan(0);
    // Keyboard: Enter on the map opens the person nearest the middle, focus moves to the panel.
    const canvas = b.page.locator('canvas.graph-canvas');
    await canvas.focus();
    await b.page.keyboard.press('Enter');
    await poll(() => b.page.evaluate(() => document.activeElement?.id)).toBe('panel-name');
    await b.page.keyboard.press('Escape');
    await poll(() => b.page.evaluate(() => document.activeElement?.className)).toBe('graph-canvas');
    await b.page.getByLabel('Explore step by step').uncheck();

    // Export: PNG and SVG downloads of the view.
    const [png] = await Promise.all([
      b.page.waitForEvent('download'),
      b.page.getByRole('button', { name: 'PNG' }).click(),
    ]);
    expect(png.suggestedFilename()).toBe('nurture-network.png');
    const [svg] = await Promise.all([
      b.page.waitForEvent('download'),
      b.page.getByRole('button', { name: 'SVG' }).click(),
    ]);
    expect(svg.suggestedFilename()).toBe('nurture-network.svg');
    const text = await new Promise<string>((resolve, reject) => {
      void svg.createReadStream().then((s) => {
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c));
        s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        s.on('error', reject);
      });
    });
    expect(text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((text.match(/<circle /g) ?? []).length).toBeGreaterThan(10);
  });

  it('sends no request to any other host and breaks no content-security rule', async () => {
    expect(hostsOf(b.requests)).toEqual([new URL(app.base).host]);
    expect(b.consoleErrors.filter((e) => /Content.Security|Refused to/i.test(e))).toEqual([]);
    expect(b.dialogs).toEqual([]);
  });
});
