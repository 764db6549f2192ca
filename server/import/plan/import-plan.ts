/**
 * From parsed files to one ImportPlan for the store, in three named steps:
 *   1. read:    the files grouped by kind, with what their parsers skipped;
 *   2. resolve: the owner, then every row of Connections.csv and contacts
 *               files, against the people on file (server/domain/identity.ts);
 *   3. plan:    the ties of the connections, and an interaction per message
 *               and invitation between the people they name.
 * Every person of the plan is a row the store writes (new, or landing on the
 * person on file its `matchId` names); the store matches rows by URL and
 * email again, in its transaction, should someone have been added meanwhile.
 */
import type { Person as PersonRecord } from '../../../shared/index.js';
import { normalizeLinkedInUrl } from '../../../shared/index.js';
import type { ImportPlan, PersonIdentity } from '../../store/store.port.js';
import type {
  CalendarParse,
  ConnectionRow,
  ContactRow,
  InvitationRow,
  MailboxParse,
  MessagesParse,
  ParsedFile,
  ProfileParse,
  VCardParse,
} from '../import.types.js';
import {
  EVIDENCE_SOURCE,
  type EvidenceOutcome,
  ownerAddresses,
  ownerNameIn,
  planEvidence,
  unplannedEvidence,
} from './evidence.js';
import { type EventsOutcome, planEvents } from './events.js';
import { IdentityIndex } from '../../domain/identity.js';
import { type MeOption, type OwnerPlan, identifyOwner } from './owner.js';
import { planPeopleRows } from './people-rows.js';
import { type Person, PlanBuilder, type RowInfo } from './plan-builder.js';

export { SOURCE } from './owner.js';
export type { RowInfo } from './plan-builder.js';

export interface BuiltPlan {
  plan: Pick<ImportPlan, 'people' | 'ties' | 'interactions'>;
  rowInfo: (RowInfo | null)[];
  /** People in file order, for the preview. */
  order: { row: number }[];
  /** People on file that events named and left unchanged: reported as unchanged. */
  participantsOnFile: number;
  /** Messages and invitations left out of the plan because their interaction is on file. */
  interactionsOnFile: number;
  me: { name: string; row: number | null; id: string | null } | null;
  skipped: Record<string, number>;
  events: EventsOutcome | null;
  /** Meetings and emails: where they went. */
  evidence: EvidenceOutcome | null;
  /** The row or person on file of each candidate of an ambiguous name (resolved to ids by the caller). */
  ambiguous: { name: string; messages: number; candidates: ({ row: number } | { id: string })[] }[];
}

export interface PlanContext {
  existingMe: PersonRecord | null;
  meOption?: MeOption | undefined;
  /** The owner's addresses (`--me-email`, repeatable), with or without a name. */
  meEmails?: string[] | undefined;
  /** Everyone on file, as the identity resolver sees them; read once, when rows or events need it. */
  loadIdentities: () => Promise<PersonIdentity[]>;
  /** External ids of the interactions on file, read once when the files hold messages or invitations. */
  knownExternalIds?: () => Promise<Set<string>>;
}

/** Step 1: the files by kind, and what their parsers skipped. */
export function readFiles(files: ParsedFile[]) {
  const of = <K extends ParsedFile['kind']>(kind: K) =>
    files.filter((f) => f.kind === kind) as (ParsedFile & { kind: K })[];
  const skipped: Record<string, number> = {};
  const skip = (why: string, n: number) => {
    if (n > 0) skipped[why] = (skipped[why] ?? 0) + n;
  };
  for (const f of files) {
    if (f.parse.kind === 'linkedin-connections') skip('nonProfileUrls', f.parse.nonProfileUrls);
    if (f.parse.kind === 'linkedin-messages') {
      skip('drafts', f.parse.skipped.drafts);
      skip('sponsored', f.parse.skipped.sponsored);
      skip('linkedinMemberSenders', f.parse.skipped.linkedinMemberSenders);
      skip('noSender', f.parse.skipped.noSender);
    }
  }
  const read = {
    connections: of('linkedin-connections').map((f) => ({
      file: f.name,
      rows: (f.parse as { rows: ConnectionRow[] }).rows,
    })),
    contacts: [
      ...of('contacts').map((f) => ({ file: f.name, rows: (f.parse as { rows: ContactRow[] }).rows })),
      ...of('vcard').map((f) => ({ file: f.name, rows: (f.parse as VCardParse).rows, source: EVIDENCE_SOURCE.vcard })),
    ],
    calendars: of('icalendar').map((f) => ({ file: f.name, parse: f.parse as CalendarParse })),
    mailboxes: of('mbox').map((f) => ({ file: f.name, parse: f.parse as MailboxParse })),
    messages: of('linkedin-messages').map((f) => ({ file: f.name, parse: f.parse as MessagesParse })),
    invitations: of('linkedin-invitations').map((f) => ({
      file: f.name,
      rows: (f.parse as { rows: InvitationRow[] }).rows,
    })),
    profile:
      of('linkedin-profile')
        .map((f) => (f.parse as ProfileParse).me)
        .find(Boolean) ?? null,
    skipped,
  };
  return read;
}

export type ReadFiles = ReturnType<typeof readFiles>;

const hasRows = (read: ReadFiles) => ({
  rows: read.connections.some((f) => f.rows.length > 0) || read.contacts.some((f) => f.rows.length > 0),
  events: read.messages.some((f) => f.parse.rows.length > 0) || read.invitations.some((f) => f.rows.length > 0),
  evidence: read.calendars.some((f) => f.parse.rows.length > 0) || read.mailboxes.some((f) => f.parse.rows.length > 0),
});

