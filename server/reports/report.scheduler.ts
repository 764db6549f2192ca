/**
 * The weekly run, on a cron expression (croner) in each workspace's time zone
 * (or the configured one): each run makes the report of the latest week that
 * is over, for every workspace in that zone. A run missed while the server was
 * down is made up at start: if the week the last scheduled run should have
 * covered has no report, it is made now. Never two for one week: the store
 * refuses a second report for a week, so concurrent runs (two processes, a
 * run racing the API) leave one report and one delivery.
 *
 * One cron job per time zone in use; new zones (a workspace created later)
 * are picked up at each run and every hour.
 */
import { Cron } from 'croner';
import type { Workspace } from '../../shared/index.js';
import { lastCompleteWeek } from './iso-week.js';
import { type ReportLog, ReportService, type ReportServiceDeps, SILENT_LOG } from './report.service.js';

export interface SchedulerOptions {
  /** Cron expression; defaults to the service settings' (Monday 07:00). */
  cron?: string;
  log?: ReportLog;
}

export interface RunOutcome {
  workspaceId: string;
  week: string;
  created: boolean;
  error?: string;
}

export class ReportScheduler {
  private readonly jobs = new Map<string, Cron>();
  private sync: Cron | null = null;
  private readonly cron: string;
  private readonly log: ReportLog;
  private stopped = false;

  constructor(
    private readonly service: ReportService,
    options: SchedulerOptions = {},
  ) {
    const cron = options.cron ?? service.settings.cron;
    if (!cron) throw new Error('reports/scheduler: no cron expression (NURTURE_REPORT_CRON is off)');
    this.cron = cron;
    this.log = options.log ?? SILENT_LOG;
  }

  /** Schedules the runs and makes up a missed one; resolves when the make-up is done. */
  async start(): Promise<RunOutcome[]> {
    this.stopped = false;
    await this.schedule();
    this.sync = new Cron(
      '17 * * * *',
      { unref: true, protect: true, catch: (e) => this.log.error({ err: e }, 'Report schedule refresh failed') },
      () => this.schedule(),
    );
    return this.makeUp();
  }

  stop(): void {
    this.stopped = true;
    this.sync?.stop();
    this.sync = null;
    for (const job of this.jobs.values()) job.stop();
    this.jobs.clear();
  }

  /** When the next run in `timeZone` is due. */
  nextRun(timeZone: string): Date | null {
    return this.jobs.get(timeZone)?.nextRun() ?? null;
  }

  private async workspaces(): Promise<Map<string, Workspace[]>> {
    const byZone = new Map<string, Workspace[]>();
    for (const w of await this.service.store.listWorkspaces()) {
      const tz = this.service.timeZoneOf(w);
      const l = byZone.get(tz);
      if (l) l.push(w);
      else byZone.set(tz, [w]);
    }
    return byZone;
  }

  private async schedule(): Promise<void> {
    if (this.stopped) return;
    for (const tz of (await this.workspaces()).keys()) {
      if (this.jobs.has(tz)) continue;
      const job = new Cron(
        this.cron,
        {
          timezone: tz,
          protect: true,
          unref: true,
          catch: (e) => this.log.error({ err: e, timeZone: tz }, 'Weekly report run failed'),
        },
        async () => {
          await this.runZone(tz, this.service.now());
          await this.schedule();
        },
      );
      this.jobs.set(tz, job);
      this.log.info(
        { timeZone: tz, cron: this.cron, next: job.nextRun()?.toISOString() ?? null },
        'Weekly report scheduled',
      );
    }
  }

  /** Runs every workspace of a zone: the report of the latest week over at `at`. */
  async runZone(tz: string, at: number): Promise<RunOutcome[]> {
    const outcomes: RunOutcome[] = [];
    for (const w of (await this.workspaces()).get(tz) ?? [])
      outcomes.push(await this.runOne(w.id, lastCompleteWeek(at, tz)));
    return outcomes;
  }

  private async runOne(ws: string, week: string): Promise<RunOutcome> {
    try {
      const g = await this.service.generate(ws, week);
      return { workspaceId: ws, week, created: g.created };
    } catch (e) {
      // One workspace failing must not stop the others.
      this.log.error({ err: e, workspaceId: ws, week }, 'Weekly report could not be generated');
      return { workspaceId: ws, week, created: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  /**
   * For each workspace: the week its zone's latest scheduled run (at or before
   * now) should have covered; made now when it has no report.
   */
  async makeUp(): Promise<RunOutcome[]> {
    const now = this.service.now();
    const outcomes: RunOutcome[] = [];
    for (const [tz, list] of await this.workspaces()) {
      const pattern = new Cron(this.cron, { timezone: tz, paused: true });
      const last = pattern.previousRuns(1, new Date(now))[0];
      pattern.stop();
      if (!last) continue;
      const week = lastCompleteWeek(last.getTime(), tz);
      for (const w of list) {
        // An empty workspace (a fresh install) has nothing to make up; its scheduled runs still report that it is empty.
        if (
          (await this.service.store.people.list(w.id, { limit: 1, offset: 0, sort: 'name', order: 'asc' })).total === 0
        )
          continue;
        if (await this.service.store.reports.get(w.id, week)) continue;
        this.log.info({ workspaceId: w.id, week, missedRun: last.toISOString() }, 'Making up a missed weekly report');
        outcomes.push(await this.runOne(w.id, week));
      }
    }
    return outcomes;
  }
}

/**
 * The server's weekly schedule (main.ts): starts once the store answers,
 * retrying every minute while it does not; a no-op when NURTURE_REPORT_CRON
 * is off. `stop()` in shutdown.
 */
export function scheduleReports(
  config: { reports: ReportService['settings'] },
  store: ReportService['store'],
  readiness: { ensure(): Promise<void> },
  log: ReportLog,
  { retryMs = 60_000, compute }: { retryMs?: number; compute?: ReportServiceDeps['compute'] } = {},
): { stop(): void; started: Promise<RunOutcome[]> } {
  if (!config.reports.cron) return { stop() {}, started: Promise.resolve([]) };
  const service = new ReportService({ store, settings: config.reports, log, ...(compute ? { compute } : {}) });
  const scheduler = new ReportScheduler(service, { log });
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const attempt = async (): Promise<RunOutcome[]> => {
    try {
      await readiness.ensure();
    } catch (e) {
      log.warn({ err: e }, 'The weekly report schedule waits for the store');
      return new Promise((resolve) => {
        if (stopped) return resolve([]);
        timer = setTimeout(() => resolve(attempt()), retryMs);
        timer.unref();
      });
    }
    if (stopped) return [];
    return scheduler.start().catch((e: unknown) => {
      log.error({ err: e }, 'The weekly report schedule could not start');
      return [];
    });
  };
  const started = attempt();
  return {
    started,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      scheduler.stop();
      service.close();
    },
  };
}
