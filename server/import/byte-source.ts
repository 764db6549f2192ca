/**
 * Where uploaded bytes come from (a file, a buffer, a stream) and the checks
 * made before anything is parsed: the size limit, counted while reading so a
 * stream never has to be held whole, and what the first bytes say the file is.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { AppError } from '../core/app-error.js';

export type ByteInput = { path: string } | { buffer: Uint8Array } | { stream: AsyncIterable<Uint8Array> };

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

export function describeBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} bytes`;
}

export function tooLarge(label: string, maxBytes: number, size?: number): AppError {
  const actual = size === undefined ? 'larger than' : `${describeBytes(size)}, over`;
  return new AppError('PAYLOAD_TOO_LARGE', `${label} is ${actual} the import limit of ${describeBytes(maxBytes)}`, {
    file: label,
    maxBytes,
    ...(size === undefined ? {} : { size }),
  });
}

/** The size when it is known before reading (a file or a buffer). */
export async function knownSize(input: ByteInput): Promise<number | null> {
  if ('buffer' in input) return input.buffer.byteLength;
  if ('path' in input) {
    try {
      return (await stat(input.path)).size;
    } catch (e) {
      throw new AppError(
        'VALIDATION',
        `Cannot read ${input.path}: ${(e as Error).message}`,
        { file: input.path },
        { cause: e },
      );
    }
  }
  return null;
}

/**
 * The largest chunk handed on. Each chunk is decoded to one string and parsed on its own, and the size
 * matters: a 25 MB messages.csv read from disk parsed in 0.6-0.9 s in 32 or 64 KB chunks and in
 * 0.9-1.4 s in 128 or 256 KB chunks (three alternated runs of each; strings past 128 KB go to V8's
 * large-object space, which is the likely reason).
 */
export const CHUNK_BYTES = 64 * 1024;

/** The bytes of the input, in chunks of at most CHUNK_BYTES; throws PAYLOAD_TOO_LARGE as soon as the limit is passed. */
export async function* readBytes(
  input: ByteInput,
  { maxBytes, label, onBytes }: { maxBytes: number; label: string; onBytes?: (total: number) => void },
): AsyncGenerator<Uint8Array> {
  const size = await knownSize(input);
  if (size !== null && size > maxBytes) throw tooLarge(label, maxBytes, size);
  const source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array> =
    'buffer' in input
      ? [input.buffer]
      : 'path' in input
        ? createReadStream(input.path, { highWaterMark: CHUNK_BYTES })
        : input.stream;
  let total = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    // A buffer, or a stream's large chunk, in pieces (views of the same bytes, not copies).
    for (let at = 0; at < bytes.byteLength; at += CHUNK_BYTES) {
      const piece = bytes.byteLength <= CHUNK_BYTES ? bytes : bytes.subarray(at, at + CHUNK_BYTES);
      total += piece.byteLength;
      if (total > maxBytes) throw tooLarge(label, maxBytes);
      onBytes?.(total);
      yield piece;
    }
  }
}

/** All the bytes, for formats that need random access (zip); bounded by the limit. */
export async function readAll(input: ByteInput, options: { maxBytes: number; label: string }): Promise<Buffer> {
  if ('buffer' in input) {
    if (input.buffer.byteLength > options.maxBytes)
      throw tooLarge(options.label, options.maxBytes, input.buffer.byteLength);
    return Buffer.from(input.buffer.buffer, input.buffer.byteOffset, input.buffer.byteLength);
  }
  const chunks: Uint8Array[] = [];
  for await (const c of readBytes(input, options)) chunks.push(c);
  return Buffer.concat(chunks);
}

/** Signatures of files people upload by mistake, so the error can say what it is. */
const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel/Office document (.xls)' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'an SQLite database' },
];

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];

const startsWith = (head: Uint8Array, sig: number[]) => sig.every((b, i) => head[i] === b);

export type Sniffed = { kind: 'zip' } | { kind: 'binary'; what: string } | { kind: 'text' };

/** What the first bytes of an upload say it is. Text is checked further by the decoder. */
export function sniffBytes(head: Uint8Array): Sniffed {
  if (startsWith(head, ZIP) || startsWith(head, EMPTY_ZIP)) return { kind: 'zip' };
  const sig = SIGNATURES.find((s) => startsWith(head, s.bytes));
  return sig ? { kind: 'binary', what: sig.what } : { kind: 'text' };
}

/** The first bytes of an input, without consuming a stream (the returned input replays them). */
export async function peekBytes(input: ByteInput, n: number): Promise<{ head: Uint8Array; input: ByteInput }> {
  if ('buffer' in input) return { head: input.buffer.subarray(0, n), input };
  if ('path' in input) {
    const { open } = await import('node:fs/promises');
    await knownSize(input);
    const fh = await open(input.path, 'r');
    try {
      const buf = Buffer.alloc(n);
      const { bytesRead } = await fh.read(buf, 0, n, 0);
      return { head: buf.subarray(0, bytesRead), input };
    } finally {
      await fh.close();
    }
  }
  const it = input.stream[Symbol.asyncIterator]();
  const first: Uint8Array[] = [];
  let have = 0;
  let done = false;
  while (have < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    first.push(chunk);
    have += chunk.byteLength;
  }
  const head = Buffer.concat(first).subarray(0, n);
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield* first;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head, input: { stream: replay() } };
}
