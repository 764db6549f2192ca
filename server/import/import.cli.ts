/**
 * `nurture import <file-or-zip>`: the import from the command line. With
 * `--json` it prints the report as one JSON object (errors too, as
 * `{ "error": … }`); otherwise a progress bar on large files, then a summary.
 *
 * Exit codes: 0 imported; 1 failed, or nothing written because rows were
 * rejected; 2 written with some rows rejected (--accept-valid-rows).
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { ImportMapping, ImportReport } from '../../shared/index.js';
import { isAppError } from '../core/app-error.js';
import type { Store } from '../store/store.port.js';
import { describeBytes } from './byte-source.js';
import { type ImportProgress, importFile } from './import.service.js';

export interface ImportCommandDeps {
  openStore(): Promise<Store>;
  workspaceId(): Promise<string>;
  /** Output, for tests; defaults to the process streams. */
  out?: { stdout(text: string): void; stderr(text: string): void; progress?: boolean };
  setExitCode?(code: number): void;
}

interface ImportCliOptions {
  dryRun?: boolean;
  json?: boolean;
  acceptValidRows?: boolean;
  meName?: string;
  meUrl?: string;
  meEmail?: string[];
  map?: string[];
  maxMb?: string;
}

/** Files smaller than this finish before a bar would be worth drawing. */
const PROGRESS_FROM_BYTES = 2 * 1024 * 1024;

const KIND_LABEL: Record<ImportReport['kind'], string> = {
  'linkedin-export': 'LinkedIn data export',
  'linkedin-connections': 'LinkedIn connections',
  'linkedin-messages': 'LinkedIn messages',
  'linkedin-invitations': 'LinkedIn invitations',
  'linkedin-profile': 'LinkedIn profile',
  contacts: 'contacts CSV',
  vcard: 'address book (vCard)',
  icalendar: 'calendar (iCalendar)',
  mbox: 'mailbox (mbox)',
};

