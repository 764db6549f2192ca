/**
 * Who a correspondent or an attendee is: an address of the owner is the owner; an address on
 * file is its person; else the one person on file with that full name and no email yet (a
 * LinkedIn connection), who learns the address; a name two people share, or a namesake who
 * has other addresses, is never guessed: someone new is created with the address.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../server/import/import.service.js';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';
import { NOW, OWNER, calendar, mbox } from '../../fixtures/import/evidence-files.js';

const dir = mkdtempSync(join(tmpdir(), 'nurture-evidence-identity-'));
const store = new SqliteStore({ dataDir: dir });
let ws = '';
const ids: Record<string, string> = {};

beforeAll(async () => {
  await store.init();
  ws = (await store.createWorkspace({ name: 'identity' })).id;
  ids.me = (await store.people.create(ws, { name: 'Sam Owner', isMe: true, emails: ['sam@owner.example'] })).id;
  ids.ana = (
    await store.people.create(ws, { name: 'Ana Lima', linkedinUrl: 'https://www.linkedin.com/in/ana-lima' })
  ).id;
  ids.chris1 = (await store.people.create(ws, { name: 'Chris Park', company: 'One' })).id;
  ids.chris2 = (await store.people.create(ws, { name: 'Chris Park', company: 'Two' })).id;
  ids.bjorn = (await store.people.create(ws, { name: 'Björn Åberg', emails: ['bjorn@old.example'] })).id;
  ids.eve = (await store.people.create(ws, { name: 'Eve', emails: [] })).id;
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const mail = (from: string, i: number) => ({
  from,
  to: [`Sam Owner <${OWNER}>`],
  date: `Mon, ${i + 1} Nov 2026 09:00:00 +0000`,
  messageId: `<id${i}@identity.example>`,
});

describe('correspondents and attendees resolved by address, then by a full name on file', () => {
  it('lands on the owner, on a connection by full name (learning the address), and creates the rest', async () => {
    const text = mbox([
      mail('"Ana Lima" <ana@acme.example>', 0),
      mail('Chris Park <chris@park.example>', 1),
      mail('Björn Åberg <bjorn@nordic.example>', 2),
      mail('Eve <eve@x.example>', 3),
      { ...mail('Sam Owner <sam@owner.example>', 4), to: ['Ana <ana@acme.example>'] },
    ]);
    const r = await importFile(store, ws, { buffer: Buffer.from(text), fileName: 'a.mbox' }, { now: NOW });
    expect(r).toMatchObject({ new: 3, updated: 1, interactions: 5, rejected: [] });
    const people = (await store.snapshot(ws)).people;
    const ana = people.find((p) => p.id === ids.ana)!;
    expect(ana.emails).toEqual(['ana@acme.example']);
    expect(people.filter((p) => p.name === 'Chris Park')).toHaveLength(3);
    expect(people.find((p) => p.id === ids.bjorn)!.emails).toEqual(['bjorn@old.example']);
    expect(people.filter((p) => p.name === 'Björn Åberg')).toHaveLength(2);
    // One word is not a full name: "Eve" on file is not guessed.
    expect(people.find((p) => p.id === ids.eve)!.emails).toEqual([]);
    const again = await importFile(store, ws, { buffer: Buffer.from(text), fileName: 'a.mbox' }, { now: NOW });
    expect(again).toMatchObject({ new: 0, updated: 0, interactions: 0, interactionsUnchanged: 5 });
  });

  it('matches meeting attendees by the address learned, and the owner by theirs', async () => {
    const ics = calendar('Work', [
      {
        uid: 'meet-1@x',
        start: '20261105T100000',
        organizer: { email: 'ana@acme.example', cn: 'Ana L.' },
        attendees: [
          { email: 'ana@acme.example', cn: 'Ana L.' },
          { email: OWNER, cn: 'Sam' },
          { email: 'chris@park.example', cn: 'Chris Park', partstat: 'DECLINED' },
        ],
      },
    ]);
    const r = await importFile(store, ws, { buffer: Buffer.from(ics), fileName: 'w.ics' }, { now: NOW });
    expect(r).toMatchObject({ new: 0, updated: 0, interactions: 1 });
    const snap = await store.snapshot(ws);
    const meeting = snap.interactions.find((i) => i.source === 'icalendar')!;
    expect(meeting.participantIds.sort()).toEqual([ids.ana, ids.me].sort());
    expect(meeting.initiatorId).toBe(ids.ana);
    expect(meeting.channel).toBe('in_person');
  });
});
