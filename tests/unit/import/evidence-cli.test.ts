import { describe, expect, it } from 'vitest';
import { importCliSandbox } from '../../fixtures/cli.js';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';
import { ImportReportSchema } from '../../../shared/index.js';
import { OWNER, addressBook, calendar, mailbox, mbox } from '../../fixtures/import/evidence-files.js';

const sandbox = importCliSandbox('nurture-evidence-cli-');
const { dir, cli, file } = sandbox;

const json = (s: string) => ImportReportSchema.parse(JSON.parse(s));

describe('nurture import of calendars, mailboxes and address books', () => {
  it('asks for --me-email when nobody says whose mailbox it is, and writes nothing', async () => {
    const r = await cli(file('Inbox.mbox', mailbox()));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Import failed: Whose calendar or mailbox this is cannot be told.*--me-email/);
  });

  it('refuses a picture named like a calendar, saying what it is', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const r = await cli(file('photo.ics', png), '--me-email', OWNER);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Import failed: photo.ics is not a calendar (iCalendar): it is a PNG image\n');
  });

  it('refuses an --me-email that is not an address', async () => {
    const r = await cli(file('Inbox2.mbox', mailbox()), '--me-email', 'sam at owner', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      error: { code: 'VALIDATION', message: expect.stringMatching(/sam at owner/) },
    });
  });

  it('refuses a calendar whose owner it cannot tell, naming the flag', async () => {
    const ics = calendar('Work', [
      {
        uid: 'u1',
        start: '20261102T100000',
        organizer: { email: 'a@b.example' },
        attendees: [{ email: 'a@b.example' }, { email: 'c@d.example' }],
      },
    ]);
    const r = await cli(file('work.ics', ics), '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.message).toMatch(/--me-email/);
  });

  it('reports a mailbox of newsletters only: read, left out, nothing written, no owner needed', async () => {
    const news = mbox([
      {
        from: 'Digest <news@letters.example>',
        to: ['someone@else.example'],
        date: 'Wed, 4 Nov 2026 06:00:00 +0000',
        extraHeaders: ['List-Unsubscribe: <mailto:u@letters.example>'],
      },
    ]);
    const r = json((await cli(file('news.mbox', news), '--json')).stdout);
    expect(r).toMatchObject({ kind: 'mbox', new: 0, interactions: 0, me: null });
    expect(r.evidence).toEqual({
      read: 1,
      kept: 0,
      onFile: 0,
      leftOut: { newsletter: 1 },
      threads: { count: 0, startedByMe: 0, startedByOthers: 0, answered: 0 },
    });
  });

  it('dry-runs, imports, and re-imports a mailbox without writing anything the second time', async () => {
    const path = file('All mail Including Spam and Trash.mbox', mailbox(true));
    const dry = json(
      (await cli(path, '--dry-run', '--json', '--me-email', OWNER, '--me-email', 'sam@old.example')).stdout,
    );
    expect(dry).toMatchObject({ kind: 'mbox', dryRun: true, written: false, new: 3, interactions: 4 });
    const first = await cli(path, '--me-email', OWNER, '--me-email', 'sam@old.example');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Imported All mail Including Spam and Trash\.mbox \(mailbox \(mbox\)\)/);
    expect(first.stdout).toMatch(/left out: newsletter\s+1/);
    expect(first.stdout).toMatch(/started by you\s+1/);
    const again = json((await cli(path, '--json', '--me-email', OWNER)).stdout);
    expect(again).toMatchObject({ written: true, new: 0, updated: 0, interactions: 0, interactionsUnchanged: 4 });
    expect(again.me).toEqual({ name: 'Sam Owner', created: false });
  });

  it('imports an address book onto the people the mailbox created, by email', async () => {
    const r = json((await cli(file('contacts.vcf', addressBook()), '--json')).stdout);
    expect(r).toMatchObject({ kind: 'vcard', new: 0, updated: 2, unchanged: 1, rejected: [] });
    const again = json((await cli(file('contacts.vcf', addressBook()), '--json')).stdout);
    expect(again).toMatchObject({ new: 0, updated: 0, unchanged: 3 });
    const store = new SqliteStore({ dataDir: dir });
    await store.init();
    try {
      const me = await store.getMe(sandbox.workspaceId);
      expect(me?.emails.sort()).toEqual(['sam@old.example', OWNER]);
      const ana = (await store.snapshot(sandbox.workspaceId)).people.find((p) => p.name === 'Ana Lima')!;
      expect(ana).toMatchObject({ company: 'Acme, Inc.', linkedinUrl: 'https://www.linkedin.com/in/ana-lima' });
      expect(ana.emails.sort()).toEqual(['ana.lima@home.example', 'ana@acme.example']);
    } finally {
      await store.close();
    }
  });
});
