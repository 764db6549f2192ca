/**
 * What the parsers hand to the import service: compact rows with the physical
 * line they came from. Message text never gets this far; a parser reads it
 * only to step over it.
 */
import type { ImportKind, ImportRejection } from '../../shared/index.js';

export type Rejection = ImportRejection;

/** Something left out of a row that was kept (an email that is not one): the row's line and what. */
export interface Warning {
  line: number;
  message: string;
  file?: string;
}

/** Someone named in a file: a display name and, when the file has one, a profile URL. */
export interface Party {
  name: string;
  url: string | null;
}

export interface ConnectionRow {
  line: number;
  firstName: string;
  lastName: string;
  name: string;
  url: string | null;
  email: string | null;
  company: string | null;
  position: string | null;
  connectedOn: string | null;
}

export interface ConnectionsParse {
  kind: 'linkedin-connections';
  rows: ConnectionRow[];
  /** Rows holding only a date: members who hide their profile. */
  hidden: number;
  /** Profile URLs that were not linkedin.com/in/… (old /pub/ links): the person is kept without one. */
  nonProfileUrls: number;
  rejected: Rejection[];
  warnings: Warning[];
}

export interface MessageRow {
  line: number;
  /** Null in the 2018 format, which has no conversation ids. */
  conversationId: string | null;
  from: Party;
  to: Party[];
  /** ISO 8601 instant. */
  at: string;
  /** 2018 format only: OUTGOING means the owner sent it. */
  direction: 'incoming' | 'outgoing' | null;
}

export interface MessagesParse {
  kind: 'linkedin-messages';
  format: '2018' | '2021';
  rows: MessageRow[];
  /** `noSender`: system rows with no FROM, no sender URL and no TO. */
  skipped: { drafts: number; sponsored: number; linkedinMemberSenders: number; noSender: number };
  rejected: Rejection[];
}

export interface InvitationRow {
  line: number;
  from: Party;
  to: Party;
  at: string;
  direction: 'incoming' | 'outgoing' | null;
}

export interface InvitationsParse {
  kind: 'linkedin-invitations';
  rows: InvitationRow[];
  rejected: Rejection[];
}

export interface ProfileParse {
  kind: 'linkedin-profile';
  me: { name: string; firstName: string | null; lastName: string | null; url: string | null } | null;
  rejected: Rejection[];
}

export interface ContactRow {
  line: number;
  name: string;
  firstName: string | null;
  lastName: string | null;
  emails: string[];
  linkedinUrl: string | null;
  company: string | null;
  position: string | null;
  connectedOn: string | null;
  tags: string[];
  notes: string | null;
}

export interface ContactsParse {
  kind: 'contacts';
  rows: ContactRow[];
  rejected: Rejection[];
  warnings: Warning[];
}

export interface VCardParse {
  kind: 'vcard';
  rows: ContactRow[];
  rejected: Rejection[];
  warnings: Warning[];
}

/** Someone named by an email address (a calendar attendee, a mail sender or recipient). */
export interface Address {
  /** Lower-case. */
  email: string;
  /** The display name, when the file gives one. */
  name: string | null;
}

/** One past meeting (one occurrence of a series): who was there, who organised it, how. */
export interface MeetingRow {
  line: number;
  /** Stable: the UID and the occurrence. */
  externalId: string;
  /** ISO instant, or a date for an all-day event. */
  at: string;
  organizer: Address | null;
  /** Every attendee with their answer (PARTSTAT, upper-case; NEEDS-ACTION when none). */
  attendees: (Address & { partstat: string })[];
  channel: 'in_person' | 'video' | 'call';
}

export interface CalendarParse {
  kind: 'icalendar';
  rows: MeetingRow[];
  /** Events (occurrences) read, kept or not. */
  read: number;
  /** The calendar's own name when it is an address (Google writes the owner's there). */
  calendarOwner: string | null;
  /** Occurrences left out by the parser, by reason (cancelled, future, allDayAlone, …). */
  skipped: Record<string, number>;
  rejected: Rejection[];
  warnings: Warning[];
}

/** The headers of one message of a mailbox: never its body. Message-IDs are kept as keys (see mbox.parser.ts). */
export interface MailRow {
  line: number;
  /** The key of its Message-ID. */
  messageId: string | null;
  /** The key of the message it answers (In-Reply-To, else the last of References). */
  inReplyTo: string | null;
  /** The key of the first message of its thread (the first of References, else In-Reply-To). */
  threadRoot: string | null;
  from: Address;
  /** To and Cc, in order, without repeats. */
  to: Address[];
  /** ISO instant. */
  at: string;
}

export interface MailboxParse {
  kind: 'mbox';
  rows: MailRow[];
  read: number;
  /** Delivered-To / X-Original-To addresses, with how many messages name each: the owner's. */
  deliveredTo: Map<string, number>;
  skipped: Record<string, number>;
  rejected: Rejection[];
  warnings: Warning[];
}

export type FileParse =
  | ConnectionsParse
  | MessagesParse
  | InvitationsParse
  | ProfileParse
  | ContactsParse
  | VCardParse
  | CalendarParse
  | MailboxParse;

/** The kinds read as CSV (a LinkedIn file, a contacts CSV); the others have parsers of their own. */
export type CsvFileKind = Exclude<ImportKind, 'linkedin-export' | 'vcard' | 'icalendar' | 'mbox'>;

/** One file read from an upload (the CSV itself, or an entry of the export zip). */
export interface ParsedFile {
  name: string;
  kind: Exclude<ImportKind, 'linkedin-export'>;
  parse: FileParse;
}
