/**
 * nurture.columns.read (neo4j/procedures/NurtureColumns.java, read by
 * server/store/neo4j/workspace-columns.ts): a workspace as packed columns holds the same people,
 * ties and interactions as the store's own snapshot, in the same order, and nothing of another
 * workspace. The test server loads the procedure (scripts/neo4j-server.ts); a server of your own
 * (NEO4J_URI) needs neo4j/procedures built into its plugins.
 */
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { WorkspaceSnapshot } from '../../shared/index.js';
import { Neo4jStore } from '../../server/store/neo4j/neo4j-store.js';
import {
  readWorkspaceColumns,
  TIE_KIND_CODES,
  writeScoreColumns,
  type WorkspaceColumns,
} from '../../server/store/neo4j/workspace-columns.js';
import type { ImportInteraction, ImportPerson, ImportTie, Store } from '../../server/store/store.port.js';
import { neo4jTestConnection } from '../neo4j-connection.js';

const c = neo4jTestConnection(inject);

/** Names that are hard to pack: accents, a character outside the BMP (two UTF-16 units), quotes, empty-looking. */
const NAMES = ['Zoë Åberg', 'Anaïs 🦊 Roux', '李小龙', 'O\'Brien, "Pat"', 'Ada', ' ', 'Ng'];

async function build(store: Store, name: string, size: number, seed: number): Promise<string> {
  const ws = (await store.createWorkspace({ name, timeZone: 'UTC' })).id;
  const orgs = await store.organizations.createMany(ws, [{ name: 'Acme' }, { name: 'Globex' }, { name: 'Initech' }]);
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const people: ImportPerson[] = [{ name: 'Me', isMe: true, source: 'test' }];
  for (let i = 1; i < size; i++)
    people.push({
      name: `${NAMES[i % NAMES.length]} ${i}`,
      source: 'test',
      // Every third without a connection date: a null in a packed column.
      ...(i % 3 === 0 ? {} : { connectedOn: `2024-0${1 + (i % 9)}-1${i % 10}` }),
      // A quarter at an organisation (all three used), a few with a need noted (with and without its day).
      ...(i % 4 === 1 ? { organizationId: orgs[i % 3]!.id } : {}),
      ...(i % 50 === 7 ? { needNote: `needs ${i}` } : {}),
      ...(i % 70 === 9 ? { needNotedOn: '2025-11-02' } : {}),
    });
  const ties: ImportTie[] = [];
  const seen = new Set<string>();
  for (let e = 0; e < size * 3; e++) {
    const a = Math.floor(rand() * size);
    const b = Math.floor(rand() * size);
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    // Three ties in four dated (a few hundred distinct days), the rest without a date.
    const since = e % 4 === 0 ? null : `20${10 + (e % 14)}-0${1 + (e % 9)}-${10 + (e % 19)}`;
    ties.push({ a: { row: a }, b: { row: b }, kind: TIE_KIND_CODES[e % 5]!, since, source: 'test' });
  }
  const interactions: ImportInteraction[] = [];
  for (let k = 0; k < size; k++) {
    const group = Array.from(new Set([Math.floor(rand() * size), Math.floor(rand() * size), 0]));
    interactions.push({
      participants: group.map((row) => ({ row })),
      initiator: k % 4 === 0 ? null : { row: group[k % group.length]! },
      occurredAt: new Date(Date.UTC(2026, 0, 1) + k * 3_600_000).toISOString(),
      channel: k % 2 ? 'email' : 'in_person',
      source: 'test',
      externalId: `x-${k}`,
    });
  }
  await store.applyImport(ws, { people, ties, interactions });
  return ws;
}

