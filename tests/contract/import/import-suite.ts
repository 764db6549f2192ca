/**
 * The import service against a real store. Written once and run per adapter
 * (SQLite here; Neo4j by the contract suite), so the same files must land the
 * same way on both. Each test works in a fresh workspace.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../server/core/app-error.js';
import { importFile, type ImportInput, type ImportOptions } from '../../../server/import/import.service.js';
import type { Store } from '../../../server/store/store.port.js';
import { ImportReportSchema, type ImportReport, type WorkspaceSnapshot } from '../../../shared/index.js';
import {
  type Connection,
  type Invitation,
  type Message,
  connectionsCsv,
  csv,
  invitationsCsv,
  messages2018Csv,
  messages2021Csv,
  profileCsv,
} from '../../fixtures/import/linkedin-files.js';
import { writeZip } from '../../fixtures/import/write-zip.js';

const ME_URL = 'https://www.linkedin.com/in/me-myself';
const SECRET = 'PRIVATE-MESSAGE-TEXT';

const zoe: Connection = {
  firstName: 'Zoë',
  lastName: 'Ångström',
  url: 'https://www.linkedin.com/in/zo%C3%AB-a',
  company: 'Acme',
  position: 'CTO',
  connectedOn: '2020-02-14',
};
const wang: Connection = {
  firstName: '王',
  lastName: '小明',
  url: 'https://www.linkedin.com/in/wang',
  email: 'wang@example.com',
  connectedOn: '2019-11-30',
};
const yusuf: Connection = {
  firstName: 'Yusuf',
  lastName: 'Ali',
  url: 'https://www.linkedin.com/in/yusuf',
  email: 'urn:li:member:998877',
  company: 'Beta',
  position: 'Coach',
  connectedOn: '2021-05-01',
};

/** Messages from 2021+ exports: raw Unicode URLs, a group, a draft, sponsored mail, a hidden sender. */
const messages: Message[] = [
  {
    conversationId: 'c1',
    from: 'Me Myself',
    fromUrl: ME_URL,
    to: 'Zoë Ångström',
    toUrls: ['https://www.linkedin.com/in/zoë-a'],
    at: '2024-06-08T08:02:41Z',
    content: SECRET,
  },
  {
    conversationId: 'c1',
    from: 'Zoë Ångström',
    fromUrl: 'https://www.linkedin.com/in/zoë-a',
    to: 'Me Myself',
    toUrls: [ME_URL],
    at: '2024-06-08T09:00:00Z',
    content: `${SECRET}\nsecond line`,
  },
  {
    conversationId: 'c2',
    from: 'Newcomer Nia',
    fromUrl: 'https://www.linkedin.com/in/nia',
    to: 'Me Myself',
    toUrls: [ME_URL],
    at: '2024-07-01T10:00:00Z',
    content: SECRET,
  },
  {
    conversationId: 'c3',
    from: 'Me Myself',
    fromUrl: ME_URL,
    to: 'Yusuf Ali, 王 小明',
    toUrls: ['https://www.linkedin.com/in/yusuf', 'https://www.linkedin.com/in/wang'],
    at: '2024-08-01T10:00:00Z',
  },
  {
    conversationId: 'c1',
    from: 'Me Myself',
    fromUrl: ME_URL,
    to: 'Zoë Ångström',
    toUrls: ['https://www.linkedin.com/in/zoë-a'],
    at: '2024-06-10T08:00:00Z',
    draft: true,
  },
  {
    conversationId: 's1',
    title: 'Sponsored Conversation',
    from: 'Acme Ads',
    fromUrl: 'https://www.linkedin.com/company/acme',
    to: 'Me Myself',
    toUrls: [ME_URL],
    at: '2024-06-11T08:00:00Z',
  },
  { conversationId: 'c4', from: 'LinkedIn Member', to: 'Me Myself', toUrls: [ME_URL], at: '2024-06-12T08:00:00Z' },
];
const invitations: Invitation[] = [
  { from: 'Me Myself', to: 'Zoë Ångström', at: '2020-02-13T13:07:00Z', direction: 'OUTGOING', message: SECRET },
  { from: 'Yusuf Ali', to: 'Me Myself', at: '2021-04-30T09:00:00Z', direction: 'INCOMING' },
  { from: 'Unknown Stranger', to: 'Me Myself', at: '2021-04-30T09:00:00Z', direction: 'INCOMING' },
];

function exportZip(
  extra: { name: string; data: string }[] = [],
  o: { profile?: boolean; folder?: string } = {},
): Buffer {
  const dir = o.folder ? `${o.folder}/` : '';
  return writeZip([
    ...(o.profile === false
      ? []
      : [{ name: `${dir}Profile.csv`, data: profileCsv({ firstName: 'Me', lastName: 'Myself' }) }]),
    {
      name: `${dir}Connections.csv`,
      data: connectionsCsv([zoe, wang, yusuf], { preamble: true, hidden: ['2022-01-01'] }),
    },
    { name: `${dir}messages.csv`, data: messages2021Csv(messages, { draftColumns: true, quoteAll: true }) },
    { name: `${dir}Invitations.csv`, data: invitationsCsv(invitations) },
    // Look-alikes that must not be read as the conversations.
    {
      name: `${dir}guide_messages.csv`,
      data: messages2021Csv([
        {
          conversationId: 'g',
          from: 'Guide',
          fromUrl: 'https://www.linkedin.com/in/guide',
          to: 'Me Myself',
          toUrls: [ME_URL],
          at: '2024-01-01T00:00:00Z',
        },
      ]),
    },
    { name: `${dir}learning_coach_messages.csv`, data: 'garbage' },
    { name: `${dir}Rich_Media.csv`, data: 'x,y\n' },
    ...extra,
  ]);
}

