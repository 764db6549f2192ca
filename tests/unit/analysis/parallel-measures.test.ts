/**
 * The second core: structural holes and Louvain computed on another thread give the analysis
 * exactly what one thread gives, and a failing thread leaves the work to this one.
 */
import { describe, expect, it } from 'vitest';
import { finishAnalysis, holesOf, louvainOf, measureInputs, prepareAnalysis } from '../../../server/analytics/index.js';
import { measuresInParallel, measuresOnAnotherThread } from '../../../server/analysis/parallel-measures.js';
import { syntheticWorkspace } from '../../fixtures/analytics/synthetic-workspace.js';

const NOW = Date.parse('2025-06-01T00:00:00Z');
const { snapshot } = syntheticWorkspace({ people: 1500, interactions: 9000, peerTies: 4000, now: NOW, seed: 19 });

/** The result without what differs from run to run (timings). */
function comparable(r: ReturnType<typeof finishAnalysis>['result']) {
  return { ...r, summary: { ...r.summary, durationMs: 0 } };
}

describe('measures on two threads', () => {
  it('below the threshold, nothing is computed ahead and nothing is started', async () => {
    const p = prepareAnalysis(snapshot, { now: NOW });
    expect(await measuresInParallel(p, Number.POSITIVE_INFINITY)).toEqual({});
  });

  it('a thread that fails leaves its part to this one, with no error', async () => {
    const inputs = measureInputs(prepareAnalysis(snapshot, { now: NOW }));
    // A negative Louvain weight is refused by the algorithm: the other thread throws.
    const weights = Float64Array.from(inputs.communityWeights);
    weights[0] = -1;
    expect(() => louvainOf({ ...inputs, communityWeights: weights })).toThrow(/weights must be finite and ≥ 0/);
    expect(await measuresOnAnotherThread({ ...inputs, communityWeights: weights })).toEqual({});
  });

  it('the other thread computes the same holes and communities as this one', async () => {
    const inputs = measureInputs(prepareAnalysis(snapshot, { now: NOW }));
    const there = await measuresOnAnotherThread(inputs);
    const holes = holesOf(inputs);
    const louvain = louvainOf(inputs);
    expect(there.holes?.constraint).toEqual(holes.constraint);
    expect(there.holes?.effectiveSize).toEqual(holes.effectiveSize);
    expect(there.louvain?.community).toEqual(louvain.community);
    expect(there.louvain?.modularity).toBe(louvain.modularity);
    expect(louvain.modularity).toBeGreaterThan(0.1);
  });

  it('an analysis split over two threads equals the one-thread analysis, value for value', async () => {
    const one = finishAnalysis(prepareAnalysis(snapshot, { now: NOW }));
    const p = prepareAnalysis(snapshot, { now: NOW });
    const computed = await measuresInParallel(p, 0);
    expect(Object.keys(computed).sort()).toEqual(['betweenness', 'holes', 'louvain', 'pagerank', 'reach']);
    const two = finishAnalysis(p, undefined, computed);
    expect(comparable(two.result)).toEqual(comparable(one.result));
    expect(two.result.communities.count).toBeGreaterThan(1);
    expect(two.state.partnerInputs.constraint).toEqual(one.state.partnerInputs.constraint);
    expect(two.state.partnerInputs.betweenness).toEqual(one.state.partnerInputs.betweenness);
  });
});