describe('nurture.columns.read: a workspace as columns', () => {
  const store = new Neo4jStore({ uri: c.uri, user: c.user, password: c.password, database: c.database });
  const driver = neo4j.driver(c.uri, neo4j.auth.basic(c.user, c.password), { disableLosslessIntegers: true });
  const made: string[] = [];
  const read = async (
    ws: string,
    options: Parameters<typeof readWorkspaceColumns>[2] = {},
  ): Promise<WorkspaceColumns> => {
    const session = driver.session({ defaultAccessMode: 'READ', ...(c.database ? { database: c.database } : {}) });
    try {
      return await readWorkspaceColumns(session, ws, options);
    } finally {
      await session.close();
    }
  };
  let ws = '';
  let snapshot: WorkspaceSnapshot;
  let columns: WorkspaceColumns;
  beforeAll(async () => {
    await store.init();
    // Another workspace first and after: its people and ties interleave with ours in the stores.
    made.push(await build(store, 'columns other', 300, 7));
    ws = await build(store, 'columns', 2_500, 11);
    made.push(ws);
    made.push(await build(store, 'columns other 2', 200, 13));
    snapshot = (await store.versionedSnapshot(ws)).snapshot;
    columns = await read(ws);
  }, 180_000);
  afterAll(async () => {
    for (const w of made) await store.deleteWorkspace(w);
    await store.close();
    await driver.close();
  });

  it('has the snapshot’s people, in its order, with their names, dates and me', () => {
    const p = columns.people;
    expect(p.count).toBe(snapshot.people.length);
    expect(p.id).toEqual(snapshot.people.map((x) => x.id));
    expect(p.name).toEqual(snapshot.people.map((x) => x.name));
    expect(p.connectedOn).toEqual(snapshot.people.map((x) => x.connectedOn));
    expect(p.connectedOn.filter((x) => x === null).length).toBeGreaterThan(700);
    expect(p.name.some((n) => n?.includes('🦊'))).toBe(true);
    expect(p.id[p.me]).toBe(snapshot.people.find((x) => x.isMe)!.id);
    expect(p.internal.byteLength).toBe(8 * p.count);
  });

  it('has each person’s organisation and noted need; updatedAt only where a need is noted', () => {
    const p = columns.people;
    expect(p.organizationId).toEqual(snapshot.people.map((x) => x.organizationId));
    expect(new Set(p.organizationId.filter((x) => x !== null)).size).toBe(3);
    expect(p.needNote).toEqual(snapshot.people.map((x) => x.needNote));
    expect(p.needNotedOn).toEqual(snapshot.people.map((x) => x.needNotedOn));
    expect(p.needNote.filter((x) => x !== null).length).toBeGreaterThan(40);
    expect(p.needNotedOn.filter((x) => x !== null).length).toBeGreaterThan(30);
    expect(p.updatedAt).toEqual(
      snapshot.people.map((x) => (x.needNote !== null || x.needNotedOn !== null ? x.updatedAt : null)),
    );
  });

  const tieSet = (x: WorkspaceColumns) =>
    Array.from(
      { length: x.ties.count },
      (_, i) =>
        `${x.people.id[x.ties.a[i]!]} ${x.people.id[x.ties.b[i]!]} ${TIE_KIND_CODES[x.ties.kind[i]!]} ${x.ties.since[i]}`,
    ).sort();

  it('has every tie of the workspace once, its ends by position and its kind as a code', () => {
    const want = snapshot.ties.map((x) => `${x.aId} ${x.bId} ${x.kind} ${x.since}`);
    expect(columns.ties.count).toBeGreaterThan(6_000);
    expect(tieSet(columns)).toEqual(want.sort());
    expect(columns.ties.since.filter((x) => x === null).length).toBeGreaterThan(1_000);
    expect(new Set(Array.from(columns.ties.kind)).size).toBe(5);
  });

  it('finds the same ties by scanning every relationship and person by person', async () => {
    const scan = await read(ws, { ties: 'scan' });
    const traverse = await read(ws, { ties: 'traverse', rowBytes: 256 });
    expect(tieSet(scan)).toEqual(tieSet(columns));
    expect(tieSet(traverse)).toEqual(tieSet(columns));
    // Person by person, the ties come in the people's order.
    expect(Array.from(traverse.ties.a)).toEqual(Array.from(traverse.ties.a).sort((x, y) => x - y));
    // The organisations are found in the same pass, either way.
    expect(scan.people.organizationId).toEqual(columns.people.organizationId);
    expect(traverse.people.organizationId).toEqual(columns.people.organizationId);
  });

  it('has every interaction with its participants in order and its initiator', () => {
    const x = columns.interactions;
    const ids = columns.people.id;
    const byId = new Map(snapshot.interactions.map((i) => [i.id, i]));
    expect(x.count).toBe(snapshot.interactions.length);
    let w = 0;
    for (let k = 0; k < x.count; k++) {
      const want = byId.get(x.id[k]!)!;
      expect(want, `interaction ${x.id[k]}`).toBeDefined();
      const who: string[] = [];
      let initiator: string | null = null;
      for (; w < x.who.length / 2 && x.who[2 * w] === k; w++) {
        who.push(ids[x.who[2 * w + 1]!]!);
        if (x.initiator[w] === 1) initiator = ids[x.who[2 * w + 1]!]!;
      }
      expect({ at: x.occurredAt[k], channel: x.channel[k], who, initiator }).toEqual({
        at: want.occurredAt,
        channel: want.channel,
        who: want.participantIds,
        initiator: want.initiatorId,
      });
    }
    expect(w).toBe(x.who.length / 2);
  });

  it('reads the same in rows of 100 bytes (every column split across many rows)', async () => {
    const small = await read(ws, { rowBytes: 100 });
    expect(small).toEqual(columns);
  });

  it('refuses a row size out of range', async () => {
    await expect(read(ws, { rowBytes: 10 })).rejects.toThrow(/rowBytes: from 64/);
    await expect(read(ws, { ties: 'guess' as 'auto' })).rejects.toThrow(/ties: auto, scan or traverse/);
  });

  it('writes scores back by node id, onto this workspace’s people only', async () => {
    const other = await read(made[0]!);
    const n = 4;
    // Three of ours (positions 1-3), then a person of another workspace, which must be skipped.
    const nodes = new Uint8Array(8 * n);
    nodes.set(columns.people.internal.subarray(8, 32), 0);
    nodes.set(other.people.internal.subarray(8, 16), 24);
    const session = driver.session({ defaultAccessMode: 'WRITE', ...(c.database ? { database: c.database } : {}) });
    try {
      const r = await writeScoreColumns(
        session,
        ws,
        {
          nodes,
          partnerScore: Float64Array.of(71.5, Number.NaN, 12, 99),
          strength: Float64Array.of(0.25, 80, Number.NaN, 99),
          stage: Uint8Array.of(1, 0, 255, 0),
          stages: ['acquaintance', 'ally'],
          community: Int32Array.of(3, -1, 0, 99),
        },
        { batch: 3 },
      );
      expect(r).toEqual({ written: 3, skipped: 1 });
    } finally {
      await session.close();
    }
    const ids = [...columns.people.id.slice(1, 4), other.people.id[1]!];
    const got = await driver.executeQuery(
      `UNWIND $ids AS id MATCH (p:Person {id: id})
      RETURN p.workspaceId = $ws AS ours, p.partnerScore AS partnerScore, p.strength AS strength, p.stage AS stage,
        p.community AS community`,
      { ids, ws },
      c.database ? { database: c.database } : {},
    );
    expect(got.records.map((x) => x.toObject())).toEqual([
      { ours: true, partnerScore: 71.5, strength: 0.25, stage: 'ally', community: 3 },
      { ours: true, partnerScore: null, strength: 80, stage: 'acquaintance', community: null },
      { ours: true, partnerScore: 12, strength: null, stage: null, community: 0 },
      { ours: false, partnerScore: null, strength: null, stage: null, community: null },
    ]);
  });

  it('refuses score columns of different lengths', async () => {
    const session = driver.session({ defaultAccessMode: 'WRITE', ...(c.database ? { database: c.database } : {}) });
    try {
      const one = { nodes: columns.people.internal.subarray(0, 8), stages: ['ally'] };
      await expect(
        writeScoreColumns(session, ws, {
          ...one,
          partnerScore: Float64Array.of(1, 2),
          strength: Float64Array.of(1),
          stage: Uint8Array.of(0),
          community: Int32Array.of(0),
        }),
      ).rejects.toThrow(/different lengths/);
    } finally {
      await session.close();
    }
    // The procedure checks too, for a caller of its own.
    await expect(
      driver.executeQuery(
        'CALL nurture.columns.writeScores($ws, $nodes, $f, $f, $stage, [], $community)',
        {
          ws,
          nodes: new Int8Array(columns.people.internal.slice(0, 8).buffer),
          f: new Int8Array(16),
          stage: new Int8Array(1),
          community: new Int8Array(4),
        },
        c.database ? { database: c.database } : {},
      ),
    ).rejects.toThrow(/different lengths/);
  });

  it('reads an empty workspace, and an unknown one, as empty', async () => {
    const empty = (await store.createWorkspace({ name: 'columns empty', timeZone: 'UTC' })).id;
    made.push(empty);
    for (const id of [empty, 'no-such-workspace']) {
      const e = await read(id);
      expect([e.people.count, e.people.me, e.ties.count, e.interactions.count, e.people.id]).toEqual([0, -1, 0, 0, []]);
    }
  });
});
