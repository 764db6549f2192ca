/**
 * Who the owner of an export ("me") is: the owner on file, Profile.csv, the
 * `--me-name`/`--me-url`/`--me-email` options, or the one person who takes
 * part in every conversation of messages.csv. The owner is one person: their
 * names and keys are gathered here so that every file's mention of them
 * (a sender with their URL, a name inside a TO of several) lands on them.
 */
import type { Person, PersonCreate } from '../../../shared/index.js';
import { foldName, normalizeLinkedInUrl } from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import type { MessagesParse, Party, ProfileParse } from '../import.types.js';
import { partyKeyCache } from '../url-keys.js';
import { splitNames } from '../recipient-names.js';

export const SOURCE = {
  connections: 'linkedin',
  messages: 'linkedin-messages',
  invitations: 'linkedin-invitations',
  profile: 'linkedin',
  contacts: 'contacts-csv',
  me: 'import',
} as const;

export interface MeOption {
  name: string;
  linkedinUrl?: string | null;
  email?: string | null;
}

export interface OwnerPlan {
  /** The owner on file, or null. */
  existing: Person | null;
  /** The owner to create (no owner on file), or null. */
  create: PersonCreate | null;
  /** Every name the owner goes by here. */
  names: string[];
  /** A profile URL to record on the owner on file, when it has none. */
  learnUrl: string | null;
  /** Emails to record on the owner (`--me-email`). */
  learnEmails: string[];
}

/** A display name from a profile URL when the file gives none: `linkedin.com/in/jane-doe-42` -> `jane-doe-42`. */
export function nameFromUrl(url: string): string {
  return (normalizeLinkedInUrl(url) ?? url).replace(/^linkedin\.com\/in\//, '');
}

/**
 * The person "me" according to the conversations: the one participant of every conversation
 * (a recipient named inside a TO of several counts too). Null when that is not exactly one person.
 * `notMe`: keys that cannot be the owner (the connections' profile URLs).
 */
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
  // The keys a party stands for: its URL, or its name, or each name of a TO naming several people.
  const keys = new Map<Party, string[]>(); // the parsers share one object per party
  const keysOf = (p: Party): string[] => {
    let k = keys.get(p);
    if (k === undefined) {
      const url = partyKey(p);
      if (url) k = [url];
      else if (!p.name) k = [];
      else {
        const pieces = splitNames(p.name);
        k = [`name:${foldName(p.name)}`];
        if (pieces.length > 1) for (const n of pieces) k.push(`name:${foldName(n)}`);
      }
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
    const ks = keysOf(p);
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i]!;
      if (first) inFirst.add(k);
      if (!parties.has(k)) parties.set(k, i === 0 ? p : { name: k.slice(5), url: null });
    }
    if (ks.length === 1 && p.name && !names.has(ks[0]!)) names.set(ks[0]!, p.name);
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
      for (const k of keysOf(p)) present[c]! |= bit.get(mapped(k)) ?? 0;
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

/** The owner of this import, from everything that names them; throws when someone must be told who they are. */
export function identifyOwner(input: {
  existingMe: Person | null;
  profile: ProfileParse['me'];
  meOption?: MeOption | undefined;
  messages: MessagesParse[];
  /** Connections' profile URL keys (not the owner). */
  connectionUrls: Set<string>;
  /** Whether the files need an owner (connections, messages, invitations, a profile, a calendar, a mailbox). */
  needed: boolean;
  /** More addresses of the owner (`--me-email`, or what a calendar or mailbox says), and the name they write there. */
  emails?: string[];
  nameInFiles?: string | null;
}): OwnerPlan {
  const { existingMe, profile, meOption } = input;
  const urlOf = (u: string | null | undefined) => (u && normalizeLinkedInUrl(u) ? u : null);
  const knownUrl = urlOf(existingMe?.linkedinUrl) ?? urlOf(profile?.url) ?? urlOf(meOption?.linkedinUrl);
  // Who takes part in every conversation is only needed when nothing else names the owner's profile.
  const fromMessages = knownUrl
    ? null
    : (input.messages.map((m) => ownerFromMessages(m, input.connectionUrls)).find(Boolean) ?? null);
  const names = [existingMe?.name, profile?.name, meOption?.name, fromMessages?.name].filter((n): n is string =>
    Boolean(n?.trim()),
  );
  const url = knownUrl ?? urlOf(fromMessages?.url);
  const emails = [
    ...new Set(
      [...(meOption?.email ? [meOption.email] : []), ...(input.emails ?? [])].map((e) => e.trim().toLowerCase()),
    ),
  ];
  if (existingMe) {
    return {
      existing: existingMe,
      create: null,
      names,
      learnUrl: existingMe.linkedinUrl ? null : url,
      learnEmails: emails.filter((e) => !existingMe.emails.includes(e.toLowerCase())),
    };
  }
  if (!input.needed) return { existing: null, create: null, names, learnUrl: null, learnEmails: [] };
  const name =
    profile?.name ||
    meOption?.name ||
    fromMessages?.name ||
    (fromMessages?.url ? nameFromUrl(fromMessages.url) : '') ||
    input.nameInFiles ||
    emails[0] ||
    '';
  if (!name) {
    throw new AppError(
      'VALIDATION',
      'No owner ("me") is recorded in this workspace, and the file does not say who it belongs to (no Profile.csv, and no single person takes part in every conversation). Give your name (CLI: --me-name, API: meName).',
      { errors: [{ path: 'me.name', message: 'who the owner of this network is cannot be determined' }] },
    );
  }
  return {
    existing: null,
    create: {
      name,
      linkedinUrl: url,
      emails,
      isMe: true,
      source: profile ? SOURCE.profile : SOURCE.me,
      ...(profile?.firstName ? { firstName: profile.firstName } : {}),
      ...(profile?.lastName ? { lastName: profile.lastName } : {}),
    },
    names: names.includes(name) ? names : [name, ...names],
    learnUrl: null,
    learnEmails: [],
  };
}
