/**
 * Calibrating the strength score to the user's ratings
 * ====================================================
 *
 * Gilbert & Karahalios (CHI 2009) judged their model by how often it put a
 * tie on the same side of strong/weak as the person who rated it (about 85%).
 * Here the user rates some of their own ties ("how close are you?": distant,
 * acquaintance, friendly, close, trusted = the five stages), and:
 *  1. weights are fitted to all ratings (fit-weights.ts: non-negative, summing
 *     to 1, pulled toward the defaults, more so when ratings are few);
 *  2. k-fold cross-validation (Stone 1974) fits on k−1 folds and scores the
 *     held-out fold, so the fitted weights' agreement is measured on ratings
 *     they never saw; the defaults are scored on the same ratings;
 *  3. the fitted weights are put in force only when they agree better with
 *     the held-out ratings than the defaults (higher rank correlation, and
 *     strong/weak accuracy no lower), and only from `minRatings` on.
 * Targets are the middles of the rated stages' score bands.
 */
import type { Agreement, ClosenessRating } from '../../../shared/index.js';
import { RATING_STAGE } from '../../../shared/index.js';
import { analyticsError } from '../util/analytics-error.js';
import { classAccuracy, spearman } from '../util/rank-agreement.js';
import { fitWeights } from './fit-weights.js';
import {
  FACTOR_NAMES,
  type FactorName,
  type StrengthOptions,
  declaredFloor,
  capOnlineOnly,
  ratingBand,
} from './relationship-strength.js';
import { STAGES, stageOf, stageRank } from './stage.js';

const ORIGIN = 'strength/calibrate';

export const DEFAULTS = {
  /** No fit below this many ratings. */
  minRatings: 8,
  folds: 5,
  /** κ of fit-weights: the defaults' pull, in rated ties' worth. */
  priorStrength: 1,
};

export type CalibrateOptions = Partial<typeof DEFAULTS>;

const RATINGS: readonly ClosenessRating[] = ['distant', 'acquaintance', 'friendly', 'close', 'trusted'];

/** One rated tie: its factor values (FACTOR_NAMES order) and whether it is online-only (capped). */
export interface RatedRow {
  personId: string;
  rating: ClosenessRating;
  values: readonly number[];
  onlineOnly: boolean;
  /** A declared tie (colleague, family, knows): held at least at "acquaintance". */
  declared?: boolean;
}

export interface CalibrationFit {
  ratings: number;
  minRatings: number;
  folds: number;
  defaults: Record<FactorName, number>;
  /** Null below `minRatings`. */
  fitted: Record<FactorName, number> | null;
  agreement: { defaults: Agreement; fitted: Agreement | null };
  inForce: 'defaults' | 'fitted';
  why: string;
}

/** The score a row gets with weights w (online-only squeezed below the cap, declared held at its floor: scoreFromBase). */
export function rowScore(row: RatedRow, w: ArrayLike<number>, o: StrengthOptions): number {
  let s = 0;
  for (let j = 0; j < FACTOR_NAMES.length; j++) s += w[j]! * row.values[j]!;
  const score = Math.min(100, 100 * s);
  if (row.onlineOnly) return capOnlineOnly(score, o);
  return row.declared ? Math.max(score, declaredFloor(o)) : score;
}

/** How well scores agree with ratings: strong/weak, Spearman against the rating's order, and stage. */
export function agreementOf(
  scores: readonly number[],
  ratings: readonly ClosenessRating[],
  o: StrengthOptions,
): Agreement {
  if (scores.length === 0) return { strongWeak: null, spearman: null, stage: null };
  const strong = (r: ClosenessRating) => (r === 'close' || r === 'trusted' ? 1 : 0);
  const strongWeak = classAccuracy(
    scores.map((s) => (s >= o.stages.relationship ? 1 : 0)),
    ratings.map(strong),
  );
  const stage = classAccuracy(
    scores.map((s) => stageRank(stageOf(s, o.stages))),
    ratings.map((r) => STAGES.indexOf(RATING_STAGE[r])),
  );
  const rho = spearman(
    scores,
    ratings.map((r) => RATINGS.indexOf(r)),
  );
  return { strongWeak, spearman: Number.isNaN(rho) ? null : rho, stage };
}

