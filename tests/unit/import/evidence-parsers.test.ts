/**
 * The parsers of address books (vCard 3.0 and 4.0), calendars (iCalendar) and
 * mailboxes (mbox): error paths first, then the files of the fixtures, then
 * properties that must hold for any input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unfoldedLines } from '../../../server/import/content-lines.js';
import { parseCalendar } from '../../../server/import/parsers/icalendar.parser.js';
import { messageKey as k, parseMbox } from '../../../server/import/parsers/mbox.parser.js';
import { parseVCards } from '../../../server/import/parsers/vcard.parser.js';
import {
  NOW,
  OWNER,
  addressBook,
  calendar,
  fold,
  googleCalendar,
  mailbox,
  mbox,
  vcard,
} from '../../fixtures/import/evidence-files.js';

const bytes = (text: string | Buffer) => [typeof text === 'string' ? Buffer.from(text) : text];
/** The same bytes cut in pieces of `size`. */
const chunked = (text: string, size: number) => {
  const b = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
  return out;
};
async function lines(text: string, size = 1 << 20) {
  const out: { line: number; text: string }[] = [];
  for await (const batch of unfoldedLines(chunked(text, size), 't')) out.push(...batch);
  return out;
}

describe('vCard: errors first', () => {
  it('refuses bytes that are not UTF-8, naming the line', async () => {
    const bad = Buffer.concat([
      Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jos'),
      Buffer.from([0xe9]),
      Buffer.from('\r\nEND:VCARD\r\n'),
    ]);
    await expect(parseVCards(bytes(bad), { file: 'a.vcf' })).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: expect.stringMatching(/a\.vcf is not UTF-8 text near line 3/),
    });
  });

  it('refuses a file with no card in it', async () => {
    await expect(parseVCards(bytes('name,email\nAna,ana@x.example\n'), { file: 'a.vcf' })).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    await expect(parseVCards(bytes(''), { file: 'a.vcf' })).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('rejects a broken card with its line and keeps the others', async () => {
    const text = [
      vcard({ version: '4.0', fn: 'Good One', emails: ['good@x.example'] }),
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN Broken\r\nEND:VCARD\r\n',
      'BEGIN:VCARD\r\nVERSION:4.0\r\nNOTE:nobody\r\nEND:VCARD\r\n',
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Cut Off\r\n',
    ].join('');
    const r = await parseVCards(bytes(text), { file: 'a.vcf' });
    expect(r.rows.map((x) => x.name)).toEqual(['Good One']);
    expect(r.rejected).toEqual([
      { line: 6, reason: expect.stringMatching(/not a valid vCard/) },
      { line: 10, reason: 'the card names nobody: no FN, N, EMAIL or ORG' },
      { line: 14, reason: expect.stringMatching(/cut off/) },
    ]);
  });

  it('leaves out an email that is not one, with a warning', async () => {
    const r = await parseVCards(bytes(vcard({ version: '3.0', fn: 'A B', emails: ['not-an-email', 'a@b.example'] })), {
      file: 'a.vcf',
    });
    expect(r.rows[0]!.emails).toEqual(['a@b.example']);
    expect(r.warnings).toEqual([
      { line: 1, message: '"not-an-email" is not an email address; left out', file: 'a.vcf' },
    ]);
  });
});

