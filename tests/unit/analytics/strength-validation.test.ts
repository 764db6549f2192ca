/**
 * The strength validation in CI, at a small size (300 ties per scenario, one
 * held-out seed): docs/strength-validation.md has the full table (npm run
 * validate:strength) and bench/strength-validation.bench.ts prints it.
 *
 * Rank agreement (Spearman's ρ with the hidden closeness) is the gate: the
 * default model must beat every baseline in every scenario, except the
 * shortfalls listed below, which the doc states and which may not widen.
 * Strong/weak and stage agreement at this size move by a few points with the
 * seed, so they must beat the two weakest baselines outright and stay within
 * a few points of the best one.
 */
import { describe, expect, it } from 'vitest';
import { BASELINES } from '../../validation/baselines.js';
import { SCENARIOS } from '../../validation/scenarios.js';
import { type ScenarioResult, validateStrength } from '../../validation/validate-strength.js';

/**
 * Where the default model does not (yet) beat a baseline's ρ, and by how much
 * it may trail at most. Remove an entry when the model wins there.
 */
const KNOWN_SHORTFALLS: Record<string, { baseline: (typeof BASELINES)[number]; maxGap: number }> = {
  // The 90-day count is what "close now" means once a tie has cooled: the model adds little to it.
  drifting: { baseline: 'decayed90', maxGap: 0.03 },
  // Old friends with 4–15% of contact logged: the all-time count still sees more of them.
  infrequent: { baseline: 'rawCount', maxGap: 0.05 },
  // Messages only: the recent count is all there is; the model ties it.
  messages: { baseline: 'decayed90', maxGap: 0.02 },
  // Likes only: capped below "contact" by design, the model ranks by them less sharply than their count.
  linkedin: { baseline: 'rawCount', maxGap: 0.05 },
};

const results: ScenarioResult[] = validateStrength({ people: 300, seeds: [101] });

describe('strength validation: the default model against what a user could do by hand', () => {
  it('runs every scenario of the suite', () => {
    expect(results.map((r) => r.scenario.key)).toEqual(SCENARIOS.map((s) => s.key));
    for (const r of results) expect(Number.isFinite(r.by.model.spearman), r.scenario.key).toBe(true);
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: rank agreement beats every baseline`, () => {
      const r = results.find((x) => x.scenario.key === scenario.key)!;
      const known = KNOWN_SHORTFALLS[scenario.key];
      for (const b of BASELINES) {
        const model = r.by.model.spearman;
        const base = r.by[b].spearman;
        if (known?.baseline === b)
          expect(model, `${scenario.key}: ρ vs ${b} (known shortfall)`).toBeGreaterThan(base - known.maxGap);
        else expect(model, `${scenario.key}: ρ vs ${b}`).toBeGreaterThan(base);
      }
    });

    it(`${scenario.name}: strong/weak and stage agreement hold up`, () => {
      const r = results.find((x) => x.scenario.key === scenario.key)!;
      for (const m of ['strongWeak', 'stage'] as const) {
        const ranked = BASELINES.filter((b) => !Number.isNaN(r.by[b][m])).sort((a, b) => r.by[a][m] - r.by[b][m]);
        if (ranked.length === 0) continue;
        for (const b of ranked.slice(0, 2))
          expect(r.by.model[m], `${scenario.key}: ${m} vs ${b}`).toBeGreaterThan(r.by[b][m]);
        expect(r.by.model[m], `${scenario.key}: ${m} vs the best baseline`).toBeGreaterThan(
          r.by[ranked.at(-1)!][m] - 0.06,
        );
      }
    });
  }
});
