import { z } from 'zod';
import { EventTime, Id, PageQuery, RecordMeta, ShortText, pageOf } from './common.schema.js';

export const IntroductionOutcome = z.enum(['pending', 'met', 'declined']);

/** `introducerId` introduced `aId` to `bId`. */
const introductionFields = {
  introducerId: Id,
  aId: Id,
  bId: Id,
  date: EventTime,
  outcome: IntroductionOutcome,
  note: ShortText.nullable(),
};

export const IntroductionSchema = z.strictObject({ ...RecordMeta, ...introductionFields }).meta({ id: 'Introduction' });
export const IntroductionCreate = z
  .strictObject(introductionFields)
  .partial()
  .required({ introducerId: true, aId: true, bId: true, date: true })
  .refine((i) => new Set([i.introducerId, i.aId, i.bId]).size === 3, {
    message: 'introducer and the two people introduced must be three different people',
    path: ['bId'],
  })
  .meta({ id: 'IntroductionCreate' });
export const IntroductionUpdate = z
  .strictObject(introductionFields)
  .pick({ date: true, outcome: true, note: true })
  .partial()
  .meta({ id: 'IntroductionUpdate' });
export const IntroductionQuery = z.strictObject({
  ...PageQuery,
  personId: Id.optional(),
  outcome: IntroductionOutcome.optional(),
});
export const IntroductionPage = pageOf(IntroductionSchema).meta({ id: 'IntroductionPage' });

export type IntroductionOutcome = z.infer<typeof IntroductionOutcome>;
export type Introduction = z.infer<typeof IntroductionSchema>;
export type IntroductionCreate = z.infer<typeof IntroductionCreate>;
export type IntroductionUpdate = z.infer<typeof IntroductionUpdate>;
export type IntroductionQuery = z.infer<typeof IntroductionQuery>;
