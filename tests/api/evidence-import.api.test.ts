/**
 * POST /api/v1/imports with an address book, a calendar and a mailbox over
 * real HTTP: errors first (415, 413, 400), then the dry run, the import, the
 * re-import that writes nothing, and the owner's addresses on their person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, addressBook, calendar, googleCalendar, mailbox } from '../fixtures/import/evidence-files.js';
import { type RunningApi, startApi, uploadForm as upload } from './start-api.js';

let api: RunningApi;
beforeAll(async () => {
  api = await startApi({ env: { NURTURE_IMPORT_MAX_BYTES: '20000' } });
});
afterAll(async () => api.close());

describe('POST /api/v1/imports: calendars, mailboxes, address books', () => {
  it('answers 415 for a mailbox, calendar or address book that is not one', async () => {
    const notMbox = await api.call(
      'POST',
      '/api/v1/imports',
      upload('Subject: hi\n\nbody\n', 'Inbox.mbox', { meEmail: OWNER }),
    );
    expect(notMbox.status).toBe(415);
    expect(notMbox.body.detail).toMatch(/Inbox\.mbox is not an mbox mailbox/);
    const notIcs = await api.call('POST', '/api/v1/imports', upload('hello\n', 'work.ics', { meEmail: OWNER }));
    expect(notIcs.status).toBe(415);
    expect(notIcs.body.detail).toMatch(/holds no calendar/);
    const notVcf = await api.call('POST', '/api/v1/imports', upload('name,email\n', 'people.vcf'));
    expect(notVcf.status).toBe(415);
    expect((await api.call('GET', '/api/v1/people')).body.total).toBe(0);
  });

  it('answers 413 for a mailbox over the limit, and writes nothing', async () => {
    const big = mailbox().repeat(12);
    expect(big.length).toBeGreaterThan(20000);
    const r = await api.call('POST', '/api/v1/imports', upload(big, 'All mail.mbox', { meEmail: OWNER }));
    expect(r.status).toBe(413);
    expect(r.body.detail).toMatch(/All mail\.mbox is .*the import limit/);
    expect((await api.call('GET', '/api/v1/people')).body.total).toBe(0);
  });

  it('answers 400 naming an meEmail that is not an address, and when nobody says whose mailbox it is', async () => {
    const bad = await api.call(
      'POST',
      '/api/v1/imports',
      upload(mailbox(), 'All mail.mbox', { meEmail: `${OWNER}, nope` }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('meEmails.1');
    const nobody = await api.call('POST', '/api/v1/imports', upload(mailbox(), 'All mail.mbox'));
    expect(nobody.status).toBe(400);
    expect(nobody.body.errors[0].path).toBe('me.email');
  });

  it('rejects a broken event with its line and writes nothing, unless the valid ones are accepted', async () => {
    const ics = calendar('Work', [
      {
        uid: 'ok@x',
        start: '20261102T100000',
        organizer: { email: OWNER },
        attendees: [{ email: OWNER }, { email: 'zoe@z.example', cn: 'Zoë Z' }],
      },
    ]).replace('END:VCALENDAR', 'BEGIN:VEVENT\r\nUID:broken\r\nEND:VEVENT\r\nEND:VCALENDAR');
    const stopped = await api.call('POST', '/api/v1/imports', upload(ics, 'work.ics', { meEmail: OWNER }));
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({
      written: false,
      rejected: [{ line: expect.any(Number), reason: expect.stringMatching(/DTSTART/) }],
    });
    expect((await api.call('GET', '/api/v1/people')).body.total).toBe(0);
    const accepted = await api.call(
      'POST',
      '/api/v1/imports',
      upload(ics, 'work.ics', { meEmail: OWNER, acceptValidRows: 'true' }),
    );
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ kind: 'icalendar', written: true, new: 1, interactions: 1 });
  });

  it('dry-runs, imports and re-imports a mailbox, a calendar and an address book; the owner keeps their addresses', async () => {
    for (const [name, text] of [
      ['All mail.mbox', mailbox()],
      ['calendar.ics', googleCalendar()],
      ['contacts.vcf', addressBook()],
    ] as const) {
      const dry = await api.call(
        'POST',
        '/api/v1/imports',
        upload(text, name, { meEmail: `${OWNER} sam@old.example`, dryRun: 'true' }),
      );
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({ dryRun: true, written: false, importId: null });
      const first = await api.call('POST', '/api/v1/imports', upload(text, name, { meEmail: OWNER }));
      expect(first.status).toBe(201);
      const again = await api.call('POST', '/api/v1/imports', upload(text, name, { meEmail: OWNER }));
      expect(again.body).toMatchObject({ new: 0, updated: 0, interactions: 0, rejected: [] });
    }
    const me = await api.call('GET', '/api/v1/me');
    expect(me.body.person ?? me.body).toMatchObject({ emails: expect.arrayContaining([OWNER]) });
    const imports = await api.call('GET', '/api/v1/imports');
    expect(imports.body.items.map((i: { kind: string }) => i.kind)).toEqual(
      expect.arrayContaining(['mbox', 'icalendar', 'vcard']),
    );
    const mails = await api.call('GET', '/api/v1/interactions?source=mbox&limit=100');
    expect(mails.body.total).toBe(4);
    expect(JSON.stringify(mails.body)).not.toMatch(/Coffee|heard/);
  });
});
