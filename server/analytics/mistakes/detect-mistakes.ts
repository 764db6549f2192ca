/**
 * The mistake detector
 * ====================
 *
 * The brief's three mistakes, each finding naming the person, the date and the
 * evidence: early pitches, sign-ups without permission, assumed closeness.
 * One finding per act: a pitch found early is not counted again as assumed
 * closeness. Newest first.
 */
import type { Mistake, AnalysisSnapshot } from '../../../shared/index.js';
import type { StrengthTable } from '../strength/tie-strengths.js';
import { type AssumedClosenessOptions, assumedCloseness } from './assumed-closeness.js';
import { type EarlyPitchOptions, earlyPitches } from './early-pitch.js';
import { signedUpWithoutPermission } from './signed-up-without-permission.js';

export const DEFAULTS = {};

export interface DetectMistakesOptions extends EarlyPitchOptions, AssumedClosenessOptions {
  now: number;
}

export function detectMistakes(
  snapshot: AnalysisSnapshot,
  table: StrengthTable,
  options: DetectMistakesOptions,
): Mistake[] {
  const early = earlyPitches(snapshot, table, options);
  const flagged = new Set(early.map((m) => m.recordId));
  const found = [
    ...early,
    ...signedUpWithoutPermission(snapshot, { now: options.now }),
    ...assumedCloseness(snapshot, table, options).filter((m) => !flagged.has(m.recordId)),
  ];
  return found.sort((x, y) => (x.date < y.date ? 1 : x.date > y.date ? -1 : 0));
}
