/**
 * What the analytics API answers: slices of the cached analysis, each saying
 * when it was computed and whether a newer one is on its way.
 */
import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.schema.js';
import {
  AnalysisResultSchema,
  CommunitiesSchema,
  IntroductionPathsSchema,
  MailingListExportSchema,
  MistakeKind,
  MistakeSchema,
  PersonAnalysisSchema,
  RecommendationKind,
  RecommendationSchema,
  RelationshipStage,
  TieStrengthSchema,
} from './analytics.schema.js';

const Freshness = {
  /** The instant the analysis describes. */
  computedAt: Timestamp,
  /** True when data changed since: a recomputation is running and the next answer will be newer. */
  stale: z.boolean(),
};

export const AnalyticsStatusSchema = z
  .strictObject({
    computedAt: Timestamp.nullable(),
    stale: z.boolean(),
    computing: z.boolean(),
    lastError: z.string().nullable(),
    summary: AnalysisResultSchema.shape.summary.nullable(),
  })
  .meta({ id: 'AnalyticsStatus' });

export const PartnerSort = z.enum(['score', 'strength', 'flow', 'ledger', 'brokerage', 'reach', 'name']);
export const PartnerQuery = z.strictObject({
  ...PageQuery,
  sort: PartnerSort.default('score'),
  order: z.enum(['asc', 'desc']).default('desc'),
  stage: RelationshipStage.optional(),
  communityId: z.coerce.number().int().optional(),
  q: z.string().trim().min(1).max(200).optional(),
});
export const PartnerPageSchema = z
  .strictObject({
    ...Freshness,
    items: z.array(PersonAnalysisSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .meta({ id: 'PartnerPage' });

export const PersonInsightSchema = z
  .strictObject({
    ...Freshness,
    person: PersonAnalysisSchema,
    recommendations: z.array(RecommendationSchema),
    mistakes: z.array(MistakeSchema),
  })
  .meta({ id: 'PersonInsight' });

export const StrengthQuery = z.strictObject({ personId: Id, otherId: Id.optional() });
export const StrengthAnswerSchema = z
  .strictObject({ ...Freshness, tie: TieStrengthSchema })
  .meta({ id: 'StrengthAnswer' });

export const RecommendationQuery = z.strictObject({
  ...PageQuery,
  kind: RecommendationKind.optional(),
  personId: Id.optional(),
});
export const RecommendationPageSchema = z
  .strictObject({
    ...Freshness,
    items: z.array(RecommendationSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .meta({ id: 'RecommendationPage' });

export const MistakeQuery = z.strictObject({ ...PageQuery, kind: MistakeKind.optional(), personId: Id.optional() });
export const MistakePageSchema = z
  .strictObject({
    ...Freshness,
    items: z.array(MistakeSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .meta({ id: 'MistakePage' });

export const PathsQuery = z
  .strictObject({ personId: Id.optional(), organizationId: Id.optional() })
  .refine((q) => (q.personId === undefined) !== (q.organizationId === undefined), {
    message: 'give exactly one of personId and organizationId',
    path: ['personId'],
  });
export const PathsAnswerSchema = z
  .strictObject({ ...Freshness, ...IntroductionPathsSchema.shape })
  .meta({ id: 'PathsAnswer' });

export const CommunitiesAnswerSchema = z
  .strictObject({ ...Freshness, ...CommunitiesSchema.shape })
  .meta({ id: 'CommunitiesAnswer' });

export const ScoresExportQuery = z.strictObject({ format: z.enum(['json', 'csv']).default('json') });

export const MailingListExportAnswerSchema = z
  .strictObject({ ...Freshness, ...MailingListExportSchema.shape })
  .meta({ id: 'MailingListExportAnswer' });

export const WhoKnowsQuery = z.strictObject({ organizationId: Id });
export const WhoKnowsAnswerSchema = z
  .strictObject({
    ...Freshness,
    organizationId: Id,
    /** Each member's ties to people at the organisation, strongest first. */
    ties: z.array(
      z.strictObject({
        memberUserId: Id,
        memberName: z.string(),
        memberPersonId: Id,
        personId: Id,
        name: z.string(),
        score: z.number(),
        stage: RelationshipStage,
      }),
    ),
  })
  .meta({ id: 'WhoKnowsAnswer' });

export type AnalyticsStatus = z.infer<typeof AnalyticsStatusSchema>;
export type PartnerQuery = z.infer<typeof PartnerQuery>;
export type PartnerPage = z.infer<typeof PartnerPageSchema>;
export type PersonInsight = z.infer<typeof PersonInsightSchema>;
