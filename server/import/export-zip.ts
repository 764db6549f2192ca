/**
 * LinkedIn's "Get a copy of your data" zip (`Basic_LinkedInDataExport_….zip`,
 * `Complete_LinkedInDataExport_….zip`). The files are found by exact name in
 * any folder, any case: `messages.csv` is the conversations, while look-alikes
 * such as `guide_messages.csv` or `learning_coach_messages.csv` are not.
 *
 * A zip can promise little and unpack to a lot (a "zip bomb"). Before any
 * entry is inflated, the number of entries, the declared total of the files
 * read and each one's compression ratio are checked; while inflating, the
 * bytes actually produced are counted against the same limits, so a zip that
 * lies about its sizes is stopped as soon as it passes one. Each refusal is a
 * PAYLOAD_TOO_LARGE (413) naming the limit.
 */
import yauzl from 'yauzl';
import { AppError } from '../core/app-error.js';
import { describeBytes } from './byte-source.js';
import type { CsvFileKind } from './import.types.js';

export const EXPORT_FILES: Record<string, CsvFileKind> = {
  'profile.csv': 'linkedin-profile',
  'connections.csv': 'linkedin-connections',
  'invitations.csv': 'linkedin-invitations',
  'messages.csv': 'linkedin-messages',
};

export interface ExportEntry {
  /** Path inside the zip. */
  name: string;
  kind: CsvFileKind;
  size: number;
  read(): Promise<AsyncIterable<Uint8Array>>;
}

export interface ExportZip {
  entries: ExportEntry[];
  close(): void;
}

export interface ZipLimits {
  /** What the export files read from the zip may unpack to, together. */
  maxTotalBytes: number;
  /** Unpacked size over packed size, for an entry past RATIO_FLOOR bytes. */
  maxRatio: number;
  /** Entries in the zip's directory (LinkedIn's complete export holds under a hundred). */
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 200 * 1024 * 1024,
  // Text compresses 3 to 10 times in LinkedIn's exports; 100 leaves room for a very repetitive file.
  maxRatio: 100,
  maxEntries: 10_000,
};

/** Small files may compress further (a header and a few rows): the ratio applies past this size. */
export const RATIO_FLOOR = 1024 * 1024;

function bomb(label: string, message: string, details: Record<string, unknown>): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `${message} (NURTURE_IMPORT_MAX_* settings)`, { file: label, ...details });
}

function unreadable(label: string, e: unknown): AppError {
  return new AppError(
    'UNSUPPORTED_MEDIA_TYPE',
    `${label} is not a zip archive we can read: ${(e as Error).message}`,
    { file: label },
    { cause: e },
  );
}

/**
 * An entry's bytes, counted as they are inflated against the entry's ratio and
 * the zip's running total; a damaged entry (bad deflate data, wrong sizes)
 * fails as the user's file, not as a crash.
 */
