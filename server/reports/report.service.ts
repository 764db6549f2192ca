/**
 * The weekly report as a service: generate a week (once: the store refuses a
 * second report for the same week, and the stored one is answered instead),
 * fetch, list, and deliver each new report once, whoever asked for it (the
 * scheduler, the API, the CLI).
 *
 * A report is computed from the store's snapshot cut at the week's end, with
 * its own analysis as of that instant (not the live cached one, which
 * describes "now"). The server computes it in the analytics worker thread
 * (`compute`), so requests are answered meanwhile; the CLI on its own thread.
 */
import type { Page, ReportFormat, WeeklyReport, Workspace } from '../../shared/index.js';
import { WeeklyReportSchema } from '../../shared/index.js';
import { AppError, isAppError } from '../core/app-error.js';
import type { Store, StoredReport } from '../store/store.port.js';
import type { ReportOptions } from './build-report.js';
import { computeReport, type ReportComputeInputs } from './compute-report.js';
import { lastCompleteWeek, weekRange } from './iso-week.js';
import { type DeliveryResult, ReportDelivery, type DeliverySettings } from './report-delivery.js';
import { renderReport } from './render/render-report.js';

export interface ReportSettings extends DeliverySettings {
  /** Cron expression of the weekly run; null: no schedule. */
  cron: string | null;
  /** Null: each workspace's own time zone. */
  timeZone: string | null;
}

/** The subset of pino's Logger the reports use (the CLI passes a console-backed one). */
export interface ReportLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const SILENT_LOG: ReportLog = { info() {}, warn() {}, error() {} };

export interface ReportServiceDeps {
  store: Store;
  settings: ReportSettings;
  log?: ReportLog;
  /** The clock (tests fix it). */
  now?: () => number;
  delivery?: ReportDelivery;
  options?: ReportOptions;
  /** Computes a report (default: `computeReport` on this thread; the server passes its analytics worker). */
  compute?: (ws: string, inputs: ReportComputeInputs) => Promise<WeeklyReport>;
}

export interface Generated {
  report: WeeklyReport;
  /** False when the week already had a report: that one is answered, nothing is made or sent again. */
  created: boolean;
  /** Null when nothing was delivered (not created). */
  delivery: DeliveryResult | null;
}

export class ReportService {
  readonly store: Store;
  readonly settings: ReportSettings;
  private readonly log: ReportLog;
  readonly now: () => number;
  private readonly delivery: ReportDelivery;
  private readonly inFlight = new Map<string, Promise<Generated>>();

  constructor(private readonly deps: ReportServiceDeps) {
    this.store = deps.store;
    this.settings = deps.settings;
    this.log = deps.log ?? SILENT_LOG;
    this.now = deps.now ?? Date.now;
    this.delivery = deps.delivery ?? new ReportDelivery(deps.settings);
  }

  async workspace(ws: string): Promise<Workspace> {
    const w = await this.store.getWorkspace(ws);
    if (!w) throw new AppError('NOT_FOUND', `No workspace with id ${ws}`);
    return w;
  }

  timeZoneOf(w: Workspace): string {
    return this.settings.timeZone ?? w.timeZone;
  }

  /** The latest week that is over in the workspace's zone. */
  async latestCompleteWeek(ws: string, at = this.now()): Promise<string> {
    return lastCompleteWeek(at, this.timeZoneOf(await this.workspace(ws)));
  }

  /**
   * A week the workspace has lived: it ends after the workspace was created,
   * or after its first recorded interaction (imported history counts).
   * VALIDATION otherwise: nobody asks for a report of every week since 1970.
   */
  async assertLived(ws: string, week: string): Promise<void> {
    const w = await this.workspace(ws);
    const range = weekRange(week, this.timeZoneOf(w));
    if (range.end > Date.parse(w.createdAt)) return;
    const before = await this.store.interactions.list(ws, {
      limit: 1,
      offset: 0,
      to: new Date(range.end - 1).toISOString(),
    });
    if (before.total > 0) return;
    throw AppError.invalid(
      'week',
      `${week} is before this workspace began (created ${w.createdAt.slice(0, 10)}, nothing recorded earlier): a report covers a week the workspace has lived`,
    );
  }

