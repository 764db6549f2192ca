/**
 * `nurture report [--week 2026-W48] [--format html|md|json|csv] [--out FILE]`:
 * the report of a finished week (default: the latest), made and stored if the
 * week has none yet (and then delivered like a scheduled one), printed or
 * written to a file.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ReportFormat, ReportWeek } from '../../shared/index.js';
import type { Config } from '../config.js';
import { loadConfig } from '../config.js';
import type { Store } from '../store/store.port.js';
import { ReportService } from './report.service.js';

export interface ReportCommandDeps {
  openStore(): Promise<Store>;
  workspaceId(): Promise<string>;
  /** Report settings come from here (default: the process environment). */
  config?: Config;
  out?: (text: string) => void;
  err?: (text: string) => void;
  now?: () => number;
}

export function registerReportCommand(program: Command, deps: ReportCommandDeps): Command {
  const print = deps.out ?? ((s: string) => console.log(s.endsWith('\n') ? s.slice(0, -1) : s));
  const warn = deps.err ?? ((s: string) => console.error(s));
  return program
    .command('report')
    .description(
      'The weekly referral-partner report of a finished week: made (and delivered) if it does not exist yet, then printed',
    )
    .option('--week <week>', 'ISO week, e.g. 2026-W47 (default: the latest finished week)')
    .option('--format <format>', 'html, md, json or csv (the partner table)', 'md')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (opts: { week?: string; format: string; out?: string }) => {
      const format = ReportFormat.safeParse(opts.format);
      if (!format.success) throw new Error(`--format must be html, md, json or csv (got "${opts.format}")`);
      if (opts.week !== undefined && !ReportWeek.safeParse(opts.week).success)
        throw new Error(`--week must be an ISO week such as 2026-W47 (got "${opts.week}")`);
      const store = await deps.openStore();
      const ws = await deps.workspaceId();
      const config = deps.config ?? loadConfig();
      const service = new ReportService({
        store,
        settings: config.reports,
        ...(deps.now ? { now: deps.now } : {}),
        log: {
          info() {},
          warn: (_o, msg) => warn(`nurture: ${msg}`),
          error: (o, msg) =>
            warn(`nurture: ${msg}${'errors' in o ? `: ${(o as { errors: string[] }).errors.join('; ')}` : ''}`),
        },
      });
      try {
        const g = await service.generate(ws, opts.week);
        const body = service.render(g.report, format.data);
        if (opts.out) {
          await writeFile(opts.out, body, 'utf8');
          print(`${g.created ? 'Made' : 'Found'} the report of ${g.report.week}; wrote ${format.data} to ${opts.out}`);
        } else {
          print(body);
        }
      } finally {
        service.close();
      }
    });
}
