/**
 * Property: any valid Connections row, written as CSV in any of the shapes
 * LinkedIn or a spreadsheet produce, parses back unchanged.
 *
 * "Valid" means what the importer stores without rejecting:
 * - first and last name: 1–100 characters of any Unicode (quotes, commas,
 *   semicolons, line feeds, tabs inside, emoji, CJK, RTL scripts), with no
 *   whitespace at either end (the parser trims it, by design), no CR (line
 *   endings are normalised to LF, so a CR inside a field reads as LF) and no
 *   other control characters;
 * - company (≤ 200) and position (≤ 300): the same rules, or empty;
 * - email: empty or an address the shared Email schema accepts;
 * - URL: a linkedin.com/in/ profile with a percent-encoded Unicode slug;
 * - Connected On: a day from 2000 to 2099 (the 2018 format has two-digit years).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Email } from '../../../shared/index.js';
import { parseConnections } from '../../../server/import/parsers/connections.parser.js';
import { decodeUtf8 } from '../../../server/import/text-decode.js';
import { TextSource } from '../../../server/import/csv-reader.js';
import { type Connection, connectionsCsv } from '../../fixtures/import/linkedin-files.js';

const ALLOWED_CONTROLS = new Set(['\n', '\t']);
const isValidText = (s: string) =>
  s === s.trim() &&
  ![...s].some((ch) => {
    const c = ch.codePointAt(0)!;
    return (c < 0x20 && !ALLOWED_CONTROLS.has(ch)) || c === 0x7f || (c >= 0xd800 && c <= 0xdfff);
  });

const tricky = fc.constantFrom(
  '"',
  ',',
  ';',
  '\n',
  '\t',
  ' ',
  '""',
  'Notes:',
  '🎉',
  '王',
  'محمد',
  'é',
  'e\u0301',
  '\u200f',
  '\u00a0',
);
const text = (max: number) =>
  fc
    .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), tricky), { maxLength: 10 })
    .map((parts) => parts.join('').trim().slice(0, max).trim())
    .filter(isValidText);
const name = text(100).filter((s) => s.length > 0);
const slug = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
  .map((s) => encodeURIComponent(s.replace(/[/?#\s]/g, '') || 'x'));
const email = fc.emailAddress().filter((e) => Email.safeParse(e).success && e.length <= 320);
const day = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const connection: fc.Arbitrary<Connection> = fc.record({
  firstName: name,
  lastName: name,
  url: slug.map((s) => `https://www.linkedin.com/in/${s}`),
  email: fc.option(email, { nil: undefined }),
  company: fc.option(
    text(200).filter((s) => s.length > 0),
    { nil: undefined },
  ),
  position: fc.option(
    text(300).filter((s) => s.length > 0),
    { nil: undefined },
  ),
  connectedOn: day,
});

const shape = fc.record({
  columns: fc.constantFrom(6 as const, 7 as const),
  preamble: fc.boolean(),
  paddedPreamble: fc.boolean(),
  delimiter: fc.constantFrom(',' as const, ';' as const),
  eol: fc.constantFrom('\n' as const, '\r\n' as const),
  bom: fc.boolean(),
  trailingNewline: fc.boolean(),
  dateStyle: fc.constantFrom('2020' as const, '2018' as const),
});

const expected = (c: Connection, columns: 6 | 7) => ({
  firstName: c.firstName,
  lastName: c.lastName,
  name: `${c.firstName} ${c.lastName}`,
  url: columns === 7 ? c.url! : null,
  email: c.email ?? null,
  company: c.company ?? null,
  position: c.position ?? null,
  connectedOn: c.connectedOn!,
});

describe('Connections.csv round trip (property)', () => {
  it('parses any valid row written in any export shape back unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(connection, { minLength: 1, maxLength: 5 }), shape, async (rows, o) => {
        const r = await parseConnections(connectionsCsv(rows, o));
        expect(r.rejected).toEqual([]);
        expect(r.hidden).toBe(0);
        expect(r.rows.map(({ line: _line, ...rest }) => rest)).toEqual(rows.map((c) => expected(c, o.columns)));
      }),
      { numRuns: 300 },
    );
  });

  it('survives the byte path too: UTF-8 bytes in small chunks through the decoder', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(connection, { minLength: 1, maxLength: 3 }),
        shape,
        fc.integer({ min: 1, max: 64 }),
        async (rows, o, chunk) => {
          const bytes = Buffer.from(connectionsCsv(rows, o));
          async function* gen(): AsyncGenerator<Uint8Array> {
            for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
          }
          const r = await parseConnections(new TextSource(decodeUtf8(gen(), 'Connections.csv')));
          expect(r.rows.map(({ line: _line, ...rest }) => rest)).toEqual(rows.map((c) => expected(c, o.columns)));
        },
      ),
      { numRuns: 100 },
    );
  });
});
