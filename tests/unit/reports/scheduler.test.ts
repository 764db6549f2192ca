/**
 * The weekly schedule (croner): a run missed while the server was down is
 * made up at start, exactly the week the last scheduled run should have
 * covered; restarts and racing schedulers never make a second report.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportScheduler, scheduleReports } from '../../../server/reports/report.scheduler.js';
import { ReportService, type ReportSettings } from '../../../server/reports/report.service.js';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';
import { TIME_ZONE, seedThreeWeeks, type ThreeWeeks } from '../../fixtures/reports/three-weeks.js';

let dir: string;
let store: SqliteStore;
let ids: ThreeWeeks;
let settings: ReportSettings;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nurture-schedule-'));
  store = new SqliteStore({ dataDir: dir });
  await store.init();
  ids = await seedThreeWeeks(store, (await store.createWorkspace({ name: 'Scheduled', timeZone: TIME_ZONE })).id);
  settings = {
    cron: '0 7 * * 1',
    timeZone: null,
    outboxDir: join(dir, 'outbox'),
    smtpUrl: null,
    mailFrom: 'Nurture <n@example.com>',
  };
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const service = (now: number, s: Partial<ReportSettings> = {}) =>
  new ReportService({ store, settings: { ...settings, ...s }, now: () => now });
const weeks = async (ws = ids.ws) => (await store.reports.list(ws, { limit: 50, offset: 0 })).items.map((i) => i.week);

describe('report scheduler', () => {
  it('refuses to run without a cron expression', () => {
    expect(() => new ReportScheduler(service(0, { cron: null }))).toThrow(/no cron expression/);
  });

  it('makes up the run missed while down: the week the last scheduled run should have covered', async () => {
    // Monday 23 Nov, 06:00 in Berlin: this morning's 07:00 run has not come yet, so the last one
    // due was 16 Nov, which covers W46.
    const early = new ReportScheduler(service(Date.parse('2026-11-23T05:00:00Z')));
    try {
      expect(await early.start()).toEqual([{ workspaceId: ids.ws, week: '2026-W46', created: true }]);
    } finally {
      early.stop();
    }
    expect(await weeks()).toEqual(['2026-W46']);
    expect(existsSync(join(dir, 'outbox', ids.ws, 'nurture-report-2026-W46.html'))).toBe(true);

    // Down over Monday's run; started again on Wednesday: W47 is made, against W46.
    const later = new ReportScheduler(service(Date.parse('2026-11-25T12:00:00Z')));
    try {
      expect(await later.start()).toEqual([{ workspaceId: ids.ws, week: '2026-W47', created: true }]);
      // The weekly job is set for Monday 07:00 in the workspace's zone.
      expect(localTime(later.nextRun(TIME_ZONE)!, TIME_ZONE)).toBe('Mon 07:00');
    } finally {
      later.stop();
    }
    expect(await weeks()).toEqual(['2026-W47', '2026-W46']);
    const w47 = JSON.parse((await store.reports.get(ids.ws, '2026-W47'))!.json);
    expect(w47.comparedWith).toBe('2026-W46');
  });

  it('never makes two for one week: restarts, the cron run itself, and racing schedulers', async () => {
    const at = Date.parse('2026-11-26T08:00:00Z');
    const again = new ReportScheduler(service(at));
    try {
      expect(await again.start()).toEqual([]);
      // What the Monday job runs: the week is there, so nothing is made.
      expect(await again.runZone(TIME_ZONE, Date.parse('2026-11-23T06:00:00Z'))).toEqual([
        { workspaceId: ids.ws, week: '2026-W47', created: false },
      ]);
    } finally {
      again.stop();
    }
    const ws2 = (await store.createWorkspace({ name: 'Second', timeZone: TIME_ZONE })).id;
    await store.people.create(ws2, { name: 'Me Two', isMe: true });
    const a = new ReportScheduler(service(at));
    const b = new ReportScheduler(service(at));
    try {
      const [ra, rb] = await Promise.all([a.start(), b.start()]);
      const made = [...ra, ...rb].filter((o) => o.workspaceId === ws2);
      expect(made.map((o) => o.week)).toEqual(['2026-W47', '2026-W47']);
      expect(made.filter((o) => o.created)).toHaveLength(1);
    } finally {
      a.stop();
      b.stop();
    }
    expect(await weeks(ws2)).toEqual(['2026-W47']);
    expect(await weeks()).toEqual(['2026-W47', '2026-W46']);
  });

  it('schedules each time zone in use, or the configured one for all', async () => {
    const ny = (await store.createWorkspace({ name: 'New York', timeZone: 'America/New_York' })).id;
    await store.people.create(ny, { name: 'Owner in New York', isMe: true });
    // A workspace with nobody in it (a fresh install) has no missed report to make up.
    await store.createWorkspace({ name: 'Empty', timeZone: 'America/New_York' });
    const at = Date.parse('2026-11-26T08:00:00Z');
    const s = new ReportScheduler(service(at));
    try {
      const outcomes = await s.start();
      expect(outcomes).toEqual([{ workspaceId: ny, week: '2026-W47', created: true }]);
      expect(localTime(s.nextRun('America/New_York')!, 'America/New_York')).toBe('Mon 07:00');
    } finally {
      s.stop();
    }
    const one = new ReportScheduler(service(at, { timeZone: 'Asia/Tokyo' }));
    try {
      await one.start();
      expect(one.nextRun('Asia/Tokyo')).not.toBeNull();
      expect(one.nextRun(TIME_ZONE)).toBeNull();
    } finally {
      one.stop();
    }
  });

  it('starts in the server once the store answers, retrying until it does; off when the cron is off', async () => {
    const off = scheduleReports(
      { reports: { ...settings, cron: null } },
      store,
      { ensure: async () => undefined },
      silent(),
    );
    expect(await off.started).toEqual([]);
    off.stop();
    let calls = 0;
    const readiness = {
      async ensure() {
        if (++calls < 3) throw new Error('store down');
      },
    };
    const log = silent();
    const s = scheduleReports({ reports: settings }, store, readiness, log, { retryMs: 5 });
    try {
      await s.started;
      expect(calls).toBe(3);
      expect(log.lines.filter((l) => l === 'The weekly report schedule waits for the store')).toHaveLength(2);
    } finally {
      s.stop();
    }
  });
});

/** "Mon 07:00": the weekday and time of an instant in a zone. */
function localTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value;
  return `${get('weekday')} ${get('hour')}:${get('minute')}`;
}

function silent() {
  const lines: string[] = [];
  const push = (_o: object, msg: string) => void lines.push(msg);
  return { lines, info: push, warn: push, error: push };
}
