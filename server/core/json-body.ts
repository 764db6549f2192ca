/**
 * A JSON answer serialised once and served many times: its bytes, and their
 * gzip form made on first demand. A route handler returns one; the route layer
 * sends the gzip form to clients that accept it (every browser does), so a
 * cached ranking page is neither serialised nor compressed twice.
 */
import { gzipSync } from 'node:zlib';

export class JsonBody {
  private gzipped: Buffer | undefined;

  constructor(readonly raw: Buffer) {}

  static of(value: unknown): JsonBody {
    return new JsonBody(Buffer.from(JSON.stringify(value)));
  }

  /** Worth compressing: small answers go as they are. */
  get compressible(): boolean {
    return this.raw.length >= 1024;
  }

  gzip(): Buffer {
    return (this.gzipped ??= gzipSync(this.raw, { level: 6 }));
  }
}
