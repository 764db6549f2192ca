import { describe, expect, it } from 'vitest';
import {
  analyzeWorkspace,
  analyzeWorkspaceWithState,
  tieStrength,
} from '../../../server/analytics/analyze-workspace.js';
import { AnalysisResultSchema, type WorkspaceSnapshot } from '../../../shared/index.js';
import {
  NOW,
  consent,
  daysAgo,
  interaction,
  mailingList,
  organization,
  person,
  pitch,
  referral,
  subscription,
  tie,
  workspace,
} from '../../fixtures/analytics/workspace-builder.js';

const every = (
  x: string,
  y: string,
  count: number,
  gap: number,
  from: number,
  channel: 'in_person' | 'call' = 'in_person',
) =>
  Array.from({ length: count }, (_, k) =>
    interaction(`${x}-${y}-${from}-${k}`, daysAgo(from + gap * k), [x, y], channel, k % 2 ? x : y),
  );

/** A small practice: a partner gone quiet, a dormant old friend, a new face, a list, a target company. */
function practice(): WorkspaceSnapshot {
  return workspace({
    people: [
      person('me', { isMe: true, name: 'Me' }),
      person('pat', { name: 'Pat' }),
      person('old', { name: 'Olga' }),
      person('new', { name: 'Nina' }),
      person('sub', { name: 'Sam' }),
      person('tara', { name: 'Tara', organizationId: 'acme' }),
      person('ben', { name: 'Ben' }),
      person('quinn', { name: 'Quinn' }),
    ],
    organizations: [organization('acme', 'Acme Ltd')],
    ties: [tie('t1', 'me', 'sub', 'linkedin', '2021-01-01')],
    interactions: [
      ...every('me', 'pat', 24, 30, 100),
      ...every('pat', 'tara', 20, 20, 3),
      // Seen every ten days for a year, a referral each way: a "relationship" when it went quiet.
      ...every('me', 'old', 36, 10, 400),
      interaction('met-nina', daysAgo(5), ['me', 'new'], 'event', 'me'),
      ...every('me', 'ben', 6, 15, 2, 'call'),
    ],
    referrals: [
      referral('r0', daysAgo(600), 'me', 'old', { status: 'won' }),
      referral('r0b', daysAgo(450), 'old', 'me', { status: 'won' }),
      referral('r1', daysAgo(300), 'pat', 'me', {
        status: 'won',
        value: 8000,
        currency: 'EUR',
        prospectName: 'Dover & Co',
      }),
      referral('r2', daysAgo(200), 'pat', 'me', { status: 'won', value: 3000, currency: 'EUR' }),
      referral('r3', daysAgo(150), 'pat', 'me', { status: 'open' }),
      referral('r4', daysAgo(20), 'quinn', 'me', { status: 'open', prospectName: 'Kite Studio' }),
    ],
    pitches: [pitch('p1', daysAgo(4), 'me', 'new', { offer: 'audit' })],
    mailingLists: [mailingList('news', 'Newsletter')],
    subscriptions: [subscription('s1', 'news', 'sub', daysAgo(30)), subscription('s2', 'news', 'pat', daysAgo(30))],
    consents: [consent('c1', 'pat', 'granted', daysAgo(31), 'news', 'asked over coffee')],
  });
}

describe('analyzeWorkspace: errors first', () => {
  it('needs `now`, a snapshot with one "me", and targets that exist', () => {
    expect(() => analyzeWorkspace(practice(), undefined as never)).toThrow(
      /nurture\/analytics\/analyze-workspace: options with `now`/,
    );
    expect(() => analyzeWorkspace(practice(), { now: Number.NaN })).toThrow(/option "now" must be a number/);
    expect(() => analyzeWorkspace(workspace({ people: [person('x')] }), { now: NOW })).toThrow(/no person marked isMe/);
    expect(() => analyzeWorkspace(practice(), { now: NOW, introductionTargets: ['nobody'] })).toThrow(
      /introduction target nobody is neither a person nor an organization/,
    );
    expect(() => analyzeWorkspace(practice(), { now: NOW, partner: { weights: { flow: 1 } } })).toThrow(
      /partner weights must sum to 1/,
    );
  });
});

