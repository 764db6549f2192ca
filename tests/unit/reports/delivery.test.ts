/**
 * Delivery of a new report: the outbox folder, and email through a real SMTP
 * exchange with a local sink this test starts (smtp-server on port 0). A
 * failing mail server never loses the report.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportService, type ReportSettings } from '../../../server/reports/report.service.js';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';
import { RUN_AT, TIME_ZONE, seedThreeWeeks, type ThreeWeeks } from '../../fixtures/reports/three-weeks.js';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

let dir: string;
let store: SqliteStore;
let ids: ThreeWeeks;
let sink: SMTPServer;
let port: number;
const inbox: Received[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nurture-delivery-'));
  store = new SqliteStore({ dataDir: dir });
  await store.init();
  ids = await seedThreeWeeks(store, (await store.createWorkspace({ name: 'Delivered', timeZone: TIME_ZONE })).id);
  for (const [email, role] of [
    ['owner@example.com', 'owner'],
    ['co-owner@example.com', 'owner'],
    ['member@example.com', 'member'],
  ] as const) {
    const u = await store.accounts.createUser({ email, name: email, passwordHash: 'x' });
    await store.accounts.putMembership(ids.ws, u.id, role);
  }
  sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', () => resolve()));
  port = (sink.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => sink.close(() => resolve()));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const settings = (s: Partial<ReportSettings>): ReportSettings => ({
  cron: null,
  timeZone: null,
  outboxDir: null,
  smtpUrl: null,
  mailFrom: 'Nurture <reports@example.com>',
  ...s,
});

/** A header of a MIME message, unfolded, its RFC 2047 encoded words decoded. */
function header(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) return null;
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

/** One decoded part of a MIME message, by its content type. */
function part(raw: string, type: string): string | null {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/g)].map((m) => m[1]!);
  const pieces = boundaries.flatMap((b) => raw.split(`--${b}`));
  for (const piece of pieces) {
    const [head, ...rest] = piece.split(/\r?\n\r?\n/);
    if (!head || !new RegExp(`content-type:\\s*${type.replace('/', '\\/')}`, 'i').test(head)) continue;
    const body = rest.join('\n\n');
    if (/content-transfer-encoding:\s*base64/i.test(head))
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
      const bytes = body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    }
    return body;
  }
  return null;
}

describe('report delivery', () => {
  it('keeps the report when the mail server cannot be reached, and says why', async () => {
    const closed = new SMTPServer({ logger: false });
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const deadPort = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const svc = new ReportService({
      store,
      now: () => RUN_AT['2026-W45'],
      settings: settings({ outboxDir: join(dir, 'outbox-a'), smtpUrl: `smtp://127.0.0.1:${deadPort}` }),
    });
    try {
      const g = await svc.generate(ids.ws, '2026-W45');
      expect(g.created).toBe(true);
      expect(g.delivery!.emailedTo).toEqual([]);
      expect(g.delivery!.errors).toHaveLength(1);
      expect(g.delivery!.errors[0]).toMatch(/^email: /);
      expect(g.delivery!.files).toHaveLength(3);
      expect(await store.reports.get(ids.ws, '2026-W45')).not.toBeNull();
    } finally {
      svc.close();
    }
  });

  it('writes the HTML, Markdown and CSV to the outbox, and nothing else, once', async () => {
    const outbox = join(dir, 'outbox-b');
    const svc = new ReportService({ store, now: () => RUN_AT['2026-W46'], settings: settings({ outboxDir: outbox }) });
    try {
      const g = await svc.generate(ids.ws, '2026-W46');
      expect(g.delivery).toEqual({
        files: ['html', 'md', 'csv'].map((f) => join(outbox, ids.ws, `nurture-report-2026-W46.${f}`)),
        emailedTo: [],
        errors: [],
      });
      expect(readdirSync(join(outbox, ids.ws)).sort()).toEqual([
        'nurture-report-2026-W46.csv',
        'nurture-report-2026-W46.html',
        'nurture-report-2026-W46.md',
      ]);
      const html = readFileSync(join(outbox, ids.ws, 'nurture-report-2026-W46.html'), 'utf8');
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain('<svg');
      expect(html).toContain('Bruno Brandt');
      expect(readFileSync(join(outbox, ids.ws, 'nurture-report-2026-W46.csv'), 'utf8').split('\r\n')[2]).toMatch(
        /^2026-W46,2,4,2,false,Bruno Brandt,/,
      );
      // Asked again: the stored report, nothing delivered a second time.
      expect((await svc.generate(ids.ws, '2026-W46')).delivery).toBeNull();
    } finally {
      svc.close();
    }
  });

  it('emails the owners the HTML page, the Markdown as text and the CSV attached, through SMTP', async () => {
    const svc = new ReportService({
      store,
      now: () => RUN_AT['2026-W47'],
      settings: settings({ smtpUrl: `smtp://127.0.0.1:${port}` }),
    });
    try {
      const g = await svc.generate(ids.ws, '2026-W47');
      expect(g.delivery).toEqual({ files: [], emailedTo: ['co-owner@example.com', 'owner@example.com'], errors: [] });
    } finally {
      svc.close();
    }
    expect(inbox).toHaveLength(1);
    const mail = inbox[0]!;
    expect(mail.from).toBe('reports@example.com');
    expect(mail.to.sort()).toEqual(['co-owner@example.com', 'owner@example.com']);
    expect(header(mail.raw, 'Subject')).toBe(
      'Your referral-partner week 2026-W47 (16 Nov 2026 – 22 Nov 2026): 1 referral in, 0 out; top partner Alice Archer',
    );
    const html = part(mail.raw, 'text/html')!;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('class="chart chart-partners"');
    expect(html).toContain('Gita Gold');
    const text = part(mail.raw, 'text/plain')!;
    expect(text).toMatch(/^# Weekly referral-partner report, week 47 of 2026/);
    const csv = part(mail.raw, 'text/csv')!;
    expect(csv).toContain('week,rank,previous_rank');
    expect(mail.raw).toMatch(/filename=nurture-report-2026-W47\.csv/);
  });
});
