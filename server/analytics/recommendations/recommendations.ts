/**
 * Recommendations, each with a reason
 * ===================================
 *
 * Rules over the explained scores, so every suggestion can be checked:
 *  - nurture: partner score ≥ nurtureMinPartnerScore and the tie is cooling or
 *    below "relationship" (and not yet dormant);
 *  - thank: a referral received within thankWindowDays and no contact since;
 *  - reciprocate: favours received exceed favours given by reciprocateMinSurplus
 *    (Gouldner's norm of reciprocity, ASR 1960);
 *  - reconnect: silent for dormantDays although the tie was at "relationship" or
 *    above at the last contact (dormant ties are worth reviving: Levin, Walter &
 *    Murnighan, "Dormant ties", Organization Science 2011);
 *  - do not pitch yet: met or in touch within doNotPitchWindowDays, below
 *    "relationship", no need noted or expressed (an expressed-need event);
 *  - ask permission: an active subscription with no recorded answer;
 *  - warm introduction: the warmest path to each requested target.
 * Sorted by priority (0–100), highest first.
 */
import type {
  IntroductionPaths,
  PartnerScore,
  Recommendation,
  TieStrength,
  AnalysisSnapshot,
} from '../../../shared/index.js';
import { checkNumber } from '../util/analytics-error.js';
import { DAY_MS, isoDay } from '../util/time.js';
import type { LedgerEntry } from '../partner/ledger.js';
import { consentInForce, consentsByPerson } from '../consent/consent-gated-export.js';
import { SOCIAL } from '../graph/evidence-store.js';
import { type StrengthTable, pairIndex, scoreAt } from '../strength/tie-strengths.js';
import { stageOf, stageRank } from '../strength/stage.js';
import { lastNeedBy, needsByPerson } from '../mistakes/early-pitch.js';

const ORIGIN = 'recommendations/recommendations';

export const DEFAULTS = {
  nurtureMinPartnerScore: 25,
  dormantDays: 180,
  thankWindowDays: 365,
  reciprocateMinSurplus: 2,
  doNotPitchWindowDays: 90,
};

export type RecommendationOptions = Partial<typeof DEFAULTS>;

export interface PersonFacts {
  personId: string;
  name: string;
  strengthToMe: TieStrength;
  partner: PartnerScore;
  ledger: LedgerEntry;
}

export interface RecommendationInputs {
  snapshot: AnalysisSnapshot;
  meId: string;
  now: number;
  table: StrengthTable;
  /** Everyone but me, in the snapshot's order (any iterable: a large analysis explains them one at a time). */
  people: Iterable<PersonFacts>;
  introductionPaths: readonly IntroductionPaths[];
}

const day = (iso: string | null): string | null => (iso === null ? null : iso.slice(0, 10));
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function base(f: PersonFacts) {
  const s = f.strengthToMe;
  return { personId: f.personId, strength: s.score, stage: s.stage, lastContact: s.factors.recency.lastContact };
}

function within(now: number, iso: string | null, windowMs: number): boolean {
  return iso !== null && now - Date.parse(iso) <= windowMs;
}

/**
 * What of a person's tie to me could make `recommend` say anything about them: a contact on record
 * (reconnect; do not pitch yet), or a first contact within the do-not-pitch window (the contacts in
 * ms, NaN for none, as the tie's explanation dates them). With `mayRecommend`, a necessary condition
 * of every per-person rule below: keep the three in step.
 */
export function tieMayBeRecommended(
  lastContact: number,
  firstContact: number,
  now: number,
  options: RecommendationOptions = {},
): boolean {
  const o = { ...DEFAULTS, ...options };
  return !Number.isNaN(lastContact) || now - firstContact <= o.doNotPitchWindowDays * DAY_MS;
}

/**
 * Whether `recommend` could say anything about a person: their tie (tieMayBeRecommended), a partner
 * score high enough to nurture, a referral to thank for, or a surplus to reciprocate. An analysis of
 * a million people explains again only those who pass it.
 */
