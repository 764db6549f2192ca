import { z } from 'zod';
import { Id } from './common.schema.js';

/** What an uploaded file was read as. */
export const ImportKind = z.enum([
  'linkedin-export',
  'linkedin-connections',
  'linkedin-messages',
  'linkedin-invitations',
  'linkedin-profile',
  'contacts',
  'vcard',
  'icalendar',
  'mbox',
]);

/** Person fields a generic contacts CSV can fill; each names a column of the file (emails may name several). */
export const ImportMappingSchema = z
  .strictObject({
    name: z.string().min(1),
    firstName: z.string().min(1),
    lastName: z.string().min(1),
    emails: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    linkedinUrl: z.string().min(1),
    company: z.string().min(1),
    position: z.string().min(1),
    connectedOn: z.string().min(1),
    tags: z.string().min(1),
    notes: z.string().min(1),
  })
  .partial()
  .meta({ id: 'ImportMapping' });

/** A row that was not imported: the physical line of the file (1-based, preamble included) and why. */
export const ImportRejection = z.strictObject({
  line: z.number().int().min(1),
  reason: z.string(),
  /** The file inside an export zip. */
  file: z.string().optional(),
});

/** Something left out of a row that was kept (an email that is not one), with the row's line. */
export const ImportWarning = z.strictObject({
  line: z.number().int().min(1),
  message: z.string(),
  file: z.string().optional(),
});

/**
 * Where the messages of messages.csv went: every message read is in exactly one of these counts (or among
 * the rejected rows). `joined`: new interactions with people known before (on file, or a connection of this
 * import); `newPeople`: new interactions with someone this import created from a message; `onFile`: imported
 * before; `leftOut`: not imported, by reason.
 */
export const ImportMessagesReport = z.strictObject({
  read: z.number().int().min(0),
  joined: z.number().int().min(0),
  newPeople: z.number().int().min(0),
  onFile: z.number().int().min(0),
  leftOut: z.strictObject({
    /** System rows: no FROM, no sender URL. */
    noSender: z.number().int().min(0),
    /** Sent by "LinkedIn Member" (a member who hides their profile). */
    linkedinMember: z.number().int().min(0),
    /** Naming someone more than one person could be (see `ambiguousNames`). */
    ambiguousName: z.number().int().min(0),
    /** Naming nobody but the owner (no name, no URL). */
    unknownUnnamed: z.number().int().min(0),
    drafts: z.number().int().min(0),
    sponsored: z.number().int().min(0),
  }),
});

/**
 * Where the meetings of a calendar or the messages of a mailbox went: every one read is `kept` (a new
 * interaction), `onFile` (imported before), rejected, or left out for a reason (`leftOut`). For a
 * mailbox, `threads` says who wrote first and who answered.
 */
export const ImportEvidenceReport = z.strictObject({
  read: z.number().int().min(0),
  kept: z.number().int().min(0),
  onFile: z.number().int().min(0),
  leftOut: z.record(z.string(), z.number().int().min(0)),
  threads: z
    .strictObject({
      count: z.number().int().min(0),
      startedByMe: z.number().int().min(0),
      startedByOthers: z.number().int().min(0),
      answered: z.number().int().min(0),
    })
    .nullable(),
});

export const ImportOutcome = z.enum(['new', 'updated', 'unchanged']);

export const ImportPreviewRow = z.strictObject({
  line: z.number().int().min(1),
  file: z.string().optional(),
  name: z.string(),
  company: z.string().nullable(),
  position: z.string().nullable(),
  linkedinUrl: z.string().nullable(),
  outcome: ImportOutcome,
});

/**
 * The answer to an import, from the CLI (`--json`) and the API alike. People
 * counts exclude the owner ("me"), reported separately. `written` is false on
 * a dry run and when rejected rows stopped an all-or-nothing import; the
 * counts then say what the import would do.
 */
export const ImportReportSchema = z
  .strictObject({
    kind: ImportKind,
    fileName: z.string(),
    /** sha256 of the uploaded bytes, hex. */
    fileHash: z.string(),
    /** The files read (the CSV itself, or those found in the zip). */
    files: z.array(
      z.strictObject({
        name: z.string(),
        kind: ImportKind,
        rows: z.number().int().min(0),
        /** How its bytes were read: Windows-1252 is what Excel's plain "CSV (Comma delimited)" writes. */
        encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']),
      }),
    ),
    dryRun: z.boolean(),
    written: z.boolean(),
    new: z.number().int().min(0),
    updated: z.number().int().min(0),
    unchanged: z.number().int().min(0),
    /** Connections rows that hold only a date: members who hide their profile. Nobody is created for them. */
    hidden: z.number().int().min(0),
    /** Organisations created for the companies of the people written (matched by name, case and accents aside). */
    organizations: z.number().int().min(0),
    /** New LinkedIn ties from me; `tiesUnchanged` were already on file. */
    ties: z.number().int().min(0),
    tiesUnchanged: z.number().int().min(0),
    /** New interactions (messages, invitations); `interactionsUnchanged` were already on file. */
    interactions: z.number().int().min(0),
    interactionsUnchanged: z.number().int().min(0),
    rejected: z.array(ImportRejection),
    /** Rows read but deliberately not imported, by reason (drafts, sponsored, unmatched, ...). */
    skipped: z.record(z.string(), z.number().int().min(0)),
    /** Values left out of rows that were imported (an email "NA"), with their lines. */
    warnings: z.array(ImportWarning),
    /** Where the messages went; null when no messages.csv was read. */
    messages: ImportMessagesReport.nullable(),
    /** Where the meetings or emails went; null for other kinds. */
    evidence: ImportEvidenceReport.nullable().optional(),
    /** Names messages used that more than one person has: never guessed; the messages are left out. */
    ambiguousNames: z.array(
      z.strictObject({ name: z.string(), messages: z.number().int().min(0), candidates: z.array(Id) }),
    ),
    /** New people with the same name and company as someone on file: flagged, never merged. */
    possibleDuplicates: z.array(
      z.strictObject({ line: z.number().int().min(1), file: z.string().optional(), name: z.string(), existingId: Id }),
    ),
    me: z.strictObject({ name: z.string(), created: z.boolean() }).nullable(),
    preview: z.array(ImportPreviewRow),
    /** The provenance record, when something was written. */
    importId: Id.nullable(),
  })
  .meta({ id: 'ImportReport' });

export type ImportKind = z.infer<typeof ImportKind>;
export type ImportMapping = z.infer<typeof ImportMappingSchema>;
export type ImportRejection = z.infer<typeof ImportRejection>;
export type ImportWarning = z.infer<typeof ImportWarning>;
export type ImportMessagesReport = z.infer<typeof ImportMessagesReport>;
export type ImportEvidenceReport = z.infer<typeof ImportEvidenceReport>;
export type ImportPreviewRow = z.infer<typeof ImportPreviewRow>;
export type ImportReport = z.infer<typeof ImportReportSchema>;
