/**
 * From parsed files to one ImportPlan for the store: who "me" is, the people
 * (matched later by the store on profile URL, then email), a LinkedIn tie from
 * me to each connection, and an interaction per message and invitation
 * between the people they name.
 *
 * Rows with neither a profile URL nor an email (6-column exports, plain
 * spreadsheets) give the store nothing to match on, so re-importing them
 * would duplicate everyone. They are matched here instead, exactly: a
 * connection by folded name and connection date, a contact by folded name and
 * company among contacts imported before; the store is then told the id.
 */
import * as crypto from 'node:crypto';
import type { Person, PersonCreate } from '../../shared/index.js';
import { foldName, normalizeEmail, normalizeLinkedInUrl } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import type { ImportInteraction, ImportPerson, ImportPlan, ImportTie, PersonRef } from '../store/store.port.js';
import { partyKeyCache } from './url-keys.js';
import type {
  ConnectionRow,
  ContactRow,
  InvitationRow,
  MessagesParse,
  ParsedFile,
  Party,
  ProfileParse,
} from './import.types.js';

export const SOURCE = {
  connections: 'linkedin',
  messages: 'linkedin-messages',
  invitations: 'linkedin-invitations',
  profile: 'linkedin',
  contacts: 'contacts-csv',
  me: 'import',
} as const;

/** Where a row of `plan.people` came from, for the report. */
export interface RowInfo {
  line: number;
  file: string;
  name: string;
  company: string | null;
  position: string | null;
  linkedinUrl: string | null;
}

export interface BuiltPlan {
  plan: Pick<ImportPlan, 'people' | 'ties' | 'interactions'>;
  rowInfo: (RowInfo | null)[];
  /** People in file order, for the preview. */
  order: { row: number }[];
  /** Rows matched here to a person on file by name (see the banner); the store merges them by `matchId`. */
  keylessMatched: number;
  /** People on file that messages named and that a first import would have created: reported as unchanged. */
  participantsOnFile: number;
  /** Messages and invitations left out of the plan because their interaction is on file (`knownExternalIds`). */
  interactionsOnFile: number;
  me: { name: string; row: number | null; id: string | null } | null;
  skipped: Record<string, number>;
}

export interface PlanContext {
  existingMe: Person | null;
  meOption?: { name: string; linkedinUrl?: string | null } | undefined;
  /** Everyone on file, loaded only when rows need matching here. */
  loadPeople: () => Promise<Person[]>;
  /**
   * External ids of the interactions on file, read once when the files hold messages or invitations:
   * those already imported are left out of the plan and counted in `interactionsOnFile`.
   */
  knownExternalIds?: () => Promise<Set<string>>;
}

/** sha256 in hex; the one-shot `crypto.hash` (Node 20.12+) is several times faster than a Hash object per message. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** Stable ids for imported events; the scheme must never change, or re-imports would duplicate. */
const hash = (...parts: string[]) => sha256Hex(parts.join('\u0000')).slice(0, 40);

