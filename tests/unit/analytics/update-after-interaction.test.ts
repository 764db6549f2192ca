import { describe, expect, it } from 'vitest';
import { analyzeWorkspaceWithState } from '../../../server/analytics/analyze-workspace.js';
import { storeFromSnapshot } from '../../../server/analytics/graph/evidence-store.js';
import { strengthTable } from '../../../server/analytics/strength/tie-strengths.js';
import { tieStrengthOf, updateAfterInteraction } from '../../../server/analytics/update-after-interaction.js';
import type { Interaction, WorkspaceSnapshot } from '../../../shared/index.js';
import { NOW, interaction } from '../../fixtures/analytics/workspace-builder.js';
import { syntheticWorkspace } from '../../fixtures/analytics/synthetic-workspace.js';

const { snapshot } = syntheticWorkspace({
  people: 150,
  interactions: 1500,
  peerTies: 300,
  referrals: 10,
  introductions: 10,
  now: NOW,
  seed: 5,
});
const at = new Date(NOW - 2 * 3_600_000).toISOString();

/** Every pair's score after a full recompute of the snapshot with the new interactions. */
function fullScores(s: WorkspaceSnapshot, added: Interaction[]): Map<string, number> {
  const table = strengthTable(storeFromSnapshot({ ...s, interactions: [...s.interactions, ...added] }, 'me', 'test'), {
    now: NOW,
  });
  const out = new Map<string, number>();
  for (let k = 0; k < table.store.pairCount; k++)
    out.set(`${table.store.people[table.store.pa[k]!]} ${table.store.people[table.store.pb[k]!]}`, table.score[k]!);
  return out;
}

describe('updateAfterInteraction: errors first', () => {
  const { state } = analyzeWorkspaceWithState(snapshot, { now: NOW });
  it('names what is wrong with the interaction', () => {
    expect(() =>
      updateAfterInteraction(state, { occurredAt: at, channel: 'call', participantIds: ['me', 'ghost'] }),
    ).toThrow(
      /nurture\/analytics\/update-after-interaction: person ghost is not in the analysed workspace; a new person needs a full recompute/,
    );
    expect(() =>
      updateAfterInteraction(state, { occurredAt: at, channel: 'call', participantIds: ['me', 'me'] }),
    ).toThrow(/at least two different people/);
    expect(() =>
      updateAfterInteraction(state, { occurredAt: at, channel: 'fax' as never, participantIds: ['me', 'p1'] }),
    ).toThrow(/unknown channel "fax"/);
    expect(() =>
      updateAfterInteraction(state, {
        occurredAt: at,
        channel: 'call',
        participantIds: ['me', 'p1'],
        initiatorId: 'p2',
      }),
    ).toThrow(/initiator must be one of the participants/);
    expect(() =>
      updateAfterInteraction({} as never, { occurredAt: at, channel: 'call', participantIds: ['me', 'p1'] }),
    ).toThrow(/expects the state returned by analyzeWorkspaceWithState/);
  });
});

describe('updateAfterInteraction', () => {
  it('gives the same strengths as a full recompute, for every tie, over several updates', () => {
    const { state } = analyzeWorkspaceWithState(snapshot, { now: NOW });
    const added: Interaction[] = [
      interaction('new1', at, ['me', 'p7'], 'in_person', 'p7'),
      interaction('new2', at, ['p3', 'p140'], 'call', 'p3'),
      interaction('new3', at, ['me', 'p8', 'p9'], 'video', 'me'),
      interaction('new4', at, ['me', 'p7'], 'email', 'me'),
    ];
    let current = state;
    for (const i of added) current = updateAfterInteraction(current, i, { now: NOW }).state;
    const expected = fullScores(snapshot, added);
    for (const [key, score] of expected) {
      const [x, y] = key.split(' ') as [string, string];
      expect(tieStrengthOf(current, x, y).score, key).toBeCloseTo(score, 9);
    }
  });

  it('reports the affected ties and people, explained', () => {
    const { state } = analyzeWorkspaceWithState(snapshot, { now: NOW });
    const r = updateAfterInteraction(state, interaction('new', at, ['me', 'p7'], 'in_person', 'p7'), { now: NOW });
    const direct = r.ties.find((t) => [t.aId, t.bId].sort().join() === ['me', 'p7'].join())!;
    expect(direct.factors.intensity.interactions).toBe(
      tieStrengthOf(state, 'me', 'p7').factors.intensity.interactions + 1,
    );
    const p7 = r.people.find((p) => p.personId === 'p7')!;
    expect(p7.strengthToMe.score).toBe(direct.score);
    expect(p7.partner.parts.strength.strengthToMe).toBe(direct.score);
    expect(r.computedAt).toBe(new Date(NOW).toISOString());
  });

  it('leaves the previous state as it was', () => {
    const { state } = analyzeWorkspaceWithState(snapshot, { now: NOW });
    const before = tieStrengthOf(state, 'me', 'p7');
    const strengths = Float64Array.from(state.partnerInputs.strengthToMe);
    updateAfterInteraction(state, interaction('new', at, ['me', 'p7'], 'in_person', 'p7'), { now: NOW });
    expect(tieStrengthOf(state, 'me', 'p7')).toEqual(before);
    expect(state.partnerInputs.strengthToMe).toEqual(strengths);
    expect((state as { overlay?: unknown }).overlay).toBeUndefined();
  });
});