  /** Generates the week's report (default: the latest week that is over), or answers the stored one. */
  generate(ws: string, week?: string): Promise<Generated> {
    const key = `${ws}\u0000${week ?? ''}`;
    const running = this.inFlight.get(key);
    if (running) return running.then((g) => ({ ...g, created: false, delivery: null }));
    const p = this.generateOnce(ws, week).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  private async generateOnce(ws: string, requested?: string): Promise<Generated> {
    const w = await this.workspace(ws);
    const tz = this.timeZoneOf(w);
    const now = this.now();
    const week = requested ?? lastCompleteWeek(now, tz);
    const range = weekRange(week, tz);
    if (range.end > now) {
      throw AppError.invalid(
        'week',
        `${week} is not over yet (it ends ${new Date(range.end).toISOString()}, Monday 00:00 ${tz}); a report covers a finished week`,
      );
    }
    const stored = await this.store.reports.get(ws, week);
    if (stored) return { report: parseStored(stored), created: false, delivery: null };

    const started = performance.now();
    const before = await this.store.reports.previous(ws, week);
    let previous: WeeklyReport | null = null;
    if (before) {
      try {
        previous = parseStored(before);
      } catch (e) {
        this.log.warn(
          { err: e, workspaceId: ws, week: before.week },
          'The previous report could not be read; movement is left out',
        );
      }
    }
    const inputs: ReportComputeInputs = {
      range,
      timeZone: tz,
      previous,
      generatedAt: new Date(now).toISOString(),
      ...(this.deps.options ? { options: this.deps.options } : {}),
    };
    const report = WeeklyReportSchema.parse(
      await (this.deps.compute ?? ((w, i) => computeReport(this.store, w, i)))(ws, inputs),
    );
    try {
      await this.store.reports.save(ws, { week, generatedAt: report.generatedAt, json: JSON.stringify(report) });
    } catch (e) {
      if (!(isAppError(e) && e.code === 'CONFLICT')) throw e;
      // Someone else (another process, a concurrent run) stored this week first: theirs stands.
      const theirs = await this.store.reports.get(ws, week);
      if (!theirs) throw e;
      return { report: parseStored(theirs), created: false, delivery: null };
    }
    this.log.info(
      { workspaceId: ws, week, ms: Math.round(performance.now() - started), people: report.summary.people },
      'Weekly report generated',
    );
    const delivery = await this.deliver(report);
    return { report, created: true, delivery };
  }

  private async deliver(report: WeeklyReport): Promise<DeliveryResult> {
    let recipients: string[] = [];
    try {
      recipients = await this.ownerEmails(report.workspaceId);
    } catch (e) {
      this.log.warn({ err: e, workspaceId: report.workspaceId }, 'Could not read the owners to email the report to');
    }
    const result = await this.delivery.deliver(report, recipients);
    if (result.errors.length)
      this.log.error(
        { workspaceId: report.workspaceId, week: report.week, errors: result.errors },
        'Weekly report delivery failed in part',
      );
    else
      this.log.info(
        {
          workspaceId: report.workspaceId,
          week: report.week,
          files: result.files.length,
          emailed: result.emailedTo.length,
        },
        'Weekly report delivered',
      );
    return result;
  }

  async ownerEmails(ws: string): Promise<string[]> {
    const owners = (await this.store.accounts.listMembers(ws)).filter((m) => m.role === 'owner');
    const users = await Promise.all(owners.map((m) => this.store.accounts.getUser(m.userId)));
    return [...new Set(users.flatMap((u) => (u ? [u.email] : [])))].sort();
  }

  /** A stored report; `latest` for the newest. NOT_FOUND when that week has none. */
  async get(ws: string, week: string): Promise<WeeklyReport> {
    await this.workspace(ws);
    let stored: StoredReport | null;
    if (week === 'latest') {
      const newest = (await this.store.reports.list(ws, { limit: 1, offset: 0 })).items[0];
      stored = newest ? await this.store.reports.get(ws, newest.week) : null;
      if (!stored) throw new AppError('NOT_FOUND', 'No report has been made for this workspace yet');
    } else {
      weekRange(week, 'UTC'); // validates the week
      stored = await this.store.reports.get(ws, week);
      if (!stored) throw new AppError('NOT_FOUND', `No report for week ${week} in this workspace`);
    }
    return parseStored(stored);
  }

  async list(
    ws: string,
    page: { limit: number; offset: number },
  ): Promise<Page<{ week: string; generatedAt: string }> & { timeZone: string; latestCompleteWeek: string }> {
    const w = await this.workspace(ws);
    const tz = this.timeZoneOf(w);
    return {
      ...(await this.store.reports.list(ws, page)),
      timeZone: tz,
      latestCompleteWeek: lastCompleteWeek(this.now(), tz),
    };
  }

  render(report: WeeklyReport, format: ReportFormat): string {
    return renderReport(report, format);
  }

  close(): void {
    this.delivery.close();
  }
}

export function parseStored(stored: StoredReport): WeeklyReport {
  let doc: unknown;
  try {
    doc = JSON.parse(stored.json);
  } catch {
    throw new AppError('INTERNAL', `The stored report of ${stored.week} is not valid JSON`);
  }
  const r = WeeklyReportSchema.safeParse(doc);
  if (!r.success)
    throw new AppError('INTERNAL', `The stored report of ${stored.week} does not match the report schema`);
  return r.data;
}
