/**
 * `npx nurture report`: a finished week's report made (once) and printed or
 * written to a file, on the store the environment configures.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { WeeklyReportSchema } from '../../../shared/index.js';
import { DEFAULT_WORKSPACE_ID } from '../../../server/app.js';
import { CliContext } from '../../../server/cli/cli-context.js';
import { runCli } from '../../../server/cli/main.js';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';
import { TIME_ZONE, seedThreeWeeks } from '../../fixtures/reports/three-weeks.js';

let dir: string;
let out: string[];
let err: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nurture-report-cli-'));
  const store = new SqliteStore({ dataDir: dir });
  await store.init();
  await store.createWorkspace({ name: 'My network', timeZone: TIME_ZONE }, DEFAULT_WORKSPACE_ID);
  await seedThreeWeeks(store, DEFAULT_WORKSPACE_ID);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  process.exitCode = undefined;
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const run = (...args: string[]) =>
  runCli(['report', ...args], new CliContext({ NURTURE_DATA_DIR: dir, LOG_LEVEL: 'silent' }));

async function storedWeeks(): Promise<string[]> {
  const store = new SqliteStore({ dataDir: dir });
  await store.init();
  try {
    return (await store.reports.list(DEFAULT_WORKSPACE_ID, { limit: 50, offset: 0 })).items.map((i) => i.week);
  } finally {
    await store.close();
  }
}

describe('npx nurture report', () => {
  it('refuses a bad format, a bad week and a week that is not over, naming the problem', async () => {
    expect(await run('--format', 'pdf')).toBe(1);
    expect(err.join('\n')).toMatch(/--format must be html, md, json or csv \(got "pdf"\)/);
    expect(await run('--week', '2026-W99')).toBe(1);
    expect(err.join('\n')).toMatch(/--week must be an ISO week/);
    expect(await run('--week', '2099-W01')).toBe(1);
    expect(err.join('\n')).toMatch(/2099-W01 is not over yet/);
    expect(await storedWeeks()).toEqual([]);
  });

  it("makes a week's report and prints it as JSON", async () => {
    expect(await run('--week', '2026-W45', '--format', 'json')).toBe(0);
    const report = WeeklyReportSchema.parse(JSON.parse(out.join('\n')));
    expect(report.week).toBe('2026-W45');
    expect(report.timeZone).toBe(TIME_ZONE);
    // Dana (monthly meetings for a year and a half, a referral this month) outranks Chen (a video every two
    // months) since the strength model weighs recent warmth and favours more (issue 14, docs/strength-validation.md).
    expect(report.partners.items.map((p) => p.name).slice(0, 4)).toEqual([
      'Alice Archer',
      'Dana Diaz',
      'Chen Cho',
      'Bruno Brandt',
    ]);
    // Made by the CLI, so delivered like a scheduled one: to the outbox.
    expect(existsSync(join(dir, 'outbox', DEFAULT_WORKSPACE_ID, 'nurture-report-2026-W45.html'))).toBe(true);
  });

  it('writes a format to a file, and answers a stored week without making it again', async () => {
    const file = join(dir, 'w46.csv');
    expect(await run('--week', '2026-W46', '--format', 'csv', '--out', file)).toBe(0);
    expect(out).toEqual([`Made the report of 2026-W46; wrote csv to ${file}`]);
    const csv = readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csv[2]).toMatch(/^2026-W46,2,4,2,false,Bruno Brandt,/);
    out.length = 0;
    expect(await run('--week', '2026-W46', '--format', 'html', '--out', join(dir, 'w46.html'))).toBe(0);
    expect(out).toEqual([`Found the report of 2026-W46; wrote html to ${join(dir, 'w46.html')}`]);
    expect(readFileSync(join(dir, 'w46.html'), 'utf8')).toMatch(/^<!doctype html>[\s\S]*class="chart chart-partners"/);
    out.length = 0;
    expect(await run('--week', '2026-W46')).toBe(0);
    expect(out.join('\n')).toMatch(/^# Weekly referral-partner report, week 46 of 2026/);
    expect(await storedWeeks()).toEqual(['2026-W46', '2026-W45']);
  });

  it('is listed in the help', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await runCli(['--help'], new CliContext({ NURTURE_DATA_DIR: dir, LOG_LEVEL: 'silent' }));
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toMatch(
        /report \[options\]\s+The weekly referral-partner report/,
      );
    } finally {
      write.mockRestore();
    }
  });
});
