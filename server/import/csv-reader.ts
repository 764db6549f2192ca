/**
 * CSV records with their physical line numbers (RFC 4180: quoted fields with
 * delimiters, doubled quotes and newlines). Well-formed text is read by
 * papaparse, several times faster than csv-parse on a 100,000-message export;
 * from the first chunk papaparse flags (a stray quote after a closed one) or
 * would misread (a quote opened after spaces: `a, "b, c"`), the rest is read by
 * csv-parse, whose relaxed quoting and trimming accept what spreadsheets write. The header is
 * searched for among the first lines rather than assumed on line 1, because
 * LinkedIn puts a "Notes:" preamble above it, and the delimiter is whichever
 * of `,` and `;` (a spreadsheet re-save) makes that header parse.
 *
 * Line numbers are physical lines: a quoted field spanning lines, a blank
 * line or the preamble all count as the file shows them.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parse, type CsvError, type Options } from 'csv-parse';
import Papa from 'papaparse';
import { parse as parseSync } from 'csv-parse/sync';
import { AppError } from '../core/app-error.js';
import { countLf, countNewlines } from './text-decode.js';

/**
 * Text to parse: a string, or chunks of strings or of UTF-8 bytes with LF or
 * CRLF line endings (what `decodeUtf8` yields).
 */
export type TextInput = string | AsyncIterable<string | Uint8Array>;

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
/** Comma; semicolon (a spreadsheet's re-save where the comma is the decimal mark); tab (Excel's "Text" and "Unicode Text"). */
const DELIMITERS = [',', ';', '\t'];

export const headerKey = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

/** A lone CR (old Mac line endings) becomes LF; CRLF stays as written (see text-decode.ts). */
function normalizeNewlines(s: string): string {
  return s.includes('\r') ? s.replace(/\r(?!\n)/g, '\n') : s;
}

/**
 * Text as UTF-8 bytes that can be peeked at (for the header) and then read
 * once from the start. Strings get LF line endings and lose a leading BOM.
 */
export class TextSource implements AsyncIterable<Buffer> {
  private readonly buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private bufferedLines = 0;
  private readonly it: AsyncIterator<string | Uint8Array> | null;
  private done: boolean;
  private started = false;
  private carryCr = false;
  private consumed = false;

