/**
 * The report's HTML page in real Chromium (Debian's, through playwright-core),
 * fetched from the real API: the charts are drawn (SVG elements laid out with
 * a size), nothing is requested but the page itself, nothing is blocked or
 * logged as an error, and it fits and prints on A4.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../../server/app.js';
import { renderReport } from '../../server/reports/render/render-report.js';
import { ReportService } from '../../server/reports/report.service.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { TIME_ZONE, seedThreeWeeks } from '../fixtures/reports/three-weeks.js';
import { startApi, type RunningApi } from '../api/start-api.js';

let api: RunningApi;
let browser: Browser;

beforeAll(async () => {
  api = await startApi({ env: { NURTURE_REPORT_TZ: TIME_ZONE } });
  await seedThreeWeeks(api.store, DEFAULT_WORKSPACE_ID);
  for (const week of ['2026-W46', '2026-W47'])
    expect((await api.call('POST', '/api/v1/reports', { week })).status).toBe(201);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

interface Opened {
  page: Page;
  requests: string[];
  problems: string[];
  close(): Promise<void>;
}

async function open(viewport = { width: 1000, height: 1200 }): Promise<Opened> {
  const context = await browser.newContext({ viewport, extraHTTPHeaders: { authorization: `Bearer ${api.token}` } });
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { page, requests, problems, close: () => context.close() };
}

const countOf = (page: Page, selector: string) => page.locator(selector).count();

describe('the report page in Chromium', () => {
  it('draws the three charts, requests nothing but itself, and logs no error', async () => {
    const b = await open();
    try {
      const url = `${api.base}/api/v1/reports/2026-W47?format=html`;
      const res = await b.page.goto(url, { waitUntil: 'load' });
      expect(res!.status()).toBe(200);
      await expect(b.page.title()).resolves.toMatch(/^Weekly referral-partner report, week 47 of 2026/);

      // Partner scores with their deltas: a bar per partner, last week's tick for all but the new one.
      expect(await countOf(b.page, 'svg.chart-partners g.partner-bar')).toBe(9);
      expect(await countOf(b.page, 'svg.chart-partners line.previous')).toBe(8);
      // The bar's label: rank, name, score and its move (the exact scores are pinned by the contract suite).
      expect(await b.page.locator('svg.chart-partners g.partner-bar').nth(2).textContent()).toMatch(
        /^3\. Chen Cho\d+\.\d [+−-]\d+\.\d/,
      );
      // Strength by stage: now and a week ago for each of the five stages.
      expect(await countOf(b.page, 'svg.chart-stages rect.stage-bar.now')).toBe(5);
      expect(await countOf(b.page, 'svg.chart-stages rect.stage-bar.weekAgo')).toBe(5);
      // The top three partners' ego networks, each with me in it.
      expect(await countOf(b.page, 'svg.chart-ego g.ego-network')).toBe(3);
      expect(await countOf(b.page, 'svg.chart-ego circle.ego-me')).toBe(3);
      expect(await countOf(b.page, 'svg.chart-ego circle.ego-node')).toBe(9);

      // Laid out with a real size (parsed as SVG, not as unknown markup).
      for (const chart of ['chart-partners', 'chart-stages', 'chart-ego']) {
        const box = await b.page.locator(`svg.${chart}`).boundingBox();
        expect(box!.width, chart).toBeGreaterThan(300);
        expect(box!.height, chart).toBeGreaterThan(100);
        expect(await b.page.locator(`svg.${chart}`).evaluate((el) => el instanceof SVGSVGElement)).toBe(true);
      }
      expect(await b.page.locator('#partners table tbody tr').count()).toBe(9);
      // One finding per act: Farah's early pitch is not listed again as assumed closeness.
      expect(await b.page.locator('#mistakes table tbody tr').count()).toBe(2);

      expect(b.requests).toEqual([url]);
      expect(b.problems).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('fits an A4 page when printed, and prints to A4', async () => {
    // 210 mm at 96 dpi, less the 12 mm margins each side.
    const b = await open({ width: 703, height: 1000 });
    try {
      await b.page.goto(`${api.base}/api/v1/reports/2026-W47?format=html`);
      await b.page.emulateMedia({ media: 'print' });
      const overflow = await b.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBe(0);
      const pdf = (await b.page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
      const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
        Math.round(Number(m[1])),
        Math.round(Number(m[2])),
      ]);
      expect(boxes.length).toBeGreaterThanOrEqual(2);
      // A4 is 595 × 842 points.
      for (const [w, h] of boxes) expect([Math.abs(w! - 595) <= 1, Math.abs(h! - 842) <= 1]).toEqual([true, true]);
      expect(b.requests).toHaveLength(1);
      expect(b.problems).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it("shows an empty workspace's report as a page that says so", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nurture-empty-'));
    const store = new SqliteStore({ dataDir: dir });
    await store.init();
    const b = await open();
    try {
      const ws = (await store.createWorkspace({ name: 'Brand new', timeZone: TIME_ZONE })).id;
      const service = new ReportService({
        store,
        settings: { cron: null, timeZone: null, outboxDir: null, smtpUrl: null, mailFrom: 'n <n@example.com>' },
        now: () => Date.parse('2026-11-23T06:00:00Z'),
      });
      const { report } = await service.generate(ws);
      service.close();
      await b.page.setContent(renderReport(report, 'html'), { waitUntil: 'load' });
      await expect(b.page.locator('#empty h2').textContent()).resolves.toBe('Nothing to report yet');
      expect(await b.page.locator('#empty').textContent()).toMatch(/Nobody is in this network yet/);
      expect(await countOf(b.page, 'svg.chart-stages rect.stage-bar')).toBe(10);
      expect(await countOf(b.page, 'svg.chart-partners')).toBe(0);
      expect(b.requests).toEqual([]);
      expect(b.problems).toEqual([]);
    } finally {
      await b.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
