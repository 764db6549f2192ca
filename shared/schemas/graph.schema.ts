import { z } from 'zod';
import { Id } from './common.schema.js';
import { PersonSchema } from './person.schema.js';
import { WorkspaceSchema } from './workspace.schema.js';
import { OrganizationSchema } from './organization.schema.js';
import { TieKind, TieSchema } from './tie.schema.js';
import { InteractionSchema } from './interaction.schema.js';
import { IntroductionSchema } from './introduction.schema.js';
import { ReferralSchema } from './referral.schema.js';
import { PitchSchema } from './pitch.schema.js';
import { ConsentSchema, MailingListSchema, SubscriptionSchema } from './consent.schema.js';
import { ExpressedNeedSchema } from './calibration.schema.js';

/** What joins two people in the ego network. */
export const LinkKind = z.enum(['tie', 'interaction', 'introduction', 'referral']);

export const EgoLink = z.strictObject({
  aId: Id,
  bId: Id,
  kinds: z.array(LinkKind),
});

export const EgoQuery = z.strictObject({
  depth: z.coerce.number().int().min(1).max(2).default(1),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

/** A person, their neighbours to `depth`, and the links among them; `capped` when `limit` cut it short. */
export const EgoNetworkSchema = z
  .strictObject({
    center: PersonSchema,
    depth: z.number().int(),
    limit: z.number().int(),
    capped: z.boolean(),
    people: z.array(PersonSchema),
    links: z.array(EgoLink),
  })
  .meta({ id: 'EgoNetwork' });

/** Everything one workspace holds, read at once for the analytics. */
export const WorkspaceSnapshotSchema = z.strictObject({
  workspace: WorkspaceSchema,
  people: z.array(PersonSchema),
  organizations: z.array(OrganizationSchema),
  ties: z.array(TieSchema),
  interactions: z.array(InteractionSchema),
  introductions: z.array(IntroductionSchema),
  referrals: z.array(ReferralSchema),
  pitches: z.array(PitchSchema),
  mailingLists: z.array(MailingListSchema),
  subscriptions: z.array(SubscriptionSchema),
  consents: z.array(ConsentSchema),
  /** Needs people expressed (absent from snapshots made before they were recorded). */
  needs: z.array(ExpressedNeedSchema).optional(),
});

export const HealthSchema = z
  .strictObject({
    status: z.enum(['ok', 'degraded']),
    store: z.enum(['sqlite', 'neo4j']),
    reachable: z.boolean(),
    version: z.string(),
    uptimeSeconds: z.number(),
    gds: z
      .string()
      .nullable()
      .optional()
      .describe('The Graph Data Science version the Neo4j server runs (null: none; absent: not asked, store down)'),
  })
  .meta({ id: 'Health' });

export type LinkKind = z.infer<typeof LinkKind>;
export type EgoLink = z.infer<typeof EgoLink>;
export type EgoQuery = z.infer<typeof EgoQuery>;
export type EgoNetwork = z.infer<typeof EgoNetworkSchema>;
export type WorkspaceSnapshot = z.infer<typeof WorkspaceSnapshotSchema>;
export type Health = z.infer<typeof HealthSchema>;

/** What the analysis reads of a tie: who, which kind, since when (not the record's bookkeeping). */
export type AnalysisTie = Pick<z.infer<typeof TieSchema>, 'id' | 'aId' | 'bId' | 'kind' | 'since'>;
/** What the analysis reads of an interaction: when, how, who took part and who reached out. */
export type AnalysisInteraction = Pick<
  z.infer<typeof InteractionSchema>,
  'id' | 'occurredAt' | 'channel' | 'participantIds' | 'initiatorId'
>;
/**
 * Ties as columns, as a store may give a large workspace's ties to the analysis: tie k is
 * `id[k]`, joins `people[a[k]]` and `people[b[k]]` (indexes into the snapshot's people), is of kind
 * `TieKind.options[kind[k]]`, since `since[k]`. 3,000,000 ties as objects hold about 500 MB of
 * heap, and every garbage collection of the analysis walks them; as columns, their ids and 30 MB.
 */
export interface AnalysisTieColumns {
  readonly count: number;
  readonly id: readonly string[];
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly kind: Uint8Array;
  readonly since: readonly (string | null)[];
}

/**
 * A workspace as the analysis reads it: every record, its ties and
 * interactions without their notes, sources and timestamps. At millions of
 * ties those fields are most of the memory and most of the read; a full
 * WorkspaceSnapshot is one of these too. Ties come as a list or as columns.
 */
export type AnalysisSnapshot = Omit<WorkspaceSnapshot, 'ties' | 'interactions'> & {
  ties: AnalysisTie[] | AnalysisTieColumns;
  interactions: AnalysisInteraction[];
};

export function isTieColumns(ties: AnalysisSnapshot['ties']): ties is AnalysisTieColumns {
  return !Array.isArray(ties);
}

/** The ties of an analysis snapshot as a list, whichever way they came (for small workspaces and tests). */
export function tieList(snapshot: Pick<AnalysisSnapshot, 'ties' | 'people'>): AnalysisTie[] {
  const ties = snapshot.ties;
  if (!isTieColumns(ties)) return ties;
  const out: AnalysisTie[] = new Array(ties.count);
  for (let k = 0; k < ties.count; k++)
    out[k] = {
      id: ties.id[k]!,
      aId: snapshot.people[ties.a[k]!]!.id,
      bId: snapshot.people[ties.b[k]!]!.id,
      kind: TieKind.options[ties.kind[k]!]!,
      since: ties.since[k]!,
    };
  return out;
}
