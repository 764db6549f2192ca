/**
 * The report's building blocks and renderers: ISO weeks in a time zone, the
 * snapshot cut at a week's end, empty workspaces, hostile names in every
 * format, and long lists cut with "and N more".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeeklyReportSchema, type WorkspaceSnapshot } from '../../../shared/index.js';
import { firstSeen, snapshotAsOf } from '../../../server/reports/as-of-snapshot.js';
import { inWeek, lastCompleteWeek, parseWeek, shiftWeek, weekOf, weekRange } from '../../../server/reports/iso-week.js';
import { csvField, escapeMarkdown, escapeXml } from '../../../shared/domain/escape.js';
import { renderReport } from '../../../server/reports/render/render-report.js';
import { ReportService } from '../../../server/reports/report.service.js';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';

describe('ISO weeks in a time zone', () => {
  it('rejects what is not an ISO week, including week 53 of a 52-week year', () => {
    for (const bad of ['2026-48', '2026-W00', '2026-W54', '26-W01', '2026-w01', '2021-W53', '1969-W10']) {
      expect(() => parseWeek(bad), bad).toThrow(/is not an ISO week/);
    }
    expect(parseWeek('2020-W53')).toEqual({ year: 2020, week: 53 });
    expect(parseWeek('2026-W53')).toEqual({ year: 2026, week: 53 });
  });

  it('finds weeks across year ends and daylight-saving changes', () => {
    expect(shiftWeek('2026-W01', -1)).toBe('2025-W52');
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01');
    expect(weekOf(Date.parse('2021-01-03T12:00:00Z'), 'UTC')).toBe('2020-W53');
    expect(weekOf(Date.parse('2024-12-30T12:00:00Z'), 'UTC')).toBe('2025-W01');
    // Sunday 23:30 in Berlin is still the week; 00:30 on Monday is the next one.
    expect(weekOf(Date.parse('2026-11-22T22:30:00Z'), 'Europe/Berlin')).toBe('2026-W47');
    expect(weekOf(Date.parse('2026-11-22T23:30:00Z'), 'Europe/Berlin')).toBe('2026-W48');
    const dst = weekRange('2026-W43', 'Europe/Berlin');
    expect([
      new Date(dst.start).toISOString(),
      new Date(dst.end).toISOString(),
      (dst.end - dst.start) / 3_600_000,
    ]).toEqual(['2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z', 169]);
    expect(weekRange('2026-W47', 'America/Los_Angeles')).toMatchObject({
      firstDay: '2026-11-16',
      lastDay: '2026-11-22',
      start: Date.parse('2026-11-16T08:00:00Z'),
      end: Date.parse('2026-11-23T08:00:00Z'),
    });
    expect(lastCompleteWeek(Date.parse('2026-11-23T06:00:00Z'), 'Europe/Berlin')).toBe('2026-W47');
    expect(lastCompleteWeek(Date.parse('2026-11-22T22:59:59Z'), 'Europe/Berlin')).toBe('2026-W46');
  });

  it('places a recorded day by its date and an instant by the zone', () => {
    const w = weekRange('2026-W47', 'Europe/Berlin');
    expect(inWeek('2026-11-16', w)).toBe(true);
    expect(inWeek('2026-11-22', w)).toBe(true);
    expect(inWeek('2026-11-23', w)).toBe(false);
    expect(inWeek('2026-11-15T23:30:00Z', w)).toBe(true); // Monday 00:30 in Berlin
    expect(inWeek('2026-11-22T23:30:00Z', w)).toBe(false); // Monday 00:30 of the next week
  });
});

describe('escaping', () => {
  it('escapes markup, Markdown and spreadsheet formulas', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0007`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeMarkdown('[x](http://e) | *b* <i>\n# h')).toBe('\\[x\\]\\(http://e\\) \\| \\*b\\* \\<i\\> \\# h');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField('-2+3')).toBe(`'-2+3`);
    expect(csvField(-2.5)).toBe('-2.5');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField(null)).toBe('');
  });
});

function emptySnapshot(): WorkspaceSnapshot {
  const t = '2026-01-01T00:00:00.000Z';
  return {
    workspace: { id: 'w', name: 'W', timeZone: 'UTC', createdAt: t, updatedAt: t },
    people: [],
    organizations: [],
    ties: [],
    interactions: [],
    introductions: [],
    referrals: [],
    pitches: [],
    mailingLists: [],
    subscriptions: [],
    consents: [],
  };
}

describe("the snapshot at a week's end", () => {
  it('drops what is dated later and who was not seen yet', () => {
    const t = '2026-11-27T10:00:00.000Z';
    const meta = (id: string) => ({ id, createdAt: t, updatedAt: t });
    const person = (id: string, name: string, connectedOn: string | null, isMe = false) => ({
      ...meta(id),
      name,
      firstName: null,
      lastName: null,
      emails: [],
      linkedinUrl: null,
      company: null,
      position: null,
      organizationId: null,
      tags: [],
      notes: null,
      connectedOn,
      source: 'manual',
      isMe,
      needNote: null,
      needNotedOn: null,
    });
    const s = emptySnapshot();
    s.people = [
      person('me', 'Me', null, true),
      person('a', 'Early', '2020-01-01'),
      person('b', 'Met in the week', null),
      person('c', 'Later', '2026-11-25'),
      person('d', 'Recorded only', null),
    ];
    const interaction = (id: string, occurredAt: string, other: string) => ({
      ...meta(id),
      occurredAt,
      channel: 'call' as const,
      participantIds: ['me', other],
      initiatorId: null,
      note: null,
      source: 'manual',
      externalId: null,
    });
    s.interactions = [
      interaction('i1', '2026-11-20', 'a'),
      interaction('i2', '2026-11-22T22:30:00Z', 'b'),
      interaction('i3', '2026-11-24', 'a'),
      interaction('i4', '2026-11-26', 'c'),
    ];
    s.ties = [
      { ...meta('t1'), aId: 'me', bId: 'c', kind: 'linkedin', since: '2026-11-25', source: 'x', note: null },
      { ...meta('t2'), aId: 'me', bId: 'a', kind: 'knows', since: null, source: 'x', note: null },
    ];
    const seen = firstSeen(s);
    expect(Object.fromEntries(seen)).toEqual({
      me: '2026-11-20',
      a: '2020-01-01',
      b: '2026-11-22T22:30:00Z',
      c: '2026-11-25',
      d: t,
    });
    const cut = snapshotAsOf(s, weekRange('2026-W47', 'Europe/Berlin'), seen);
    expect(cut.people.map((p) => p.name)).toEqual(['Me', 'Early', 'Met in the week']);
    expect(cut.interactions.map((i) => i.id)).toEqual(['i1', 'i2']);
    expect(cut.ties.map((x) => x.id)).toEqual(['t2']);
    expect(s.interactions).toHaveLength(4); // the input is not changed
  });
});

describe('reports of real stores', () => {
  let dir: string;
  let store: SqliteStore;
  const NOW = Date.parse('2026-11-25T12:00:00Z');
  let service: ReportService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nurture-render-'));
    store = new SqliteStore({ dataDir: dir });
    await store.init();
    service = new ReportService({
      store,
      settings: { cron: null, timeZone: 'UTC', outboxDir: null, smtpUrl: null, mailFrom: 'n <n@example.com>' },
      now: () => NOW,
    });
  });
  afterAll(async () => {
    service.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says so, in every format, when there is nobody or no "me" to report on', async () => {
    const nobody = (await store.createWorkspace({ name: 'Empty' })).id;
    const g = await service.generate(nobody);
    expect(g.report.week).toBe('2026-W47');
    expect(g.report.empty).toEqual({
      reason: 'no_people',
      message: expect.stringMatching(/^Nobody is in this network yet/),
    });
    expect(g.report.partners).toEqual({ items: [], total: 0 });
    expect(g.report.egoNetworks).toEqual([]);
    expect(WeeklyReportSchema.parse(JSON.parse(renderReport(g.report, 'json')))).toEqual(g.report);
    const html = renderReport(g.report, 'html');
    expect(html).toContain('<h2>Nothing to report yet</h2>');
    expect(html).toContain('Nobody is in this network yet');
    expect(renderReport(g.report, 'md')).toContain('## Nothing to report yet');
    expect(renderReport(g.report, 'csv').trim().split('\r\n')).toHaveLength(1);

    const noMe = (await store.createWorkspace({ name: 'No me' })).id;
    await store.people.create(noMe, { name: 'Someone', connectedOn: '2026-11-18' });
    const r = (await service.generate(noMe)).report;
    expect(r.empty?.reason).toBe('no_me');
    expect(r.growth.thisWeek.newPeople).toBe(1);
    expect(renderReport(r, 'html')).toContain('record yourself first');

    const onlyMe = (await store.createWorkspace({ name: 'Only me' })).id;
    await store.people.create(onlyMe, { name: 'Me', isMe: true });
    expect((await service.generate(onlyMe)).report.empty?.reason).toBe('no_people');
  });

  it('escapes hostile names and notes in HTML, SVG, Markdown and CSV', async () => {
    const ws = (await store.createWorkspace({ name: 'Acme <script>alert("ws")</script>' })).id;
    const me = (await store.people.create(ws, { name: 'Me', isMe: true })).id;
    const hostile = [
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(2)>',
      '=HYPERLINK("http://evil.example","click")',
      '[link](http://evil.example) | *bold*',
      'Bell\u0007 and </svg><svg onload=alert(3)>',
    ];
    for (const [i, name] of hostile.entries()) {
      const id = (await store.people.create(ws, { name, connectedOn: '2025-01-01' })).id;
      for (let m = 0; m < 6; m++)
        await store.interactions.create(ws, {
          occurredAt: `2026-${String(m + 5).padStart(2, '0')}-1${i}`,
          channel: 'in_person',
          participantIds: [me, id],
        });
      await store.referrals.create(ws, {
        referrerId: id,
        recipientId: me,
        date: '2026-11-18',
        status: 'won',
        value: 100,
        currency: 'EUR',
        prospectName: `<b>${name}</b>`,
      });
    }
    const r = (await service.generate(ws)).report;
    expect(r.partners.items.map((p) => p.name).sort()).toEqual([...hostile].sort());
    const html = renderReport(r, 'html');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<svg onload/);
    expect(html).not.toContain('\u0007');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.match(/<svg /g)!.length).toBe(html.match(/<\/svg>/g)!.length);
    const md = renderReport(r, 'md');
    expect(md).not.toContain('[link](http://evil.example)');
    expect(md).toContain('\\[link\\]\\(http://evil.example\\) \\| \\*bold\\*');
    expect(md).not.toMatch(/(?<!\\)<script/); // \< is a literal < in CommonMark
    const csv = renderReport(r, 'csv');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
  });

  it('cuts long lists and says how many more there are', async () => {
    const ws = (await store.createWorkspace({ name: 'Busy' })).id;
    const me = (await store.people.create(ws, { name: 'Me', isMe: true })).id;
    for (let i = 0; i < 40; i++) {
      const id = (
        await store.people.create(ws, { name: `New contact ${String(i).padStart(2, '0')}`, connectedOn: '2026-11-16' })
      ).id;
      await store.interactions.create(ws, { occurredAt: '2026-11-17', channel: 'event', participantIds: [me, id] });
    }
    const r = (await service.generate(ws)).report;
    expect(r.actions.doNotPitchYet.total).toBe(40);
    expect(r.actions.doNotPitchYet.items).toHaveLength(5);
    expect(r.partners.total).toBe(40);
    expect(r.partners.items).toHaveLength(25);
    expect(r.growth.thisWeek).toMatchObject({ newPeople: 40, firstContacts: 40, interactions: 40 });
    const html = renderReport(r, 'html');
    expect(html).toContain('<p class="more">and 35 more</p>');
    expect(html).toContain('<p class="more">and 15 more</p>');
    expect(renderReport(r, 'md')).toContain('_and 35 more_');
  });
});