export function mayRecommend(
  tieMay: boolean,
  partnerScore: number,
  ledger: LedgerEntry,
  options: RecommendationOptions = {},
): boolean {
  const o = { ...DEFAULTS, ...options };
  return (
    tieMay ||
    partnerScore >= o.nurtureMinPartnerScore ||
    ledger.lastReferralReceived !== null ||
    ledger.ledger.balance >= o.reciprocateMinSurplus
  );
}

export function recommend(inputs: RecommendationInputs, options: RecommendationOptions = {}): Recommendation[] {
  const o = { ...DEFAULTS, ...options };
  for (const k of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) checkNumber(ORIGIN, k, o[k], 0);
  const { snapshot, meId, now, table } = inputs;
  const stages = table.options.stages;
  const relationship = stageRank('relationship');
  const needs = needsByPerson(snapshot);
  const names = new Map(snapshot.people.map((p) => [p.id, p.name]));
  for (const org of snapshot.organizations) names.set(org.id, org.name);
  const out: Recommendation[] = [];

  for (const f of inputs.people) {
    const s = f.strengthToMe;
    const silence = s.cooling.silenceDays;
    const dormant = silence !== null && silence >= o.dormantDays;
    const below = stageRank(s.stage) < relationship;

    if (f.partner.score >= o.nurtureMinPartnerScore && !dormant && (s.cooling.cooling || below)) {
      const why = s.cooling.cooling
        ? `no contact for ${Math.round(silence!)} days, more than ${s.cooling.factor}× your usual ${s.cooling.medianGapDays}-day gap`
        : `the tie is still "${s.stage}" (strength ${s.score.toFixed(1)})`;
      out.push({
        kind: 'nurture',
        personId: f.personId,
        priority: f.partner.score,
        reason: `${f.name} is referral partner #${f.partner.rank} (score ${f.partner.score.toFixed(1)}), but ${why}: get in touch this week.`,
        evidence: {
          ...base(f),
          partnerScore: f.partner.score,
          partnerRank: f.partner.rank,
          cooling: s.cooling.cooling,
          medianGapDays: s.cooling.medianGapDays,
          silenceDays: silence,
        },
      });
    }

    const r = f.ledger.lastReferralReceived;
    if (r && now - r.at <= o.thankWindowDays * DAY_MS) {
      const k = pairIndex(table, meId, f.personId);
      const st = table.store;
      let since = 0;
      if (k >= 0)
        for (let i = st.iOff[k]!; i < st.iOff[k + 1]!; i++) if (st.iAt[i]! > r.at && st.iChannel[i] !== SOCIAL) since++;
      if (since === 0) {
        const value = r.value !== null ? `, ${r.value.toLocaleString('en')} ${r.currency ?? ''}`.trimEnd() : '';
        out.push({
          kind: 'thank',
          personId: f.personId,
          priority: r.status === 'won' ? 85 : 70,
          reason: `${f.name} referred ${r.prospect ? `${r.prospect} ` : 'a client '}to you on ${isoDay(r.at)} (${r.status}${value}); nothing is logged with them since: say thank you.`,
          evidence: {
            ...base(f),
            referralId: r.id,
            referredOn: isoDay(r.at),
            status: r.status,
            value: r.value,
            currency: r.currency,
            interactionsSince: 0,
          },
        });
      }
    }

    const l = f.ledger.ledger;
    if (l.balance >= o.reciprocateMinSurplus) {
      out.push({
        kind: 'reciprocate',
        personId: f.personId,
        priority: Math.min(100, 50 + 10 * l.balance),
        reason: `${f.name} has sent you ${plural(l.referralsReceived, 'referral')} and ${plural(l.introductionsReceived, 'introduction')}; you have sent ${plural(l.referralsGiven, 'referral')} and ${plural(l.introductionsGiven, 'introduction')} back: look for one to give.`,
        evidence: {
          ...base(f),
          referralsReceived: l.referralsReceived,
          introductionsReceived: l.introductionsReceived,
          referralsGiven: l.referralsGiven,
          introductionsGiven: l.introductionsGiven,
          balance: l.balance,
          lastReceivedAt: l.lastReceivedAt,
          lastGivenAt: l.lastGivenAt,
        },
      });
    }

    if (dormant && s.factors.recency.lastContact) {
      const lastAt = Date.parse(s.factors.recency.lastContact);
      const then = scoreAt(table, meId, f.personId, lastAt).score;
      if (then >= stages.relationship) {
        out.push({
          kind: 'reconnect',
          personId: f.personId,
          priority: then,
          reason: `${f.name} was a "${stageOf(then, stages)}" tie (strength ${then.toFixed(1)}) at your last contact on ${day(s.factors.recency.lastContact)}, ${Math.round(silence!)} days ago: reconnect before it is lost.`,
          evidence: {
            ...base(f),
            strengthAtLastContact: then,
            stageAtLastContact: stageOf(then, stages),
            silenceDays: silence,
          },
        });
      }
    }

    const first = s.factors.duration.firstContact;
    const window = o.doNotPitchWindowDays * DAY_MS;
    if (
      below &&
      lastNeedBy(needs.get(f.personId), now) === null &&
      (within(now, s.factors.recency.lastContact, window) || within(now, first, window))
    ) {
      out.push({
        kind: 'do_not_pitch_yet',
        personId: f.personId,
        priority: 40 + (s.score / stages.relationship) * 20,
        reason: `You are in touch with ${f.name} (first contact ${day(first)}), but the tie is "${s.stage}" (strength ${s.score.toFixed(1)}) and no need is noted: listen and help first; do not pitch yet.`,
        evidence: { ...base(f), firstContact: first, needNoted: false },
      });
    }
  }

  const consents = consentsByPerson(snapshot.consents);
  const lists = new Map(snapshot.mailingLists.map((l) => [l.id, l.name]));
  const nowIso = new Date(now).toISOString();
  for (const sub of snapshot.subscriptions) {
    if (sub.status !== 'active' || sub.personId === meId) continue;
    if (consentInForce(consents.get(sub.personId), sub.listId, nowIso) !== null) continue;
    const name = names.get(sub.personId) ?? sub.personId;
    out.push({
      kind: 'ask_permission',
      personId: sub.personId,
      priority: 80,
      reason: `${name} is on "${lists.get(sub.listId) ?? sub.listId}" since ${day(sub.subscribedAt) ?? sub.subscribedAt} with no recorded yes: ask, record the answer, and leave them out until then.`,
      evidence: {
        subscriptionId: sub.id,
        listId: sub.listId,
        subscribedAt: sub.subscribedAt,
        source: sub.source,
        consent: null,
      },
    });
  }

  for (const target of inputs.introductionPaths) {
    const best = target.paths[0];
    if (!best) continue;
    const route = best.personIds.map((id) => (id === meId ? 'you' : (names.get(id) ?? id))).join(' → ');
    out.push({
      kind: 'warm_introduction',
      personId: target.targetId,
      priority: 100 * best.warmth,
      reason: `Warmest way to ${names.get(target.targetId) ?? target.targetId}: ${route} (warmth ${best.warmth.toFixed(2)}; ${plural(target.paths.length, 'path')} found).`,
      evidence: {
        targetKind: target.targetKind,
        path: best.personIds,
        hopStages: best.hops.map((h) => h.stage),
        warmth: best.warmth,
        alternatives: target.paths.length - 1,
      },
    });
  }

  const rank = (k: string) =>
    ['thank', 'nurture', 'reconnect', 'reciprocate', 'ask_permission', 'warm_introduction', 'do_not_pitch_yet'].indexOf(
      k,
    );
  return out.sort(
    (x, y) => y.priority - x.priority || rank(x.kind) - rank(y.kind) || (x.personId < y.personId ? -1 : 1),
  );
}
