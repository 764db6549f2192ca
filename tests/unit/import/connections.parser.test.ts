import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/core/app-error.js';
import { parseConnections } from '../../../server/import/parsers/connections.parser.js';
import { type Connection, PREAMBLE_NOTE, connectionsCsv, csv } from '../../fixtures/import/linkedin-files.js';

const zoe: Connection = {
  firstName: 'Zoë',
  lastName: 'Ångström',
  url: 'https://www.linkedin.com/in/zo%C3%AB-a',
  email: 'zoe@example.com',
  company: 'Acme, Inc.',
  position: 'CEO "Chief"',
  connectedOn: '2020-02-14',
};
const wang: Connection = {
  firstName: '王',
  lastName: '小明',
  url: 'https://www.linkedin.com/in/wang',
  connectedOn: '2019-11-30',
};
const arabic: Connection = {
  firstName: 'محمد',
  lastName: 'العلي',
  url: 'https://www.linkedin.com/in/%D9%85%D8%AD%D9%85%D8%AF',
  company: 'شركة',
  connectedOn: '2021-01-05',
};
const emoji: Connection = {
  firstName: 'Ana 🌻',
  lastName: 'Silva',
  url: 'https://www.linkedin.com/in/ana',
  connectedOn: '2022-07-01',
};

const expected = (c: Connection, line: number) => ({
  line,
  firstName: c.firstName,
  lastName: c.lastName,
  name: `${c.firstName} ${c.lastName}`,
  url: c.url ?? null,
  email: c.email ?? null,
  company: c.company ?? null,
  position: c.position ?? null,
  connectedOn: c.connectedOn ?? null,
});