/** Step 2a: who the owner is (see owner.ts). */
export function resolveOwner(
  read: ReadFiles,
  ctx: Pick<PlanContext, 'existingMe' | 'meOption' | 'meEmails'>,
  evidence: { emails: string[]; name: string | null } | null = null,
): OwnerPlan {
  const connectionUrls = new Set<string>();
  for (const f of read.connections) {
    for (const r of f.rows) {
      const key = normalizeLinkedInUrl(r.url);
      if (key !== null) connectionUrls.add(key);
    }
  }
  return identifyOwner({
    existingMe: ctx.existingMe,
    profile: read.profile,
    meOption: ctx.meOption,
    messages: read.messages.map((m) => m.parse),
    connectionUrls,
    needed:
      read.connections.some((f) => f.rows.length > 0) ||
      hasRows(read).events ||
      hasRows(read).evidence ||
      read.profile !== null,
    emails: [...(ctx.meEmails ?? []), ...(evidence?.emails ?? [])],
    nameInFiles: evidence?.name ?? null,
  });
}

const normalize = (u: string) => normalizeLinkedInUrl(u) ?? u;

/** Step 2b: the identity index, with the people on file and the owner. */
export function openIndex(
  onFile: PersonIdentity[],
  owner: OwnerPlan,
): { builder: PlanBuilder; me: Person | null; onFile: number } {
  const b = new PlanBuilder(new IdentityIndex());
  let me: Person | null = null;
  for (const p of onFile) {
    const k = b.knowOnFile(p.id, { ...p, linkedinUrl: null }, p.linkedinKey);
    if (owner.existing && p.id === owner.existing.id) me = k;
  }
  if (owner.existing && !me) {
    me = b.knowOnFile(owner.existing.id, owner.existing);
  }
  if (owner.create) me = b.addRow(owner.create, null);
  if (me) {
    b.index.setOwner(me, ...owner.names);
    if (owner.learnUrl) b.learnUrl(me, normalize(owner.learnUrl), owner.learnUrl, null);
    if (owner.learnEmails.length > 0) {
      const learned = b.index.learn(me, { emails: owner.learnEmails.map((e) => e.trim().toLowerCase()) });
      if (learned.emails.length > 0) {
        if ('id' in me.handle) {
          const row = b.people.length;
          b.people.push({ name: me.label, emails: learned.emails, matchId: me.handle.id });
          b.rowInfo.push(null);
          me.handle = { row };
        } else b.people[me.handle.row]!.emails = [...(b.people[me.handle.row]!.emails ?? []), ...learned.emails];
      }
    }
  }
  // The count only: the identities read are garbage from here on (a re-import reads everyone).
  return { builder: b, me, onFile: onFile.length };
}

export async function buildPlan(files: ParsedFile[], ctx: PlanContext): Promise<BuiltPlan> {
  // 1. read
  const read = readFiles(files);
  const has = hasRows(read);
  // 2. resolve: the owner (by their addresses, for a calendar or a mailbox), then the rows
  let ownerEmails: Set<string> | null = null;
  let evidenceOwner: { emails: string[]; name: string | null } | null = null;
  if (has.evidence) {
    const given = [
      ...(ctx.existingMe?.emails ?? []),
      ...(ctx.meOption?.email ? [ctx.meOption.email] : []),
      ...(ctx.meEmails ?? []),
    ];
    const calendars = read.calendars.map((f) => f.parse);
    const mailboxes = read.mailboxes.map((f) => f.parse);
    const found = ownerAddresses({ given, calendars, mailboxes });
    ownerEmails = new Set(found.emails);
    evidenceOwner = { emails: found.inferred, name: ownerNameIn(ownerEmails, calendars, mailboxes) };
  }
  const owner = resolveOwner(read, ctx, evidenceOwner);
  const {
    builder: b,
    me,
    onFile,
  } = openIndex(has.rows || has.events || has.evidence ? await ctx.loadIdentities() : [], owner);
  Object.assign(b.skipped, read.skipped);
  planPeopleRows(b, { connections: read.connections, contacts: read.contacts, owner: me, onFile });
  // 3. plan: the ties were planned with the rows; now the events
  const known = (has.events || has.evidence) && ctx.knownExternalIds ? await ctx.knownExternalIds() : new Set<string>();
  const events = has.events
    ? planEvents(b, { messages: read.messages, invitations: read.invitations, me, onFile: known })
    : null;
  const evidence =
    ownerEmails && me
      ? planEvidence(b, { calendars: read.calendars, mailboxes: read.mailboxes, me, ownerEmails, onFile: known })
      : read.calendars.length + read.mailboxes.length > 0
        ? unplannedEvidence(
            read.calendars.map((f) => f.parse),
            read.mailboxes.map((f) => f.parse),
          )
        : null;
  const meRow = me && owner.create ? 0 : null;
  return {
    plan: { people: b.people, ties: b.ties, interactions: b.interactions },
    rowInfo: b.rowInfo,
    order: b.order,
    participantsOnFile: (events?.onFileNamed ?? 0) + (evidence?.onFileNamed ?? 0),
    interactionsOnFile: (events?.messagesOnFile ?? 0) + (events?.invitationsOnFile ?? 0) + (evidence?.onFile ?? 0),
    me: me
      ? owner.existing
        ? { name: owner.existing.name, row: null, id: owner.existing.id }
        : { name: owner.create!.name, row: meRow, id: null }
      : null,
    skipped: b.skipped,
    events,
    evidence,
    ambiguous: [...(events?.ambiguous.values() ?? [])].map((a) => ({
      name: a.name,
      messages: a.messages,
      candidates: a.candidates.map((c) => c.handle),
    })),
  };
}
