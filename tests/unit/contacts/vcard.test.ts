/** vCard 4.0 out (RFC 6350): lines, folding and escaping checked on the text, then read back. */
import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { personVCard, vCardFileName, vCards } from '../../../server/contacts/vcard.writer.js';
import type { Person } from '../../../shared/index.js';
import { person } from '../../fixtures/analytics/workspace-builder.js';

const zoe: Person = person('0190aaaa-0000-7000-8000-000000000001', {
  name: 'Zoë Petrov, CPA',
  firstName: 'Zoë',
  lastName: 'Petrov',
  emails: ['zoe@example.com', 'z.petrov@example.org'],
  company: 'Petrov; Partners, LLC',
  position: 'Managing partner',
  linkedinUrl: 'https://www.linkedin.com/in/zoe-petrov',
  tags: ['referral partner', 'tax, audit'],
  notes: `Met at the chamber breakfast.\nLikes long walks; ${'very '.repeat(30)}long notes`,
  connectedOn: '2021-03-04',
});

const read = (text: string) => new ICAL.Component(ICAL.parse(text));
/** ORG is structured: ical.js gives one part as a string, several as a list. */
const orgOf = (card: ICAL.Component) => {
  const v = card.getFirstPropertyValue('org') as unknown;
  return Array.isArray(v) ? v.join(';') : v;
};

describe('vCard writer', () => {
  it('writes CRLF lines of at most 75 octets, folded with a leading space', () => {
    const text = personVCard(zoe);
    expect(text.startsWith('BEGIN:VCARD\r\nVERSION:4.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCARD\r\n')).toBe(true);
    const lines = text.split('\r\n').slice(0, -1);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
  });

  it('escapes commas, semicolons and newlines so every field reads back as written', () => {
    const text = personVCard(zoe);
    expect(text).toContain('ORG:Petrov\\; Partners\\, LLC');
    const card = read(text);
    expect(card.getFirstPropertyValue('fn')).toBe(zoe.name);
    expect(card.getFirstPropertyValue('n')).toEqual(['Petrov', 'Zoë', '', '', '']);
    expect(orgOf(card)).toBe('Petrov; Partners, LLC');
    expect(card.getFirstPropertyValue('title')).toBe('Managing partner');
    expect(card.getAllProperties('email').map((p) => p.getFirstValue())).toEqual(zoe.emails);
    expect(card.getFirstProperty('email')!.getParameter('pref')).toBe('1');
    expect(card.getFirstProperty('categories')!.getValues()).toEqual(zoe.tags);
    expect(card.getFirstPropertyValue('note')).toBe(zoe.notes);
    expect(card.getFirstPropertyValue('url')).toBe(zoe.linkedinUrl);
    expect(card.getFirstPropertyValue('uid')).toBe(`urn:uuid:${zoe.id}`);
  });

  it('leaves out what a person does not have', () => {
    const bare = read(personVCard(person('p1', { name: 'Lee' })));
    expect(bare.getFirstPropertyValue('fn')).toBe('Lee');
    for (const p of ['email', 'org', 'title', 'url', 'categories', 'note']) expect(bare.getFirstProperty(p)).toBeNull();
  });

  it('reads back any name, company and note unchanged (property)', () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 });
    fc.assert(
      fc.property(text, text, text, (name, company, notes) => {
        const card = read(personVCard(person('p1', { name, company, notes })));
        expect(card.getFirstPropertyValue('fn')).toBe(name);
        expect(orgOf(card)).toBe(company);
        expect(card.getFirstPropertyValue('note')).toBe(notes);
      }),
      { numRuns: 300 },
    );
  });

  it('writes many cards one after another, and names a file after the person', async () => {
    async function* pages() {
      yield [zoe, person('p2', { name: 'Lee' })];
      yield [person('p3', { name: 'Kim' })];
    }
    let text = '';
    for await (const chunk of vCards(pages())) text += chunk;
    expect(text.match(/BEGIN:VCARD\r\n/g)).toHaveLength(3);
    expect(vCardFileName(zoe)).toBe('Zoe-Petrov-CPA.vcf');
    expect(vCardFileName(person('x', { name: '日本' }))).toBe('contact.vcf');
  });
});
