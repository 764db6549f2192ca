/**
 * /api/v1/reports over real HTTP on a real SQLite store: errors first, then
 * generate (once), list, fetch a week as JSON, HTML, Markdown and CSV, and
 * erasure reaching the stored history.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeeklyReportSchema } from '../../shared/index.js';
import { DEFAULT_WORKSPACE_ID } from '../../server/app.js';
import { lastCompleteWeek } from '../../server/reports/iso-week.js';
import { TIME_ZONE, seedThreeWeeks, type ThreeWeeks } from '../fixtures/reports/three-weeks.js';
import { startApi, type RunningApi } from './start-api.js';

let api: RunningApi;
let ids: ThreeWeeks;

beforeAll(async () => {
  api = await startApi({ env: { NURTURE_REPORT_TZ: TIME_ZONE } });
});
afterAll(async () => api.close());

describe('reports API: errors first', () => {
  it('answers problems for bad weeks, formats and bodies, and 404 for weeks without a report', async () => {
    const cases: [string, string, unknown, number, string][] = [
      ['GET', '/api/v1/reports/2026-W99', undefined, 400, 'VALIDATION'],
      ['GET', '/api/v1/reports/soon', undefined, 400, 'VALIDATION'],
      ['GET', '/api/v1/reports/2026-W40?format=pdf', undefined, 400, 'VALIDATION'],
      ['GET', '/api/v1/reports/2026-W40', undefined, 404, 'NOT_FOUND'],
      ['GET', '/api/v1/reports/latest', undefined, 404, 'NOT_FOUND'],
      ['POST', '/api/v1/reports', { week: '2099-W01' }, 400, 'VALIDATION'],
      ['POST', '/api/v1/reports', { week: '2026-48' }, 400, 'VALIDATION'],
      ['POST', '/api/v1/reports', { week: '2026-W40', deliver: true }, 400, 'VALIDATION'],
      ['GET', '/api/v1/reports?limit=0', undefined, 400, 'VALIDATION'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const r = await api.call(method, path, body);
      expect([path, r.status, r.body.code]).toEqual([path, status, code]);
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    const notOver = await api.call('POST', '/api/v1/reports', { week: '2099-W01' });
    expect(notOver.body.detail).toMatch(/2099-W01 is not over yet/);
    expect((await api.call('GET', '/api/v1/reports')).body).toMatchObject({ items: [], total: 0 });
  });
});

describe('reports API', () => {
  beforeAll(async () => {
    ids = await seedThreeWeeks(api.store, DEFAULT_WORKSPACE_ID);
  });

  it('generates a week once: 201 the first time, then 200 with the same report', async () => {
    const first = await api.call('POST', '/api/v1/reports', { week: '2026-W46' });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe('/api/v1/reports/2026-W46');
    const report = WeeklyReportSchema.parse(first.body);
    expect(report.partners.items.slice(0, 2).map((p) => p.name)).toEqual(['Alice Archer', 'Bruno Brandt']);
    expect(report.flows.totals).toEqual({
      referralsGiven: 1,
      referralsReceived: 2,
      introductionsGiven: 0,
      introductionsReceived: 0,
    });
    // Delivered to the outbox under the data folder.
    expect(
      existsSync(join(api.built.deps.config.reports.outboxDir, DEFAULT_WORKSPACE_ID, 'nurture-report-2026-W46.html')),
    ).toBe(true);
    const again = await api.call('POST', '/api/v1/reports', { week: '2026-W46' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // W45 made afterwards: W46 keeps the movement it was made with (none), W45 compares with nothing earlier.
    const w45 = await api.call('POST', '/api/v1/reports', { week: '2026-W45' });
    expect([w45.status, w45.body.comparedWith]).toEqual([201, null]);
    const w47 = await api.call('POST', '/api/v1/reports', { week: '2026-W47' });
    expect([w47.status, w47.body.comparedWith]).toEqual([201, '2026-W46']);
  });

  it('generates the latest finished week when none is named', async () => {
    const r = await api.call('POST', '/api/v1/reports', {});
    expect([200, 201]).toContain(r.status);
    expect(r.body.week).toBe(lastCompleteWeek(Date.now(), TIME_ZONE));
  });

  it('lists the stored weeks, newest first, with the zone and the latest finished week', async () => {
    const r = await api.call('GET', '/api/v1/reports?limit=2');
    expect(r.status).toBe(200);
    expect(r.body.timeZone).toBe(TIME_ZONE);
    expect(r.body.latestCompleteWeek).toBe(lastCompleteWeek(Date.now(), TIME_ZONE));
    expect(r.body.limit).toBe(2);
    expect(r.body.items).toHaveLength(2);
    const all = await api.call('GET', '/api/v1/reports?limit=50');
    const weeks = all.body.items.map((i: { week: string }) => i.week);
    expect(weeks).toEqual([...weeks].sort().reverse());
    expect(weeks).toEqual(expect.arrayContaining(['2026-W47', '2026-W46', '2026-W45']));
  });

  it('serves a week as JSON, a self-contained HTML page, Markdown and CSV', async () => {
    const json = await api.call('GET', '/api/v1/reports/2026-W47');
    expect(json.status).toBe(200);
    expect(WeeklyReportSchema.parse(json.body).week).toBe('2026-W47');

    const html = await api.call('GET', '/api/v1/reports/2026-W47?format=html');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; style-src 'unsafe-inline'; img-src data:/,
    );
    expect(html.body).toMatch(/^<!doctype html>/);
    expect(html.body).toContain('class="chart chart-partners"');
    expect(html.body).toContain('class="chart chart-stages"');
    expect(html.body).toContain('class="chart chart-ego"');
    expect(html.body).not.toMatch(/<script|<link|src="http|href="http/);

    const md = await api.call('GET', '/api/v1/reports/2026-W47?format=md');
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.headers.get('content-disposition')).toBe('attachment; filename="nurture-report-2026-W47.md"');
    expect(md.body).toMatch(/^# Weekly referral-partner report, week 47 of 2026/);

    const csv = await api.call('GET', '/api/v1/reports/2026-W47?format=csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = String(csv.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'week,rank,previous_rank,rank_change,new,name,score,score_change,strength,strength_change_7d,stage,referrals_given,referrals_received,introductions_given,introductions_received,balance',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(1, 6).join(','))).toEqual([
      '1,1,0,false,Alice Archer',
      '2,2,0,false,Bruno Brandt',
      // The strength model of issue 14: Chen gains on his introduction and passes Dana (as in the contract suite).
      '3,4,1,false,Chen Cho',
      '4,3,-1,false,Dana Diaz',
      '5,,,true,Gita Gold',
      '6,5,-1,false,Emil Eder',
      '7,6,-1,false,Farah Fox',
      '8,7,-1,false,Lars Lind',
      '9,8,-1,false,Lena Lund',
    ]);

    const newest = (await api.call('GET', '/api/v1/reports?limit=1')).body.items[0].week;
    const latest = await api.call('GET', '/api/v1/reports/latest?format=json');
    expect(latest.body.week).toBe(newest);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = await api.call('GET', '/api/v1/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/reports', '/api/v1/reports/{week}']));
  });

  it('takes an erased person out of the stored reports, keeping the totals', async () => {
    const before = (await api.call('GET', '/api/v1/reports/2026-W46')).body;
    expect((await api.call('DELETE', `/api/v1/people/${ids.bruno}`)).status).toBe(204);
    const after = await api.call('GET', '/api/v1/reports/2026-W46');
    expect(JSON.stringify(after.body)).not.toContain('Bruno');
    expect(after.body.ledger.totals).toEqual(before.ledger.totals);
    expect(after.body.partners.items[1]).toMatchObject({ personId: null, name: '(erased)', rank: 2 });
    const html = await api.call('GET', '/api/v1/reports/2026-W46?format=html');
    expect(html.body).not.toContain('Bruno');
  });
});
