/**
 * Imports one upload (a LinkedIn CSV, the export zip, or a contacts CSV)
 * into a workspace and reports what it did, or on a dry run what it would do.
 *
 * Everything goes to the store in one `applyImport` plan, so the import is
 * all or nothing; the plan is idempotent (people matched by profile URL then
 * email, interactions by a stable external id), so importing the same file
 * twice changes nothing. A file with rejected rows writes nothing unless the
 * caller accepts the valid rows; the report lists each rejected row.
 */
import { createHash, type Hash } from 'node:crypto';
import { basename } from 'node:path';
import type { ImportKind, ImportMapping, ImportReport } from '../../shared/index.js';
import { Email, ImportMappingSchema, LinkedInUrl } from '../../shared/index.js';
import { AppError, isAppError } from '../core/app-error.js';
import type { ImportResult, Store } from '../store/store.port.js';
import {
  DEFAULT_MAX_BYTES,
  type ByteInput,
  knownSize,
  peekBytes,
  readAll,
  readBytes,
  sniffBytes,
  tooLarge,
} from './byte-source.js';
import { TextSource, findHeader } from './csv-reader.js';
import { EXPORT_FILES, openExportZip, type ZipLimits } from './export-zip.js';
import { buildPlan, type BuiltPlan } from './plan/import-plan.js';
import type { CsvFileKind, FileParse, ParsedFile, Rejection, Warning } from './import.types.js';
import { parseConnections } from './parsers/connections.parser.js';
import { looksLikeContactsHeader, parseContacts } from './parsers/contacts.parser.js';
import { parseInvitations } from './parsers/invitations.parser.js';
import { parseMessages } from './parsers/messages.parser.js';
import { isConnectionsHeader, isInvitationsHeader, isMessagesHeader, isProfileHeader } from './parsers/parser-kit.js';
import { parseProfile } from './parsers/profile.parser.js';
import { parseCalendar } from './parsers/icalendar.parser.js';
import { parseMbox } from './parsers/mbox.parser.js';
import { parseVCards } from './parsers/vcard.parser.js';
import { type TextEncodingName, decodeUtf8 } from './text-decode.js';

export interface ImportInput {
  /** Exactly one of path, buffer and stream. */
  path?: string;
  buffer?: Uint8Array;
  stream?: AsyncIterable<Uint8Array>;
  /** The name the user gave the file; decides the kind for `messages.csv` and friends. */
  fileName: string;
  dryRun?: boolean;
  /** Import the valid rows of a file that has rejected rows (otherwise nothing is written). */
  acceptValidRows?: boolean;
  /** The owner, when neither the workspace nor the file says who it is; a URL or an email recorded on them. */
  me?: { name: string; linkedinUrl?: string | null; email?: string | null };
  /** The owner's email addresses (`--me-email`, repeatable): how a calendar or a mailbox tells them apart. */
  meEmails?: string[];
  /** Columns of a generic contacts CSV; makes the file be read as contacts. */
  mapping?: ImportMapping;
}

export interface ImportProgress {
  file: string;
  bytes: number;
  totalBytes: number | null;
}

export interface ImportOptions {
  /** Largest upload accepted (default 50 MB). */
  maxBytes?: number;
  /** Largest file unpacked from a zip (default 4 × maxBytes). */
  maxEntryBytes?: number;
  /** What a zip may unpack to: total, ratio, entries (defaults in export-zip.ts). */
  zip?: Partial<ZipLimits>;
  /** How many people rows the report previews (default 10). */
  previewRows?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Meetings and emails after this have not happened (default: now; tests fix it). */
  now?: Date;
}

export const DEFAULT_PREVIEW_ROWS = 10;

/** Address books, calendars and mailboxes: read from bytes by parsers of their own, not as CSV. */
type EvidenceKind = 'vcard' | 'icalendar' | 'mbox';

const PARSERS: Record<CsvFileKind, (text: TextSource, file: string, mapping?: ImportMapping) => Promise<FileParse>> = {
  'linkedin-connections': (t, file) => parseConnections(t, { file }),
  'linkedin-messages': (t, file) => parseMessages(t, { file }),
  'linkedin-invitations': (t, file) => parseInvitations(t, { file }),
  'linkedin-profile': (t, file) => parseProfile(t, { file }),
  contacts: (t, file, mapping) => parseContacts(t, mapping ? { file, mapping } : { file }),
};

