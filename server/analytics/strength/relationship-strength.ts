/**
 * Relationship strength of one tie
 * ================================
 *
 * E. Gilbert & K. Karahalios, "Predicting tie strength with social media",
 * CHI 2009: tie strength as a weighted sum of dimensions — intensity, recency
 * (their "intimacy": days since last communication), duration (days since
 * first communication), reciprocal services, structural (strength of mutual
 * friends) — after Granovetter, "The strength of weak ties", AJS 1973 (time,
 * intensity, intimacy, reciprocal services). Each factor lies in 0..1:
 *
 *   strength = 100 · Σ_f w_f · f,   w_f ≥ 0, Σ_f w_f = 1
 *
 *   intensity   = 1 − e^(−E / intensityScale)   warmth now, saturating softly
 *                 I = Σ channel weight · (participants − 1)^(−groupShareExponent) · 2^(−age/halfLife)
 *                 (the recent contact), channels: in-person 1 > video, call .8 > email, message, event .3
 *                 > social .1; writing (email, message) counts as far as it is answered: both sides'
 *                 writing up to the smaller side, the one-sided rest up to `unansweredAllowance`
 *                 (a newsletter or unanswered outreach is not contact).
 *                 E pools I with the tie's usual rate r (all weighted contact since the two first
 *                 appear on record, per day): E = τ · (I + m·r) / (X + m), τ = halfLife / ln 2,
 *                 X = τ(1 − e^(−known days/τ)) the decayed window's exposure, m = usualRateDays ·
 *                 e^(−z²/(2·usualRateAgreement)), z² = (I − rX)² / (rX + 1). A steady tie is read
 *                 by its whole record (a quiet month is not a cooling), a tie whose recent contact
 *                 strays far from its usual rate by its recent contact (it has cooled or warmed).
 *                 Declared colleagues' E is × sharedSettingShare (0.4): a shared setting makes
 *                 meeting often say less about closeness (Marsden & Campbell 1984).
 *   history     = alive · (1 − e^(−H / historyScale))   the accumulated relationship
 *                 H = Σ over months with contact of min(1, weighted contact that month) · 2^(−age/historyHalfLife)
 *                 (a burst of a hundred messages in a month is one month; a month with a like counts
 *                 `historySocialWeight`), alive = min(1, (I + aliveSlack) / (rX + aliveSlack)): how far
 *                 the tie is kept up at its usual rate (a drifted-apart tie's past fades; an old friend
 *                 seen as rarely as ever keeps it: Wiese et al. 2015, little logged contact is not weakness)
 *   recency     = 2^(−days since last contact / recencyHalfLife)
 *   duration    = (1 − overlap · intensity) · max(alive · (1 − e^(−days since first contact / durationScale)),
 *                 linkedinDurationShare · (1 − e^(−LinkedIn connection's age / durationScale)))
 *                 how long they have known each other, kept up, speaking where contact is thin
 *                 (an old friend seen rarely; a busy tie's age adds little to its intensity)
 *   reciprocity = 1 − e^(−min(Ia, Ib) / reciprocityScale), Ix = Σ 2^(−age/reciprocityHalfLife) over
 *                 interactions x initiated: both sides must reach out; never falls when
 *                 one side adds a contact (a balance ratio would)
 *   structural  = 1 − e^(−S / structuralScale), S = Σ_shared w min(base(a,w), base(b,w)) / 100
 *                 where base is the score without the structural part, rescaled to 0..100
 *   services    = alive · (1 − e^(−Σ service weight · 2^(−age/serviceHalfLife) / servicesScale))
 *
 * The default weights and scales were fitted to simulated workspaces where a
 * hidden closeness drives the evidence (tests/validation, docs/strength-validation.md);
 * a workspace's own "how close are you?" ratings refit them (calibrate.ts).
 *
 * A "contact" is any interaction but a social one (a like is not contact) or
 * unanswered writing, an introduction or referral between the two, or their
 * being introduced (met). A tie with online-only evidence (LinkedIn
 * connection, social likes) is squeezed below "contact" (cap · (1 − e^(−score/cap)),
 * order kept): at most an acquaintance. A tie the user declared (colleague, family, "knows": any kind
 * but a LinkedIn connection) is at least an acquaintance: it is the user's word
 * that the two know each other, and Nurture never sees two other people's own
 * contact (without it, declared colleagues scored as strangers and the
 * communities and warm paths built on them fell apart). A tie the user rated is held within the rated stage (never
 * demoted for lack of logs). Evidence dated after `at` is ignored, so the same
 * function gives the strength as of any past day.
 */
