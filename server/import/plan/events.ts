/**
 * Messages and invitations as interactions between the people they name.
 *
 * Each is first given its stable external id; one already imported is left
 * out before anyone it names is looked at. The people named are then
 * resolved by the identity index in two passes, so that the order of the rows
 * does not matter: first everyone named with a profile URL (a URL on file or
 * in this import is that person; a URL new here whose name exactly one person
 * has is that person, and the URL is recorded on them; a name two new URLs
 * share is nobody's to guess), then everyone named by name alone (a TO of
 * several names is split into them). Someone new with a URL or a name is
 * created; a message naming someone ambiguously is left out, counted, and the
 * candidates are listed.
 */
import * as crypto from 'node:crypto';
import { foldName } from '../../../shared/index.js';
import { type ProbeKeys, type Resolution, contradicts } from '../../domain/identity.js';
import type { PersonRef } from '../../store/store.port.js';
import type { InvitationRow, MessagesParse, Party } from '../import.types.js';
import { partyKeyCache } from '../url-keys.js';
import { SOURCE, nameFromUrl } from './owner.js';
import type { Person, PlanBuilder, RowInfo } from './plan-builder.js';
import { splitNames } from '../recipient-names.js';

/** sha256 in hex; the one-shot `crypto.hash` (Node 20.12+) is several times faster than a Hash object per message. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** Stable ids for imported events; the scheme must never change, or re-imports would duplicate. */
const hash = (...parts: string[]) => sha256Hex(parts.join('\u0000')).slice(0, 40);

/** Why a message or an invitation was left out. */
export type LeftOut = 'ambiguousName' | 'unknownUnnamed';

export interface EventsOutcome {
  /** Messages whose interaction is on file already (a re-import). */
  messagesOnFile: number;
  invitationsOnFile: number;
  /** New message interactions with people who were known (on file, or a row of this import). */
  joined: number;
  /** New message interactions with someone this import creates from a message. */
  withNewPeople: number;
  leftOut: Record<LeftOut, number>;
  /** Names that more than one person has, each with the messages left out for it and its candidates. */
  ambiguous: Map<string, { name: string; messages: number; candidates: Person[] }>;
  /** People on file the events named who are otherwise untouched (reported as unchanged). */
  onFileNamed: number;
}

type Resolved = { person: Person } | { ambiguous: Person[]; name: string } | null;

