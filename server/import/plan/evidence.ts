/**
 * Meetings of a calendar and emails of a mailbox as interactions between the
 * owner and the people they name by address.
 *
 * Everyone is named by an email address, resolved through the identity index
 * (server/domain/identity.ts): an address of the owner is the owner; an
 * address someone on file or in this import has is them; else the one person
 * on file with that full name who has no email yet (a LinkedIn connection) is
 * them, and learns the address; else someone new is created with it. Each
 * meeting or message has a stable external id, so a re-import adds nothing.
 *
 * A meeting counts when the owner organised it or did not decline it, and at
 * least one other attendee accepted; the accepted attendees (and the organiser)
 * take part, the organiser initiated it. An email counts when the owner sent
 * it or is among its recipients (To, Cc): everyone else named takes part, its
 * sender initiated it; threads (References, In-Reply-To) say who wrote first
 * and whether the other side answered.
 */
import * as crypto from 'node:crypto';
import type { Channel } from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import { probeKeys } from '../../domain/identity.js';
import type { PersonRef } from '../../store/store.port.js';
import type { Address, CalendarParse, MailboxParse } from '../import.types.js';
import type { Person, PlanBuilder, RowInfo } from './plan-builder.js';

export const EVIDENCE_SOURCE = { vcard: 'vcard', icalendar: 'icalendar', mbox: 'mbox' } as const;

/** Participants of one interaction at most (the interaction schema's limit). */
const MAX_PARTICIPANTS = 50;

/** sha256 in hex; the one-shot `crypto.hash` (Node 20.12+) is several times faster than a Hash object each. */
const sha = (text: string) =>
  (typeof crypto.hash === 'function'
    ? crypto.hash('sha256', text, 'hex')
    : crypto.createHash('sha256').update(text).digest('hex')
  ).slice(0, 40);

export interface EvidenceOutcome {
  read: number;
  kept: number;
  onFile: number;
  leftOut: Record<string, number>;
  threads: { count: number; startedByMe: number; startedByOthers: number; answered: number } | null;
  /** People on file named and otherwise untouched (reported as unchanged). */
  onFileNamed: number;
}

/**
 * The owner's addresses: those given and on file, else the one the files say (Google's calendar
 * name; the Delivered-To of most messages). Throws when none is known.
 */
