import { z } from 'zod';
import { Id, IsoDate, PageQuery, RecordMeta, ShortText, pageOf } from './common.schema.js';
import { Source } from './person.schema.js';

/**
 * A declared connection between two people. `linkedin` is an online connection:
 * a weak hint, never a relationship by itself.
 */
export const TieKind = z.enum(['linkedin', 'knows', 'colleague', 'family', 'other']);

const tieFields = {
  aId: Id,
  bId: Id,
  kind: TieKind,
  since: IsoDate.nullable(),
  source: Source,
  note: ShortText.nullable(),
};

export const TieSchema = z.strictObject({ ...RecordMeta, ...tieFields }).meta({ id: 'Tie' });
export const TieCreate = z
  .strictObject(tieFields)
  .partial()
  .required({ aId: true, bId: true })
  .refine((t) => t.aId !== t.bId, { message: 'a tie joins two different people', path: ['bId'] })
  .meta({ id: 'TieCreate' });
export const TieUpdate = z.strictObject(tieFields).omit({ aId: true, bId: true }).partial().meta({ id: 'TieUpdate' });
export const TieQuery = z.strictObject({ ...PageQuery, personId: Id.optional(), kind: TieKind.optional() });
export const TiePage = pageOf(TieSchema).meta({ id: 'TiePage' });

export type TieKind = z.infer<typeof TieKind>;
export type Tie = z.infer<typeof TieSchema>;
export type TieCreate = z.infer<typeof TieCreate>;
export type TieUpdate = z.infer<typeof TieUpdate>;
export type TieQuery = z.infer<typeof TieQuery>;
