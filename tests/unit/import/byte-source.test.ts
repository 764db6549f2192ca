import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../server/core/app-error.js';
import { CHUNK_BYTES, type ByteInput, readBytes } from '../../../server/import/byte-source.js';

const dir = mkdtempSync(join(tmpdir(), 'nurture-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes that differ from position to position, so a piece out of order or repeated shows. */
const sample = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + (i >> 8)) & 0xff));

async function chunks(input: ByteInput, maxBytes = 1 << 30, onBytes?: (n: number) => void): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of readBytes(input, { maxBytes, label: 'f.csv', ...(onBytes ? { onBytes } : {}) })) out.push(c);
  return out;
}

describe('readBytes', () => {
  it('refuses input over the limit as soon as it passes it, naming the file', async () => {
    let reported = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) yield sample(1000);
    }
    const e = await chunks({ stream: endless() }, 10_000, (n) => (reported = n)).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect((e as AppError).message).toContain('f.csv');
    expect(reported).toBe(10_000);
    // A buffer (and a file) of known size is refused before any chunk.
    await expect(chunks({ buffer: sample(3 * CHUNK_BYTES) }, 2 * CHUNK_BYTES)).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
  });

  it('hands a buffer, a file and a stream on in chunks of at most CHUNK_BYTES, every byte once and in order', async () => {
    const bytes = sample(5 * CHUNK_BYTES + 123);
    const path = join(dir, 'big.csv');
    writeFileSync(path, bytes);
    async function* stream(): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, 3 * CHUNK_BYTES + 7); // larger than a chunk
      yield bytes.subarray(3 * CHUNK_BYTES + 7, 3 * CHUNK_BYTES + 10); // a few bytes
      yield bytes.subarray(3 * CHUNK_BYTES + 10);
    }
    for (const input of [{ buffer: bytes }, { path }, { stream: stream() }] as ByteInput[]) {
      const progress: number[] = [];
      const out = await chunks(input, 1 << 30, (n) => progress.push(n));
      expect(out.every((c) => c.byteLength > 0 && c.byteLength <= CHUNK_BYTES)).toBe(true);
      expect(Buffer.concat(out).equals(bytes)).toBe(true);
      expect(progress.at(-1)).toBe(bytes.length);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
    }
    // A buffer's pieces are views of it, not copies.
    const [first] = await chunks({ buffer: bytes });
    expect(first!.buffer).toBe(bytes.buffer);
  });

  it('passes a small buffer on as it is', async () => {
    const small = sample(100);
    expect(await chunks({ buffer: small })).toEqual([small]);
    expect(await chunks({ buffer: Buffer.alloc(0) })).toEqual([]);
  });
});
