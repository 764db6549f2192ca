/**
 * Fuzzing the CSV importer (`importFile`) on a real SQLite store: arbitrary
 * bytes, CSV-ish text, mutated valid Connections.csv files (and other
 * encodings), mutated and truncated export zips, with random options.
 * Whatever the file:
 *
 * - the import resolves with a report (matching its schema) or rejects with an
 *   AppError; never another exception, never INTERNAL;
 * - when it is rejected, is a dry run, or writes nothing because rows were
 *   rejected, the database is exactly what it was (every row of every table);
 * - when it writes, it adds one provenance record and as many people as it
 *   reports new, and importing the same file again changes nothing.
 *
 * Then the store fails on purpose at a random statement inside the import's
 * transaction: the import rejects and the database is exactly what it was.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../server/core/app-error.js';
import { importFile, type ImportInput } from '../../../server/import/import.service.js';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';
import { ImportReportSchema, type ImportReport } from '../../../shared/index.js';
import { DbWatcher } from '../../fixtures/hardening/db-fingerprint.js';
import {
  type Connection,
  connectionsCsv,
  invitationsCsv,
  messages2021Csv,
  profileCsv,
} from '../../fixtures/import/linkedin-files.js';
import { writeZip } from '../../fixtures/import/write-zip.js';

const ME_URL = 'https://www.linkedin.com/in/fuzz-owner';
const FILE_NAMES = [
  'Connections.csv',
  'connections.csv',
  'upload.csv',
  'messages.csv',
  'Invitations.csv',
  'Profile.csv',
  'contacts.csv',
  'export.zip',
  'x',
  '..\\..\\evil.csv',
  'ümlaut 名前.csv',
];

let dir: string;
let store: SqliteStore;
let db: DbWatcher;
let ws: string;

// ---- files ------------------------------------------------------------------

const person = (i: number): Connection => ({
  firstName: ['Ana', 'Zoë', '王', 'O"Brien', 'Smith, Jr.', 'محمد'][i % 6]!,
  lastName: `Last ${i}`,
  url: `https://www.linkedin.com/in/p-${i}`,
  ...(i % 3 === 0 ? { email: `p${i}@example.com` } : {}),
  company: ['Acme', 'Beta, Inc.', 'Gamma "Labs"', ''][i % 4]!,
  position: ['CEO', 'Coach; Founder', 'Lawyer'][i % 3]!,
  connectedOn: `20${String(10 + (i % 15)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
});

const validConnections = (from: number, n: number, o: Parameters<typeof connectionsCsv>[1] = {}) =>
  connectionsCsv(
    Array.from({ length: n }, (_, k) => person(from + k)),
    { preamble: true, hidden: ['2022-01-01'], ...o },
  );

function validExport(from: number, n: number): Buffer {
  const names = Array.from({ length: n }, (_, k) => person(from + k));
  return writeZip([
    { name: 'Profile.csv', data: profileCsv({ firstName: 'Fuzz', lastName: 'Owner' }) },
    { name: 'Connections.csv', data: connectionsCsv(names, { preamble: true }) },
    {
      name: 'messages.csv',
      data: messages2021Csv(
        names.map((c, k) => ({
          conversationId: `conv-${from + k}`,
          from: 'Fuzz Owner',
          fromUrl: ME_URL,
          to: `${c.firstName} ${c.lastName}`,
          toUrls: [c.url!],
          at: `2024-0${1 + (k % 9)}-1${k % 10}T10:00:00Z`,
          content: 'hello',
        })),
      ),
    },
    {
      name: 'Invitations.csv',
      data: invitationsCsv([
        {
          from: 'Fuzz Owner',
          to: `${names[0]?.firstName ?? 'X'} ${names[0]?.lastName ?? 'Y'}`,
          at: '2020-01-01T10:00:00Z',
          direction: 'OUTGOING',
        },
      ]),
    },
  ]);
}

/** One edit of a file's bytes. */
type Mutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'replace'; at: number; byte: number }
  | { op: 'truncate'; at: number }
  | { op: 'duplicate-line'; line: number }
  | { op: 'swap-lines'; a: number; b: number }
  | { op: 'drop-line'; line: number };

