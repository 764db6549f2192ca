/**
 * Uploaded bytes made ready for the CSV parser: checked to be text, in UTF-8.
 * UTF-8 (with or without a BOM) is the norm; UTF-16 with a BOM (Excel's
 * "Unicode Text") is converted; Windows-1252, which Excel's plain "CSV (Comma
 * delimited)" writes on Western Windows, is converted when the bytes are not
 * UTF-8 and nothing before the first byte that breaks UTF-8 was anything but
 * ASCII (the two agree on ASCII). Text that mixes UTF-8 with other bytes, or
 * holds bytes Windows-1252 does not define, is refused with the line and
 * byte where decoding failed, never guessed: a wrong guess would put mangled
 * names into the graph silently. The encoding found is reported.
 *
 * Line endings stay as written (LF or CRLF: the CSV parser ends records at
 * the LF, and a CRLF inside a quoted field is part of the value); a lone CR
 * (old Mac files) becomes LF. Physical line numbers are a count of LFs.
 * Out comes UTF-8, whatever came in.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
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

const seqLength = (c: number) =>
  c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;

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

const EMPTY = Buffer.alloc(0);

/** LF bytes in a buffer. */
export function countLf(b: Uint8Array, end = b.length): number {
  let n = 0;
  for (let i = b.indexOf(10); i >= 0 && i < end; i = b.indexOf(10, i + 1)) n++;
  return n;
}

/** The encodings an upload is read in. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * The input as UTF-8 bytes in chunks, lone CRs turned into LF, the BOM
 * removed. UTF-8 is validated, not decoded: csv-parse decodes each field
 * itself, so decoding here too would double the work on a large file.
 * Throws UNSUPPORTED_MEDIA_TYPE for binary input and undecodable bytes.
 * `onEncoding` hears the encoding found (again if it changes, from UTF-8 to
 * Windows-1252, at the first byte that is not UTF-8).
 */
