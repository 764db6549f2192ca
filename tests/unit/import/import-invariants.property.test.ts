/**
 * Properties of the import over generated exports of every LinkedIn era
 * (tests/fixtures/import/generated-exports.ts: URL-less Connections.csv,
 * senders with and without URLs, shared names, system rows, "NA" emails):
 *
 * 1. Importing the same export a second and a third time writes nothing.
 * 2. The zip, and its files one by one (Profile, Connections, messages,
 *    invitations), give the same people, ties and interactions.
 * 3. So do the files with messages before Connections, unless two people
 *    share a name the messages use: imported first, messages cannot know
 *    the name will be shared (the later Connections.csv then flags the
 *    person as a possible duplicate; see the real-export suite).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../../server/import/import.service.js';
import { type ImportReport, type WorkspaceSnapshot, normalizeLinkedInUrl } from '../../../shared/index.js';
import {
  type GenExport,
  exportArbitrary,
  exportFiles,
  exportZip,
  messagesNameASharedName,
} from '../../fixtures/import/generated-exports.js';
import { sqliteStoreFixture } from '../../fixtures/sqlite-store.js';

const fixture = sqliteStoreFixture('nurture-import-invariants-');
const RUNS = Number(process.env.IMPORT_PROPERTY_RUNS ?? 40);

async function fresh(): Promise<string> {
  return (await fixture.store.createWorkspace({ name: 'invariants', timeZone: 'UTC' })).id;
}

async function load(ws: string, name: string, data: string | Buffer): Promise<ImportReport> {
  return importFile(fixture.store, ws, { buffer: Buffer.from(data), fileName: name });
}

/** The workspace with ids replaced by what the records say: comparable across workspaces. */
function canonical(s: WorkspaceSnapshot) {
  const key = new Map(
    s.people.map((p) => [
      p.id,
      [
        p.name,
        normalizeLinkedInUrl(p.linkedinUrl) ?? '',
        [...p.emails].sort().join(';'),
        p.company ?? '',
        p.position ?? '',
        p.connectedOn ?? '',
        p.isMe ? 'me' : '',
      ].join('|'),
    ]),
  );
  const k = (id: string | null) => (id === null ? '' : key.get(id)!);
  return {
    people: [...key.values()].sort(),
    organizations: s.organizations.map((o) => o.name).sort(),
    ties: s.ties.map((t) => `${k(t.aId)} > ${k(t.bId)} ${t.kind} ${t.since}`).sort(),
    interactions: s.interactions
      .map((i) =>
        [i.externalId, i.channel, i.occurredAt, k(i.initiatorId), i.participantIds.map(k).sort().join(' + ')].join(
          ' / ',
        ),
      )
      .sort(),
  };
}

const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
const exact = (s: WorkspaceSnapshot) => ({
  people: byId(s.people),
  organizations: byId(s.organizations),
  ties: byId(s.ties),
  interactions: byId(s.interactions),
});

const nothingWritten = { new: 0, updated: 0, ties: 0, interactions: 0, organizations: 0 };

async function inOrder(x: GenExport, order: (keyof ReturnType<typeof exportFiles>)[]): Promise<string> {
  const f = exportFiles(x);
  const ws = await fresh();
  for (const k of order) await load(ws, f[k].name, f[k].data);
  return ws;
}

describe('import invariants over generated exports of every era', () => {
  it('a second and a third import of the same export write nothing', async () => {
    await fc.assert(
      fc.asyncProperty(exportArbitrary(), async (x) => {
        const ws = await fresh();
        const zip = exportZip(x);
        const first = await load(ws, 'Basic_LinkedInDataExport.zip', zip);
        expect(first.written).toBe(true);
        const after = exact(await fixture.store.snapshot(ws));
        for (const round of [2, 3]) {
          const again = await load(ws, 'Basic_LinkedInDataExport.zip', zip);
          expect(again, `import ${round}`).toMatchObject(nothingWritten);
          expect(again.interactionsUnchanged).toBe(first.interactions);
        }
        expect(exact(await fixture.store.snapshot(ws))).toEqual(after);
        // File by file, a second time, writes nothing either.
        const files = exportFiles(x);
        for (const f of [files.connections, files.messages, files.invitations]) {
          expect(await load(ws, f.name, f.data), f.name).toMatchObject(nothingWritten);
        }
        await fixture.store.deleteWorkspace(ws);
      }),
      { numRuns: RUNS },
    );
  });

  it('the zip and its files in order (Connections, then messages) give the same people, ties and interactions', async () => {
    await fc.assert(
      fc.asyncProperty(exportArbitrary(), async (x) => {
        const zip = await fresh();
        await load(zip, 'export.zip', exportZip(x));
        const files = await inOrder(x, ['profile', 'connections', 'messages', 'invitations']);
        expect(canonical(await fixture.store.snapshot(files))).toEqual(canonical(await fixture.store.snapshot(zip)));
        await fixture.store.deleteWorkspace(zip);
        await fixture.store.deleteWorkspace(files);
      }),
      { numRuns: RUNS },
    );
  });

  it('messages before Connections give the same as the zip when no name the messages use is shared', async () => {
    await fc.assert(
      fc.asyncProperty(exportArbitrary(), async (x) => {
        fc.pre(!messagesNameASharedName(x));
        const zip = await fresh();
        await load(zip, 'export.zip', exportZip(x));
        const reverse = await inOrder(x, ['profile', 'messages', 'invitations', 'connections']);
        expect(canonical(await fixture.store.snapshot(reverse))).toEqual(canonical(await fixture.store.snapshot(zip)));
        await fixture.store.deleteWorkspace(zip);
        await fixture.store.deleteWorkspace(reverse);
      }),
      { numRuns: RUNS },
    );
  });
});