import type {
  Channel,
  ClosenessRating,
  IntroductionOutcome,
  ReferralStatus,
  TieStrength,
} from '../../../shared/index.js';
import { RATING_STAGE } from '../../../shared/index.js';
import {
  CHANNELS,
  COLLEAGUE,
  type EvidenceStore,
  LINKEDIN,
  MET,
  NOBODY,
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

export type FactorName = 'intensity' | 'history' | 'recency' | 'duration' | 'reciprocity' | 'structural' | 'services';

export const FACTOR_NAMES: readonly FactorName[] = [
  'intensity',
  'history',
  'recency',
  'duration',
  'reciprocity',
  'structural',
  'services',
];

export const DEFAULTS = {
  /** Intensity half-life: an interaction this old counts half. */
  halfLifeDays: 75,
  channelWeights: { in_person: 1, video: 0.8, call: 0.8, email: 0.3, message: 0.3, event: 0.3, social: 0.1 } as Record<
    Channel,
    number
  >,
  /** A meeting of g people counts 1/(g − 1)^this for each pair in it (1: shared out evenly; 0: in full). */
  groupShareExponent: 0.5,
  /** Decayed weighted interactions at which intensity reaches 1 − 1/e (it saturates softly, never caps). */
  intensityScale: 2,
  /** History half-life: the whole relationship counts, old contact slowly less. */
  historyHalfLifeDays: 3650,
  /** Months of contact (history-decayed) at which history reaches 1 − 1/e. */
  historyScale: 12,
  /**
   * A month with a like or comment counts this much in history (a month of contact counts up to 1):
   * a sign the tie is kept up, though not contact (in intensity it counts at the social channel's weight).
   */
  historySocialWeight: 1,
  /**
   * Intensity weighs recent contact against the tie's usual rate (all its weighted contact since
   * the two first appear on record, per day): the usual rate counts as this many days of evidence
   * when the two agree, and fades as they disagree (a tie that has cooled, or warmed, is read by
   * its recent contact).
   */
  usualRateDays: 730,
  /** How far recent contact may stray from the usual rate (a squared z-score scale) before the usual rate fades. */
  usualRateAgreement: 0.3,
  /** The usual rate is measured over at least this many days (a tie met last week has no usual rate yet). */
  usualRateMinDays: 90,
  /**
   * A tie's past (history, the contact part of duration, favours) counts as far as it is kept up:
   * alive = min(1, (recent + slack) / (usual + slack)), the recent decayed contact against what the
   * usual rate would give (a drifted-apart tie's past fades; an old friend seen as rarely as ever keeps it).
   */
  aliveSlack: 1,
  /**
   * One-sided writing (emails and messages from one side beyond what the other
   * side wrote) counts for at most this many weighted interactions: a newsletter
   * or unanswered outreach is not contact.
   */
  unansweredAllowance: 1,
  /**
   * Contact between colleagues (a declared "colleague" tie) counts at this share in intensity: people
   * who share a setting meet by circumstance, so how often they meet says less about how close they are
   * (Marsden & Campbell 1984, "Measuring tie strength": frequency is confounded by shared settings).
   */
  sharedSettingShare: 0.4,
  recencyHalfLifeDays: 90,
  durationScaleDays: 3650,
  /**
   * Duration speaks where contact is thin: held at (1 − this × intensity), so a long-known tie
   * seen rarely (an old friend) keeps its weight and a busy tie's age adds little to what its
   * intensity already says.
   */
  durationOverlap: 1,
  /** A LinkedIn connection's date counts for duration at this share (a hint of how long they have known each other). */
  linkedinDurationShare: 0.5,
  reciprocityHalfLifeDays: 90,
  reciprocityScale: 1,
  structuralScale: 1.5,
  serviceHalfLifeDays: 365,
  servicesScale: 1,
  referralServiceWeight: { won: 1, open: 0.6, lost: 0.3 } as Record<ReferralStatus, number>,
  introductionServiceWeight: { met: 0.6, pending: 0.4, declined: 0.2 } as Record<IntroductionOutcome, number>,
  /**
   * Fitted to the hidden closeness of the simulated workspaces (development
   * seeds only; tests/validation/tune-defaults.ts), every factor kept at 3% or
   * more so each stays in the explanation. A workspace's own ratings refit them.
   */
  weights: {
    intensity: 0.313,
    history: 0.03,
    recency: 0.03,
    duration: 0.175,
    reciprocity: 0.03,
    structural: 0.217,
    services: 0.205,
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
    'intensityScale',
    'historyHalfLifeDays',
    'historyScale',
    'usualRateAgreement',
    'usualRateMinDays',
    'aliveSlack',
    'recencyHalfLifeDays',
    'durationScaleDays',
    'reciprocityHalfLifeDays',
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
  checkNumber(origin, 'unansweredAllowance', o.unansweredAllowance, 0);
  checkNumber(origin, 'historySocialWeight', o.historySocialWeight, 0);
  checkNumber(origin, 'usualRateDays', o.usualRateDays, 0);
  checkNumber(origin, 'durationOverlap', o.durationOverlap, 0, 1);
  checkNumber(origin, 'sharedSettingShare', o.sharedSettingShare, 0, 1);
  checkNumber(origin, 'groupShareExponent', o.groupShareExponent, 0, 1);
  checkNumber(origin, 'linkedinDurationShare', o.linkedinDurationShare, 0, 1);
  for (const k of Object.keys(o.weights))
    if (!FACTOR_NAMES.includes(k as FactorName)) throw analyticsError(origin, `unknown factor weight "${k}"`);
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
  /** Σ counted weight × 2^(−age/halfLife): the recent contact. */
  decayedInteractions: number;
  /** The tie's usual rate: weighted contact per month since the two first appear on record. */
  usualPerMonth: number;
  /** The recent contact pooled with the usual rate, on the decayed scale: what intensity saturates. */
  estimate: number;
  interactions: number;
  /** Interactions per channel code (evidence-store CHANNELS order). */
  byChannel: Int32Array;
  history: number;
  /** Σ over months of contact of min(1, weighted contact that month) × 2^(−age/historyHalfLife). */
  accumulated: number;
  /** min(1, (recent + slack) / (usual + slack)): how far the tie is kept up at its usual rate; what its past counts. */
  alive: number;
  /** Weighted one-sided writing left out of intensity (decayed like it). */
  unanswered: number;
  /** Writing from both sides, or contact of another kind: written messages count as contact. */
  answered: boolean;
  recency: number;
  /** NaN when none. */
  lastContact: number;
  duration: number;
  /** NaN when none. */
  firstContact: number;
  /** When the LinkedIn connection was made; NaN when none (or undated). */
  connectedSince: number;
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
  /** A declared tie other than a LinkedIn connection (colleague, family, knows, other) by `at`: at least an acquaintance. */
  declared: boolean;
  /** A declared colleague tie by `at`: contact counts at `sharedSettingShare` in intensity. */
  colleagues: boolean;
  /** Any record of the pair by `at` (a tie without a date counts as always). */
  existed: boolean;
}

export function newFactors(): Factors {
  return {
    intensity: 0,
    decayedInteractions: 0,
    usualPerMonth: 0,
    estimate: 0,
    interactions: 0,
    byChannel: new Int32Array(CHANNELS.length),
    history: 0,
    accumulated: 0,
    alive: 0,
    unanswered: 0,
    answered: false,
    recency: 0,
    lastContact: NaN,
    duration: 0,
    firstContact: NaN,
    connectedSince: NaN,
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
    declared: false,
    colleagues: false,
    existed: false,
  };
}

/** Precomputed per-code weights, so the hot loop indexes arrays instead of records. */
export interface Weights {
  channel: Float64Array;
  /** 1 for the written channels (email, message): one side's act, not yet contact until answered. */
  written: Uint8Array;
  referral: Float64Array;
  introduction: Float64Array;
}

export function weightsOf(o: StrengthOptions): Weights {
  return {
    channel: Float64Array.from(CHANNELS, (c) => o.channelWeights[c]),
    written: Uint8Array.from(CHANNELS, (c) => (c === 'email' || c === 'message' ? 1 : 0)),
    referral: Float64Array.from(REFERRAL_STATUSES, (x) => o.referralServiceWeight[x]),
    introduction: Float64Array.from(OUTCOMES, (x) => o.introductionServiceWeight[x]),
  };
}

/**
 * Writing counted as far as it is answered: both sides' writing up to the
 * smaller side in full, the one-sided rest up to `allowance`. Never falls when
 * either side writes more.
 */
export function answeredWriting(a: number, b: number, allowance: number): number {
  return 2 * Math.min(a, b) + Math.min(Math.abs(a - b), allowance);
}

/** Months of contact, by age in months (older than the last slot share it): what history accumulates. */
const MONTH_MS = 30.436875 * DAY_MS;
const MONTH_SLOTS = 600;
const monthContact = new Float64Array(MONTH_SLOTS);
const monthWritten = new Float64Array(MONTH_SLOTS);
const touchedMonths = new Int32Array(MONTH_SLOTS);

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
  const reciprocityRate = LN2 / (o.reciprocityHalfLifeDays * DAY_MS);
  const serviceRate = LN2 / (o.serviceHalfLifeDays * DAY_MS);
  // Intensity of two-way evidence; written messages by side apart.
  let decayed = 0,
    writtenIa = 0,
    writtenIb = 0,
    touched = 0,
    count = 0,
    ia = 0,
    ib = 0,
    na = 0,
    nb = 0,
    nu = 0;
  let last = -Infinity;
  let first = Infinity;
  // Written contact: counts for recency and duration once answered.
  let lastWritten = -Infinity;
  let firstWritten = Infinity;
  let wroteA = false;
  let wroteB = false;
  let real = false;
  let existed = false;
  let firstAny = Infinity;
  let allContact = 0,
    allWrittenA = 0,
    allWrittenB = 0;
  out.byChannel.fill(0);
  for (let r = s.iOff[k]!, end = s.iOff[k + 1]!; r < end; r++) {
    const t = s.iAt[r]!;
    if (t > at) continue;
    existed = true;
    count++;
    if (t < firstAny) firstAny = t;
    const channel = s.iChannel[r]!;
    out.byChannel[channel]!++;
    const age = at - t;
    const group = s.iGroup[r]!;
    const u = group > 2 ? w.channel[channel]! * (group - 1) ** -o.groupShareExponent : w.channel[channel]!;
    const di = Math.exp(-age * intensityRate);
    const month = Math.min(MONTH_SLOTS - 1, Math.floor(age / MONTH_MS));
    if (monthContact[month] === 0 && monthWritten[month] === 0) touchedMonths[touched++] = month;
    const who = s.iInitiator[r];
    if (who === SIDE_A) {
      ia += Math.exp(-age * reciprocityRate);
      na++;
    } else if (who === SIDE_B) {
      ib += Math.exp(-age * reciprocityRate);
      nb++;
    } else nu++;
    if (w.written[channel] === 1 && who !== NOBODY) {
      real = true;
      if (who === SIDE_A) {
        wroteA = true;
        writtenIa += u * di;
        allWrittenA += u;
      } else {
        wroteB = true;
        writtenIb += u * di;
        allWrittenB += u;
      }
      monthWritten[month]! += u;
      if (t > lastWritten) lastWritten = t;
      if (t < firstWritten) firstWritten = t;
      continue;
    }
    decayed += u * di;
    allContact += u;
    monthContact[month]! += channel === SOCIAL ? o.historySocialWeight : u;
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
  let connected = Infinity;
  let declared = false;
  let colleagues = false;
  for (let r = s.tOff[k]!, end = s.tOff[k + 1]!; r < end; r++) {
    const since = s.tSince[r]!;
    const by = Number.isNaN(since) || since <= at;
    if (by) existed = true;
    if (s.tKind[r] === LINKEDIN) {
      if (since <= at && since < connected) connected = since;
      continue;
    }
    if (by) {
      declared = true;
      if (s.tKind[r] === COLLEAGUE) colleagues = true;
    }
    real = true;
    if (since <= at && since < first) first = since;
  }
  // Writing is contact once both sides have written, or once they have met or done each other a favour.
  const answered = (wroteA && wroteB) || last > -Infinity;
  if (answered) {
    if (lastWritten > last) last = lastWritten;
    if (firstWritten < first) first = firstWritten;
  }
  const writtenI = answeredWriting(writtenIa, writtenIb, o.unansweredAllowance);
  decayed += writtenI;
  // History: each month of contact counts up to one full meeting's worth, decayed by age;
  // one-sided writing does not make a month of contact.
  const monthRate = (LN2 * MONTH_MS) / (o.historyHalfLifeDays * DAY_MS);
  let accumulated = 0;
  for (let m = 0; m < touched; m++) {
    const month = touchedMonths[m]!;
    const inMonth = monthContact[month]! + (answered ? monthWritten[month]! : 0);
    accumulated += Math.min(1, inMonth) * Math.exp(-(month + 0.5) * monthRate);
    monthContact[month] = 0;
    monthWritten[month] = 0;
  }
  const hasLast = last > -Infinity;
  const hasFirst = first < Infinity;
  const known = (since: number) => 1 - Math.exp(-(at - since) / (o.durationScaleDays * DAY_MS));
  // The usual rate: all weighted contact (writing as far as answered) since the two first appear on
  // record, per day; `expected` is what a tie steady at that rate shows in the decayed window.
  const allWeighted = allContact + answeredWriting(allWrittenA, allWrittenB, o.unansweredAllowance);
  const tau = o.halfLifeDays / LN2;
  const since = Math.min(firstAny, first, connected);
  const knownDays = Math.max(o.usualRateMinDays, since < Infinity ? (at - since) / DAY_MS : 0);
  const usualRate = allWeighted / knownDays;
  const exposure = tau * (1 - Math.exp(-knownDays / tau));
  const expected = usualRate * exposure;
  // Recent contact and the usual rate pooled: the usual rate counts as `usualRateDays` of
  // evidence, less as the recent contact strays from it (z² of a Poisson count).
  const z2 = (decayed - expected) ** 2 / (expected + 1);
  const prior = o.usualRateDays * Math.exp(-z2 / (2 * o.usualRateAgreement));
  const estimate = ((decayed + prior * usualRate) / (exposure + prior)) * tau * (colleagues ? o.sharedSettingShare : 1);
  out.intensity = 1 - Math.exp(-estimate / o.intensityScale);
  out.decayedInteractions = decayed;
  out.usualPerMonth = usualRate * (MONTH_MS / DAY_MS);
  out.estimate = estimate;
  out.interactions = count;
  // With nothing logged there is no usual rate to fall short of: alive is 1 (history is 0 anyway).
  const alive = Math.min(1, (decayed + o.aliveSlack) / (expected + o.aliveSlack));
  out.history = alive * (1 - Math.exp(-accumulated / o.historyScale));
  out.alive = alive;
  out.accumulated = accumulated;
  // Never below 0: the subtraction of decayed sums can leave -1e-16 where nothing went unanswered.
  out.unanswered = Math.max(0, writtenIa + writtenIb - writtenI);
  out.answered = answered;
  out.recency = hasLast ? 2 ** (-(at - last) / (o.recencyHalfLifeDays * DAY_MS)) : 0;
  out.lastContact = hasLast ? last : NaN;
  // Known for: since first contact (kept up: × alive), or the LinkedIn connection's age at its
  // share; held at (1 − overlap × intensity).
  out.duration =
    Math.max(
      hasFirst ? alive * known(first) : 0,
      connected < Infinity ? o.linkedinDurationShare * known(connected) : 0,
    ) *
    (1 - o.durationOverlap * out.intensity);
  out.firstContact = hasFirst ? first : NaN;
  out.connectedSince = connected < Infinity ? connected : NaN;
  out.reciprocity = 1 - Math.exp(-Math.min(ia, ib) / o.reciprocityScale);
  out.initiatedByA = na;
  out.initiatedByB = nb;
  out.unknownInitiator = nu;
  out.services = alive * (1 - Math.exp(-serviceSum / o.servicesScale));
  out.referralsFromA = rfa;
  out.referralsFromB = rfb;
  out.introductionsByA = ifa;
  out.introductionsByB = ifb;
  out.onlineOnly = !real;
  out.declared = declared;
  out.colleagues = colleagues;
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
    w.history * f.history +
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

/**
 * An online-only tie's score: squeezed below the cap, cap · (1 − e^(−score/cap)), so it never
 * reaches "contact" and the order among such ties is kept (a hard clip would tie them all at the cap).
 */
export function capOnlineOnly(score: number, o: StrengthOptions): number {
  const cap = onlineOnlyCap(o);
  return cap > 0 ? cap * (1 - Math.exp(-score / cap)) : 0;
}

/** The floor of a declared tie (colleague, family, knows): the "acquaintance" threshold. */
export function declaredFloor(o: StrengthOptions): number {
  return o.stages.acquaintance;
}

/**
 * The score from the base score and the structural value: the same weighted sum,
 * regrouped; an online-only tie capped, a declared one held at least at its floor.
 */
export function scoreFromBase(
  base: number,
  structural: number,
  onlineOnly: boolean,
  o: StrengthOptions,
  declared = false,
): number {
  const uncapped = Math.min(100, base * (1 - o.weights.structural) + 100 * o.weights.structural * structural);
  if (onlineOnly) return capOnlineOnly(uncapped, o);
  return declared ? Math.max(uncapped, declaredFloor(o)) : uncapped;
}

/** The score as of the factors' instant; 0 when the pair did not exist yet. */
export function scoreOf(f: Factors, structural: number, o: StrengthOptions): number {
  return f.existed ? scoreFromBase(baseScore(f, o), structural, f.onlineOnly, o, f.declared) : 0;
}

/** The user's answer to "how close are you?" about a tie, and when it was given (ms). */
export interface RatedTie {
  rating: ClosenessRating;
  ratedAt: number;
}

/** The scores a rating allows: its stage's threshold up to just below the next one. */
export function ratingBand(rating: ClosenessRating, o: StrengthOptions): { min: number; max: number } {
  const t = o.stages;
  switch (RATING_STAGE[rating]) {
    case 'stranger':
      return { min: 0, max: t.acquaintance - 0.01 };
    case 'acquaintance':
      return { min: t.acquaintance, max: t.contact - 0.01 };
    case 'contact':
      return { min: t.contact, max: t.relationship - 0.01 };
    case 'relationship':
      return { min: t.relationship, max: t.trusted - 0.01 };
    default:
      return { min: t.trusted, max: 100 };
  }
}

/**
 * A rated tie's score: the evidence score held within the rated stage's band,
 * from the day of the rating on. A rated tie is never demoted for lack of logs
 * (the user talks to them where nothing is logged), nor raised past the user's word.
 */
export function applyRating(score: number, rated: RatedTie | undefined, at: number, o: StrengthOptions): number {
  if (rated === undefined || rated.ratedAt > at) return score;
  const b = ratingBand(rated.rating, o);
  return Math.min(b.max, Math.max(b.min, score));
}

/** Records a score stands on, and how far to trust it: records / (records + 5). */
export function evidenceOf(f: Factors): { records: number; confidence: number } {
  const records = f.interactions + f.referralsFromA + f.referralsFromB + f.introductionsByA + f.introductionsByB;
  return { records, confidence: records / (records + 5) };
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
 * The score explainStrength gives pair k now, by the same arithmetic (so equal to the last bit),
 * without its breakdown, trend or cooling; and the pair's first and last contact (ms, NaN: none).
 * For an analysis of a million people that needs every score and few explanations.
 */
export function explainedScore(
  s: EvidenceStore,
  k: number,
  structural: number,
  now: number,
  o: StrengthOptions,
  w: Weights = weightsOf(o),
  rated?: RatedTie,
): { score: number; firstContact: number; lastContact: number } {
  const f = pairFactors(s, k, now, o, w, nowFactors);
  const evidenceScore = f.existed ? scoreFromBase(baseScore(f, o), structural, f.onlineOnly, o, f.declared) : 0;
  return { score: applyRating(evidenceScore, rated, now, o), firstContact: f.firstContact, lastContact: f.lastContact };
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
  rated?: RatedTie,
): TieStrength {
  const then = now - o.trendDays * DAY_MS;
  const previousScore = applyRating(
    scoreOf(pairFactors(s, k, then, o, w, thenFactors), structural.value, o),
    rated,
    then,
    o,
  );
  const f = pairFactors(s, k, now, o, w, nowFactors);
  const uncapped = f.existed
    ? Math.min(100, baseScore(f, o) * (1 - o.weights.structural) + 100 * o.weights.structural * structural.value)
    : 0;
  const evidenceScore = f.existed ? scoreFromBase(baseScore(f, o), structural.value, f.onlineOnly, o, f.declared) : 0;
  const score = applyRating(evidenceScore, rated, now, o);
  const rating =
    rated !== undefined && rated.ratedAt <= now
      ? {
          rating: rated.rating,
          ratedAt: new Date(rated.ratedAt).toISOString(),
          evidenceScore,
          ...ratingBand(rated.rating, o),
        }
      : null;
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
    floor: f.declared && f.existed ? { reason: 'declared', min: declaredFloor(o) } : null,
    rating,
    evidence: evidenceOf(f),
    factors: {
      intensity: {
        value: f.intensity,
        weight: w8.intensity,
        points: 100 * w8.intensity * f.intensity,
        decayedInteractions: f.decayedInteractions,
        usualPerMonth: f.usualPerMonth,
        pooled: f.estimate,
        halfLifeDays: o.halfLifeDays,
        interactions: f.interactions,
        byChannel,
        unanswered: f.unanswered,
        sharedSetting: f.colleagues ? o.sharedSettingShare : null,
      },
      history: {
        value: f.history,
        weight: w8.history,
        points: 100 * w8.history * f.history,
        months: f.accumulated,
        halfLifeDays: o.historyHalfLifeDays,
        alive: f.alive,
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
        connectedSince: iso(f.connectedSince),
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
export function strangerStrength(
  aId: string,
  bId: string,
  now: number,
  o: StrengthOptions,
  rated?: RatedTie,
): TieStrength {
  const [a, b] = aId < bId ? [aId, bId] : [bId, aId];
  const empty = singlePairStore(storeFromPairs([a, b], [], ORIGIN), -1, 0, 1, []);
  return explainStrength(empty, 0, { value: 0, sharedContacts: 0, weightedShared: 0 }, now, o, weightsOf(o), rated);
}
