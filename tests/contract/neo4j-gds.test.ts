/**
 * Neo4j with Graph Data Science: the version the server runs is known (health
 * names it), and an analysis's scores are written back onto the people, where a
 * Cypher query (or Bloom) finds them. The test server loads GDS
 * (tests/neo4j-global-setup.ts); a server of your own (NEO4J_URI) needs the plugin.
 */
import { randomUUID } from 'node:crypto';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { InlineEngine } from '../../server/analysis/analysis.engine.js';
import { Neo4jStore } from '../../server/store/neo4j/neo4j-store.js';
import { neo4jTestConnection } from '../neo4j-connection.js';
import { startApi } from '../api/start-api.js';

const c = neo4jTestConnection(inject);

describe('Neo4j with Graph Data Science', () => {
  const store = new Neo4jStore({ uri: c.uri, user: c.user, password: c.password, database: c.database });
  const driver = neo4j.driver(c.uri, neo4j.auth.basic(c.user, c.password));
  const made: string[] = [];
  const cypher = async (query: string, params: Record<string, unknown>) => {
    const session = driver.session(c.database ? { database: c.database } : {});
    try {
      return (await session.run(query, params)).records.map((r) => r.toObject());
    } finally {
      await session.close();
    }
  };
  beforeAll(async () => {
    await store.init();
  });
  afterAll(async () => {
    for (const ws of made) await store.deleteWorkspace(ws);
    await store.close();
    await driver.close();
  });

  it('names the GDS version the server runs', async () => {
    const version = await store.gdsVersion();
    expect(version, 'the Neo4j server of the tests needs the Graph Data Science plugin').toMatch(/^2\.\d+\.\d+/);
  });

  it('health names it', async () => {
    const api = await startApi({
      store: new Neo4jStore({ uri: c.uri, user: c.user, password: c.password, database: c.database }),
      signIn: false,
    });
    try {
      const health = await api.call('GET', '/api/v1/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ store: 'neo4j', reachable: true, gds: await store.gdsVersion() });
    } finally {
      await api.close();
    }
  });

  it('writes an analysis’s scores onto the people, queryable in Cypher', { timeout: 120_000 }, async () => {
    const ws = (await store.createWorkspace({ name: `gds ${randomUUID().slice(0, 8)}` })).id;
    made.push(ws);
    const me = await store.people.create(ws, { name: 'Me', isMe: true });
    const people = await store.people.createMany(ws, [{ name: 'Ada' }, { name: 'Ben' }, { name: 'Cy' }]);
    await store.ties.createMany(
      ws,
      people.map((p) => ({ aId: me.id, bId: p.id, kind: 'knows' as const })),
    );
    await store.interactions.createMany(
      ws,
      people.slice(0, 2).map((p, k) => ({
        occurredAt: `2026-0${k + 1}-10T10:00:00Z`,
        channel: 'in_person' as const,
        participantIds: [me.id, p.id],
        initiatorId: p.id,
      })),
    );
    const { result } = await new InlineEngine(async () => store).analyze(ws, Date.parse('2026-03-01T00:00:00Z'));
    const rows = await cypher(
      `MATCH (p:Person {workspaceId: $ws}) WHERE p.partnerScore IS NOT NULL
       RETURN p.id AS id, p.partnerScore AS partnerScore, p.strength AS strength, p.stage AS stage, p.community AS community
       ORDER BY p.id`,
      { ws },
    );
    expect(rows).toEqual(
      [...result.people]
        .sort((a, b) => (a.personId < b.personId ? -1 : 1))
        .map((p) => ({
          id: p.personId,
          partnerScore: p.partner.score,
          strength: p.strengthToMe.score,
          stage: p.strengthToMe.stage,
          community: p.communityId === null ? null : neo4j.int(p.communityId),
        })),
    );
    // Derived data: writing it back is no change to the workspace's records.
    const v = (await store.versionedSnapshot(ws)).version;
    await store.writeScores(ws, []);
    expect((await store.versionedSnapshot(ws)).version).toBe(v);
  });
});
