/**
 * The whole network as the graph explorer draws it: people and ties as
 * columns (one array per field, row i of each describes the same person or
 * tie), so thirty thousand people and their ties stay a few megabytes and
 * parse quickly. Ties name people by their row in `people`.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.schema.js';
import { RelationshipStage } from './analytics.schema.js';

const Score = z.number().min(0).max(100);
const Row = z.number().int().min(0);

export const GraphViewQuery = z.strictObject({
  /** Leave out ties weaker than this (0–100); ties to me are always kept so nobody floats free. */
  minStrength: z.coerce.number().min(0).max(100).default(0),
});

export const GraphPeopleColumnsSchema = z.strictObject({
  id: z.array(Id),
  name: z.array(z.string()),
  company: z.array(z.string().nullable()),
  position: z.array(z.string().nullable()),
  tags: z.array(z.array(z.string())),
  /** Stage and strength of the tie to me (null on my own row). */
  stage: z.array(RelationshipStage.nullable()),
  strength: z.array(Score.nullable()),
  /** Referral-partner score and rank (null on my own row). */
  partnerScore: z.array(Score.nullable()),
  rank: z.array(z.number().int().min(1).nullable()),
  communityId: z.array(z.number().int().nullable()),
  /** The tie to me is cooling (silence well beyond its usual rhythm). */
  cooling: z.array(z.boolean()),
});

export const GraphTieColumnsSchema = z.strictObject({
  a: z.array(Row),
  b: z.array(Row),
  score: z.array(Score),
  /** Only online evidence joins them (a LinkedIn connection, likes): a hint, not a relationship. */
  onlineOnly: z.array(z.boolean()),
});

export const GraphViewSchema = z
  .strictObject({
    computedAt: Timestamp,
    stale: z.boolean(),
    /** My row in `people`. */
    meIndex: Row,
    people: GraphPeopleColumnsSchema,
    ties: GraphTieColumnsSchema,
    /** Communities of at least the analysis' minimum size, largest first; smaller ones are counted only. */
    communities: z.array(z.strictObject({ id: z.number().int(), size: z.number().int().min(1) })),
    smallCommunities: z.number().int().min(0),
  })
  .superRefine((g, ctx) => {
    const n = g.people.id.length;
    for (const [key, column] of Object.entries(g.people)) {
      if (column.length !== n)
        ctx.addIssue({ code: 'custom', path: ['people', key], message: `has ${column.length} rows, id has ${n}` });
    }
    const m = g.ties.a.length;
    for (const [key, column] of Object.entries(g.ties)) {
      if (column.length !== m)
        ctx.addIssue({ code: 'custom', path: ['ties', key], message: `has ${column.length} rows, a has ${m}` });
    }
    if (g.meIndex >= n) ctx.addIssue({ code: 'custom', path: ['meIndex'], message: 'is not a row of people' });
    for (let k = 0; k < m; k++) {
      if (g.ties.a[k]! >= n || g.ties.b[k]! >= n) {
        ctx.addIssue({ code: 'custom', path: ['ties', k], message: 'names a row outside people' });
        break;
      }
    }
  })
  .meta({ id: 'GraphView' });

export type GraphViewQuery = z.infer<typeof GraphViewQuery>;
export type GraphPeopleColumns = z.infer<typeof GraphPeopleColumnsSchema>;
export type GraphTieColumns = z.infer<typeof GraphTieColumnsSchema>;
export type GraphView = z.infer<typeof GraphViewSchema>;
