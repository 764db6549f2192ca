/**
 * Relationship strength of one tie
 * ================================
 *
 * E. Gilbert & K. Karahalios, "Predicting tie strength with social media",
 * CHI 2009: tie strength as a weighted sum of dimensions — intensity, recency
 * (their "intimacy": days since last communication, the strongest single
 * predictor), duration (days since first communication), reciprocal services,
 * structural (mean strength of mutual friends) — after Granovetter, "The
 * strength of weak ties", AJS 1973 (time, intensity, intimacy, reciprocal
 * services). Each factor lies in 0..1; the score is
 *
 *   strength = 100 · Σ_f w_f · f,   Σ_f w_f = 1, defaults (recency, duration and
 *   mutual-contact strength heaviest, as Gilbert & Karahalios found):
 *   recency .25, duration .20, structural .20, intensity .17, services .10, reciprocity .08
 *
 *   intensity   = min(1, I / intensitySaturation),
 *                 I = Σ_interactions channel weight · 1/(participants − 1) · 2^(−age/halfLife)
 *                 channels: in-person 1 > video, call .8 > email, message .5 > event .3 > social .1
 *   recency     = 2^(−days since last contact / recencyHalfLife)
 *   duration    = 1 − e^(−days since first contact / durationScale)
 *   reciprocity = 1 − e^(−min(Ia, Ib) / reciprocityScale), Ix = Σ 2^(−age/halfLife) over
 *                 interactions x initiated: both sides must reach out; never falls when
 *                 one side adds a contact (a balance ratio would)
 *   structural  = 1 − e^(−S / structuralScale), S = Σ_shared w min(base(a,w), base(b,w)) / 100
 *                 where base is the score without the structural part, rescaled to 0..100
 *   services    = 1 − e^(−Σ service weight · 2^(−age/serviceHalfLife) / servicesScale)
 *
 * A "contact" is any interaction but a social one (a like is not contact), an
 * introduction or referral between the two, or their being introduced (met).
 * A tie with online-only evidence (LinkedIn connection, social likes) is capped
 * just below "contact": at most an acquaintance. Evidence dated after `at` is
 * ignored, so the same function gives the strength as of any past day.
 */
import type { Channel, IntroductionOutcome, ReferralStatus, TieStrength } from '../../../shared/index.js';
import {
  CHANNELS,
  type EvidenceStore,
  LINKEDIN,
  MET,
  OUTCOMES,
  REFERRAL,
  REFERRAL_STATUSES,
  SIDE_A,
  SIDE_B,
  SOCIAL,
  singlePairStore,
  storeFromPairs,
} from '../graph/evidence-store.js';
import { analyticsError, checkInteger, checkNumber } from '../util/analytics-error.js';
import { DAY_MS } from '../util/time.js';
import { type StageThresholds, DEFAULTS as STAGE_DEFAULTS, checkThresholds, stageOf } from './stage.js';

const ORIGIN = 'strength/relationship-strength';
const LN2 = Math.LN2;

export type FactorName = 'intensity' | 'recency' | 'duration' | 'reciprocity' | 'structural' | 'services';

export const DEFAULTS = {
  /** Intensity (and reciprocity) half-life: an interaction this old counts half. */
  halfLifeDays: 90,
  channelWeights: { in_person: 1, video: 0.8, call: 0.8, email: 0.5, message: 0.5, event: 0.3, social: 0.1 } as Record<
    Channel,
    number
  >,
  /** Decayed weighted interactions that make full intensity (about six fresh one-to-one meetings). */
  intensitySaturation: 6,
  recencyHalfLifeDays: 90,
  durationScaleDays: 365,
  reciprocityScale: 1,
  structuralScale: 1.5,
  serviceHalfLifeDays: 365,
  servicesScale: 1,
  referralServiceWeight: { won: 1, open: 0.6, lost: 0.3 } as Record<ReferralStatus, number>,
  introductionServiceWeight: { met: 0.6, pending: 0.4, declined: 0.2 } as Record<IntroductionOutcome, number>,
  weights: {
    recency: 0.25,
    duration: 0.2,
    structural: 0.2,
    intensity: 0.17,
    services: 0.1,
    reciprocity: 0.08,
  } as Record<FactorName, number>,
  stages: STAGE_DEFAULTS as StageThresholds,
  /** Trend: change of the score over this many days. */
  trendDays: 30,
  /** |change| below this is "steady". */
  trendSteadyBand: 2,
  /** Cooling when the silence exceeds this many times the tie's median gap between contacts. */
  coolingFactor: 3,
  coolingMinContacts: 3,
  /** Floor of the usual gap, so daily contacts do not cool after three quiet days. */
  coolingMinGapDays: 7,
};

