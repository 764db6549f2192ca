/**
 * Faults, with real processes:
 *
 * - SIGTERM while an upload is in flight: the server stops accepting
 *   connections at once, lets the request finish (its import is written and
 *   answered 201), then exits 0.
 * - SIGKILL in the middle of a large import (the import's transaction is
 *   spilling pages into the WAL): the store afterwards holds nothing from the
 *   file or all of it, passes `PRAGMA integrity_check`, and a second import
 *   then succeeds completely.
 *
 * No timing is asserted: each step waits for an observable sign (a log line,
 * the upload's spool file, the size of the WAL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../../server/app.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { DbWatcher } from '../fixtures/hardening/db-fingerprint.js';
import { BIG_EXPORT_OWNER, connectionsText, writeBigExport } from '../fixtures/hardening/big-export.js';

const ROOT = join(import.meta.dirname, '..', '..');

interface Proc {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first output line (stdout or stderr) matching `re`. */
  waitFor(re: RegExp, what: string): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, NEO4J_URI: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const onData = (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  };
  child.stdout!.setEncoding('utf8').on('data', onData);
  child.stderr!.setEncoding('utf8').on('data', onData);
  return {
    child,
    lines,
    exited,
    waitFor(re, what) {
      const seen = lines.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ re, resolve });
        void exited.then(({ code, signal }) =>
          reject(new Error(`exited (${code ?? signal}) before ${what}; output:\n${lines.slice(-30).join('\n')}`)),
        );
      });
    },
  };
}

