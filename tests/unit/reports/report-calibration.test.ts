/**
 * The weekly report analyses its week under the same calibration as the live
 * analysis: the user's ratings (from their day on) and the factor weights in
 * force. A real SQLite store, the three-week fixture.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeWeek } from '../../../server/reports/build-report.js';
import { computeReport, type ReportComputeInputs } from '../../../server/reports/compute-report.js';
import { weekRange } from '../../../server/reports/iso-week.js';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';
import type { FactorWeights, WeeklyReport } from '../../../shared/index.js';
import { TIME_ZONE, seedThreeWeeks, type ThreeWeeks } from '../../fixtures/reports/three-weeks.js';

let dir: string;
let store: SqliteStore;
let ids: ThreeWeeks;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nurture-report-calibration-'));
  store = new SqliteStore({ dataDir: dir });
  await store.init();
  ids = await seedThreeWeeks(store, (await store.createWorkspace({ name: 'Calibrated', timeZone: TIME_ZONE })).id);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A week that ends after any rating made while the test runs (ratings are stamped with the clock). */
const FAR_WEEK = '2099-W10';
const inputs = (week: string): ReportComputeInputs => ({
  range: weekRange(week, TIME_ZONE),
  timeZone: TIME_ZONE,
  previous: null,
  generatedAt: new Date(weekRange(week, TIME_ZONE).end).toISOString(),
});
const row = (r: WeeklyReport, personId: string) => r.partners.items.find((p) => p.personId === personId);

describe('weekly report: ratings and fitted weights', () => {
  it('holds a rated tie within its rated stage, as the live analysis does', async () => {
    const before = await computeReport(store, ids.ws, inputs(FAR_WEEK));
    // Lars is a LinkedIn connection and nothing else: at most an acquaintance on evidence.
    await store.calibration.putRating(ids.ws, ids.lars, 'trusted', null);
    const after = await computeReport(store, ids.ws, inputs(FAR_WEEK));
    expect(after.stages.now.trusted).toBe(before.stages.now.trusted + 1);
  });

  it('leaves out a rating given after the week it reports on', async () => {
    expect(await store.calibration.listRatings(ids.ws)).toHaveLength(1);
    const reported = await computeReport(store, ids.ws, inputs('2026-W47'));
    const unrated = analyzeWeek(await store.snapshot(ids.ws), weekRange('2026-W47', TIME_ZONE));
    const lars = unrated.analysis!.people.find((p) => p.personId === ids.lars)!.strengthToMe;
    expect(lars.rating).toBeNull();
    expect(reported.stages.now.trusted).toBe(
      unrated.analysis!.people.filter((p) => p.strengthToMe.stage === 'trusted').length,
    );
  });

  it('scores with the fitted weights when calibration put them in force', async () => {
    const defaults = await computeReport(store, ids.ws, inputs(FAR_WEEK));
    const fitted: FactorWeights = {
      intensity: 0,
      history: 0,
      recency: 0,
      duration: 1,
      reciprocity: 0,
      structural: 0,
      services: 0,
    };
    const agreement = { strongWeak: null, spearman: null, stage: null };
    await store.calibration.putCalibration(ids.ws, {
      json: JSON.stringify({
        inForce: 'fitted',
        fitted,
        fittedAt: '2026-11-30T00:00:00.000Z',
        ratings: 12,
        folds: 5,
        agreement: { defaults: agreement, fitted: agreement },
        why: 'test',
      }),
      updatedAt: '2026-11-30T00:00:00.000Z',
    });
    try {
      const calibrated = await computeReport(store, ids.ws, inputs(FAR_WEEK));
      // Duration alone: Alice (met January 2025) outranks Gita (known since W47), whatever the meetings.
      const snapshot = await store.snapshot(ids.ws);
      const ratings = await store.calibration.listRatings(ids.ws);
      const expected = analyzeWeek(snapshot, weekRange(FAR_WEEK, TIME_ZONE), {}, { ratings, weights: fitted });
      const alice = expected.analysis!.people.find((p) => p.personId === ids.alice)!.strengthToMe;
      expect(alice.factors.duration.weight).toBe(1);
      expect(row(calibrated, ids.alice)?.strength).toBeCloseTo(alice.score, 9);
      expect(row(calibrated, ids.alice)?.strength).not.toBeCloseTo(row(defaults, ids.alice)!.strength, 3);
    } finally {
      await store.calibration.putCalibration(ids.ws, null);
    }
  });
});