  constructor(input: TextInput) {
    if (typeof input === 'string') {
      this.push(Buffer.from(normalizeNewlines(input).replace(/^\uFEFF/, ''), 'utf8'));
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

  private push(b: Buffer): void {
    this.buffered.push(b);
    this.bufferedBytes += b.length;
    this.bufferedLines += countLf(b);
  }

  private async pull(): Promise<Buffer | null> {
    if (this.done || !this.it) return null;
    const r = await this.it.next();
    if (r.done) {
      this.done = true;
      const tail = this.carryCr ? Buffer.from('\n') : null;
      this.carryCr = false;
      return tail;
    }
    let b: Buffer;
    if (typeof r.value === 'string') {
      let s = (this.carryCr ? '\r' : '') + r.value;
      this.carryCr = s.endsWith('\r');
      if (this.carryCr) s = s.slice(0, -1);
      if (!this.started) s = s.replace(/^\uFEFF/, '');
      b = Buffer.from(normalizeNewlines(s), 'utf8');
    } else {
      b = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
      if (!this.started && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
    }
    this.started = true;
    return b;
  }

  /** The start of the text: at least `lines` lines or `bytes` bytes, or all of it. */
  async head(lines = HEADER_SEARCH_LINES, bytes = 256 * 1024): Promise<string> {
    while (!this.done && this.bufferedLines < lines && this.bufferedBytes < bytes) {
      const next = await this.pull();
      if (next === null) break;
      this.push(next);
    }
    // The last character may be cut; it is not needed to find a header.
    return new TextDecoder('utf-8').decode(Buffer.concat(this.buffered));
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    if (this.consumed) throw new Error('TextSource is read once');
    this.consumed = true;
    while (this.buffered.length) yield this.buffered.shift()!;
    for (;;) {
      const next = await this.pull();
      if (next === null) return;
      if (next.length) yield next;
    }
  }
}

const NOT_CLOSED = 'a quoted field that starts here is never closed';
const TOO_LONG = `a record longer than ${MAX_RECORD_BYTES / 1024 / 1024} MB starts here (an unclosed quote?)`;

function csvError(label: string, e: CsvError | string, line: number): AppError {
  const reason =
    typeof e === 'string'
      ? e
      : e.code === 'CSV_QUOTE_NOT_CLOSED'
        ? NOT_CLOSED
        : e.code === 'CSV_MAX_RECORD_SIZE'
          ? TOO_LONG
          : e.message.replace(/ at line \d+$/, ''); // csv-parse counts from where it started, not the file's line
  return new AppError('VALIDATION', `${label} line ${line}: ${reason}`, {
    file: label,
    line,
    errors: [{ path: `line.${line}`, message: reason }],
  });
}

const parserOptions = (delimiter: string) => ({
  delimiter,
  record_delimiter: '\n',
  relax_quotes: true,
  relax_column_count: true,
  skip_empty_lines: false,
  trim: true,
  max_record_size: MAX_RECORD_BYTES,
});

const quotedAfterSpace = (raw: string): boolean => {
  const first = raw.charCodeAt(0);
  return (first === 32 || first === 9) && /^[ \t]+"/.test(raw);
};

/**
 * Trims a record's cells in place; the physical lines it spans (one, plus the
 * line feeds inside its quoted fields) and whether every cell is empty.
 */
function tidy(cells: string[]): { lines: number; empty: boolean } {
  let lines = 1;
  let empty = true;
  for (let i = 0; i < cells.length; i++) {
    const raw = cells[i]!;
    if (raw.includes('\n')) lines += countNewlines(raw);
    const c = raw.trim();
    cells[i] = c;
    if (c) empty = false;
  }
  return { lines, empty };
}

/**
 * Every record of the text with the physical line it starts on; `firstLine`
 * is the line the text starts on. Records whose cells are all empty (`,,,,`)
 * are left out.
 *
 * A record spans one line plus the line feeds inside its quoted fields (line
 * endings are LF by now, and unquoted fields cannot hold one). The text is
 * parsed a chunk at a time; the record cut by a chunk's end is carried over
 * to the next, so memory holds a chunk and one record.
 */
export async function* csvRecords(
  text: AsyncIterable<string | Buffer>,
  options: { delimiter: string; label: string; firstLine?: number },
): AsyncGenerator<CsvRecord> {
  for await (const batch of csvRecordBatches(text, options)) yield* batch;
}

/**
 * `csvRecords` a batch at a time (the records of a chunk), for the parsers: a
 * record handed over on its own costs an await, and an export has 100,000.
 */
export async function* csvRecordBatches(
  text: AsyncIterable<string | Buffer>,
  { delimiter, label, firstLine = 1 }: { delimiter: string; label: string; firstLine?: number },
): AsyncGenerator<CsvRecord[]> {
  const chunks = strings(text)[Symbol.asyncIterator]();
  const parser = new Papa.Parser({ delimiter, newline: '\n', quoteChar: '"' });
  let line = firstLine;
  let carry = '';
  let out: CsvRecord[] = [];
  let starts: number[] = [];
  /** Records of papaparse's rows into `out`; false (and nothing added) when a row needs csv-parse. */
  const take = (rows: string[][]): boolean => {
    out = [];
    starts = [];
    let at = line;
    for (const row of rows) {
      // A space or tab, then a quote: csv-parse (trim) reads a quoted field there, papaparse a literal quote.
      if (row.some(quotedAfterSpace)) return false;
      starts.push(at);
      const { lines, empty } = tidy(row);
      if (!empty) out.push({ line: at, cells: row });
      at += lines;
    }
    line = at;
    return true;
  };
  for (;;) {
    const next = await chunks.next();
    const last = next.done === true;
    const input = last ? carry : carry + next.value;
    if (last && !input) return;
    const result = parser.parse(input, 0, !last) as Papa.ParseResult<string[]>;
    const flagged = result.errors.some((e) => e.code !== 'MissingQuotes');
    if (flagged || !take(result.data)) {
      yield* relaxedBatches(resumed(input, last ? null : chunks), { delimiter, label, firstLine: line });
      return;
    }
    if (result.errors.length) {
      // A quote still open at the end of the text: papaparse ends its row there.
      throw csvError(label, NOT_CLOSED, starts[result.errors[0]!.row ?? starts.length - 1] ?? line);
    }
    if (out.length) yield out;
    out = [];
    if (last) return;
    carry = input.slice(result.meta.cursor);
    if (carry.length > MAX_RECORD_BYTES) throw csvError(label, TOO_LONG, line);
  }
}

/** The text as strings, UTF-8 characters split between byte chunks put back together. */
async function* strings(text: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of text) {
    const s = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (s) yield s;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

async function* resumed(first: string, rest: AsyncIterator<string> | null): AsyncGenerator<string> {
  yield first;
  if (!rest) return;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/** csv-parse, for the text from the first chunk papaparse cannot be trusted with (exported for tests). */
export async function* relaxedRecords(
  text: AsyncIterable<string | Buffer>,
  options: { delimiter: string; label: string; firstLine?: number },
): AsyncGenerator<CsvRecord> {
  for await (const batch of relaxedBatches(text, options)) yield* batch;
}

async function* relaxedBatches(
  text: AsyncIterable<string | Buffer>,
  { delimiter, label, firstLine = 1 }: { delimiter: string; label: string; firstLine?: number },
): AsyncGenerator<CsvRecord[]> {
  const parser = parse(parserOptions(delimiter) as Options);
  const source = Readable.from(text);
  let cursor = firstLine;
  let queue: CsvRecord[] = [];
  let failure: unknown = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  parser.on('data', (record: string[]) => {
    const line = cursor;
    const { lines, empty } = tidy(record);
    cursor += lines;
    if (!empty) queue.push({ line, cells: record });
    // Small batches: records handed over quickly die young, which keeps the heap small.
    if (queue.length >= 256) parser.pause();
    signal();
  });
  parser.on('end', () => {
    ended = true;
    signal();
  });
  pipeline(source, parser, (e) => {
    if (e) failure = e;
    signal();
  });
  try {
    for (;;) {
      if (queue.length) {
        const batch = queue;
        queue = [];
        if (parser.isPaused()) parser.resume();
        yield batch;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } catch (e) {
    const code = (e as CsvError).code;
    if (typeof code === 'string' && (code.startsWith('CSV_') || code === 'INVALID_OPENING_QUOTE')) {
      throw csvError(label, e as CsvError, cursor);
    }
    throw e;
  } finally {
    parser.destroy();
    source.destroy();
  }
}

/**
 * The header among the first lines, and the delimiter that makes it parse;
 * null when there is none. Each line is tried on its own, so a preamble
 * that does not parse (a quoted note re-saved badly) cannot hide the header.
 */
export async function findHeader(
  source: TextSource,
  isHeader: (keys: string[]) => boolean,
  maxLines = HEADER_SEARCH_LINES,
): Promise<CsvHeader | null> {
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
async function* afterLines(text: AsyncIterable<Buffer>, n: number): AsyncGenerator<Buffer> {
  let left = n;
  for await (let chunk of text) {
    while (left > 0 && chunk.length) {
      const at = chunk.indexOf(10);
      if (at < 0) {
        chunk = chunk.subarray(chunk.length);
        break;
      }
      chunk = chunk.subarray(at + 1);
      left--;
    }
    if (left === 0 && chunk.length) yield chunk;
  }
}

/** The records below the header; the preamble above it is not parsed at all. */
export function rowsAfter(source: TextSource, header: CsvHeader, label: string): AsyncGenerator<CsvRecord> {
  return csvRecords(afterLines(source, header.line), {
    delimiter: header.delimiter,
    label,
    firstLine: header.line + 1,
  });
}

/** `rowsAfter` a batch at a time (see `csvRecordBatches`). */
export function rowBatchesAfter(source: TextSource, header: CsvHeader, label: string): AsyncGenerator<CsvRecord[]> {
  return csvRecordBatches(afterLines(source, header.line), {
    delimiter: header.delimiter,
    label,
    firstLine: header.line + 1,
  });
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