describe('Connections.csv parser', () => {
  it('refuses a file without the Connections header', async () => {
    await expect(parseConnections('a,b\n1,2\n')).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    await expect(parseConnections('')).rejects.toThrow('Connections.csv is empty');
    const e = await parseConnections('Name,Company\nX,Y\n').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message).toContain('no header row with First Name, Last Name and Connected On');
  });

  it('rejects bad rows with their physical line and reason, keeping the others; a bad email is only left out', async () => {
    const text = connectionsCsv(
      [
        zoe,
        { firstName: '', lastName: '', company: 'Nameless Co' },
        { firstName: 'Bad', lastName: 'Date', url: 'https://www.linkedin.com/in/bad-date' },
        { firstName: 'Bad', lastName: 'Mail', email: 'bad@', connectedOn: '2020-01-01' },
        { firstName: 'X'.repeat(101), lastName: 'Long', connectedOn: '2020-01-01' },
        wang,
      ],
      { preamble: true },
    ).replace('https://www.linkedin.com/in/bad-date,,,,', 'https://www.linkedin.com/in/bad-date,,,,someday');
    const r = await parseConnections(text);
    expect(r.rejected).toEqual([
      { line: 6, reason: 'no First Name or Last Name', file: 'Connections.csv' },
      { line: 7, reason: 'Connected On "someday" is not a date', file: 'Connections.csv' },
      { line: 9, reason: `First Name "${'X'.repeat(57)}..." is longer than 100 characters`, file: 'Connections.csv' },
    ]);
    expect(r.warnings).toEqual([
      { line: 8, message: 'Email Address "bad@" is not an email address: left out', file: 'Connections.csv' },
    ]);
    expect(r.rows.map((x) => [x.line, x.email])).toEqual([
      [5, 'zoe@example.com'],
      [8, null],
      [10, null],
    ]);
  });

  it('reads the 7-column export with the preamble', async () => {
    const r = await parseConnections(connectionsCsv([zoe, wang, arabic, emoji], { preamble: true }));
    expect(r.rows).toEqual([expected(zoe, 5), expected(wang, 6), expected(arabic, 7), expected(emoji, 8)]);
    expect(r).toMatchObject({ hidden: 0, rejected: [], nonProfileUrls: 0 });
  });

  it('reads the 2018 6-column export without preamble and its "1/8/18, 6:14 PM" dates', async () => {
    const r = await parseConnections(
      connectionsCsv(
        [
          { ...zoe, url: undefined },
          { ...wang, url: undefined },
        ],
        { columns: 6, dateStyle: '2018' },
      ),
    );
    expect(r.rows).toEqual([expected({ ...zoe, url: undefined }, 2), expected({ ...wang, url: undefined }, 3)]);
  });

  it('maps columns by name, whatever their order', async () => {
    const text = csv([
      ['Connected On', 'Company', 'URL', 'Last Name', 'Position', 'First Name', 'Email Address'],
      ['14 Feb 2020', 'Acme', 'https://www.linkedin.com/in/x', 'Doe', 'CTO', 'Jane', ''],
    ]);
    expect((await parseConnections(text)).rows[0]).toMatchObject({
      firstName: 'Jane',
      lastName: 'Doe',
      company: 'Acme',
      position: 'CTO',
      url: 'https://www.linkedin.com/in/x',
      connectedOn: '2020-02-14',
    });
  });

  it('counts date-only rows as hidden members and creates nobody for them', async () => {
    const r = await parseConnections(connectionsCsv([zoe], { preamble: true, hidden: ['2021-03-03', '2021-04-04'] }));
    expect(r.rows).toHaveLength(1);
    expect(r.hidden).toBe(2);
  });

  it('drops urn:li:member ids in the email column and keeps the person', async () => {
    const r = await parseConnections(connectionsCsv([{ ...zoe, email: 'urn:li:member:123456' }]));
    expect(r.rows[0]).toMatchObject({ name: 'Zoë Ångström', email: null });
    expect(r.rejected).toEqual([]);
  });

  it('keeps a person whose URL is not a /in/ profile link, without the URL, and counts it', async () => {
    const r = await parseConnections(connectionsCsv([{ ...zoe, url: 'https://www.linkedin.com/pub/zoe/1/2/3' }]));
    expect(r.rows[0]).toMatchObject({ name: 'Zoë Ångström', url: null });
    expect(r.nonProfileUrls).toBe(1);
  });

  it('reads a spreadsheet re-save: BOM, CRLF, ";" delimiter, padded Notes:;;;; lines, no trailing newline', async () => {
    for (const delimiter of [',', ';'] as const) {
      for (const eol of ['\n', '\r\n'] as const) {
        const text = connectionsCsv([zoe, wang], {
          paddedPreamble: true,
          bom: true,
          delimiter,
          eol,
          trailingNewline: false,
          hidden: ['2020-01-01'],
        });
        expect(text.startsWith(`\uFEFFNotes:${delimiter}${delimiter}`)).toBe(true);
        const r = await parseConnections(text);
        expect(r.rows).toEqual([expected(zoe, 5), expected(wang, 6)]);
        expect(r.hidden).toBe(1);
      }
    }
  });

  it('trims spaces and tabs around fields, quoted or not', async () => {
    const text = `First Name,Last Name,URL,Email Address,Company,Position,Connected On\n  Jane\t, "Doe " ,\thttps://www.linkedin.com/in/jane ,, Acme ,\tCTO\t, 14 Feb 2020 \n`;
    expect((await parseConnections(text)).rows[0]).toEqual({
      line: 2,
      firstName: 'Jane',
      lastName: 'Doe',
      name: 'Jane Doe',
      url: 'https://www.linkedin.com/in/jane',
      email: null,
      company: 'Acme',
      position: 'CTO',
      connectedOn: '2020-02-14',
    });
  });

  it('counts lines of quoted fields that span lines', async () => {
    const text = connectionsCsv([{ ...zoe, position: 'Founder\nand CEO' }, wang], { preamble: true });
    const r = await parseConnections(text);
    expect(r.rows.map((x) => [x.line, x.position])).toEqual([
      [5, 'Founder\nand CEO'],
      [7, null],
    ]);
    expect(text.split('\n')[6]).toContain('王');
  });

  it('finds the header under the real preamble text', async () => {
    const text = `Notes:\n"${PREAMBLE_NOTE}"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nJane,Doe,,,,,14 Feb 2020`;
    const r = await parseConnections(text);
    expect(r.rows).toEqual([
      {
        line: 5,
        firstName: 'Jane',
        lastName: 'Doe',
        name: 'Jane Doe',
        url: null,
        email: null,
        company: null,
        position: null,
        connectedOn: '2020-02-14',
      },
    ]);
  });
});
