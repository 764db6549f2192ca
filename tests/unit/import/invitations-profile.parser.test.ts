import { describe, expect, it } from 'vitest';
import { parseInvitations } from '../../../server/import/parsers/invitations.parser.js';
import { parseProfile } from '../../../server/import/parsers/profile.parser.js';
import { csv, invitationsCsv, profileCsv } from '../../fixtures/import/linkedin-files.js';

describe('Invitations.csv parser', () => {
  it('refuses a file without From, To and Sent At', async () => {
    await expect(parseInvitations('From,To\nA,B\n')).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('rejects rows without a date or a party', async () => {
    const text = csv([
      ['From', 'To', 'Sent At', 'Message', 'Direction'],
      ['A', 'B', 'soon', '', 'OUTGOING'],
      ['', 'B', '3/7/26, 1:07 PM', '', 'INCOMING'],
    ]);
    expect((await parseInvitations(text)).rejected).toEqual([
      { line: 2, reason: 'Sent At "soon" is not a date', file: 'Invitations.csv' },
      { line: 3, reason: 'an invitation needs both From and To', file: 'Invitations.csv' },
    ]);
  });

  it('reads who invited whom and when; the message is not read', async () => {
    const r = await parseInvitations(
      invitationsCsv([
        { from: 'Me Myself', to: 'Zoë', at: '2026-03-07T13:07:00Z', direction: 'OUTGOING', message: 'PRIVATE note' },
        { from: 'Ann', to: 'Me Myself', at: '2026-03-08T09:00:00Z', direction: 'INCOMING' },
      ]),
    );
    expect(r.rows).toEqual([
      {
        line: 2,
        from: { name: 'Me Myself', url: null },
        to: { name: 'Zoë', url: null },
        at: '2026-03-07T13:07:00Z',
        direction: 'outgoing',
      },
      {
        line: 3,
        from: { name: 'Ann', url: null },
        to: { name: 'Me Myself', url: null },
        at: '2026-03-08T09:00:00Z',
        direction: 'incoming',
      },
    ]);
    expect(JSON.stringify(r)).not.toContain('PRIVATE');
  });

  it('reads the newer profile URL columns and ignores URNs there', async () => {
    const r = await parseInvitations(
      invitationsCsv(
        [
          {
            from: 'Me',
            to: 'Zoë',
            at: '2026-03-07T13:07:00Z',
            direction: 'OUTGOING',
            fromUrl: 'https://www.linkedin.com/in/me',
            toUrl: 'urn:li:fsd_profile:ACoAAB',
          },
        ],
        { urls: true },
      ),
    );
    expect(r.rows[0]).toMatchObject({ from: { url: 'https://www.linkedin.com/in/me' }, to: { url: null } });
  });
});

describe('Profile.csv parser', () => {
  it('refuses a file that is not a profile', async () => {
    await expect(parseProfile('From,To\nA,B\n')).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('rejects a profile without a name', async () => {
    expect((await parseProfile(profileCsv({ firstName: '', lastName: '' }))).rejected).toEqual([
      { line: 2, reason: 'no First Name or Last Name', file: 'Profile.csv' },
    ]);
  });

  it('reads the owner name and a LinkedIn link among the websites, nothing private', async () => {
    const r = await parseProfile(
      profileCsv({
        firstName: 'Jörg',
        lastName: 'Müller',
        websites: '[PERSONAL:https://example.com,OTHER:https://www.linkedin.com/in/j%C3%B6rg-m]',
      }),
    );
    expect(r.me).toEqual({
      name: 'Jörg Müller',
      firstName: 'Jörg',
      lastName: 'Müller',
      url: 'https://www.linkedin.com/in/j%C3%B6rg-m',
    });
    expect(JSON.stringify(r)).not.toContain('Secret');
    expect((await parseProfile(profileCsv({ firstName: 'A', lastName: 'B' }))).me).toMatchObject({
      name: 'A B',
      url: null,
    });
  });
});
