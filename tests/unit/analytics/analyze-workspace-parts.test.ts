import { describe, expect, it } from 'vitest';
import {
  analyzeWorkspace,
  checkInputs,
  scoreTies,
  stageCounts,
  stopwatch,
  tieGraphs,
} from '../../../server/analytics/analyze-workspace.js';
import { earlyPitches } from '../../../server/analytics/mistakes/early-pitch.js';
import { storeFromSnapshot } from '../../../server/analytics/graph/evidence-store.js';
import { strengthTable } from '../../../server/analytics/strength/tie-strengths.js';
import { type ExpressedNeed, type Person, type WorkspaceSnapshot, expressedNeeds } from '../../../shared/index.js';
import {
  NOW,
  daysAgo,
  interaction,
  person,
  pitch,
  tie,
  workspace,
} from '../../fixtures/analytics/workspace-builder.js';

const me = person('me', { isMe: true });
const need = (id: string, personId: string, expressedOn: string, note = 'looking for a bookkeeper'): ExpressedNeed => ({
  id,
  createdAt: '2024-01-01T00:00:00.000Z',
  personId,
  expressedOn,
  note,
});

/** Me, Ann met weekly, Bob met once, Cy only on LinkedIn. */
function small(extra: Partial<WorkspaceSnapshot> = {}): WorkspaceSnapshot {
  return workspace({
    people: [me, person('ann'), person('bob'), person('cy')],
    ties: [tie('t', 'me', 'cy', 'linkedin', '2020-01-01')],
    interactions: [
      ...Array.from({ length: 20 }, (_, k) =>
        interaction(`a${k}`, daysAgo(7 * k), ['me', 'ann'], 'in_person', k % 2 ? 'me' : 'ann'),
      ),
      interaction('b', daysAgo(5), ['me', 'bob'], 'in_person', 'me'),
      interaction('ab', daysAgo(3), ['ann', 'bob'], 'call', 'ann'),
    ],
    ...extra,
  });
}

describe('analyzeWorkspace, part by part', () => {
  it('checkInputs: errors first, then the options, me and the ratings', () => {
    expect(() =>
      checkInputs(small(), { now: NOW, ratings: [{ personId: 'zed', rating: 'close', ratedAt: daysAgo(1) }] }),
    ).toThrow(/rated person zed is not in this workspace/);
    expect(() =>
      checkInputs(small(), { now: NOW, ratings: [{ personId: 'cy', rating: 'close', ratedAt: 'soon' }] }),
    ).toThrow(/rating of cy: ratedAt is not an instant/);
    const { meId, ratings, o } = checkInputs(small(), {
      now: NOW,
      ratings: [
        { personId: 'cy', rating: 'close', ratedAt: `${daysAgo(1)}T00:00:00Z` },
        { personId: 'me', rating: 'trusted', ratedAt: `${daysAgo(1)}T00:00:00Z` },
      ],
    });
    expect(meId).toBe('me');
    expect(o.now).toBe(NOW);
    // A rating of myself means nothing and is left out.
    expect([...ratings.keys()]).toEqual(['cy']);
  });

  it('stopwatch: one timing per lap, in order', () => {
    const clock = stopwatch();
    clock.lap('first');
    clock.lap('second');
    expect(Object.keys(clock.timings)).toEqual(['first', 'second']);
    for (const t of Object.values(clock.timings)) expect(t).toBeGreaterThanOrEqual(0);
  });

  it('scoreTies and tieGraphs: Burt weights floored and capped, distances only over ties strong enough', () => {
    const { o, meId, ratings } = checkInputs(small(), { now: NOW });
    const { table, store } = scoreTies(small(), meId, o, ratings);
    expect(store.pairCount).toBe(4);
    const { strengthGraph, distanceGraph } = tieGraphs(table, {
      ...o,
      minTieWeight: 0.5,
      maxTieWeight: 99.9,
      minBrokerStrength: 1,
    });
    for (const w of strengthGraph.weights) {
      expect(w).toBeGreaterThanOrEqual(0.5);
      expect(w).toBeLessThanOrEqual(99.9);
    }
    // Every kept distance is −ln(strength/100) of its pair.
    for (let a = 0; a < distanceGraph.targets.length; a++) {
      const s = Math.min(99.9, Math.max(0.5, table.score[distanceGraph.pair[a]!]!));
      expect(distanceGraph.weights[a]).toBeCloseTo(-Math.log(s / 100), 12);
    }
    const cutoff = tieGraphs(table, { ...o, minBrokerStrength: 100, paths: { ...o.paths, minStrength: 100 } });
    expect(cutoff.distanceGraph.targets.length).toBe(0);
  });

  it('stageCounts: every tie to me counted once', () => {
    const result = analyzeWorkspace(small(), { now: NOW });
    expect(stageCounts(result.people.map((p) => p.strengthToMe))).toEqual(result.summary.stages);
    expect(Object.values(result.summary.stages).reduce((s, x) => s + x, 0)).toBe(3);
  });
});