const sorted = (s: WorkspaceSnapshot) => {
  const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
  return {
    ...s,
    people: byId(s.people),
    ties: byId(s.ties),
    interactions: byId(s.interactions).map((i) => ({ ...i, participantIds: [...i.participantIds].sort() })),
  };
};

async function expectAppError(p: Promise<unknown>, code: string, message?: string | RegExp): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e, `expected AppError ${code}`).toBeInstanceOf(AppError);
  const err = e as AppError;
  expect(err.code).toBe(code);
  if (message) expect(err.message).toMatch(message);
  return err;
}

export function runImportSuite(name: string, openStore: () => Promise<Store>): void {
  describe(`import service: ${name}`, () => {
    let store: Store;
    let dir: string;
    const made: string[] = [];

    beforeAll(async () => {
      store = await openStore();
      await store.init();
      dir = mkdtempSync(join(tmpdir(), 'nurture-import-'));
    });
    afterAll(async () => {
      for (const id of made) await store.deleteWorkspace(id);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    async function workspace(): Promise<string> {
      const ws = await store.createWorkspace({ name: `import ${randomUUID().slice(0, 8)}`, timeZone: 'UTC' });
      made.push(ws.id);
      return ws.id;
    }
    async function run(
      ws: string,
      data: string | Uint8Array,
      fileName: string,
      input: Partial<ImportInput> = {},
      options: ImportOptions = {},
    ): Promise<ImportReport> {
      const report = await importFile(
        store,
        ws,
        { buffer: typeof data === 'string' ? Buffer.from(data) : data, fileName, ...input },
        options,
      );
      expect(ImportReportSchema.parse(report)).toEqual(report);
      return report;
    }
    async function expectNothingWritten(ws: string): Promise<void> {
      const snap = await store.snapshot(ws);
      expect(snap.people).toEqual([]);
      expect(snap.ties).toEqual([]);
      expect(snap.interactions).toEqual([]);
      expect(snap.organizations).toEqual([]);
      expect((await store.listImports(ws, { limit: 10, offset: 0 })).total).toBe(0);
    }
    const me = { name: 'Me Myself', linkedinUrl: ME_URL };

    describe('errors: a clear error, nothing written', () => {
      it('refuses an unknown workspace', async () => {
        await expectAppError(
          importFile(store, randomUUID(), { buffer: Buffer.from('x'), fileName: 'Connections.csv' }),
          'NOT_FOUND',
        );
      });

      it('refuses a file over the size limit, from a buffer, a path or a stream', async () => {
        const ws = await workspace();
        const big = Buffer.from(
          connectionsCsv(Array.from({ length: 40 }, (_, i) => ({ ...zoe, url: `https://www.linkedin.com/in/p${i}` }))),
        );
        await expectAppError(
          run(ws, big, 'Connections.csv', { me }, { maxBytes: 1024 }),
          'PAYLOAD_TOO_LARGE',
          /^Connections\.csv is \d KB, over the import limit of 1 KB$/,
        );
        const path = join(dir, 'big.csv');
        writeFileSync(path, big);
        await expectAppError(
          importFile(store, ws, { path, fileName: 'Connections.csv', me }, { maxBytes: 1024 }),
          'PAYLOAD_TOO_LARGE',
        );
        async function* stream(): AsyncGenerator<Uint8Array> {
          for (let i = 0; i < big.length; i += 100) yield big.subarray(i, i + 100);
        }
        await expectAppError(
          importFile(store, ws, { stream: stream(), fileName: 'Connections.csv', me }, { maxBytes: 1024 }),
          'PAYLOAD_TOO_LARGE',
          'larger than the import limit of 1 KB',
        );
        await expectAppError(
          run(ws, exportZip(), 'Basic_LinkedInDataExport.zip', {}, { maxBytes: 1024 }),
          'PAYLOAD_TOO_LARGE',
        );
        await expectAppError(
          run(ws, exportZip(), 'Basic_LinkedInDataExport.zip', {}, { maxEntryBytes: 100 }),
          'PAYLOAD_TOO_LARGE',
          /unpacks to/,
        );
        await expectNothingWritten(ws);
      });

      it('refuses images, PDFs and binary data renamed .csv, naming what they are', async () => {
        const ws = await workspace();
        const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
        await expectAppError(
          run(ws, png, 'Connections.csv', { me }),
          'UNSUPPORTED_MEDIA_TYPE',
          'Connections.csv is not a CSV file: it is a PNG image',
        );
        await expectAppError(
          run(ws, Buffer.from('%PDF-1.4\n1 0 obj\n'), 'contacts.csv'),
          'UNSUPPORTED_MEDIA_TYPE',
          'PDF document',
        );
        await expectAppError(
          run(ws, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'contacts.csv'),
          'UNSUPPORTED_MEDIA_TYPE',
          'Excel',
        );
        await expectAppError(
          run(ws, 'Just some notes.\nNothing tabular here.\n', 'notes.csv'),
          'UNSUPPORTED_MEDIA_TYPE',
          'no header row',
        );
        await expectAppError(run(ws, '', 'Connections.csv', { me }), 'UNSUPPORTED_MEDIA_TYPE', 'is empty');
        await expectNothingWritten(ws);
      });

      it('refuses text mixing encodings with its line, and decodes UTF-16 with a BOM', async () => {
        const ws = await workspace();
        // UTF-8 (Zoë) and then Latin-1 (René): no one encoding reads it.
        const mixed = Buffer.concat([
          Buffer.from(connectionsCsv([zoe], { preamble: true })),
          Buffer.from(connectionsCsv([{ ...yusuf, firstName: 'René' }]).split('\n')[1]!, 'latin1'),
        ]);
        await expectAppError(
          run(ws, mixed, 'Connections.csv', { me }),
          'UNSUPPORTED_MEDIA_TYPE',
          /Connections\.csv cannot be decoded at line 6 \(byte \d+\): the bytes are not valid UTF-8/,
        );
        await expectNothingWritten(ws);
        const utf16 = Buffer.from(`\uFEFF${connectionsCsv([zoe, wang], { eol: '\r\n' })}`, 'utf16le');
        const r = await run(ws, utf16, 'Connections.csv', { me });
        expect(r).toMatchObject({ new: 2, rejected: [] });
      });

      it('refuses a zip that is not a LinkedIn export, a corrupt zip, and a messages look-alike', async () => {
        const ws = await workspace();
        await expectAppError(
          run(
            ws,
            writeZip([
              { name: 'guide_messages.csv', data: 'a' },
              { name: 'notes.txt', data: 'b' },
            ]),
            'export.zip',
          ),
          'UNSUPPORTED_MEDIA_TYPE',
          'none of Connections.csv, messages.csv',
        );
        await expectAppError(
          run(ws, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)]), 'export.zip'),
          'UNSUPPORTED_MEDIA_TYPE',
          'not a zip archive we can read',
        );
        await expectAppError(
          run(ws, messages2021Csv(messages), 'guide_messages.csv', { me }),
          'UNSUPPORTED_MEDIA_TYPE',
          'only a file named messages.csv',
        );
        await expectNothingWritten(ws);
      });

      it('refuses a file with an unclosed quote, naming its line', async () => {
        const ws = await workspace();
        const text = `${connectionsCsv([zoe], { preamble: true })}"Broken,Row,,,,,14 Feb 2020\n`;
        await expectAppError(
          run(ws, text, 'Connections.csv', { me }),
          'VALIDATION',
          'Connections.csv line 6: a quoted field that starts here is never closed',
        );
        await expectNothingWritten(ws);
      });

      it('asks who "me" is when neither the workspace nor the file says', async () => {
        const ws = await workspace();
        await expectAppError(
          run(ws, connectionsCsv([zoe]), 'Connections.csv'),
          'VALIDATION',
          /No owner \("me"\).*--me-name/,
        );
        await expectAppError(
          run(ws, connectionsCsv([zoe]), 'Connections.csv', {
            me: { name: 'Me', linkedinUrl: 'https://example.com/me' },
          }),
          'VALIDATION',
          'me.linkedinUrl',
        );
        await expectAppError(
          run(ws, connectionsCsv([zoe]), 'Connections.csv', { me: { name: ' ' } }),
          'VALIDATION',
          'me.name',
        );
        await expectNothingWritten(ws);
      });
    });

    describe('all or nothing', () => {
      const withBadRows = connectionsCsv(
        [
          zoe,
          { firstName: 'Bad', lastName: 'Date', connectedOn: '2020-01-01' },
          wang,
          { firstName: '', lastName: '', company: 'Nameless' },
        ],
        { preamble: true },
      ).replace('01 Jan 2020', 'the other day');

      it('writes nothing from a file with rejected rows, and reports each with its line', async () => {
        const ws = await workspace();
        const r = await run(ws, withBadRows, 'Connections.csv', { me });
        expect(r).toMatchObject({
          written: false,
          dryRun: false,
          new: 2,
          ties: 2,
          importId: null,
          rejected: [
            { line: 6, reason: 'Connected On "the other day" is not a date' },
            { line: 8, reason: 'no First Name or Last Name' },
          ],
        });
        expect(r.rejected[0]).toEqual({ line: 6, reason: 'Connected On "the other day" is not a date' });
        await expectNothingWritten(ws);
      });

      it('imports the valid rows when asked, still listing the rejected ones', async () => {
        const ws = await workspace();
        const r = await run(ws, withBadRows, 'Connections.csv', { me, acceptValidRows: true });
        expect(r).toMatchObject({ written: true, new: 2, ties: 2, rejected: [{ line: 6 }, { line: 8 }] });
        expect(r.importId).toEqual(expect.any(String));
        expect((await store.snapshot(ws)).people.map((p) => p.name).sort()).toEqual([
          'Me Myself',
          'Zoë Ångström',
          '王 小明',
        ]);
      });
    });

    describe('idempotent re-import', () => {
      it('importing the same Connections.csv twice changes nothing', async () => {
        const ws = await workspace();
        const text = connectionsCsv([zoe, wang, yusuf], { preamble: true, hidden: ['2022-01-01'] });
        const first = await run(ws, text, 'Connections.csv', { me });
        expect(first).toMatchObject({
          kind: 'linkedin-connections',
          new: 3,
          updated: 0,
          unchanged: 0,
          hidden: 1,
          ties: 3,
          me: { name: 'Me Myself', created: true },
        });
        const before = sorted(await store.snapshot(ws));
        const second = await run(ws, text, 'Connections.csv', { me });
        expect(second).toMatchObject({
          new: 0,
          updated: 0,
          unchanged: 3,
          hidden: 1,
          ties: 0,
          tiesUnchanged: 3,
          me: { created: false },
        });
        expect(sorted(await store.snapshot(ws))).toEqual(before);
      });

      it('importing the same export zip twice changes nothing', async () => {
        const ws = await workspace();
        const zip = exportZip();
        const first = await run(ws, zip, 'Basic_LinkedInDataExport_03-07-2026.zip');
        const before = sorted(await store.snapshot(ws));
        const second = await run(ws, zip, 'Basic_LinkedInDataExport_03-07-2026.zip');
        expect(second).toMatchObject({
          new: 0,
          updated: 0,
          ties: 0,
          interactions: 0,
          interactionsUnchanged: first.interactions,
          tiesUnchanged: first.ties,
        });
        expect(second.unchanged).toBe(first.new);
        expect(sorted(await store.snapshot(ws))).toEqual(before);
      });

      it('a re-import brings back an interaction deleted since, and counts the rest as on file', async () => {
        const ws = await workspace();
        const zip = exportZip();
        const first = await run(ws, zip, 'Basic_LinkedInDataExport_03-07-2026.zip');
        expect(first.interactions).toBeGreaterThan(1);
        const imported = (await store.snapshot(ws)).interactions.filter((i) => i.externalId);
        const gone = imported[0]!;
        expect(await store.interactions.delete(ws, gone.id)).toBe(true);
        const again = await run(ws, zip, 'Basic_LinkedInDataExport_03-07-2026.zip');
        expect(again).toMatchObject({ new: 0, interactions: 1, interactionsUnchanged: first.interactions - 1 });
        const back = (await store.snapshot(ws)).interactions.filter((i) => i.externalId);
        expect(back.map((i) => i.externalId).sort()).toEqual(imported.map((i) => i.externalId).sort());
        expect(back.find((i) => i.externalId === gone.externalId)).toMatchObject({
          occurredAt: gone.occurredAt,
          initiatorId: gone.initiatorId,
        });
      });

      it('re-imports a 2018 export without URLs or emails without duplicating anyone, and updates it', async () => {
        const ws = await workspace();
        const old = [
          { ...zoe, url: undefined },
          { ...yusuf, url: undefined, email: undefined },
        ];
        const text = connectionsCsv(old, { columns: 6, dateStyle: '2018' });
        expect(await run(ws, text, 'Connections.csv', { me })).toMatchObject({ new: 2, ties: 2 });
        const before = sorted(await store.snapshot(ws));
        expect(await run(ws, text, 'Connections.csv', { me })).toMatchObject({
          new: 0,
          updated: 0,
          unchanged: 2,
          ties: 0,
          tiesUnchanged: 2,
        });
        expect(sorted(await store.snapshot(ws))).toEqual(before);
        const zoeId = before.people.find((p) => p.name === 'Zoë Ångström')!.id;
        await store.people.update(ws, zoeId, { notes: 'met at the chamber breakfast', tags: ['partner'] });
        const newer = connectionsCsv([{ ...old[0]!, company: 'Acme Labs', position: 'CEO' }, old[1]!], {
          columns: 6,
          dateStyle: '2018',
        });
        const dry = await run(ws, newer, 'Connections.csv', { me, dryRun: true });
        expect(dry).toMatchObject({ updated: 1, unchanged: 1, written: false });
        expect((await store.people.get(ws, zoeId))!.company).toBe('Acme');
        expect(await run(ws, newer, 'Connections.csv', { me })).toMatchObject({ new: 0, updated: 1, unchanged: 1 });
        expect(await store.people.get(ws, zoeId)).toMatchObject({
          company: 'Acme Labs',
          position: 'CEO',
          notes: 'met at the chamber breakfast',
          tags: ['partner'],
        });
        expect((await store.snapshot(ws)).people).toHaveLength(3);
      });
    });

    describe('newer exports', () => {
      it("update company and position and keep the user's notes and tags", async () => {
        const ws = await workspace();
        const first = await run(ws, connectionsCsv([zoe, wang], { preamble: true }), 'Connections.csv', { me });
        expect(first.new).toBe(2);
        const zoePerson = (await store.snapshot(ws)).people.find((p) => p.name === 'Zoë Ångström')!;
        await store.people.update(ws, zoePerson.id, { notes: 'introduced me to Beta', tags: ['referral-partner'] });
        const newer = connectionsCsv(
          [{ ...zoe, company: 'Acme Labs', position: 'CEO', url: 'https://www.linkedin.com/in/zoë-a/' }, wang],
          { preamble: true },
        );
        const r = await run(ws, newer, 'Connections.csv', { me });
        expect(r).toMatchObject({ new: 0, updated: 1, unchanged: 1, ties: 0 });
        expect(r.preview.map((p) => [p.name, p.outcome])).toEqual([
          ['Zoë Ångström', 'updated'],
          ['王 小明', 'unchanged'],
        ]);
        expect(await store.people.get(ws, zoePerson.id)).toMatchObject({
          company: 'Acme Labs',
          position: 'CEO',
          notes: 'introduced me to Beta',
          tags: ['referral-partner'],
          connectedOn: '2020-02-14',
        });
      });
    });

    describe('organisations from companies', () => {
      const orgName = async (ws: string, personName: string) => {
        const snap = await store.snapshot(ws);
        const p = snap.people.find((x) => x.name === personName)!;
        return p.organizationId === null ? null : snap.organizations.find((o) => o.id === p.organizationId)!.name;
      };

      it('link each person with a company to the organisation of that name, made once per name, and a re-import changes nothing', async () => {
        const ws = await workspace();
        const acme = await store.organizations.create(ws, { name: 'ACME', notes: 'ours' });
        const bo: Connection = {
          firstName: 'Bo',
          lastName: 'Berg',
          url: 'https://www.linkedin.com/in/bo-berg',
          company: '  béta ',
          connectedOn: '2022-02-02',
        };
        const file = connectionsCsv([zoe, wang, yusuf, bo], { preamble: true });
        const dry = await run(ws, file, 'Connections.csv', { me, dryRun: true });
        expect(dry.organizations).toBe(1);
        expect((await store.snapshot(ws)).organizations.map((o) => o.name)).toEqual(['ACME']);

        const r = await run(ws, file, 'Connections.csv', { me });
        expect(r).toMatchObject({ new: 4, organizations: 1 });
        const snap = await store.snapshot(ws);
        // "Acme" is the ACME on file; "Beta" and " béta " are one new organisation, named as first written.
        expect(snap.organizations.map((o) => o.name).sort()).toEqual(['ACME', 'Beta']);
        expect(snap.organizations.find((o) => o.id === acme.id)).toMatchObject({ name: 'ACME', notes: 'ours' });
        expect(await orgName(ws, 'Zoë Ångström')).toBe('ACME');
        expect(await orgName(ws, 'Yusuf Ali')).toBe('Beta');
        expect(await orgName(ws, 'Bo Berg')).toBe('Beta');
        expect(await orgName(ws, '王 小明')).toBeNull(); // no company
        expect(await orgName(ws, 'Me Myself')).toBeNull();
        const imports = await store.listImports(ws, { limit: 1, offset: 0 });
        expect(imports.items[0]!.counts).toMatchObject({ organizationsCreated: 1 });

        const again = await run(ws, file, 'Connections.csv', { me });
        expect(again).toMatchObject({ new: 0, updated: 0, unchanged: 4, organizations: 0 });
        expect(sorted(await store.snapshot(ws))).toEqual(sorted(snap));
      });

      it('a newer export moves a person whose organisation followed their company, and keeps one linked by hand', async () => {
        const ws = await workspace();
        await run(ws, connectionsCsv([zoe, yusuf], { preamble: true }), 'Connections.csv', { me });
        const before = await store.snapshot(ws);
        const yusufId = before.people.find((p) => p.name === 'Yusuf Ali')!.id;
        const holding = await store.organizations.create(ws, { name: 'Beta Holding' });
        await store.people.update(ws, yusufId, { organizationId: holding.id });

        const r = await run(
          ws,
          connectionsCsv(
            [
              { ...zoe, company: 'Gamma' },
              { ...yusuf, company: 'Delta' },
            ],
            { preamble: true },
          ),
          'Connections.csv',
          { me },
        );
        expect(r).toMatchObject({ updated: 2, organizations: 1 });
        expect(await orgName(ws, 'Zoë Ångström')).toBe('Gamma');
        expect(await orgName(ws, 'Yusuf Ali')).toBe('Beta Holding');
        const after = await store.snapshot(ws);
        // Organisations are never deleted by an import, even one nobody works at any more.
        expect(after.organizations.map((o) => o.name).sort()).toEqual(['Acme', 'Beta', 'Beta Holding', 'Gamma']);
        // One organisation per person (on Neo4j: the old WORKS_AT is gone, not left beside the new one).
        const gamma = after.organizations.find((o) => o.name === 'Gamma')!;
        expect(
          (
            await store.people.list(ws, { organizationId: gamma.id, limit: 10, offset: 0, sort: 'name', order: 'asc' })
          ).items.map((p) => p.name),
        ).toEqual(['Zoë Ångström']);
        const acme = after.organizations.find((o) => o.name === 'Acme')!;
        expect(
          (await store.people.list(ws, { organizationId: acme.id, limit: 10, offset: 0, sort: 'name', order: 'asc' }))
            .items,
        ).toEqual([]);
      });
    });

    describe('dry run', () => {
      it('counts exactly what an import would do, previews the first rows, and writes nothing', async () => {
        const ws = await workspace();
        await run(ws, connectionsCsv([zoe], { preamble: true }), 'Connections.csv', { me });
        const before = sorted(await store.snapshot(ws));
        const zip = exportZip([], { profile: false });
        const dry = await run(
          ws,
          zip,
          'Complete_LinkedInDataExport_03-07-2026.zip',
          { dryRun: true },
          { previewRows: 2 },
        );
        expect(dry).toMatchObject({ dryRun: true, written: false, importId: null });
        expect(dry.preview).toEqual([
          {
            line: 5,
            file: 'Connections.csv',
            name: 'Zoë Ångström',
            company: 'Acme',
            position: 'CTO',
            linkedinUrl: zoe.url,
            outcome: 'unchanged',
          },
          {
            line: 6,
            file: 'Connections.csv',
            name: '王 小明',
            company: null,
            position: null,
            linkedinUrl: wang.url,
            outcome: 'new',
          },
        ]);
        expect(sorted(await store.snapshot(ws))).toEqual(before);
        expect((await store.listImports(ws, { limit: 10, offset: 0 })).total).toBe(1);
        const real = await run(ws, zip, 'Complete_LinkedInDataExport_03-07-2026.zip', {}, { previewRows: 2 });
        const counts = (r: ImportReport) => ({ ...r, dryRun: undefined, written: undefined, importId: undefined });
        expect(counts(real)).toEqual(counts(dry));
      });
    });

    describe('provenance', () => {
      it('records the file name, its sha256, the kind and the counts; each person keeps its source', async () => {
        const ws = await workspace();
        const text = connectionsCsv([zoe, wang], { preamble: true, hidden: ['2020-01-01', '2020-01-02'] });
        const r = await run(ws, text, 'Connections.csv', { me });
        const imports = await store.listImports(ws, { limit: 10, offset: 0 });
        expect(imports.items).toHaveLength(1);
        expect(imports.items[0]).toMatchObject({
          id: r.importId,
          fileName: 'Connections.csv',
          kind: 'linkedin-connections',
          fileHash: createHash('sha256').update(text).digest('hex'),
          counts: { rows: 4, hidden: 2, rejected: 0, peopleCreated: 3, tiesCreated: 2 },
        });
        expect(r.fileHash).toBe(imports.items[0]!.fileHash);
        const zip = exportZip();
        const z = await run(ws, zip, 'Basic_LinkedInDataExport.zip');
        const latest = (await store.listImports(ws, { limit: 10, offset: 0 })).items[0]!;
        expect(latest).toMatchObject({
          id: z.importId,
          kind: 'linkedin-export',
          fileHash: createHash('sha256').update(zip).digest('hex'),
        });
        const sources = Object.fromEntries((await store.snapshot(ws)).people.map((p) => [p.name, p.source]));
        expect(sources).toMatchObject({ 'Zoë Ångström': 'linkedin', 'Newcomer Nia': 'linkedin-messages' });
      });
    });

    describe('possible duplicates', () => {
      it('flags a new person with the same name and company as someone on file, never merging', async () => {
        const ws = await workspace();
        const jose = await store.people.create(ws, {
          name: 'José Núñez',
          company: 'Acme GmbH',
          linkedinUrl: 'https://www.linkedin.com/in/jose-1',
        });
        const r = await run(
          ws,
          connectionsCsv(
            [
              zoe,
              {
                firstName: 'jose',
                lastName: 'nunez',
                company: 'ACME GmbH',
                url: 'https://www.linkedin.com/in/jose-2',
                connectedOn: '2020-01-01',
              },
            ],
            { preamble: true },
          ),
          'Connections.csv',
          { me },
        );
        expect(r.possibleDuplicates).toEqual([{ line: 6, name: 'jose nunez', existingId: jose.id }]);
        expect(r.new).toBe(2);
        expect((await store.snapshot(ws)).people).toHaveLength(4);
      });
    });

    describe('the LinkedIn export zip', () => {
      it('imports profile, connections, messages and invitations found by name; look-alikes are ignored', async () => {
        const ws = await workspace();
        const r = await run(
          ws,
          exportZip([], { folder: 'Basic_LinkedInDataExport_03-07-2026' }),
          'Basic_LinkedInDataExport_03-07-2026.zip',
        );
        const folder = 'Basic_LinkedInDataExport_03-07-2026/';
        expect(r.kind).toBe('linkedin-export');
        expect(r.files.map((f) => [f.name, f.kind])).toEqual([
          [`${folder}Profile.csv`, 'linkedin-profile'],
          [`${folder}Connections.csv`, 'linkedin-connections'],
          [`${folder}Invitations.csv`, 'linkedin-invitations'],
          [`${folder}messages.csv`, 'linkedin-messages'],
        ]);
        expect(r).toMatchObject({
          new: 5,
          hidden: 1,
          ties: 3,
          me: { name: 'Me Myself', created: true },
          rejected: [],
          skipped: { drafts: 1, sponsored: 1, linkedinMemberSenders: 1 },
          messages: {
            read: 7,
            joined: 3,
            newPeople: 1,
            onFile: 0,
            leftOut: { noSender: 0, linkedinMember: 1, ambiguousName: 0, unknownUnnamed: 0, drafts: 1, sponsored: 1 },
          },
        });
        // 4 messages + 3 invitations (the stranger who invited me is someone new).
        expect(r.interactions).toBe(7);

        const snap = await store.snapshot(ws);
        const byName = new Map(snap.people.map((p) => [p.name, p]));
        const meP = byName.get('Me Myself')!;
        expect(meP).toMatchObject({ isMe: true, linkedinUrl: ME_URL });
        expect(byName.has('Guide')).toBe(false);
        const zoeP = byName.get('Zoë Ångström')!;
        const yusufP = byName.get('Yusuf Ali')!;
        expect(yusufP.emails).toEqual([]);
        // A connection is a weak tie from me, dated.
        expect(snap.ties.find((t) => t.bId === zoeP.id)).toMatchObject({
          aId: meP.id,
          kind: 'linkedin',
          since: '2020-02-14',
          source: 'linkedin',
        });
        const msgs = snap.interactions.filter((i) => i.channel === 'message');
        expect(msgs).toHaveLength(4);
        const fromZoe = msgs.find((i) => i.occurredAt.startsWith('2024-06-08T09:00:00'))!;
        expect(fromZoe).toMatchObject({ initiatorId: zoeP.id, source: 'linkedin-messages', note: null });
        expect(new Set(fromZoe.participantIds)).toEqual(new Set([zoeP.id, meP.id]));
        const group = msgs.find((i) => i.occurredAt.startsWith('2024-08-01'))!;
        expect(new Set(group.participantIds)).toEqual(new Set([meP.id, yusufP.id, byName.get('王 小明')!.id]));
        expect(group.initiatorId).toBe(meP.id);
        const social = snap.interactions.filter((i) => i.channel === 'social');
        expect(social.map((i) => [i.initiatorId, i.source])).toEqual(
          expect.arrayContaining([
            [meP.id, 'linkedin-invitations'],
            [yusufP.id, 'linkedin-invitations'],
          ]),
        );
        // Message text is private.
        expect(JSON.stringify(snap)).not.toContain('PRIVATE');
        expect(JSON.stringify(await store.listImports(ws, { limit: 10, offset: 0 }))).not.toContain('PRIVATE');
      });

      it('lists rejected rows with their file and line, and writes nothing', async () => {
        const ws = await workspace();
        const bad = connectionsCsv([zoe, { firstName: 'Bad', lastName: 'Date', connectedOn: '2020-01-01' }], {
          preamble: true,
        }).replace('01 Jan 2020', 'the other day');
        const r = await run(
          ws,
          writeZip([
            { name: 'Connections.csv', data: bad },
            { name: 'Profile.csv', data: profileCsv({ firstName: 'Me', lastName: 'Myself' }) },
          ]),
          'Basic_LinkedInDataExport.zip',
        );
        expect(r.rejected).toEqual([
          { line: 6, reason: 'Connected On "the other day" is not a date', file: 'Connections.csv' },
        ]);
        expect(r.written).toBe(false);
        await expectNothingWritten(ws);
      });

      it('takes "me" from the participant of every conversation when there is no Profile.csv', async () => {
        const ws = await workspace();
        const r = await run(ws, exportZip([], { profile: false }), 'Basic_LinkedInDataExport.zip');
        expect(r.me).toEqual({ name: 'Me Myself', created: true });
        expect(await store.getMe(ws)).toMatchObject({ name: 'Me Myself', linkedinUrl: ME_URL, isMe: true });
      });

      it('uses the owner on file, and the --me option only when nothing else says', async () => {
        const ws = await workspace();
        const owner = await store.people.create(ws, { name: 'Owner On File', isMe: true });
        const r = await run(ws, connectionsCsv([zoe]), 'Connections.csv', { me: { name: 'Ignored' } });
        expect(r.me).toEqual({ name: 'Owner On File', created: false });
        expect((await store.snapshot(ws)).ties.map((t) => t.aId)).toEqual([owner.id]);
        const ws2 = await workspace();
        const r2 = await run(ws2, connectionsCsv([zoe]), 'Connections.csv', {
          me: { name: 'Given Name', linkedinUrl: 'https://www.linkedin.com/in/given' },
        });
        expect(r2.me).toEqual({ name: 'Given Name', created: true });
        expect(await store.getMe(ws2)).toMatchObject({
          name: 'Given Name',
          linkedinUrl: 'https://www.linkedin.com/in/given',
        });
      });
    });

    describe('separate LinkedIn files', () => {
      it('matches messages.csv to people on file by URL (raw Unicode against percent-encoded)', async () => {
        const ws = await workspace();
        await run(ws, connectionsCsv([zoe, wang, yusuf], { preamble: true }), 'Connections.csv', { me });
        const r = await run(ws, messages2021Csv(messages, { draftColumns: true }), 'MESSAGES.CSV');
        expect(r).toMatchObject({
          kind: 'linkedin-messages',
          new: 1,
          unchanged: 3,
          interactions: 4,
          skipped: { drafts: 1, sponsored: 1, linkedinMemberSenders: 1 },
        });
        const snap = await store.snapshot(ws);
        expect(snap.people).toHaveLength(5);
        const zoeP = snap.people.find((p) => p.name === 'Zoë Ångström')!;
        expect(snap.interactions.filter((i) => i.participantIds.includes(zoeP.id))).toHaveLength(2);
        const again = await run(ws, messages2021Csv(messages, { draftColumns: true }), 'messages.csv');
        expect(again).toMatchObject({ new: 0, unchanged: 4, interactions: 0, interactionsUnchanged: 4 });
      });

      it('matches 2018 messages and invitations by name, and says who reached out first', async () => {
        const ws = await workspace();
        await run(
          ws,
          connectionsCsv(
            [
              { ...zoe, url: undefined },
              { ...wang, url: undefined },
            ],
            { columns: 6, dateStyle: '2018' },
          ),
          'Connections.csv',
          { me },
        );
        const r = await run(
          ws,
          messages2018Csv([
            {
              from: 'Me Myself',
              to: 'Zoë Ångström',
              at: '2018-01-08T18:14:00Z',
              direction: 'OUTGOING',
              content: SECRET,
            },
            { from: 'Zoë Ångström', to: 'Me Myself', at: '2018-01-09T06:05:00Z', direction: 'INCOMING' },
            { from: 'Nobody Known', to: 'Me Myself', at: '2018-01-10T06:05:00Z', direction: 'INCOMING' },
          ]),
          'messages.csv',
        );
        // Someone named only by name and known to nobody is someone new.
        expect(r).toMatchObject({ interactions: 3, new: 1, skipped: {} });
        expect(r.messages).toMatchObject({ read: 3, joined: 2, newPeople: 1 });
        const inv = await run(
          ws,
          invitationsCsv([{ from: '王 小明', to: 'Me Myself', at: '2019-11-29T08:00:00Z', direction: 'INCOMING' }]),
          'Invitations.csv',
        );
        expect(inv).toMatchObject({ kind: 'linkedin-invitations', interactions: 1 });
        const snap = await store.snapshot(ws);
        const wangP = snap.people.find((p) => p.name === '王 小明')!;
        expect(snap.interactions.find((i) => i.channel === 'social')).toMatchObject({
          initiatorId: wangP.id,
          occurredAt: '2019-11-29T08:00:00Z',
        });
        expect(JSON.stringify(snap)).not.toContain('PRIVATE');
      });

      it('reads Profile.csv alone as the owner', async () => {
        const ws = await workspace();
        const r = await run(
          ws,
          profileCsv({
            firstName: 'Jörg',
            lastName: 'Müller',
            websites: '[OTHER:https://www.linkedin.com/in/j%C3%B6rg-m]',
          }),
          'Profile.csv',
        );
        expect(r).toMatchObject({ kind: 'linkedin-profile', me: { name: 'Jörg Müller', created: true }, new: 0 });
        expect(await store.getMe(ws)).toMatchObject({
          name: 'Jörg Müller',
          linkedinUrl: 'https://www.linkedin.com/in/j%C3%B6rg-m',
        });
      });

      it('reads from a path and from a stream alike', async () => {
        const ws = await workspace();
        const text = connectionsCsv([zoe, wang], { preamble: true, eol: '\r\n', bom: true });
        const path = join(dir, 'Connections.csv');
        writeFileSync(path, text);
        const fromPath = await importFile(store, ws, { path, fileName: 'Connections.csv', me, dryRun: true });
        async function* stream(): AsyncGenerator<Uint8Array> {
          const b = Buffer.from(text);
          for (let i = 0; i < b.length; i += 7) yield b.subarray(i, i + 7);
        }
        const fromStream = await importFile(store, ws, {
          stream: stream(),
          fileName: 'Connections.csv',
          me,
          dryRun: true,
        });
        expect(fromStream).toEqual(fromPath);
        expect(fromPath).toMatchObject({ new: 2, fileHash: createHash('sha256').update(text).digest('hex') });
      });
    });

    describe('contacts CSV', () => {
      it('imports with a column mapping, idempotently, matching rows without URL or email by name and company', async () => {
        const ws = await workspace();
        const text = csv(
          [
            ['Kontakt', 'Firma', 'Mail', 'Labels', 'Notiz'],
            ['José Núñez', 'Acme GmbH', 'jose@acme.de', 'partner', 'Met at the chamber'],
            ['Ann Lee', 'Beta', '', 'coach', ''],
          ],
          { delimiter: ';' },
        );
        const mapping = { name: 'Kontakt', company: 'Firma', emails: 'Mail', tags: 'Labels', notes: 'Notiz' };
        const r = await run(ws, text, 'crm-export.csv', { mapping });
        expect(r).toMatchObject({ kind: 'contacts', new: 2, ties: 0, me: null });
        const before = sorted(await store.snapshot(ws));
        expect(before.people.find((p) => p.name === 'José Núñez')).toMatchObject({
          emails: ['jose@acme.de'],
          tags: ['partner'],
          notes: 'Met at the chamber',
          source: 'contacts-csv',
        });
        expect(await run(ws, text, 'crm-export.csv', { mapping })).toMatchObject({ new: 0, unchanged: 2 });
        expect(sorted(await store.snapshot(ws))).toEqual(before);
      });

      it('recognises a plain contacts sheet without a mapping', async () => {
        const ws = await workspace();
        const r = await run(
          ws,
          csv([
            ['Name', 'Email', 'Company'],
            ['Ann Lee', 'ann@x.io', 'Beta'],
          ]),
          'people.csv',
        );
        expect(r).toMatchObject({ kind: 'contacts', new: 1 });
      });
    });
  });
}
