import { z } from 'zod';
import { Id } from './common.schema.js';
import { Channel } from './interaction.schema.js';

/**
 * Results of the analytics (server/analytics): every score with the factors
 * that make it, so a user can check why. The API serves these and the web
 * client parses them. Times are ISO 8601 instants; scores are 0–100.
 */

export const RelationshipStage = z.enum(['stranger', 'acquaintance', 'contact', 'relationship', 'trusted']);

/** The answer to "how close are you?" (calibration), one per stage from stranger to trusted. */
export const ClosenessRating = z.enum(['distant', 'acquaintance', 'friendly', 'close', 'trusted']);

/** The stage each rating stands for. */
export const RATING_STAGE: Record<z.infer<typeof ClosenessRating>, z.infer<typeof RelationshipStage>> = {
  distant: 'stranger',
  acquaintance: 'acquaintance',
  friendly: 'contact',
  close: 'relationship',
  trusted: 'trusted',
};

const Score = z.number().min(0).max(100);
const Instant = z.iso.datetime({ offset: true });
const Unit = z.number().min(0).max(1);

/** One factor of a score: its value on 0..1, its weight, and the points it adds (100 × weight × value). */
const factor = { value: Unit, weight: z.number().min(0).max(1), points: z.number().min(0).max(100) };

export const StrengthFactorsSchema = z.strictObject({
  intensity: z.strictObject({
    ...factor,
    /** The recent contact: Σ channel weight × group share × 2^(−age/half-life). */
    decayedInteractions: z.number().min(0),
    /** The tie's usual rate: weighted contact per month since the two first appear on record. */
    usualPerMonth: z.number().min(0),
    /** The recent contact pooled with the usual rate (as far as they agree), on the same scale: what the value saturates. */
    pooled: z.number().min(0),
    halfLifeDays: z.number(),
    interactions: z.number().int().min(0),
    byChannel: z.record(Channel, z.number().int().min(0)),
    /** One-sided writing (a newsletter, unanswered outreach) left out, weighted and decayed like the rest. */
    unanswered: z.number().min(0),
    /** Declared colleagues: their contact counts at this share (a shared setting makes meeting often less telling); null otherwise. */
    sharedSetting: z.number().min(0).max(1).nullable(),
  }),
  /**
   * The whole relationship: months with contact, each up to one meeting's worth, decayed with a long
   * half-life; held at `alive`, how far the tie is kept up at its usual rate (its recent contact
   * against what the usual rate would give, at most 1), which also holds duration and favours.
   */
  history: z.strictObject({ ...factor, months: z.number().min(0), halfLifeDays: z.number(), alive: Unit }),
  recency: z.strictObject({ ...factor, lastContact: Instant.nullable(), daysSince: z.number().nullable() }),
  duration: z.strictObject({
    ...factor,
    firstContact: Instant.nullable(),
    days: z.number().nullable(),
    /** The LinkedIn connection's date: a hint of how long they have known each other. */
    connectedSince: Instant.nullable(),
  }),
  reciprocity: z.strictObject({
    ...factor,
    initiatedByA: z.number().int().min(0),
    initiatedByB: z.number().int().min(0),
    unknownInitiator: z.number().int().min(0),
  }),
  structural: z.strictObject({
    ...factor,
    sharedContacts: z.number().int().min(0),
    /** Σ over shared contacts of min(strength to a, strength to b) / 100. */
    weightedShared: z.number().min(0),
  }),
  services: z.strictObject({
    ...factor,
    referralsFromA: z.number().int().min(0),
    referralsFromB: z.number().int().min(0),
    introductionsByA: z.number().int().min(0),
    introductionsByB: z.number().int().min(0),
  }),
});

export const TieStrengthSchema = z
  .strictObject({
    aId: Id,
    bId: Id,
    score: Score,
    stage: RelationshipStage,
    /** The score before any cap. */
    uncappedScore: Score,
    /** Online-only evidence (a LinkedIn connection, likes) scores at most "acquaintance". */
    cap: z.strictObject({ reason: z.literal('online-only'), max: Score }).nullable(),
    /**
     * A declared tie (colleague, family, "knows": any kind but a LinkedIn connection) is the
     * user's word that the two know each other: it scores at least "acquaintance".
     */
    floor: z.strictObject({ reason: z.literal('declared'), min: Score }).nullable(),
    /**
     * "Rated by you": the user's answer to "how close are you?" holds the score
     * within the rated stage's band (min..max), whatever the logs say; null when unrated.
     */
    rating: z
      .strictObject({ rating: ClosenessRating, ratedAt: Instant, evidenceScore: Score, min: Score, max: Score })
      .nullable(),
    /** How much the evidence score stands on: records of the tie, and a confidence records / (records + 5). */
    evidence: z.strictObject({ records: z.number().int().min(0), confidence: Unit }),
    factors: StrengthFactorsSchema,
    trend: z.strictObject({
      days: z.number(),
      previousScore: Score,
      delta: z.number(),
      direction: z.enum(['rising', 'steady', 'falling']),
    }),
    cooling: z.strictObject({
      cooling: z.boolean(),
      silenceDays: z.number().nullable(),
      medianGapDays: z.number().nullable(),
      /** Cooling when the silence exceeds this many times the usual gap. */
      factor: z.number(),
      contacts: z.number().int().min(0),
    }),
  })
  .meta({ id: 'TieStrength' });

