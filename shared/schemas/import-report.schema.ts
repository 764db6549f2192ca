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
    files: z.array(z.strictObject({ name: z.string(), kind: ImportKind, rows: z.number().int().min(0) })),
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
export type ImportPreviewRow = z.infer<typeof ImportPreviewRow>;
export type ImportReport = z.infer<typeof ImportReportSchema>;
