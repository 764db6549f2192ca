/**
 * Relationship stages
 * ===================
 *
 * Five stages on the 0–100 strength scale, from the minimum score of each
 * (configurable): stranger < acquaintance < contact < relationship < trusted.
 * The ladder follows the brief's point that relationships are built over time
 * (and Granovetter's 1973 weak/strong distinction at its two ends).
 */
import type { RelationshipStage } from '../../../shared/index.js';
import { analyticsError, checkNumber } from '../util/analytics-error.js';

export const STAGES: readonly RelationshipStage[] = ['stranger', 'acquaintance', 'contact', 'relationship', 'trusted'];

export type StageThresholds = { acquaintance: number; contact: number; relationship: number; trusted: number };

export const DEFAULTS: StageThresholds = { acquaintance: 15, contact: 30, relationship: 50, trusted: 70 };

export function checkThresholds(origin: string, t: StageThresholds): StageThresholds {
  let previous = 0;
  for (const stage of ['acquaintance', 'contact', 'relationship', 'trusted'] as const) {
    checkNumber(origin, `stages.${stage}`, t[stage], 0, 100);
    if (t[stage] <= previous)
      throw analyticsError(origin, `stage thresholds must rise: stages.${stage} (${t[stage]}) must exceed ${previous}`);
    previous = t[stage];
  }
  return t;
}

export function stageOf(score: number, t: StageThresholds = DEFAULTS): RelationshipStage {
  if (score >= t.trusted) return 'trusted';
  if (score >= t.relationship) return 'relationship';
  if (score >= t.contact) return 'contact';
  if (score >= t.acquaintance) return 'acquaintance';
  return 'stranger';
}

/** 0 for stranger … 4 for trusted, to compare stages. */
export function stageRank(stage: RelationshipStage): number {
  return STAGES.indexOf(stage);
}