/**
 * Every tie of the strength graph without its breakdown (ask for one tie to get
 * it), as columns: tie i joins aId[i] and bId[i]. Columns keep a million ties
 * small.
 */
export const TieColumnsSchema = z
  .strictObject({ aId: z.array(Id), bId: z.array(Id), score: z.array(Score), stage: z.array(RelationshipStage) })
  .refine((t) => t.bId.length === t.aId.length && t.score.length === t.aId.length && t.stage.length === t.aId.length, {
    message: 'tie columns must have the same length',
  })
  .meta({ id: 'TieColumns' });

/** Amounts by ISO 4217 currency; referrals without a currency count under "XXX". */
const Amounts = z.record(z.string(), z.number());

export const LedgerSchema = z
  .strictObject({
    referralsGiven: z.number().int().min(0),
    referralsReceived: z.number().int().min(0),
    referralsWonGiven: z.number().int().min(0),
    referralsWonReceived: z.number().int().min(0),
    valueGiven: Amounts,
    valueReceived: Amounts,
    introductionsGiven: z.number().int().min(0),
    introductionsReceived: z.number().int().min(0),
    lastGivenAt: Instant.nullable(),
    lastReceivedAt: Instant.nullable(),
    /** (referrals + introductions received) − (given). */
    balance: z.number().int(),
  })
  .meta({ id: 'Ledger' });

export const PartnerScoreSchema = z
  .strictObject({
    score: Score,
    rank: z.number().int().min(1),
    parts: z.strictObject({
      flow: z.strictObject({ ...factor, pagerank: z.number().min(0) }),
      ledger: z.strictObject({ ...factor, ledger: LedgerSchema }),
      strength: z.strictObject({ ...factor, strengthToMe: Score }),
      brokerage: z.strictObject({
        ...factor,
        betweenness: z.number().min(0),
        constraint: z.number().min(0).nullable(),
        effectiveSize: z.number().nullable(),
      }),
      reach: z.strictObject({ ...factor, people: z.number().int().min(0), weighted: z.number().min(0) }),
    }),
  })
  .meta({ id: 'PartnerScore' });

export const PersonAnalysisSchema = z
  .strictObject({
    personId: Id,
    name: z.string(),
    organizationId: Id.nullable(),
    strengthToMe: TieStrengthSchema,
    partner: PartnerScoreSchema,
    communityId: z.number().int().nullable(),
  })
  .meta({ id: 'PersonAnalysis' });

/** Evidence values: dates as ISO strings, counts, names, ids. */
const Evidence = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]));

export const RecommendationKind = z.enum([
  'nurture',
  'thank',
  'reciprocate',
  'reconnect',
  'do_not_pitch_yet',
  'ask_permission',
  'warm_introduction',
]);

export const RecommendationSchema = z
  .strictObject({
    kind: RecommendationKind,
    personId: Id,
    /** 0–100: how much it matters now; lists are sorted by it. */
    priority: Score,
    reason: z.string(),
    evidence: Evidence,
  })
  .meta({ id: 'Recommendation' });

export const MistakeKind = z.enum(['early_pitch', 'signed_up_without_permission', 'assumed_closeness']);

export const MistakeSchema = z
  .strictObject({
    kind: MistakeKind,
    personId: Id,
    /** When the mistake was made (the pitch or subscription date). */
    date: Instant,
    /** The pitch or subscription. */
    recordId: Id,
    reasons: z.array(z.string()).min(1),
    evidence: Evidence,
  })
  .meta({ id: 'Mistake' });

