import { z } from 'zod';
import { EventTime, Id, PageQuery, RecordMeta, ShortText, pageOf } from './common.schema.js';
import { Source } from './person.schema.js';

const mailingListFields = { name: ShortText.min(1).max(200), description: ShortText.nullable() };
export const MailingListSchema = z.strictObject({ ...RecordMeta, ...mailingListFields }).meta({ id: 'MailingList' });
export const MailingListCreate = z
  .strictObject(mailingListFields)
  .partial()
  .required({ name: true })
  .meta({ id: 'MailingListCreate' });
export const MailingListUpdate = MailingListCreate.partial().meta({ id: 'MailingListUpdate' });
export const MailingListQuery = z.strictObject({ ...PageQuery, q: z.string().trim().min(1).max(200).optional() });
export const MailingListPage = pageOf(MailingListSchema).meta({ id: 'MailingListPage' });

export const SubscriptionStatus = z.enum(['active', 'unsubscribed']);
const subscriptionFields = {
  listId: Id,
  personId: Id,
  subscribedAt: EventTime,
  status: SubscriptionStatus,
  source: Source,
};
export const SubscriptionSchema = z.strictObject({ ...RecordMeta, ...subscriptionFields }).meta({ id: 'Subscription' });
export const SubscriptionCreate = z
  .strictObject(subscriptionFields)
  .partial()
  .required({ listId: true, personId: true, subscribedAt: true })
  .meta({ id: 'SubscriptionCreate' });
export const SubscriptionUpdate = z
  .strictObject(subscriptionFields)
  .pick({ subscribedAt: true, status: true })
  .partial()
  .meta({ id: 'SubscriptionUpdate' });
export const SubscriptionQuery = z.strictObject({
  ...PageQuery,
  listId: Id.optional(),
  personId: Id.optional(),
  status: SubscriptionStatus.optional(),
});
export const SubscriptionPage = pageOf(SubscriptionSchema).meta({ id: 'SubscriptionPage' });

/** A recorded answer to "may I add you to my list?". A no means no. */
export const ConsentStatus = z.enum(['granted', 'declined', 'withdrawn']);
const consentFields = {
  personId: Id,
  /** The list the answer is about; null means any of my lists. */
  listId: Id.nullable(),
  status: ConsentStatus,
  date: EventTime,
  evidence: ShortText.nullable(),
};
export const ConsentSchema = z.strictObject({ ...RecordMeta, ...consentFields }).meta({ id: 'Consent' });
export const ConsentCreate = z
  .strictObject(consentFields)
  .partial()
  .required({ personId: true, status: true, date: true })
  .meta({ id: 'ConsentCreate' });
export const ConsentUpdate = z
  .strictObject(consentFields)
  .pick({ status: true, date: true, evidence: true })
  .partial()
  .meta({ id: 'ConsentUpdate' });
export const ConsentQuery = z.strictObject({
  ...PageQuery,
  personId: Id.optional(),
  listId: Id.optional(),
  status: ConsentStatus.optional(),
});
export const ConsentPage = pageOf(ConsentSchema).meta({ id: 'ConsentPage' });

export type MailingList = z.infer<typeof MailingListSchema>;
export type MailingListCreate = z.infer<typeof MailingListCreate>;
export type MailingListUpdate = z.infer<typeof MailingListUpdate>;
export type MailingListQuery = z.infer<typeof MailingListQuery>;
export type SubscriptionStatus = z.infer<typeof SubscriptionStatus>;
export type Subscription = z.infer<typeof SubscriptionSchema>;
export type SubscriptionCreate = z.infer<typeof SubscriptionCreate>;
export type SubscriptionUpdate = z.infer<typeof SubscriptionUpdate>;
export type SubscriptionQuery = z.infer<typeof SubscriptionQuery>;
export type ConsentStatus = z.infer<typeof ConsentStatus>;
export type Consent = z.infer<typeof ConsentSchema>;
export type ConsentCreate = z.infer<typeof ConsentCreate>;
export type ConsentUpdate = z.infer<typeof ConsentUpdate>;
export type ConsentQuery = z.infer<typeof ConsentQuery>;
