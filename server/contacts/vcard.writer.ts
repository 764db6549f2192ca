/**
 * People as vCard 4.0 (RFC 6350), written with ical.js (which also reads vCard 3 and 4, and
 * iCalendar): the address book a user takes to their phone or mail client. Name, structured
 * name, every email, organisation and title, the LinkedIn profile, tags as CATEGORIES, the
 * shared notes (never a member's private note), when they connected, and a stable UID so a
 * re-export updates the contact instead of duplicating it.
 */
import ICAL from 'ical.js';
import type { Person } from '../../shared/index.js';

/** RFC 6350 section 3.2: lines end in CRLF. */
const CRLF = '\r\n';

// ical.js folds after `foldLength` UTF-8 octets and then adds the continuation's leading space:
// 74 keeps every line, space included, within RFC 6350's 75 octets.
ICAL.foldLength = 74;

export function personVCard(p: Person): string {
  const card = new ICAL.Component('vcard');
  card.addPropertyWithValue('version', '4.0');
  card.addPropertyWithValue('uid', `urn:uuid:${p.id}`);
  card.addPropertyWithValue('fn', p.name);
  const n = new ICAL.Property('n');
  n.setValue([p.lastName ?? '', p.firstName ?? '', '', '', ''] as unknown as string);
  card.addProperty(n);
  for (const email of p.emails) {
    const prop = card.addPropertyWithValue('email', email);
    if (email === p.emails[0]) prop.setParameter('pref', '1');
  }
  if (p.company) {
    // ORG is structured (name;unit;…): as a one-part value ical.js escapes a ';' in the name.
    const org = new ICAL.Property('org');
    org.setValue([p.company] as unknown as string);
    card.addProperty(org);
  }
  if (p.position) card.addPropertyWithValue('title', p.position);
  if (p.linkedinUrl) {
    const url = card.addPropertyWithValue('url', p.linkedinUrl);
    url.setParameter('type', 'linkedin');
  }
  if (p.tags.length) {
    const categories = new ICAL.Property('categories');
    categories.setValues(p.tags);
    card.addProperty(categories);
  }
  if (p.notes) card.addPropertyWithValue('note', p.notes);
  if (p.connectedOn) card.addPropertyWithValue('x-nurture-connected-on', p.connectedOn);
  card.addPropertyWithValue('rev', ICAL.Time.fromJSDate(new Date(p.updatedAt), true).toString().replace(/[-:]/g, ''));
  return card.toString().replace(/\r?\n/g, CRLF) + CRLF;
}

/** Many people as one .vcf stream (vCards simply follow each other). */
export async function* vCards(people: AsyncIterable<Person[]>): AsyncGenerator<string> {
  for await (const page of people) {
    let chunk = '';
    for (const p of page) chunk += personVCard(p);
    if (chunk) yield chunk;
  }
}

/** A file name for one person's card: their name in safe characters. */
export function vCardFileName(p: Person): string {
  const base = p.name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || 'contact'}.vcf`;
}
