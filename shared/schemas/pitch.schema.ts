import { z } from 'zod';
import { EventTime, Id, PageQuery, RecordMeta, ShortText, pageOf } from './common.schema.js';

/** Every kind of ask: selling, or asking for a referral or an introduction. */
export const PitchKind = z.enum(['pitch', 'referral_request', 'introduction_request']);

const pitchFields = {
  /** Who in the workspace made the ask; the API defaults it to "me". */
  pitcherId: Id,
  personId: Id,
  date: EventTime,
  kind: PitchKind,
  offer: ShortText.nullable(),
  /** The person asked for it. */
  askedForIt: z.boolean(),
  /** The person had expressed the need before the pitch. */
  needExpressed: z.boolean(),
  note: ShortText.nullable(),
};

export const PitchSchema = z.strictObject({ ...RecordMeta, ...pitchFields }).meta({ id: 'Pitch' });
export const PitchCreate = z
  .strictObject(pitchFields)
  .partial()
  .required({ personId: true, date: true })
  .meta({ id: 'PitchCreate' });
export const PitchUpdate = z
  .strictObject(pitchFields)
  .omit({ pitcherId: true, personId: true })
  .partial()
  .meta({ id: 'PitchUpdate' });
export const PitchQuery = z.strictObject({ ...PageQuery, personId: Id.optional(), kind: PitchKind.optional() });
export const PitchPage = pageOf(PitchSchema).meta({ id: 'PitchPage' });

export type PitchKind = z.infer<typeof PitchKind>;
export type Pitch = z.infer<typeof PitchSchema>;
export type PitchCreate = z.infer<typeof PitchCreate>;
export type PitchUpdate = z.infer<typeof PitchUpdate>;
export type PitchQuery = z.infer<typeof PitchQuery>;
