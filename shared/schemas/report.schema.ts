import { z } from 'zod';
import { EventTime, Id, PageQuery, pageOf } from './common.schema.js';
import { Channel } from './interaction.schema.js';
import { MistakeKind, RelationshipStage } from './analytics.schema.js';

/**
 * The weekly referral-partner report (server/reports): what happened in one
 * ISO week of the workspace's time zone, the analysis as of the week's end,
 * and the movement against the last stored report. Stored as this JSON, so
 * next week's deltas are computed against it; rendered to HTML, Markdown and
 * CSV from it alone.
 */

/** An ISO 8601 week, `2026-W48`. */
export const ReportWeek = z
  .string()
  .regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'must be an ISO week such as 2026-W48')
  .meta({ id: 'ReportWeek' });

export const ReportFormat = z.enum(['html', 'md', 'json', 'csv']);

const Instant = z.iso.datetime({ offset: true });
const Day = z.iso.date();
const Score = z.number().min(0).max(100);
const Count = z.number().int().min(0);
const Amounts = z.record(z.string(), z.number());

/** A person named in a report. After erasure: id null, name "(erased)". */
export const ReportPerson = z.strictObject({ personId: Id.nullable(), name: z.string() });

/** A list cut at a few rows; `total` counts them all ("and N more"). */
function capped<T extends z.ZodType>(item: T) {
  return z.strictObject({ items: z.array(item), total: Count });
}

export const ReportPartnerRow = z.strictObject({
  ...ReportPerson.shape,
  rank: z.number().int().min(1),
  score: Score,
  /** From last week's stored report; null without one, or when they were not in its ranking. */
  previousRank: z.number().int().min(1).nullable(),
  previousScore: Score.nullable(),
  /** Places moved up (positive) or down since the last report. */
  rankChange: z.number().int().nullable(),
  scoreChange: z.number().nullable(),
  /** Not in the last report's ranking (false when there is no last report). */
  isNew: z.boolean(),
  strength: Score,
  stage: RelationshipStage,
  /** Change of the strength to me over the week. */
  strengthChange: z.number(),
  referralsGiven: Count,
  referralsReceived: Count,
  introductionsGiven: Count,
  introductionsReceived: Count,
  /** (referrals + introductions received) − (given). */
  balance: z.number().int(),
});

export const ReportFlowRow = z.strictObject({
  kind: z.enum(['referral', 'introduction']),
  direction: z.enum(['given', 'received']),
  date: EventTime,
  recordId: Id,
  /** The other side: whom I referred to or introduced; who referred me or introduced me. */
  with: z.array(ReportPerson),
  /** The prospect of a referral, or the person I was introduced to. */
  about: ReportPerson.nullable(),
  /** open / won / lost, or pending / met / declined. */
  status: z.string(),
  value: z.number().nullable(),
  currency: z.string().nullable(),
});

export const ReportFlowTotals = z.strictObject({
  referralsGiven: Count,
  referralsReceived: Count,
  /** Introductions I made (each joins two people). */
  introductionsGiven: Count,
  /** Introductions made to me. */
  introductionsReceived: Count,
});

export const ReportLedgerRow = z.strictObject({
  ...ReportPerson.shape,
  referralsGiven: Count,
  referralsReceived: Count,
  referralsWonGiven: Count,
  referralsWonReceived: Count,
  valueGiven: Amounts,
  valueReceived: Amounts,
  introductionsGiven: Count,
  introductionsReceived: Count,
  balance: z.number().int(),
  lastGivenAt: Instant.nullable(),
  lastReceivedAt: Instant.nullable(),
});

export const ReportLedgerTotals = ReportLedgerRow.omit({
  personId: true,
  name: true,
  lastGivenAt: true,
  lastReceivedAt: true,
}).extend({
  /** People with anything exchanged with me. */
  partners: Count,
});

export const ReportCoolingRow = z.strictObject({
  ...ReportPerson.shape,
  score: Score,
  /** A week earlier, from the same evidence. */
  previousScore: Score,
  change: z.number(),
  stage: RelationshipStage,
  previousStage: RelationshipStage,
  silenceDays: z.number().nullable(),
  /** The silence exceeds the tie's usual gap several times over. */
  cooling: z.boolean(),
  partnerRank: z.number().int().min(1),
});

export const ReportActionRow = z.strictObject({
  ...ReportPerson.shape,
  priority: Score,
  reason: z.string(),
});

export const ReportMistakeRow = z.strictObject({
  kind: MistakeKind,
  ...ReportPerson.shape,
  /** The pitch or subscription date, as recorded. */
  date: EventTime,
  recordId: Id,
  reasons: z.array(z.string()).min(1),
});

const ChannelCounts = z.record(Channel, Count);

export const ReportWeekActivity = z.strictObject({
  /** People first seen this week (connected, or first on record). */
  newPeople: Count,
  /** Declared ties dated this week. */
  newTies: Count,
  /** People I first had an interaction with this week. */
  firstContacts: Count,
  interactions: Count,
  interactionsByChannel: ChannelCounts,
});