function parseMapping(pairs: string[] | undefined): ImportMapping | undefined {
  if (!pairs?.length) return undefined;
  const out: Record<string, string | string[]> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--map expects field=column, got "${pair}"`);
    const field = pair.slice(0, at).trim();
    const column = pair.slice(at + 1).trim();
    const prev = out[field];
    out[field] =
      field === 'emails' ? [...(prev === undefined ? [] : Array.isArray(prev) ? prev : [prev]), column] : column;
  }
  return out as ImportMapping;
}

function progressBar(write: (s: string) => void): { update(p: ImportProgress): void; done(): void } {
  let last = 0;
  let shown = false;
  return {
    update(p) {
      if (p.totalBytes === null || p.totalBytes < PROGRESS_FROM_BYTES) return;
      const now = Date.now();
      if (now - last < 100 && p.bytes < p.totalBytes) return;
      last = now;
      shown = true;
      const share = Math.min(1, p.bytes / p.totalBytes);
      const width = 30;
      const filled = Math.round(share * width);
      write(
        `\r  reading ${p.file} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}% of ${describeBytes(p.totalBytes)}  `,
      );
    },
    done() {
      if (shown) write('\r\x1b[2K');
    },
  };
}

/** Skips the messages section reports itself. */
const MESSAGE_SKIPS = new Set(['drafts', 'sponsored', 'linkedinMemberSenders', 'noSender']);

export function summary(r: ImportReport): string {
  const lines: string[] = [];
  const head = r.written
    ? `Imported ${r.fileName} (${KIND_LABEL[r.kind]}).`
    : r.dryRun
      ? `Dry run of ${r.fileName} (${KIND_LABEL[r.kind]}): nothing was written.`
      : `Nothing was written from ${r.fileName}: ${r.rejected.length} row${r.rejected.length === 1 ? ' was' : 's were'} rejected. Fix ${r.rejected.length === 1 ? 'it' : 'them'}, or import the valid rows with --accept-valid-rows.`;
  lines.push(head, '');
  if (r.files.length > 1) {
    for (const f of r.files) lines.push(`  ${f.name.padEnd(28)} ${String(f.rows).padStart(8)} rows`);
    lines.push('');
  }
  const row = (label: string, value: string | number) =>
    lines.push(`  ${label.padEnd(22)} ${String(value).padStart(8)}`);
  row('people new', r.new);
  row('people updated', r.updated);
  row('people unchanged', r.unchanged);
  row('hidden members', r.hidden);
  row('organisations new', r.organizations);
  row('ties new', r.ties);
  row('ties already on file', r.tiesUnchanged);
  row('interactions new', r.interactions);
  row('interactions on file', r.interactionsUnchanged);
  row('rejected rows', r.rejected.length);
  for (const [why, n] of Object.entries(r.skipped)) if (!MESSAGE_SKIPS.has(why)) row(`skipped: ${why}`, n);
  if (r.me) lines.push('', `  owner ("me"): ${r.me.name}${r.me.created ? ' (new)' : ''}`);
  if (r.messages) {
    const m = r.messages;
    lines.push('', `Messages (${m.read} read):`);
    row('joined to people known', m.joined);
    row('with new people', m.newPeople);
    row('already on file', m.onFile);
    const left: [string, number][] = [
      ['no sender (system)', m.leftOut.noSender],
      ['"LinkedIn Member"', m.leftOut.linkedinMember],
      ['ambiguous name', m.leftOut.ambiguousName],
      ['unknown and unnamed', m.leftOut.unknownUnnamed],
      ['drafts', m.leftOut.drafts],
      ['sponsored', m.leftOut.sponsored],
    ];
    for (const [why, n] of left) if (n > 0) row(`left out: ${why}`, n);
  }
  if (r.evidence) {
    const e = r.evidence;
    const what = r.kind === 'mbox' ? 'Emails' : 'Meetings';
    lines.push('', `${what} (${e.read} read):`);
    row('kept (new interactions)', e.kept);
    row('already on file', e.onFile);
    for (const [why, n] of Object.entries(e.leftOut)) if (n > 0) row(`left out: ${why}`, n);
    if (e.threads) {
      lines.push('', `Threads: ${e.threads.count}`);
      row('started by you', e.threads.startedByMe);
      row('started by others', e.threads.startedByOthers);
      row('answered (both wrote)', e.threads.answered);
    }
  }
  if (r.ambiguousNames.length) {
    lines.push('', 'Names more than one person has (messages left out; merge or tell them apart, then import again):');
    for (const a of r.ambiguousNames.slice(0, 20))
      lines.push(`  ${a.name}: ${a.messages} message${a.messages === 1 ? '' : 's'}, ${a.candidates.length} people`);
    if (r.ambiguousNames.length > 20) lines.push(`  … and ${r.ambiguousNames.length - 20} more (see --json)`);
  }
  if (r.possibleDuplicates.length) {
    lines.push('', `Possible duplicates (same name and company as someone on file; not merged):`);
    for (const d of r.possibleDuplicates.slice(0, 20))
      lines.push(`  ${d.file ? `${d.file} ` : ''}line ${d.line}: ${d.name}`);
    if (r.possibleDuplicates.length > 20) lines.push(`  … and ${r.possibleDuplicates.length - 20} more (see --json)`);
  }
  if (r.warnings.length) {
    lines.push('', 'Warnings (the rows were imported without these values):');
    for (const w of r.warnings.slice(0, 50)) lines.push(`  ${w.file ? `${w.file} ` : ''}line ${w.line}: ${w.message}`);
    if (r.warnings.length > 50) lines.push(`  … and ${r.warnings.length - 50} more (see --json)`);
  }
  if (r.rejected.length) {
    lines.push('', 'Rejected rows:');
    for (const x of r.rejected.slice(0, 50)) lines.push(`  ${x.file ? `${x.file} ` : ''}line ${x.line}: ${x.reason}`);
    if (r.rejected.length > 50) lines.push(`  … and ${r.rejected.length - 50} more (see --json)`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerImportCommand(program: Command, deps: ImportCommandDeps): Command {
  const out = deps.out ?? {
    stdout: (s: string) => void process.stdout.write(s),
    stderr: (s: string) => void process.stderr.write(s),
    progress: Boolean(process.stderr.isTTY),
  };
  const setExitCode = deps.setExitCode ?? ((code: number) => void (process.exitCode = code));
  const collect = (v: string, prev: string[] = []) => [...prev, v];

  return program
    .command('import')
    .description(
      'Import a LinkedIn export (zip, Connections.csv, messages.csv, Invitations.csv, Profile.csv), a contacts CSV, an address book (.vcf), a calendar (.ics) or a mailbox (.mbox)',
    )
    .argument('<file>', 'the CSV file, the LinkedIn export zip, a .vcf, .ics or .mbox file')
    .option('--dry-run', 'count what would change and show the first rows; write nothing')
    .option('--json', 'print the report as one JSON object')
    .option('--accept-valid-rows', 'import the valid rows even if some rows are rejected')
    .option('--me-name <name>', 'your name, when the workspace has no owner yet and the file does not say')
    .option('--me-url <url>', 'your LinkedIn profile URL (with --me-name)')
    .option(
      '--me-email <email>',
      'an email address of yours (repeatable): recorded on you, never on a contact; how a calendar or mailbox tells you apart',
      collect,
    )
    .option(
      '--map <field=column>',
      'for a contacts CSV: which column holds a field (repeatable; emails may repeat)',
      collect,
    )
    .option('--max-mb <n>', 'largest file accepted, in MB (default 50)')
    .action(async (file: string, opts: ImportCliOptions) => {
      const fail = (code: string, message: string, details: Record<string, unknown> = {}) => {
        if (opts.json) out.stdout(`${JSON.stringify({ error: { code, message, ...details } })}\n`);
        else out.stderr(`Import failed: ${message}\n`);
        setExitCode(1);
      };
      let store: Store | null = null;
      const bar = progressBar(out.stderr);
      try {
        const mapping = parseMapping(opts.map);
        const maxBytes = opts.maxMb === undefined ? undefined : Math.round(Number(opts.maxMb) * 1024 * 1024);
        if (maxBytes !== undefined && !(maxBytes > 0))
          throw new Error(`--max-mb expects a positive number, got "${opts.maxMb}"`);
        await stat(file).catch(() => {
          throw new Error(`no such file: ${file}`);
        });
        store = await deps.openStore();
        const workspaceId = await deps.workspaceId();
        const report = await importFile(
          store,
          workspaceId,
          {
            path: file,
            fileName: basename(file),
            dryRun: Boolean(opts.dryRun),
            acceptValidRows: Boolean(opts.acceptValidRows),
            ...(opts.meName
              ? { me: { name: opts.meName, linkedinUrl: opts.meUrl ?? null, email: opts.meEmail?.[0] ?? null } }
              : {}),
            ...(opts.meEmail?.length ? { meEmails: opts.meEmail } : {}),
            ...(mapping ? { mapping } : {}),
          },
          {
            ...(maxBytes ? { maxBytes } : {}),
            ...(out.progress && !opts.json ? { onProgress: (p: ImportProgress) => bar.update(p) } : {}),
          },
        );
        bar.done();
        out.stdout(opts.json ? `${JSON.stringify(report)}\n` : summary(report));
        if (report.rejected.length > 0) setExitCode(report.written ? 2 : 1);
      } catch (e) {
        bar.done();
        if (isAppError(e)) {
          const { errors: _errors, ...rest } = e.details;
          fail(e.code, e.message, rest);
        } else {
          fail('ERROR', (e as Error).message);
        }
      } finally {
        await store?.close();
      }
    });
}