/** What a text file is by its name or first line: a vCard, an iCalendar or an mbox file, or null (a CSV). */
export function evidenceKind(head: Uint8Array, fileName: string): EvidenceKind | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'vcf' || ext === 'vcard') return 'vcard';
  if (ext === 'ics' || ext === 'ical' || ext === 'icalendar') return 'icalendar';
  if (ext === 'mbox' || ext === 'mbx') return 'mbox';
  if (ext === 'csv') return null;
  const text = Buffer.from(head)
    .toString('latin1')
    .replace(/^\xef\xbb\xbf/, '')
    .trimStart();
  if (/^BEGIN:VCARD/i.test(text)) return 'vcard';
  if (/^BEGIN:VCALENDAR/i.test(text)) return 'icalendar';
  if (/^From /.test(text)) return 'mbox';
  return null;
}

function byteInput(input: ImportInput): ByteInput {
  const given = [input.path !== undefined, input.buffer !== undefined, input.stream !== undefined].filter(
    Boolean,
  ).length;
  if (given !== 1) throw AppError.invalid('file', 'give exactly one of a path, a buffer or a stream');
  if (input.path !== undefined) return { path: input.path };
  if (input.buffer !== undefined) return { buffer: input.buffer };
  return { stream: input.stream! };
}

/** Bytes passed on unchanged, hashed on the way. */
async function* hashing(bytes: AsyncIterable<Uint8Array>, hash: Hash): AsyncGenerator<Uint8Array> {
  for await (const b of bytes) {
    hash.update(b);
    yield b;
  }
}

