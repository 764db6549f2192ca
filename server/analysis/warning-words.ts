/**
 * A finding of the mistake detector said in plain words, for the person
 * about to make the mistake: who, how well they know them (how often, how
 * long ago), and what the act would be. No scores: stages and dates.
 */
import type { Mistake, Warning } from '../../shared/index.js';
import { ago, article, eventMs, times } from '../../shared/index.js';
import type { TieAtAct } from '../analytics/mistakes/mistakes-of-act.js';

const DAY = 86_400_000;

const ASK: Record<string, string> = {
  pitch: 'pitching',
  referral_request: 'asking for a referral',
  introduction_request: 'asking for an introduction',
};

export interface WarningFacts {
  name: string;
  /** The tie as it stood at the act (pitches and asks). */
  tie: TieAtAct | null;
  listName?: string | null;
  now: number;
}

function longDay(iso: string): string {
  return new Date(eventMs(iso.length > 10 ? iso : iso.slice(0, 10))).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** "you have met once, 8 months ago", "you have been in touch 3 times (met once), last 2 weeks ago". */
export function contactInWords(tie: TieAtAct | null, now: number): string {
  if (!tie || tie.interactions === 0 || tie.lastContact === null) return 'you have never met or talked';
  const last = ago(Date.parse(tie.lastContact), now);
  const first =
    tie.firstContact && tie.interactions > 1 && now - Date.parse(tie.firstContact) < 60 * DAY
      ? `; you first met ${ago(Date.parse(tie.firstContact), now)}`
      : '';
  if (tie.meetings === tie.interactions)
    return `you have met ${times(tie.meetings)}, ${tie.interactions === 1 ? '' : 'last '}${last}${first}`;
  const met = tie.meetings === 0 ? 'never met' : `met ${times(tie.meetings)}`;
  return `you have been in touch ${times(tie.interactions)} (${met}), ${tie.interactions === 1 ? '' : 'last '}${last}${first}`;
}

export function warningOf(m: Mistake, f: WarningFacts): Warning {
  const e = m.evidence;
  const recent = f.now - Date.parse(m.date) < 2 * DAY;
  let message: string;
  if (m.kind === 'signed_up_without_permission') {
    const list = f.listName ? `“${f.listName}”` : 'your list';
    const then = typeof e.consentAtSignup === 'string' ? e.consentAtSignup : null;
    const today = typeof e.consentToday === 'string' ? e.consentToday : null;
    const answer = then ?? today;
    if (answer?.startsWith('declined') || answer?.startsWith('withdrawn')) {
      const [status, , day] = answer.split(' ');
      message = `${f.name} ${status === 'declined' ? 'said no' : 'withdrew their yes'} to ${list} on ${longDay(day ?? '')}. A no means no: adding them is signing up without permission.`;
    } else {
      message = `${f.name} has not said yes to ${list}: no answer is on record${then === null && today ? ' from before that day' : ''}. Adding them is signing up without permission; ask first and record their answer.`;
    }
  } else {
    const stage = String(m.kind === 'early_pitch' ? e.stageAtPitch : e.stageAtAsk);
    const act = ASK[String(e.kind ?? 'pitch')] ?? 'pitching';
    const who = `${f.name} is ${article(stage)} ${stage}: ${contactInWords(f.tie, Date.parse(m.date))}.`;
    const when = recent ? 'now' : `on ${longDay(m.date)}`;
    const Act = act[0]!.toUpperCase() + act.slice(1);
    if (m.kind === 'early_pitch') {
      const need = e.needExpressed === true || e.needExpressedOn ? '' : ' They have not told you they need it.';
      message = `${who}${need} ${Act} ${when} is an early pitch: build the relationship first.`;
    } else {
      message = `${who} ${Act} ${when} assumes a closeness that is not there yet.`;
    }
  }
  return { kind: m.kind, message, evidence: e };
}
