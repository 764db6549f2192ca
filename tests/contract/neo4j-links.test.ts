/**
 * The derived LINKED relationships of the Neo4j adapter (one per pair of linked people, see
 * cypher.ts "Derived pair links"): a workspace written before they existed gets them at start-up,
 * once, and the ego network reads them. The contract suite checks they follow every write.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Neo4jStore } from '../../server/store/neo4j/neo4j-store.js';
import { neo4jTestConnection } from '../neo4j-connection.js';

describe('neo4j derived pair links', () => {
  let store: Neo4jStore;
  let driver: Driver;
  const made: string[] = [];

  beforeAll(async () => {
    const c = neo4jTestConnection(inject);
    store = new Neo4jStore({ uri: c.uri, user: c.user, password: c.password, database: c.database });
    await store.init();
    driver = neo4j.driver(c.uri, neo4j.auth.basic(c.user, c.password));
  });
  afterAll(async () => {
    for (const id of made) await store.deleteWorkspace(id);
    await store.close();
    await driver.close();
  });

  const query = async (cypher: string, params: Record<string, unknown>) =>
    (await driver.executeQuery(cypher, params, { database: neo4jTestConnection(inject).database })).records;

  /** Every LINKED of the workspace as "name-name ties/interactions/introductions/referrals". */
  const linked = async (ws: string) =>
    (
      await query(
        `MATCH (a:Person {workspaceId: $ws})-[l:LINKED]->(b:Person)
         WITH l, CASE WHEN a.name < b.name THEN [a.name, b.name] ELSE [b.name, a.name] END AS ends
         RETURN ends[0] + '-' + ends[1] + ' ' + l.ties + '/' + l.interactions + '/' + l.introductions + '/' + l.referrals AS s`,
        { ws },
      )
    )
      .map((r) => r.get('s') as string)
      .sort();

  it('builds the links of a workspace written without them, once, and the ego network reads them', async () => {
    const ws = (await store.createWorkspace({ name: 'links' })).id;
    made.push(ws);
    const people = [];
    for (const name of ['A', 'B', 'C', 'Me']) people.push(await store.people.create(ws, { name, isMe: name === 'Me' }));
    const byName = Object.fromEntries(people.map((p) => [p.name, p]));
    const id = (n: string) => byName[n]!.id;
    await store.ties.create(ws, { aId: id('Me'), bId: id('A'), kind: 'linkedin' });
    await store.ties.create(ws, { aId: id('A'), bId: id('Me'), kind: 'colleague' });
    await store.applyImport(ws, {
      people: [],
      interactions: [1, 2, 3].map((k) => ({
        participants: [{ id: id('Me') }, { id: id('A') }, ...(k === 3 ? [{ id: id('B') }] : [])],
        initiator: null,
        occurredAt: `2026-01-0${k}`,
        channel: 'message' as const,
        source: 'test',
        externalId: `links-${k}`,
      })),
    });
    await store.introductions.create(ws, { introducerId: id('A'), aId: id('B'), bId: id('C'), date: '2026-01-04' });
    await store.referrals.create(ws, { referrerId: id('C'), recipientId: id('Me'), date: '2026-01-05' });
    const written = ['A-B 0/1/1/0', 'A-C 0/0/1/0', 'A-Me 2/3/0/0', 'B-C 0/0/1/0', 'B-Me 0/1/0/0', 'C-Me 0/0/0/1'];
    expect(await linked(ws)).toEqual(written);
    const egoBefore = await store.egoNetwork(ws, id('A'), { depth: 2, limit: 10 });
    expect(egoBefore!.people.map((p) => p.name).sort()).toEqual(['B', 'C', 'Me']);

    // As a store of an earlier version left it: records, no links, no mark.
    await query('MATCH (:Person {workspaceId: $ws})-[l:LINKED]->() DELETE l', { ws });
    await query('MATCH (w:Workspace {id: $ws}) REMOVE w.linkedPairs', { ws });
    expect(await linked(ws)).toEqual([]);
    expect((await store.egoNetwork(ws, id('A'), { depth: 2, limit: 10 }))!.people).toEqual([]);

    await store.init();
    await store.init();
    expect(await linked(ws)).toEqual(written);
    expect(await store.egoNetwork(ws, id('A'), { depth: 2, limit: 10 })).toEqual(egoBefore);
  });
});