export type StrengthOptions = typeof DEFAULTS;
export type StrengthOptionsInput = Partial<Omit<StrengthOptions, 'weights' | 'stages' | 'channelWeights'>> & {
  weights?: Partial<Record<FactorName, number>>;
  stages?: Partial<StageThresholds>;
  channelWeights?: Partial<Record<Channel, number>>;
};

export function resolveStrengthOptions(input: StrengthOptionsInput = {}, origin = ORIGIN): StrengthOptions {
  if (input === null || typeof input !== 'object') throw analyticsError(origin, 'strength options must be an object');
  const o: StrengthOptions = {
    ...DEFAULTS,
    ...input,
    weights: { ...DEFAULTS.weights, ...input.weights },
    stages: { ...DEFAULTS.stages, ...input.stages },
    channelWeights: { ...DEFAULTS.channelWeights, ...input.channelWeights },
    referralServiceWeight: { ...DEFAULTS.referralServiceWeight, ...input.referralServiceWeight },
    introductionServiceWeight: { ...DEFAULTS.introductionServiceWeight, ...input.introductionServiceWeight },
  };
  for (const k of [
    'halfLifeDays',
    'intensitySaturation',
    'recencyHalfLifeDays',
    'durationScaleDays',
    'reciprocityScale',
    'structuralScale',
    'serviceHalfLifeDays',
    'servicesScale',
    'trendDays',
    'coolingMinGapDays',
  ] as const) {
    checkNumber(origin, k, o[k], 1e-9);
  }
  checkNumber(origin, 'trendSteadyBand', o.trendSteadyBand, 0);
  checkNumber(origin, 'coolingFactor', o.coolingFactor, 1e-9);
  checkInteger(origin, 'coolingMinContacts', o.coolingMinContacts, 2);
  for (const [k, v] of Object.entries(o.channelWeights)) checkNumber(origin, `channelWeights.${k}`, v, 0);
  for (const [k, v] of Object.entries(o.referralServiceWeight)) checkNumber(origin, `referralServiceWeight.${k}`, v, 0);
  for (const [k, v] of Object.entries(o.introductionServiceWeight))
    checkNumber(origin, `introductionServiceWeight.${k}`, v, 0);
  let sum = 0;
  for (const [k, v] of Object.entries(o.weights)) sum += checkNumber(origin, `weights.${k}`, v, 0, 1);
  if (Math.abs(sum - 1) > 1e-9) throw analyticsError(origin, `factor weights must sum to 1 (they sum to ${sum})`);
  checkThresholds(origin, o.stages);
  return o;
}

/** The factors that depend on the pair's own evidence (not on shared contacts); a reusable scratch record. */
export interface Factors {
  intensity: number;
  decayedInteractions: number;
  interactions: number;
  /** Interactions per channel code (evidence-store CHANNELS order). */
  byChannel: Int32Array;
  recency: number;
  /** NaN when none. */
  lastContact: number;
  duration: number;
  /** NaN when none. */
  firstContact: number;
  reciprocity: number;
  initiatedByA: number;
  initiatedByB: number;
  unknownInitiator: number;
  services: number;
  referralsFromA: number;
  referralsFromB: number;
  introductionsByA: number;
  introductionsByB: number;
  /** Nothing but a LinkedIn connection or social likes. */
  onlineOnly: boolean;
  /** Any record of the pair by `at` (a tie without a date counts as always). */
  existed: boolean;
}

export function newFactors(): Factors {
  return {
    intensity: 0,
    decayedInteractions: 0,
    interactions: 0,
    byChannel: new Int32Array(CHANNELS.length),
    recency: 0,
    lastContact: NaN,
    duration: 0,
    firstContact: NaN,
    reciprocity: 0,
    initiatedByA: 0,
    initiatedByB: 0,
    unknownInitiator: 0,
    services: 0,
    referralsFromA: 0,
    referralsFromB: 0,
    introductionsByA: 0,
    introductionsByB: 0,
    onlineOnly: true,
    existed: false,
  };
}

