/**
 * An address book, a calendar and a mailbox land identically on SQLite and on
 * Neo4j: the same people with the same emails, the same interactions between
 * the same people with the same channel and initiator, the same reports; and
 * importing them again writes nothing on either.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { ImportReport, WorkspaceSnapshot } from '../../shared/index.js';
import { importFile } from '../../server/import/import.service.js';
import { Neo4jStore } from '../../server/store/neo4j/neo4j-store.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/store.port.js';
import { NOW, OWNER, addressBook, googleCalendar, mailbox } from '../fixtures/import/evidence-files.js';
import { neo4jTestConnection } from '../neo4j-connection.js';

const FILES = [
  { fileName: 'contacts.vcf', text: addressBook() },
  { fileName: 'calendar.ics', text: googleCalendar() },
  { fileName: 'All mail.mbox', text: mailbox(true) },
];

function canonical(s: WorkspaceSnapshot) {
  const name = new Map(s.people.map((p) => [p.id, p.name]));
  const strip = <T extends { id: string; createdAt: string; updatedAt: string }>({
    id: _i,
    createdAt: _c,
    updatedAt: _u,
    ...rest
  }: T) => rest;
  return {
    people: s.people
      .map((p) => ({ ...strip(p), organizationId: null, emails: [...p.emails].sort() }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    interactions: s.interactions
      .map((i) => ({
        ...strip(i),
        participantIds: i.participantIds.map((p) => name.get(p)).sort(),
        initiatorId: i.initiatorId && name.get(i.initiatorId),
      }))
      .sort((a, b) =>
        a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.channel < b.channel ? -1 : 1,
      ),
  };
}

const comparable = (r: ImportReport) => {
  const { importId: _i, ...rest } = r;
  return rest;
};

describe('calendars, mailboxes and address books on both stores', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nurture-evidence-parity-'));
  const stores: Store[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('land identically on SQLite and Neo4j, and re-importing writes nothing on either', async () => {
    const results = [];
    for (const store of [new SqliteStore({ dataDir: dir }), new Neo4jStore(neo4jTestConnection(inject))]) {
      stores.push(store);
      await store.init();
      const ws = await store.createWorkspace({ name: 'evidence parity' });
      const reports: ImportReport[] = [];
      const again: ImportReport[] = [];
      for (const f of FILES) {
        const input = { buffer: Buffer.from(f.text), fileName: f.fileName, meEmails: [OWNER] };
        reports.push(await importFile(store, ws.id, input, { now: NOW }));
      }
      for (const f of FILES) {
        const input = { buffer: Buffer.from(f.text), fileName: f.fileName, meEmails: [OWNER] };
        again.push(await importFile(store, ws.id, input, { now: NOW }));
      }
      const snap = canonical(await store.snapshot(ws.id));
      await store.deleteWorkspace(ws.id);
      results.push({ reports: reports.map(comparable), again: again.map(comparable), snap });
    }
    const [sqlite, neo4j] = results as [(typeof results)[0], (typeof results)[0]];
    expect(sqlite.reports.map((r) => [r.kind, r.new, r.interactions])).toEqual([
      ['vcard', 3, 0],
      ['icalendar', 2, 9],
      ['mbox', 0, 4],
    ]);
    expect(sqlite.snap.people.map((p) => p.name)).toEqual([
      'Ana Lima',
      'Björn Åberg',
      'Chen Wei',
      'Dana New',
      'Eve Phone',
      'Sam Owner',
    ]);
    const byChannel = (c: string) => sqlite.snap.interactions.filter((i) => i.channel === c).length;
    expect([byChannel('in_person'), byChannel('video'), byChannel('call'), byChannel('email')]).toEqual([6, 2, 1, 4]);
    expect(sqlite.snap.interactions.find((i) => i.participantIds.includes('Dana New'))).toMatchObject({
      participantIds: ['Chen Wei', 'Dana New', 'Sam Owner'],
      initiatorId: 'Chen Wei',
      channel: 'video',
      source: 'icalendar',
    });
    expect(neo4j.reports).toEqual(sqlite.reports);
    expect(neo4j.again).toEqual(sqlite.again);
    expect(neo4j.snap).toEqual(sqlite.snap);
    for (const { again } of results)
      for (const r of again)
        expect(r).toMatchObject({ new: 0, updated: 0, interactions: 0, ties: 0, organizations: 0 });
    expect(JSON.stringify(results)).not.toMatch(/Coffee|heard|archive|Partnership/);
  });
});
