/**
 * Address books: vCard 3.0 (RFC 2426) and 4.0 (RFC 6350), as Google
 * Contacts, Apple Contacts and Outlook export them. Each card is read by
 * ical.js on its own, so a broken card is rejected with its line and the
 * others are kept. What a person is made of: FN (or N, or the first email),
 * every EMAIL, ORG and TITLE, a LinkedIn profile among URL and
 * X-SOCIALPROFILE, CATEGORIES as tags, NOTE. Photos are dropped unread.
 */
import ICAL from 'ical.js';
import { Email, normalizeLinkedInUrl } from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import { type ContentBlock, contentBlocks, isProblem, unfoldedLines } from '../content-lines.js';
import type { ContactRow, Rejection, VCardParse, Warning } from '../import.types.js';

const DROP = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY']);
const MAX_EMAILS = 20;

type Value = string | string[] | unknown;

const text = (v: Value): string => {
  if (typeof v === 'string') return v.trim();
  if (Array.isArray(v)) return v.map(text).filter(Boolean).join(' ').trim();
  return '';
};

/** The first component of a structured value (ORG: "Acme;Sales" is Acme). */
const first = (v: Value): string => (Array.isArray(v) ? text(v[0]) : text(v));

const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max).trim() : s);

/** The person of one card, or the reason it is not one. */
export function readCard(
  block: ContentBlock,
  file: string,
): { row: ContactRow; warnings: Warning[] } | { rejected: Rejection } {
  const line = block.line;
  if (block.name !== 'VCARD')
    return { rejected: { line, reason: `BEGIN:${block.name} where a BEGIN:VCARD was expected` } };
  let card: ICAL.Component;
  try {
    card = new ICAL.Component(ICAL.parse(block.lines.join('\r\n')) as unknown[]);
  } catch (e) {
    return { rejected: { line, reason: `not a valid vCard: ${(e as Error).message.slice(0, 200)}` } };
  }
  const warnings: Warning[] = [];
  const values = (name: string) => card.getAllProperties(name).map((p) => p.getFirstValue() as Value);
  const version = text(values('version')[0]);
  if (version && version !== '3.0' && version !== '4.0' && version !== '2.1') {
    return { rejected: { line, reason: `vCard version ${version} is not one we read (3.0 or 4.0)` } };
  }

  const emails: string[] = [];
  for (const raw of values('email')) {
    const e = text(raw).replace(/^mailto:/i, '');
    if (!e) continue;
    if (!Email.safeParse(e).success) {
      warnings.push({ line, message: `"${clip(e, 80)}" is not an email address; left out`, file });
      continue;
    }
    if (!emails.some((x) => x.toLowerCase() === e.toLowerCase())) emails.push(e);
  }
  if (emails.length > MAX_EMAILS) {
    warnings.push({ line, message: `${emails.length} emails: the first ${MAX_EMAILS} kept`, file });
    emails.length = MAX_EMAILS;
  }

  const n = values('n')[0];
  const parts = Array.isArray(n) ? n.map(text) : typeof n === 'string' ? n.split(';').map((s) => s.trim()) : [];
  const lastName = parts[0] || null;
  const firstName = parts[1] || null;
  const fn = text(values('fn')[0]);
  const company = first(values('org')[0]) || null;
  const name =
    fn || [parts[3], firstName, parts[2], lastName, parts[4]].filter(Boolean).join(' ') || emails[0] || company || '';
  if (!name) return { rejected: { line, reason: 'the card names nobody: no FN, N, EMAIL or ORG' } };

  let linkedinUrl: string | null = null;
  for (const raw of [...values('url'), ...values('x-socialprofile')]) {
    const u = text(raw);
    if (u && normalizeLinkedInUrl(u)) {
      linkedinUrl = u;
      break;
    }
  }
  const tags = [
    ...new Set(
      card
        .getAllProperties('categories')
        .flatMap((p) =>
          (p.getValues() as Value[]).flatMap((v) => (Array.isArray(v) ? v.map(text) : text(v).split(','))),
        )
        .map((t) => clip(t.trim(), 64))
        .filter(Boolean),
    ),
  ].slice(0, 100);
  const note = values('note').map(text).filter(Boolean).join('\n');
  const title = text(values('title')[0]) || text(values('role')[0]);
  return {
    row: {
      line,
      name: clip(name, 200),
      firstName: firstName && clip(firstName, 100),
      lastName: lastName && clip(lastName, 100),
      emails,
      linkedinUrl,
      company: company && clip(company, 200),
      position: title ? clip(title, 300) : null,
      connectedOn: null,
      tags,
      notes: note ? note.slice(0, 20_000) : null,
    },
    warnings,
  };
}

export async function parseVCards(
  bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: { file: string },
): Promise<VCardParse> {
  const out: VCardParse = { kind: 'vcard', rows: [], rejected: [], warnings: [] };
  let cards = 0;
  for await (const b of contentBlocks(unfoldedLines(bytes, options.file), {
    depth: 0,
    label: options.file,
    drop: DROP,
  })) {
    if (isProblem(b)) {
      out.rejected.push(b);
      continue;
    }
    cards++;
    const r = readCard(b, options.file);
    if ('rejected' in r) out.rejected.push(r.rejected);
    else {
      out.rows.push(r.row);
      out.warnings.push(...r.warnings);
    }
  }
  if (cards === 0) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${options.file} holds no vCard (no BEGIN:VCARD line): export the address book as vCard (.vcf)`,
      { file: options.file },
    );
  }
  return out;
}
