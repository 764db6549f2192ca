/**
 * The same LinkedIn export lands identically on SQLite and on Neo4j: the same
 * people with the same fields, the same ties and interactions between the
 * same people, the same report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { WorkspaceSnapshot } from '../../shared/index.js';
import { importFile } from '../../server/import/import.service.js';
import { Neo4jStore } from '../../server/store/neo4j/neo4j-store.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/store.port.js';
import { connectionsCsv, invitationsCsv, messages2021Csv, profileCsv } from '../fixtures/import/linkedin-files.js';
import { writeZip } from '../fixtures/import/write-zip.js';
import { neo4jTestConnection } from '../neo4j-connection.js';

const ME = 'https://www.linkedin.com/in/sam-owner';
const people = [
  {
    firstName: 'Ana',
    lastName: 'Lima',
    url: 'https://www.linkedin.com/in/ana-lima',
    company: 'Acme',
    position: 'CEO',
    connectedOn: '2020-02-14',
  },
  {
    firstName: 'Björn',
    lastName: 'Åberg',
    url: 'https://www.linkedin.com/in/bj%C3%B6rn-aberg',
    email: 'bjorn@example.com',
    company: 'Nordic, AB',
    connectedOn: '2021-03-03',
  },
  {
    firstName: '王',
    lastName: '小明',
    url: 'https://www.linkedin.com/in/wang-xm',
    company: '北京',
    connectedOn: '2022-07-01',
  },
  { firstName: 'Noor', lastName: 'Haddad', company: 'Blue Harbor Legal', connectedOn: '2019-11-30' },
];
const zip = writeZip([
  { name: 'Profile.csv', data: profileCsv({ firstName: 'Sam', lastName: 'Owner' }) },
  { name: 'Connections.csv', data: connectionsCsv(people, { preamble: true }) },
  {
    name: 'messages.csv',
    data: messages2021Csv([
      {
        conversationId: 'c1',
        from: 'Ana Lima',
        fromUrl: 'https://www.linkedin.com/in/ana-lima',
        to: 'Sam Owner',
        toUrls: [ME],
        at: '2024-06-08T08:02:41Z',
        content: 'private text',
      },
      {
        conversationId: 'c1',
        from: 'Sam Owner',
        fromUrl: ME,
        to: 'Ana Lima',
        toUrls: ['https://www.linkedin.com/in/ana-lima'],
        at: '2024-06-09T10:00:00Z',
        content: 'reply',
      },
      {
        conversationId: 'c2',
        from: 'Björn Åberg',
        fromUrl: 'https://www.linkedin.com/in/björn-aberg',
        to: 'Sam Owner',
        toUrls: [ME],
        at: '2025-01-02T12:00:00Z',
        content: 'hej',
      },
    ]),
  },
  {
    name: 'Invitations.csv',
    data: invitationsCsv([{ from: 'Sam Owner', to: '王 小明', at: '2022-06-30T09:00:00Z', direction: 'OUTGOING' }]),
  },
]);

/** A snapshot with ids replaced by names, in a stable order. */
function canonical(s: WorkspaceSnapshot) {
  const name = new Map(s.people.map((p) => [p.id, p.name]));
  const orgName = new Map(s.organizations.map((o) => [o.id, o.name]));
  const strip = <T extends { id: string; createdAt: string; updatedAt: string }>({
    id: _i,
    createdAt: _c,
    updatedAt: _u,
    ...rest
  }: T) => rest;
  return {
    people: s.people
      .map((p) => ({ ...strip(p), organizationId: p.organizationId && orgName.get(p.organizationId) }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    organizations: s.organizations.map(strip).sort((a, b) => (a.name < b.name ? -1 : 1)),
    ties: s.ties
      .map((t) => ({ ...strip(t), aId: name.get(t.aId), bId: name.get(t.bId) }))
      .sort((a, b) => (`${a.aId}${a.bId}` < `${b.aId}${b.bId}` ? -1 : 1)),
    interactions: s.interactions
      .map((i) => ({
        ...strip(i),
        participantIds: i.participantIds.map((p) => name.get(p)),
        initiatorId: i.initiatorId && name.get(i.initiatorId),
      }))
      .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1)),
  };
}

describe('the same import on both stores', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nurture-parity-'));
  const stores: Store[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lands identically on SQLite and Neo4j, and re-importing changes nothing on either', async () => {
    const results = [];
    for (const store of [new SqliteStore({ dataDir: dir }), new Neo4jStore(neo4jTestConnection(inject))]) {
      stores.push(store);
      await store.init();
      const ws = await store.createWorkspace({ name: 'parity' });
      const input = { buffer: zip, fileName: 'Complete_LinkedInDataExport_11-27-2026.zip' };
      const report = await importFile(store, ws.id, input);
      const again = await importFile(store, ws.id, input);
      const snap = await store.snapshot(ws.id);
      await store.deleteWorkspace(ws.id);
      results.push({ report, again, snap: canonical(snap) });
    }
    const [sqlite, neo4j] = results as [(typeof results)[0], (typeof results)[0]];
    expect(sqlite.report.written).toBe(true);
    expect(sqlite.report.new).toBe(4);
    expect(sqlite.snap.people).toHaveLength(5);
    expect(sqlite.report.organizations).toBe(4);
    expect(sqlite.snap.organizations.map((o) => o.name)).toEqual(['Acme', 'Blue Harbor Legal', 'Nordic, AB', '北京']);
    expect(sqlite.snap.interactions.length).toBeGreaterThanOrEqual(4);
    const { importId: _a, ...r1 } = sqlite.report;
    const { importId: _b, ...r2 } = neo4j.report;
    expect(r2).toEqual(r1);
    expect(neo4j.snap).toEqual(sqlite.snap);
    for (const { again } of results)
      expect(again).toMatchObject({ new: 0, updated: 0, organizations: 0, interactions: 0, ties: 0 });
    expect(JSON.stringify(results)).not.toContain('private text');
  });
});
