/**
 * A local SMTP server (smtp-server on port 0) that keeps what it is sent, for
 * the suites that check what Nurture emails.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  to: string[];
  /** The message as sent, soft line breaks and quoted-printable `=3D` undone. */
  text: string;
}

export interface MailSink {
  url: string;
  inbox: Received[];
  close(): Promise<void>;
}

export async function startMailSink(): Promise<MailSink> {
  const inbox: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        inbox.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          text: raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    inbox,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The secret of a `…#token=…` link in a text. */
export function tokenIn(text: string, path: string): string | null {
  return new RegExp(`/${path}#token=([A-Za-z0-9_-]+)`).exec(text)?.[1] ?? null;
}
