/**
 * Bounded imports over HTTP: a zip bomb is refused with 413 and leaves
 * nothing behind; one that passes the zip limits runs out of its worker's
 * memory while the server keeps answering; one import per workspace at a
 * time; uploads cut off halfway or left by a crash are removed; malformed
 * bodies answer 400, never 500.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeZip } from '../fixtures/import/write-zip.js';
import { startApi, type RunningApi } from './start-api.js';

const HEADER = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n';

/** Connections.csv with `rows` different people: compresses well, but every row is a person to plan. */
function bombZip(rows: number): Buffer {
  const lines: string[] = [HEADER];
  for (let i = 0; i < rows; i++)
    lines.push(`Person${i},Family${i},https://www.linkedin.com/in/p-${i},,Company ${i % 50},Role,14 Feb 2020\n`);
  return writeZip([{ name: 'Connections.csv', data: lines.join('') }]);
}

function form(zip: Buffer, fields: Record<string, string> = {}): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  f.set('file', new Blob([new Uint8Array(zip)]), 'Complete_LinkedInDataExport.zip');
  return f;
}

/** Waits for a condition, polling; fails after a generous while (never a timing assertion). */
async function until(what: string, test: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const spoolOf = (_api: RunningApi, dataDir: string) => join(dataDir, 'uploads', String(process.pid));
const dataDirOf = (api: RunningApi) => api.built.deps.config.dataDir;

describe('a zip bomb', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({ env: { NURTURE_IMPORT_RATE_LIMIT: '1000' } });
    await api.call('POST', '/api/v1/people', { name: 'Me', isMe: true });
  });
  afterAll(async () => api.close());

  it('is refused with 413 before it is unpacked, and leaves no file behind', async () => {
    const zip = writeZip([
      { name: 'Connections.csv', data: HEADER + 'Ana,Lima,,,Acme,CEO,14 Feb 2020\n'.repeat(3_000_000) },
    ]);
    expect(zip.length).toBeLessThan(500 * 1024);
    const res = await api.call('POST', '/api/v1/imports', form(zip));
    expect(res.status).toBe(413);
    expect(res.body.detail).toMatch(/more than 100 times its packed size/);
    expect(readdirSync(spoolOf(api, dataDirOf(api)))).toEqual([]);
    expect((await api.call('GET', '/api/v1/people?limit=5')).body.total).toBe(1);
  });
});

describe('an import past its memory', () => {
  let api: RunningApi;
  beforeAll(async () => {
    // Zip limits raised out of the way: this bomb is stopped by the worker's heap alone.
    api = await startApi({
      env: {
        NURTURE_IMPORT_RATE_LIMIT: '1000',
        NURTURE_IMPORT_MAX_RATIO: '1000000',
        NURTURE_IMPORT_MAX_INFLATED_BYTES: '2000000000',
        NURTURE_IMPORT_MAX_BYTES: '500000000',
        NURTURE_IMPORT_WORKER_MB: '64',
      },
    });
    await api.call('POST', '/api/v1/people', { name: 'Me', isMe: true });
  });
  afterAll(async () => api.close());

  it('is stopped (413) while the server keeps answering, and a second import in the workspace waits its turn', async () => {
    const zip = bombZip(100_000);
    const importing = api.call('POST', '/api/v1/imports', form(zip));
    const runner = api.built.deps.imports;
    await until('the import runs', () => runner.active === 1);

    let answeredDuring = 0;
    let refusedDuring = 0;
    while (runner.active === 1) {
      const health = await api.call('GET', '/api/v1/health');
      expect(health.status).toBe(200);
      const people = await api.call('GET', '/api/v1/people?limit=1');
      expect(people.status).toBe(200);
      if (runner.active === 1) answeredDuring++;
      if (refusedDuring === 0 && runner.active === 1) {
        const second = await api.call('POST', '/api/v1/imports', form(bombZip(10)));
        if (runner.active === 1) {
          expect(second.status).toBe(429);
          expect(second.body.detail).toMatch(/already running in this workspace/);
          refusedDuring++;
        }
      }
    }
    const res = await importing;
    expect(res.status).toBe(413);
    expect(res.body.detail).toMatch(/needed more than 64 MB of memory/);
    // Reads made while the bomb was being processed were all answered, before it was done.
    expect(answeredDuring).toBeGreaterThanOrEqual(3);
    expect(refusedDuring).toBe(1);
    expect((await api.call('GET', '/api/v1/people?limit=5')).body.total).toBe(1);
    expect(readdirSync(spoolOf(api, dataDirOf(api)))).toEqual([]);
    // The next import runs as usual.
    const ok = await api.call('POST', '/api/v1/imports', form(bombZip(3)));
    expect(ok.status).toBe(201);
  }, 240_000);
});

describe('uploads', () => {
  let api: RunningApi;
  const dataDir = mkdtempSync(join(tmpdir(), 'nurture-uploads-'));
  beforeAll(async () => {
    // What a crashed process (a pid that is not running) left in the data folder.
    const stale = join(dataDir, 'uploads', '999999999', 'u-left');
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, 'upload'), 'Ana,Lima');
    api = await startApi({ env: { NURTURE_IMPORT_RATE_LIMIT: '1000', NURTURE_DATA_DIR: dataDir } });
  });
  afterAll(async () => {
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sweeps what a crashed process left, at start-up', () => {
    expect(readdirSync(join(dataDirOf(api), 'uploads'))).toEqual([String(process.pid)]);
  });

  it('removes an upload the client gives up on halfway', async () => {
    const spool = spoolOf(api, dataDirOf(api));
    const boundary = 'xBOUNDARYx';
    const url = new URL(`${api.base}/api/v1/imports`);
    const req = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(50 * 1024 * 1024),
      },
    });
    req.on('error', () => undefined);
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="Connections.csv"\r\n\r\n${HEADER}`,
    );
    req.write('Ana,Lima,,,Acme,CEO,14 Feb 2020\n'.repeat(20_000));
    await until('the upload is being spooled', () => readdirSync(spool).length === 1);
    req.destroy();
    await until('the cut-off upload is removed', () => readdirSync(spool).length === 0);
  });

  it('answers 400 to multipart without a boundary, and to a body that does not match its Content-Encoding', async () => {
    const noBoundary = await fetch(`${api.base}/api/v1/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'multipart/form-data' },
      body: 'file=abc',
    });
    expect(noBoundary.status).toBe(400);
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const res = await api.call('POST', '/api/v1/people', '{"name":"x"}', {
        'content-type': 'application/json',
        'content-encoding': encoding,
      });
      expect(res.status, encoding).toBe(400);
      expect(res.body.code).toBe('VALIDATION');
    }
  });
});
