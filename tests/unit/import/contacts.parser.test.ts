import { describe, expect, it } from 'vitest';
import { parseContacts } from '../../../server/import/parsers/contacts.parser.js';
import { csv } from '../../fixtures/import/linkedin-files.js';

describe('contacts CSV parser', () => {
  it('refuses a mapping naming a column the file lacks, listing the columns it has', async () => {
    const e = await parseContacts(
      csv([
        ['Full Name', 'Mail'],
        ['A', 'a@x.io'],
      ]),
      { mapping: { name: 'Full Name', emails: 'E-mail' } },
    ).catch((x: unknown) => x);
    expect(e).toMatchObject({
      code: 'VALIDATION',
      message:
        'The mapping names column "E-mail" for emails, but contacts.csv has no such column (it has: Full Name, Mail)',
    });
    const e2 = await parseContacts(
      csv([
        ['Vorname', 'Mail'],
        ['A', 'a@x.io'],
      ]),
      { mapping: { name: 'Full Name' } },
    ).catch((x: unknown) => x);
    expect(e2).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('refuses a file without any name column when no mapping is given', async () => {
    await expect(
      parseContacts(
        csv([
          ['Mail', 'Phone'],
          ['a@x.io', '1'],
        ]),
      ),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('rejects rows without a name, and leaves out a bad email with a warning naming the column', async () => {
    const r = await parseContacts(
      csv([
        ['Name', 'E-mail'],
        ['', 'a@x.io'],
        ['B', 'not-mail'],
        ['C', 'c@x.io'],
      ]),
    );
    expect(r.rejected).toEqual([{ line: 2, reason: 'no name (Name)', file: 'contacts.csv' }]);
    expect(r.warnings).toEqual([
      { line: 3, message: 'E-mail "not-mail" is not an email address: left out', file: 'contacts.csv' },
    ]);
    expect(r.rows.map((x) => [x.name, x.emails])).toEqual([
      ['B', []],
      ['C', ['c@x.io']],
    ]);
  });

  it('maps columns by the given mapping: several email columns, tags split, a date', async () => {
    const text = csv(
      [
        ['Kontakt', 'Firma', 'Funktion', 'Mail 1', 'Mail 2', 'LinkedIn', 'Labels', 'Notiz', 'Kennengelernt'],
        [
          'José Núñez',
          'Acme GmbH',
          'CFO',
          'jose@acme.de',
          'j@home.de',
          'https://www.linkedin.com/in/jose',
          'partner; accountant',
          'Met at the chamber',
          '14.02.2020',
        ],
      ],
      { delimiter: ';' },
    );
    const r = await parseContacts(text, {
      file: 'crm.csv',
      mapping: {
        name: 'Kontakt',
        company: 'Firma',
        position: 'Funktion',
        emails: ['Mail 1', 'Mail 2'],
        linkedinUrl: 'LinkedIn',
        tags: 'Labels',
        notes: 'Notiz',
        connectedOn: 'Kennengelernt',
      },
    });
    expect(r.rejected).toEqual([]);
    expect(r.rows).toEqual([
      {
        line: 2,
        name: 'José Núñez',
        firstName: null,
        lastName: null,
        emails: ['jose@acme.de', 'j@home.de'],
        linkedinUrl: 'https://www.linkedin.com/in/jose',
        company: 'Acme GmbH',
        position: 'CFO',
        connectedOn: '2020-02-14',
        tags: ['partner', 'accountant'],
        notes: 'Met at the chamber',
      },
    ]);
  });

  it('recognises common header names without a mapping (Google Contacts style)', async () => {
    const text = csv([
      ['Given Name', 'Family Name', 'E-mail 1 - Value', 'Organization 1 - Name', 'Organization 1 - Title'],
      ['Ann', 'Lee', 'ann@x.io ::: ann@y.io', 'Beta', 'Coach'],
    ]);
    const r = await parseContacts(text);
    expect(r.rows[0]).toMatchObject({
      name: 'Ann Lee',
      firstName: 'Ann',
      lastName: 'Lee',
      emails: ['ann@x.io', 'ann@y.io'],
      company: 'Beta',
      position: 'Coach',
    });
  });
});
