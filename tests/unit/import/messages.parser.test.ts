import { describe, expect, it } from 'vitest';
import { parseMessages } from '../../../server/import/parsers/messages.parser.js';
import { type Message, csv, messages2018Csv, messages2021Csv } from '../../fixtures/import/linkedin-files.js';

const ME = 'https://www.linkedin.com/in/me-myself';
const ZOE_RAW = 'https://www.linkedin.com/in/zoë-a';
const SECRET = 'SECRET-CONTENT do not store';

const base: Message[] = [
  {
    conversationId: 'c1',
    from: 'Me Myself',
    fromUrl: ME,
    to: 'Zoë Ångström',
    toUrls: [ZOE_RAW],
    at: '2024-06-08T08:02:41Z',
    content: SECRET,
  },
  {
    conversationId: 'c1',
    from: 'Zoë Ångström',
    fromUrl: ZOE_RAW,
    to: 'Me Myself',
    toUrls: [ME],
    at: '2024-06-08T09:00:00Z',
    content: `${SECRET}\nline two, "quoted"`,
  },
];

describe('messages.csv parser', () => {
  it('refuses a file without a messages header', async () => {
    await expect(parseMessages('First Name,Last Name\nA,B\n')).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
  });

  it('rejects rows without a date, with their lines; skips and counts system rows without a sender', async () => {
    const text = csv([
      [
        'CONVERSATION ID',
        'CONVERSATION TITLE',
        'FROM',
        'SENDER PROFILE URL',
        'TO',
        'DATE',
        'SUBJECT',
        'CONTENT',
        'FOLDER',
      ],
      ['c1', '', 'Zoë', ZOE_RAW, 'Me', 'yesterday', '', 'multi\nline', 'INBOX'],
      ['c1', '', '', '', 'Me', '2024-06-08 08:02:41 UTC', '', '', 'INBOX'],
      ['c1', '', 'Zoë', ZOE_RAW, 'Me', '', '', '', 'INBOX'],
    ]);
    const r = await parseMessages(text);
    expect(r.rejected).toEqual([
      { line: 2, reason: 'DATE "yesterday" is not a date', file: 'messages.csv' },
      { line: 5, reason: 'no DATE', file: 'messages.csv' },
    ]);
    expect(r.skipped.noSender).toBe(1);
  });

  it('reads the 2021 layout: conversation, sender, raw-Unicode URLs, UTC dates; never the content', async () => {
    const r = await parseMessages(messages2021Csv(base, { recipientUrls: false }));
    expect(r.format).toBe('2021');
    expect(r.rows).toEqual([
      {
        line: 2,
        conversationId: 'c1',
        from: { name: 'Me Myself', url: ME },
        to: [{ name: 'Zoë Ångström', url: null }],
        at: '2024-06-08T08:02:41Z',
        direction: null,
      },
      {
        line: 3,
        conversationId: 'c1',
        from: { name: 'Zoë Ångström', url: ZOE_RAW },
        to: [{ name: 'Me Myself', url: null }],
        at: '2024-06-08T09:00:00Z',
        direction: null,
      },
    ]);
    expect(JSON.stringify(r)).not.toContain('SECRET');
  });

  it('reads later columns: recipient URLs (several in a group), drafts, attachments', async () => {
    const group: Message = {
      conversationId: 'g',
      from: 'Me Myself',
      fromUrl: ME,
      to: 'Ann A, Bob B',
      toUrls: ['https://www.linkedin.com/in/ann', 'https://www.linkedin.com/in/bob'],
      at: '2025-01-01T10:00:00Z',
    };
    const drafts: Message[] = [
      { ...base[0]!, draft: true },
      { ...base[0]!, conversationDraft: true },
      { ...base[0]!, folder: 'DRAFT' },
    ];
    const r = await parseMessages(
      messages2021Csv([...base, group, ...drafts], { draftColumns: true, attachments: true }),
    );
    expect(r.rows.map((m) => m.to)).toEqual([
      [{ name: 'Zoë Ångström', url: ZOE_RAW }],
      [{ name: 'Me Myself', url: ME }],
      [
        { name: 'Ann A', url: 'https://www.linkedin.com/in/ann' },
        { name: 'Bob B', url: 'https://www.linkedin.com/in/bob' },
      ],
    ]);
    expect(r.skipped).toEqual({ drafts: 3, sponsored: 0, linkedinMemberSenders: 0, noSender: 0 });
  });

  it('skips sponsored conversations and "LinkedIn Member" senders, counting them', async () => {
    const rows: Message[] = [
      ...base,
      {
        conversationId: 's1',
        title: 'Sponsored Conversation',
        from: 'Acme Corp',
        fromUrl: 'https://www.linkedin.com/company/acme',
        to: 'Me Myself',
        toUrls: [ME],
        at: '2024-06-09T08:00:00Z',
      },
      {
        conversationId: 's2',
        from: 'Acme Corp',
        to: 'Me Myself',
        toUrls: [ME],
        at: '2024-06-09T08:00:00Z',
        folder: 'SPONSORED',
      },
      { conversationId: 'm1', from: 'LinkedIn Member', to: 'Me Myself', toUrls: [ME], at: '2024-06-09T08:00:00Z' },
    ];
    const r = await parseMessages(messages2021Csv(rows));
    expect(r.rows).toHaveLength(2);
    expect(r.skipped).toEqual({ drafts: 0, sponsored: 2, linkedinMemberSenders: 1, noSender: 0 });
  });

  it('reads the 2026 layout: every field quoted, newlines inside CONTENT, CRLF; lines stay physical', async () => {
    const text = messages2021Csv(base, { quoteAll: true, draftColumns: true, eol: '\r\n' });
    expect(text.startsWith('"CONVERSATION ID","CONVERSATION TITLE"')).toBe(true);
    const r = await parseMessages(text);
    expect(r.rows.map((m) => [m.line, m.from.name, m.at])).toEqual([
      [2, 'Me Myself', '2024-06-08T08:02:41Z'],
      [3, 'Zoë Ångström', '2024-06-08T09:00:00Z'],
    ]);
    const withNewlines = await parseMessages(
      messages2021Csv([{ ...base[1]!, content: 'a\nb\nc' }, base[0]!], { quoteAll: true }),
    );
    expect(withNewlines.rows.map((m) => m.line)).toEqual([2, 5]);
  });

  it('reads the 2018 layout with direction and "M/D/YY, h:mm AM" dates', async () => {
    const r = await parseMessages(
      messages2018Csv([
        { from: 'Me Myself', to: 'Zoë Ångström', at: '2018-01-08T18:14:00Z', direction: 'OUTGOING', content: SECRET },
        { from: 'Zoë Ångström', to: 'Me Myself', at: '2018-01-09T06:05:00Z', direction: 'INCOMING' },
      ]),
    );
    expect(r.format).toBe('2018');
    expect(r.rows).toEqual([
      {
        line: 2,
        conversationId: null,
        from: { name: 'Me Myself', url: null },
        to: [{ name: 'Zoë Ångström', url: null }],
        at: '2018-01-08T18:14:00Z',
        direction: 'outgoing',
      },
      {
        line: 3,
        conversationId: null,
        from: { name: 'Zoë Ångström', url: null },
        to: [{ name: 'Me Myself', url: null }],
        at: '2018-01-09T06:05:00Z',
        direction: 'incoming',
      },
    ]);
    expect(JSON.stringify(r)).not.toContain('SECRET');
  });

  it('reads headers in any case', async () => {
    const text = messages2021Csv(base).replace(/^[^\n]+/, (h) => h.toLowerCase());
    expect((await parseMessages(text)).rows).toHaveLength(2);
  });
});