export function ownerAddresses(input: { given: string[]; calendars: CalendarParse[]; mailboxes: MailboxParse[] }): {
  emails: string[];
  inferred: string[];
} {
  const emails = [...new Set(input.given.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  if (emails.length > 0) return { emails, inferred: [] };
  const inferred = new Set<string>();
  for (const c of input.calendars) if (c.calendarOwner) inferred.add(c.calendarOwner);
  for (const m of input.mailboxes) {
    let best: [string, number] | null = null;
    for (const [e, n] of m.deliveredTo) if (!best || n > best[1]) best = [e, n];
    if (best && best[1] * 2 >= m.read) inferred.add(best[0]);
  }
  if (inferred.size === 0) {
    throw new AppError(
      'VALIDATION',
      'Whose calendar or mailbox this is cannot be told: no owner with an email address is on file and the file does not name one. Give your address (CLI: --me-email, repeatable; API: meEmail).',
      { errors: [{ path: 'me.email', message: 'the owner’s email address is needed for a calendar or a mailbox' }] },
    );
  }
  return { emails: [...inferred], inferred: [...inferred] };
}

/** The owner's display name as the files write it, for an owner created by this import. */
export function ownerNameIn(emails: Set<string>, calendars: CalendarParse[], mailboxes: MailboxParse[]): string | null {
  for (const c of calendars)
    for (const r of c.rows) {
      if (r.organizer && emails.has(r.organizer.email) && r.organizer.name) return r.organizer.name;
      for (const a of r.attendees) if (emails.has(a.email) && a.name) return a.name;
    }
  for (const m of mailboxes) for (const r of m.rows) if (emails.has(r.from.email) && r.from.name) return r.from.name;
  return null;
}

/** What a calendar or mailbox with no meeting or email left to plan reports: what was read and left out. */
export function unplannedEvidence(calendars: CalendarParse[], mailboxes: MailboxParse[]): EvidenceOutcome {
  const out: EvidenceOutcome = { read: 0, kept: 0, onFile: 0, leftOut: {}, threads: null, onFileNamed: 0 };
  for (const p of [...calendars, ...mailboxes]) {
    out.read += p.read;
    for (const [why, n] of Object.entries(p.skipped)) out.leftOut[why] = (out.leftOut[why] ?? 0) + n;
  }
  if (mailboxes.length > 0) out.threads = { count: 0, startedByMe: 0, startedByOthers: 0, answered: 0 };
  return out;
}

export function planEvidence(
  b: PlanBuilder,
  input: {
    calendars: { file: string; parse: CalendarParse }[];
    mailboxes: { file: string; parse: MailboxParse }[];
    me: Person;
    ownerEmails: ReadonlySet<string>;
    /** External ids of the interactions on file. */
    onFile: ReadonlySet<string>;
  },
): EvidenceOutcome {
  const { me, ownerEmails, onFile } = input;
  const out: EvidenceOutcome = { read: 0, kept: 0, onFile: 0, leftOut: {}, threads: null, onFileNamed: 0 };
  const leave = (why: string) => {
    out.leftOut[why] = (out.leftOut[why] ?? 0) + 1;
  };
  const namedOnFile = new Set<Person>();
  const byEmail = new Map<string, Person>();
  const isMine = (a: Address) => ownerEmails.has(a.email);

  const personOf = (a: Address, source: string, info: RowInfo): Person => {
    if (isMine(a)) return me;
    const cached = byEmail.get(a.email);
    if (cached) return cached;
    let k: Person | null = null;
    const found = b.index.resolve(probeKeys({ emails: [a.email] }), { names: false });
    if (found.kind === 'match') k = found.person;
    else if (a.name && /\S\s+\S/.test(a.name)) {
      // A full name, the one person on file who has it and no email yet (a LinkedIn connection).
      const named = b.index.resolve(probeKeys({ name: a.name }), {
        names: true,
        among: (c) => c.origin === 'onFile' && c.emails.length === 0 && !c.isMe,
      });
      if (named.kind === 'match') {
        k = named.person;
        b.learnEmail(k, a.email, { ...info, name: k.label });
      }
    }
    k ??= b.addRow(
      { name: (a.name ?? a.email).slice(0, 200), emails: [a.email], source },
      { ...info, name: a.name ?? a.email },
      true,
    );
    byEmail.set(a.email, k);
    return k;
  };

  const participants: PersonRef[] = [];
  const people: Person[] = [];
  const interaction = (
    who: Person[],
    initiator: Person | null,
    at: string,
    channel: Channel,
    source: string,
    externalId: string,
  ) => {
    people.length = 0;
    for (const k of who) if (!people.includes(k)) people.push(k);
    if (people.length < 2) return leave('nobodyElse');
    if (people.length > MAX_PARTICIPANTS) return leave('tooManyPeople');
    participants.length = 0;
    for (const k of people) {
      participants.push(k.handle);
      if (k.origin === 'onFile' && !k.isMe) namedOnFile.add(k);
    }
    out.kept++;
    b.interactions.push({
      participants: participants.slice(),
      initiator: initiator && people.includes(initiator) ? initiator.handle : null,
      occurredAt: at,
      channel,
      source,
      externalId,
    });
  };

  // ---- meetings ------------------------------------------------------------------------------
  for (const { file, parse } of input.calendars) {
    out.read += parse.read;
    for (const [why, n] of Object.entries(parse.skipped)) out.leftOut[why] = (out.leftOut[why] ?? 0) + n;
    for (const r of parse.rows) {
      if (onFile.has(r.externalId)) {
        out.onFile++;
        continue;
      }
      const mine = r.attendees.find(isMine);
      const organizedByMe = r.organizer !== null && isMine(r.organizer);
      if (mine?.partstat === 'DECLINED') {
        leave('declinedByMe');
        continue;
      }
      if (!mine && !organizedByMe) {
        leave('notInvited');
        continue;
      }
      const there = r.attendees.filter((a) => !isMine(a) && a.partstat === 'ACCEPTED');
      const organizerListed = r.organizer ? r.attendees.find((a) => a.email === r.organizer!.email) : undefined;
      if (r.organizer && !organizedByMe && !organizerListed) there.unshift({ ...r.organizer, partstat: 'ACCEPTED' });
      if (there.length === 0) {
        leave('noAcceptedAttendee');
        continue;
      }
      if (there.length + 1 > MAX_PARTICIPANTS) {
        leave('tooManyPeople');
        continue;
      }
      const info: RowInfo = { file, line: r.line, name: '', company: null, position: null, linkedinUrl: null };
      const who = [me, ...there.map((a) => personOf(a, EVIDENCE_SOURCE.icalendar, info))];
      const organizer = r.organizer ? personOf(r.organizer, EVIDENCE_SOURCE.icalendar, info) : null;
      interaction(who, organizer, r.at, r.channel, EVIDENCE_SOURCE.icalendar, r.externalId);
    }
  }

  // ---- emails --------------------------------------------------------------------------------
  if (input.mailboxes.length > 0) {
    /** Per thread: who wrote its first message (me or not), and whether both sides wrote. */
    const threads = new Map<string, { at: string; firstByMe: boolean; me: boolean; others: boolean }>();
    const seen = new Set<string>();
    for (const { file, parse } of input.mailboxes) {
      out.read += parse.read;
      for (const [why, n] of Object.entries(parse.skipped)) out.leftOut[why] = (out.leftOut[why] ?? 0) + n;
      for (const r of parse.rows) {
        const fromMe = isMine(r.from);
        const toMe = r.to.some(isMine);
        if (!fromMe && !toMe) {
          leave('notToMe');
          continue;
        }
        // The key of the Message-ID is its sha256 already; a message without one is keyed by who and when.
        const externalId = `mbox:${
          r.messageId ?? sha(`${r.from.email}\u0000${r.at}\u0000${r.to.map((a) => a.email).join(',')}`)
        }`;
        if (seen.has(externalId)) {
          leave('duplicate');
          continue;
        }
        seen.add(externalId);
        const root = r.threadRoot ?? r.messageId ?? externalId;
        const t = threads.get(root);
        if (!t) threads.set(root, { at: r.at, firstByMe: fromMe, me: fromMe, others: !fromMe });
        else {
          if (r.at < t.at) {
            t.at = r.at;
            t.firstByMe = fromMe;
          }
          if (fromMe) t.me = true;
          else t.others = true;
        }
        if (onFile.has(externalId)) {
          out.onFile++;
          continue;
        }
        const others: Address[] = [];
        for (const a of [r.from, ...r.to]) if (!isMine(a) && !others.some((x) => x.email === a.email)) others.push(a);
        if (others.length === 0) {
          leave('toMyself');
          continue;
        }
        if (others.length + 1 > MAX_PARTICIPANTS) {
          leave('tooManyPeople');
          continue;
        }
        const info: RowInfo = { file, line: r.line, name: '', company: null, position: null, linkedinUrl: null };
        const who = [me, ...others.map((a) => personOf(a, EVIDENCE_SOURCE.mbox, info))];
        const sender = fromMe ? me : personOf(r.from, EVIDENCE_SOURCE.mbox, info);
        interaction(who, sender, r.at, 'email', EVIDENCE_SOURCE.mbox, externalId);
      }
    }
    const stats = { count: threads.size, startedByMe: 0, startedByOthers: 0, answered: 0 };
    for (const t of threads.values()) {
      if (t.firstByMe) stats.startedByMe++;
      else stats.startedByOthers++;
      if (t.me && t.others) stats.answered++;
    }
    out.threads = stats;
  }
  // Someone named and also written (an email learned) is updated, not unchanged.
  for (const k of namedOnFile) if (!('id' in k.handle)) namedOnFile.delete(k);
  out.onFileNamed = namedOnFile.size;
  return out;
}
