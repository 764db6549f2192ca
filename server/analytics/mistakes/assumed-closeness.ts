/**
 * Mistake 3: assuming closeness
 * =============================
 *
 * An ask — a pitch, a referral request or an introduction request — made to
 * someone who, on that day, was at "acquaintance" or below: acting as if a
 * relationship existed because of one meeting or an online connection.
 * Strength as of the ask's date (Gilbert & Karahalios 2009 factors, evidence
 * after the ask ignored). Asks the person asked for are not counted.
 */
import type { Mistake, AnalysisSnapshot } from '../../../shared/index.js';
import { eventMs } from '../../../shared/index.js';
import { analyticsError } from '../util/analytics-error.js';
import { isoDay } from '../util/time.js';
import { type StrengthTable, scoreAt } from '../strength/tie-strengths.js';
import { stageOf, stageRank } from '../strength/stage.js';

const ORIGIN = 'mistakes/assumed-closeness';

export const DEFAULTS = {
  /** The highest stage at which an ask is still presumptuous. */
  maxStage: 'acquaintance' as 'stranger' | 'acquaintance' | 'contact',
};

export type AssumedClosenessOptions = Partial<typeof DEFAULTS>;

const ASK = {
  pitch: 'a pitch',
  referral_request: 'a referral request',
  introduction_request: 'an introduction request',
} as const;

export function assumedCloseness(
  snapshot: AnalysisSnapshot,
  table: StrengthTable,
  options: AssumedClosenessOptions = {},
): Mistake[] {
  const o = { ...DEFAULTS, ...options };
  if (!['stranger', 'acquaintance', 'contact'].includes(o.maxStage)) {
    throw analyticsError(
      ORIGIN,
      `option "maxStage" must be stranger, acquaintance or contact (got ${String(o.maxStage)})`,
    );
  }
  const found: Mistake[] = [];
  for (const p of snapshot.pitches) {
    if (p.askedForIt) continue;
    const at = eventMs(p.date);
    const { score, firstContact, lastContact } = scoreAt(table, p.pitcherId, p.personId, at);
    const stage = stageOf(score, table.options.stages);
    if (stageRank(stage) > stageRank(o.maxStage)) continue;
    found.push({
      kind: 'assumed_closeness',
      personId: p.personId,
      date: new Date(at).toISOString(),
      recordId: p.id,
      reasons: [
        `${ASK[p.kind]} on ${isoDay(at)} to someone at "${stage}" (strength ${score.toFixed(1)}): no relationship to draw on yet`,
      ],
      evidence: {
        pitchId: p.id,
        kind: p.kind,
        pitcherId: p.pitcherId,
        stageAtAsk: stage,
        strengthAtAsk: score,
        firstContact: firstContact === null ? null : new Date(firstContact).toISOString(),
        lastContactBefore: lastContact === null ? null : new Date(lastContact).toISOString(),
      },
    });
  }
  return found;
}
