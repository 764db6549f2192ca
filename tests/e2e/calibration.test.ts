/**
 * "How close are you?" in real Chromium, on the demo network: the rating
 * control on a contact's page holds the tie in its stage ("rated by you");
 * the calibration flow asks about about twenty people, fits the weights and
 * shows the agreement beside the published reference; expressed needs are
 * recorded and listed on the contact's page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, signIn, type Browsing } from './browser.js';
import { poll } from './page-checks.js';
import { OWNER, startWebApp, type WebApp } from './web-app.js';

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

describe('rating a contact', () => {
  it('holds the tie in the rated stage and says "rated by you"', async () => {
    const weakest = (await app.api('GET', '/api/v1/analytics/partners?sort=strength&order=asc&limit=1')).body.items[0];
    await b.page.goto(`${app.base}/people/${weakest.personId}`);
    const control = b.page.locator('.insight fieldset.closeness-rating');
    await control.waitFor();
    await control.getByLabel('Close').check();
    await poll(() => control.locator('[role="status"]').textContent()).toBe('Rated close.');
    // The analysis is recomputed after the write; the page reloads its insight.
    await poll(async () => {
      await b.page.reload();
      return b.page
        .locator('.rated-note')
        .getAttribute('data-rated', { timeout: 2000 })
        .catch(() => null);
    }).toBe('close');
    expect(await b.page.locator('.rated-note').textContent()).toMatch(
      /^Rated by you: close \(.+\)\. The score is held between 50\.0 and 70\.0/,
    );
    expect(await b.page.locator('[data-metric-text="evidence"]').textContent()).toMatch(
      /^Evidence: \d+ records? \(confidence \d+ %\)\.$/,
    );
    const rated = (await app.api('GET', '/api/v1/ratings')).body as { personId: string; rating: string }[];
    expect(rated).toEqual([expect.objectContaining({ personId: weakest.personId, rating: 'close' })]);
  });

  it('records an expressed need with its day and note, listed on the page', async () => {
    const someone = (await app.api('GET', '/api/v1/analytics/partners?limit=1&offset=5')).body.items[0];
    await b.page.goto(`${app.base}/people/${someone.personId}`);
    const needs = b.page.locator('section.expressed-needs');
    await needs.waitFor();
    await needs.getByLabel('What they need').fill('looking for a bookkeeper');
    await needs.getByRole('button', { name: 'Record need' }).click();
    await poll(() => needs.locator('.needs-list li').first().textContent()).toMatch(/looking for a bookkeeper/);
    const listed = (await app.api('GET', `/api/v1/needs?personId=${someone.personId}`)).body.items;
    expect(listed).toEqual([expect.objectContaining({ note: 'looking for a bookkeeper' })]);
  });
});

describe('the calibration flow', () => {
  it('asks about twenty people, fits the weights to the answers and shows the agreement', async () => {
    await b.page.goto(`${app.base}/calibration`);
    const items = b.page.locator('.calibration-candidates > li');
    await items.first().waitFor();
    expect(await items.count()).toBe(20);
    await b.screenshot('calibration');
    const choices = ['Distant', 'Acquaintance', 'Friendly', 'Close', 'Trusted'];
    for (let i = 0; i < 10; i++) {
      const item = items.nth(i);
      await item.getByLabel(choices[i % 5]!, { exact: true }).check();
      await poll(() => item.locator('[role="status"]').textContent()).toMatch(/^Rated /);
    }
    await b.page.getByRole('button', { name: 'Fit the weights to my answers' }).click();
    await poll(() => b.page.locator('.calibration-view > [role="status"]').textContent()).toMatch(
      /^(Your weights agree better|The defaults agree)/,
    );
    const table = b.page.locator('.calibration-status table').first();
    expect(await table.locator('tr', { hasText: 'Published reference' }).textContent()).toMatch(/85 %/);
    expect(await table.locator('tr', { hasText: 'Fitted to you' }).locator('td').first().textContent()).toMatch(
      /^\d+ %$/,
    );
    const api = (await app.api('GET', '/api/v1/calibration')).body;
    expect(api.ratings).toBeGreaterThanOrEqual(11);
    expect(await b.page.locator('[data-metric-text="inForce"]').textContent()).toBe(
      api.inForce === 'fitted' ? 'your fitted weights' : 'the default weights',
    );
    await b.page.getByRole('button', { name: 'Reset to the default weights' }).click();
    await poll(() => b.page.locator('[data-metric-text="inForce"]').textContent()).toBe('the default weights');
  });
});
