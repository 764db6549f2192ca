import { z } from 'zod';
import { Id, PageQuery, Timestamp, pageOf } from './common.schema.js';

/** Provenance of one import: which file, when, and what it did. */
export const ImportRecordSchema = z
  .strictObject({
    id: Id,
    fileName: z.string(),
    fileHash: z.string(),
    kind: z.string(),
    importedAt: Timestamp,
    counts: z.record(z.string(), z.number()),
  })
  .meta({ id: 'ImportRecord' });
export const ImportRecordQuery = z.strictObject({ ...PageQuery });
export const ImportRecordPage = pageOf(ImportRecordSchema).meta({ id: 'ImportRecordPage' });

export type ImportRecord = z.infer<typeof ImportRecordSchema>;
export type ImportRecordQuery = z.infer<typeof ImportRecordQuery>;
