/**
 * Mistake 1: pitching early
 * =========================
 *
 * A pitch (Pitch.kind "pitch") is early when, on its date, any of these held:
 *  - the tie was below "relationship" (strength as of that day; trust comes
 *    first — Granovetter 1973, and the brief's first mistake);
 *  - the person had not expressed a need (`needExpressed` false and no
 *    expressed need dated on or before it: the need events, and the need
 *    noted on the person read as one more, shared/domain/expressed-needs.ts);
 *  - it came within `earlyPitchDays` of the first meeting, or with none at all.
 * A pitch the person asked for is not a mistake.
 */
import type { ExpressedNeed, Mistake, AnalysisSnapshot } from '../../../shared/index.js';
import { eventMs, expressedNeeds } from '../../../shared/index.js';
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
  snapshot: AnalysisSnapshot,
  table: StrengthTable,
  options: EarlyPitchOptions = {},
): Mistake[] {
  const o = { ...DEFAULTS, ...options };
  checkNumber(ORIGIN, 'earlyPitchDays', o.earlyPitchDays, 0);
  const people = new Map(snapshot.people.map((p) => [p.id, p]));
  const needs = needsByPerson(snapshot);
  const stages = table.options.stages;
  const found: Mistake[] = [];
  for (const p of snapshot.pitches) {
    if (p.kind !== 'pitch' || p.askedForIt) continue;
    const at = eventMs(p.date);
    const { score, firstContact } = scoreAt(table, p.pitcherId, p.personId, at);
    const stage = stageOf(score, stages);
    const person = people.get(p.personId);
    const needNotedOn = person?.needNotedOn ?? null;
    const expressed = lastNeedBy(needs.get(p.personId), at);
    const needBefore = p.needExpressed || expressed !== null;
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
        needExpressedOn: expressed?.expressedOn ?? null,
      },
    });
  }
  return found;
}

/** Each person's expressed needs (need events and the need noted on the person), oldest first. */
export function needsByPerson(snapshot: AnalysisSnapshot): Map<string, ExpressedNeed[]> {
  const by = new Map<string, ExpressedNeed[]>();
  for (const n of expressedNeeds(snapshot)) {
    let list = by.get(n.personId);
    if (!list) by.set(n.personId, (list = []));
    list.push(n);
  }
  for (const list of by.values())
    list.sort((a, b) => (a.expressedOn < b.expressedOn ? -1 : a.expressedOn > b.expressedOn ? 1 : 0));
  return by;
}

/** The latest need expressed on or before `at`, or null. */
export function lastNeedBy(needs: readonly ExpressedNeed[] | undefined, at: number): ExpressedNeed | null {
  let last: ExpressedNeed | null = null;
  for (const n of needs ?? []) if (eventMs(n.expressedOn) <= at) last = n;
  return last;
}