export function planEvents(
  b: PlanBuilder,
  input: {
    messages: { file: string; parse: MessagesParse }[];
    invitations: { file: string; rows: InvitationRow[] }[];
    me: Person | null;
    /** External ids of the interactions on file. */
    onFile: ReadonlySet<string>;
  },
): EventsOutcome {
  const { me, onFile } = input;
  const partyKey = partyKeyCache();
  const out: EventsOutcome = {
    messagesOnFile: 0,
    invitationsOnFile: 0,
    joined: 0,
    withNewPeople: 0,
    leftOut: { ambiguousName: 0, unknownUnnamed: 0 },
    ambiguous: new Map(),
    onFileNamed: 0,
  };

  // ---- external ids first: what is on file is not looked at again ------------------------
  interface Event {
    file: string;
    line: number;
    externalId: string;
    from: Party;
    to: Party[];
    /** Who the file says sent it ('me' for the owner), and whether the owner is the one named in `to`. */
    fromMe: boolean;
    toMe: boolean;
    at: string;
    kind: 'message' | 'invitation';
  }
  const events: Event[] = [];
  /** Who the events already on file name: looked up at the end, for the count of people on file left unchanged. */
  const namedBefore = new Set<Party>();
  const senderKey = (p: Party) => partyKey(p) ?? `name:${foldName(p.name)}`;
  /** Alike events (one sender, one conversation, the same second) stay two: the second gets `#2`. */
  const idOf = (seen: Map<string, number>, base: string) => {
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  };
  for (const { file, parse } of input.messages) {
    const seen = new Map<string, number>();
    const keys = new Map<Party, string>(); // the parser shares one party object per person
    for (const m of parse.rows) {
      let key = keys.get(m.from);
      if (key === undefined) keys.set(m.from, (key = senderKey(m.from)));
      // Joined, not concatenated: one flat string per message rather than a tree of three.
      const externalId = idOf(seen, ['li-msg:', hash(m.conversationId ?? '', m.at, key)].join(''));
      if (onFile.has(externalId)) {
        out.messagesOnFile++;
        namedBefore.add(m.from);
        for (const p of m.to) namedBefore.add(p);
        continue;
      }
      events.push({
        file,
        line: m.line,
        externalId,
        from: m.from,
        to: m.to,
        fromMe: m.direction === 'outgoing',
        toMe: m.direction === 'incoming',
        at: m.at,
        kind: 'message',
      });
    }
  }
  for (const { file, rows } of input.invitations) {
    const seen = new Map<string, number>();
    for (const inv of rows) {
      const externalId = idOf(seen, `li-inv:${hash(inv.at, senderKey(inv.from), senderKey(inv.to))}`);
      if (onFile.has(externalId)) {
        out.invitationsOnFile++;
        namedBefore.add(inv.from);
        namedBefore.add(inv.to);
        continue;
      }
      events.push({
        file,
        line: inv.line,
        externalId,
        from: inv.from,
        to: [inv.to],
        fromMe: inv.direction === 'outgoing',
        toMe: inv.direction === 'incoming',
        at: inv.at,
        kind: 'invitation',
      });
    }
  }
  const namedOnFile = new Set<Person>();
  const countNamedBefore = () => {
    for (const p of namedBefore) {
      const key = partyKey(p);
      const names = key === null ? splitNames(p.name) : [];
      const found =
        key !== null
          ? b.index.byUrlKey(key)
          : names.length === 1
            ? matchOf(b.index.resolve(keysOf(null, names[0]!), { owner: true }))
            : undefined;
      if (found && !found.isMe && found.origin === 'onFile' && 'id' in found.handle) namedOnFile.add(found);
    }
    out.onFileNamed = namedOnFile.size;
  };
  const keysOf = (url: string | null, name: string): ProbeKeys => ({
    url,
    emails: [],
    name: foldName(name),
    connectedOn: null,
    company: '',
    position: '',
  });
  if (events.length === 0) {
    countNamedBefore();
    return out;
  }

  const source = (e: Event) => (e.kind === 'message' ? SOURCE.messages : SOURCE.invitations);
  const infoOf = (e: Event, name: string, url: string | null): RowInfo => ({
    file: e.file,
    line: e.line,
    name,
    company: null,
    position: null,
    linkedinUrl: url,
  });
  const create = (e: Event, name: string, url: string | null): Person =>
    b.addRow({ name, linkedinUrl: url, source: source(e) }, infoOf(e, name, url), true);

  // ---- pass 1: everyone named with a profile URL -------------------------------------------
  const resolved = new Map<Party, Resolved>();
  const withUrl: { party: Party; key: string; event: Event }[] = [];
  const mark = (p: Party, e: Event) => {
    if (resolved.has(p)) return;
    const key = partyKey(p);
    if (key === null) return;
    resolved.set(p, null);
    withUrl.push({ party: p, key, event: e });
  };
  for (const e of events) {
    if (!e.fromMe) mark(e.from, e);
    if (!e.toMe) for (const p of e.to) mark(p, e);
  }
  // The name each URL goes by: a recipient the file could not name has the name it sends under.
  const urlName = new Map<string, string>();
  for (const { party, key } of withUrl) if (party.name && !urlName.has(key)) urlName.set(key, party.name);
  const nameOf = (party: Party, key: string) => party.name || urlName.get(key) || '';
  // New URLs by name: a name two of them share is theirs to tell apart, not ours.
  const newUrlsByName = new Map<string, Set<string>>();
  for (const { party, key } of withUrl) {
    if (b.index.byUrlKey(key)) continue;
    const n = foldName(nameOf(party, key));
    if (!n) continue;
    const set = newUrlsByName.get(n) ?? new Set<string>();
    set.add(key);
    newUrlsByName.set(n, set);
  }
  const contested = (n: string) => (newUrlsByName.get(n)?.size ?? 0) > 1;
  for (const { party, key, event } of withUrl) {
    const onFile = b.index.byUrlKey(key);
    if (onFile) {
      // Known by URL: nothing else to compare (and no name to fold).
      resolved.set(party, { person: onFile });
      continue;
    }
    const name = nameOf(party, key);
    const keys = keysOf(key, name);
    const found = b.index.resolve(keys, { owner: true, names: (n) => !contested(n) });
    if (found.kind === 'match') {
      const k = found.person;
      if (k.url === null) b.learnUrl(k, key, party.url!, infoOf(event, name, party.url));
      resolved.set(party, { person: k });
    } else if (found.kind === 'ambiguous') {
      resolved.set(party, { ambiguous: found.candidates, name });
    } else if (keys.name && contested(keys.name)) {
      // Two new URLs with one name: someone on file with that name could be either.
      const candidates = b.index.withName(keys.name).filter((c) => !c.isMe && c.url === null && !contradicts(c, keys));
      resolved.set(
        party,
        candidates.length > 0
          ? { ambiguous: candidates, name }
          : { person: create(event, name || nameFromUrl(party.url!), party.url) },
      );
    } else {
      resolved.set(party, { person: create(event, name || nameFromUrl(party.url!), party.url) });
    }
  }

  // ---- pass 2: everyone named by name alone, and the interactions ---------------------------
  const byName = new Map<string, Resolved>();
  const resolveName = (name: string, e: Event): Resolved => {
    const keys = keysOf(null, name);
    if (!keys.name) return null;
    let r = byName.get(keys.name);
    if (r !== undefined) return r;
    const found = b.index.resolve(keys, { owner: true });
    r =
      found.kind === 'match'
        ? { person: found.person }
        : found.kind === 'ambiguous'
          ? { ambiguous: found.candidates, name }
          : { person: create(e, name, null) };
    byName.set(keys.name, r);
    return r;
  };
  const partyOf = (p: Party, e: Event): Resolved[] => {
    const known = resolved.get(p);
    if (known !== undefined) return known ? [known] : [];
    if (p.url !== null && partyKey(p) !== null) return [];
    let r: Resolved[];
    if (!p.name) r = [];
    else {
      // The whole TO first (a name may hold a comma), then each name in it.
      const pieces = splitNames(p.name);
      if (pieces.length <= 1) r = [resolveName(p.name, e)];
      else {
        const whole = b.index.resolve(keysOf(null, p.name), { owner: true });
        r = whole.kind === 'match' ? [{ person: whole.person }] : pieces.map((n) => resolveName(n, e));
      }
    }
    if (r.length === 1) resolved.set(p, r[0]!);
    return r;
  };

  const people: Person[] = [];
  const participants: PersonRef[] = [];
  const add = (k: Person) => {
    if (!people.includes(k)) people.push(k);
  };
  for (const e of events) {
    people.length = 0;
    let ambiguous: { ambiguous: Person[]; name: string } | null = null;
    const take = (rs: Resolved[]) => {
      for (const r of rs) {
        if (!r) continue;
        if ('person' in r) add(r.person);
        else ambiguous ??= r;
      }
    };
    if (e.fromMe) {
      if (me) add(me);
    } else take(partyOf(e.from, e));
    const sender = people[0] ?? null;
    if (!e.toMe) for (const p of e.to) take(partyOf(p, e));
    if (me) add(me);
    if (ambiguous !== null) {
      const a = ambiguous as { ambiguous: Person[]; name: string };
      if (e.kind === 'message') out.leftOut.ambiguousName++;
      else b.skip('ambiguousInvitations');
      const n = foldName(a.name);
      const entry = out.ambiguous.get(n) ?? { name: a.name, messages: 0, candidates: a.ambiguous };
      if (e.kind === 'message') entry.messages++;
      out.ambiguous.set(n, entry);
      continue;
    }
    if (people.length < 2) {
      if (e.kind === 'message') out.leftOut.unknownUnnamed++;
      else b.skip('unmatchedInvitations');
      continue;
    }
    participants.length = 0;
    let fresh = false;
    for (const k of people) {
      participants.push(k.handle);
      if (k.origin === 'fromEvents') fresh = true;
      if (k.origin === 'onFile' && !k.isMe && 'id' in k.handle) namedOnFile.add(k);
    }
    if (e.kind === 'message') {
      if (fresh) out.withNewPeople++;
      else out.joined++;
    }
    const initiator = e.fromMe ? me : sender;
    b.interactions.push({
      // An exact-size copy: a list grown by `push` holds 16 or more slots, and the plan keeps 100,000.
      participants: participants.slice(),
      initiator: initiator ? initiator.handle : null,
      occurredAt: e.at,
      channel: e.kind === 'message' ? 'message' : 'social',
      source: source(e),
      externalId: e.externalId,
    });
  }
  countNamedBefore();
  // Someone named by an earlier row and written by a later one (a URL learned) is updated, not unchanged.
  for (const k of namedOnFile) if (!('id' in k.handle)) namedOnFile.delete(k);
  out.onFileNamed = namedOnFile.size;
  return out;
}

const matchOf = <H>(r: Resolution<H>) => (r.kind === 'match' ? r.person : undefined);
