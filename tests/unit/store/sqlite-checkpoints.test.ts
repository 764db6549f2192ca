/**
 * The WAL is copied back into the database file by a worker thread, not by
 * the commit that grows it: after a large write the database file grows
 * while the store sits idle, and close() leaves no WAL behind.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'nurture-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);

describe('SQLite checkpoints', () => {
  it('copies a large commit into the database file in the background, and close() leaves no WAL', async () => {
    const store = new SqliteStore({ dataDir: dir });
    await store.init();
    expect(store.checkpointing).toBe('background');
    const file = join(dir, 'nurture.db');
    const ws = await store.createWorkspace({ name: 'ckpt', timeZone: 'UTC' });
    const before = size(file);
    const people = Array.from({ length: 3000 }, (_, i) => ({
      name: `Person ${i}`,
      linkedinUrl: `https://www.linkedin.com/in/ckpt-${i}`,
      notes: 'x'.repeat(400),
      source: 'test',
    }));
    await store.applyImport(ws.id, { people });
    // The commit itself leaves the pages in the WAL (SQLite's own checkpoint is off on this connection) ...
    expect(size(`${file}-wal`)).toBeGreaterThan(1024 * 1024);
    // ... and the worker copies them over within a few rounds, with nothing else happening.
    const deadline = Date.now() + 10_000;
    while (size(file) < before + 1024 * 1024 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(size(file)).toBeGreaterThan(before + 1024 * 1024);
    expect((await store.people.list(ws.id, { limit: 1, offset: 0, sort: 'name', order: 'asc' })).total).toBe(3000);
    await store.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('leaves checkpoints to SQLite on extra connections and in-memory databases', async () => {
    const reader = new SqliteStore({ file: join(dir, 'other.db'), checkpoints: 'inline' });
    const memory = new SqliteStore({ file: ':memory:' });
    await reader.init();
    await memory.init();
    expect(reader.checkpointing).toBe('inline');
    expect(memory.checkpointing).toBe('inline');
    await reader.close();
    await memory.close();
  });
});
