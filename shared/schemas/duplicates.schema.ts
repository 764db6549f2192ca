import { z } from 'zod';
import { Id, Timestamp } from './common.schema.js';

/**
 * Why two people may be one human: the same email, the same profile URL written as two variants
 * (a vanity URL and its numbered form), the same folded name and company, the same folded name where
 * nothing says otherwise (one from messages, one from a Connections.csv without URLs), or similar
 * names at one company ("Rob Stone" and "Robert Stone" at Acme).
 */
export const DuplicateEvidence = z.enum(['sameEmail', 'urlVariant', 'sameNameAndCompany', 'sameName', 'similarName']);

export const DuplicatePerson = z.strictObject({
  id: Id,
  name: z.string(),
  company: z.string().nullable(),
  position: z.string().nullable(),
  linkedinUrl: z.string().nullable(),
  emails: z.array(z.string()),
  connectedOn: z.string().nullable(),
  source: z.string(),
});

export const DuplicatePair = z
  .strictObject({
    a: DuplicatePerson,
    b: DuplicatePerson,
    evidence: z.array(DuplicateEvidence).min(1),
    /** What else each is linked to (interactions, ties, …), to choose which to keep. */
    records: z.strictObject({ a: z.number().int().min(0), b: z.number().int().min(0) }),
  })
  .meta({ id: 'DuplicatePair' });

export const DuplicateList = z
  .strictObject({ items: z.array(DuplicatePair), total: z.number().int().min(0) })
  .meta({ id: 'DuplicateList' });

export const DuplicateQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** "Not the same": the pair is not listed again. */
export const DuplicateDismissBody = z.strictObject({ aId: Id, bId: Id }).meta({ id: 'DuplicateDismiss' });

/** Keep one of two people; the other's records, emails, tags and notes move onto them. */
export const MergeBody = z
  .strictObject({ keepId: Id, mergeId: Id })
  .refine((b) => b.keepId !== b.mergeId, { message: 'a person cannot be merged into themselves', path: ['mergeId'] })
  .meta({ id: 'MergeRequest' });

export const MergeRecordSchema = z
  .strictObject({
    id: Id,
    keepId: Id,
    /** The person merged: their id still leads to the kept person (until undone). */
    mergedId: Id,
    mergedName: z.string(),
    at: Timestamp,
    undoneAt: Timestamp.nullable(),
    /** Records moved onto the kept person, by kind (interactions, ties, …, emails, tags, privateNotes). */
    moved: z.record(z.string(), z.number().int().min(0)),
  })
  .meta({ id: 'MergeRecord' });

export const MergeList = z.strictObject({ items: z.array(MergeRecordSchema) }).meta({ id: 'MergeList' });
export const MergeParams = z.strictObject({ id: Id });

export type DuplicateEvidence = z.infer<typeof DuplicateEvidence>;
export type DuplicatePerson = z.infer<typeof DuplicatePerson>;
export type DuplicatePair = z.infer<typeof DuplicatePair>;
export type DuplicateList = z.infer<typeof DuplicateList>;
export type MergeRecord = z.infer<typeof MergeRecordSchema>;
