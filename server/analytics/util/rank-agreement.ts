/**
 * Agreement between a score and a judgement
 * =========================================
 *
 * C. Spearman, "The proof and measurement of association between two things",
 * American Journal of Psychology 1904: the rank correlation, tied values at
 * their mid-rank. E. Gilbert & K. Karahalios, "Predicting tie strength with
 * social media", CHI 2009: strong/weak agreement, the share of ties put on the
 * right side of a strong/weak split (they reached about 85%).
 *
 * A score that is not on the judgement's scale (a count of messages, days
 * known) has no threshold of its own; `matchedRateAccuracy` gives it the
 * fairest one: it cuts the score's ranking at the judgement's own class sizes
 * (the top n_strong called strong, and so on), with tied scores shared among
 * the classes they straddle (the accuracy expected when ties are broken at
 * random). The same cut applies to every predictor, so they compare like for like.
 */
import { analyticsError } from './analytics-error.js';

const ORIGIN = 'util/rank-agreement';

function checkPair(x: ArrayLike<number>, y: ArrayLike<number>): void {
  if (x.length !== y.length)
    throw analyticsError(ORIGIN, `expects two lists of one length (got ${x.length} and ${y.length})`);
}

/** Positions in ascending order of value (stable). */
function order(values: ArrayLike<number>): Int32Array {
  const idx = Int32Array.from({ length: values.length }, (_, i) => i);
  return idx.sort((a, b) => values[a]! - values[b]! || a - b);
}

/** Ranks 0..n-1 in ascending order, tied values at the mean of their ranks. */
export function midRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const o = order(values);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[o[j + 1]!] === values[o[i]!]) j++;
    for (let k = i; k <= j; k++) r[o[k]!] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

/** Pearson's correlation; NaN when either side is constant or there are fewer than two values. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPair(x, y);
  const n = x.length;
  if (n < 2) return Number.NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let num = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i]! - mx;
    const b = y[i]! - my;
    num += a * b;
    dx += a * a;
    dy += b * b;
  }
  return dx === 0 || dy === 0 ? Number.NaN : num / Math.sqrt(dx * dy);
}

/** Spearman's rank correlation (mid-ranks for ties); NaN when either side is constant. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPair(x, y);
  return pearson(midRanks(x), midRanks(y));
}

/** Share of positions where the two class lists agree. */
export function classAccuracy(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  checkPair(predicted, truth);
  if (truth.length === 0) return Number.NaN;
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) hits++;
  return hits / truth.length;
}

/**
 * Expected class accuracy of `score` cut at the truth's class sizes: with
 * classes 0..k-1 (ascending), the lowest n_0 scores are called class 0, the
 * next n_1 class 1, and so on; a block of tied scores is spread evenly over
 * the classes its positions fall in.
 */
export function matchedRateAccuracy(score: ArrayLike<number>, truthClass: ArrayLike<number>, classes: number): number {
  checkPair(score, truthClass);
  const n = score.length;
  if (n === 0) return Number.NaN;
  const bounds = new Int32Array(classes + 1);
  for (let i = 0; i < n; i++) {
    const c = truthClass[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= classes)
      throw analyticsError(ORIGIN, `class ${c} at position ${i} is outside 0..${classes - 1}`);
    bounds[c + 1]!++;
  }
  for (let c = 0; c < classes; c++) bounds[c + 1]! += bounds[c]!;
  const o = order(score);
  let expected = 0;
  for (let lo = 0; lo < n; ) {
    let hi = lo + 1;
    while (hi < n && score[o[hi]!] === score[o[lo]!]) hi++;
    for (let k = lo; k < hi; k++) {
      const c = truthClass[o[k]!]!;
      const overlap = Math.max(0, Math.min(hi, bounds[c + 1]!) - Math.max(lo, bounds[c]!));
      expected += overlap / (hi - lo);
    }
    lo = hi;
  }
  return expected / n;
}
