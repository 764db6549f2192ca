/**
 * A zip that promises little and unpacks to a lot is refused before it is
 * inflated (entries, declared total, declared ratio) or while it is, as soon
 * as it passes what it declared; a real export passes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../server/core/app-error.js';
import { openExportZip, type ZipLimits } from '../../../server/import/export-zip.js';
import { writeZip } from '../../fixtures/import/write-zip.js';

const dir = mkdtempSync(join(tmpdir(), 'nurture-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n';
/** Connections that compress extremely well: the same row again and again. */
const repetitive = (bytes: number) =>
  HEADER + 'Ana,Lima,https://www.linkedin.com/in/ana,,Acme,CEO,14 Feb 2020\n'.repeat(bytes / 64);

async function readAll(buffer: Buffer, limits: Partial<ZipLimits> = {}, maxEntryBytes = 1 << 30): Promise<number> {
  const zip = await openExportZip({ buffer }, { label: 'export.zip', maxEntryBytes, ...limits });
  let n = 0;
  try {
    for (const e of zip.entries) for await (const c of await e.read()) n += c.byteLength;
  } finally {
    zip.close();
  }
  return n;
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('zip limits', () => {
  it('refuses an entry whose declared ratio is past the limit, before inflating it', async () => {
    const bomb = writeZip([{ name: 'Connections.csv', data: repetitive(20 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const e = await refusal(readAll(bomb));
    expect(e.code).toBe('PAYLOAD_TOO_LARGE');
    expect(e.message).toMatch(
      /Connections\.csv in export\.zip says it unpacks to 19\.7 MB from \d+ KB, more than 100 times/,
    );
    expect(e.details).toMatchObject({ entry: 'Connections.csv', maxRatio: 100 });
  });

  it('refuses files that together unpack to more than the total', async () => {
    const noisy = (n: number) =>
      HEADER +
      Array.from({ length: n }, (_, i) => `P${i},Q${(i * 7919) % 1000003},,,C${i % 97},X,1 Jan 2020\n`).join('');
    const zip = writeZip([
      { name: 'Connections.csv', data: noisy(20_000) },
      { name: 'messages.csv', data: noisy(20_000) },
    ]);
    const e = await refusal(readAll(zip, { maxTotalBytes: 1024 * 1024 }));
    expect(e.code).toBe('PAYLOAD_TOO_LARGE');
    expect(e.message).toMatch(/says it unpacks to 1\.\d MB, over the limit of 1 MB/);
    expect(await readAll(zip)).toBeGreaterThan(1024 * 1024);
  });

  it('refuses a zip with more entries than the limit', async () => {
    const zip = writeZip(
      Array.from({ length: 30 }, (_, i) => ({ name: i === 0 ? 'Connections.csv' : `junk/${i}.txt`, data: 'x' })),
    );
    const e = await refusal(readAll(zip, { maxEntries: 20 }));
    expect(e.code).toBe('PAYLOAD_TOO_LARGE');
    expect(e.message).toMatch(/holds 30 entries, over the limit of 20/);
  });

  it('stops an entry that inflates past the size it declared', async () => {
    const zip = writeZip([{ name: 'Connections.csv', data: repetitive(4 * 1024 * 1024) }]);
    // Claim 1,000 bytes unpacked: the declared checks pass, the inflating stops at the lie.
    const cd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(1000, cd + 24);
    zip.writeUInt32LE(1000, 22);
    const e = await refusal(readAll(zip));
    expect(['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE']).toContain(e.code);
    expect(e.message).toMatch(/Connections\.csv/);
  });

  it('reads an export within the limits', async () => {
    const zip = writeZip([
      { name: 'Basic_LinkedInDataExport/Connections.csv', data: `${HEADER}Ana,Lima,,,Acme,CEO,14 Feb 2020\n` },
      { name: 'Basic_LinkedInDataExport/Profile.csv', data: 'First Name,Last Name\nMe,Myself\n' },
    ]);
    expect(await readAll(zip)).toBeGreaterThan(0);
  });
});
