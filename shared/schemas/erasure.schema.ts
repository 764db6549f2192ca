import { z } from 'zod';
import { Id, Timestamp } from './common.schema.js';
import { PersonSchema } from './person.schema.js';

/**
 * A person deleted with a short undo: gone from every record, view and
 * analysis at once; a copy of what went is held until `dueAt`, when the
 * erasure is finished (or sooner, on request). Undo puts them back.
 */
export const HeldErasureSchema = z
  .strictObject({
    id: Id,
    personId: Id,
    name: z.string(),
    heldAt: Timestamp,
    dueAt: Timestamp,
    requestedBy: Id.nullable(),
  })
  .meta({ id: 'HeldErasure' });

export const ErasureCreate = z.strictObject({ personId: Id }).meta({ id: 'ErasureCreate' });

/** The person put back, and how many records could not come back (they name someone erased since), by kind. */
export const ErasureUndoneSchema = z
  .strictObject({ person: PersonSchema, leftOut: z.record(z.string(), z.number().int()) })
  .meta({ id: 'ErasureUndone' });

export type HeldErasure = z.infer<typeof HeldErasureSchema>;
export type ErasureUndone = z.infer<typeof ErasureUndoneSchema>;