export async function* decodeUtf8(
  bytes: AsyncIterable<Uint8Array>,
  label: string,
  onEncoding?: (encoding: TextEncodingName) => void,
): AsyncGenerator<Buffer> {
  let utf16: TextDecoder | null = null;
  let cp1252: ReturnType<typeof iconv.getDecoder> | null = null;
  let allAscii = true; // every UTF-8 byte so far was ASCII: a later non-UTF-8 byte may be Windows-1252
  let pending: Buffer = EMPTY;
  let carry: Buffer = EMPTY; // the start of a UTF-8 character cut by the chunk end
  let carryCr = false;
  let bytesBefore = 0; // input bytes before `carry`
  let linesBefore = 1;
  let first = true;

  /** A lone CR becomes LF; CRLF stays (a CR at a chunk's end waits to see what follows). */
  const toLf = (b: Buffer, last: boolean): Buffer => {
    if (carryCr) {
      b = Buffer.concat([Buffer.from([13]), b]);
      carryCr = false;
    }
    if (b.indexOf(13) < 0) return b;
    const out = Buffer.allocUnsafe(b.length);
    let j = 0;
    for (let i = 0; i < b.length; i++) {
      const c = b[i]!;
      if (c !== 13) out[j++] = c;
      else if (i + 1 < b.length) out[j++] = b[i + 1] === 10 ? 13 : 10;
      else if (last) out[j++] = 10;
      else carryCr = true;
    }
    return out.subarray(0, j);
  };

  /** Windows-1252 from here on: what it does not define (0x81, 0x8D, 0x8F, 0x90, 0x9D) is refused. */
  const fromCp1252 = (chunk: Buffer, last: boolean): Buffer => {
    let text = cp1252!.write(chunk);
    if (last) text += cp1252!.end() ?? '';
    const bad = text.indexOf('\uFFFD');
    if (bad >= 0) {
      const line = linesBefore + countNewlines(text, bad);
      throw undecodable(label, 'the bytes are neither UTF-8 nor Windows-1252', { line, byte: bytesBefore + bad + 1 });
    }
    bytesBefore += chunk.length;
    return Buffer.from(text, 'utf8');
  };

  const utf8 = (chunk: Buffer, last: boolean): Buffer => {
    const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const cut = last ? 0 : incompleteTail(data).length;
    const body = cut ? data.subarray(0, data.length - cut) : data;
    if (!isUtf8(body)) {
      let at = firstInvalidUtf8(body);
      if (at < 0) at = body.length;
      const prefix = body.subarray(0, at);
      if (allAscii && isAscii(prefix)) {
        // Nothing so far but ASCII, which Windows-1252 reads alike: the rest is Windows-1252.
        cp1252 = iconv.getDecoder('windows-1252');
        onEncoding?.('windows-1252');
        carry = EMPTY;
        return fromCp1252(data, last);
      }
      let line = linesBefore + countLf(prefix);
      for (let i = prefix.indexOf(13); i >= 0; i = prefix.indexOf(13, i + 1)) if (prefix[i + 1] !== 10) line++;
      const byte = body[at];
      const hint =
        byte !== undefined && byte >= 0x80
          ? ` (0x${byte.toString(16).toUpperCase()}; Windows-1252 or Latin-1 text?)`
          : '';
      throw undecodable(label, `the bytes are not valid UTF-8${hint}`, { line, byte: bytesBefore + at + 1 });
    }
    if (allAscii && !isAscii(body)) allAscii = false;
    bytesBefore += body.length;
    carry = cut ? Buffer.from(data.subarray(data.length - cut)) : EMPTY;
    return body;
  };

  const start = (head: Buffer): Buffer => {
    const sniffed = sniffBytes(head);
    if (sniffed.kind === 'binary') throw notText(label, `it is ${sniffed.what}`);
    if (sniffed.kind === 'zip')
      throw notText(label, 'it is a zip archive (an Excel .xlsx workbook, or an export zip named like a CSV)');
    if (head[0] === 0xff && head[1] === 0xfe) utf16 = new TextDecoder('utf-16le', { fatal: true });
    else if (head[0] === 0xfe && head[1] === 0xff) utf16 = new TextDecoder('utf-16be', { fatal: true });
    onEncoding?.(utf16 ? (utf16.encoding as TextEncodingName) : 'utf-8');
    if (!utf16) {
      const sample = head.subarray(0, 4096);
      if (sample.indexOf(0) >= 0) {
        // Text in UTF-16 without a BOM has a NUL beside nearly every ASCII letter.
        let nuls = 0;
        for (const b of sample) if (b === 0) nuls++;
        if (nuls > sample.length / 4) throw undecodable(label, 'it looks like UTF-16 without a byte-order mark', null);
        throw notText(label, 'it contains binary data (NUL bytes)');
      }
      if (looksBinary(new TextDecoder('utf-8').decode(sample))) throw notText(label, 'it contains binary data');
      if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
        bytesBefore = 3;
        return head.subarray(3);
      }
    }
    return head;
  };

  const convert = (chunk: Buffer, last: boolean): Buffer => {
    let out: Buffer;
    if (utf16) {
      let text: string;
      try {
        text = utf16.decode(chunk, { stream: !last });
      } catch {
        throw undecodable(label, `the bytes are not valid ${utf16.encoding.toUpperCase()}`, null);
      }
      if (first && looksBinary(text)) throw notText(label, 'it contains binary data');
      out = toLf(Buffer.from(text, 'utf8'), last);
    } else if (cp1252) {
      out = toLf(fromCp1252(chunk, last), last);
    } else {
      out = toLf(utf8(chunk, last), last);
    }
    first = false;
    linesBefore += countLf(out);
    return out;
  };

  for await (const raw of bytes) {
    let chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (first) {
      // A few bytes are needed to see a BOM or a signature.
      if (pending.length + chunk.length < 8) {
        pending = Buffer.concat([pending, chunk]);
        continue;
      }
      chunk = start(pending.length ? Buffer.concat([pending, chunk]) : chunk);
      pending = EMPTY;
    }
    const out = convert(chunk, false);
    if (out.length) yield out;
  }
  if (first) {
    // The whole input was shorter than the sniffing window.
    if (pending.length === 0) return;
    const out = convert(start(pending), true);
    if (out.length) yield out;
    return;
  }
  const rest = convert(EMPTY, true);
  if (rest.length) yield rest;
}
