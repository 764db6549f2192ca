/**
 * Emails about accounts (invitations, password resets), sent through the
 * same SMTP server as the weekly report (NURTURE_SMTP_URL). Without one,
 * `enabled` is false and the callers hand the link over another way.
 */
import nodemailer, { type Transporter } from 'nodemailer';

export interface MailSettings {
  smtpUrl: string | null;
  mailFrom: string;
}

export class AccountMailer {
  private transport: Transporter | null = null;

  constructor(private readonly settings: MailSettings) {}

  get enabled(): boolean {
    return this.settings.smtpUrl !== null;
  }

  async send(message: { to: string; subject: string; text: string }): Promise<void> {
    if (!this.settings.smtpUrl) throw new Error('No SMTP server is configured (NURTURE_SMTP_URL)');
    this.transport ??= nodemailer.createTransport(this.settings.smtpUrl);
    await this.transport.sendMail({ from: this.settings.mailFrom, ...message });
  }

  close(): void {
    this.transport?.close();
    this.transport = null;
  }
}