const CSV_JUNK = [
  '"',
  '""',
  ',',
  ';',
  '\n',
  '\r',
  '\r\n',
  '\t',
  '\u0000',
  '\uFEFF',
  'Notes:',
  'First Name',
  ',,,,,,',
  '"unterminated',
  'https://www.linkedin.com/in/',
  '31 Feb 2020',
  '99 Xyz 20',
  '@',
  '🎉',
  '\uFFFD',
  'a'.repeat(300),
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...CSV_JUNK), fc.string({ unit: 'binary', maxLength: 12 })),
  }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate-line' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('drop-line' as const), line: fc.nat() }),
);

function mutate(input: Buffer, edits: Mutation[]): Buffer {
  let b = Buffer.from(input);
  for (const m of edits) {
    const at = (n: number) => (b.length === 0 ? 0 : n % (b.length + 1));
    const lines = () => b.toString('latin1').split('\n');
    const fromLines = (ls: string[]) => Buffer.from(ls.join('\n'), 'latin1');
    switch (m.op) {
      case 'insert': {
        const i = at(m.at);
        b = Buffer.concat([b.subarray(0, i), Buffer.from(m.text, 'utf8'), b.subarray(i)]);
        break;
      }
      case 'delete': {
        const i = at(m.at);
        b = Buffer.concat([b.subarray(0, i), b.subarray(i + m.length)]);
        break;
      }
      case 'replace':
        if (b.length) b[m.at % b.length] = m.byte;
        break;
      case 'truncate':
        b = b.subarray(0, at(m.at));
        break;
      case 'duplicate-line': {
        const ls = lines();
        const i = m.line % ls.length;
        ls.splice(i, 0, ls[i]!);
        b = fromLines(ls);
        break;
      }
      case 'swap-lines': {
        const ls = lines();
        const i = m.a % ls.length;
        const j = m.b % ls.length;
        [ls[i], ls[j]] = [ls[j]!, ls[i]!];
        b = fromLines(ls);
        break;
      }
      case 'drop-line': {
        const ls = lines();
        ls.splice(m.line % ls.length, 1);
        b = fromLines(ls);
        break;
      }
    }
  }
  return b;
}

const options = fc.record({
  fileName: fc.constantFrom(...FILE_NAMES),
  dryRun: fc.boolean(),
  acceptValidRows: fc.boolean(),
  me: fc.option(
    fc.record({
      name: fc.constantFrom('Fuzz Owner', ' ', 'Somebody Else'),
      linkedinUrl: fc.constantFrom(null, ME_URL, 'not a url'),
    }),
    { nil: undefined },
  ),
});
type Options = {
  fileName: string;
  dryRun: boolean;
  acceptValidRows: boolean;
  me?: { name: string; linkedinUrl: string | null } | undefined;
};

function inputOf(bytes: Uint8Array, o: Options, via: 'buffer' | 'stream'): ImportInput {
  const base = {
    fileName: o.fileName,
    dryRun: o.dryRun,
    acceptValidRows: o.acceptValidRows,
    ...(o.me ? { me: o.me } : {}),
  };
  if (via === 'buffer') return { ...base, buffer: bytes };
  return {
    ...base,
    stream: (async function* () {
      for (let i = 0; i < bytes.length; i += 997) yield bytes.subarray(i, i + 997);
    })(),
  };
}

// ---- the check ----------------------------------------------------------------

interface Outcome {
  report: ImportReport | null;
  error: AppError | null;
}

