/**
 * LinkedIn's "Get a copy of your data" zip (`Basic_LinkedInDataExport_….zip`,
 * `Complete_LinkedInDataExport_….zip`). The files are found by exact name in
 * any folder, any case: `messages.csv` is the conversations, while look-alikes
 * such as `guide_messages.csv` or `learning_coach_messages.csv` are not.
 */
import yauzl from 'yauzl';
import { AppError } from '../core/app-error.js';
import { describeBytes } from './byte-source.js';
import type { ParsedFile } from './import.types.js';

export const EXPORT_FILES: Record<string, ParsedFile['kind']> = {
  'profile.csv': 'linkedin-profile',
  'connections.csv': 'linkedin-connections',
  'invitations.csv': 'linkedin-invitations',
  'messages.csv': 'linkedin-messages',
};

export interface ExportEntry {
  /** Path inside the zip. */
  name: string;
  kind: ParsedFile['kind'];
  size: number;
  read(): Promise<AsyncIterable<Uint8Array>>;
}

export interface ExportZip {
  entries: ExportEntry[];
  close(): void;
}

function unreadable(label: string, e: unknown): AppError {
  return new AppError(
    'UNSUPPORTED_MEDIA_TYPE',
    `${label} is not a zip archive we can read: ${(e as Error).message}`,
    { file: label },
    { cause: e },
  );
}

/** An entry's bytes; a damaged entry (bad deflate data, wrong sizes) fails as the user's file, not as a crash. */
async function* unpacked(stream: AsyncIterable<Uint8Array>, label: string, name: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk;
  } catch (e) {
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
  { label, maxEntryBytes }: { label: string; maxEntryBytes: number },
): Promise<ExportZip> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    const done = (e: Error | null, z?: yauzl.ZipFile) => (e || !z ? reject(unreadable(label, e)) : resolve(z));
    if ('path' in source) yauzl.open(source.path, { lazyEntries: true, autoClose: false }, done);
    else yauzl.fromBuffer(source.buffer, { lazyEntries: true }, done);
  });
  const found = new Map<string, yauzl.Entry>();
  try {
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
  const entries = Object.keys(EXPORT_FILES)
    .filter((base) => found.has(base))
    .map((base): ExportEntry => {
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
                : resolve(unpacked(stream, label, entry.fileName)),
            ),
          );
        },
      };
    });
  return { entries, close: () => zip.close() };
}
