/**
 * Calibration by the user: "how close are you?" ratings, the factor weights
 * fitted to them, and how well the score agrees with them; and expressed
 * needs (a person said what they need, on a day).
 */
import { z } from 'zod';
import { Id, IsoDate, PageQuery, ShortText, Timestamp } from './common.schema.js';
import { ClosenessRating, RelationshipStage } from './analytics.schema.js';

export const RatingSchema = z
  .strictObject({
    personId: Id,
    rating: ClosenessRating,
    ratedAt: Timestamp,
    /** The user who rated, when known. */
    ratedBy: Id.nullable(),
  })
  .meta({ id: 'Rating' });

export const RatingPut = z.strictObject({ rating: ClosenessRating }).meta({ id: 'RatingPut' });

export const FactorWeightsSchema = z
  .strictObject({
    intensity: z.number().min(0).max(1),
    history: z.number().min(0).max(1),
    recency: z.number().min(0).max(1),
    duration: z.number().min(0).max(1),
    reciprocity: z.number().min(0).max(1),
    structural: z.number().min(0).max(1),
    services: z.number().min(0).max(1),
  })
  .meta({ id: 'FactorWeights' });

/** How well scores agree with the ratings (held-out ratings when cross-validated). */
export const AgreementSchema = z.strictObject({
  /** Share of rated ties on the right side of strong (close, trusted) vs weak. */
  strongWeak: z.number().min(0).max(1).nullable(),
  /** Spearman's ρ between scores and ratings. */
  spearman: z.number().min(-1).max(1).nullable(),
  /** Share of rated ties whose stage equals the rating's. */
  stage: z.number().min(0).max(1).nullable(),
});

export const CalibrationSchema = z
  .strictObject({
    ratings: z.number().int().min(0),
    /** Ratings needed before weights are fitted at all. */
    minRatings: z.number().int(),
    inForce: z.enum(['defaults', 'fitted']),
    weights: FactorWeightsSchema,
    defaults: FactorWeightsSchema,
    /** The last fit, whether or not it is in force; null before the first. */
    fitted: FactorWeightsSchema.nullable(),
    fittedAt: Timestamp.nullable(),
    /** Cross-validated agreement with held-out ratings: the defaults' and the fitted weights'. */
    agreement: z.strictObject({
      defaults: AgreementSchema,
      fitted: AgreementSchema.nullable(),
      folds: z.number().int(),
    }),
    /** Gilbert & Karahalios (CHI 2009): about 85% strong/weak accuracy against people's own ratings. */
    reference: z.strictObject({ strongWeak: z.number(), source: z.string() }),
    why: z.string(),
  })
  .meta({ id: 'Calibration' });

/** Someone to ask "how close are you?" next, and why they were picked. */
export const CalibrationCandidateSchema = z
  .strictObject({
    personId: Id,
    name: z.string(),
    score: z.number().min(0).max(100),
    stage: RelationshipStage,
    /** Why this person: the stage they fill, or where their evidence disagrees. */
    reason: z.string(),
  })
  .meta({ id: 'CalibrationCandidate' });

export const CalibrationCandidatesSchema = z
  .strictObject({ items: z.array(CalibrationCandidateSchema), rated: z.number().int().min(0) })
  .meta({ id: 'CalibrationCandidates' });

export const CandidateQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(50).default(20) });

/** A person expressed a need ("looking for a bookkeeper"), on a day. */
const needFields = {
  personId: Id,
  expressedOn: IsoDate,
  note: ShortText.min(1),
};

export const ExpressedNeedSchema = z
  .strictObject({ id: Id, createdAt: Timestamp, ...needFields })
  .meta({ id: 'ExpressedNeed' });
export const ExpressedNeedCreate = z.strictObject(needFields).meta({ id: 'ExpressedNeedCreate' });
export const NeedQuery = z.strictObject({ ...PageQuery, personId: Id.optional() });

export type Rating = z.infer<typeof RatingSchema>;
export type RatingPut = z.infer<typeof RatingPut>;
export type FactorWeights = z.infer<typeof FactorWeightsSchema>;
export type Agreement = z.infer<typeof AgreementSchema>;
export type Calibration = z.infer<typeof CalibrationSchema>;
export type CalibrationCandidate = z.infer<typeof CalibrationCandidateSchema>;
export type ExpressedNeed = z.infer<typeof ExpressedNeedSchema>;
export type ExpressedNeedCreate = z.infer<typeof ExpressedNeedCreate>;
export type NeedQuery = z.infer<typeof NeedQuery>;
