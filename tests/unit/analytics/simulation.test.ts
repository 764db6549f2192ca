import { describe, expect, it } from 'vitest';
import { storeFromSnapshot } from '../../../server/analytics/graph/evidence-store.js';
import { explainTie, strengthTable } from '../../../server/analytics/strength/tie-strengths.js';
import { NOW } from '../../fixtures/analytics/workspace-builder.js';
import { syntheticWorkspace } from '../../fixtures/analytics/synthetic-workspace.js';

/** Spearman's rank correlation, ties given their average rank. */
function spearman(x: number[], y: number[]): number {
  const ranks = (v: number[]) => {
    const order = v.map((value, i) => [value, i] as const).sort((a, b) => a[0] - b[0]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
      for (let k = i; k <= j; k++) r[order[k]![1]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const mx = mean(rx);
  const my = mean(ry);
  let num = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < x.length; i++) {
    num += (rx[i]! - mx) * (ry[i]! - my);
    dx += (rx[i]! - mx) ** 2;
    dy += (ry[i]! - my) ** 2;
  }
  return num / Math.sqrt(dx * dy);
}

describe('simulation: hidden closeness drives how often and how people interact', () => {
  it('spearman(1..n) is 1 and reversed is −1', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('the strength ranking matches the hidden one (Spearman ≥ 0.8)', () => {
    for (const seed of [1, 2, 3]) {
      const { snapshot, closeness } = syntheticWorkspace({
        people: 300,
        interactions: 6000,
        peerTies: 600,
        now: NOW,
        seed,
      });
      const table = strengthTable(storeFromSnapshot(snapshot, 'me', 'simulation'), { now: NOW });
      const ids = [...closeness.keys()];
      const strengths = ids.map((id) => explainTie(table, 'me', id).score);
      const rho = spearman(
        strengths,
        ids.map((id) => closeness.get(id)!),
      );
      expect(rho, `seed ${seed}`).toBeGreaterThanOrEqual(0.8);
    }
  });
});
