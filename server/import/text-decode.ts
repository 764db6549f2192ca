/**
 * Bytes to text for the CSV parser. UTF-8 (with or without a BOM) is the
 * norm; UTF-16 with a BOM (Excel's "Unicode text") is decoded too. Anything
 * else is refused with the line and byte where decoding failed, never guessed:
 * a wrong guess would put mangled names into the graph silently.
 *
 * Line endings come out as LF whatever went in (CRLF, CR), so physical line
 * numbers are a count of LFs. A CR inside a quoted field therefore reads as LF.
 */
import { AppError } from '../core/app-error.js';
import { sniffBytes } from './byte-source.js';

function notText(label: string, why: string): AppError {
  return new AppError('UNSUPPORTED_MEDIA_TYPE', `${label} is not a CSV file: ${why}`, { file: label });
}

function undecodable(label: string, why: string, where: { line: number; byte: number } | null): AppError {
  const at = where ? ` at line ${where.line} (byte ${where.byte})` : '';
  return new AppError(
    'UNSUPPORTED_MEDIA_TYPE',
    `${label} cannot be decoded${at}: ${why}. Save it as "CSV UTF-8" and import it again.`,
    { file: label, ...(where ?? {}) },
  );
}

const seqLength = (c: number) => (c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1);

/** Index of the first byte that breaks UTF-8 in `b` (which starts at a character boundary); -1 if none. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const need = seqLength(b[i]!);
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= b.length) return i; // cut off by the end
      if ((b[i + k]! & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** LFs in a string: physical lines once line endings are normalised. */
export function countNewlines(s: string, end = s.length): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0 && i < end; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** The bytes at the end of `b` that start a character not yet complete (the decoder holds them back). */
function incompleteTail(b: Uint8Array): Uint8Array {
  for (let i = Math.max(0, b.length - 3); i < b.length; i++) {
    const need = seqLength(b[i]!);
    if (need > 0 && i + need >= b.length) return b.subarray(i);
  }
  return new Uint8Array(0);
}

function looksBinary(text: string): boolean {
  let control = 0;
  const n = Math.min(text.length, 4096);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f) control++;
  }
  return n > 0 && control / n > 0.01;
}

/**
 * Decoded text in chunks, CRLF/CR turned into LF, the BOM removed. Throws
 * UNSUPPORTED_MEDIA_TYPE for binary input and undecodable bytes.
 */
export async function* decodeText(bytes: AsyncIterable<Uint8Array>, label: string): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let encoding = 'utf-8';
  let pending: Uint8Array = new Uint8Array(0);
  let tail: Uint8Array = new Uint8Array(0);
  let bytesBefore = 0;
  let linesBefore = 1;
  let carryCr = false;
  let first = true;

  const normalize = (s: string, last: boolean): string => {
    if (carryCr) s = `\r${s}`;
    carryCr = !last && s.endsWith('\r');
    if (carryCr) s = s.slice(0, -1);
    return s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
  };

  const decode = (chunk: Uint8Array, last: boolean): string => {
    try {
      const text = decoder!.decode(chunk, { stream: !last });
      if (encoding === 'utf-8') tail = incompleteTail(tail.length && chunk.length < 3 ? Buffer.concat([tail, chunk]) : chunk);
      return text;
    } catch {
      if (encoding !== 'utf-8') throw undecodable(label, `the bytes are not valid ${encoding.toUpperCase()}`, null);
      // Where it broke: the held-back start of a character plus this chunk begin at a character boundary.
      const bytes = tail.length ? Buffer.concat([tail, chunk]) : chunk;
      let at = firstInvalidUtf8(bytes);
      if (at < 0) at = bytes.length;
      const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, at));
      const line = linesBefore + (prefix.match(/\r\n|\r|\n/g)?.length ?? 0);
      const byte = bytes[at];
      const hint = byte !== undefined && byte >= 0x80 ? ` (0x${byte.toString(16).toUpperCase()}; Windows-1252 or Latin-1 text?)` : '';
      throw undecodable(label, `the bytes are not valid UTF-8${hint}`, { line, byte: bytesBefore - tail.length + at + 1 });
    }
  };

  const start = (head: Uint8Array): void => {
    const sniffed = sniffBytes(head);
    if (sniffed.kind === 'binary') throw notText(label, `it is ${sniffed.what}`);
    if (sniffed.kind === 'zip') throw notText(label, 'it is a zip archive (an Excel .xlsx workbook, or an export zip named like a CSV)');
    if (head[0] === 0xff && head[1] === 0xfe) encoding = 'utf-16le';
    else if (head[0] === 0xfe && head[1] === 0xff) encoding = 'utf-16be';
    else {
      const sample = head.subarray(0, 4096);
      const nul = sample.indexOf(0);
      if (nul >= 0) {
        // Text in UTF-16 without a BOM has a NUL beside nearly every ASCII letter.
        let nuls = 0;
        for (const b of sample) if (b === 0) nuls++;
        if (nuls > sample.length / 4) throw undecodable(label, 'it looks like UTF-16 without a byte-order mark', null);
        throw notText(label, 'it contains binary data (NUL bytes)');
      }
    }
    decoder = new TextDecoder(encoding, { fatal: true });
  };

  for await (const chunk of bytes) {
    let data: Uint8Array = chunk;
    if (first) {
      // Need a few bytes to see a BOM or a signature.
      if (pending.length + data.length < 8) {
        pending = Buffer.concat([pending, data]);
        continue;
      }
      data = pending.length ? Buffer.concat([pending, data]) : data;
      pending = new Uint8Array(0);
      start(data);
    }
    let text = decode(data, false);
    if (first) {
      if (looksBinary(text)) throw notText(label, 'it contains binary data');
      first = false;
    }
    bytesBefore += data.length;
    text = normalize(text, false);
    linesBefore += countNewlines(text);
    if (text) yield text;
  }
  if (first) {
    // The whole input was shorter than the sniffing window.
    if (pending.length === 0) return;
    start(pending);
    const text = normalize(decode(pending, true), true);
    if (looksBinary(text)) throw notText(label, 'it contains binary data');
    if (text) yield text;
    return;
  }
  const rest = normalize(decode(new Uint8Array(0), true), true);
  if (rest) yield rest;
}
