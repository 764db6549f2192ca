/**
 * CSV records with their physical line numbers, on csv-parse (RFC 4180:
 * quoted fields with delimiters, doubled quotes and newlines). The header is
 * searched for among the first lines rather than assumed on line 1, because
 * LinkedIn puts a "Notes:" preamble above it, and the delimiter is whichever
 * of `,` and `;` (a spreadsheet re-save) makes that header parse.
 *
 * Line numbers count LFs in the raw text each record consumed, so a quoted
 * field spanning lines, a blank line or the preamble all count as the file
 * shows them.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { parse, type CsvError, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { AppError } from '../core/app-error.js';
import { countNewlines } from './text-decode.js';

export type TextInput = string | AsyncIterable<string>;

export interface CsvRecord {
  /** Physical line (1-based) where the record starts. */
  line: number;
  /** Cells, trimmed of spaces and tabs. */
  cells: string[];
}

export interface CsvHeader {
  line: number;
  cells: string[];
  /** Cells folded for matching: `Email Address` and `EMAIL ADDRESS` both give `emailaddress`. */
  keys: string[];
  delimiter: string;
}

export const HEADER_SEARCH_LINES = 40;
const MAX_RECORD_BYTES = 4 * 1024 * 1024;
const DELIMITERS = [',', ';'];

export const headerKey = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

function normalizeNewlines(s: string): string {
  return s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
}

/**
 * Text that can be peeked at (for the header) and then read once from the
 * start. Line endings become LF; a leading BOM goes.
 */
export class TextSource implements AsyncIterable<string> {
  private readonly buffered: string[] = [];
  private readonly it: AsyncIterator<string> | null;
  private done: boolean;
  private started = false;
  private carryCr = false;
  private consumed = false;

  constructor(input: TextInput) {
    if (typeof input === 'string') {
      this.buffered.push(normalizeNewlines(input).replace(/^\uFEFF/, ''));
      this.it = null;
      this.done = true;
    } else {
      this.it = input[Symbol.asyncIterator]();
      this.done = false;
    }
  }

  static of(input: TextInput | TextSource): TextSource {
    return input instanceof TextSource ? input : new TextSource(input);
  }

  private async pull(): Promise<string | null> {
    if (this.done || !this.it) return null;
    const r = await this.it.next();
    if (r.done) {
      this.done = true;
      const tail = this.carryCr ? '\n' : '';
      this.carryCr = false;
      return tail || null;
    }
    let s = (this.carryCr ? '\r' : '') + r.value;
    this.carryCr = s.endsWith('\r');
    if (this.carryCr) s = s.slice(0, -1);
    s = normalizeNewlines(s);
    if (!this.started) {
      this.started = true;
      s = s.replace(/^\uFEFF/, '');
    }
    return s;
  }

  /** The start of the text: at least `lines` lines or `chars` characters, or all of it. */
  async head(lines = HEADER_SEARCH_LINES, chars = 256 * 1024): Promise<string> {
    let text = this.buffered.join('');
    while (!this.done && countNewlines(text) < lines && text.length < chars) {
      const next = await this.pull();
      if (next === null) break;
      this.buffered.push(next);
      text += next;
    }
    return text;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    if (this.consumed) throw new Error('TextSource is read once');
    this.consumed = true;
    while (this.buffered.length) yield this.buffered.shift()!;
    for (;;) {
      const next = await this.pull();
      if (next === null) return;
      if (next) yield next;
    }
  }
}

function csvError(label: string, e: CsvError, line: number): AppError {
  const reason =
    e.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quoted field that starts here is never closed'
      : e.code === 'CSV_MAX_RECORD_SIZE'
        ? `a record longer than ${MAX_RECORD_BYTES / 1024 / 1024} MB starts here (an unclosed quote?)`
        : e.message;
  return new AppError('VALIDATION', `${label} line ${line}: ${reason}`, {
    file: label, line, errors: [{ path: `line.${line}`, message: reason }],
  });
}

