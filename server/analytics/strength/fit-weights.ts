/**
 * Factor weights fitted to the user's own judgement
 * =================================================
 *
 * Gilbert & Karahalios (CHI 2009) fitted their tie-strength weights to
 * people's ratings of their own ties. This does the same per workspace: given
 * each rated tie's factor values x_i (0..1) and the rating's target y_i (0..1,
 * the middle of the rated stage's band), it finds the weights w that minimise
 *
 *   Σ_i (x_i · w − y_i)² + κ ‖w − w₀‖²    subject to  w ≥ 0,  Σ w = 1,
 *
 * a least-squares fit on the probability simplex, pulled toward the default
 * weights w₀ (ridge regression toward a prior, Hoerl & Kennard 1970) so a
 * handful of ratings cannot throw the model far. Solved by projected gradient
 * descent with Nesterov's acceleration (Beck & Teboulle 2009) and the exact
 * Euclidean projection onto the simplex (Duchi et al., ICML 2008). The work
 * is on the F × F normal equations, so 200 ratings cost microseconds.
 */
import { analyticsError } from '../util/analytics-error.js';

const ORIGIN = 'strength/fit-weights';

export const DEFAULTS = {
  /** κ: how many ratings' worth the default weights are held at (in squared error units). */
  priorStrength: 1,
  maxIterations: 5000,
  tolerance: 1e-12,
};

export type FitOptions = Partial<typeof DEFAULTS>;

/** Euclidean projection of v onto { w ≥ 0, Σ w = 1 } (Duchi et al. 2008), in place. */
export function projectToSimplex(v: Float64Array): Float64Array {
  const n = v.length;
  const u = Float64Array.from(v).sort().reverse();
  let sum = 0;
  let theta = 0;
  for (let i = 0; i < n; i++) {
    sum += u[i]!;
    const t = (sum - 1) / (i + 1);
    if (u[i]! - t > 0) theta = t;
  }
  for (let i = 0; i < n; i++) v[i] = Math.max(0, v[i]! - theta);
  return v;
}

/**
 * Non-negative weights summing to 1 that best map the rows of `x` (n × f,
 * row-major, values 0..1) to `y`, pulled toward `prior`.
 */
export function fitWeights(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  prior: ArrayLike<number>,
  options: FitOptions = {},
): Float64Array {
  const o = { ...DEFAULTS, ...options };
  const f = prior.length;
  const n = y.length;
  if (f === 0) throw analyticsError(ORIGIN, 'needs at least one factor');
  if (x.length !== n * f)
    throw analyticsError(ORIGIN, `expects ${n} rows of ${f} factor values (got ${x.length} values)`);
  if (!(o.priorStrength >= 0)) throw analyticsError(ORIGIN, 'option "priorStrength" must be a number ≥ 0');
  let priorSum = 0;
  for (let j = 0; j < f; j++) {
    if (!(prior[j]! >= 0)) throw analyticsError(ORIGIN, `prior weight ${j} must be ≥ 0`);
    priorSum += prior[j]!;
  }
  if (Math.abs(priorSum - 1) > 1e-9)
    throw analyticsError(ORIGIN, `prior weights must sum to 1 (they sum to ${priorSum})`);
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i]!)) throw analyticsError(ORIGIN, `factor value ${i} is not a finite number`);
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(y[i]!)) throw analyticsError(ORIGIN, `target ${i} is not a finite number`);

  // Normal equations: G = XᵀX + κI, b = Xᵀy + κw₀; minimise wᵀGw − 2bᵀw on the simplex.
  const g = new Float64Array(f * f);
  const b = new Float64Array(f);
  for (let i = 0; i < n; i++) {
    const row = i * f;
    for (let p = 0; p < f; p++) {
      const xp = x[row + p]!;
      if (xp === 0) continue;
      b[p]! += xp * y[i]!;
      for (let q = 0; q < f; q++) g[p * f + q]! += xp * x[row + q]!;
    }
  }
  for (let p = 0; p < f; p++) {
    g[p * f + p]! += o.priorStrength;
    b[p]! += o.priorStrength * prior[p]!;
  }
  // Step 1/L with L ≥ the largest eigenvalue of 2G (Gershgorin's bound).
  let lipschitz = 1e-12;
  for (let p = 0; p < f; p++) {
    let row = 0;
    for (let q = 0; q < f; q++) row += Math.abs(g[p * f + q]!);
    lipschitz = Math.max(lipschitz, 2 * row);
  }
  const w = projectToSimplex(Float64Array.from(prior));
  let previous = Float64Array.from(w);
  const z = Float64Array.from(w);
  const next = new Float64Array(f);
  let momentum = 1;
  for (let it = 0; it < o.maxIterations; it++) {
    for (let p = 0; p < f; p++) {
      let gz = 0;
      for (let q = 0; q < f; q++) gz += g[p * f + q]! * z[q]!;
      next[p] = z[p]! - (2 * (gz - b[p]!)) / lipschitz;
    }
    projectToSimplex(next);
    const m = (1 + Math.sqrt(1 + 4 * momentum * momentum)) / 2;
    let change = 0;
    for (let p = 0; p < f; p++) {
      change = Math.max(change, Math.abs(next[p]! - previous[p]!));
      z[p] = next[p]! + ((momentum - 1) / m) * (next[p]! - previous[p]!);
    }
    momentum = m;
    previous = Float64Array.from(next);
    w.set(next);
    if (change < o.tolerance) break;
  }
  // The accelerated sequence can step outside the simplex: the iterate `w` never does.
  return w;
}
