/**
 * Complete erasure, on both stores: after a person is erased, nothing of
 * them is left. On SQLite the bytes of the data folder (database, WAL,
 * shared memory, the report outbox) no longer hold their name or email; on
 * Neo4j no property of the workspace's nodes or relationships (records,
 * stored reports, audit entries) does. Each search is first shown to find
 * them before the erasure, so an empty answer means something.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { describe, expect, inject, it } from 'vitest';
import { ChangeFeed } from '../../server/core/change-feed.js';
import { privacyService } from '../../server/privacy/privacy.service.js';
import { ReportService } from '../../server/reports/report.service.js';
import { Neo4jStore } from '../../server/store/neo4j/neo4j-store.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/store.port.js';
import { RUN_AT, TIME_ZONE, WEEKS, seedThreeWeeks } from '../fixtures/reports/three-weeks.js';
import { neo4jTestConnection } from '../neo4j-connection.js';

const EMAIL = 'bruno.brandt@erasure.example';
const NEEDLES = ['Bruno', EMAIL];

interface Opened {
  store: Store;
  outboxDir: string;
  /** Where each needle is still found. */
  leftovers(ws: string): Promise<string[]>;
  close(): Promise<void>;
}

function erasureSuite(name: string, open: () => Promise<Opened>): void {
  describe(`complete erasure: ${name}`, () => {
    for (const mode of ['at once', 'held for undo, then finished'] as const)
      it(`leaves nothing of the person (${mode}): records, stored reports, their outbox copies, the files`, async () => {
        const o = await open();
        try {
          const { store } = o;
          await store.init();
          const ws = (await store.createWorkspace({ name: 'Erasure', timeZone: TIME_ZONE })).id;
          const ids = await seedThreeWeeks(store, ws);
          await store.people.update(ws, ids.bruno, { emails: [EMAIL], notes: 'Met at the bar association' });
          const colleague = await store.accounts.createUser({
            email: `colleague-${ws}@example.com`,
            name: 'Colleague',
            passwordHash: 'h',
          });
          await store.accounts.putMembership(ws, colleague.id, 'member', null);
          await store.accounts.setPrivateNote(ws, ids.bruno, colleague.id, `Writes from ${EMAIL}`);
          const reports = new ReportService({
            store,
            settings: { cron: null, timeZone: null, outboxDir: o.outboxDir, smtpUrl: null, mailFrom: 'n@localhost' },
            now: () => RUN_AT['2026-W47'],
          });
          for (const week of WEEKS) expect((await reports.generate(ws, week)).created).toBe(true);
          reports.close();

          expect((await o.leftovers(ws)).length, 'the search finds the person before the erasure').toBeGreaterThan(0);
          const privacy = privacyService(store, new ChangeFeed(), { outboxDir: o.outboxDir });
          if (mode === 'at once') await privacy.erasePerson(ws, ids.bruno, null);
          else {
            const held = await privacy.holdErasure(ws, ids.bruno, colleague.id);
            // While the undo is open, the held copy (and the untouched reports) still hold them: said, not hidden.
            expect(await store.people.get(ws, ids.bruno)).toBeNull();
            expect((await o.leftovers(ws)).length).toBeGreaterThan(0);
            await privacy.finishErasure(ws, held.id, colleague.id);
            expect(await store.erasures.list(ws)).toEqual([]);
          }
          expect(await o.leftovers(ws)).toEqual([]);
          // The rest stays: the report history keeps its weeks, with the person as "(erased)".
          expect((await store.reports.list(ws, { limit: 10, offset: 0 })).total).toBe(3);
          expect((await store.reports.get(ws, '2026-W46'))!.json).toContain('(erased)');
          expect(await store.people.get(ws, ids.alice)).toMatchObject({ name: 'Alice Archer' });
        } finally {
          await o.close();
        }
      });
  });
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

erasureSuite('SQLite (the bytes of the data folder)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nurture-erasure-'));
  const store = new SqliteStore({ dataDir });
  return {
    store,
    outboxDir: join(dataDir, 'outbox'),
    async leftovers() {
      const hits: string[] = [];
      for (const file of filesUnder(dataDir)) {
        const bytes = readFileSync(file);
        for (const needle of NEEDLES)
          if (bytes.includes(Buffer.from(needle, 'utf8'))) hits.push(`${file.slice(dataDir.length)}: ${needle}`);
      }
      return hits;
    },
    async close() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

erasureSuite('Neo4j (every property of the workspace)', async () => {
  const c = neo4jTestConnection(inject);
  const store = new Neo4jStore({ uri: c.uri, user: c.user, password: c.password, database: c.database });
  const driver = neo4j.driver(c.uri, neo4j.auth.basic(c.user, c.password));
  const outboxDir = mkdtempSync(join(tmpdir(), 'nurture-erasure-outbox-'));
  const hasNeedle = (x: string) => `any(needle IN $needles WHERE
      CASE WHEN valueType(${x}) STARTS WITH 'LIST' THEN any(v IN ${x} WHERE toString(v) CONTAINS needle)
      ELSE toString(${x}) CONTAINS needle END)`;
  return {
    store,
    outboxDir,
    async leftovers(ws: string) {
      const session = driver.session(c.database ? { database: c.database } : {});
      try {
        const nodes = await session.run(
          `MATCH (n) WHERE n.workspaceId = $ws
           WITH n, [k IN keys(n) WHERE ${hasNeedle('n[k]')}] AS hits WHERE size(hits) > 0
           RETURN labels(n)[0] + '.' + hits[0] AS hit`,
          { ws, needles: NEEDLES },
        );
        const rels = await session.run(
          `MATCH (a)-[r]->(b) WHERE a.workspaceId = $ws OR b.workspaceId = $ws
           WITH r, [k IN keys(r) WHERE ${hasNeedle('r[k]')}] AS hits WHERE size(hits) > 0
           RETURN type(r) + '.' + hits[0] AS hit`,
          { ws, needles: NEEDLES },
        );
        const files = filesUnder(outboxDir).filter((f) =>
          NEEDLES.some((n) => readFileSync(f).includes(Buffer.from(n, 'utf8'))),
        );
        return [...nodes.records, ...rels.records].map((r) => r.get('hit') as string).concat(files);
      } finally {
        await session.close();
      }
    },
    async close() {
      await store.close();
      await driver.close();
      rmSync(outboxDir, { recursive: true, force: true });
    },
  };
});
