import { z } from 'zod';
import { EventTime, Id, PageQuery, RecordMeta, ShortText, pageOf } from './common.schema.js';
import { Source } from './person.schema.js';

/** How people met or talked, strongest first: the analytics weigh them in this order. */
export const Channel = z.enum(['in_person', 'video', 'call', 'email', 'message', 'event', 'social']);

const interactionFields = {
  occurredAt: EventTime,
  channel: Channel,
  /** Everyone who took part; "me" is added by the API when only the other side is given. */
  participantIds: z.array(Id).min(1).max(50),
  /** Who reached out; must be one of the participants. Null when unknown. */
  initiatorId: Id.nullable(),
  note: ShortText.nullable(),
  source: Source,
  /** Stable key from an importer (e.g. a LinkedIn message id), so re-imports do not duplicate. */
  externalId: z.string().max(200).nullable(),
};

export const InteractionSchema = z
  .strictObject({ ...RecordMeta, ...interactionFields, participantIds: z.array(Id) })
  .meta({ id: 'Interaction' });
export const InteractionCreate = z
  .strictObject({
    ...interactionFields,
    /** A meeting still to come: accepted with a future date, it counts once it has happened (not stored). */
    planned: z.boolean(),
  })
  .partial()
  .required({ occurredAt: true, channel: true, participantIds: true })
  .meta({ id: 'InteractionCreate' });
export const InteractionUpdate = z
  .strictObject(interactionFields)
  .omit({ externalId: true })
  .partial()
  .meta({ id: 'InteractionUpdate' });
export const InteractionQuery = z.strictObject({
  ...PageQuery,
  personId: Id.optional(),
  channel: Channel.optional(),
  source: z.string().trim().min(1).max(64).optional(),
  from: EventTime.optional(),
  to: EventTime.optional(),
});
export const InteractionPage = pageOf(InteractionSchema).meta({ id: 'InteractionPage' });

export type Channel = z.infer<typeof Channel>;
export type Interaction = z.infer<typeof InteractionSchema>;
export type InteractionCreate = z.infer<typeof InteractionCreate>;
export type InteractionUpdate = z.infer<typeof InteractionUpdate>;
export type InteractionQuery = z.infer<typeof InteractionQuery>;
