/**
 * JSON written piece by piece: the arrays named as streamed go out element by
 * element, in chunks of about 64 KB, so no single string holds the document.
 * V8 caps a string near 512 MB; the scores of ~200,000 people are more than
 * that as one JSON text (`analyze --json`, the JSON export).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export type Write = (chunk: string) => void | Promise<void>;

const CHUNK = 64 * 1024;

const isIterable = (v: unknown): v is Iterable<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function';

/**
 * Writes the object `value` as JSON; the values of `streamed` keys are arrays or other iterables (a
 * generator builds each element as it is written, and none is kept).
 */
export async function writeJson(
  write: Write,
  value: Record<string, unknown>,
  streamed: readonly string[],
): Promise<void> {
  let buffer = '{';
  const flush = async (force = false) => {
    if (buffer.length >= CHUNK || (force && buffer.length > 0)) {
      const chunk = buffer;
      buffer = '';
      await write(chunk);
    }
  };
  let first = true;
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    buffer += `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (streamed.includes(key) && (Array.isArray(v) || isIterable(v))) {
      buffer += '[';
      let i = 0;
      for (const x of v as Iterable<unknown>) {
        buffer += (i++ === 0 ? '' : ',') + JSON.stringify(x ?? null);
        await flush();
      }
      buffer += ']';
    } else {
      buffer += JSON.stringify(v);
    }
    await flush();
  }
  buffer += '}';
  await flush(true);
}

/** A Write onto a stream (stdout, an HTTP response) that waits when the stream asks it to. */
export function streamWriter(stream: Writable): Write {
  return async (chunk) => {
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
}