/** Imports one file and checks the promises above; returns what happened. */
async function importAndCheck(bytes: Uint8Array, o: Options, via: 'buffer' | 'stream' = 'buffer'): Promise<Outcome> {
  const before = db.fingerprint();
  let report: ImportReport | null = null;
  let error: AppError | null = null;
  try {
    report = await importFile(store, ws, inputOf(bytes, o, via), { maxBytes: 256 * 1024 });
  } catch (e) {
    const what = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
    expect(e, `not an AppError (${o.fileName}, ${bytes.length} bytes): ${what}`).toBeInstanceOf(AppError);
    error = e as AppError;
    expect(error.code, `INTERNAL from the importer: ${error.message}`).not.toBe('INTERNAL');
  }
  const after = db.fingerprint();
  if (!report?.written) {
    expect(
      after.counts,
      `${error ? `rejected (${error.code}: ${error.message})` : 'not written'} but the row counts changed`,
    ).toEqual(before.counts);
    expect(after.hash, 'nothing written, yet stored rows changed').toBe(before.hash);
  }
  if (report) {
    const parsed = ImportReportSchema.safeParse(report);
    expect(parsed.success, `the report does not match its schema: ${parsed.error?.message ?? ''}`).toBe(true);
    expect(report.written).toBe(!o.dryRun && (report.rejected.length === 0 || o.acceptValidRows));
    if (report.written) {
      expect(after.counts.imports, 'a written import stores one provenance record').toBe(before.counts.imports! + 1);
      const newPeople = report.new + (report.me?.created ? 1 : 0);
      expect(
        after.counts.people! - before.counts.people!,
        `people added vs. reported new (${report.new}, me created: ${report.me?.created})`,
      ).toBe(newPeople);
    }
  }
  return { report, error };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nurture-import-fuzz-'));
  store = new SqliteStore({ dataDir: dir });
  await store.init();
  ws = (await store.createWorkspace({ name: 'fuzz' })).id;
  // Something on file already, so imports merge and update rather than only create.
  const first = await importFile(store, ws, { buffer: validExport(0, 20), fileName: 'export.zip' });
  expect(first.written).toBe(true);
  const someone = (await store.people.list(ws, { limit: 1, offset: 0, sort: 'name', order: 'asc' })).items[0]!;
  await store.people.update(ws, someone.id, { notes: "the user's own note" });
  db = new DbWatcher(store.file);
});

