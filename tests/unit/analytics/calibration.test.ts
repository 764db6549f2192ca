import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agreementOf, calibrate, rowScore, type RatedRow } from '../../../server/analytics/strength/calibrate.js';
import { fitWeights, projectToSimplex } from '../../../server/analytics/strength/fit-weights.js';
import {
  FACTOR_NAMES,
  applyRating,
  ratingBand,
  resolveStrengthOptions,
} from '../../../server/analytics/strength/relationship-strength.js';
import { stageOf } from '../../../server/analytics/strength/stage.js';
import { lcg } from '../../../shared/domain/random.js';
import {
  classAccuracy,
  matchedRateAccuracy,
  midRanks,
  spearman,
} from '../../../server/analytics/util/rank-agreement.js';
import type { ClosenessRating } from '../../../shared/index.js';

const o = resolveStrengthOptions();
const RATINGS: ClosenessRating[] = ['distant', 'acquaintance', 'friendly', 'close', 'trusted'];
const F = FACTOR_NAMES.length;

/** Rated ties whose factor values are drawn at random and whose rating is the stage planted weights give them. */
function planted(weights: number[], n: number, seed: number): RatedRow[] {
  const random = lcg(seed);
  return Array.from({ length: n }, (_, i) => {
    const values = Array.from({ length: F }, () => random());
    const row: RatedRow = { personId: `p${i}`, rating: 'distant', values, onlineOnly: false };
    const score = rowScore(row, weights, o);
    const stage = stageOf(score, o.stages);
    row.rating = RATINGS[['stranger', 'acquaintance', 'contact', 'relationship', 'trusted'].indexOf(stage)]!;
    return row;
  });
}

describe('rank agreement', () => {
  it('errors first: lists of different lengths, classes out of range', () => {
    expect(() => spearman([1, 2], [1])).toThrow(/two lists of one length/);
    expect(() => matchedRateAccuracy([1, 2], [0, 2], 2)).toThrow(/class 2 at position 1 is outside 0\.\.1/);
  });
  it('mid-ranks ties, and Spearman is 1, −1 or NaN where it must be', () => {
    expect(Array.from(midRanks([10, 20, 20, 5]))).toEqual([1, 2.5, 2.5, 0]);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
  it('cuts a score at the truth’s class sizes, sharing tied scores out evenly', () => {
    // Two strong of four: the top two scores are called strong.
    expect(matchedRateAccuracy([4, 3, 2, 1], [1, 1, 0, 0], 2)).toBe(1);
    expect(matchedRateAccuracy([1, 2, 3, 4], [1, 1, 0, 0], 2)).toBe(0);
    // All tied: each tie is strong with probability 1/2.
    expect(matchedRateAccuracy([5, 5, 5, 5], [1, 1, 0, 0], 2)).toBe(0.5);
    expect(classAccuracy([0, 1, 1], [0, 1, 0])).toBeCloseTo(2 / 3, 12);
  });
});

describe('fitting weights on the simplex', () => {
  it('errors first: rows of the wrong size, priors that are not weights', () => {
    expect(() => fitWeights([1, 2, 3], [1], [0.5, 0.5])).toThrow(/expects 1 rows of 2 factor values \(got 3 values\)/);
    expect(() => fitWeights([1, 2], [1], [0.7, 0.7])).toThrow(/prior weights must sum to 1/);
    expect(() => fitWeights([1, Number.NaN], [1], [0.5, 0.5])).toThrow(/factor value 1 is not a finite number/);
  });
  it('projects onto the simplex (Duchi et al. 2008)', () => {
    expect(Array.from(projectToSimplex(Float64Array.from([0.5, 0.5])))).toEqual([0.5, 0.5]);
    expect(Array.from(projectToSimplex(Float64Array.from([2, 0])))).toEqual([1, 0]);
    const p = projectToSimplex(Float64Array.from([0.6, 0.6, -1]));
    expect(Array.from(p)).toEqual([0.5, 0.5, 0]);
  });
  it('always answers weights that are ≥ 0 and sum to 1', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
            fc.double({ min: 0, max: 1, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (rows, prior) => {
          const w = fitWeights(
            rows.flatMap(([x]) => x),
            rows.map(([, y]) => y),
            [1 / 3, 1 / 3, 1 / 3],
            { priorStrength: prior },
          );
          for (const x of w) expect(x).toBeGreaterThanOrEqual(0);
          expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
        },
      ),
      { numRuns: 100 },
    );
  });
  it('stays at the defaults with no ratings, and moves off them as ratings come in', () => {
    const prior = FACTOR_NAMES.map((n) => o.weights[n]);
    expect(Array.from(fitWeights([], [], prior))).toEqual(prior.map((x) => expect.closeTo(x, 9)));
  });
});

describe('calibration recovers planted weights', () => {
  const weights = [0.3, 0.1, 0.15, 0.1, 0.05, 0.2, 0.1];
  it('from 200 ratings made by planted weights, within 0.05 of each', () => {
    const rows = planted(weights, 200, 7);
    const fit = calibrate(rows, o, { priorStrength: 0.01 });
    expect(fit.fitted).not.toBeNull();
    for (const [j, n] of FACTOR_NAMES.entries()) expect(Math.abs(fit.fitted![n] - weights[j]!), n).toBeLessThan(0.05);
    // Weights that fit so well agree better than the defaults: they are put in force.
    expect(fit.inForce).toBe('fitted');
    expect(fit.agreement.fitted!.strongWeak!).toBeGreaterThan(fit.agreement.defaults.strongWeak!);
  });
  it('keeps the defaults below the minimum number of ratings, and says why', () => {
    const fit = calibrate(planted(weights, 5, 3), o);
    expect(fit).toMatchObject({ ratings: 5, fitted: null, inForce: 'defaults', folds: 0 });
    expect(fit.why).toBe('5 of the 8 ratings needed before weights are fitted');
  });
  it('keeps the defaults when ratings made by the defaults themselves are all there is', () => {
    const prior = FACTOR_NAMES.map((n) => o.weights[n]);
    const fit = calibrate(planted(prior, 60, 11), o);
    expect(fit.inForce).toBe('defaults');
    for (const [j, n] of FACTOR_NAMES.entries()) expect(Math.abs(fit.fitted![n] - prior[j]!)).toBeLessThan(0.05);
  });
  it('names a row of the wrong size', () => {
    expect(() => calibrate([{ personId: 'x', rating: 'close', values: [1], onlineOnly: false }], o)).toThrow(
      /rated tie x has 1 factor values, not 7/,
    );
  });
  it('measures agreement like Gilbert & Karahalios: strong/weak, stage, rank', () => {
    expect(agreementOf([80, 10, 55], ['trusted', 'distant', 'friendly'], o)).toEqual({
      strongWeak: 2 / 3,
      stage: 2 / 3,
      spearman: expect.closeTo(1, 12),
    });
  });
});

describe('a rated tie', () => {
  it('is held within its stage: never demoted for lack of logs, nor raised past the rating', () => {
    expect(ratingBand('close', o)).toEqual({ min: 50, max: 69.99 });
    expect(ratingBand('distant', o)).toEqual({ min: 0, max: 14.99 });
    expect(ratingBand('trusted', o)).toEqual({ min: 70, max: 100 });
    const close = { rating: 'close' as const, ratedAt: 1000 };
    expect(applyRating(3, close, 2000, o)).toBe(50);
    expect(applyRating(90, close, 2000, o)).toBe(69.99);
    expect(applyRating(60, close, 2000, o)).toBe(60);
    // Before the day of the rating the evidence alone speaks.
    expect(applyRating(3, close, 500, o)).toBe(3);
  });
});
