/**
 * Mailboxes: mbox files as Gmail Takeout and Thunderbird write them, in both
 * quoting variants (mboxo quotes a body line "From " as ">From "; mboxrd also
 * quotes ">From " as ">>From "). The file is read as a stream of bytes, never
 * held whole: each message's header section is decoded and kept until it is
 * read, and its body is stepped over line by line, looking only for the next
 * "From " separator line. Bodies are never decoded, kept or stored.
 *
 * Of the headers only From, To, Cc, Date, Message-ID, In-Reply-To and
 * References are read (and the few that mark bulk mail). Addresses are parsed
 * by nodemailer's RFC 5322 address parser and display names decoded from
 * RFC 2047 encoded words by libmime. Bulk mail is left out: a List-Unsubscribe
 * header (newsletters), Precedence bulk, list or junk, an Auto-Submitted
 * message, a no-reply sender; so are Gmail's drafts and spam.
 */
import * as crypto from 'node:crypto';
import libmime from 'libmime';
import addressparser from 'nodemailer/lib/addressparser';
import { AppError } from '../../core/app-error.js';
import type { Address, MailboxParse, MailRow } from '../import.types.js';

/** A header section larger than this is cut here (the rest of it read as body): no real one comes near. */
export const MAX_HEADER_BYTES = 256 * 1024;

/** A separator line: "From " then the envelope sender and an asctime date (Gmail, Thunderbird, mutt). */
const FROM_LINE = /^From \S*\s+(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/;

const NO_REPLY =
  /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|mailer-daemon|postmaster|bounces?|notifications?|notify|automated)([+._-].*)?$/i;

const F = 0x46;
const R = 0x72;
const O = 0x6f;
const M = 0x6d;
const SP = 0x20;
const CR = 0x0d;
const LF = 0x0a;

const NEWLINE = Buffer.from('\n');

const isFromLine = (b: Uint8Array, start: number, end: number) =>
  end - start >= 5 &&
  b[start] === F &&
  b[start + 1] === R &&
  b[start + 2] === O &&
  b[start + 3] === M &&
  b[start + 4] === SP;

/** The first 200 bytes of a line, as text (a separator line is ASCII). */
const latin1 = (b: Uint8Array, start: number, stop: number) =>
  Buffer.from(b.buffer, b.byteOffset + start, Math.min(stop - start, 200)).toString('latin1');

const isBlank = (b: Uint8Array, start: number, end: number) => end === start || (end - start === 1 && b[start] === CR);

/**
 * A Message-ID as the key kept for it: the first 40 hex digits of its sha256. A fixed-size string
 * of its own: the ID as sliced from the header would keep the whole header section alive (V8 keeps
 * a slice's parent), some 100 MB over a mailbox of 100,000 messages.
 */
export const messageKey = (id: string): string =>
  (typeof crypto.hash === 'function'
    ? crypto.hash('sha256', id, 'hex')
    : crypto.createHash('sha256').update(id).digest('hex')
  ).slice(0, 40);

/** The first `<…>` of a header value (a Message-ID), or the trimmed value, as its key. */
function firstId(value: string | undefined): string | null {
  if (!value) return null;
  const m = /<[^<>\s]+>/.exec(value);
  const id = (m ? m[0] : value.trim().split(/\s+/)[0]) ?? '';
  return id ? messageKey(id) : null;
}

/** The first and the last `<…>` of References (the thread's first message, the one answered), as keys. */
function endIds(value: string | undefined): { first: string; last: string } | null {
  if (!value) return null;
  const ids = value.match(/<[^<>\s]+>/g);
  if (!ids) return null;
  const first = messageKey(ids[0]!);
  return { first, last: ids.length === 1 ? first : messageKey(ids[ids.length - 1]!) };
}

/** Date of a separator line ("From x Thu Nov 12 10:00:00 +0000 2026", "From - Tue Nov 03 08:00:00 2026"). */
function fromLineDate(line: string): number {
  const m = /^From \S*\s+(.*)$/.exec(line);
  if (!m) return Number.NaN;
  const t = Date.parse(m[1]!.replace(/^(\w{3}) (\w{3}) +(\d+) ([\d:]+) ([+-]\d{4}) (\d{4})$/, '$1, $3 $2 $6 $4 $5'));
  if (!Number.isNaN(t)) return t;
  return Date.parse(`${m[1]!} UTC`);
}

