/**
 * Neo4j with Graph Data Science: the version the server runs is known (health
 * names it), and an analysis's scores are written back onto the people, where a
 * Cypher query (or Bloom) finds them. The test server loads GDS
 * (tests/neo4j-global-setup.ts); a server of your own (NEO4J_URI) needs the plugin.
 */
import { randomUUID } from 'node:crypto';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import Graph from 'graphology';
import { InlineEngine } from '../../server/analysis/analysis.engine.js';
import { betweenness, louvainCommunities, pagerank } from '../../server/analytics/index.js';
import type { WeightedEdge } from '../../server/store/store.port.js';
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

  describe('its algorithms agree with the in-process ones on the same graphs', () => {
    // Two circles of five (heavy ties inside, light ones across), bridged through two brokers: a
    // clear community structure, paths through the brokers, and every node with a way out (PageRank's
    // dangling mass is handled differently by the two, so the test graph has none).
    let ws = '';
    let ids: string[] = [];
    const pairs: [number, number, number][] = [];
    for (const base of [0, 5])
      for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) pairs.push([base + i, base + j, 3 + ((i * j) % 4)]);
    // Each broker leans to one side (an even broker may go either way, both equally good to Louvain).
    pairs.push([4, 10, 1], [10, 5, 0.4], [0, 11, 0.3], [11, 9, 0.6], [2, 7, 0.2]);
    let undirected: WeightedEdge[] = [];
    let directed: WeightedEdge[] = [];
    beforeAll(async () => {
      ws = (await store.createWorkspace({ name: `gds algorithms ${randomUUID().slice(0, 8)}` })).id;
      made.push(ws);
      ids = (
        await store.people.createMany(
          ws,
          Array.from({ length: 12 }, (_, i) => ({ name: `N${i}` })),
        )
      ).map((p) => p.id);
      undirected = pairs.map(([a, b, w]) => ({ source: ids[a]!, target: ids[b]!, weight: w }));
      // Flows both ways, unequal, so direction matters.
      directed = pairs.flatMap(([a, b, w]) => [
        { source: ids[a]!, target: ids[b]!, weight: w },
        { source: ids[b]!, target: ids[a]!, weight: w / 2 + 0.25 },
      ]);
    });
    const graph = (type: 'directed' | 'undirected', edges: WeightedEdge[], attribute: string) => {
      const g = new Graph({ type });
      for (const id of ids) g.addNode(id);
      for (const e of edges) g.addEdge(e.source, e.target, { [attribute]: e.weight });
      return g;
    };

    it('personalised PageRank', async () => {
      const gds = (await store.graphAlgorithms())!;
      const options = { sources: [ids[0]!], damping: 0.85, maxIterations: 1000, tolerance: 1e-12 };
      const inDb = await gds.personalizedPageRank(ws, directed, options);
      const here = pagerank(graph('directed', directed, 'weight'), {
        alpha: 0.85,
        tolerance: 1e-13,
        personalization: { [ids[0]!]: 1 },
      });
      expect(inDb.size).toBe(12);
      for (const id of ids) expect(inDb.get(id)).toBeCloseTo(here[id]!, 6);
    });

    it('Louvain: the same communities, the same modularity', async () => {
      const gds = (await store.graphAlgorithms())!;
      const inDb = await gds.louvain(ws, undirected, {});
      const here = louvainCommunities(graph('undirected', undirected, 'strength'));
      const partition = (of: (id: string) => number) => {
        const groups = new Map<number, string[]>();
        for (const id of ids) groups.set(of(id), [...(groups.get(of(id)) ?? []), id]);
        return [...groups.values()].map((g) => g.sort().join(',')).sort();
      };
      expect(partition((id) => inDb.community.get(id)!)).toEqual(partition((id) => here.communities[id]!));
      expect(inDb.modularity).toBeCloseTo(here.modularity, 6);
    });

    it('betweenness, exact and sampled, on weights read as distances', async () => {
      const gds = (await store.graphAlgorithms())!;
      const here = betweenness(graph('undirected', undirected, 'distance'), {
        getEdgeDistance: 'distance',
        mode: 'exact',
        normalized: true,
      }).centrality;
      const exact = await gds.betweenness(ws, undirected, {});
      for (const id of ids) expect(exact.get(id)).toBeCloseTo(here[id]!, 9);
      // Sampled from every node is exact; from half of them an estimate, with the brokers still on top.
      const all = await gds.betweenness(ws, undirected, { samplingSize: 12, samplingSeed: 7 });
      for (const id of ids) expect(all.get(id)).toBeCloseTo(here[id]!, 9);
      const half = await gds.betweenness(ws, undirected, { samplingSize: 6, samplingSeed: 7 });
      expect(half.size).toBe(12);
      const ranked = (m: (id: string) => number) => [...ids].sort((a, b) => m(b) - m(a));
      expect(ranked((id) => half.get(id)!).slice(0, 3)).toContain(ranked((id) => here[id]!)[0]);
    });
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
    // A network this small still goes through GDS (no community tie: Louvain is left to the analysis).
    expect(result.summary.algorithms).toBe(`Graph Data Science ${await store.gdsVersion()}`);
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
