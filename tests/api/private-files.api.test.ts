/**
 * The files Nurture writes are private to its user whatever the umask: after
 * a fresh start with umask 022, the data folder and the folders in it are
 * 0700; the database, its WAL and shared-memory files, the report outbox and
 * an upload waiting to be imported are 0600.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../../server/app.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { TIME_ZONE, seedThreeWeeks } from '../fixtures/reports/three-weeks.js';
import { startApi, type RunningApi } from './start-api.js';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');

async function until(what: string, test: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('private files', () => {
  const root = mkdtempSync(join(tmpdir(), 'nurture-modes-'));
  const dataDir = join(root, 'data');
  let api: RunningApi;
  let umask: number;
  beforeAll(async () => {
    umask = process.umask(0o022);
    api = await startApi({
      store: new SqliteStore({ dataDir }),
      env: { NURTURE_DATA_DIR: dataDir, NURTURE_REPORT_TZ: TIME_ZONE },
    });
  });
  afterAll(async () => {
    await api.close();
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps the data folder, the database, its WAL, the outbox and uploads to their owner', async () => {
    await seedThreeWeeks(api.store, DEFAULT_WORKSPACE_ID);
    expect((await api.call('POST', '/api/v1/reports', { week: '2026-W46' })).status).toBe(201);

    // An upload held open halfway, to see its file while it waits.
    const spool = join(dataDir, 'uploads', String(process.pid));
    const url = new URL(`${api.base}/api/v1/imports`);
    const upload = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.token}`,
        'content-type': 'multipart/form-data; boundary=b0undary',
        'content-length': '10000000',
      },
    });
    upload.on('error', () => undefined);
    upload.write('--b0undary\r\nContent-Disposition: form-data; name="file"; filename="Connections.csv"\r\n\r\n');
    upload.write('First Name,Last Name\n'.repeat(1000));
    await until('the upload is on disk', () => readdirSync(spool).some((d) => readdirSync(join(spool, d)).length > 0));
    const [held] = readdirSync(spool);
    const uploadFile = join(spool, held!, 'upload');

    const outbox = join(dataDir, 'outbox');
    const reports = join(outbox, DEFAULT_WORKSPACE_ID);
    const modes: Record<string, string> = {
      'data folder': mode(dataDir),
      'nurture.db': mode(join(dataDir, 'nurture.db')),
      'nurture.db-wal': mode(join(dataDir, 'nurture.db-wal')),
      'nurture.db-shm': mode(join(dataDir, 'nurture.db-shm')),
      outbox: mode(outbox),
      'outbox/<workspace>': mode(reports),
      uploads: mode(join(dataDir, 'uploads')),
      'uploads/<pid>': mode(spool),
      'uploads/<pid>/<upload>': mode(join(spool, held!)),
      'the upload': mode(uploadFile),
    };
    for (const f of readdirSync(reports)) modes[`outbox: ${f.replace(/W\d+/, 'W…')}`] = mode(join(reports, f));
    upload.destroy();

    const folders = [
      'data folder',
      'outbox',
      'outbox/<workspace>',
      'uploads',
      'uploads/<pid>',
      'uploads/<pid>/<upload>',
    ];
    expect(modes).toEqual(
      Object.fromEntries(Object.keys(modes).map((k) => [k, folders.includes(k) ? '0700' : '0600'])),
    );
    expect(Object.keys(modes).filter((k) => k.startsWith('outbox: '))).toHaveLength(3);
  });
});