/** Precomputed per-code weights, so the hot loop indexes arrays instead of records. */
export interface Weights {
  channel: Float64Array;
  referral: Float64Array;
  introduction: Float64Array;
}

export function weightsOf(o: StrengthOptions): Weights {
  return {
    channel: Float64Array.from(CHANNELS, (c) => o.channelWeights[c]),
    referral: Float64Array.from(REFERRAL_STATUSES, (x) => o.referralServiceWeight[x]),
    introduction: Float64Array.from(OUTCOMES, (x) => o.introductionServiceWeight[x]),
  };
}

/** The direct factors of pair k as of `at` (evidence after `at` ignored), written into `out`. */
export function pairFactors(
  s: EvidenceStore,
  k: number,
  at: number,
  o: StrengthOptions,
  w: Weights,
  out: Factors,
): Factors {
  const intensityRate = LN2 / (o.halfLifeDays * DAY_MS);
  const serviceRate = LN2 / (o.serviceHalfLifeDays * DAY_MS);
  let decayed = 0,
    count = 0,
    ia = 0,
    ib = 0,
    na = 0,
    nb = 0,
    nu = 0;
  let last = -Infinity;
  let first = Infinity;
  let real = false;
  let existed = false;
  out.byChannel.fill(0);
  for (let r = s.iOff[k]!, end = s.iOff[k + 1]!; r < end; r++) {
    const t = s.iAt[r]!;
    if (t > at) continue;
    existed = true;
    count++;
    const channel = s.iChannel[r]!;
    out.byChannel[channel]!++;
    const d = Math.exp(-(at - t) * intensityRate);
    const group = s.iGroup[r]!;
    decayed += (w.channel[channel]! * d) / (group > 2 ? group - 1 : 1);
    const who = s.iInitiator[r];
    if (who === SIDE_A) {
      ia += d;
      na++;
    } else if (who === SIDE_B) {
      ib += d;
      nb++;
    } else nu++;
    if (channel !== SOCIAL) {
      real = true;
      if (t > last) last = t;
      if (t < first) first = t;
    }
  }
  let serviceSum = 0,
    rfa = 0,
    rfb = 0,
    ifa = 0,
    ifb = 0;
  for (let r = s.sOff[k]!, end = s.sOff[k + 1]!; r < end; r++) {
    const t = s.sAt[r]!;
    if (t > at) continue;
    existed = real = true;
    if (t > last) last = t;
    if (t < first) first = t;
    const referral = s.sKind[r] === REFERRAL;
    serviceSum +=
      (referral ? w.referral[s.sStatus[r]!]! : w.introduction[s.sStatus[r]!]!) * Math.exp(-(at - t) * serviceRate);
    const fromA = s.sFrom[r] === SIDE_A;
    if (referral) {
      if (fromA) rfa++;
      else rfb++;
    } else if (fromA) ifa++;
    else ifb++;
  }
  for (let r = s.nOff[k]!, end = s.nOff[k + 1]!; r < end; r++) {
    const t = s.nAt[r]!;
    if (t > at) continue;
    existed = true;
    if (s.nOutcome[r] !== MET) continue;
    real = true;
    if (t > last) last = t;
    if (t < first) first = t;
  }
  for (let r = s.tOff[k]!, end = s.tOff[k + 1]!; r < end; r++) {
    const since = s.tSince[r]!;
    if (Number.isNaN(since) || since <= at) existed = true;
    if (s.tKind[r] === LINKEDIN) continue;
    real = true;
    if (since <= at && since < first) first = since;
  }
  const hasLast = last > -Infinity;
  const hasFirst = first < Infinity;
  out.intensity = Math.min(1, decayed / o.intensitySaturation);
  out.decayedInteractions = decayed;
  out.interactions = count;
  out.recency = hasLast ? 2 ** (-(at - last) / (o.recencyHalfLifeDays * DAY_MS)) : 0;
  out.lastContact = hasLast ? last : NaN;
  out.duration = hasFirst ? 1 - Math.exp(-(at - first) / (o.durationScaleDays * DAY_MS)) : 0;
  out.firstContact = hasFirst ? first : NaN;
  out.reciprocity = 1 - Math.exp(-Math.min(ia, ib) / o.reciprocityScale);
  out.initiatedByA = na;
  out.initiatedByB = nb;
  out.unknownInitiator = nu;
  out.services = 1 - Math.exp(-serviceSum / o.servicesScale);
  out.referralsFromA = rfa;
  out.referralsFromB = rfb;
  out.introductionsByA = ifa;
  out.introductionsByB = ifb;
  out.onlineOnly = !real;
  out.existed = existed;
  return out;
}

