/**
 * What a user could do by hand, per tie to me: the baselines the strength
 * score must beat (issue 14). Each reads the same snapshot the model reads.
 *  - raw count: every logged interaction with them;
 *  - 90-day decayed count: Σ 2^(−age / 90 days) over those interactions;
 *  - recency only: how recently anything was logged with them (none: last);
 *  - days known: since the first thing on record (an interaction, a tie,
 *    a LinkedIn connection, a referral or introduction).
 */
import { eventMs, type WorkspaceSnapshot } from '../../shared/index.js';
import { DAY } from './simulated-world.js';

export type Predictor = 'model' | 'rawCount' | 'decayed90' | 'recency' | 'daysKnown';
export const BASELINES: Exclude<Predictor, 'model'>[] = ['rawCount', 'decayed90', 'recency', 'daysKnown'];
export const LABELS: Record<Predictor, string> = {
  model: 'Nurture strength',
  rawCount: 'raw count',
  decayed90: '90-day decayed count',
  recency: 'recency only',
  daysKnown: 'days known',
};

/** Baseline values for the ties me–ids[k] (higher = closer). */
export function baselineScores(
  snapshot: WorkspaceSnapshot,
  meId: string,
  ids: readonly string[],
  now: number,
): Record<Exclude<Predictor, 'model'>, Float64Array> {
  const at = new Map(ids.map((id, k) => [id, k]));
  const n = ids.length;
  const rawCount = new Float64Array(n);
  const decayed90 = new Float64Array(n);
  const last = new Float64Array(n).fill(-Infinity);
  const first = new Float64Array(n).fill(Infinity);
  const seen = (k: number | undefined, t: number) => {
    if (k === undefined) return;
    if (t < first[k]!) first[k] = t;
  };
  for (const i of snapshot.interactions) {
    if (!i.participantIds.includes(meId)) continue;
    const t = eventMs(i.occurredAt);
    if (t > now) continue;
    for (const p of i.participantIds) {
      const k = at.get(p);
      if (k === undefined) continue;
      rawCount[k]!++;
      decayed90[k]! += 2 ** (-(now - t) / (90 * DAY));
      if (t > last[k]!) last[k] = t;
      seen(k, t);
    }
  }
  for (const p of snapshot.people) if (p.connectedOn) seen(at.get(p.id), eventMs(p.connectedOn));
  for (const t of snapshot.ties) {
    if (!t.since) continue;
    if (t.aId === meId) seen(at.get(t.bId), eventMs(t.since));
    else if (t.bId === meId) seen(at.get(t.aId), eventMs(t.since));
  }
  for (const r of snapshot.referrals) {
    const t = eventMs(r.date);
    if (r.referrerId === meId) seen(at.get(r.recipientId), t);
    else if (r.recipientId === meId) seen(at.get(r.referrerId), t);
  }
  for (const x of snapshot.introductions) {
    if (x.introducerId !== meId) continue;
    const t = eventMs(x.date);
    seen(at.get(x.aId), t);
    seen(at.get(x.bId), t);
  }
  const recency = Float64Array.from(last, (t) => (t === -Infinity ? -1e9 : -(now - t) / DAY));
  const daysKnown = Float64Array.from(first, (t) => (t === Infinity ? 0 : (now - t) / DAY));
  return { rawCount, decayed90, recency, daysKnown };
}
