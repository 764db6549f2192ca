/**
 * Three weeks of a known workspace, reported in order (each at its Monday
 * 07:00 run), on SQLite and on the real Neo4j of the test run: the exact
 * partners, movement, flows, ledger totals, mistakes and growth of each week;
 * one report per week whatever happens; erasure leaves only aggregates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WeeklyReportSchema, type WeeklyReport } from '../../../shared/index.js';
import { ChangeFeed } from '../../../server/core/change-feed.js';
import { privacyService } from '../../../server/privacy/privacy.service.js';
import { ReportService, type ReportSettings } from '../../../server/reports/report.service.js';
import { Neo4jStore } from '../../../server/store/neo4j/neo4j-store.js';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../../server/store/store.port.js';
import { neo4jTestConnection } from '../../neo4j-connection.js';
import { RUN_AT, TIME_ZONE, WEEKS, seedThreeWeeks, type ThreeWeeks } from '../../fixtures/reports/three-weeks.js';

const SETTINGS: ReportSettings = {
  cron: null,
  timeZone: null,
  outboxDir: null,
  smtpUrl: null,
  mailFrom: 'Nurture <n@example.com>',
};

const names = (r: WeeklyReport) => r.partners.items.map((p) => p.name);
const moves = (r: WeeklyReport) => r.partners.items.map((p) => [p.name, p.rank, p.previousRank, p.rankChange, p.isNew]);

function threeWeeksSuite(label: string, open: () => Promise<{ store: Store; done(): Promise<void> }>): void {
  describe(`weekly report on ${label}`, () => {
    let store: Store;
    let done: () => Promise<void>;
    let ids: ThreeWeeks;
    let now = 0;
    let service: ReportService;
    const reports: Record<string, WeeklyReport> = {};

    beforeAll(async () => {
      ({ store, done } = await open());
      const ws = (await store.createWorkspace({ name: 'Three weeks', timeZone: TIME_ZONE })).id;
      ids = await seedThreeWeeks(store, ws);
      service = new ReportService({ store, settings: SETTINGS, now: () => now });
    });
    afterAll(async () => {
      service?.close();
      if (ids) await store.deleteWorkspace(ids.ws);
      await done?.();
    });

    describe('weekly report: errors first', () => {
      it('refuses a week that is not over, a malformed week, and an unknown workspace', async () => {
        now = RUN_AT['2026-W45'];
        await expect(service.generate(ids.ws, '2026-W46')).rejects.toMatchObject({
          code: 'VALIDATION',
          message: expect.stringMatching(/2026-W46 is not over yet/),
        });
        await expect(service.generate(ids.ws, '2026-W54')).rejects.toMatchObject({ code: 'VALIDATION' });
        await expect(service.generate(ids.ws, '2025-W53')).rejects.toMatchObject({
          code: 'VALIDATION',
          message: expect.stringMatching(/2025 has 52 weeks/),
        });
        await expect(service.generate('no-such-workspace', '2026-W45')).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(service.get(ids.ws, '2026-W45')).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(service.get(ids.ws, 'latest')).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect((await store.reports.list(ids.ws, { limit: 10, offset: 0 })).total).toBe(0);
      });
    });

    describe('weekly report: three weeks in order', () => {
      beforeAll(async () => {
        for (const week of WEEKS) {
          now = RUN_AT[week];
          const g = await service.generate(ids.ws);
          expect(g.created).toBe(true);
          expect(g.report.week).toBe(week);
          reports[week] = g.report;
        }
      });

      it('stores each week once, as a document that matches the shared schema', async () => {
        const listed = await store.reports.list(ids.ws, { limit: 10, offset: 0 });
        expect(listed.items.map((i) => i.week)).toEqual(['2026-W47', '2026-W46', '2026-W45']);
        for (const week of WEEKS) {
          const stored = await store.reports.get(ids.ws, week);
          expect(WeeklyReportSchema.parse(JSON.parse(stored!.json))).toEqual(reports[week]);
        }
        const w45 = reports['2026-W45']!;
        expect(w45.period).toEqual({
          start: '2026-11-01T23:00:00.000Z',
          end: '2026-11-08T23:00:00.000Z',
          firstDay: '2026-11-02',
          lastDay: '2026-11-08',
        });
        expect(w45.timeZone).toBe(TIME_ZONE);
        expect(w45.generatedAt).toBe('2026-11-09T06:00:00.000Z');
        expect(w45.me).toEqual({ personId: ids.me, name: 'Maya Owner' });
        expect(w45.empty).toBeNull();
      });

      it('W45: the partner ranking, with no earlier report to move against', () => {
        const r = reports['2026-W45']!;
        expect(r.comparedWith).toBeNull();
        // Scores from the strength model of issue 14 (docs/strength-validation.md): Dana's year and a half of
        // monthly meetings and her referral outweigh Chen's video every two months.
        expect(names(r)).toEqual([
          'Alice Archer',
          'Dana Diaz',
          'Chen Cho',
          'Bruno Brandt',
          'Emil Eder',
          'Lars Lind',
          'Lena Lund',
        ]);
        expect(r.partners.items.map((p) => Number(p.score.toFixed(1)))).toEqual([72.7, 42.1, 38, 24.9, 4.4, 3, 2.9]);
        for (const p of r.partners.items)
          expect([p.previousRank, p.previousScore, p.rankChange, p.scoreChange, p.isNew]).toEqual([
            null,
            null,
            null,
            null,
            false,
          ]);
        // People first seen after the week (Farah, Gita) are not in it.
        expect(r.summary.people).toBe(7);
        expect(r.ranking.map((x) => x.personId)).toEqual(r.partners.items.map((p) => p.personId));
      });

      it('W46: Bruno climbs two places on two referrals; Farah is new', () => {
        const r = reports['2026-W46']!;
        expect(r.comparedWith).toBe('2026-W45');
        expect(moves(r)).toEqual([
          ['Alice Archer', 1, 1, 0, false],
          ['Bruno Brandt', 2, 4, 2, false],
          ['Dana Diaz', 3, 2, -1, false],
          ['Chen Cho', 4, 3, -1, false],
          ['Emil Eder', 5, 5, 0, false],
          ['Farah Fox', 6, null, null, true],
          ['Lars Lind', 7, 6, -1, false],
          ['Lena Lund', 8, 7, -1, false],
        ]);
        const before = new Map(reports['2026-W45']!.partners.items.map((p) => [p.personId, p.score]));
        for (const p of r.partners.items) {
          if (p.isNew) continue;
          // Movement is measured against the stored report, exactly.
          expect(p.previousScore).toBe(before.get(p.personId));
          expect(p.scoreChange).toBe(p.score - before.get(p.personId)!);
        }
        expect(Number(r.partners.items[1]!.scoreChange!.toFixed(1))).toBe(45.6);
      });

      it('W47: Chen and Dana gain on an introduction and a referral; Gita is new at #5', () => {
        const r = reports['2026-W47']!;
        expect(r.comparedWith).toBe('2026-W46');
        expect(moves(r)).toEqual([
          ['Alice Archer', 1, 1, 0, false],
          ['Bruno Brandt', 2, 2, 0, false],
          ['Chen Cho', 3, 4, 1, false],
          ['Dana Diaz', 4, 3, -1, false],
          ['Gita Gold', 5, null, null, true],
          ['Emil Eder', 6, 5, -1, false],
          ['Farah Fox', 7, 6, -1, false],
          ['Lars Lind', 8, 7, -1, false],
          ['Lena Lund', 9, 8, -1, false],
        ]);
        const before = new Map(reports['2026-W46']!.partners.items.map((p) => [p.personId, p.score]));
        for (const p of r.partners.items) if (!p.isNew) expect(p.scoreChange).toBe(p.score - before.get(p.personId)!);
        expect(r.partners.items.slice(0, 4).map((p) => Number(p.scoreChange!.toFixed(1)))).toEqual([-3, -3.8, 14, 8.3]);
      });

      it('counts the referrals and introductions of each week, and keeps the running ledger', () => {
        expect(WEEKS.map((w) => reports[w]!.flows.totals)).toEqual([
          { referralsGiven: 0, referralsReceived: 1, introductionsGiven: 1, introductionsReceived: 0 },
          { referralsGiven: 1, referralsReceived: 2, introductionsGiven: 0, introductionsReceived: 0 },
          { referralsGiven: 0, referralsReceived: 1, introductionsGiven: 0, introductionsReceived: 1 },
        ]);
        expect(
          reports['2026-W46']!.flows.items.map((f) => [
            f.date,
            f.kind,
            f.direction,
            f.with.map((w) => w.name),
            f.about?.name,
            f.status,
            f.value,
          ]),
        ).toEqual([
          ['2026-11-10', 'referral', 'received', ['Bruno Brandt'], 'Mill & Sons', 'open', null],
          ['2026-11-11', 'referral', 'given', ['Alice Archer'], 'Studio Sol', 'open', null],
          ['2026-11-12', 'referral', 'received', ['Bruno Brandt'], 'Harbor Freight Co', 'won', 8000],
        ]);
        expect(reports['2026-W45']!.flows.items[1]).toMatchObject({
          kind: 'introduction',
          direction: 'given',
          with: [{ name: 'Bruno Brandt' }, { name: 'Chen Cho' }],
        });
        expect(reports['2026-W47']!.flows.items[0]).toMatchObject({
          kind: 'introduction',
          direction: 'received',
          with: [{ name: 'Chen Cho' }],
          about: { name: 'Gita Gold' },
          status: 'pending',
        });

        const totals = WEEKS.map((w) => reports[w]!.ledger.totals);
        expect(totals).toEqual([
          {
            partners: 4,
            referralsGiven: 1,
            referralsReceived: 3,
            referralsWonGiven: 0,
            referralsWonReceived: 3,
            valueGiven: {},
            valueReceived: { EUR: 10000 },
            introductionsGiven: 2,
            introductionsReceived: 1,
            balance: 1,
          },
          {
            partners: 4,
            referralsGiven: 2,
            referralsReceived: 5,
            referralsWonGiven: 0,
            referralsWonReceived: 4,
            valueGiven: {},
            valueReceived: { EUR: 18000 },
            introductionsGiven: 2,
            introductionsReceived: 1,
            balance: 2,
          },
          // Lena's referral of 24 Nov is after the week: not counted.
          {
            partners: 4,
            referralsGiven: 2,
            referralsReceived: 6,
            referralsWonGiven: 0,
            referralsWonReceived: 4,
            valueGiven: {},
            valueReceived: { EUR: 18000 },
            introductionsGiven: 2,
            introductionsReceived: 2,
            balance: 4,
          },
        ]);
        const w47 = reports['2026-W47']!.ledger.items.map((l) => [
          l.name,
          l.referralsGiven,
          l.referralsReceived,
          l.introductionsGiven,
          l.introductionsReceived,
          l.balance,
        ]);
        expect(w47).toEqual([
          ['Alice Archer', 2, 2, 0, 0, 0],
          ['Bruno Brandt', 0, 2, 1, 0, 1],
          ['Chen Cho', 0, 0, 1, 2, 1],
          ['Dana Diaz', 0, 2, 0, 0, 2],
        ]);
        const row = reports['2026-W47']!.partners.items.find((p) => p.name === 'Chen Cho')!;
        expect([row.introductionsGiven, row.introductionsReceived, row.balance]).toEqual([1, 2, 1]);
      });

      it('lists the mistakes of each week, and only those', () => {
        const m = (w: (typeof WEEKS)[number]) => reports[w]!.mistakes.items.map((x) => [x.date, x.kind, x.name]);
        // Two messages do not make a relationship: the pitch to Emil is early (one finding per act).
        expect(m('2026-W45')).toEqual([['2026-11-06', 'early_pitch', 'Emil Eder']]);
        expect(m('2026-W46')).toEqual([['2026-11-13', 'signed_up_without_permission', 'Farah Fox']]);
        expect(m('2026-W47')).toEqual([
          // One finding per act: Farah's early pitch is not counted again as assumed closeness.
          ['2026-11-18', 'early_pitch', 'Farah Fox'],
          ['2026-11-20', 'assumed_closeness', 'Lars Lind'],
        ]);
        expect(WEEKS.map((w) => [reports[w]!.mistakes.byKind, reports[w]!.mistakes.onRecord])).toEqual([
          [{ early_pitch: 1, signed_up_without_permission: 0, assumed_closeness: 0 }, 1],
          [{ early_pitch: 0, signed_up_without_permission: 1, assumed_closeness: 0 }, 2],
          [{ early_pitch: 1, signed_up_without_permission: 0, assumed_closeness: 1 }, 4],
        ]);
        expect(reports['2026-W47']!.mistakes.items[0]!.reasons).toContain(
          'no need had been expressed before the pitch',
        );
      });

      it('measures growth week on week, and the actions of the week', () => {
        const g = (w: (typeof WEEKS)[number]) => {
          const t = reports[w]!.growth.thisWeek;
          return [t.newPeople, t.newTies, t.firstContacts, t.interactions];
        };
        expect(WEEKS.map(g)).toEqual([
          [0, 0, 0, 2],
          [1, 1, 1, 2],
          [1, 1, 1, 2],
        ]);
        expect(reports['2026-W46']!.growth.thisWeek.interactionsByChannel).toEqual({
          in_person: 0,
          video: 0,
          call: 1,
          email: 0,
          message: 0,
          event: 1,
          social: 0,
        });
        expect(reports['2026-W47']!.growth.previousWeek).toEqual(reports['2026-W46']!.growth.thisWeek);
        // Not Bruno: his partner score in W45 (24.9, with the weights of the second round of
        // docs/strength-validation.md) is just under the nurture threshold (25); it was 25.7 before.
        expect(reports['2026-W45']!.nurture.items.map((n) => n.name)).toEqual(['Dana Diaz', 'Chen Cho']);
        expect(reports['2026-W45']!.nurture.items[0]!.reason).toMatch(/no contact for 104 days/);
        expect(reports['2026-W46']!.actions.askPermission.items.map((n) => n.name)).toEqual(['Farah Fox']);
        expect(reports['2026-W47']!.actions.thank.items.map((n) => n.name)).toEqual(['Bruno Brandt', 'Dana Diaz']);
        // No tie's strength fell enough over W47 to be called cooling (Alice's fell by 2.2 with the first model).
        expect(reports['2026-W47']!.cooling.items).toEqual([]);
        const stages = reports['2026-W47']!.stages;
        expect(stages.now).toEqual({ stranger: 4, acquaintance: 1, contact: 2, relationship: 2, trusted: 0 });
        expect(stages.weekAgo).toEqual({ stranger: 5, acquaintance: 0, contact: 2, relationship: 2, trusted: 0 });
      });

      it("draws the top partners' ego networks from the ties", () => {
        const e = reports['2026-W47']!.egoNetworks;
        expect(e.map((n) => n.center.name)).toEqual(['Alice Archer', 'Bruno Brandt', 'Chen Cho']);
        expect(e[2]!.neighbors.map((n) => [n.name, n.isMe])).toEqual([
          ['Maya Owner', true],
          // Chen and Dana were declared to know each other: at least an acquaintance (15), so Dana comes
          // before Gita (13.4) and Bruno (8.8).
          ['Dana Diaz', false],
          ['Gita Gold', false],
          ['Bruno Brandt', false],
        ]);
        // Ties among Chen's neighbours: me with each of Dana, Gita and Bruno.
        expect(e[2]!.links.map((l) => [l.a, l.b])).toEqual([
          [0, 1],
          [0, 2],
          [0, 3],
        ]);
      });

      it('answers a week that has a report with that report, never making a second one', async () => {
        now = RUN_AT['2026-W47'] + 3 * 86_400_000;
        const again = await service.generate(ids.ws, '2026-W46');
        expect(again.created).toBe(false);
        expect(again.delivery).toBeNull();
        expect(again.report).toEqual(reports['2026-W46']);
        expect(await service.get(ids.ws, 'latest')).toEqual(reports['2026-W47']);
        // Two services (two processes) racing for a new week: one report, one "created".
        const other = new ReportService({ store, settings: SETTINGS, now: () => now });
        const [a, b] = await Promise.all([service.generate(ids.ws, '2026-W44'), other.generate(ids.ws, '2026-W44')]);
        expect([a.created, b.created].sort()).toEqual([false, true]);
        expect(a.report).toEqual(b.report);
        // …and the same service asked twice at once computes once.
        const [c, d] = await Promise.all([service.generate(ids.ws, '2026-W43'), service.generate(ids.ws, '2026-W43')]);
        expect([c.created, d.created].sort()).toEqual([false, true]);
        const listed = await store.reports.list(ids.ws, { limit: 10, offset: 0 });
        expect(listed.items.map((i) => i.week)).toEqual(['2026-W47', '2026-W46', '2026-W45', '2026-W44', '2026-W43']);
      });

      it('keeps only aggregates of an erased person in the stored history', async () => {
        await privacyService(store, new ChangeFeed()).erasePerson(ids.ws, ids.bruno, null);
        for (const week of WEEKS) {
          const json = (await store.reports.get(ids.ws, week))!.json;
          expect(json).not.toContain('Bruno');
          expect(json).not.toContain(ids.bruno);
          const r = WeeklyReportSchema.parse(JSON.parse(json));
          expect(r.ledger.totals).toEqual(reports[week]!.ledger.totals);
          expect(r.flows.totals).toEqual(reports[week]!.flows.totals);
          expect(r.partners.items.length).toBe(reports[week]!.partners.items.length);
          expect(r.ranking.length).toBe(reports[week]!.ranking.length - 1);
          expect(r.me).toEqual(reports[week]!.me);
        }
        const w46 = await service.get(ids.ws, '2026-W46');
        expect(w46.partners.items[1]).toMatchObject({ personId: null, name: '(erased)', rank: 2, rankChange: 2 });
        expect(w46.flows.items[0]!.with).toEqual([{ personId: null, name: '(erased)' }]);
        expect(w46.actions.thank.items[0]!.reason).toMatch(/^\(erased\) referred Harbor Freight Co to you/);
        // Alice's own rows keep her name.
        expect(w46.partners.items[0]!.name).toBe('Alice Archer');
      });
    });
  });
}

threeWeeksSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nurture-reports-'));
  const store = new SqliteStore({ dataDir: dir });
  await store.init();
  return {
    store,
    async done() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

threeWeeksSuite('Neo4j', async () => {
  const store = new Neo4jStore(neo4jTestConnection(inject));
  await store.init();
  return { store, done: () => store.close() };
});
