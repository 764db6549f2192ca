/**
 * Delivery of a new report: to the outbox folder (HTML, Markdown and the CSV
 * partner table, written atomically under `<outbox>/<workspace>/`), and by
 * email to the workspace's owners when SMTP is configured (nodemailer: the
 * HTML page as the body, the Markdown as its text part, the CSV attached).
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
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
    const dir = join(this.settings.outboxDir!, report.workspaceId);
    await mkdir(dir, { recursive: true });
    const files: string[] = [];
    for (const [format, body] of Object.entries(bodies) as ['html' | 'md' | 'csv', string][]) {
      const file = join(dir, reportFileName(report, format));
      // Written beside, then renamed: a reader never sees half a report.
      const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(tmp, body, 'utf8');
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

export function subjectOf(report: WeeklyReport): string {
  const t = report.flows.totals;
  const head = `Your referral-partner week ${report.week} (${dayLabel(report.period.firstDay)} – ${dayLabel(report.period.lastDay)})`;
  if (report.empty) return `${head}: nothing to report yet`;
  const top = report.partners.items[0];
  return `${head}: ${t.referralsReceived} referral${t.referralsReceived === 1 ? '' : 's'} in, ${t.referralsGiven} out${top ? `; top partner ${top.name.replace(/[\r\n\t]+/g, ' ')}` : ''}`;
}