/** What a lone CSV is: by its exact name for the LinkedIn files, else by its header. */
async function csvKind(text: TextSource, fileName: string, mapping: ImportMapping | undefined): Promise<CsvFileKind> {
  if (mapping && Object.keys(mapping).length > 0) return 'contacts';
  const byName = EXPORT_FILES[basename(fileName).toLowerCase()];
  if (byName) return byName;
  const header = await findHeader(
    text,
    (k) =>
      isConnectionsHeader(k) ||
      isMessagesHeader(k) ||
      isInvitationsHeader(k) ||
      isProfileHeader(k) ||
      looksLikeContactsHeader(k),
  );
  if (!header) {
    const empty = !(await text.head(1)).trim();
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      empty
        ? `${fileName} is empty`
        : `${fileName} is not a CSV file we can read: no header row in its first lines names the columns of LinkedIn connections, invitations or contacts (e.g. First Name, Last Name)`,
      { file: fileName },
    );
  }
  const k = header.keys;
  if (isConnectionsHeader(k)) return 'linkedin-connections';
  if (isInvitationsHeader(k)) return 'linkedin-invitations';
  if (isMessagesHeader(k)) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${fileName} looks like LinkedIn messages, but only a file named messages.csv holds your conversations (guide_messages.csv and similar files do not); rename it if it is yours`,
      { file: fileName },
    );
  }
  if (isProfileHeader(k)) return 'linkedin-profile';
  return 'contacts';
}

function withLine(e: unknown, built: BuiltPlan): unknown {
  if (!isAppError(e) || !e.details.errors?.length) return e;
  const m = /^people\.(\d+)/.exec(e.details.errors[0]!.path);
  const info = m ? built.rowInfo[Number(m[1])] : null;
  if (!info) return e;
  return new AppError(
    e.code,
    `${info.file} line ${info.line}: ${e.message.replace(/^Invalid input: /, '')}`,
    { ...e.details, line: info.line, file: info.file },
    { cause: e },
  );
}

export async function importFile(
  store: Store,
  workspaceId: string,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxEntryBytes = options.maxEntryBytes ?? maxBytes * 4;
  const fileName = basename(input.fileName || (input.path ?? ''));
  if (!fileName) throw AppError.invalid('fileName', 'the file needs a name');
  let mapping: ImportMapping | undefined;
  if (input.mapping !== undefined) {
    const parsed = ImportMappingSchema.safeParse(input.mapping);
    if (!parsed.success)
      throw AppError.invalid(
        `mapping.${parsed.error.issues[0]?.path.join('.') ?? ''}`,
        parsed.error.issues[0]?.message ?? 'invalid',
      );
    mapping = parsed.data;
  }
  if (input.me) {
    if (!input.me.name?.trim()) throw AppError.invalid('me.name', 'the owner needs a name');
    if (input.me.linkedinUrl && !LinkedInUrl.safeParse(input.me.linkedinUrl).success) {
      throw AppError.invalid('me.linkedinUrl', 'must be a LinkedIn profile URL (linkedin.com/in/…)');
    }
    if (input.me.email && !Email.safeParse(input.me.email).success) {
      throw AppError.invalid('me.email', 'must be an email address');
    }
  }
  for (const [i, e] of (input.meEmails ?? []).entries()) {
    if (!Email.safeParse(e.trim()).success) throw AppError.invalid(`meEmails.${i}`, `"${e}" is not an email address`);
  }
  if (!(await store.getWorkspace(workspaceId))) throw AppError.notFound('workspace', workspaceId);

  let source = byteInput(input);
  const size = await knownSize(source);
  if (size !== null && size > maxBytes) throw tooLarge(fileName, maxBytes, size);
  const peeked = await peekBytes(source, 64);
  source = peeked.input;
  const hash = createHash('sha256');
  const files: ParsedFile[] = [];
  const encodings = new Map<string, TextEncodingName>();
  let kind: ImportKind;

  if (sniffBytes(peeked.head).kind === 'zip') {
    kind = 'linkedin-export';
    const zipSource =
      'path' in source ? { path: source.path } : { buffer: await readAll(source, { maxBytes, label: fileName }) };
    if ('path' in zipSource) for await (const b of readBytes(zipSource, { maxBytes, label: fileName })) hash.update(b);
    else hash.update(zipSource.buffer);
    const zip = await openExportZip(zipSource, { label: fileName, maxEntryBytes, ...options.zip });
    try {
      for (const entry of zip.entries) {
        const raw = await entry.read();
        const bytes = readBytes(
          { stream: raw },
          {
            maxBytes: maxEntryBytes,
            label: entry.name,
            onBytes: (n) => options.onProgress?.({ file: entry.name, bytes: n, totalBytes: entry.size }),
          },
        );
        const text = new TextSource(decodeUtf8(bytes, entry.name, (e) => encodings.set(entry.name, e)));
        files.push({ name: entry.name, kind: entry.kind, parse: await PARSERS[entry.kind](text, entry.name) });
      }
    } finally {
      zip.close();
    }
  } else if (evidenceKind(peeked.head, fileName)) {
    const sniffed = sniffBytes(peeked.head);
    if (sniffed.kind !== 'text') {
      const what = { vcard: 'an address book (vCard)', icalendar: 'a calendar (iCalendar)', mbox: 'a mailbox (mbox)' };
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `${fileName} is not ${what[evidenceKind(peeked.head, fileName)!]}: it is ${sniffed.kind === 'zip' ? 'a zip archive' : sniffed.what}`,
        { file: fileName },
      );
    }
    const evidence = evidenceKind(peeked.head, fileName)!;
    kind = evidence;
    const bytes = hashing(
      readBytes(source, {
        maxBytes,
        label: fileName,
        onBytes: (n) => options.onProgress?.({ file: fileName, bytes: n, totalBytes: size }),
      }),
      hash,
    );
    const now = options.now ? { now: options.now } : {};
    const parse =
      evidence === 'vcard'
        ? await parseVCards(bytes, { file: fileName })
        : evidence === 'icalendar'
          ? await parseCalendar(bytes, { file: fileName, ...now })
          : await parseMbox(bytes, { file: fileName, ...now });
    files.push({ name: fileName, kind: evidence, parse });
  } else {
    const bytes = readBytes(source, {
      maxBytes,
      label: fileName,
      onBytes: (n) => options.onProgress?.({ file: fileName, bytes: n, totalBytes: size }),
    });
    const text = new TextSource(decodeUtf8(hashing(bytes, hash), fileName, (e) => encodings.set(fileName, e)));
    const fileKind = await csvKind(text, fileName, mapping);
    kind = fileKind;
    files.push({ name: fileName, kind: fileKind, parse: await PARSERS[fileKind](text, fileName, mapping) });
  }
  const fileHash = hash.digest('hex');

  const rejected: Rejection[] = files.flatMap((f) => f.parse.rejected);
  const warnings: Warning[] = files.flatMap((f) => ('warnings' in f.parse ? f.parse.warnings : []));
  const messagesRead = files.reduce((n, f) => n + (f.parse.kind === 'linkedin-messages' ? rowCount(f.parse) : 0), 0);
  const hasMessages = files.some((f) => f.parse.kind === 'linkedin-messages');
  const hidden = files.reduce((n, f) => n + (f.parse.kind === 'linkedin-connections' ? f.parse.hidden : 0), 0);
  const rowsRead = files.map((f) => ({
    name: f.name,
    kind: f.kind,
    rows: rowCount(f.parse),
    encoding: encodings.get(f.name) ?? 'utf-8',
  }));
  const built = await buildPlan(files.splice(0), {
    existingMe: await store.getMe(workspaceId),
    meOption: input.me,
    meEmails: input.meEmails,
    loadIdentities: () => store.personIdentities(workspaceId),
    knownExternalIds: () => store.importedExternalIds(workspaceId),
  });
  // From here on the parsed rows are garbage: only the plan is kept while the store writes.
  const stopped = rejected.length > 0 && !input.acceptValidRows;
  const write = !input.dryRun && !stopped;

  let result: ImportResult;
  try {
    result = await store.applyImport(workspaceId, {
      ...built.plan,
      dryRun: !write,
      record: {
        fileName,
        fileHash,
        kind,
        counts: {
          rows: rowsRead.reduce((n, f) => n + f.rows, 0),
          hidden,
          rejected: rejected.length,
          warnings: warnings.length,
          ...built.skipped,
          ...(built.events
            ? {
                messagesJoined: built.events.joined,
                messagesWithNewPeople: built.events.withNewPeople,
                messagesAmbiguous: built.events.leftOut.ambiguousName,
                messagesUnknownUnnamed: built.events.leftOut.unknownUnnamed,
              }
            : {}),
          ...(built.evidence
            ? {
                evidenceRead: built.evidence.read,
                evidenceKept: built.evidence.kept,
                ...Object.fromEntries(Object.entries(built.evidence.leftOut).map(([k, n]) => [`leftOut:${k}`, n])),
              }
            : {}),
        },
      },
    });
  } catch (e) {
    throw withLine(e, built);
  }

  return report();

  function report(): ImportReport {
    const outcome = { created: 'new', updated: 'updated', unchanged: 'unchanged' } as const;
    const counts = { new: 0, updated: 0, unchanged: 0 };
    result.rows.forEach((r, i) => {
      if (built.rowInfo[i]) counts[outcome[r.outcome]]++;
    });
    counts.unchanged += built.participantsOnFile;
    const preview = built.order.slice(0, options.previewRows ?? DEFAULT_PREVIEW_ROWS).map((o) => {
      const info = built.rowInfo[o.row]!;
      const out = outcome[result.rows[o.row]!.outcome];
      return {
        line: info.line,
        ...(kind === 'linkedin-export' ? { file: info.file } : {}),
        name: info.name,
        company: info.company,
        position: info.position,
        linkedinUrl: info.linkedinUrl,
        outcome: out,
      };
    });
    const possibleDuplicates = result.possibleDuplicates.flatMap((d) => {
      const info = built.rowInfo[d.row];
      return info
        ? [
            {
              line: info.line,
              ...(kind === 'linkedin-export' ? { file: info.file } : {}),
              name: info.name,
              existingId: d.existingId,
            },
          ]
        : [];
    });
    const meRow = built.me?.row;
    const idOf = (ref: { row: number } | { id: string }) => ('id' in ref ? ref.id : result.rows[ref.row]!.id);
    const skippedIn = (k: string) => built.skipped[k] ?? 0;
    return {
      kind,
      fileName,
      fileHash,
      files: rowsRead,
      dryRun: Boolean(input.dryRun),
      written: write,
      ...counts,
      hidden,
      organizations: result.organizations.created,
      ties: result.ties.created,
      tiesUnchanged: result.ties.unchanged,
      interactions: result.interactions.created,
      interactionsUnchanged: result.interactions.unchanged + built.interactionsOnFile,
      rejected: rejected.map((r) => (kind === 'linkedin-export' ? r : { line: r.line, reason: r.reason })),
      warnings: warnings.map((w) => (kind === 'linkedin-export' ? w : { line: w.line, message: w.message })),
      messages: hasMessages
        ? {
            read: messagesRead,
            joined: built.events?.joined ?? 0,
            newPeople: built.events?.withNewPeople ?? 0,
            onFile: built.events?.messagesOnFile ?? 0,
            leftOut: {
              noSender: skippedIn('noSender'),
              linkedinMember: skippedIn('linkedinMemberSenders'),
              ambiguousName: built.events?.leftOut.ambiguousName ?? 0,
              unknownUnnamed: built.events?.leftOut.unknownUnnamed ?? 0,
              drafts: skippedIn('drafts'),
              sponsored: skippedIn('sponsored'),
            },
          }
        : null,
      evidence: built.evidence
        ? {
            read: built.evidence.read,
            kept: built.evidence.kept,
            onFile: built.evidence.onFile,
            leftOut: built.evidence.leftOut,
            threads: built.evidence.threads,
          }
        : null,
      ambiguousNames: built.ambiguous.map((a) => ({
        name: a.name,
        messages: a.messages,
        candidates: [...new Set(a.candidates.map(idOf))],
      })),
      skipped: built.skipped,
      possibleDuplicates,
      me: built.me
        ? { name: built.me.name, created: meRow != null && result.rows[meRow]?.outcome === 'created' }
        : null,
      preview,
      importId: result.importId,
    };
  }
}

function rowCount(p: FileParse): number {
  switch (p.kind) {
    case 'linkedin-connections':
      return p.rows.length + p.hidden + p.rejected.length;
    case 'linkedin-messages':
      return (
        p.rows.length +
        p.rejected.length +
        p.skipped.drafts +
        p.skipped.sponsored +
        p.skipped.linkedinMemberSenders +
        p.skipped.noSender
      );
    case 'linkedin-profile':
      return p.me ? 1 : p.rejected.length;
    case 'icalendar':
    case 'mbox':
      return p.read + p.rejected.length;
    default:
      return p.rows.length + p.rejected.length;
  }
}