/** A display name from a profile URL when the file gives none: `linkedin.com/in/jane-doe-42` -> `jane-doe-42`. */
function nameFromUrl(url: string, urlKey: (u: string) => string | null): string {
  return (urlKey(url) ?? url).replace(/^linkedin\.com\/in\//, '');
}

/** The person "me" according to the conversations: the one participant of every conversation. */
export function ownerFromMessages(
  messages: MessagesParse,
  notMe: Set<string>,
  partyKey = partyKeyCache(),
): Party | null {
  if (messages.rows.length === 0) return null;
  if (messages.format === '2018') {
    const votes = new Map<string, { party: Party; n: number }>();
    for (const m of messages.rows) {
      const mine = m.direction === 'outgoing' ? [m.from] : m.direction === 'incoming' ? m.to : [];
      for (const p of mine) {
        const k = foldName(p.name);
        if (!k) continue;
        const v = votes.get(k) ?? { party: p, n: 0 };
        v.n++;
        votes.set(k, v);
      }
    }
    const best = [...votes.values()].sort((a, b) => b.n - a.n);
    return best[0] && best[0].n === messages.rows.length ? best[0].party : null;
  }
  // Name of each URL as its owner writes it (as sender), to give URL-only recipients a name.
  const names = new Map<string, string>();
  const parties = new Map<string, Party>();
  // The owner takes part in every conversation, so only the people of the first one are candidates;
  // the conversations are then checked for those few instead of holding a set of people per conversation.
  const keys = new Map<Party, string | null>(); // the parsers share one object per party
  const keyOf = (p: Party): string | null => {
    let k = keys.get(p);
    if (k === undefined) {
      k = partyKey(p) ?? (p.name ? `name:${foldName(p.name)}` : null);
      keys.set(p, k);
    }
    return k;
  };
  const rows = messages.rows;
  const convOf = new Int32Array(rows.length);
  const convIndex = new Map<string, number>();
  const firstConv = rows[0]!.conversationId ?? 'row-0';
  const inFirst = new Set<string>();
  const see = (p: Party, first: boolean) => {
    const k = keyOf(p);
    if (!k) return;
    if (first) inFirst.add(k);
    if (p.name && !names.has(k)) names.set(k, p.name);
    if (!parties.has(k)) parties.set(k, p);
  };
  for (let i = 0; i < rows.length; i++) {
    const m = rows[i]!;
    const conv = m.conversationId ?? `row-${i}`;
    let c = convIndex.get(conv);
    if (c === undefined) convIndex.set(conv, (c = convIndex.size));
    convOf[i] = c;
    const first = conv === firstConv;
    see(m.from, first);
    for (const p of m.to) see(p, first);
  }
  // A recipient known only by name is the same as a sender with that name and a URL.
  const nameToUrl = new Map<string, string>();
  for (const [k, p] of parties) if (!k.startsWith('name:') && p.name) nameToUrl.set(`name:${foldName(p.name)}`, k);
  const mapped = (k: string) => nameToUrl.get(k) ?? k;
  const candidates = [...new Set([...inFirst].map(mapped))].filter((k) => !notMe.has(k));
  const everywhere: string[] = [];
  // Conversations each candidate takes part in, as bits, 31 candidates a pass.
  for (let from = 0; from < candidates.length; from += 31) {
    const bit = new Map(candidates.slice(from, from + 31).map((k, j) => [k, 1 << j]));
    const present = new Int32Array(convIndex.size);
    const mark = (p: Party, c: number) => {
      const k = keyOf(p);
      if (k) present[c]! |= bit.get(mapped(k)) ?? 0;
    };
    for (let i = 0; i < rows.length; i++) {
      const m = rows[i]!;
      const c = convOf[i]!;
      mark(m.from, c);
      for (const p of m.to) mark(p, c);
    }
    let all = -1;
    for (const bits of present) all &= bits;
    for (const [k, b] of bit) if (all & b) everywhere.push(k);
  }
  if (everywhere.length !== 1) return null;
  const k = everywhere[0]!;
  const p = parties.get(k)!;
  return { name: names.get(k) ?? p.name, url: p.url };
}

export async function buildPlan(files: ParsedFile[], ctx: PlanContext): Promise<BuiltPlan> {
  const urlKey = normalizeLinkedInUrl; // cached by URL
  const partyKey = partyKeyCache(urlKey);
  const people: ImportPerson[] = [];
  const rowInfo: (RowInfo | null)[] = [];
  const ties: ImportTie[] = [];
  const interactions: ImportInteraction[] = [];
  const order: BuiltPlan['order'] = [];
  let keylessMatched = 0;
  const skipped: Record<string, number> = {};
  const skip = (why: string, n = 1) => {
    if (n > 0) skipped[why] = (skipped[why] ?? 0) + n;
  };

  const of = <K extends ParsedFile['kind']>(kind: K) =>
    files.filter((f) => f.kind === kind) as (ParsedFile & { kind: K })[];
  const connectionFiles = of('linkedin-connections').map((f) => ({
    file: f.name,
    rows: (f.parse as { rows: ConnectionRow[] }).rows,
  }));
  const contactFiles = of('contacts').map((f) => ({ file: f.name, rows: (f.parse as { rows: ContactRow[] }).rows }));
  const messageFiles = of('linkedin-messages').map((f) => ({ file: f.name, parse: f.parse as MessagesParse }));
  const invitationFiles = of('linkedin-invitations').map((f) => ({
    file: f.name,
    rows: (f.parse as { rows: InvitationRow[] }).rows,
  }));
  const profile =
    of('linkedin-profile')
      .map((f) => (f.parse as ProfileParse).me)
      .find(Boolean) ?? null;
  for (const f of files) {
    if (f.parse.kind === 'linkedin-connections') skip('nonProfileUrls', f.parse.nonProfileUrls);
    if (f.parse.kind === 'linkedin-messages') {
      skip('drafts', f.parse.skipped.drafts);
      skip('sponsored', f.parse.skipped.sponsored);
      skip('linkedinMemberSenders', f.parse.skipped.linkedinMemberSenders);
    }
  }

  // ---- me -----------------------------------------------------------------
  const connectionUrls = new Set<string>();
  for (const f of connectionFiles) {
    for (const r of f.rows) {
      const u = urlKey(r.url);
      if (u !== null) connectionUrls.add(u);
    }
  }
  // Who takes part in every conversation is only needed when nothing else names the owner's profile.
  const ownerKnown = Boolean(ctx.existingMe?.linkedinUrl || profile?.url);
  const fromMessages = ownerKnown
    ? null
    : (messageFiles.map((f) => ownerFromMessages(f.parse, connectionUrls, partyKey)).find(Boolean) ?? null);
  const needsMe =
    connectionFiles.some((f) => f.rows.length > 0) ||
    messageFiles.some((f) => f.parse.rows.length > 0) ||
    invitationFiles.some((f) => f.rows.length > 0) ||
    profile !== null;
  const meUrls = new Set<string>();
  const meNames = new Set<string>();
  const meEmails = new Set<string>();
  let meRef: PersonRef | null = null;
  let me: BuiltPlan['me'] = null;
  if (ctx.existingMe) {
    meRef = { id: ctx.existingMe.id };
    me = { name: ctx.existingMe.name, row: null, id: ctx.existingMe.id };
    for (const e of ctx.existingMe.emails) meEmails.add(normalizeEmail(e) ?? e);
  } else if (needsMe) {
    const name =
      profile?.name ||
      fromMessages?.name ||
      ctx.meOption?.name ||
      (fromMessages?.url ? nameFromUrl(fromMessages.url, urlKey) : '');
    const linkedinUrl = profile?.url ?? fromMessages?.url ?? ctx.meOption?.linkedinUrl ?? null;
    if (!name) {
      throw new AppError(
        'VALIDATION',
        'No owner ("me") is recorded in this workspace, and the file does not say who it belongs to (no Profile.csv, and no single person takes part in every conversation). Give your name (CLI: --me-name, API: me.name).',
        { errors: [{ path: 'me.name', message: 'who the owner of this network is cannot be determined' }] },
      );
    }
    meRef = { row: 0 };
    me = { name, row: 0, id: null };
    people.push({ name, linkedinUrl, isMe: true, source: profile ? SOURCE.profile : SOURCE.me });
    rowInfo.push(null);
  }
  for (const p of [
    ctx.existingMe && { name: ctx.existingMe.name, url: ctx.existingMe.linkedinUrl },
    profile,
    fromMessages,
    ctx.meOption && { name: ctx.meOption.name, url: ctx.meOption.linkedinUrl ?? null },
  ]) {
    if (!p) continue;
    const u = urlKey(p.url);
    if (u) meUrls.add(u);
    if (p.name) meNames.add(foldName(p.name));
  }
  if (me?.row === 0 && people[0]?.linkedinUrl) meUrls.add(urlKey(people[0].linkedinUrl)!);

  // ---- people from connections and contacts ---------------------------------
  const byUrl = new Map<string, PersonRef>();
  // One ref object per person (row, id on file, me), so participants are told apart by identity.
  const idRefs = new Map<string, PersonRef>();
  const idRef = (id: string): PersonRef => {
    let r = idRefs.get(id);
    if (!r) idRefs.set(id, (r = { id }));
    return r;
  };
  if (meRef && 'id' in meRef) idRefs.set(meRef.id, meRef);
  const participantList = (refs: (PersonRef | null)[]): PersonRef[] => {
    const out: PersonRef[] = [];
    for (const r of refs) if (r && !out.includes(r)) out.push(r);
    return out;
  };
  // People of this import by folded name, for files that name people without a URL (2018
  // messages, invitations). Folding every name costs, so the index is built on first use.
  const named: [string, PersonRef][] = [];
  let byNameIndex: Map<string, PersonRef | null> | null = null; // null value: more than one person has the name
  const byName = (folded: string): PersonRef | null | undefined => {
    if (!byNameIndex) {
      byNameIndex = new Map();
      for (const [name, ref] of named) nameIndex(name, ref);
    }
    return byNameIndex.get(folded);
  };
  const nameIndex = (name: string, ref: PersonRef) => {
    if (!byNameIndex) {
      named.push([name, ref]);
      return;
    }
    const k = foldName(name);
    byNameIndex.set(k, byNameIndex.has(k) && byNameIndex.get(k) !== ref ? null : ref);
  };
  const pendingKeyless: { person: PersonCreate; info: RowInfo; key: string; tieSince: string | null | undefined }[] =
    [];

  const addRow = (person: ImportPerson, info: RowInfo): PersonRef => {
    const row = people.length;
    people.push(person);
    rowInfo.push(info);
    order.push({ row });
    const ref: PersonRef = { row };
    const u = urlKey(person.linkedinUrl);
    if (u && !byUrl.has(u)) byUrl.set(u, ref);
    nameIndex(person.name, ref);
    return ref;
  };
  const linkedinTie = (b: PersonRef, since: string | null): void => {
    if (meRef) ties.push({ a: meRef, b, kind: 'linkedin', since, source: SOURCE.connections });
  };
  const withoutMyEmails = (emails: string[]) => emails.filter((e) => !meEmails.has(normalizeEmail(e) ?? e));

  for (const { file, rows } of connectionFiles) {
    for (const r of rows) {
      if (r.url && meUrls.has(urlKey(r.url)!)) continue; // you are not your own connection
      const person: PersonCreate = {
        name: r.name,
        firstName: r.firstName || null,
        lastName: r.lastName || null,
        emails: withoutMyEmails(r.email ? [r.email] : []),
        linkedinUrl: r.url,
        company: r.company,
        position: r.position,
        connectedOn: r.connectedOn,
        source: SOURCE.connections,
      };
      const info: RowInfo = {
        line: r.line,
        file,
        name: r.name,
        company: r.company,
        position: r.position,
        linkedinUrl: r.url,
      };
      if (person.linkedinUrl || person.emails!.length) linkedinTie(addRow(person, info), r.connectedOn);
      else
        pendingKeyless.push({
          person,
          info,
          key: `li|${foldName(r.name)}|${r.connectedOn ?? ''}`,
          tieSince: r.connectedOn,
        });
    }
  }
  for (const { file, rows } of contactFiles) {
    for (const r of rows) {
      const person: PersonCreate = {
        name: r.name,
        firstName: r.firstName,
        lastName: r.lastName,
        emails: withoutMyEmails(r.emails),
        linkedinUrl: r.linkedinUrl,
        company: r.company,
        position: r.position,
        connectedOn: r.connectedOn,
        tags: r.tags,
        notes: r.notes,
        source: SOURCE.contacts,
      };
      const info: RowInfo = {
        line: r.line,
        file,
        name: r.name,
        company: r.company,
        position: r.position,
        linkedinUrl: r.linkedinUrl,
      };
      if (person.linkedinUrl || person.emails!.length) addRow(person, info);
      else
        pendingKeyless.push({
          person,
          info,
          key: `csv|${foldName(r.name)}|${foldName(r.company)}`,
          tieSince: undefined,
        });
    }
  }

  // ---- people on file, only when something must be matched here -------------
  // Each party object once: the parsers share one per person, who recurs on every message.
  const checked = new Map<Party, boolean>();
  const knownHere = (p: Party) => {
    let known = checked.get(p);
    if (known === undefined) {
      const u = partyKey(p);
      if (u) known = meUrls.has(u) || byUrl.has(u);
      else {
        const n = foldName(p.name);
        known = !n || meNames.has(n) || (byName(n) ?? null) !== null;
      }
      checked.set(p, known);
    }
    return known;
  };
  const allKnown = (): boolean => {
    for (const f of messageFiles) {
      for (const m of f.parse.rows) {
        if (!knownHere(m.from)) return false;
        for (const p of m.to) if (!knownHere(p)) return false;
      }
    }
    for (const f of invitationFiles) for (const i of f.rows) if (!knownHere(i.from) || !knownHere(i.to)) return false;
    return true;
  };
  const needPeople = pendingKeyless.length > 0 || !allKnown();
  const onFileByUrl = new Map<string, string>();
  const onFileByName = new Map<string, string | null>();
  const onFileByKeyless = new Map<string, Person[]>();
  const participantsOnFile = new Set<string>();
  if (needPeople) {
    for (const p of await ctx.loadPeople()) {
      if (p.isMe) continue;
      const u = urlKey(p.linkedinUrl);
      if (u) onFileByUrl.set(u, p.id);
      const n = foldName(p.name);
      onFileByName.set(n, onFileByName.has(n) ? null : p.id);
      const keys = [
        `li|${n}|${p.connectedOn ?? ''}`,
        ...(p.source === SOURCE.contacts ? [`csv|${n}|${foldName(p.company)}`] : []),
      ];
      for (const k of keys) onFileByKeyless.set(k, [...(onFileByKeyless.get(k) ?? []), p]);
    }
  }

  for (const { person, info, key, tieSince } of pendingKeyless) {
    const match = onFileByKeyless.get(key)?.shift();
    let ref: PersonRef;
    if (match) {
      // The store merges it into the person on file, in the same transaction as the rest.
      keylessMatched++;
      ref = addRow({ ...person, matchId: match.id }, info);
      idRefs.set(match.id, ref);
    } else {
      ref = addRow(person, info);
    }
    if (tieSince !== undefined) linkedinTie(ref, tieSince);
  }
  // Keep file order in the preview: keyless rows were placed after the others.
  const fileRank = new Map(files.map((f, i) => [f.name, i]));
  const infoOf = (o: BuiltPlan['order'][number]) => rowInfo[o.row]!;
  order.sort((a, b) => {
    const ia = infoOf(a);
    const ib = infoOf(b);
    return (fileRank.get(ia.file) ?? 0) - (fileRank.get(ib.file) ?? 0) || ia.line - ib.line;
  });

  // ---- messages and invitations -------------------------------------------
  const resolve = (p: Party, create: { file: string; line: number } | null): PersonRef | null => {
    const u = partyKey(p);
    if (u) {
      if (meUrls.has(u)) return meRef;
      const here = byUrl.get(u);
      if (here) return here;
      const onFile = onFileByUrl.get(u);
      if (onFile) {
        if (create) participantsOnFile.add(onFile);
        return idRef(onFile);
      }
      if (!create) return null;
      const name = p.name || nameFromUrl(p.url!, urlKey);
      return addRow(
        { name, linkedinUrl: p.url, source: SOURCE.messages },
        { line: create.line, file: create.file, name, company: null, position: null, linkedinUrl: p.url },
      );
    }
    const n = foldName(p.name);
    if (!n) return null;
    if (meNames.has(n)) return meRef;
    const here = byName(n);
    if (here) return here;
    const onFile = onFileByName.get(n);
    return onFile ? idRef(onFile) : null;
  };
  // Per party object of the messages (the parser shares one per person, who recurs on every
  // message): the key its messages' ids use, and, for one with a profile URL, whom it resolves to
  // (fixed once resolved: `byUrl` keeps a URL's first person, and `meUrls` and the people on file do not change).
  interface PartyFacts {
    idKey: string | undefined;
    ref: PersonRef | null | undefined;
  }
  const facts = new Map<Party, PartyFacts>();
  const factsOf = (p: Party): PartyFacts => {
    let f = facts.get(p);
    if (!f) facts.set(p, (f = { idKey: undefined, ref: undefined }));
    return f;
  };
  const resolveOnce = (p: Party, create: { file: string; line: number } | null, f: PartyFacts): PersonRef | null => {
    if (f.ref !== undefined) return f.ref;
    const ref = resolve(p, create);
    if (partyKey(p) !== null) f.ref = ref;
    return ref;
  };
  const add = (list: PersonRef[], r: PersonRef | null) => {
    if (r && !list.includes(r)) list.push(r);
  };
  // Interactions already imported (a re-import): left out here, so the store is not handed them to check.
  const hasEvents = messageFiles.some((f) => f.parse.rows.length > 0) || invitationFiles.some((f) => f.rows.length > 0);
  const onFile: ReadonlySet<string> = hasEvents && ctx.knownExternalIds ? await ctx.knownExternalIds() : new Set();
  let interactionsOnFile = 0;
  /**
   * The external id of an event from its base (`seen`: the bases so far in its file), or null, counted,
   * when its interaction is on file. Alike events (one sender, one conversation, the same second) stay two.
   */
  const eventId = (seen: Map<string, number>, base: string): string | null => {
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const externalId = n === 1 ? base : `${base}#${n}`;
    if (!onFile.has(externalId)) return externalId;
    interactionsOnFile++;
    return null;
  };
  // One list reused for every message; the plan keeps an exact-size copy. A list grown by `push` holds
  // 16 or more slots, and the plan keeps 100,000 of them until the store has written them (~11 MB).
  const participants: PersonRef[] = [];
  for (const { file, parse } of messageFiles) {
    const seenIds = new Map<string, number>();
    for (const m of parse.rows) {
      const fromFacts = factsOf(m.from);
      let at: { file: string; line: number } | null = null;
      const sender =
        m.direction === 'outgoing' ? meRef : resolveOnce(m.from, (at ??= { file, line: m.line }), fromFacts);
      participants.length = 0;
      add(participants, sender);
      if (m.direction !== 'incoming') {
        for (const p of m.to) {
          const whole = resolveOnce(p, (at ??= { file, line: m.line }), factsOf(p));
          if (whole) add(participants, whole);
          // Recipients known by name only: the whole `To`, else each comma-separated name in it.
          else if (!p.url)
            for (const n of p.name.split(',')) add(participants, resolve({ name: n.trim(), url: null }, null));
        }
      }
      add(participants, meRef);
      if (participants.length < 2) {
        skip('unmatchedMessages');
        continue;
      }
      const senderKey = (fromFacts.idKey ??= partyKey(m.from) ?? `name:${foldName(m.from.name)}`);
      // Joined, not concatenated: one flat string per message rather than a tree of three.
      const base = ['li-msg:', hash(m.conversationId ?? '', m.at, senderKey)].join('');
      const externalId = eventId(seenIds, base);
      if (externalId === null) continue;
      interactions.push({
        participants: participants.slice(),
        initiator: sender,
        occurredAt: m.at,
        channel: 'message',
        source: SOURCE.messages,
        externalId,
      });
    }
  }
  for (const { rows } of invitationFiles) {
    const seenIds = new Map<string, number>();
    for (const inv of rows) {
      const inviter = inv.direction === 'outgoing' ? meRef : resolve(inv.from, null);
      const invitee = inv.direction === 'incoming' ? meRef : resolve(inv.to, null);
      if (!inviter || !invitee || inviter === invitee) {
        skip('unmatchedInvitations');
        continue;
      }
      const key = (p: Party) => partyKey(p) ?? `name:${foldName(p.name)}`;
      const base = `li-inv:${hash(inv.at, key(inv.from), key(inv.to))}`;
      const externalId = eventId(seenIds, base);
      if (externalId === null) continue;
      interactions.push({
        participants: participantList([inviter, invitee]),
        initiator: inviter,
        occurredAt: inv.at,
        channel: 'social',
        source: SOURCE.invitations,
        externalId,
      });
    }
  }

  return {
    plan: { people, ties, interactions },
    rowInfo,
    order,
    keylessMatched,
    participantsOnFile: participantsOnFile.size,
    interactionsOnFile,
    me,
    skipped,
  };
}
