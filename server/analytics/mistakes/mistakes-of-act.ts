/**
 * The mistake detector on one act before it is recorded
 * =====================================================
 *
 * The same three rules as detect-mistakes (early pitch, sign-up without
 * permission, assumed closeness), asked of one pitch, ask or subscription
 * against the analysed workspace, so a user is warned before saving. One
 * finding per act: a pitch that is early is not also reported as assumed
 * closeness (the early pitch says more: no need, too soon).
 */
import type { Mistake, Pitch, RelationshipStage, Subscription, AnalysisSnapshot } from '../../../shared/index.js';
import { eventMs } from '../../../shared/index.js';
import { CHANNELS } from '../graph/evidence-store.js';
import { type StrengthTable, pairIndex, scoreAt } from '../strength/tie-strengths.js';
import { stageOf } from '../strength/stage.js';
import { type AssumedClosenessOptions, assumedCloseness } from './assumed-closeness.js';
import { type EarlyPitchOptions, earlyPitches } from './early-pitch.js';
import { signedUpWithoutPermission } from './signed-up-without-permission.js';

export type Act = { kind: 'pitch'; pitch: Pitch } | { kind: 'subscription'; subscription: Subscription };

/** What the user knows of the tie at the act: how often and when they were in touch before it. */
export interface TieAtAct {
  score: number;
  stage: RelationshipStage;
  /** Interactions between the two on or before the act. */
  interactions: number;
  /** Of those, meetings (in person, video, an event). */
  meetings: number;
  firstContact: string | null;
  lastContact: string | null;
}

export interface ActFindings {
  mistake: Mistake | null;
  tie: TieAtAct | null;
}

const MEETINGS = new Set(['in_person', 'video', 'event']);
const NO_PITCHES = { pitches: [] as Pitch[], subscriptions: [] as Subscription[] };

export function mistakesOfAct(
  snapshot: AnalysisSnapshot,
  table: StrengthTable,
  act: Act,
  options: EarlyPitchOptions & AssumedClosenessOptions & { now: number },
): ActFindings {
  if (act.kind === 'subscription') {
    const found = signedUpWithoutPermission(
      { ...snapshot, ...NO_PITCHES, subscriptions: [act.subscription] },
      { now: options.now },
    );
    return { mistake: found[0] ?? null, tie: null };
  }
  const p = act.pitch;
  const only = { ...snapshot, ...NO_PITCHES, pitches: [p] };
  const mistake = earlyPitches(only, table, options)[0] ?? assumedCloseness(only, table, options)[0] ?? null;
  const at = eventMs(p.date);
  const s = scoreAt(table, p.pitcherId, p.personId, at);
  // The pair's interactions (groups included) from the evidence store: the analysis state keeps no list of them.
  let interactions = 0;
  let meetings = 0;
  const k = pairIndex(table, p.pitcherId, p.personId);
  const { iOff, iAt, iChannel } = table.store;
  if (k >= 0)
    for (let x = iOff[k]!; x < iOff[k + 1]!; x++) {
      if (iAt[x]! > at) continue;
      interactions++;
      if (MEETINGS.has(CHANNELS[iChannel[x]!]!)) meetings++;
    }
  return {
    mistake,
    tie: {
      score: s.score,
      stage: stageOf(s.score, table.options.stages),
      interactions,
      meetings,
      firstContact: s.firstContact === null ? null : new Date(s.firstContact).toISOString(),
      lastContact: s.lastContact === null ? null : new Date(s.lastContact).toISOString(),
    },
  };
}
