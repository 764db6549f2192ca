/**
 * The strength validation in CI, at a small size (500 ties per scenario, three
 * held-out seeds, 101–103): docs/strength-validation.md has the full table (npm
 * run validate:strength) and bench/strength-validation.bench.ts prints it.
 *
 * Rank agreement (Spearman's ρ with the hidden closeness) is the gate: the
 * default model must beat every baseline in every scenario, strictly, with no
 * exception. Its margins over the best baseline here (mean of the three seeds):
 * stable +0.022, drifting +0.021, warming +0.017, bursty +0.028, infrequent
 * +0.017, one-way +0.057, groups +0.314, messages +0.014, meetings +0.016,
 * LinkedIn-only +0.039, mixed +0.187. The margin moves from seed to seed, at
 * 500 ties, by a standard deviation of (seeds 101–106): stable 0.008, drifting
 * 0.012, warming 0.009, bursty 0.017, infrequent 0.017, one-way 0.015, groups
 * 0.025, messages 0.001, meetings 0.003, LinkedIn-only 0.017, mixed 0.023; the
 * mean of three seeds has √3 less. At 1,000 ties and seeds 101–104 the margins
 * are 3 to 40 standard errors above zero (the doc). A change that costs the
 * model its lead anywhere fails here; a single seed at this size would not be
 * enough (drifting, infrequent and LinkedIn-only each lose on one of six).
 *
 * Strong/weak and stage agreement at this size move by a few points with the
 * seed, so they must beat the two weakest baselines outright and stay within a
 * few points of the best one.
 */
import { describe, expect, it } from 'vitest';
import { BASELINES } from '../../validation/baselines.js';
import { SCENARIOS } from '../../validation/scenarios.js';
import { type ScenarioResult, validateStrength } from '../../validation/validate-strength.js';

/** How far strong/weak and stage agreement may trail the best baseline at this size. */
const CLASS_SLACK = 0.06;

const results: ScenarioResult[] = validateStrength({ people: 500, seeds: [101, 102, 103] });

describe('strength validation: the default model against what a user could do by hand', () => {
  it('runs every scenario of the suite', () => {
    expect(results.map((r) => r.scenario.key)).toEqual(SCENARIOS.map((s) => s.key));
    for (const r of results) expect(Number.isFinite(r.by.model.spearman), r.scenario.key).toBe(true);
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: rank agreement beats every baseline`, () => {
      const r = results.find((x) => x.scenario.key === scenario.key)!;
      for (const b of BASELINES)
        expect(r.by.model.spearman, `${scenario.key}: ρ vs ${b}`).toBeGreaterThan(r.by[b].spearman);
    });

    it(`${scenario.name}: strong/weak and stage agreement hold up`, () => {
      const r = results.find((x) => x.scenario.key === scenario.key)!;
      for (const m of ['strongWeak', 'stage'] as const) {
        const ranked = BASELINES.filter((b) => !Number.isNaN(r.by[b][m])).sort((a, b) => r.by[a][m] - r.by[b][m]);
        if (ranked.length === 0) continue;
        for (const b of ranked.slice(0, 2))
          expect(r.by.model[m], `${scenario.key}: ${m} vs ${b}`).toBeGreaterThan(r.by[b][m]);
        expect(r.by.model[m], `${scenario.key}: ${m} vs the best baseline`).toBeGreaterThan(
          r.by[ranked.at(-1)!][m] - CLASS_SLACK,
        );
      }
    });
  }
});
