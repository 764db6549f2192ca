/**
 * Delivery of a new report: to the outbox folder (HTML, Markdown and the CSV
 * partner table, written atomically under `<outbox>/<workspace>/`), and by
 * email to the workspace's owners when SMTP is configured (nodemailer: the
 * HTML page as the body, the Markdown as its text part, the CSV attached).
 */
import { chmod, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { WeeklyReport } from '../../shared/index.js';
import { dayLabel } from './iso-week.js';
import { renderReport, reportFileName } from './render/render-report.js';

export interface DeliverySettings {
  /** Null: no outbox. */
  outboxDir: string | null;
  /** smtp:// or smtps:// URL (credentials in it); null: no email. */
  smtpUrl: string | null;
  mailFrom: string;
}

export interface DeliveryResult {
  files: string[];
  emailedTo: string[];
  /** What failed, if anything (the report itself is stored either way). */
  errors: string[];
}

export class ReportDelivery {
  private transport: Transporter | null = null;

  constructor(private readonly settings: DeliverySettings) {}

  async deliver(report: WeeklyReport, recipients: readonly string[]): Promise<DeliveryResult> {
    const result: DeliveryResult = { files: [], emailedTo: [], errors: [] };
    const html = renderReport(report, 'html');
    const md = renderReport(report, 'md');
    const csv = renderReport(report, 'csv');
    if (this.settings.outboxDir) {
      try {
        result.files = await this.writeOutbox(report, { html, md, csv });
      } catch (e) {
        result.errors.push(`outbox: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (this.settings.smtpUrl && recipients.length > 0) {
      try {
        this.transport ??= nodemailer.createTransport(this.settings.smtpUrl);
        await this.transport.sendMail({
          from: this.settings.mailFrom,
          to: [...recipients],
          subject: subjectOf(report),
          html,
          text: md,
          attachments: [
            { filename: reportFileName(report, 'csv'), content: csv, contentType: 'text/csv; charset=utf-8' },
          ],
        });
        result.emailedTo = [...recipients];
      } catch (e) {
        // Never echo the SMTP URL: it may hold a password.
        result.errors.push(`email: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return result;
  }

  private async writeOutbox(
    report: WeeklyReport,
    bodies: { html: string; md: string; csv: string },
  ): Promise<string[]> {
    const root = this.settings.outboxDir!;
    const dir = join(root, report.workspaceId);
    // Reports name people: the outbox is private to the server's user (0700 folders, 0600 files), whatever
    // the umask. A folder named by NURTURE_OUTBOX_DIR that exists already keeps its own mode.
    const created = await mkdir(dir, { recursive: true, mode: 0o700 });
    if (created !== undefined && (created === root || root.startsWith(`${created}/`))) await chmod(root, 0o700);
    await chmod(dir, 0o700);
    const files: string[] = [];
    for (const [format, body] of Object.entries(bodies) as ['html' | 'md' | 'csv', string][]) {
      const file = join(dir, reportFileName(report, format));
      // Written beside, then renamed: a reader never sees half a report.
      const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(tmp, body, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
      await rename(tmp, file);
      files.push(file);
    }
    return files;
  }

  close(): void {
    this.transport?.close();
    this.transport = null;
  }
}

/**
 * After an erasure: the outbox copies of a report that was scrubbed are
 * rewritten from the scrubbed report, so the erased person's name is gone
 * from them too; a half-written copy a crash left (`*.tmp`) is removed.
 * Returns the files rewritten.
 */
export async function rewriteOutbox(outboxDir: string, report: WeeklyReport): Promise<string[]> {
  const dir = join(outboxDir, report.workspaceId);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  for (const name of names) if (name.endsWith('.tmp')) await rm(join(dir, name), { force: true });
  const rewritten: string[] = [];
  for (const format of ['html', 'md', 'csv'] as const) {
    const file = join(dir, reportFileName(report, format));
    if (!(await stat(file).catch(() => null))) continue;
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, renderReport(report, format), { encoding: 'utf8', mode: 0o600, flag: 'wx' });
    await rename(tmp, file);
    rewritten.push(file);
  }
  return rewritten;
}

export function subjectOf(report: WeeklyReport): string {
  const t = report.flows.totals;
  const head = `Your referral-partner week ${report.week} (${dayLabel(report.period.firstDay)} – ${dayLabel(report.period.lastDay)})`;
  if (report.empty) return `${head}: nothing to report yet`;
  const top = report.partners.items[0];
  return `${head}: ${t.referralsReceived} referral${t.referralsReceived === 1 ? '' : 's'} in, ${t.referralsGiven} out${top ? `; top partner ${top.name.replace(/[\r\n\t]+/g, ' ')}` : ''}`;
}
