/**
 * The failures found by importing 17 real LinkedIn exports (2018-2026) and contact files from
 * Google, Outlook and Excel (issue 13), each as a test written against the shapes those files
 * have, with generated data: no real export is committed. Run per adapter, like the import suite.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, type ImportInput } from '../../../server/import/import.service.js';
import type { Store } from '../../../server/store/store.port.js';
import { ImportReportSchema, type ImportReport, type Person } from '../../../shared/index.js';
import {
  type Connection,
  type Message,
  connectionsCsv,
  messages2021Csv,
  profileCsv,
} from '../../fixtures/import/linkedin-files.js';
import { writeZip } from '../../fixtures/import/write-zip.js';

const ME_URL = 'https://www.linkedin.com/in/me-myself';
const url = (slug: string) => `https://www.linkedin.com/in/${slug}`;

/** A 2021-2023 export: Connections.csv without URLs, messages with the sender's URL and TO by name. */
const ann: Connection = {
  firstName: 'Ann',
  lastName: 'Lee',
  company: 'Acme',
  position: 'CEO',
  connectedOn: '2021-03-01',
};
const bob: Connection = { firstName: 'Bob', lastName: 'Stone', company: 'Beta', connectedOn: '2021-04-01' };
const chat: Message[] = [
  { conversationId: 'c1', from: 'Ann Lee', fromUrl: url('ann-lee-1'), to: 'Me Myself', at: '2022-05-01T10:00:00Z' },
  { conversationId: 'c1', from: 'Me Myself', fromUrl: ME_URL, to: 'Ann Lee', at: '2022-05-01T11:00:00Z' },
  { conversationId: 'c1', from: 'Ann Lee', fromUrl: url('ann-lee-1'), to: 'Me Myself', at: '2022-05-02T09:00:00Z' },
  { conversationId: 'c2', from: 'Me Myself', fromUrl: ME_URL, to: 'Bob Stone', at: '2022-06-01T10:00:00Z' },
  { conversationId: 'c2', from: 'Bob Stone', fromUrl: url('bob-stone'), to: 'Me Myself', at: '2022-06-01T12:00:00Z' },
];
const messages2022 = (rows: Message[] = chat) => messages2021Csv(rows, { recipientUrls: false });
const connections2022 = (rows: Connection[] = [ann, bob]) => connectionsCsv(rows, { columns: 6, preamble: true });
const profile2022 = profileCsv({ firstName: 'Me', lastName: 'Myself' }); // no URL before 2023

