/**
 * Relationship stages: one definition of their order, the strength (0–100)
 * from which each begins, and the colour each is drawn in, for the server
 * and the web. Colours are Okabe–Ito hues (Okabe & Ito, "Color Universal
 * Design", 2008), cold to warm, that colour-blind readers can tell apart.
 * The thresholds are the analytics' defaults (server/analytics/strength/stage.ts).
 */
import type { RelationshipStage } from '../schemas/analytics.schema.js';

export const STAGE_ORDER: readonly RelationshipStage[] = [
  'stranger',
  'acquaintance',
  'contact',
  'relationship',
  'trusted',
];

/** The lowest strength of each stage above "stranger". */
export const STAGE_THRESHOLDS = { acquaintance: 15, contact: 30, relationship: 50, trusted: 70 } as const;

export const STAGE_COLOURS: Record<RelationshipStage, string> = {
  stranger: '#a3a3a3',
  acquaintance: '#56b4e9',
  contact: '#009e73',
  relationship: '#e69f00',
  trusted: '#d55e00',
};

/** The stage a strength falls in, as its index in STAGE_ORDER (0 stranger … 4 trusted). */
export function stageIndexOfScore(score: number, t: typeof STAGE_THRESHOLDS = STAGE_THRESHOLDS): number {
  return score >= t.trusted
    ? 4
    : score >= t.relationship
      ? 3
      : score >= t.contact
        ? 2
        : score >= t.acquaintance
          ? 1
          : 0;
}

export function stageOfScore(score: number): RelationshipStage {
  return STAGE_ORDER[stageIndexOfScore(score)]!;
}
