import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/core/app-error.js';
import { TextSource, csvRecords, findHeader, relaxedRecords, rowsAfter } from '../../../server/import/csv-reader.js';

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function* chunks(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const isAB = (k: string[]) => k.includes('a') && k.includes('b');

describe('csv reader', () => {
  it('fails on a quote that never closes, naming the line it opens on', async () => {
    const err = await all(
      csvRecords(new TextSource('a,b\nc,d\n\n"e,f\ng,h\n'), { delimiter: ',', label: 'x.csv' }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toBe('x.csv line 4: a quoted field that starts here is never closed');
    expect(err.details).toMatchObject({ file: 'x.csv', line: 4 });
  });

  it('passes on errors of the text source (a decoding error) unchanged', async () => {
    async function* broken(): AsyncGenerator<string> {
      yield 'a,b\n1,2\n';
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'bad bytes');
    }
    const err = await all(csvRecords(new TextSource(broken()), { delimiter: ',', label: 'x.csv' })).catch((e) => e);
    expect(err).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'bad bytes' });
  });

  it('returns null when no header is among the first lines', async () => {
    expect(await findHeader(new TextSource('hello\nworld\n'), isAB)).toBeNull();
    const late = `${'x\n'.repeat(45)}A,B\n1,2\n`;
    expect(await findHeader(new TextSource(late), isAB)).toBeNull();
  });

  it('finds the header below a preamble and numbers physical lines, multi-line fields and blank lines included', async () => {
    const text = 'Notes:\n"A note, with a comma"\n\nA,B\n"two\nlines",x\n\n   \n"q""z",\tw\t\nlast,row';
    for (const size of [1, 3, 7, 1000]) {
      const src = new TextSource(chunks(text, size));
      const header = await findHeader(src, isAB);
      expect(header).toMatchObject({ line: 4, cells: ['A', 'B'], delimiter: ',' });
      expect(await all(rowsAfter(src, header!, 'f'))).toEqual([
        { line: 5, cells: ['two\nlines', 'x'] },
        { line: 9, cells: ['q"z', 'w'] },
        { line: 10, cells: ['last', 'row'] },
      ]);
    }
  });

  it('reads CRLF, CR, a BOM and the semicolon delimiter of a spreadsheet re-save', async () => {
    for (const eol of ['\r\n', '\r']) {
      const text =
        ['\uFEFFNotes:;;', '"Explained; here";;', ';;', 'A;B;C', '"x;1";"multi', 'line";z', ';;', '1;2;3'].join(eol) +
        eol;
      const src = new TextSource(chunks(text, 5));
      const header = await findHeader(src, isAB);
      expect(header).toMatchObject({ line: 4, delimiter: ';', cells: ['A', 'B', 'C'] });
      expect(await all(rowsAfter(src, header!, 'f'))).toEqual([
        // A line break inside a quoted field is kept as written (a lone CR, old Mac, reads as LF).
        { line: 5, cells: ['x;1', eol === '\r\n' ? 'multi\r\nline' : 'multi\nline', 'z'] },
        { line: 8, cells: ['1', '2', '3'] },
      ]);
    }
  });

  it('drops padding rows of empty cells but counts their lines', async () => {
    const src = new TextSource('A,B\n,,,,\n1,2\n,\n3,4');
    const header = await findHeader(src, isAB);
    expect(await all(rowsAfter(src, header!, 'f'))).toEqual([
      { line: 3, cells: ['1', '2'] },
      { line: 5, cells: ['3', '4'] },
    ]);
  });

  it('reads a quote opened after spaces as csv-parse does, from any row on', async () => {
    // Well-formed rows first (papaparse), then a row it would misread: the rest goes to csv-parse.
    const good = Array.from({ length: 50 }, (_, i) => `"r${i}","x, y"`).join('\n');
    const text = `A,B\n${good}\n  "Smith, Jr.", "two\nlines"\nlast,row\n`;
    for (const size of [4, 64, 100_000]) {
      const src = new TextSource(chunks(text, size));
      const header = await findHeader(src, isAB);
      const rows = await all(rowsAfter(src, header!, 'f'));
      expect(rows).toHaveLength(52);
      expect(rows[0]).toEqual({ line: 2, cells: ['r0', 'x, y'] });
      expect(rows[50]).toEqual({ line: 52, cells: ['Smith, Jr.', 'two\nlines'] });
      expect(rows[51]).toEqual({ line: 54, cells: ['last', 'row'] });
    }
  });

  it('fails on text after a closing quote, naming the line, wherever the chunks fall', async () => {
    const good = Array.from({ length: 50 }, (_, i) => `"r${i}","x, y"`).join('\n');
    for (const size of [4, 64, 100_000]) {
      const err = await all(
        csvRecords(new TextSource(chunks(`${good}\n"ab"c,d\nlast,row\n`, size)), { delimiter: ',', label: 'f' }),
      ).catch((e) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err.message).toBe('f line 51: Invalid Closing Quote: found non trimable byte after quote');
    }
  });

  it('fails on a record longer than 4 MB (a quote never closed in a large file), naming its line', async () => {
    const text = `a,b\n1,2\n"${'x'.repeat(5 * 1024 * 1024)}`;
    const err = await all(
      csvRecords(new TextSource(chunks(text, 64 * 1024)), { delimiter: ',', label: 'big.csv' }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.message).toBe('big.csv line 3: a record longer than 4 MB starts here (an unclosed quote?)');
  });

  it('gives the records csv-parse gives, for any text in any chunking (property)', async () => {
    const piece = fc.constantFrom(
      'a',
      'b',
      'é',
      '王',
      ' ',
      '\t',
      ',',
      ';',
      '"',
      '""',
      '\n',
      '\n\n',
      '"x,\ny"',
      ' "q" ',
      '',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 60 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(',', ';'),
        async (parts, size, delimiter) => {
          const text = parts.join('');
          const run = async (records: AsyncIterable<unknown>) =>
            all(records).catch((e: unknown) => ({ error: e instanceof AppError ? e.message : String(e) }));
          const fast = await run(csvRecords(new TextSource(chunks(text, size)), { delimiter, label: 'p.csv' }));
          const reference = await run(relaxedRecords(new TextSource(text), { delimiter, label: 'p.csv' }));
          expect(fast).toEqual(reference);
        },
      ),
      { numRuns: 400 },
    );
  });
});