/** Polls `check` until it returns a value (no deadline: the test's timeout is the bound). */
async function until<T>(
  check: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  everyMs = 50,
): Promise<T> {
  for (;;) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Whether a TCP connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

async function counts(
  dataDir: string,
): Promise<{ people: number; ties: number; interactions: number; imports: number }> {
  const store = new SqliteStore({ dataDir });
  await store.init();
  try {
    const ws = DEFAULT_WORKSPACE_ID;
    const q = { limit: 1, offset: 0 };
    return {
      people: (await store.people.list(ws, { ...q, sort: 'name', order: 'asc' })).total,
      ties: (await store.ties.list(ws, q)).total,
      interactions: (await store.interactions.list(ws, q)).total,
      imports: (await store.listImports(ws, q)).total,
    };
  } finally {
    await store.close();
  }
}

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(label: string): string {
  const d = mkdtempSync(join(tmpdir(), `nurture-faults-${label}-`));
  dirs.push(d);
  return d;
}

describe('SIGTERM', () => {
  it('drains an in-flight upload: no new connections, the request completes (201), exit 0', {
    timeout: 180_000,
  }, async () => {
    const dir = tempDir('sigterm');
    const admin = { email: 'drain@example.com', password: 'drain-password-1' };
    const server = run(['server/main.ts'], {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      NURTURE_DATA_DIR: join(dir, 'data'),
      NURTURE_WEB_DIR: join(dir, 'no-web'),
      NURTURE_ADMIN_EMAIL: admin.email,
      NURTURE_ADMIN_PASSWORD: admin.password,
      NURTURE_LOGIN_RATE_LIMIT: '1000',
    });
    children.push(server.child);
    const port = Number(
      /listening on http:\/\/localhost:(\d+)/.exec(await server.waitFor(/listening on/, 'listening'))![1],
    );
    const base = `http://127.0.0.1:${port}/api/v1`;

    // The admin account is created right after start: sign in once it exists.
    const login = await until(async () => {
      const r = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(admin),
      });
      return r.status === 200 ? r : null;
    }, 100);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    // An idle keep-alive connection must not hold the shutdown up either.
    expect((await fetch(`${base}/health`)).status).toBe(200);

    const rows = 3000;
    const file = Buffer.from(connectionsText(rows));
    const boundary = `----nurture-${randomUUID()}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="meName"\r\n\r\nDrain Owner\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="Connections.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const agent = new http.Agent({ keepAlive: true });
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/imports',
      agent,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie, 'x-csrf-token': csrfToken },
    });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.once('response', (res) => {
        let body = '';
        res
          .setEncoding('utf8')
          .on('data', (c: string) => (body += c))
          .once('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.once('error', reject);
    });
    // Awaited below; if an earlier assertion fails first, its rejection is not an unhandled one.
    answer.catch(() => undefined);
    const half = Math.floor(file.length / 2);
    req.write(head);
    req.write(file.subarray(0, half));

    // In flight: the handler has passed authorisation and is spooling the upload.
    // The upload is spooled under the data folder: its file appearing says the handler is running.
    const spool = join(dir, 'data', 'uploads', String(server.child.pid));
    await until(() => {
      const d = existsSync(spool) ? readdirSync(spool)[0] : undefined;
      const f = d && join(spool, d, 'upload');
      return f && existsSync(f) && statSync(f).size > 0;
    });
    server.child.kill('SIGTERM');
    await server.waitFor(/Shutting down/, 'the shutdown log line');
    expect(await refused(port), 'a new connection after SIGTERM was accepted').toBe(true);
    expect(server.child.exitCode, 'exited with a request in flight').toBeNull();

    // The rest of the upload, in pieces.
    for (let at = half; at < file.length; at += 16 * 1024) {
      req.write(file.subarray(at, Math.min(file.length, at + 16 * 1024)));
      await new Promise((r) => setImmediate(r));
    }
    req.end(tail);
    const res = await answer;
    expect(res.status, res.body.slice(0, 500)).toBe(201);
    const report = JSON.parse(res.body) as { written: boolean; new: number };
    expect(report).toMatchObject({ written: true, new: rows });

    const exit = await server.exited;
    agent.destroy();
    expect(exit, server.lines.slice(-10).join('\n')).toEqual({ code: 0, signal: null });
    expect(server.lines.some((l) => l.includes('"msg":"Stopped"'))).toBe(true);
    // What was answered is what is stored.
    const after = await counts(join(dir, 'data'));
    expect(after.people).toBe(rows + 1);
    expect(after.imports).toBe(1);
  });
});

describe('SIGKILL mid-import', () => {
  it('leaves the store with all or nothing of the file, sound, and a second import completes', {
    timeout: 600_000,
  }, async () => {
    const dir = tempDir('sigkill');
    const dataDir = join(dir, 'data');
    const connections = 30_000;
    const messages = 100_000;
    const zip = writeBigExport(dir, connections, messages);
    const importArgs = ['server/cli/main.ts', 'import', zip, '--me-name', BIG_EXPORT_OWNER.name, '--json'];
    const env = { NURTURE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };

    const first = run(importArgs, env);
    children.push(first.child);
    const wal = join(dataDir, 'nurture.db-wal');
    // Mid-import: the import's one transaction spills its pages into the WAL (a fresh store's WAL holds well under 1 MB).
    const walAtKill = await Promise.race([
      until(() => (existsSync(wal) && statSync(wal).size >= 8 * 1024 * 1024 ? statSync(wal).size : null), 20),
      first.exited.then(({ code }) =>
        Promise.reject(
          new Error(`the import ended (${code}) before it could be killed: ${first.lines.join('\n').slice(0, 500)}`),
        ),
      ),
    ]);
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(walAtKill).toBeGreaterThan(0);

    const all = { people: connections + 1, ties: connections, interactions: messages, imports: 1 };
    const nothing = { people: 0, ties: 0, interactions: 0, imports: 0 };
    const killed = await counts(dataDir);
    expect(
      [nothing, all],
      `after SIGKILL with a ${(walAtKill / 1024 / 1024).toFixed(0)} MB WAL the store holds part of the file: ${JSON.stringify(killed)}`,
    ).toContainEqual(killed);
    const watcher = new DbWatcher(join(dataDir, 'nurture.db'));
    try {
      expect(watcher.integrity()).toEqual(['ok']);
    } finally {
      watcher.close();
    }

    const second = run(importArgs, env);
    children.push(second.child);
    const done = await second.exited;
    expect(done, second.lines.slice(-20).join('\n')).toEqual({ code: 0, signal: null });
    const report = JSON.parse(second.lines.find((l) => l.startsWith('{"kind"'))!) as {
      written: boolean;
      new: number;
      interactions: number;
      ties: number;
    };
    expect(report.written).toBe(true);
    if (killed.people === 0)
      expect(report).toMatchObject({ new: connections, ties: connections, interactions: messages });
    else expect(report).toMatchObject({ new: 0, ties: 0, interactions: 0 });
    expect(await counts(dataDir)).toEqual({ ...all, imports: killed.imports + 1 });
  });
});
