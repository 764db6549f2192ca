/**
 * Read your writes through a routing URI (`neo4j://`, what a cluster is
 * reached by; a single server answers it too): the store's sessions share one
 * bookmark manager, another connection that takes its bookmarks reads what it
 * wrote, and the analysis workers (connections of their own) wait for the
 * main connection's bookmarks before they read.
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WorkerEngine } from '../../server/analysis/worker-engine.js';
import { Neo4jStore } from '../../server/store/neo4j/neo4j-store.js';
import { neo4jTestConnection } from '../neo4j-connection.js';

const c = neo4jTestConnection(inject);
const routing = c.uri.replace(/^bolt(\+s|\+ssc)?:/, 'neo4j$1:');
const open = () => new Neo4jStore({ uri: routing, user: c.user, password: c.password, database: c.database });

describe('Neo4j through a routing URI', () => {
  const store = open();
  const made: string[] = [];
  beforeAll(async () => {
    expect(routing).toMatch(/^neo4j(\+s|\+ssc)?:\/\//);
    await store.init();
  });
  afterAll(async () => {
    for (const ws of made) await store.deleteWorkspace(ws);
    await store.close();
  });

  it('hands out bookmarks after a write; another connection that uses them reads it', async () => {
    const ws = (await store.createWorkspace({ name: `routing ${randomUUID().slice(0, 8)}` })).id;
    made.push(ws);
    const p = await store.people.create(ws, { name: 'Written through the router' });
    const bookmarks = await store.bookmarks();
    expect(bookmarks.length).toBeGreaterThan(0);
    const other = open();
    try {
      await other.init();
      await other.useBookmarks(bookmarks);
      expect(await other.people.get(ws, p.id)).toEqual(p);
      // Its own reads carry them on: the snapshot too.
      expect((await other.snapshot(ws)).people.map((x) => x.id)).toEqual([p.id]);
    } finally {
      await other.close();
    }
  });

  it('a one-statement read (the ego network, its own transaction) waits for the bookmarks too', async () => {
    const ws = (await store.createWorkspace({ name: `routing ${randomUUID().slice(0, 8)}` })).id;
    made.push(ws);
    const a = await store.people.create(ws, { name: 'Ann' });
    const b = await store.people.create(ws, { name: 'Bo' });
    await store.ties.create(ws, { aId: a.id, bId: b.id, kind: 'knows' });
    const other = open();
    try {
      await other.init();
      await other.useBookmarks(await store.bookmarks());
      const ego = await other.egoNetwork(ws, a.id, { depth: 1, limit: 10 });
      expect(ego?.people.map((x) => x.id)).toEqual([b.id]);
      expect(ego?.links).toEqual([{ aId: [a.id, b.id].sort()[0], bId: [a.id, b.id].sort()[1], kinds: ['tie'] }]);
      // It hands on a bookmark of its own.
      expect((await other.bookmarks()).length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it('the analysis worker reads what the main connection has just written', { timeout: 120_000 }, async () => {
    const ws = (await store.createWorkspace({ name: `routing ${randomUUID().slice(0, 8)}` })).id;
    made.push(ws);
    const me = await store.people.create(ws, { name: 'Me', isMe: true });
    const engine = new WorkerEngine(store.connection, pino({ level: 'silent' }), {
      workers: 1,
      bookmarks: () => store.bookmarks(),
    });
    try {
      for (let round = 1; round <= 3; round++) {
        const p = await store.people.create(ws, { name: `Partner ${round}` });
        await store.ties.create(ws, { aId: me.id, bId: p.id, kind: 'knows' });
        const { result, version } = await engine.analyze(ws, Date.now());
        expect(result.summary.people).toBe(round + 1);
        expect(version).toBe((await store.versionedSnapshot(ws)).version);
      }
    } finally {
      await engine.close();
    }
  });
});