describe('analyzeWorkspace on a small practice', () => {
  const snapshot = practice();
  const before = structuredClone(snapshot);
  const { result, state } = analyzeWorkspaceWithState(snapshot, { now: NOW, introductionTargets: ['acme'] });

  it('is serialisable JSON the API and the web client can parse', () => {
    const parsed = AnalysisResultSchema.parse(JSON.parse(JSON.stringify(result)));
    expect(parsed.computedAt).toBe('2025-06-01T00:00:00.000Z');
    expect(parsed.people).toHaveLength(7);
    expect(parsed.ties.aId).toHaveLength(result.summary.ties);
  });
  it('is a pure function: same input, same output, input untouched', () => {
    const again = analyzeWorkspace(snapshot, { now: NOW, introductionTargets: ['acme'] });
    expect({ ...again, summary: { ...again.summary, durationMs: 0 } }).toEqual({
      ...result,
      summary: { ...result.summary, durationMs: 0 },
    });
    expect(snapshot).toEqual(before);
  });
  it('ranks the partner who sends referrals first, with the parts shown', () => {
    const pat = result.people[0]!;
    expect(pat.personId).toBe('pat');
    expect(pat.partner.rank).toBe(1);
    expect(pat.partner.parts.flow.value).toBe(1);
    expect(pat.partner.parts.ledger.ledger).toMatchObject({
      referralsReceived: 3,
      referralsWonReceived: 2,
      valueReceived: { EUR: 11000 },
      balance: 3,
    });
    expect(pat.strengthToMe.cooling).toMatchObject({ cooling: true, silenceDays: 100, medianGapDays: 30 });
    expect(pat.partner.parts.strength.strengthToMe).toBe(pat.strengthToMe.score);
  });
  it('recommends, with reasons and dates', () => {
    const kinds = (id: string) =>
      result.recommendations
        .filter((r) => r.personId === id)
        .map((r) => r.kind)
        .sort();
    expect(kinds('pat')).toEqual(['nurture', 'reciprocate']);
    expect(kinds('quinn')).toContain('thank');
    expect(kinds('old')).toEqual(['reconnect']);
    expect(kinds('new')).toEqual(['do_not_pitch_yet']);
    expect(kinds('sub')).toEqual(['ask_permission']);
    expect(kinds('acme')).toEqual(['warm_introduction']);
    const thank = result.recommendations.find((r) => r.kind === 'thank')!;
    expect(thank.reason).toBe(
      `Quinn referred Kite Studio to you on ${daysAgo(20)} (open); nothing is logged with them since: say thank you.`,
    );
    expect(thank.evidence).toMatchObject({ referralId: 'r4', referredOn: daysAgo(20) });
    const nurture = result.recommendations.find((r) => r.kind === 'nurture')!;
    expect(nurture.reason).toMatch(
      /^Pat is referral partner #1 \(score \d+\.\d\), but no contact for 100 days, more than 3× your usual 30-day gap/,
    );
    const reconnect = result.recommendations.find((r) => r.kind === 'reconnect')!;
    expect(reconnect.evidence).toMatchObject({
      stageAtLastContact: 'relationship',
      lastContact: new Date(Date.parse(daysAgo(400))).toISOString(),
    });
    expect(result.recommendations.map((r) => r.priority)).toEqual(
      [...result.recommendations.map((r) => r.priority)].sort((a, b) => b - a),
    );
  });
  it('finds the warm route to a company through the people who know someone there', () => {
    const acme = result.introductionPaths[0]!;
    expect(acme).toMatchObject({ targetId: 'acme', targetKind: 'organization' });
    expect(acme.paths[0]!.personIds).toEqual(['me', 'pat', 'tara']);
    expect(acme.paths[0]!.warmth).toBeCloseTo(
      (acme.paths[0]!.hops[0]!.strength / 100) * (acme.paths[0]!.hops[1]!.strength / 100),
      12,
    );
  });
  it('flags the mistakes and gates the list export', () => {
    // One finding per act: the early pitch to "new" is not also assumed closeness.
    expect(result.mistakes.map((m) => [m.kind, m.personId]).sort()).toEqual([
      ['early_pitch', 'new'],
      ['signed_up_without_permission', 'sub'],
    ]);
    expect(result.mailingLists[0]).toMatchObject({
      listId: 'news',
      personIds: ['pat'],
      leftOut: 1,
      leftOutByReason: { no_consent: 1 },
    });
  });
  it('reads strengths as −ln(strength/100) distances for betweenness (pinned)', () => {
    expect(result.betweenness).toMatchObject({ mode: 'exact', distance: '-ln(strength/100)' });
    // Tara is reached only through Pat: Pat brokers; Ben (tied to me alone) brokers nothing.
    const by = Object.fromEntries(result.people.map((p) => [p.personId, p.partner.parts.brokerage.betweenness]));
    expect(by.pat).toBeGreaterThan(0);
    expect(by.ben).toBe(0);
  });
  it('explains any tie on demand', () => {
    const t = tieStrength(state, 'pat', 'tara');
    expect(t.factors.intensity.interactions).toBe(20);
    expect(t.stage).toBe(
      result.ties.stage[result.ties.aId.findIndex((a, i) => a === 'pat' && result.ties.bId[i] === 'tara')],
    );
  });
  it('groups people into communities, leaving me out', () => {
    expect(result.communities.count).toBeGreaterThan(0);
    expect(result.people.find((p) => p.personId === 'pat')!.communityId).toBe(
      result.people.find((p) => p.personId === 'tara')!.communityId,
    );
  });
});