export interface MboxOptions {
  file: string;
  /** Called with the bytes read so far (progress). */
  now?: Date;
}

export async function parseMbox(
  bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: MboxOptions,
): Promise<MailboxParse> {
  const { file } = options;
  const nowMs = (options.now ?? new Date()).getTime();
  const out: MailboxParse = {
    kind: 'mbox',
    rows: [],
    read: 0,
    deliveredTo: new Map(),
    skipped: {},
    rejected: [],
    warnings: [],
  };
  const skip = (why: string) => {
    out.skipped[why] = (out.skipped[why] ?? 0) + 1;
  };
  // One object per address and name: a mailbox names the same people thousands of times.
  const interned = new Map<string, Address>();
  const intern = (email: string, name: string | null): Address => {
    const key = `${email}\u0000${name ?? ''}`;
    let a = interned.get(key);
    if (!a) interned.set(key, (a = { email, name }));
    return a;
  };
  const addresses = (value: string | undefined): Address[] => {
    if (!value) return [];
    const list: Address[] = [];
    const walk = (items: ReturnType<typeof addressparser>) => {
      for (const item of items) {
        if ('group' in item && item.group) walk(item.group);
        else if (item.address) {
          const email = item.address.trim().toLowerCase();
          if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) continue;
          let name = item.name?.trim() || null;
          if (name?.includes('=?')) name = libmime.decodeWords(name).trim() || null;
          if (name && (name.toLowerCase() === email || name.replace(/^'|'$/g, '').toLowerCase() === email)) name = null;
          list.push(intern(email, name ? name.slice(0, 200) : null));
        }
      }
    };
    try {
      walk(addressparser(value));
    } catch {
      // An address field the parser cannot read names nobody we can match.
    }
    return list;
  };

  // ---- one message's header section, once it is complete --------------------------------------
  const finish = (line: number, separator: string, headerText: string) => {
    out.read++;
    const headers = new Map<string, string>();
    let name = '';
    for (const raw of headerText.split(/\r?\n/)) {
      if ((raw.startsWith(' ') || raw.startsWith('\t')) && name) {
        headers.set(name, `${headers.get(name)!} ${raw.trim()}`);
        continue;
      }
      const colon = raw.indexOf(':');
      if (colon <= 0) {
        name = '';
        continue;
      }
      name = raw.slice(0, colon).trim().toLowerCase();
      const value = raw.slice(colon + 1).trim();
      const prev = headers.get(name);
      // To and Cc may be repeated; of the others the first counts.
      if (prev === undefined) headers.set(name, value);
      else if (name === 'to' || name === 'cc' || name === 'delivered-to') headers.set(name, `${prev}, ${value}`);
    }
    for (const h of ['delivered-to', 'x-original-to']) {
      for (const a of addresses(headers.get(h))) out.deliveredTo.set(a.email, (out.deliveredTo.get(a.email) ?? 0) + 1);
    }
    const labels = (headers.get('x-gmail-labels') ?? '').toLowerCase();
    if (/(^|,)\s*(spam|trash)\s*(,|$)/.test(labels)) return skip('spam');
    if (/(^|,)\s*drafts?\s*(,|$)/.test(labels)) return skip('drafts');
    const from = addresses(headers.get('from'))[0];
    if (!from) {
      out.rejected.push({ line, reason: 'no sender address: the From header is missing or names no address' });
      return;
    }
    if (headers.has('list-unsubscribe')) return skip('newsletter');
    const precedence = (headers.get('precedence') ?? '').trim().toLowerCase();
    if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk') return skip('bulk');
    const auto = (headers.get('auto-submitted') ?? '').trim().toLowerCase();
    if (auto && auto !== 'no') return skip('automated');
    if (NO_REPLY.test(from.email.slice(0, from.email.indexOf('@')))) return skip('noReply');

    let at = Date.parse(headers.get('date') ?? '');
    if (Number.isNaN(at)) at = fromLineDate(separator);
    if (Number.isNaN(at)) {
      out.rejected.push({ line, reason: 'no readable date: the Date header and the "From " line give none' });
      return;
    }
    if (at > nowMs + 24 * 3600 * 1000) {
      out.rejected.push({ line, reason: `dated ${new Date(at).toISOString().slice(0, 10)}, in the future` });
      return;
    }
    if (at < Date.UTC(1900, 0, 1)) {
      out.rejected.push({ line, reason: 'dated before 1900' });
      return;
    }
    const to: Address[] = [];
    for (const a of [...addresses(headers.get('to')), ...addresses(headers.get('cc'))])
      if (!to.includes(a) && !to.some((x) => x.email === a.email)) to.push(a);
    const refs = endIds(headers.get('references'));
    const inReplyTo = firstId(headers.get('in-reply-to')) ?? refs?.last ?? null;
    const row: MailRow = {
      line,
      messageId: firstId(headers.get('message-id')),
      inReplyTo,
      threadRoot: refs?.first ?? inReplyTo,
      from,
      to,
      at: new Date(at).toISOString(),
    };
    out.rows.push(row);
  };

  // ---- the byte stream, line by line ----------------------------------------------------------
  type State = 'start' | 'headers' | 'body';
  let state = 'start' as State;
  let lineNo = 0;
  let prevBlank = true;
  let msgLine = 0;
  let separator = '';
  let header: Buffer[] = [];
  let headerBytes = 0;
  let headerCut = false;
  /** A line cut by the end of a chunk: its first bytes (all of them in a header section). */
  let carry: Buffer | null = null;

  const endHeaders = () => {
    const text = Buffer.concat(header).toString('utf8');
    header = [];
    headerBytes = 0;
    finish(msgLine, separator, text);
  };

  const onLine = (b: Uint8Array, start: number, end: number) => {
    lineNo++;
    let stop = end;
    if (stop > start && b[stop - 1] === CR) stop--;
    if (isFromLine(b, start, stop) && (state !== 'body' || prevBlank || FROM_LINE.test(latin1(b, start, stop)))) {
      if (state === 'headers') endHeaders();
      state = 'headers';
      msgLine = lineNo;
      separator = latin1(b, start, stop);
      headerCut = false;
      prevBlank = false;
      return;
    }
    const blank = isBlank(b, start, end);
    if (state === 'start') {
      if (!blank) {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          `${file} is not an mbox mailbox: its first line is not a "From " line. Export the mailbox as mbox (Gmail: Takeout; Thunderbird: ImportExportTools)`,
          { file, line: lineNo },
        );
      }
      return;
    }
    if (state === 'headers') {
      if (blank) {
        endHeaders();
        state = 'body';
        prevBlank = true;
        return;
      }
      if (!headerCut) {
        headerBytes += end - start + 1;
        if (headerBytes > MAX_HEADER_BYTES) {
          headerCut = true;
          out.warnings.push({
            line: msgLine,
            message: `headers larger than ${MAX_HEADER_BYTES / 1024} KB: the rest left unread`,
          });
        } else header.push(Buffer.from(b.subarray(start, stop)), NEWLINE);
      }
      return;
    }
    prevBlank = blank;
  };

  let first = true;
  for await (const chunk of bytes) {
    let b = chunk;
    if (first && b.byteLength > 0) {
      first = false;
      if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
    }
    let at = 0;
    if (carry) {
      const nl = b.indexOf(LF);
      if (nl < 0) {
        // Still the same line: only its start matters in a body.
        carry = Buffer.concat([carry, b]);
        if (state === 'body' && carry.byteLength > 256) carry = carry.subarray(0, 256);
        continue;
      }
      const line = Buffer.concat([carry, b.subarray(0, nl)]);
      carry = null;
      onLine(line, 0, line.byteLength);
      at = nl + 1;
    }
    for (;;) {
      const nl = b.indexOf(LF, at);
      if (nl < 0) break;
      onLine(b, at, nl);
      at = nl + 1;
    }
    if (at < b.byteLength) {
      const rest = b.subarray(at);
      carry = Buffer.from(state === 'body' && rest.byteLength > 256 ? rest.subarray(0, 256) : rest);
    }
  }
  if (carry) onLine(carry, 0, carry.byteLength);
  if (state === 'headers') endHeaders();
  if (state === 'start') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${file} is empty: no message in it`, { file });
  }
  return out;
}
