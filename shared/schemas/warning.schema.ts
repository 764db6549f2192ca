import { z } from 'zod';
import { MistakeKind, MistakeSchema } from './analytics.schema.js';
import { PitchSchema } from './pitch.schema.js';
import { SubscriptionSchema } from './consent.schema.js';

/**
 * What the mistake detector would say about a write, said before or as it is
 * made: one finding per act, its kind as the detector names it, the reason in
 * words and the evidence behind it.
 */
export const WarningSchema = z
  .strictObject({
    kind: MistakeKind,
    /** The reason in plain words, e.g. "Zoë Petrov is an acquaintance: you have met once, 8 months ago. …" */
    message: z.string(),
    evidence: MistakeSchema.shape.evidence,
  })
  .meta({ id: 'Warning' });

export const WarningsSchema = z.array(WarningSchema);

/** The answer of a dry check (`POST /pitches/check`, `POST /subscriptions/check`): nothing is written. */
export const WarningsAnswerSchema = z.strictObject({ warnings: WarningsSchema }).meta({ id: 'WarningsAnswer' });

/** A created pitch or subscription, with what the detector finds about it. */
export const PitchCreatedSchema = PitchSchema.extend({ warnings: WarningsSchema }).meta({ id: 'PitchCreated' });
export const SubscriptionCreatedSchema = SubscriptionSchema.extend({ warnings: WarningsSchema }).meta({
  id: 'SubscriptionCreated',
});

export type Warning = z.infer<typeof WarningSchema>;
export type WarningsAnswer = z.infer<typeof WarningsAnswerSchema>;