/** Score without the structural part, rescaled to 0..100 (what shared contacts contribute to others). */
export function baseScore(f: Factors, o: StrengthOptions): number {
  const rest = 1 - o.weights.structural;
  if (rest <= 1e-12) return 0;
  const w = o.weights;
  const s =
    w.intensity * f.intensity +
    w.recency * f.recency +
    w.duration * f.duration +
    w.reciprocity * f.reciprocity +
    w.services * f.services;
  return (100 * s) / rest;
}

export function structuralValue(weightedShared: number, o: StrengthOptions): number {
  return 1 - Math.exp(-weightedShared / o.structuralScale);
}

/** The cap for online-only ties: just under the "contact" threshold. */
export function onlineOnlyCap(o: StrengthOptions): number {
  return Math.max(0, o.stages.contact - 0.01);
}

/** The score from the base score and the structural value: the same weighted sum, regrouped. */
export function scoreFromBase(base: number, structural: number, onlineOnly: boolean, o: StrengthOptions): number {
  const uncapped = Math.min(100, base * (1 - o.weights.structural) + 100 * o.weights.structural * structural);
  return onlineOnly ? Math.min(uncapped, onlineOnlyCap(o)) : uncapped;
}

/** The score as of the factors' instant; 0 when the pair did not exist yet. */
export function scoreOf(f: Factors, structural: number, o: StrengthOptions): number {
  return f.existed ? scoreFromBase(baseScore(f, o), structural, f.onlineOnly, o) : 0;
}

export interface Cooling {
  cooling: boolean;
  silenceDays: number | null;
  medianGapDays: number | null;
  factor: number;
  contacts: number;
}

let dayBuffer = new Float64Array(64);

/** Contact days (not social) of pair k up to `at`, ascending, distinct; a view into a scratch buffer. */
export function contactDays(s: EvidenceStore, k: number, at: number): Float64Array {
  const rows = s.iOff[k + 1]! - s.iOff[k]! + s.sOff[k + 1]! - s.sOff[k]! + s.nOff[k + 1]! - s.nOff[k]!;
  if (dayBuffer.length < rows) dayBuffer = new Float64Array(Math.max(rows, 2 * dayBuffer.length));
  const days = dayBuffer;
  let n = 0;
  for (let r = s.iOff[k]!; r < s.iOff[k + 1]!; r++)
    if (s.iChannel[r] !== SOCIAL && s.iAt[r]! <= at) days[n++] = Math.floor(s.iAt[r]! / DAY_MS);
  for (let r = s.sOff[k]!; r < s.sOff[k + 1]!; r++) if (s.sAt[r]! <= at) days[n++] = Math.floor(s.sAt[r]! / DAY_MS);
  for (let r = s.nOff[k]!; r < s.nOff[k + 1]!; r++)
    if (s.nOutcome[r] === MET && s.nAt[r]! <= at) days[n++] = Math.floor(s.nAt[r]! / DAY_MS);
  const view = days.subarray(0, n).sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (distinct === 0 || view[distinct - 1] !== view[i]) view[distinct++] = view[i]!;
  return days.subarray(0, distinct);
}

/** Cooling: silence longer than k × the tie's own median gap between contact days. */
export function cooling(s: EvidenceStore, k: number, now: number, lastContact: number, o: StrengthOptions): Cooling {
  const silenceDays = Number.isNaN(lastContact) ? null : (now - lastContact) / DAY_MS;
  const days = contactDays(s, k, now);
  const n = days.length;
  if (n < o.coolingMinContacts)
    return { cooling: false, silenceDays, medianGapDays: null, factor: o.coolingFactor, contacts: n };
  // Gaps in place: days[i] becomes the gap before day i+1.
  for (let i = 0; i < n - 1; i++) days[i] = days[i + 1]! - days[i]!;
  const gaps = days.subarray(0, n - 1).sort();
  const mid = gaps.length >> 1;
  const median = gaps.length % 2 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
  const usual = Math.max(median, o.coolingMinGapDays);
  return {
    cooling: silenceDays! > o.coolingFactor * usual,
    silenceDays,
    medianGapDays: median,
    factor: o.coolingFactor,
    contacts: n,
  };
}