describe('vCard: versions 3.0 and 4.0 with folded lines', () => {
  it('reads names, every email, ORG, TITLE, the LinkedIn URL, categories and notes; drops photos', async () => {
    const r = await parseVCards(chunked(addressBook(), 13), { file: 'contacts.vcf' });
    expect(r.rejected).toEqual([]);
    expect(r.rows).toEqual([
      {
        line: 1,
        name: 'Ana Lima',
        firstName: 'Ana',
        lastName: 'Lima',
        emails: ['ana@acme.example', 'ana.lima@home.example'],
        linkedinUrl: 'https://www.linkedin.com/in/ana-lima',
        company: 'Acme, Inc.',
        position: 'Chief Executive Officer of the Acme group of companies in the southern hemisphere',
        connectedOn: null,
        tags: ['chamber', 'bni'],
        notes: null,
      },
      {
        line: expect.any(Number),
        name: 'Björn Åberg',
        firstName: 'Björn',
        lastName: 'Åberg',
        emails: ['bjorn@nordic.example'],
        linkedinUrl: null,
        company: 'Nordic AB',
        position: 'Partner',
        connectedOn: null,
        tags: [],
        notes: 'Met at the breakfast; introduced by Ana. A long note that goes past the fold of seventy-five octets.',
      },
      expect.objectContaining({ name: 'Chen Wei', emails: ['chen@wei.example'], linkedinUrl: null }),
    ]);
  });

  it('names a card without FN from N, then from its email', async () => {
    const text =
      vcard({ version: '3.0', n: ['Doe', 'Jane'], emails: [] }) + vcard({ version: '4.0', emails: ['x@y.example'] });
    const r = await parseVCards(bytes(text), { file: 'a.vcf' });
    expect(r.rows.map((x) => x.name)).toEqual(['Jane Doe', 'x@y.example']);
  });

  it('property: any name and title survive folding at any chunk size', async () => {
    const word = fc.stringMatching(/^[A-Za-zÀ-ÿ一-龥 .'-]{1,60}$/).filter((s) => s.trim().length > 0);
    await fc.assert(
      fc.asyncProperty(word, word, fc.integer({ min: 1, max: 64 }), async (name, title, size) => {
        const text = vcard({ version: '4.0', fn: name, title, emails: ['p@q.example'] });
        const r = await parseVCards(chunked(text, size), { file: 'p.vcf' });
        expect(r.rows[0]!.name).toBe(name.trim());
        expect(r.rows[0]!.position).toBe(title.trim());
      }),
      { numRuns: 150 },
    );
  });
});

describe('unfolding (RFC 5545 §3.1, RFC 6350 §3.2)', () => {
  it('joins continuation lines and keeps the physical line each logical line starts on', async () => {
    expect(await lines('A:1\r\n 2\r\n\t3\r\nB:4\nC:5')).toEqual([
      { line: 1, text: 'A:123' },
      { line: 4, text: 'B:4' },
      { line: 5, text: 'C:5' },
    ]);
  });

  it('property: fold then unfold gives the line back, whatever the chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .string({ unit: 'grapheme', minLength: 1, maxLength: 300 })
          .filter((s) => !/[\r\n]/.test(s) && !/^[ \t]/.test(s)),
        fc.integer({ min: 1, max: 50 }),
        async (value, size) => {
          const got = await lines(`${fold(`X:${value}`)}\r\nY:end\r\n`, size);
          expect(got[0]!.text).toBe(`X:${value}`);
          expect(got[1]!.text).toBe('Y:end');
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('iCalendar: errors first', () => {
  it('refuses a file with no calendar', async () => {
    await expect(parseCalendar(bytes('hello\n'), { file: 'c.ics', now: NOW })).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
  });

  it('rejects an event without a start, or with a broken date, with its line; keeps the rest', async () => {
    const good = calendar(OWNER, [
      {
        uid: 'ok',
        start: '20261102T100000',
        organizer: { email: OWNER },
        attendees: [{ email: OWNER }, { email: 'a@b.example' }],
      },
    ]);
    const broken = good.replace(
      'END:VCALENDAR',
      'BEGIN:VEVENT\r\nUID:nostart\r\nSUMMARY:x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:bad\r\nDTSTART:2026-99-99\r\nEND:VEVENT\r\nEND:VCALENDAR',
    );
    const r = await parseCalendar(bytes(broken), { file: 'c.ics', now: NOW });
    expect(r.rows).toHaveLength(1);
    expect(r.rejected).toHaveLength(2);
    expect(r.rejected[0]!.reason).toMatch(/no DTSTART/);
    expect(r.rejected.every((x) => x.line > 20)).toBe(true);
  });
});

describe('iCalendar: time zones', () => {
  it('reads a TZID the file does not define as UTC, and says so once', async () => {
    const event = (uid: string) =>
      `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTART;TZID=America/Nowhere:20261102T100000\r\nORGANIZER:mailto:a@x.example\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:b@x.example\r\nEND:VEVENT\r\n`;
    const ics = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${event('a')}${event('b')}END:VCALENDAR\r\n`;
    const r = await parseCalendar(bytes(ics), { file: 'c.ics', now: NOW });
    expect(r.rows.map((x) => x.at)).toEqual(['2026-11-02T10:00:00.000Z', '2026-11-02T10:00:00.000Z']);
    expect(r.warnings).toEqual([
      { line: 3, message: 'time zone America/Nowhere is not defined in the file; its times are read as UTC' },
    ]);
  });
});

describe('iCalendar: the Google Calendar export', () => {
  it('expands the weekly series to now (EXDATE out, the moved week moved), leaves out cancelled, future and all-day alone', async () => {
    const r = await parseCalendar(chunked(googleCalendar(), 37), { file: 'c.ics', now: NOW });
    expect(r.rejected).toEqual([]);
    expect(r.calendarOwner).toBe(OWNER);
    expect(r.skipped).toEqual({ cancelled: 1, allDayAlone: 1, future: 1 });
    const weekly = r.rows.filter(
      (x) => x.attendees.some((a) => a.email === 'ana@acme.example') && x.organizer?.email === OWNER,
    );
    expect(weekly.map((x) => x.at)).toEqual([
      '2026-10-05T08:00:00.000Z', // 10:00 in Berlin, summer time
      '2026-10-12T08:00:00.000Z',
      '2026-10-26T09:00:00.000Z', // winter time; 10-19 is an EXDATE
      '2026-11-03T14:00:00.000Z', // the 11-02 occurrence, moved by its RECURRENCE-ID override
      '2026-11-09T09:00:00.000Z',
      '2026-11-16T09:00:00.000Z',
      '2026-11-23T09:00:00.000Z',
    ]);
    expect(weekly.map((x) => x.channel)).toEqual([
      'in_person',
      'in_person',
      'in_person',
      'video',
      'in_person',
      'in_person',
      'in_person',
    ]);
    expect(new Set(weekly.map((x) => x.externalId)).size).toBe(7);
    const declined = r.rows.find((x) => x.organizer?.email === 'chen@wei.example')!;
    expect(declined.channel).toBe('video');
    expect(declined.attendees.find((a) => a.email === 'bob@declines.example')?.partstat).toBe('DECLINED');
    expect(r.rows.find((x) => x.organizer?.email === 'eve@phone.example')!.channel).toBe('call');
  });

  it('gives every occurrence the same id on every read', async () => {
    const a = await parseCalendar(bytes(googleCalendar()), { file: 'c.ics', now: NOW });
    const b = await parseCalendar(chunked(googleCalendar(), 5), {
      file: 'c.ics',
      now: new Date('2026-11-28T00:00:00Z'),
    });
    expect(b.rows.map((x) => x.externalId)).toEqual(a.rows.map((x) => x.externalId));
  });
});

describe('mbox: errors first', () => {
  it('refuses a file whose first line is not a "From " line, and an empty one', async () => {
    await expect(parseMbox(bytes('Subject: hi\n\nbody\n'), { file: 'm.mbox' })).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: expect.stringMatching(/not an mbox/),
    });
    await expect(parseMbox(bytes('\n\n'), { file: 'm.mbox' })).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
  });

  it('rejects a message with no sender or no date, with its line', async () => {
    const text =
      'From x Thu Nov 12 10:00:00 2026\nTo: a@b.example\nDate: Thu, 12 Nov 2026 10:00:00 +0000\n\nbody\n\n' +
      'From MAILER\nFrom: c@d.example\nTo: a@b.example\nDate: someday\n\nbody\n';
    const r = await parseMbox(bytes(text), { file: 'm.mbox', now: NOW });
    expect(r.rows).toEqual([]);
    expect(r.rejected).toEqual([
      { line: 1, reason: 'no sender address: the From header is missing or names no address' },
      { line: 7, reason: 'no readable date: the Date header and the "From " line give none' },
    ]);
  });
});

describe('mbox: Gmail and Thunderbird, mboxo and mboxrd', () => {
  for (const rd of [false, true]) {
    it(`reads headers only, keeps the thread, leaves out bulk mail (${rd ? 'mboxrd' : 'mboxo'})`, async () => {
      const r = await parseMbox(chunked(mailbox(rd), 11), { file: 'm.mbox', now: NOW });
      expect(r.read).toBe(7);
      expect(r.rejected).toEqual([]);
      expect(r.skipped).toEqual({ newsletter: 1, noReply: 1, bulk: 1 });
      expect(r.rows.map((x) => [x.from.email, x.messageId, x.inReplyTo, x.threadRoot])).toEqual([
        ['ana@acme.example', k('<a1@acme.example>'), null, null],
        ['sam@owner.example', k('<s1@owner.example>'), k('<a1@acme.example>'), k('<a1@acme.example>')],
        ['ana@acme.example', k('<a2@acme.example>'), k('<s1@owner.example>'), k('<a1@acme.example>')],
        ['sam@owner.example', k('<s2@owner.example>'), null, null],
      ]);
      expect(r.rows[3]!.to).toEqual([
        { email: 'bjorn@nordic.example', name: 'Björn Åberg' },
        { email: 'chen@wei.example', name: 'Chen Wei' },
        { email: 'sam@owner.example', name: null },
      ]);
      expect(r.rows[0]!.at).toBe('2026-11-02T08:15:00.000Z');
      expect(JSON.stringify(r)).not.toMatch(/Coffee|heard|archive/);
    });
  }

  it('property: any bodies, quoted, in any chunks, give the same messages', async () => {
    const body = fc
      .array(
        fc.oneof(fc.constantFrom('From here on', '>From the past', '', 'From:', 'x'), fc.string({ maxLength: 40 })),
        {
          maxLength: 12,
        },
      )
      .map((ls) => ls.map((l) => l.replace(/[\r\n]/g, ' ')).join('\n'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(body, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 97 }),
        fc.boolean(),
        async (bodies, size, rd) => {
          const text = mbox(
            bodies.map((b, i) => ({
              from: `P${i} <p${i}@x.example>`,
              to: ['sam@owner.example'],
              date: `Mon, ${i + 1} Nov 2026 10:00:00 +0000`,
              messageId: `<m${i}@x.example>`,
              body: b,
            })),
            rd,
          );
          const r = await parseMbox(chunked(text, size), { file: 'p.mbox', now: NOW });
          expect(r.rows.map((x) => x.messageId)).toEqual(bodies.map((_, i) => k(`<m${i}@x.example>`)));
          expect(r.rejected).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