export const MailingListExportSchema = z
  .strictObject({
    listId: Id,
    name: z.string(),
    /** Active subscribers whose latest answer for this list (or all lists) is a granted consent. */
    personIds: z.array(Id),
    leftOut: z.number().int().min(0),
    leftOutByReason: z.strictObject({
      no_consent: z.number().int(),
      declined: z.number().int(),
      withdrawn: z.number().int(),
    }),
    leftOutPeople: z.array(z.strictObject({ personId: Id, reason: z.enum(['no_consent', 'declined', 'withdrawn']) })),
  })
  .meta({ id: 'MailingListExport' });

export const CommunitySchema = z.strictObject({
  id: z.number().int(),
  size: z.number().int().min(1),
  /** Members, strongest tie to me first. */
  personIds: z.array(Id),
});

export const CommunitiesSchema = z
  .strictObject({
    count: z.number().int().min(0),
    modularity: z.number(),
    /** Communities of at least `minSize`; smaller ones are counted only. */
    communities: z.array(CommunitySchema),
    minSize: z.number().int(),
    smallCommunities: z.number().int().min(0),
  })
  .meta({ id: 'Communities' });

export const IntroductionHopSchema = z.strictObject({
  fromId: Id,
  toId: Id,
  strength: Score,
  stage: RelationshipStage,
});

export const IntroductionPathSchema = z.strictObject({
  personIds: z.array(Id).min(2),
  hops: z.array(IntroductionHopSchema).min(1),
  /** Π hop strength / 100: the chance-like warmth of the whole chain. */
  warmth: Unit,
});

export const IntroductionPathsSchema = z
  .strictObject({
    targetId: Id,
    targetKind: z.enum(['person', 'organization']),
    paths: z.array(IntroductionPathSchema),
  })
  .meta({ id: 'IntroductionPaths' });

export const BetweennessInfoSchema = z.strictObject({
  mode: z.enum(['exact', 'sampled']),
  sources: z.number().int().min(0),
  errorBound: z.number().min(0),
  confidence: z.number(),
  /** How edges were read: −ln(strength/100), so a strong tie is a short distance. */
  distance: z.literal('-ln(strength/100)'),
});

export const AnalysisResultSchema = z
  .strictObject({
    workspaceId: Id,
    meId: Id,
    /** The instant the analysis describes (its `now`). */
    computedAt: Instant,
    summary: z.strictObject({
      people: z.number().int().min(0),
      ties: z.number().int().min(0),
      interactions: z.number().int().min(0),
      flows: z.number().int().min(0),
      stages: z.record(RelationshipStage, z.number().int().min(0)),
      durationMs: z.number().min(0),
      /** Where PageRank, betweenness and Louvain ran: "in-process", or "Graph Data Science <version>" (Neo4j). */
      algorithms: z.string().optional(),
    }),
    /** Everyone but me, best referral partner first. */
    people: z.array(PersonAnalysisSchema),
    ties: TieColumnsSchema,
    recommendations: z.array(RecommendationSchema),
    mistakes: z.array(MistakeSchema),
    mailingLists: z.array(MailingListExportSchema),
    communities: CommunitiesSchema,
    introductionPaths: z.array(IntroductionPathsSchema),
    betweenness: BetweennessInfoSchema,
    /** The options in force, defaults filled in. */
    options: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AnalysisResult' });

export type RelationshipStage = z.infer<typeof RelationshipStage>;
export type ClosenessRating = z.infer<typeof ClosenessRating>;
export type StrengthFactors = z.infer<typeof StrengthFactorsSchema>;
export type TieStrength = z.infer<typeof TieStrengthSchema>;
export type TieColumns = z.infer<typeof TieColumnsSchema>;
export type Ledger = z.infer<typeof LedgerSchema>;
export type PartnerScore = z.infer<typeof PartnerScoreSchema>;
export type PersonAnalysis = z.infer<typeof PersonAnalysisSchema>;
export type RecommendationKind = z.infer<typeof RecommendationKind>;
export type Recommendation = z.infer<typeof RecommendationSchema>;
export type MistakeKind = z.infer<typeof MistakeKind>;
export type Mistake = z.infer<typeof MistakeSchema>;
export type MailingListExport = z.infer<typeof MailingListExportSchema>;
export type Community = z.infer<typeof CommunitySchema>;
export type Communities = z.infer<typeof CommunitiesSchema>;
export type IntroductionHop = z.infer<typeof IntroductionHopSchema>;
export type IntroductionPath = z.infer<typeof IntroductionPathSchema>;
export type IntroductionPaths = z.infer<typeof IntroductionPathsSchema>;
export type BetweennessInfo = z.infer<typeof BetweennessInfoSchema>;
export type AnalysisResult = z.infer<typeof AnalysisResultSchema>;
