/**
 * Referral-partner score
 * ======================
 *
 * Who routes opportunities, combined into one 0–100 score with its parts:
 *
 *   score = 100 · ( .30 · flow + .25 · ledger + .20 · strength + .15 · brokerage + .10 · reach )
 *
 *   flow      = PR(p) / max PR: personalised PageRank (Haveliwala 2002) restarting
 *               at me on the opportunity-flow graph with arcs reversed, so credit runs
 *               back from me to whoever sends referrals and introductions my way;
 *   ledger    = 1 − e^(−(R + ½·G) / ledgerScale), R and G the favours received from and
 *               given to them (a won referral counts 2, an introduction ½);
 *   strength  = strength of our tie / 100 (Gilbert & Karahalios 2009);
 *   brokerage = ½ · betweenness / max + ¼ · (1 − min(1, constraint)) + ¼ · effective size / max
 *               (Freeman 1977 via Brandes 2001; Burt 1992);
 *   reach     = ln(1 + two-hop reach) / ln(1 + max reach).
 *
 * Maxima are over everyone but me. Ranks: 1 is the best partner; equal scores
 * keep input order.
 */
import type { PartnerScore } from '../../../shared/index.js';
import { analyticsError, checkNumber } from '../util/analytics-error.js';
import type { LedgerEntry } from './ledger.js';

const ORIGIN = 'partner/referral-partner-score';

export type PartnerPart = 'flow' | 'ledger' | 'strength' | 'brokerage' | 'reach';

export const DEFAULTS = {
  weights: { flow: 0.3, ledger: 0.25, strength: 0.2, brokerage: 0.15, reach: 0.1 } as Record<PartnerPart, number>,
  ledgerScale: 2,
  /** Favours I gave count this much of favours received. */
  givenShare: 0.5,
  introductionWeight: 0.5,
};

export type PartnerOptions = typeof DEFAULTS;
export type PartnerOptionsInput = Partial<Omit<PartnerOptions, 'weights'>> & {
  weights?: Partial<Record<PartnerPart, number>>;
};

export interface PartnerInputs {
  pagerank: ArrayLike<number>;
  betweenness: ArrayLike<number>;
  constraint: ArrayLike<number>;
  effectiveSize: ArrayLike<number>;
  reachPeople: ArrayLike<number>;
  reachWeighted: ArrayLike<number>;
  strengthToMe: ArrayLike<number>;
  ledgers: readonly LedgerEntry[];
}

export function resolvePartnerOptions(input: PartnerOptionsInput = {}, origin = ORIGIN): PartnerOptions {
  const o: PartnerOptions = { ...DEFAULTS, ...input, weights: { ...DEFAULTS.weights, ...input.weights } };
  checkNumber(origin, 'ledgerScale', o.ledgerScale, 1e-9);
  checkNumber(origin, 'givenShare', o.givenShare, 0);
  checkNumber(origin, 'introductionWeight', o.introductionWeight, 0);
  let sum = 0;
  for (const [k, v] of Object.entries(o.weights)) sum += checkNumber(origin, `partner.weights.${k}`, v, 0, 1);
  if (Math.abs(sum - 1) > 1e-9) throw analyticsError(origin, `partner weights must sum to 1 (they sum to ${sum})`);
  return o;
}

function ratio(x: number, m: number): number {
  return m > 0 ? Math.min(1, Math.max(0, x) / m) : 0;
}

const maxOf = (xs: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i]!) && xs[i]! > m) m = xs[i]!;
  return m;
};

export function ledgerValue({ ledger: l }: LedgerEntry, o: PartnerOptions): number {
  const received = l.referralsReceived + l.referralsWonReceived + o.introductionWeight * l.introductionsReceived;
  const given = l.referralsGiven + l.referralsWonGiven + o.introductionWeight * l.introductionsGiven;
  return 1 - Math.exp(-(received + o.givenShare * given) / o.ledgerScale);
}

export interface PartnerMaxima {
  pagerank: number;
  betweenness: number;
  effectiveSize: number;
  reach: number;
}

/** The maxima each part is scaled by (over everyone but me). */
export function partnerMaxima(inputs: PartnerInputs): PartnerMaxima {
  return {
    pagerank: maxOf(inputs.pagerank),
    betweenness: maxOf(inputs.betweenness),
    effectiveSize: maxOf(inputs.effectiveSize),
    reach: maxOf(inputs.reachWeighted),
  };
}

/** The score of input position i against given maxima (rank left 0 for the caller). */
export function partnerScoreAt(inputs: PartnerInputs, i: number, max: PartnerMaxima, o: PartnerOptions): PartnerScore {
  const w = o.weights;
  const pr = inputs.pagerank[i]!;
  const btw = inputs.betweenness[i]!;
  const c = inputs.constraint[i]!;
  const es = inputs.effectiveSize[i]!;
  const hasTies = Number.isFinite(c);
  const brokerage = hasTies
    ? 0.5 * ratio(btw, max.betweenness) + 0.25 * (1 - Math.min(1, c)) + 0.25 * ratio(es, max.effectiveSize)
    : 0;
  const reach = max.reach > 0 ? Math.min(1, Math.log1p(inputs.reachWeighted[i]!) / Math.log1p(max.reach)) : 0;
  const ledger = inputs.ledgers[i]!;
  const flow = ratio(pr, max.pagerank);
  const ledgerPart = ledgerValue(ledger, o);
  const strength = inputs.strengthToMe[i]! / 100;
  const parts = {
    flow: { value: flow, weight: w.flow, points: 100 * w.flow * flow, pagerank: pr },
    ledger: { value: ledgerPart, weight: w.ledger, points: 100 * w.ledger * ledgerPart, ledger: ledger.ledger },
    strength: {
      value: strength,
      weight: w.strength,
      points: 100 * w.strength * strength,
      strengthToMe: inputs.strengthToMe[i]!,
    },
    brokerage: {
      value: brokerage,
      weight: w.brokerage,
      points: 100 * w.brokerage * brokerage,
      betweenness: btw,
      constraint: hasTies ? c : null,
      effectiveSize: hasTies ? es : null,
    },
    reach: {
      value: reach,
      weight: w.reach,
      points: 100 * w.reach * reach,
      people: inputs.reachPeople[i]!,
      weighted: inputs.reachWeighted[i]!,
    },
  };
  const score = Math.min(
    100,
    parts.flow.points + parts.ledger.points + parts.strength.points + parts.brokerage.points + parts.reach.points,
  );
  return { score, rank: 1, parts };
}

/** One score per input position (everyone but me), ranked. */
export function referralPartnerScores(inputs: PartnerInputs, options: PartnerOptionsInput = {}): PartnerScore[] {
  const o = resolvePartnerOptions(options);
  const n = inputs.pagerank.length;
  for (const [name, xs] of Object.entries(inputs)) {
    if ((xs as ArrayLike<unknown>).length !== n)
      throw analyticsError(ORIGIN, `input "${name}" has ${(xs as ArrayLike<unknown>).length} entries, expected ${n}`);
  }
  const max = partnerMaxima(inputs);
  const scores: PartnerScore[] = new Array(n);
  for (let i = 0; i < n; i++) scores[i] = partnerScoreAt(inputs, i, max, o);
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => scores[y]!.score - scores[x]!.score || x - y);
  order.forEach((i, r) => {
    scores[i]!.rank = r + 1;
  });
  return scores;
}
