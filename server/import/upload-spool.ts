/**
 * Where uploads wait while they are imported: `<data folder>/uploads/<pid>/`,
 * private to the process's user (folders 0700, files 0600). An upload's file
 * goes when its import ends, when the client gives up halfway, or when
 * anything fails; what a crashed process left behind is swept at the next
 * start (folders of processes that are no longer running).
 */
import { createWriteStream, mkdirSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { AppError } from '../core/app-error.js';
import { describeBytes } from './byte-source.js';

export interface Upload {
  path: string;
  fileName: string;
  fields: Record<string, string>;
  /** Removes the upload's file (safe to call twice). */
  discard(): Promise<void>;
}

/** The request as the spool reads it (an Express or plain Node request). */
export interface UploadRequest extends Readable {
  headers: IncomingHttpHeaders;
  complete: boolean;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class UploadSpool {
  readonly dir: string;

  constructor(dataDir: string) {
    const root = join(dataDir, 'uploads');
    this.dir = join(root, String(process.pid));
    mkdirSync(root, { recursive: true, mode: 0o700 });
    chmodSync(root, 0o700);
    // What an earlier run of this process id, or a process that is gone, left behind.
    for (const name of readdirSync(root)) {
      const pid = Number(name);
      if (!Number.isInteger(pid) || pid === process.pid || !alive(pid))
        rmSync(join(root, name), { recursive: true, force: true });
    }
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    chmodSync(this.dir, 0o700);
  }

  /** Files waiting now (for tests and health checks). */
  pending(): string[] {
    try {
      return readdirSync(this.dir);
    } catch {
      return [];
    }
  }

  /**
   * Spools the multipart field `file` to disk under `maxBytes` and collects the
   * other fields. A body that is not multipart, has no boundary or breaks off
   * is refused (415, 400) with nothing left behind.
   */
  async receive(req: UploadRequest, maxBytes: number): Promise<Upload> {
    const type = String(req.headers['content-type'] ?? '');
    if (!/^multipart\/form-data\b/i.test(type))
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Upload the file as multipart/form-data with a field named "file"');
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: maxBytes, fields: 20, fieldSize: 20_000 },
      });
    } catch (e) {
      throw new AppError('VALIDATION', `The upload is not valid multipart data: ${(e as Error).message}`, {
        errors: [{ path: 'body', message: (e as Error).message }],
      });
    }
    const dir = await mkdtemp(join(this.dir, 'u-'));
    const discard = () => rm(dir, { recursive: true, force: true });
    try {
      const received = await new Promise<{ path: string; fileName: string; fields: Record<string, string> }>(
        (resolve, reject) => {
          const fields: Record<string, string> = {};
          let file: Promise<{ path: string; fileName: string }> | null = null;
          let sink: ReturnType<typeof createWriteStream> | null = null;
          let tooBig = false;
          let done = false;
          const fail = (e: unknown) => {
            if (done) return;
            done = true;
            req.unpipe(bb);
            sink?.destroy();
            reject(e);
          };
          bb.on('field', (name, value) => {
            fields[name] = value;
          });
          bb.on('file', (name, stream, info) => {
            if (name !== 'file') {
              stream.resume();
              return;
            }
            const path = join(dir, 'upload');
            stream.on('limit', () => {
              tooBig = true;
            });
            sink = createWriteStream(path, { mode: 0o600, flags: 'wx' });
            file = pipeline(stream, sink).then(() => ({ path, fileName: info.filename || 'upload.csv' }));
            file.catch(fail);
          });
          bb.on('error', (e) =>
            fail(new AppError('VALIDATION', `The upload is not valid multipart data: ${(e as Error).message}`)),
          );
          bb.on('close', () => {
            if (done) return;
            if (!file) {
              fail(AppError.invalid('file', 'attach the file to import as a field named "file"'));
              return;
            }
            file.then((f) => {
              if (done) return;
              if (tooBig)
                fail(
                  new AppError(
                    'PAYLOAD_TOO_LARGE',
                    `${f.fileName} is larger than the import limit of ${describeBytes(maxBytes)}`,
                    { maxBytes },
                  ),
                );
              else {
                done = true;
                resolve({ ...f, fields });
              }
            }, fail);
          });
          // A client that gives up halfway: busboy would wait for the rest for ever.
          req.once('close', () => {
            if (!req.complete) fail(new AppError('VALIDATION', 'The upload was cut off before it ended'));
          });
          req.once('error', fail);
          req.pipe(bb);
        },
      );
      return { ...received, discard };
    } catch (e) {
      await discard();
      throw e;
    }
  }
}
