/**
 * Runs the strength validation: for each scenario and seed, simulates a
 * workspace, scores every tie to me with the model and the baselines, and
 * measures each against the hidden closeness now: Spearman's ρ, strong/weak
 * agreement and stage agreement (both at the truth's own class sizes, for
 * every predictor alike), plus the model's agreement at its own thresholds
 * (score ≥ 50 is strong; its stage ladder).
 */
import { storeFromSnapshot } from '../../server/analytics/graph/evidence-store.js';
import type { StrengthOptionsInput } from '../../server/analytics/strength/relationship-strength.js';
import { stageOf, stageRank } from '../../server/analytics/strength/stage.js';
import { pairIndex, strengthTable } from '../../server/analytics/strength/tie-strengths.js';
import { classAccuracy, matchedRateAccuracy, spearman } from '../../server/analytics/util/rank-agreement.js';
import { BASELINES, type Predictor, baselineScores } from './baselines.js';
import { SCENARIOS, type Scenario } from './scenarios.js';
import { NOW, STRONG_CUT, simulateWorld, stageOfCloseness } from './simulated-world.js';

export interface Measures {
  spearman: number;
  /** Strong/weak agreement at the truth's share of strong ties. */
  strongWeak: number;
  /** Five-stage agreement at the truth's stage sizes. */
  stage: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  ties: number;
  strongShare: number;
  seeds: number[];
  /** Mean over seeds. */
  by: Record<Predictor, Measures>;
  /** The model at its own thresholds (score ≥ 50 strong; its stages). */
  own: { strongWeak: number; stage: number };
  /** Lowest ρ over seeds, per predictor. */
  minSpearman: Record<Predictor, number>;
}

export interface ValidationOptions {
  people: number;
  seeds: number[];
  scenarios?: Scenario[];
  strength?: StrengthOptionsInput;
}

const PREDICTORS: Predictor[] = ['model', ...BASELINES];

/** Strong/weak agreement is not measured where every tie is on one side (n/a in the table). */
function measures(score: ArrayLike<number>, truth: Float64Array, strong: Float64Array, stage: Float64Array): Measures {
  const strongCount = strong.reduce((s, x) => s + x, 0);
  return {
    spearman: spearman(score, truth),
    strongWeak: strongCount === 0 || strongCount === strong.length ? Number.NaN : matchedRateAccuracy(score, strong, 2),
    stage: matchedRateAccuracy(score, stage, 5),
  };
}

/** The model's score of each tie me–ids[k]. */
export function modelScores(
  world: ReturnType<typeof simulateWorld>,
  strength: StrengthOptionsInput = {},
): Float64Array {
  const table = strengthTable(storeFromSnapshot(world.snapshot, 'me', 'validation'), { now: NOW, ...strength });
  return Float64Array.from(world.ids, (id) => {
    const k = pairIndex(table, 'me', id);
    return k < 0 ? 0 : table.score[k]!;
  });
}

export function validateScenario(scenario: Scenario, o: ValidationOptions): ScenarioResult {
  const sums = Object.fromEntries(PREDICTORS.map((p) => [p, { spearman: 0, strongWeak: 0, stage: 0 }])) as Record<
    Predictor,
    Measures
  >;
  const minSpearman = Object.fromEntries(PREDICTORS.map((p) => [p, Infinity])) as Record<Predictor, number>;
  const own = { strongWeak: 0, stage: 0 };
  let strongShare = 0;
  for (const seed of o.seeds) {
    const world = simulateWorld({ people: o.people, seed, channels: scenario.channels, plan: scenario.plan });
    const strong = Float64Array.from(world.truth, (c) => (c >= STRONG_CUT ? 1 : 0));
    const stage = Float64Array.from(world.truth, stageOfCloseness);
    strongShare += strong.reduce((s, x) => s + x, 0) / strong.length;
    const model = modelScores(world, o.strength);
    const scores: Record<Predictor, ArrayLike<number>> = {
      model,
      ...baselineScores(world.snapshot, 'me', world.ids, NOW),
    };
    for (const p of PREDICTORS) {
      const m = measures(scores[p], world.truth, strong, stage);
      sums[p].spearman += m.spearman;
      sums[p].strongWeak += m.strongWeak;
      sums[p].stage += m.stage;
      minSpearman[p] = Math.min(minSpearman[p], m.spearman);
    }
    const degenerate = strong.every((x) => x === strong[0]);
    own.strongWeak += degenerate
      ? Number.NaN
      : classAccuracy(
          Float64Array.from(model, (s) => (s >= 50 ? 1 : 0)),
          strong,
        );
    own.stage += classAccuracy(
      Float64Array.from(model, (s) => stageRank(stageOf(s))),
      stage,
    );
  }
  const k = o.seeds.length;
  const by = Object.fromEntries(
    PREDICTORS.map((p) => [
      p,
      { spearman: sums[p].spearman / k, strongWeak: sums[p].strongWeak / k, stage: sums[p].stage / k },
    ]),
  ) as Record<Predictor, Measures>;
  return {
    scenario,
    ties: o.people,
    strongShare: strongShare / k,
    seeds: o.seeds,
    by,
    own: { strongWeak: own.strongWeak / k, stage: own.stage / k },
    minSpearman,
  };
}

export function validateStrength(o: ValidationOptions): ScenarioResult[] {
  return (o.scenarios ?? SCENARIOS).map((s) => validateScenario(s, o));
}

/** Where the model fails to beat a baseline: "scenario: measure model ≤ baseline". */
export function shortfalls(results: ScenarioResult[]): string[] {
  const out: string[] = [];
  for (const r of results)
    for (const b of BASELINES)
      for (const m of ['spearman', 'strongWeak', 'stage'] as const)
        if (!Number.isNaN(r.by[b][m]) && !(r.by.model[m] > r.by[b][m]))
          out.push(`${r.scenario.key}: ${m} ${r.by.model[m].toFixed(3)} ≤ ${b} ${r.by[b][m].toFixed(3)}`);
  return out;
}
