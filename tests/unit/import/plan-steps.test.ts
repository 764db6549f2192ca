/**
 * The steps of the import plan (server/import/plan/): read the files, resolve the owner and the
 * rows, plan the events. Each on small literal inputs; error cases first.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/core/app-error.js';
import { planEvents } from '../../../server/import/plan/events.js';
import { buildPlan, openIndex, readFiles, resolveOwner } from '../../../server/import/plan/import-plan.js';
import { identifyOwner, ownerFromMessages } from '../../../server/import/plan/owner.js';
import { planPeopleRows } from '../../../server/import/plan/people-rows.js';
import { splitNames } from '../../../server/import/recipient-names.js';
import type {
  ConnectionRow,
  MessageRow,
  MessagesParse,
  ParsedFile,
  Party,
} from '../../../server/import/import.types.js';
import type { PersonIdentity } from '../../../server/store/store.port.js';

const url = (s: string) => `https://www.linkedin.com/in/${s}`;
const party = (name: string, slug?: string): Party => ({ name, url: slug ? url(slug) : null });
const me = party('Me Myself', 'me');
const conn = (line: number, name: string, extra: Partial<ConnectionRow> = {}): ConnectionRow => ({
  line,
  firstName: name.split(' ')[0]!,
  lastName: name.split(' ').slice(1).join(' '),
  name,
  url: null,
  email: null,
  company: null,
  position: null,
  connectedOn: null,
  ...extra,
});
const msg = (conversationId: string, from: Party, to: Party[], at: string): MessageRow => ({
  line: 2,
  conversationId,
  from,
  to,
  at,
  direction: null,
});
const messages = (rows: MessageRow[]): MessagesParse => ({
  kind: 'linkedin-messages',
  format: '2021',
  rows,
  skipped: { drafts: 0, sponsored: 0, linkedinMemberSenders: 0, noSender: 2 },
  rejected: [],
});
const connections = (rows: ConnectionRow[]): ParsedFile => ({
  name: 'Connections.csv',
  kind: 'linkedin-connections',
  parse: { kind: 'linkedin-connections', rows, hidden: 0, nonProfileUrls: 1, rejected: [], warnings: [] },
});
const identity = (id: string, name: string, extra: Partial<PersonIdentity> = {}): PersonIdentity => ({
  id,
  name,
  linkedinKey: null,
  emails: [],
  company: null,
  position: null,
  connectedOn: null,
  isMe: false,
  ...extra,
});

describe('splitNames', () => {
  it('splits a TO of several names, keeping suffixes and degrees with their name', () => {
    expect(splitNames('')).toEqual([]);
    expect(splitNames(' Ann Lee ')).toEqual(['Ann Lee']);
    expect(splitNames('Me Myself, Bob Smith, Jr., Ann Lee, PhD')).toEqual([
      'Me Myself',
      'Bob Smith, Jr.',
      'Ann Lee, PhD',
    ]);
    expect(splitNames('Ann,,Bob')).toEqual(['Ann', 'Bob']);
  });
});

describe('read: readFiles', () => {
  it('groups the files by kind and adds up what the parsers skipped', () => {
    const read = readFiles([
      connections([conn(5, 'Ann Lee')]),
      { name: 'messages.csv', kind: 'linkedin-messages', parse: messages([]) },
    ]);
    expect(read.connections).toHaveLength(1);
    expect(read.messages).toHaveLength(1);
    expect(read.profile).toBeNull();
    expect(read.skipped).toEqual({ nonProfileUrls: 1, noSender: 2 });
  });
});

describe('resolve: the owner', () => {
  it('asks for a name when nothing says who the owner is', () => {
    expect(() =>
      identifyOwner({ existingMe: null, profile: null, messages: [], connectionUrls: new Set(), needed: true }),
    ).toThrow(AppError);
    expect(
      identifyOwner({ existingMe: null, profile: null, messages: [], connectionUrls: new Set(), needed: false }),
    ).toMatchObject({ create: null, existing: null });
  });

  it('finds the one person of every conversation, also when named only inside a TO of several', () => {
    const rows = [
      msg('g', party('Ann Lee', 'ann'), [party('Me Myself, Bob Stone')], '2022-01-01T10:00:00Z'),
      msg('c', me, [party('Carl')], '2022-01-02T10:00:00Z'),
    ];
    expect(ownerFromMessages(messages(rows), new Set())).toEqual(me);
    // Both people of a lone conversation take part in every one: nobody can tell.
    expect(ownerFromMessages(messages(rows.slice(1)), new Set())).toBeNull();
  });

  it('prefers the given name to a guess, and learns the URL only for an owner on file without one', () => {
    const plan = identifyOwner({
      existingMe: null,
      profile: null,
      meOption: { name: 'Given Name', email: 'me@example.com' },
      messages: [],
      connectionUrls: new Set(),
      needed: true,
    });
    expect(plan.create).toMatchObject({ name: 'Given Name', emails: ['me@example.com'], isMe: true });
  });
});

describe('resolve: rows', () => {
  it('folds a URL repeated in one file into its first row, skips the owner, lands on people on file', () => {
    const read = readFiles([
      connections([
        conn(5, 'Zoë A', { url: url('zoe'), company: 'Acme' }),
        conn(6, 'Zoë A', { url: url('zoe'), company: 'Acme Labs', position: 'CTO' }),
        conn(7, 'Me Myself', { url: url('me') }),
        conn(8, 'Ann Lee', { connectedOn: '2020-01-01' }),
      ]),
    ]);
    const owner = resolveOwner(read, { existingMe: null, meOption: { name: 'Me Myself', linkedinUrl: url('me') } });
    const onFile = [identity('ann-id', 'Ann Lee')];
    const { builder: b, me: meK } = openIndex(onFile, owner);
    planPeopleRows(b, { connections: read.connections, contacts: [], owner: meK, onFile: onFile.length });
    expect(b.people.map((p) => [p.name, p.company ?? null, p.position ?? null, p.matchId ?? null])).toEqual([
      ['Me Myself', null, null, null],
      ['Zoë A', 'Acme', 'CTO', null],
      ['Ann Lee', null, null, 'ann-id'],
    ]);
    expect(b.skipped).toEqual({ duplicateRows: 1 });
    expect(b.ties).toHaveLength(2);
    expect(b.order.map((o) => b.rowInfo[o.row]!.line)).toEqual([5, 8]);
  });
});

describe('plan: events', () => {
  it('leaves out a message whose sender two new URLs of one name could be, and lists the candidate', async () => {
    const rows = [
      msg('a', party('Ann Lee', 'ann-1'), [me], '2022-01-01T10:00:00Z'),
      msg('b', party('Ann Lee', 'ann-2'), [me], '2022-01-02T10:00:00Z'),
      msg('c', me, [party('Ann Lee', 'ann-1')], '2022-01-03T10:00:00Z'),
    ];
    const built = await buildPlan(
      [
        connections([conn(5, 'Ann Lee', { connectedOn: '2020-01-01' })]),
        { name: 'messages.csv', kind: 'linkedin-messages', parse: messages(rows) },
      ],
      { existingMe: null, meOption: { name: 'Me Myself' }, loadIdentities: async () => [] },
    );
    expect(built.events).toMatchObject({
      joined: 0,
      withNewPeople: 0,
      leftOut: { ambiguousName: 3, unknownUnnamed: 0 },
    });
    expect(built.ambiguous).toEqual([{ name: 'Ann Lee', messages: 3, candidates: [{ row: 1 }] }]);
    expect(built.plan.interactions).toEqual([]);
  });

  it('creates someone new for an unknown name or URL, joins the known, and leaves out what is on file', () => {
    const read = readFiles([connections([conn(5, 'Ann Lee')])]);
    const { builder: b, me: meK } = openIndex([], {
      existing: null,
      create: { name: 'Me Myself', isMe: true },
      names: ['Me Myself'],
      learnUrl: null,
      learnEmails: [],
    });
    planPeopleRows(b, { connections: read.connections, contacts: [], owner: meK, onFile: 0 });
    const rows = [
      msg('a', party('Ann Lee', 'ann'), [party('Me Myself')], '2022-01-01T10:00:00Z'),
      msg('b', party('New Person', 'new'), [me], '2022-01-02T10:00:00Z'),
      msg('c', me, [party('')], '2022-01-03T10:00:00Z'),
    ];
    const out = planEvents(b, {
      messages: [{ file: 'messages.csv', parse: messages(rows) }],
      invitations: [],
      me: meK,
      onFile: new Set(),
    });
    expect(out).toMatchObject({ joined: 1, withNewPeople: 1, leftOut: { ambiguousName: 0, unknownUnnamed: 1 } });
    // Ann's URL is recorded on her row; the owner's too.
    expect(b.people.map((p) => [p.name, p.linkedinUrl ?? null])).toEqual([
      ['Me Myself', url('me')],
      ['Ann Lee', url('ann')],
      ['New Person', url('new')],
    ]);
    const again = planEvents(b, {
      messages: [{ file: 'messages.csv', parse: messages(rows) }],
      invitations: [],
      me: meK,
      onFile: new Set(b.interactions.map((i) => i.externalId)),
    });
    expect(again).toMatchObject({ messagesOnFile: 2, joined: 0, withNewPeople: 0 });
  });
});