export function runRealExportSuite(name: string, openStore: () => Promise<Store>): void {
  describe(`import of real export shapes: ${name}`, () => {
    let store: Store;
    const made: string[] = [];
    beforeAll(async () => {
      store = await openStore();
      await store.init();
    });
    afterAll(async () => {
      for (const id of made) await store.deleteWorkspace(id);
      await store.close();
    });
    async function workspace(): Promise<string> {
      const ws = await store.createWorkspace({ name: `real ${randomUUID().slice(0, 8)}`, timeZone: 'UTC' });
      made.push(ws.id);
      return ws.id;
    }
    async function run(
      ws: string,
      data: string | Uint8Array,
      fileName: string,
      input: Partial<ImportInput> = {},
    ): Promise<ImportReport> {
      const report = await importFile(store, ws, {
        buffer: typeof data === 'string' ? Buffer.from(data) : data,
        fileName,
        ...input,
      });
      expect(ImportReportSchema.parse(report)).toEqual(report);
      return report;
    }
    const people = async (ws: string) => (await store.snapshot(ws)).people;
    const named = (ps: Person[], n: string) => ps.filter((p) => p.name === n);
    const interactionsOf = async (ws: string, id: string) =>
      (await store.snapshot(ws)).interactions.filter((i) => i.participantIds.includes(id));

    it('joins messages to connections when Connections.csv has no URL column (one zip)', async () => {
      const ws = await workspace();
      const zip = writeZip([
        { name: 'Profile.csv', data: profile2022 },
        { name: 'Connections.csv', data: connections2022() },
        { name: 'messages.csv', data: messages2022() },
      ]);
      const r = await run(ws, zip, 'Basic_LinkedInDataExport_2022.zip');
      expect(r).toMatchObject({ new: 2, interactions: 5 });
      const ps = await people(ws);
      expect(ps).toHaveLength(3);
      const annP = named(ps, 'Ann Lee');
      expect(annP).toHaveLength(1);
      // The URL the messages carry is recorded on the connection.
      expect(annP[0]).toMatchObject({ linkedinUrl: url('ann-lee-1'), company: 'Acme', connectedOn: '2021-03-01' });
      expect(await interactionsOf(ws, annP[0]!.id)).toHaveLength(3);
      expect(named(ps, 'Me Myself')).toHaveLength(1);
    });

    it('joins messages imported after a Connections.csv without URLs, and the reverse', async () => {
      const ws = await workspace();
      await run(ws, connections2022(), 'Connections.csv', { me: { name: 'Me Myself' } });
      const r = await run(ws, messages2022(), 'messages.csv');
      expect(r).toMatchObject({ new: 0, interactions: 5 });
      const ps = await people(ws);
      expect(ps.map((p) => p.name).sort()).toEqual(['Ann Lee', 'Bob Stone', 'Me Myself']);
      expect(named(ps, 'Me Myself')[0]).toMatchObject({ isMe: true, linkedinUrl: ME_URL });

      const ws2 = await workspace();
      await run(ws2, profile2022, 'Profile.csv');
      await run(ws2, messages2022(), 'messages.csv');
      const c = await run(ws2, connections2022(), 'Connections.csv');
      expect(c).toMatchObject({ new: 0, updated: 2, ties: 2 });
      const ps2 = await people(ws2);
      expect(ps2.map((p) => p.name).sort()).toEqual(['Ann Lee', 'Bob Stone', 'Me Myself']);
      expect(named(ps2, 'Ann Lee')[0]).toMatchObject({ linkedinUrl: url('ann-lee-1'), connectedOn: '2021-03-01' });
    });

    it('re-importing an unchanged export writes nothing, from the second import on', async () => {
      const ws = await workspace();
      const zip = writeZip([
        { name: 'Profile.csv', data: profile2022 },
        { name: 'Connections.csv', data: connections2022() },
        { name: 'messages.csv', data: messages2022() },
      ]);
      const first = await run(ws, zip, 'export.zip');
      const before = await store.snapshot(ws);
      const second = await run(ws, zip, 'export.zip');
      expect(second).toMatchObject({ new: 0, updated: 0, interactions: 0, ties: 0 });
      expect(second.interactionsUnchanged).toBe(first.interactions);
      expect((await store.snapshot(ws)).interactions).toHaveLength(before.interactions.length);
    });

    it('never creates the owner twice: --me-name without a URL, then messages carrying the URL', async () => {
      const ws = await workspace();
      await run(ws, connections2022(), 'Connections.csv', { me: { name: 'Me Myself' } });
      await run(ws, messages2022(), 'messages.csv');
      const mine = named(await people(ws), 'Me Myself');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ isMe: true, linkedinUrl: ME_URL });
    });

    it('never creates the owner twice: Profile.csv without a URL in the zip', async () => {
      const ws = await workspace();
      // One conversation: both people take part in every one, so only the name in Profile.csv says who is "me".
      const zip = writeZip([
        { name: 'Profile.csv', data: profile2022 },
        { name: 'messages.csv', data: messages2022(chat.slice(0, 3)) },
      ]);
      const r = await run(ws, zip, 'export.zip');
      expect(r.me).toEqual({ name: 'Me Myself', created: true });
      const mine = named(await people(ws), 'Me Myself');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ isMe: true, linkedinUrl: ME_URL });
    });

    it('finds the owner named only inside a multi-name TO', async () => {
      const ws = await workspace();
      const group: Message[] = [
        {
          conversationId: 'g1',
          from: 'Ann Lee',
          fromUrl: url('ann-lee-1'),
          to: 'Me Myself, Bob Stone',
          at: '2022-01-01T10:00:00Z',
        },
        {
          conversationId: 'g1',
          from: 'Bob Stone',
          fromUrl: url('bob-stone'),
          to: 'Ann Lee, Me Myself',
          at: '2022-01-01T11:00:00Z',
        },
        { conversationId: 'c2', from: 'Me Myself', fromUrl: ME_URL, to: 'Carl Diaz', at: '2022-06-01T10:00:00Z' },
        { conversationId: 'c2', from: 'Carl Diaz', fromUrl: url('carl'), to: 'Me Myself', at: '2022-06-01T11:00:00Z' },
      ];
      const r = await run(ws, messages2022(group), 'messages.csv');
      expect(r.me).toEqual({ name: 'Me Myself', created: true });
      expect(await store.getMe(ws)).toMatchObject({ name: 'Me Myself', linkedinUrl: ME_URL });
      expect((await store.snapshot(ws)).interactions).toHaveLength(4);
      expect((await people(ws)).map((p) => p.name).sort()).toEqual(['Ann Lee', 'Bob Stone', 'Carl Diaz', 'Me Myself']);
    });

    it('skips and counts system rows with no sender instead of rejecting the file', async () => {
      const ws = await workspace();
      const rows: Message[] = [...chat, { conversationId: 'c9', from: '', to: '', at: '2022-07-01T00:00:00Z' }];
      const r = await run(ws, messages2022(rows), 'messages.csv', { me: { name: 'Me Myself' } });
      expect(r).toMatchObject({ written: true, rejected: [], interactions: 5 });
      expect(r.skipped).toMatchObject({ noSender: 1 });
    });

    it('drops an invalid email ("NA") from the row with a warning, and keeps the person', async () => {
      const ws = await workspace();
      const r = await run(
        ws,
        connections2022([
          { ...ann, email: 'NA' },
          { ...bob, email: 'bob@example.com' },
        ]),
        'Connections.csv',
        { me: { name: 'Me Myself' } },
      );
      expect(r).toMatchObject({ written: true, new: 2, rejected: [] });
      expect(r.warnings).toEqual([{ line: 5, message: 'Email Address "NA" is not an email address: left out' }]);
      expect(named(await people(ws), 'Ann Lee')[0]!.emails).toEqual([]);
    });

    it('matches same-name connections without URL or email stably on every re-import', async () => {
      const ws = await workspace();
      // Connected the same day (a bulk accept): ids made in one millisecond do not say which came first.
      const companies = ['IBM', 'Acme', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta', 'Eta'];
      const twins: Connection[] = companies.flatMap((company, i) => [
        { firstName: 'John', lastName: `Smith ${i}`, company, position: 'Engineer', connectedOn: '2021-05-05' },
        {
          firstName: 'John',
          lastName: `Smith ${i}`,
          company: `${company} Labs`,
          position: 'Lawyer',
          connectedOn: '2021-05-05',
        },
      ]);
      twins.push({
        firstName: 'John',
        lastName: 'Smith 0',
        company: 'Beta',
        position: 'Coach',
        connectedOn: '2020-01-01',
      });
      const text = connections2022(twins);
      for (let i = 0; i < 3; i++) {
        const r = await run(ws, text, 'Connections.csv', { me: { name: 'Me Myself' } });
        if (i === 0) expect(r.new).toBe(twins.length);
        else expect(r).toMatchObject({ new: 0, updated: 0, unchanged: twins.length });
      }
      const smiths = named(await people(ws), 'John Smith 0')
        .map((p) => `${p.company}/${p.position}`)
        .sort();
      expect(smiths).toEqual(['Beta/Coach', 'IBM Labs/Lawyer', 'IBM/Engineer']);
    });

    it('does not report "updated" on every import for a URL repeated inside one file', async () => {
      const ws = await workspace();
      const zoe: Connection = {
        firstName: 'Zoë',
        lastName: 'A',
        url: url('zoe'),
        company: 'Acme',
        connectedOn: '2020-02-14',
      };
      const text = connectionsCsv([zoe, { ...zoe, company: 'Acme Labs' }], { preamble: true });
      await run(ws, text, 'Connections.csv', { me: { name: 'Me Myself' } });
      const again = await run(ws, text, 'Connections.csv', { me: { name: 'Me Myself' } });
      expect(again).toMatchObject({ new: 0, updated: 0, unchanged: 1 });
    });

    describe('files re-saved by spreadsheets and other address books', () => {
      const byName = async (ws: string, n: string) => named(await people(ws), n)[0];

      it('reads Excel\'s "Unicode Text": UTF-16LE, tab-delimited, CRLF', async () => {
        const ws = await workspace();
        const text = connections2022([ann, bob]).replace(/,/g, '\t').replace(/\n/g, '\r\n');
        const r = await run(ws, Buffer.from(`\uFEFF${text}`, 'utf16le'), 'Connections.txt', {
          me: { name: 'Me Myself' },
        });
        expect(r).toMatchObject({ kind: 'linkedin-connections', new: 2, rejected: [] });
        expect(r.files[0]!.encoding).toBe('utf-16le');
        expect(await byName(ws, 'Ann Lee')).toMatchObject({
          company: 'Acme',
          position: 'CEO',
          connectedOn: '2021-03-01',
        });
      });

      it("reads Windows-1252, which Excel's plain CSV writes, and says so", async () => {
        const ws = await workspace();
        const text = connections2022([{ ...ann, firstName: 'René', lastName: 'Müller', company: 'Café – Bar €' }]);
        const r = await run(ws, iconvWin1252(text), 'Connections.csv', { me: { name: 'Me Myself' } });
        expect(r).toMatchObject({ new: 1, rejected: [] });
        expect(r.files).toEqual([
          { name: 'Connections.csv', kind: 'linkedin-connections', rows: 1, encoding: 'windows-1252' },
        ]);
        expect(await byName(ws, 'René Müller')).toMatchObject({ company: 'Café – Bar €' });
      });

      it('maps Outlook: Job Title (not the honorific Title), every E-mail n Address, Categories as tags', async () => {
        const ws = await workspace();
        const outlook = [
          'Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,E-mail Address,E-mail Type,E-mail Display Name,E-mail 2 Address,E-mail 3 Address,Categories,Notes',
          'Dr.,Ann,,Lee,,Acme,Sales,CFO,ann@acme.io,SMTP,Ann Lee (ann@acme.io),ann@home.io,NA,Clients;VIP,"Met at the fair\r\nsecond line"',
        ].join('\r\n');
        const r = await run(ws, `${outlook}\r\n`, 'contacts.csv');
        expect(r).toMatchObject({ kind: 'contacts', new: 1, rejected: [] });
        expect(r.warnings).toEqual([
          {
            line: 2,
            message: 'E-mail Address/E-mail 2 Address/E-mail 3 Address "NA" is not an email address: left out',
          },
        ]);
        expect(await byName(ws, 'Ann Lee')).toMatchObject({
          company: 'Acme',
          position: 'CFO',
          emails: ['ann@acme.io', 'ann@home.io'],
          tags: ['Clients', 'VIP'],
          // A CRLF inside a quoted field is kept as written.
          notes: 'Met at the fair\r\nsecond line',
        });
      });

      it('maps current Google Contacts: Organization Name / Title, E-mail n - Value, Labels without system labels', async () => {
        const ws = await workspace();
        const google = [
          'First Name,Middle Name,Last Name,Organization Name,Organization Title,Organization Department,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value',
          'Bob,,Stone,Beta GmbH,Coach,,* myContacts ::: Partners ::: * starred,Work,bob@beta.de,Home,bob@home.de',
        ].join('\n');
        const r = await run(ws, google, 'contacts.csv');
        expect(r).toMatchObject({ kind: 'contacts', new: 1, rejected: [] });
        expect(await byName(ws, 'Bob Stone')).toMatchObject({
          company: 'Beta GmbH',
          position: 'Coach',
          emails: ['bob@beta.de', 'bob@home.de'],
          tags: ['Partners'],
        });
      });

      it('reads a tab-delimited contacts sheet', async () => {
        const ws = await workspace();
        const r = await run(ws, 'Name\tE-mail\tCompany\nCarl Diaz\tcarl@x.io\tGamma, Inc.\n', 'contacts.tsv');
        expect(r).toMatchObject({ kind: 'contacts', new: 1, rejected: [] });
        expect(await byName(ws, 'Carl Diaz')).toMatchObject({ company: 'Gamma, Inc.', emails: ['carl@x.io'] });
      });
    });
  });
}

/** Text as Windows-1252 bytes (what Excel's "CSV (Comma delimited)" writes on Western Windows). */
function iconvWin1252(text: string): Buffer {
  const extra: Record<string, number> = { '€': 0x80, '–': 0x96, '—': 0x97, '’': 0x92 };
  return Buffer.from([...text].map((c) => extra[c] ?? c.charCodeAt(0)));
}
