import { z } from 'zod';
import { Currency, EventTime, Id, PageQuery, RecordMeta, ShortText, pageOf } from './common.schema.js';

export const ReferralStatus = z.enum(['open', 'won', 'lost']);

/** `referrerId` referred a prospect (a person on file, or just a name) to `recipientId`. */
const referralFields = {
  referrerId: Id,
  recipientId: Id,
  prospectId: Id.nullable(),
  prospectName: ShortText.max(200).nullable(),
  date: EventTime,
  status: ReferralStatus,
  value: z.number().finite().min(0).max(1e12).nullable(),
  currency: Currency.nullable(),
  note: ShortText.nullable(),
};

export const ReferralSchema = z.strictObject({ ...RecordMeta, ...referralFields }).meta({ id: 'Referral' });
export const ReferralCreate = z
  .strictObject(referralFields)
  .partial()
  .required({ referrerId: true, recipientId: true, date: true })
  .refine((r) => r.referrerId !== r.recipientId, { message: 'a referral goes to someone else', path: ['recipientId'] })
  .refine((r) => r.value == null || r.currency != null, { message: 'a value needs its currency', path: ['currency'] })
  .meta({ id: 'ReferralCreate' });
export const ReferralUpdate = z
  .strictObject(referralFields)
  .omit({ referrerId: true, recipientId: true })
  .partial()
  .meta({ id: 'ReferralUpdate' });
export const ReferralQuery = z.strictObject({
  ...PageQuery,
  personId: Id.optional(),
  status: ReferralStatus.optional(),
});
export const ReferralPage = pageOf(ReferralSchema).meta({ id: 'ReferralPage' });

export type ReferralStatus = z.infer<typeof ReferralStatus>;
export type Referral = z.infer<typeof ReferralSchema>;
export type ReferralCreate = z.infer<typeof ReferralCreate>;
export type ReferralUpdate = z.infer<typeof ReferralUpdate>;
export type ReferralQuery = z.infer<typeof ReferralQuery>;
