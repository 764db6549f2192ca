/**
 * The strength validation in CI, at a small size (500 ties per scenario, two
 * held-out seeds): docs/strength-validation.md has the full table (npm run
 * validate:strength) and bench/strength-validation.bench.ts prints it.
 *
 * Rank agreement (Spearman's ρ with the hidden closeness) is the gate: the
 * default model must beat every baseline in every scenario, except the
 * shortfalls listed below, which the doc states and which may not widen.
 * Strong/weak and stage agreement at this size move by a few points with the
 * seed, so they must beat the two weakest baselines outright and stay within
 * a few points of the best one.
 *
 * The size is chosen for the noise. The model's ρ margin over the best
 * baseline moves from seed to seed, at 500 ties, by a standard deviation of
 * (seeds 101–106): stable 0.008, drifting 0.007, warming 0.013, bursty 0.017,
 * infrequent 0.017, one-way 0.011, groups 0.030, messages 0.004, meetings
 * 0.004, LinkedIn-only 0.027, mixed 0.027; the mean of this gate's two seeds
 * has √2 less (at 300 ties and one seed, as before, 1.4–3 times more than
 * that: warming's margin, −0.015 on six seeds, passed there on seed 101 alone).
 * A scenario is held to a strict win only where its margin here is at least
 * twice that noise; the others may trail by at most their margin here plus
 * twice the noise, so a real loss of rank agreement fails, a reseeding does not.
 */
import { describe, expect, it } from 'vitest';
import { BASELINES } from '../../validation/baselines.js';
import { SCENARIOS } from '../../validation/scenarios.js';
import { type ScenarioResult, validateStrength } from '../../validation/validate-strength.js';

/**
 * Where the default model does not (yet) beat a baseline's ρ beyond the noise,
 * and by how much it may trail at most. Remove an entry when the model wins there.
 */
const KNOWN_SHORTFALLS: Record<string, { baseline: (typeof BASELINES)[number]; maxGap: number }> = {
  // The 90-day count is what "close now" means once a tie has cooled (here −0.002).
  drifting: { baseline: 'decayed90', maxGap: 0.015 },
  // The recent count sees the new warmth first; history and duration hold the model back (here −0.016).
  warming: { baseline: 'decayed90', maxGap: 0.035 },
  // Old friends with 4–15% of contact logged: the all-time count still sees more of them (here −0.033).
  infrequent: { baseline: 'rawCount', maxGap: 0.06 },
  // Messages only: the recent count is all there is; the model ties it (here −0.004).
  messages: { baseline: 'decayed90', maxGap: 0.01 },
  // A calendar only: the same; the model ties it (here +0.000, within the noise).
  meetings: { baseline: 'decayed90', maxGap: 0.01 },
  // Likes only: capped below "contact" by design, the model ranks by them less sharply than their count (here −0.014).
  linkedin: { baseline: 'rawCount', maxGap: 0.055 },
};

/**
 * How far strong/weak and stage agreement may trail the best baseline: a few
 * points, more for the old friends, where the all-time count calls 84% of ties
 * right and the model 79% (the doc's table, 3,000 ties; 6 points on this gate's seeds).
 */
const CLASS_SLACK: Record<string, number> = { infrequent: 0.08 };

const results: ScenarioResult[] = validateStrength({ people: 500, seeds: [101, 102] });

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
          r.by[ranked.at(-1)!][m] - (CLASS_SLACK[scenario.key] ?? 0.06),
        );
      }
    });
  }
});