export const ReportEgoNode = z.strictObject({
  ...ReportPerson.shape,
  isMe: z.boolean(),
  /** Strength of the tie to the centre. */
  strength: Score,
  stage: RelationshipStage,
});

export const ReportEgoNetwork = z.strictObject({
  center: z.strictObject({ ...ReportPerson.shape, rank: z.number().int().min(1), score: Score }),
  /** The strongest ties of the centre, strongest first. */
  neighbors: z.array(ReportEgoNode),
  /** Ties among the neighbours shown (indexes into `neighbors`). */
  links: z.array(z.strictObject({ a: z.number().int().min(0), b: z.number().int().min(0), strength: Score })),
  totalNeighbors: Count,
});

const StageCounts = z.record(RelationshipStage, Count);

export const WeeklyReportSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    workspaceId: Id,
    workspaceName: z.string(),
    timeZone: z.string(),
    week: ReportWeek,
    period: z.strictObject({
      /** Monday 00:00 in the time zone, and the next Monday 00:00 (exclusive). */
      start: Instant,
      end: Instant,
      firstDay: Day,
      lastDay: Day,
    }),
    generatedAt: Instant,
    /** The stored report the movement is measured against. */
    comparedWith: ReportWeek.nullable(),
    me: ReportPerson.nullable(),
    /** Set when there is nothing to analyse yet; the sections are then empty. */
    empty: z.strictObject({ reason: z.enum(['no_people', 'no_me']), message: z.string() }).nullable(),
    summary: z.strictObject({
      /** Everyone but me, as of the week's end. */
      people: Count,
      ties: Count,
      interactions: Count,
      analysisMs: z.number().min(0),
    }),
    partners: capped(ReportPartnerRow),
    flows: z.strictObject({ totals: ReportFlowTotals, items: z.array(ReportFlowRow), total: Count }),
    ledger: z.strictObject({ totals: ReportLedgerTotals, items: z.array(ReportLedgerRow), total: Count }),
    cooling: capped(ReportCoolingRow),
    dormant: capped(ReportActionRow),
    nurture: capped(ReportActionRow),
    actions: z.strictObject({
      thank: capped(ReportActionRow),
      reciprocate: capped(ReportActionRow),
      askPermission: capped(ReportActionRow),
      doNotPitchYet: capped(ReportActionRow),
    }),
    mistakes: z.strictObject({
      items: z.array(ReportMistakeRow),
      total: Count,
      byKind: z.record(MistakeKind, Count),
      /** Every mistake on record as of the week's end, this week's included. */
      onRecord: Count,
    }),
    growth: z.strictObject({
      thisWeek: ReportWeekActivity,
      previousWeek: ReportWeekActivity,
    }),
    stages: z.strictObject({ now: StageCounts, weekAgo: StageCounts }),
    egoNetworks: z.array(ReportEgoNetwork),
    /** The partner ranking's head, kept so that next week's report can show movement. */
    ranking: z.array(z.strictObject({ personId: Id, rank: z.number().int().min(1), score: Score })),
  })
  .meta({ id: 'WeeklyReport' });

export const ReportListItem = z.strictObject({ week: ReportWeek, generatedAt: Instant });
export const ReportListQuery = z.strictObject({ ...PageQuery });
export const ReportPage = pageOf(ReportListItem)
  .extend({
    timeZone: z.string(),
    /** The latest week that is over: what a report made now would cover. */
    latestCompleteWeek: ReportWeek,
  })
  .meta({ id: 'ReportPage' });
export const ReportFetchParams = z.strictObject({ week: z.union([ReportWeek, z.literal('latest')]) });
export const ReportFetchQuery = z.strictObject({ format: ReportFormat.default('json') });
export const ReportGenerateBody = z.strictObject({ week: ReportWeek.optional() }).meta({ id: 'ReportGenerate' });

export type ReportWeek = z.infer<typeof ReportWeek>;
export type ReportFormat = z.infer<typeof ReportFormat>;
export type ReportPerson = z.infer<typeof ReportPerson>;
export type ReportPartnerRow = z.infer<typeof ReportPartnerRow>;
export type ReportFlowRow = z.infer<typeof ReportFlowRow>;
export type ReportFlowTotals = z.infer<typeof ReportFlowTotals>;
export type ReportLedgerRow = z.infer<typeof ReportLedgerRow>;
export type ReportLedgerTotals = z.infer<typeof ReportLedgerTotals>;
export type ReportCoolingRow = z.infer<typeof ReportCoolingRow>;
export type ReportActionRow = z.infer<typeof ReportActionRow>;
export type ReportMistakeRow = z.infer<typeof ReportMistakeRow>;
export type ReportWeekActivity = z.infer<typeof ReportWeekActivity>;
export type ReportEgoNode = z.infer<typeof ReportEgoNode>;
export type ReportEgoNetwork = z.infer<typeof ReportEgoNetwork>;
export type WeeklyReport = z.infer<typeof WeeklyReportSchema>;
export type ReportListItem = z.infer<typeof ReportListItem>;