function iso(ms: number): string | null {
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function daysSince(now: number, from: number): number | null {
  return Number.isNaN(from) ? null : (now - from) / DAY_MS;
}

/** Shared contacts of a pair, as the structural factor sees them. */
export interface Structural {
  value: number;
  sharedContacts: number;
  weightedShared: number;
}

/**
 * The full explanation of pair k at `now`: factors, score, stage, cap, trend
 * (as of `now − trendDays`, shared contacts held at today's value) and cooling.
 */
const nowFactors = newFactors();
const thenFactors = newFactors();

export function explainStrength(
  s: EvidenceStore,
  k: number,
  structural: Structural,
  now: number,
  o: StrengthOptions,
  w: Weights = weightsOf(o),
): TieStrength {
  const previousScore = scoreOf(pairFactors(s, k, now - o.trendDays * DAY_MS, o, w, thenFactors), structural.value, o);
  const f = pairFactors(s, k, now, o, w, nowFactors);
  const uncapped = f.existed ? scoreFromBase(baseScore(f, o), structural.value, false, o) : 0;
  const score = f.onlineOnly ? Math.min(uncapped, onlineOnlyCap(o)) : uncapped;
  const delta = score - previousScore;
  const w8 = o.weights;
  const c = f.byChannel;
  const byChannel: Record<Channel, number> = {
    in_person: c[0]!,
    video: c[1]!,
    call: c[2]!,
    email: c[3]!,
    message: c[4]!,
    event: c[5]!,
    social: c[6]!,
  };
  return {
    aId: s.people[s.pa[k]!]!,
    bId: s.people[s.pb[k]!]!,
    score,
    stage: stageOf(score, o.stages),
    uncappedScore: uncapped,
    cap: f.onlineOnly && f.existed ? { reason: 'online-only', max: onlineOnlyCap(o) } : null,
    factors: {
      intensity: {
        value: f.intensity,
        weight: w8.intensity,
        points: 100 * w8.intensity * f.intensity,
        decayedInteractions: f.decayedInteractions,
        halfLifeDays: o.halfLifeDays,
        interactions: f.interactions,
        byChannel,
      },
      recency: {
        value: f.recency,
        weight: w8.recency,
        points: 100 * w8.recency * f.recency,
        lastContact: iso(f.lastContact),
        daysSince: daysSince(now, f.lastContact),
      },
      duration: {
        value: f.duration,
        weight: w8.duration,
        points: 100 * w8.duration * f.duration,
        firstContact: iso(f.firstContact),
        days: daysSince(now, f.firstContact),
      },
      reciprocity: {
        value: f.reciprocity,
        weight: w8.reciprocity,
        points: 100 * w8.reciprocity * f.reciprocity,
        initiatedByA: f.initiatedByA,
        initiatedByB: f.initiatedByB,
        unknownInitiator: f.unknownInitiator,
      },
      structural: {
        value: f.existed ? structural.value : 0,
        weight: w8.structural,
        points: f.existed ? 100 * w8.structural * structural.value : 0,
        sharedContacts: structural.sharedContacts,
        weightedShared: structural.weightedShared,
      },
      services: {
        value: f.services,
        weight: w8.services,
        points: 100 * w8.services * f.services,
        referralsFromA: f.referralsFromA,
        referralsFromB: f.referralsFromB,
        introductionsByA: f.introductionsByA,
        introductionsByB: f.introductionsByB,
      },
    },
    trend: {
      days: o.trendDays,
      previousScore,
      delta,
      direction: delta >= o.trendSteadyBand ? 'rising' : delta <= -o.trendSteadyBand ? 'falling' : 'steady',
    },
    cooling: cooling(s, k, now, f.lastContact, o),
  };
}

/** Two people with nothing on record between them: a stranger, every factor zero. */
export function strangerStrength(aId: string, bId: string, now: number, o: StrengthOptions): TieStrength {
  const [a, b] = aId < bId ? [aId, bId] : [bId, aId];
  const empty = singlePairStore(storeFromPairs([a, b], [], ORIGIN), -1, 0, 1, []);
  return explainStrength(empty, 0, { value: 0, sharedContacts: 0, weightedShared: 0 }, now, o);
}