function target(rating: ClosenessRating, o: StrengthOptions): number {
  const b = ratingBand(rating, o);
  return (b.min + b.max) / 200;
}

function fitRows(
  rows: readonly RatedRow[],
  prior: Float64Array,
  o: StrengthOptions,
  priorStrength: number,
): Float64Array {
  const f = FACTOR_NAMES.length;
  const x = new Float64Array(rows.length * f);
  const y = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    for (let j = 0; j < f; j++) x[i * f + j] = r.values[j]!;
    y[i] = target(r.rating, o);
  });
  return fitWeights(x, y, prior, { priorStrength });
}

const record = (w: ArrayLike<number>) =>
  Object.fromEntries(FACTOR_NAMES.map((n, j) => [n, w[j]!])) as Record<FactorName, number>;

/** Fits the workspace's weights to its ratings and says whether they should be in force. */
export function calibrate(
  rows: readonly RatedRow[],
  o: StrengthOptions,
  options: CalibrateOptions = {},
): CalibrationFit {
  const c = { ...DEFAULTS, ...options };
  for (const r of rows) {
    if (!RATINGS.includes(r.rating)) throw analyticsError(ORIGIN, `unknown rating "${String(r.rating)}"`);
    if (r.values.length !== FACTOR_NAMES.length)
      throw analyticsError(
        ORIGIN,
        `rated tie ${r.personId} has ${r.values.length} factor values, not ${FACTOR_NAMES.length}`,
      );
  }
  const prior = Float64Array.from(FACTOR_NAMES, (n) => o.weights[n]);
  const ratings = rows.map((r) => r.rating);
  const defaults = agreementOf(
    rows.map((r) => rowScore(r, prior, o)),
    ratings,
    o,
  );
  const base = { ratings: rows.length, minRatings: c.minRatings, defaults: record(prior) };
  if (rows.length < c.minRatings) {
    return {
      ...base,
      folds: 0,
      fitted: null,
      agreement: { defaults, fitted: null },
      inForce: 'defaults',
      why: `${rows.length} of the ${c.minRatings} ratings needed before weights are fitted`,
    };
  }
  // Folds by position after sorting by rating and person, so each fold spans the ratings.
  const order = rows
    .map((_, i) => i)
    .sort(
      (a, b) =>
        RATINGS.indexOf(ratings[a]!) - RATINGS.indexOf(ratings[b]!) || (rows[a]!.personId < rows[b]!.personId ? -1 : 1),
    );
  const folds = Math.min(c.folds, rows.length);
  const held = new Array<number>(rows.length);
  for (let fold = 0; fold < folds; fold++) {
    const test = order.filter((_, p) => p % folds === fold);
    const train = order.filter((_, p) => p % folds !== fold).map((i) => rows[i]!);
    const w = fitRows(train, prior, o, c.priorStrength);
    for (const i of test) held[i] = rowScore(rows[i]!, w, o);
  }
  const fitted = agreementOf(held, ratings, o);
  const all = fitRows(rows, prior, o, c.priorStrength);
  const better =
    (fitted.spearman ?? -2) > (defaults.spearman ?? -2) && (fitted.strongWeak ?? 0) >= (defaults.strongWeak ?? 0);
  const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(100 * x)}%`);
  const rho = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));
  return {
    ...base,
    folds,
    fitted: record(all),
    agreement: { defaults, fitted },
    inForce: better ? 'fitted' : 'defaults',
    why: better
      ? `fitted weights agree better with held-out ratings (ρ ${rho(fitted.spearman)} vs ${rho(defaults.spearman)}, strong/weak ${pct(fitted.strongWeak)} vs ${pct(defaults.strongWeak)})`
      : `the defaults agree as well or better with held-out ratings (ρ ${rho(defaults.spearman)} vs ${rho(fitted.spearman)}, strong/weak ${pct(defaults.strongWeak)} vs ${pct(fitted.strongWeak)})`,
  };
}