const BLANK_PREFIX = /^(?:[^\S\n]*\n)+/;

const parserOptions = (delimiter: string) => ({
  delimiter,
  record_delimiter: '\n',
  relax_quotes: true,
  relax_column_count: true,
  skip_empty_lines: false,
  trim: true,
  max_record_size: MAX_RECORD_BYTES,
});

/**
 * Every record of the text with the physical line it starts on; `firstLine`
 * is the line the text starts on. Records whose cells are all empty (`,,,,`)
 * are left out. Lines are counted as csv-parse emits each record, so when it
 * fails the line of the failing record is known.
 */
export async function* csvRecords(
  text: AsyncIterable<string>,
  { delimiter, label, firstLine = 1 }: { delimiter: string; label: string; firstLine?: number },
): AsyncGenerator<CsvRecord> {
  let cursor = firstLine;
  const options: Options = {
    ...parserOptions(delimiter),
    raw: true,
    on_record: ({ record, raw }: { record: string[]; raw: string }): CsvRecord | null => {
      const blank = BLANK_PREFIX.exec(raw);
      const line = cursor + (blank ? countNewlines(blank[0]) : 0);
      cursor += countNewlines(raw);
      let empty = true;
      for (let i = 0; i < record.length; i++) {
        const c = record[i]!.trim();
        record[i] = c;
        if (c) empty = false;
      }
      return empty ? null : { line, cells: record };
    },
  } as unknown as Options;
  const parser = parse(options);
  pipeline(Readable.from(text), parser, () => {
    // Errors surface through the iteration below.
  });
  try {
    for await (const r of parser as AsyncIterable<CsvRecord>) yield r;
  } catch (e) {
    const code = (e as CsvError).code;
    if (typeof code === 'string' && (code.startsWith('CSV_') || code === 'INVALID_OPENING_QUOTE')) {
      throw csvError(label, e as CsvError, cursor);
    }
    throw e;
  } finally {
    parser.destroy();
  }
}

/**
 * The header among the first lines, and the delimiter that makes it parse;
 * null when there is none. Each line is tried on its own, so a preamble
 * that does not parse (a quoted note re-saved badly) cannot hide the header.
 */
export async function findHeader(source: TextSource, isHeader: (keys: string[]) => boolean, maxLines = HEADER_SEARCH_LINES): Promise<CsvHeader | null> {
  const lines = (await source.head(maxLines)).split('\n', maxLines);
  for (const [i, text] of lines.entries()) {
    if (!text.trim()) continue;
    for (const delimiter of DELIMITERS) {
      let cells: string[];
      try {
        cells = ((parseSync(text, parserOptions(delimiter)) as string[][])[0] ?? []).map((c) => c.trim());
      } catch {
        continue;
      }
      const keys = cells.map(headerKey);
      if (isHeader(keys)) return { line: i + 1, cells, keys, delimiter };
    }
  }
  return null;
}

/** Drops the first `n` lines of the text. */
async function* afterLines(text: AsyncIterable<string>, n: number): AsyncGenerator<string> {
  let left = n;
  for await (let chunk of text) {
    while (left > 0 && chunk) {
      const at = chunk.indexOf('\n');
      if (at < 0) {
        chunk = '';
        break;
      }
      chunk = chunk.slice(at + 1);
      left--;
    }
    if (left === 0 && chunk) yield chunk;
  }
}

/** The records below the header; the preamble above it is not parsed at all. */
export function rowsAfter(source: TextSource, header: CsvHeader, label: string): AsyncGenerator<CsvRecord> {
  return csvRecords(afterLines(source, header.line), { delimiter: header.delimiter, label, firstLine: header.line + 1 });
}

/** Column positions by folded header name; the first of `names` present wins. -1 when absent. */
export function columnIndex(header: CsvHeader, ...names: string[]): number {
  for (const n of names) {
    const i = header.keys.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

export const cell = (r: CsvRecord, i: number): string => (i >= 0 ? (r.cells[i] ?? '') : '');
