/**
 * How the default factor weights were derived (run by hand, not by CI):
 *
 *   npx tsx tests/validation/tune-defaults.ts
 *
 * Fits the weights (server/analytics/strength/fit-weights.ts, the same fit a
 * workspace's calibration uses) to the hidden closeness of every tie in every
 * scenario, on DEVELOPMENT seeds only (1–3); the validation table and the CI
 * gate use other seeds (101 on). Prints the fitted weights and how each
 * scenario fares with them, on the development seeds.
 */
import { storeFromSnapshot } from '../../server/analytics/graph/evidence-store.js';
import {
  FACTOR_NAMES,
  resolveStrengthOptions,
  type StrengthOptionsInput,
} from '../../server/analytics/strength/relationship-strength.js';
import { fitWeights } from '../../server/analytics/strength/fit-weights.js';
import { factorValues, pairIndex, strengthTable } from '../../server/analytics/strength/tie-strengths.js';
import { SCENARIOS } from './scenarios.js';
import { NOW, simulateWorld } from './simulated-world.js';
import { shortfalls, validateStrength } from './validate-strength.js';
import { renderTable } from './render-table.js';

export const DEVELOPMENT_SEEDS = [1, 2, 3];

export function fitToSimulation(
  strength: StrengthOptionsInput,
  people = 300,
  priorStrength = 0.01,
): Record<string, number> {
  const rows: number[] = [];
  const targets: number[] = [];
  const f = FACTOR_NAMES.length;
  const row = new Float64Array(f);
  for (const scenario of SCENARIOS)
    for (const seed of DEVELOPMENT_SEEDS) {
      const world = simulateWorld({ people, seed, channels: scenario.channels, plan: scenario.plan });
      const table = strengthTable(storeFromSnapshot(world.snapshot, 'me', 'tune'), { now: NOW, ...strength });
      world.ids.forEach((id, i) => {
        const k = pairIndex(table, 'me', id);
        if (k < 0) row.fill(0);
        else factorValues(table, k, row);
        rows.push(...row);
        targets.push(world.truth[i]!);
      });
    }
  const prior = resolveStrengthOptions(strength).weights;
  const w = fitWeights(
    rows,
    targets,
    FACTOR_NAMES.map((n) => prior[n]),
    { priorStrength },
  );
  return Object.fromEntries(FACTOR_NAMES.map((n, j) => [n, Math.round(w[j]! * 100) / 100]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const extra = process.argv[2] ? (JSON.parse(process.argv[2]) as StrengthOptionsInput) : {};
  let weights = fitToSimulation(extra);
  // Round to two decimals and make them sum to 1 (the largest absorbs the rounding).
  const sum = Object.values(weights).reduce((s, x) => s + x, 0);
  const top = Object.entries(weights).sort((a, b) => b[1] - a[1])[0]![0];
  weights = { ...weights, [top]: Math.round((weights[top]! + 1 - sum) * 100) / 100 };
  console.log('fitted weights', JSON.stringify(weights));
  const results = validateStrength({ people: 300, seeds: DEVELOPMENT_SEEDS, strength: { ...extra, weights } });
  console.log(renderTable(results));
  console.log(shortfalls(results).join('\n'));
}
