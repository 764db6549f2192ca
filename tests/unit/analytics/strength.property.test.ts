import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storeFromSnapshot } from '../../../server/analytics/graph/evidence-store.js';
import { explainTie, strengthTable } from '../../../server/analytics/strength/tie-strengths.js';
import { stageRank } from '../../../server/analytics/strength/stage.js';
import type { Channel, Interaction, Referral, Tie, WorkspaceSnapshot } from '../../../shared/index.js';
import { DAY, NOW, interaction, person, referral, tie, workspace } from '../../fixtures/analytics/workspace-builder.js';

const CHANNELS: Channel[] = ['in_person', 'video', 'call', 'email', 'message', 'event', 'social'];
const iso = (ms: number) => new Date(ms).toISOString();

const touch = (maxDaysAgo: number, channels: Channel[] = CHANNELS) =>
  fc.record({
    daysAgo: fc.double({ min: 0, max: maxDaysAgo, noNaN: true }),
    channel: fc.constantFrom(...channels),
    initiator: fc.constantFrom('me', 'ann', null),
  });

/** me–ann evidence plus up to four shared contacts with their own histories. */
const network = (channels: Channel[] = CHANNELS): fc.Arbitrary<Network> =>
  fc.record({
    pair: fc.array(touch(1500, channels), { maxLength: 15 }),
    linkedin: fc.boolean(),
    declared:
      channels.length === CHANNELS.length
        ? fc.option(fc.integer({ min: 0, max: 3000 }))
        : fc.constant<number | null>(null),
    referrals:
      channels.length === CHANNELS.length
        ? fc.array(fc.integer({ min: 0, max: 800 }), { maxLength: 3 })
        : fc.constant<number[]>([]),
    shared: fc.array(fc.array(touch(1500), { maxLength: 6 }), { maxLength: 4 }),
  });

type Network = {
  pair: { daysAgo: number; channel: Channel; initiator: string | null }[];
  linkedin: boolean;
  declared: number | null;
  referrals: number[];
  shared: { daysAgo: number; channel: Channel; initiator: string | null }[][];
};

function snapshotOf(n: Network, extra: Interaction[] = []): WorkspaceSnapshot {
  const shared = n.shared.map((_, i) => person(`w${i}`));
  const interactions: Interaction[] = n.pair.map((t, i) =>
    interaction(`p${i}`, iso(NOW - t.daysAgo * DAY), ['me', 'ann'], t.channel, t.initiator),
  );
  n.shared.forEach((touches, w) => {
    touches.forEach((t, i) => {
      interactions.push(interaction(`s${w}-${i}-me`, iso(NOW - t.daysAgo * DAY), ['me', `w${w}`], t.channel, null));
      interactions.push(interaction(`s${w}-${i}-ann`, iso(NOW - t.daysAgo * DAY), ['ann', `w${w}`], t.channel, null));
    });
  });
  const ties: Tie[] = [];
  if (n.linkedin) ties.push(tie('tl', 'me', 'ann', 'linkedin', '2018-03-01'));
  if (n.declared !== null)
    ties.push(tie('td', 'me', 'ann', 'knows', new Date(NOW - n.declared * DAY).toISOString().slice(0, 10)));
  const referrals: Referral[] = n.referrals.map((d, i) =>
    referral(`r${i}`, iso(NOW - d * DAY), i % 2 ? 'me' : 'ann', i % 2 ? 'ann' : 'me', { status: 'won' }),
  );
  return workspace({
    people: [person('me', { isMe: true }), person('ann'), ...shared],
    interactions: [...interactions, ...extra],
    ties,
    referrals,
  });
}

function tieOf(snapshot: WorkspaceSnapshot, now = NOW) {
  return explainTie(strengthTable(storeFromSnapshot(snapshot, 'me', 'test'), { now }), 'me', 'ann');
}

describe('relationship strength: properties', () => {
  it('stays within 0..100, each factor within 0..1, and the points add up', () => {
    fc.assert(
      fc.property(network(), (n) => {
        const s = tieOf(snapshotOf(n));
        expect(s.score).toBeGreaterThanOrEqual(0);
        expect(s.score).toBeLessThanOrEqual(100);
        let points = 0;
        for (const f of Object.values(s.factors)) {
          expect(f.value).toBeGreaterThanOrEqual(0);
          expect(f.value).toBeLessThanOrEqual(1);
          points += f.points;
        }
        expect(points).toBeCloseTo(s.uncappedScore, 9);
      }),
      { numRuns: 150 },
    );
  });

  it('never falls when a recent interaction is added', () => {
    fc.assert(
      fc.property(network(), touch(30), (n, t) => {
        const before = tieOf(snapshotOf(n)).score;
        const added = interaction('new', iso(NOW - t.daysAgo * DAY), ['me', 'ann'], t.channel, t.initiator);
        const after = tieOf(snapshotOf(n, [added])).score;
        expect(after).toBeGreaterThanOrEqual(before - 1e-9);
      }),
      { numRuns: 150 },
    );
  });

  it('halves the evidence its intensity saturates at the half-life (meetings and calls)', () => {
    // Writing is capped where one side writes more (unanswered), so the halving is exact for the other channels.
    fc.assert(
      fc.property(
        network(['in_person', 'video', 'call', 'event', 'social']),
        fc.constantFrom(30, 90, 180),
        (n, halfLifeDays) => {
          const snapshot = snapshotOf(n);
          const store = storeFromSnapshot(snapshot, 'me', 'test');
          const at = (now: number) =>
            explainTie(strengthTable(store, { now, halfLifeDays }), 'me', 'ann').factors.intensity;
          const today = at(NOW);
          const later = at(NOW + halfLifeDays * DAY);
          expect(later.decayedInteractions).toBeCloseTo(today.decayedInteractions / 2, 9);
          // The value saturates the recent contact pooled with the tie's usual rate (intensityScale 2).
          expect(later.value).toBeCloseTo(1 - Math.exp(-later.pooled / 2), 9);
          expect(today.value).toBeCloseTo(1 - Math.exp(-today.pooled / 2), 9);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps a LinkedIn-only tie at "acquaintance" or below, whatever else is around it', () => {
    fc.assert(
      fc.property(network(['social']), (n) => {
        const s = tieOf(snapshotOf({ ...n, linkedin: true }));
        expect(stageRank(s.stage)).toBeLessThanOrEqual(stageRank('acquaintance'));
      }),
      { numRuns: 150 },
    );
  });
});
