/**
 * Mistake 1: pitching early
 * =========================
 *
 * A pitch (Pitch.kind "pitch") is early when, on its date, any of these held:
 *  - the tie was below "relationship" (strength as of that day; trust comes
 *    first — Granovetter 1973, and the brief's first mistake);
 *  - the person had not expressed a need (`needExpressed` false and no need
 *    noted on or before the pitch);
 *  - it came within `earlyPitchDays` of the first meeting, or with none at all.
 * A pitch the person asked for is not a mistake.
 */
import type { Mistake, WorkspaceSnapshot } from '../../../shared/index.js';
import { eventMs } from '../../../shared/index.js';
import { checkNumber } from '../util/analytics-error.js';
import { DAY_MS, isoDay } from '../util/time.js';
import { type StrengthTable, scoreAt } from '../strength/tie-strengths.js';
import { stageOf, stageRank } from '../strength/stage.js';

const ORIGIN = 'mistakes/early-pitch';

export const DEFAULTS = {
  earlyPitchDays: 30,
};

export type EarlyPitchOptions = Partial<typeof DEFAULTS>;

export function earlyPitches(
  snapshot: WorkspaceSnapshot,
  table: StrengthTable,
  options: EarlyPitchOptions = {},
): Mistake[] {
  const o = { ...DEFAULTS, ...options };
  checkNumber(ORIGIN, 'earlyPitchDays', o.earlyPitchDays, 0);
  const people = new Map(snapshot.people.map((p) => [p.id, p]));
  const stages = table.options.stages;
  const found: Mistake[] = [];
  for (const p of snapshot.pitches) {
    if (p.kind !== 'pitch' || p.askedForIt) continue;
    const at = eventMs(p.date);
    const { score, firstContact } = scoreAt(table, p.pitcherId, p.personId, at);
    const stage = stageOf(score, stages);
    const person = people.get(p.personId);
    const needNotedOn = person?.needNotedOn ?? null;
    const needBefore = p.needExpressed || (needNotedOn !== null && eventMs(needNotedOn) <= at);
    const daysKnown = firstContact === null ? null : (at - firstContact) / DAY_MS;
    const reasons: string[] = [];
    if (stageRank(stage) < stageRank('relationship')) {
      reasons.push(
        `on ${isoDay(at)} the tie was "${stage}" (strength ${score.toFixed(1)}); pitch at "relationship" (${stages.relationship}) or above`,
      );
    }
    if (!needBefore) reasons.push('no need had been expressed before the pitch');
    if (daysKnown === null) reasons.push('no meeting with them is on record before the pitch');
    else if (daysKnown < o.earlyPitchDays)
      reasons.push(`pitched ${Math.floor(daysKnown)} days after first meeting (less than ${o.earlyPitchDays})`);
    if (reasons.length === 0) continue;
    found.push({
      kind: 'early_pitch',
      personId: p.personId,
      date: new Date(at).toISOString(),
      recordId: p.id,
      reasons,
      evidence: {
        pitchId: p.id,
        pitcherId: p.pitcherId,
        offer: p.offer,
        stageAtPitch: stage,
        strengthAtPitch: score,
        firstContact: firstContact === null ? null : new Date(firstContact).toISOString(),
        daysSinceFirstContact: daysKnown,
        needExpressed: p.needExpressed,
        needNotedOn,
      },
    });
  }
  return found;
}