async function* unpacked(
  stream: AsyncIterable<Uint8Array> & { destroy?: () => void },
  label: string,
  entry: yauzl.Entry,
  limits: ZipLimits,
  inflated: { total: number },
): AsyncGenerator<Uint8Array> {
  const name = entry.fileName;
  const maxEntry = Math.max(RATIO_FLOOR, entry.compressedSize * limits.maxRatio);
  let own = 0;
  try {
    for await (const chunk of stream) {
      own += chunk.byteLength;
      inflated.total += chunk.byteLength;
      if (own > maxEntry)
        throw bomb(label, `${name} in ${label} unpacks to more than ${limits.maxRatio} times its packed size`, {
          entry: name,
          maxRatio: limits.maxRatio,
        });
      if (inflated.total > limits.maxTotalBytes)
        throw bomb(label, `${label} unpacks to more than ${describeBytes(limits.maxTotalBytes)}, the limit`, {
          maxTotalBytes: limits.maxTotalBytes,
        });
      yield chunk;
    }
  } catch (e) {
    stream.destroy?.();
    if (e instanceof AppError) throw e;
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${label} is damaged: ${name} cannot be unpacked (${(e as Error).message})`,
      { file: name },
      { cause: e },
    );
  }
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1).toLowerCase();

/** The export files in the zip, in the order they are imported (profile, connections, invitations, messages). */
export async function openExportZip(
  source: { path: string } | { buffer: Buffer },
  { label, maxEntryBytes, ...given }: { label: string; maxEntryBytes: number } & Partial<ZipLimits>,
): Promise<ExportZip> {
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...given };
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    const done = (e: Error | null, z?: yauzl.ZipFile) => (e || !z ? reject(unreadable(label, e)) : resolve(z));
    if ('path' in source) yauzl.open(source.path, { lazyEntries: true, autoClose: false }, done);
    else yauzl.fromBuffer(source.buffer, { lazyEntries: true }, done);
  });
  const found = new Map<string, yauzl.Entry>();
  try {
    if (zip.entryCount > limits.maxEntries)
      throw bomb(label, `${label} holds ${zip.entryCount} entries, over the limit of ${limits.maxEntries}`, {
        maxEntries: limits.maxEntries,
      });
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        const base = baseName(entry.fileName);
        if (!entry.fileName.endsWith('/') && !entry.fileName.startsWith('__MACOSX/') && base in EXPORT_FILES) {
          const prev = found.get(base);
          // The same name twice: the one nearest the top of the zip wins.
          if (!prev || entry.fileName.split('/').length < prev.fileName.split('/').length) found.set(base, entry);
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (e: Error) => reject(unreadable(label, e)));
      zip.readEntry();
    });
  } catch (e) {
    zip.close();
    throw e;
  }
  if (found.size === 0) {
    zip.close();
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${label} is not a LinkedIn data export: it holds none of Connections.csv, messages.csv, Invitations.csv or Profile.csv`,
      { file: label },
    );
  }
  const wanted = Object.keys(EXPORT_FILES).filter((base) => found.has(base));
  try {
    let declared = 0;
    for (const base of wanted) {
      const entry = found.get(base)!;
      declared += entry.uncompressedSize;
      if (entry.uncompressedSize > RATIO_FLOOR && entry.uncompressedSize > entry.compressedSize * limits.maxRatio)
        throw bomb(
          label,
          `${entry.fileName} in ${label} says it unpacks to ${describeBytes(entry.uncompressedSize)} from ${describeBytes(entry.compressedSize)}, more than ${limits.maxRatio} times its packed size`,
          { entry: entry.fileName, maxRatio: limits.maxRatio },
        );
    }
    if (declared > limits.maxTotalBytes)
      throw bomb(
        label,
        `${label} says it unpacks to ${describeBytes(declared)}, over the limit of ${describeBytes(limits.maxTotalBytes)}`,
        { maxTotalBytes: limits.maxTotalBytes },
      );
  } catch (e) {
    zip.close();
    throw e;
  }
  const inflated = { total: 0 };
  const entries = wanted.map((base): ExportEntry => {
    const entry = found.get(base)!;
    return {
      name: entry.fileName,
      kind: EXPORT_FILES[base]!,
      size: entry.uncompressedSize,
      read: () => {
        if (entry.uncompressedSize > maxEntryBytes) {
          return Promise.reject(
            new AppError(
              'PAYLOAD_TOO_LARGE',
              `${entry.fileName} in ${label} unpacks to ${describeBytes(entry.uncompressedSize)}, over the limit of ${describeBytes(maxEntryBytes)}`,
              { file: entry.fileName },
            ),
          );
        }
        return new Promise<AsyncIterable<Uint8Array>>((resolve, reject) =>
          zip.openReadStream(entry, (e, stream) =>
            e || !stream
              ? reject(unreadable(`${label} (${entry.fileName})`, e))
              : resolve(unpacked(stream, label, entry, limits, inflated)),
          ),
        );
      },
    };
  });
  return { entries, close: () => zip.close() };
}
