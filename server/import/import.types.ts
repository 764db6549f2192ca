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

export type FileParse = ConnectionsParse | MessagesParse | InvitationsParse | ProfileParse | ContactsParse;

/** One file read from an upload (the CSV itself, or an entry of the export zip). */
export interface ParsedFile {
  name: string;
  kind: Exclude<ImportKind, 'linkedin-export'>;
  parse: FileParse;
}
