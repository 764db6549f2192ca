import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { buildTieGraph } from '../../../server/analytics/graph/build-graphs.js';
import { explainTie, tieStrengths } from '../../../server/analytics/strength/tie-strengths.js';
import { resolveStrengthOptions } from '../../../server/analytics/strength/relationship-strength.js';
import type { WorkspaceSnapshot } from '../../../shared/index.js';
import {
  NOW,
  daysAgo,
  interaction,
  person,
  referral,
  tie,
  workspace,
} from '../../fixtures/analytics/workspace-builder.js';

const me = person('me', { isMe: true });
const ann = person('ann');
const bob = person('bob');

function strength(snapshot: WorkspaceSnapshot, x = 'me', y = 'ann', now = NOW) {
  return explainTie(tieStrengths(buildTieGraph(snapshot, { now }), { now }), x, y);
}

const O = resolveStrengthOptions();
const W = O.weights;

/**
 * Intensity's pooled evidence, the model's formula restated: recent decayed contact `recent`, all
 * weighted contact `all` over `days` known; the usual rate counts as far as the two agree.
 */
function pooled(recent: number, all: number, days: number): number {
  const tau = O.halfLifeDays / Math.LN2;
  const known = Math.max(O.usualRateMinDays, days);
  const rate = all / known;
  const exposure = tau * (1 - Math.exp(-known / tau));
  const z2 = (recent - rate * exposure) ** 2 / (rate * exposure + 1);
  const prior = O.usualRateDays * Math.exp(-z2 / (2 * O.usualRateAgreement));
  return (tau * (recent + prior * rate)) / (exposure + prior);
}

describe('relationship strength: errors first', () => {
  it('rejects factor weights that do not sum to 1', () => {
    expect(() => resolveStrengthOptions({ weights: { recency: 0.5 } })).toThrow(
      /nurture\/analytics\/strength\/relationship-strength: factor weights must sum to 1 \(they sum to 1\.47\d*\)/,
    );
    expect(() => resolveStrengthOptions({ weights: { warmth: 0 } as never })).toThrow(/unknown factor weight "warmth"/);
  });
  it('rejects stage thresholds that do not rise, and a zero half-life', () => {
    expect(() => resolveStrengthOptions({ stages: { contact: 10 } })).toThrow(
      /stage thresholds must rise: stages\.contact \(10\) must exceed 15/,
    );
    expect(() => resolveStrengthOptions({ halfLifeDays: 0 })).toThrow(/option "halfLifeDays"/);
  });
  it('expects the undirected tie graph with evidence on its edges', () => {
    expect(() => tieStrengths(new Graph({ type: 'directed' }), { now: NOW })).toThrow(
      /expects the undirected tie graph/,
    );
    const g = new Graph({ type: 'undirected' });
    g.mergeEdge('a', 'b');
    expect(() => tieStrengths(g, { now: NOW })).toThrow(/edge .* carries no pair evidence/);
  });
  it('names an unknown person', () => {
    const t = tieStrengths(buildTieGraph(workspace({ people: [me, ann] }), { now: NOW }), { now: NOW });
    expect(() => explainTie(t, 'me', 'zed')).toThrow(/person zed is not in the tie graph/);
  });
});