afterAll(async () => {
  db?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('CSV importer fuzzing', () => {
  it('arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        options,
        fc.constantFrom('buffer' as const, 'stream' as const),
        async (bytes, o, via) => {
          await importAndCheck(bytes, o, via);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('CSV-ish text: random cells, quotes, delimiters and line ends, sometimes under a real header', async () => {
    const cell = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom(
        '',
        '"',
        '""',
        '"a,b"',
        'First Name',
        'Last Name',
        'URL',
        'Email Address',
        'Company',
        'Position',
        'Connected On',
        'https://www.linkedin.com/in/someone',
        'x@example.com',
        '14 Feb 2020',
        '2/14/20, 6:14 PM',
        'Notes:',
        'CONVERSATION ID',
        'FROM',
        'TO',
        'DATE',
      ),
    );
    const header = fc.constantFrom(
      null,
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
      'First Name,Last Name,Email Address,Company,Position,Connected On',
      'First Name;Last Name;URL;Email Address;Company;Position;Connected On',
      'From,To,Date,Subject,Content,Direction,Folder',
      'CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER',
      'From,To,Sent At,Message,Direction',
      'First Name,Last Name,Maiden Name,Address,Birth Date,Headline',
      'Name,E-mail,Company,Tags,Notes',
    );
    const text = fc
      .record({
        header,
        rows: fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 25 }),
        delimiter: fc.constantFrom(',', ';', '\t'),
        eol: fc.constantFrom('\n', '\r\n', '\r'),
        bom: fc.boolean(),
      })
      .map(
        ({ header: h, rows, delimiter, eol, bom }) =>
          `${bom ? '\uFEFF' : ''}${[...(h ? [h] : []), ...rows.map((r) => r.join(delimiter))].join(eol)}`,
      );
    await fc.assert(
      fc.asyncProperty(text, options, async (t, o) => {
        await importAndCheck(Buffer.from(t, 'utf8'), o);
      }),
      { numRuns: 150 },
    );
  });

  it('mutated valid Connections.csv files (and the same in UTF-16 and Latin-1)', async () => {
    const file = fc.record({
      from: fc.integer({ min: 0, max: 40 }),
      n: fc.integer({ min: 0, max: 30 }),
      columns: fc.constantFrom(6 as const, 7 as const),
      delimiter: fc.constantFrom(',' as const, ';' as const),
      eol: fc.constantFrom('\n' as const, '\r\n' as const),
      bom: fc.boolean(),
      quoteAll: fc.boolean(),
      encoding: fc.constantFrom('utf8', 'utf8', 'utf8', 'utf16le', 'latin1'),
    });
    await fc.assert(
      fc.asyncProperty(file, fc.array(mutation, { maxLength: 4 }), options, async (f, edits, o) => {
        const text = validConnections(f.from, f.n, {
          columns: f.columns,
          delimiter: f.delimiter,
          eol: f.eol,
          bom: f.bom,
          quoteAll: f.quoteAll,
        });
        const encoded =
          f.encoding === 'utf16le'
            ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/^\uFEFF/, ''), 'utf16le')])
            : Buffer.from(text, f.encoding as BufferEncoding);
        const { report } = await importAndCheck(mutate(encoded, edits), {
          ...o,
          fileName: o.fileName.endsWith('.zip') ? 'Connections.csv' : o.fileName,
        });
        if (report?.written) {
          // The same file again: nothing new, nothing changed.
          const again = await importAndCheck(mutate(encoded, edits), {
            ...o,
            fileName: report.fileName,
            dryRun: false,
            acceptValidRows: true,
            me: undefined,
          });
          expect(again.report, `re-import failed: ${again.error?.message}`).not.toBeNull();
          expect({
            new: again.report!.new,
            updated: again.report!.updated,
            ties: again.report!.ties,
            interactions: again.report!.interactions,
          }).toEqual({ new: 0, updated: 0, ties: 0, interactions: 0 });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('mutated and truncated export zips', async () => {
    const zip = fc.record({ from: fc.integer({ min: 0, max: 60 }), n: fc.integer({ min: 1, max: 15 }) });
    const zipEdit = fc.oneof(
      fc.record({ op: fc.constant('replace' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
      fc.record({
        op: fc.constant('insert' as const),
        at: fc.nat(),
        text: fc.constantFrom(
          'PK\u0003\u0004',
          'PK\u0001\u0002',
          'PK\u0005\u0006',
          '\u0000\u0000\u0000\u0000',
          '\uFFFF',
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(zip, fc.array(zipEdit, { minLength: 0, maxLength: 3 }), options, async (z, edits, o) => {
        await importAndCheck(mutate(validExport(z.from, z.n), edits), {
          ...o,
          fileName: 'Complete_LinkedInDataExport.zip',
        });
      }),
      {
        numRuns: 120,
        // Found by this test: a zeroed byte in deflate data threw zlib's own error (a 500 over HTTP).
        examples: [
          [
            { from: 0, n: 1 },
            [{ op: 'replace', at: 111094871, byte: 0 }],
            { fileName: 'Connections.csv', dryRun: false, acceptValidRows: false, me: undefined },
          ],
        ],
      },
    );
  });

  it("a failure at any statement inside the import's transaction leaves the store as it was", async () => {
    // better-sqlite3's statements share one prototype: fail its run() on the Nth call, during one import only.
    const probe = new Database(':memory:');
    const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as { run: (...a: unknown[]) => unknown };
    probe.close();
    const run = proto.run;
    let armed = -1;
    let calls = 0;
    let injected = 0;
    proto.run = function (this: unknown, ...args: unknown[]) {
      if (armed >= 0 && ++calls > armed) {
        injected++;
        throw new Error('injected disk failure');
      }
      return run.apply(this, args);
    };
    try {
      await fc.assert(
        // A fresh workspace each run, so every import writes all its rows (60 to 90 statements here), and
        // the failure point falls inside the import on most runs.
        fc.asyncProperty(
          fc.integer({ min: 0, max: 100 }),
          fc.integer({ min: 100, max: 160 }),
          fc.constantFrom('csv', 'zip'),
          async (failAt, from, kind) => {
            const bytes = kind === 'zip' ? validExport(from, 25) : Buffer.from(validConnections(from, 60));
            const target = (await store.createWorkspace({ name: `fail-at-${failAt}` })).id;
            const before = db.fingerprint();
            calls = 0;
            armed = failAt;
            let failed: unknown = null;
            try {
              await importFile(
                store,
                target,
                kind === 'zip'
                  ? { buffer: bytes, fileName: 'export.zip' }
                  : { buffer: bytes, fileName: 'Connections.csv', me: { name: 'Fuzz Owner', linkedinUrl: null } },
              );
            } catch (e) {
              failed = e;
            } finally {
              armed = -1;
            }
            const after = db.fingerprint();
            if (failed) {
              expect(String(failed)).toMatch(/injected disk failure/);
              expect(after.counts).toEqual(before.counts);
              expect(after.hash).toBe(before.hash);
            } else {
              // Fewer statements than failAt: it all went in, in its own workspace.
              expect(calls).toBeLessThanOrEqual(failAt);
            }
          },
        ),
        { numRuns: 40 },
      );
    } finally {
      proto.run = run;
    }
    expect(injected, 'few failures were injected: the imports ran fewer statements than expected').toBeGreaterThan(20);
    expect(db.integrity()).toEqual(['ok']);
  });
});
