/**
 * Bounded memory: analyses past the budget are forgotten, least recently asked
 * about first; a workspace too large for a worker thread's heap fails with an
 * error that says what to do, and the next workspace gets a fresh thread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InlineEngine } from '../../../server/analysis/analysis.engine.js';
import { AnalyticsService, BYTES_PER_PERSON } from '../../../server/analysis/analysis.service.js';
import { WorkerEngine } from '../../../server/analysis/worker-engine.js';
import { AppError } from '../../../server/core/app-error.js';
import { ChangeFeed } from '../../../server/core/change-feed.js';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';
import type { ImportPerson } from '../../../server/store/store.port.js';

const dir = mkdtempSync(join(tmpdir(), 'nurture-analysis-memory-'));
const store = new SqliteStore({ dataDir: dir });
const log = pino({ level: 'silent' });

/** A workspace of me and `n` people, each tied to me. */
async function workspace(n: number): Promise<string> {
  const ws = (await store.createWorkspace({ name: `w${n}` })).id;
  const people: ImportPerson[] = [{ name: 'Me', isMe: true, source: 'test' }];
  for (let i = 0; i < n; i++) people.push({ name: `P${i}`, source: 'test' });
  await store.applyImport(ws, {
    people,
    ties: people
      .slice(1)
      .map((_, i) => ({ a: { row: 0 }, b: { row: i + 1 }, kind: 'knows', since: null, source: 'test' })),
  });
  return ws;
}

beforeAll(async () => {
  await store.init();
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('analyses under a memory budget', () => {
  it('keeps what fits, forgetting the workspaces asked about least recently', async () => {
    const [a, b, c] = [await workspace(10), await workspace(10), await workspace(10)];
    // Room for two analyses of 11 people (and their few serialised answers), not three.
    const service = new AnalyticsService(new InlineEngine(async () => store), new ChangeFeed(), log, {
      memoryBudget: 2 * 11 * BYTES_PER_PERSON + 1024,
    });
    try {
      await service.current(a);
      await service.current(b);
      expect(service.held().map((h) => h.workspaceId)).toEqual([a, b]);
      await service.current(a); // a is now the more recent of the two
      await service.current(c);
      expect(
        service
          .held()
          .map((h) => h.workspaceId)
          .sort(),
      ).toEqual([a, c].sort());
      // A forgotten workspace is computed again when asked; a, asked before c, goes now.
      const again = await service.current(b);
      expect(again.result.summary.people).toBe(11);
      expect(again.stale).toBe(false);
      expect(
        service
          .held()
          .map((h) => h.workspaceId)
          .sort(),
      ).toEqual([b, c].sort());
    } finally {
      await service.close();
    }
  });
});

describe('the worker heap limit', () => {
  it('fails a workspace that outgrows it with advice, and serves the next in a fresh thread', {
    timeout: 240_000,
  }, async () => {
    const large = await workspace(60_000);
    const small = await workspace(5);
    const engine = new WorkerEngine(store.connection, log, { workers: 1, heapMb: 96 });
    try {
      const err = await engine.analyze(large, Date.now()).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('PAYLOAD_TOO_LARGE');
      expect((err as AppError).message).toMatch(/NURTURE_ANALYTICS_WORKER_HEAP/);
      expect((err as AppError).message).toMatch(/Nurture's procedures .*npx nurture analyze/);
      expect((err as AppError).details).toMatchObject({ heapMb: 96, workspaceId: large });
      const ok = await engine.analyze(small, Date.now());
      expect(ok.result.summary.people).toBe(6);
    } finally {
      await engine.close();
    }
  });
});