describe('relationship strength: tiny workspaces, exact values', () => {
  it('one fresh one-to-one meeting: intensity pooled with its usual rate, one month of history, recency 1 → 17.8, acquaintance', () => {
    const s = strength(
      workspace({ people: [me, ann], interactions: [interaction('i1', daysAgo(0), ['me', 'ann'], 'in_person', 'me')] }),
    );
    // History: one month of contact, half a month old, on a ten-year half-life; alive (no silence).
    const months = 2 ** (-(0.5 * 30.436875) / 3650);
    // Met today: the usual rate is one meeting over the 90-day minimum, which the meeting agrees with.
    const e = pooled(1, 1, 0);
    expect(s.factors.intensity).toMatchObject({ decayedInteractions: 1, pooled: expect.closeTo(e, 12) });
    expect(s.factors.intensity.usualPerMonth).toBeCloseTo(30.436875 / 90, 12);
    expect(s.factors.intensity.value).toBeCloseTo(1 - Math.exp(-e / 2), 12);
    expect(s.factors.history.alive).toBe(1);
    expect(s.factors.history).toMatchObject({ months: expect.closeTo(months, 12), halfLifeDays: 3650 });
    expect(s.factors.history.value).toBeCloseTo(1 - Math.exp(-months / 12), 12);
    expect(s.factors.recency.value).toBe(1);
    expect(s.factors.duration.value).toBe(0);
    expect(s.factors.reciprocity).toMatchObject({ value: 0, initiatedByA: 0, initiatedByB: 1 });
    const expected =
      100 * (W.intensity * (1 - Math.exp(-e / 2)) + W.history * (1 - Math.exp(-months / 12)) + W.recency);
    expect(s.score).toBeCloseTo(expected, 10);
    expect(s.score).toBeCloseTo(17.8, 1);
    expect(s.stage).toBe('acquaintance');
    expect(s.evidence).toEqual({ records: 1, confidence: 1 / 6 });
    expect(s.rating).toBeNull();
    const points = Object.values(s.factors).reduce((sum, f) => sum + f.points, 0);
    expect(points).toBeCloseTo(s.score, 10);
  });
  it('an interaction one half-life old counts half', () => {
    const s = strength(workspace({ people: [me, ann], interactions: [interaction('i1', daysAgo(75), ['me', 'ann'])] }));
    expect(s.factors.intensity.decayedInteractions).toBeCloseTo(0.5, 12);
    expect(s.factors.intensity.halfLifeDays).toBe(75);
    expect(s.factors.recency.value).toBeCloseTo(2 ** (-75 / 90), 12);
    expect(s.factors.recency.daysSince).toBe(75);
  });
  it('channels weigh in-person > video = call > email = message = event > social', () => {
    const intensity = (channel: Parameters<typeof interaction>[3]) =>
      strength(workspace({ people: [me, ann], interactions: [interaction('i', daysAgo(0), ['me', 'ann'], channel)] }))
        .factors.intensity.decayedInteractions;
    expect([
      intensity('in_person'),
      intensity('video'),
      intensity('call'),
      intensity('email'),
      intensity('message'),
      intensity('event'),
      intensity('social'),
    ]).toEqual([1, 0.8, 0.8, 0.3, 0.3, 0.3, 0.1]);
  });
  it('a group meeting is shared among its participants', () => {
    const s = strength(
      workspace({ people: [me, ann, bob], interactions: [interaction('i', daysAgo(0), ['me', 'ann', 'bob'])] }),
    );
    // Each pair of a three-person meeting counts it at 1/√2: shared, but not split three ways.
    expect(s.factors.intensity.decayedInteractions).toBeCloseTo(2 ** -0.5, 12);
  });
  it('a declared tie since a year ago gives duration 1 − e^(−1/10), held at the acquaintance floor', () => {
    const s = strength(workspace({ people: [me, ann], ties: [tie('t', 'me', 'ann', 'colleague', daysAgo(365))] }));
    // Nothing logged: no usual rate to fall short of (alive 1), no intensity to overlap.
    expect(s.factors.duration.value).toBeCloseTo(1 - Math.exp(-365 / 3650), 12);
    // The evidence says 100 · 0.175 · (1 − e^(−1/10)) ≈ 1.7; the user's word that they are colleagues says "acquaintance".
    expect(s.uncappedScore).toBeCloseTo(100 * W.duration * (1 - Math.exp(-365 / 3650)), 10);
    expect(s.score).toBe(15);
    expect(s.stage).toBe('acquaintance');
    expect(s.floor).toEqual({ reason: 'declared', min: 15 });
    expect(s.cap).toBeNull();
  });
  it('a declared tie between two other people is an acquaintance without any log; a LinkedIn one is not', () => {
    const s = strength(workspace({ people: [me, ann, bob], ties: [tie('t', 'ann', 'bob', 'family')] }), 'ann', 'bob');
    expect(s).toMatchObject({ score: 15, stage: 'acquaintance', uncappedScore: 0, floor: { min: 15 } });
    const linked = strength(
      workspace({ people: [me, ann, bob], ties: [tie('t', 'ann', 'bob', 'linkedin', daysAgo(365))] }),
      'ann',
      'bob',
    );
    expect(linked.floor).toBeNull();
    expect(linked.stage).toBe('stranger');
    // Not yet declared a year ago: no floor before the tie's date.
    const later = strength(workspace({ people: [me, ann], ties: [tie('t', 'me', 'ann', 'knows', daysAgo(10))] }));
    expect(later.trend.previousScore).toBe(0);
    expect(later.score).toBe(15);
  });
  it('declared colleagues: their contact counts at the shared-setting share (0.4) in intensity, said in the breakdown', () => {
    const meetings = Array.from({ length: 6 }, (_, k) =>
      interaction(`m${k}`, daysAgo(10 * k), ['me', 'ann'], 'in_person', k % 2 ? 'me' : 'ann'),
    );
    const plain = strength(workspace({ people: [me, ann], interactions: meetings }));
    const knows = strength(
      workspace({ people: [me, ann], interactions: meetings, ties: [tie('t', 'me', 'ann', 'knows', daysAgo(60))] }),
    );
    const colleagues = strength(
      workspace({ people: [me, ann], interactions: meetings, ties: [tie('t', 'me', 'ann', 'colleague', daysAgo(60))] }),
    );
    expect(O.sharedSettingShare).toBe(0.4);
    expect(plain.factors.intensity.sharedSetting).toBeNull();
    expect(knows.factors.intensity.sharedSetting).toBeNull();
    expect(colleagues.factors.intensity.sharedSetting).toBe(0.4);
    // The same contact, the same recent and usual rates; only the pooled evidence is scaled.
    expect(colleagues.factors.intensity.decayedInteractions).toBe(knows.factors.intensity.decayedInteractions);
    expect(colleagues.factors.intensity.pooled).toBeCloseTo(0.4 * knows.factors.intensity.pooled, 12);
    expect(colleagues.factors.intensity.value).toBeCloseTo(
      1 - Math.exp(-(0.4 * knows.factors.intensity.pooled) / 2),
      12,
    );
    expect(colleagues.score).toBeLessThan(knows.score);
    // Off: the share at 1 changes nothing.
    const off = explainTie(
      tieStrengths(
        buildTieGraph(
          workspace({
            people: [me, ann],
            interactions: meetings,
            ties: [tie('t', 'me', 'ann', 'colleague', daysAgo(60))],
          }),
          { now: NOW },
        ),
        { now: NOW, sharedSettingShare: 1 },
      ),
      'me',
      'ann',
    );
    expect(off.factors.intensity.pooled).toBeCloseTo(knows.factors.intensity.pooled, 12);
    expect(() => resolveStrengthOptions({ sharedSettingShare: 1.5 })).toThrow(/option "sharedSettingShare"/);
  });
  it('a won referral today is a service and a contact', () => {
    const s = strength(
      workspace({ people: [me, ann], referrals: [referral('r', daysAgo(0), 'ann', 'me', { status: 'won' })] }),
    );
    expect(s.factors.services).toMatchObject({ referralsFromA: 1, referralsFromB: 0 });
    expect(s.factors.services.value).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(s.score).toBeCloseTo(100 * (W.recency + W.services * (1 - Math.exp(-1))), 10);
    expect(s.stage).toBe('acquaintance');
  });
  it('one-sided writing counts for one meeting’s worth at most, and is not contact until answered', () => {
    const mails = (from: string, n: number, offset = 0) =>
      Array.from({ length: n }, (_, k) =>
        interaction(`${from}${k}`, daysAgo(offset + k), ['me', 'ann'], 'email', from),
      );
    const newsletter = strength(workspace({ people: [me, ann], interactions: mails('ann', 20) }));
    expect(newsletter.factors.intensity.decayedInteractions).toBeCloseTo(1, 12);
    expect(newsletter.factors.intensity.unanswered).toBeGreaterThan(3);
    expect(newsletter.factors.recency).toMatchObject({ value: 0, lastContact: null });
    expect(newsletter.factors.history.value).toBe(0);
    const answered = strength(
      workspace({ people: [me, ann], interactions: [...mails('ann', 20), ...mails('me', 1, 3)] }),
    );
    expect(answered.factors.recency.value).toBe(1);
    expect(answered.factors.history.value).toBeGreaterThan(0);
    expect(answered.score).toBeGreaterThan(newsletter.score);
  });
  it('shared contacts count by the weaker of their two ties (base scores)', () => {
    const meeting = (id: string, a: string, b: string) => interaction(id, daysAgo(0), [a, b]);
    const s = strength(
      workspace({
        people: [me, ann, bob],
        interactions: [meeting('1', 'me', 'ann'), meeting('2', 'me', 'bob'), meeting('3', 'ann', 'bob')],
      }),
    );
    // Every pair has the same evidence (one meeting today), so base(me, bob) = base(ann, bob) = base(me, ann).
    const direct = W.intensity * s.factors.intensity.value + W.history * s.factors.history.value + W.recency;
    const base = (100 * direct) / (1 - W.structural);
    expect(s.factors.structural.sharedContacts).toBe(1);
    expect(s.factors.structural.weightedShared).toBeCloseTo(base / 100, 12);
    expect(s.factors.structural.value).toBeCloseTo(1 - Math.exp(-base / 100 / 1.5), 12);
    expect(s.score).toBeCloseTo(100 * direct + 100 * W.structural * (1 - Math.exp(-base / 150)), 10);
  });
  it('online-only evidence is squeezed below "contact", its order kept', () => {
    const people = [me, ann, ...Array.from({ length: 10 }, (_, i) => person(`w${i}`))];
    const interactions = [
      ...Array.from({ length: 60 }, (_, i) => interaction(`like${i}`, daysAgo(0), ['me', 'ann'], 'social', 'ann')),
      ...people
        .slice(2)
        .flatMap((w, i) =>
          ['me', 'ann'].flatMap((x) =>
            Array.from({ length: 8 }, (_, k) =>
              interaction(`${x}-${i}-${k}`, daysAgo(k * 40), [x, w.id], 'in_person', k % 2 ? x : w.id),
            ),
          ),
        ),
    ];
    const s = strength(workspace({ people, ties: [tie('t', 'me', 'ann', 'linkedin', '2019-01-01')], interactions }));
    expect(s.uncappedScore).toBeGreaterThan(30);
    expect(s.cap).toEqual({ reason: 'online-only', max: 29.99 });
    expect(s.score).toBeCloseTo(29.99 * (1 - Math.exp(-s.uncappedScore / 29.99)), 10);
    expect(s.score).toBeLessThan(29.99);
    expect(s.stage).toBe('acquaintance');
  });
  it('two people with nothing on record are strangers', () => {
    const s = strength(workspace({ people: [me, ann] }));
    expect(s).toMatchObject({ score: 0, stage: 'stranger', cap: null });
  });
});