describe('a rated tie in the analysis', () => {
  it('is "rated by you": held in its stage however thin the logs, with the evidence it stands on', () => {
    const rated = analyzeWorkspace(small(), {
      now: NOW,
      ratings: [{ personId: 'cy', rating: 'close', ratedAt: `${daysAgo(2)}T00:00:00Z` }],
    });
    const cy = rated.people.find((p) => p.personId === 'cy')!.strengthToMe;
    expect(cy.score).toBe(50);
    expect(cy.stage).toBe('relationship');
    expect(cy.rating).toMatchObject({ rating: 'close', min: 50, max: 69.99 });
    expect(cy.rating!.evidenceScore).toBeLessThan(15);
    expect(cy.evidence).toEqual({ records: 0, confidence: 0 });
    // The LinkedIn-only cap gives way to the user's word; the cap is still reported.
    expect(cy.cap).toMatchObject({ reason: 'online-only' });
    expect(rated.summary.stages.relationship).toBeGreaterThanOrEqual(1);
  });
  it('is held down too: a rated "distant" tie stays below acquaintance however busy', () => {
    const rated = analyzeWorkspace(small(), {
      now: NOW,
      ratings: [{ personId: 'ann', rating: 'distant', ratedAt: `${daysAgo(2)}T00:00:00Z` }],
    });
    const ann = rated.people.find((p) => p.personId === 'ann')!.strengthToMe;
    expect(ann.score).toBe(14.99);
    expect(ann.rating!.evidenceScore).toBeGreaterThan(30); // a "contact" by its evidence
    expect(ann.evidence.records).toBe(20);
  });
});

describe('expressed needs', () => {
  const withPitch = (needs: ExpressedNeed[]) =>
    small({ pitches: [pitch('p', daysAgo(1), 'me', 'ann', { offer: 'audit' })], needs });
  const table = (s: WorkspaceSnapshot) => strengthTable(storeFromSnapshot(s, 'me', 'test'), { now: NOW });

  it('a need expressed before the pitch answers the early-pitch rule’s "no need" reason', () => {
    const before = withPitch([need('n1', 'ann', daysAgo(10))]);
    const found = earlyPitches(before, table(before));
    const reasons = found.flatMap((m) => m.reasons);
    expect(reasons).not.toContain('no need had been expressed before the pitch');
    if (found[0]) expect(found[0].evidence.needExpressedOn).toBe(daysAgo(10));
  });
  it('a need expressed after the pitch does not', () => {
    const after = withPitch([need('n1', 'ann', daysAgo(0))]);
    const found = earlyPitches(after, table(after));
    expect(found[0]!.reasons).toContain('no need had been expressed before the pitch');
    expect(found[0]!.evidence.needExpressedOn).toBeNull();
  });
  it('stops "do not pitch yet" for someone who expressed a need', () => {
    const advice = (s: WorkspaceSnapshot) =>
      analyzeWorkspace(s, { now: NOW })
        .recommendations.filter((r) => r.kind === 'do_not_pitch_yet')
        .map((r) => r.personId);
    expect(advice(small())).toContain('bob');
    expect(advice(small({ needs: [need('n', 'bob', daysAgo(2))] }))).not.toContain('bob');
  });

  // One source of truth: the need noted on the person record is read as one more need event.
  const noted = (extra: Partial<Person>) =>
    small({
      people: [me, person('ann', extra), person('bob'), person('cy')],
      pitches: [pitch('p', daysAgo(1), 'me', 'ann', { offer: 'audit' })],
    });
  it('a need noted on the person counts as an expressed need from its day', () => {
    const before = noted({ needNote: 'a bookkeeper', needNotedOn: daysAgo(10) });
    const found = earlyPitches(before, table(before));
    expect(found.flatMap((m) => m.reasons)).not.toContain('no need had been expressed before the pitch');
    const after = noted({ needNote: 'a bookkeeper', needNotedOn: daysAgo(0) });
    const late = earlyPitches(after, table(after));
    expect(late[0]!.reasons).toContain('no need had been expressed before the pitch');
    expect(late[0]!.evidence.needNotedOn).toBe(daysAgo(0));
  });
  it('a need noted without a day counts from the person record’s last change, never earlier', () => {
    const stamped = (updatedAt: string) => noted({ needNote: 'a bookkeeper', updatedAt });
    const known = stamped(`${daysAgo(5)}T10:00:00.000Z`);
    expect(earlyPitches(known, table(known)).flatMap((m) => m.reasons)).not.toContain(
      'no need had been expressed before the pitch',
    );
    const later = stamped(new Date(NOW).toISOString());
    expect(earlyPitches(later, table(later))[0]!.reasons).toContain('no need had been expressed before the pitch');
  });
  it('expressedNeeds lists the need events and each noted need once', () => {
    const s = small({
      people: [me, person('ann', { needNote: 'a bookkeeper', needNotedOn: '2024-05-01' }), person('bob')],
      needs: [need('n1', 'bob', '2024-06-01')],
    });
    expect(expressedNeeds(s)).toEqual([
      need('n1', 'bob', '2024-06-01'),
      {
        id: 'person-need:ann',
        createdAt: s.people[1]!.updatedAt,
        personId: 'ann',
        expressedOn: '2024-05-01',
        note: 'a bookkeeper',
      },
    ]);
    expect(expressedNeeds({ people: [person('zoe')] })).toEqual([]);
  });
});