describe('trend and cooling', () => {
  it('a tie that began ten days ago is rising by its whole score', () => {
    const s = strength(workspace({ people: [me, ann], interactions: [interaction('i', daysAgo(10), ['me', 'ann'])] }));
    expect(s.trend).toEqual({ days: 30, previousScore: 0, delta: s.score, direction: 'rising' });
  });
  it('cools when the silence exceeds 3× its own usual gap', () => {
    const every10 = (last: number) =>
      workspace({
        people: [me, ann],
        interactions: [0, 1, 2, 3, 4].map((k) => interaction(`i${k}`, daysAgo(last + 10 * k), ['me', 'ann'])),
      });
    expect(strength(every10(60)).cooling).toEqual({
      cooling: true,
      silenceDays: 60,
      medianGapDays: 10,
      factor: 3,
      contacts: 5,
    });
    expect(strength(every10(25)).cooling).toMatchObject({ cooling: false, silenceDays: 25, medianGapDays: 10 });
  });
  it('needs a few contacts before it can say a tie is cooling', () => {
    const s = strength(workspace({ people: [me, ann], interactions: [interaction('i', daysAgo(400), ['me', 'ann'])] }));
    expect(s.cooling).toMatchObject({ cooling: false, medianGapDays: null, contacts: 1 });
  });
});
