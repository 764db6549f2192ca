import { describe, expect, it } from 'vitest';
import { detectMistakes } from '../../../server/analytics/mistakes/detect-mistakes.js';
import { mistakesOfAct } from '../../../server/analytics/mistakes/mistakes-of-act.js';
import { storeFromSnapshot } from '../../../server/analytics/graph/evidence-store.js';
import { strengthTable } from '../../../server/analytics/strength/tie-strengths.js';
import type { WorkspaceSnapshot } from '../../../shared/index.js';
import {
  NOW,
  consent,
  daysAgo,
  interaction,
  mailingList,
  person,
  pitch,
  referral,
  subscription,
  workspace,
} from '../../fixtures/analytics/workspace-builder.js';

const me = person('me', { isMe: true });
const table = (s: WorkspaceSnapshot) => strengthTable(storeFromSnapshot(s, 'me', 'test'), { now: NOW });
const trusted = Array.from({ length: 40 }, (_, k) =>
  interaction(`ann-${k}`, daysAgo(30 * k + 2), ['me', 'ann'], 'in_person', k % 2 ? 'me' : 'ann'),
);
const s = workspace({
  people: [me, person('ann', { needNote: 'a bookkeeper', needNotedOn: daysAgo(5) }), person('bob')],
  interactions: [...trusted, interaction('b1', daysAgo(240), ['me', 'bob'], 'event', 'me')],
  // Monthly meetings alone make a "contact"; a partner who has sent work makes a relationship.
  referrals: [
    referral('r-ann', daysAgo(100), 'ann', 'me', { status: 'won' }),
    referral('r-ann2', daysAgo(200), 'ann', 'me', { status: 'won' }),
  ],
  mailingLists: [mailingList('news', 'Newsletter')],
  consents: [consent('c-bob', 'bob', 'declined', daysAgo(20), 'news')],
});

describe('the detector on one act before it is recorded', () => {
  it('finds one early pitch (not also assumed closeness) to someone met once, with the tie as it stood', () => {
    const f = mistakesOfAct(s, table(s), { kind: 'pitch', pitch: pitch('new', daysAgo(0), 'me', 'bob') }, { now: NOW });
    expect(f.mistake).toMatchObject({ kind: 'early_pitch', personId: 'bob', recordId: 'new' });
    expect(f.tie).toMatchObject({ interactions: 1, stage: 'stranger' });
    expect(f.tie!.lastContact).toBe(new Date(Date.parse(daysAgo(240))).toISOString());
  });
  it('counts the interactions and meetings of the pair on or before the act: groups in, others and later ones out', () => {
    const t = workspace({
      people: [me, person('bob'), person('cy')],
      interactions: [
        interaction('m1', daysAgo(50), ['me', 'bob'], 'video', 'me'),
        interaction('g1', daysAgo(40), ['cy', 'me', 'bob'], 'event', 'cy'),
        interaction('e1', daysAgo(30), ['bob', 'me'], 'email', 'bob'),
        interaction('c1', daysAgo(20), ['me', 'cy'], 'in_person', 'me'),
        interaction('later', daysAgo(1), ['me', 'bob'], 'in_person', 'me'),
      ],
    });
    const f = mistakesOfAct(t, table(t), { kind: 'pitch', pitch: pitch('p', daysAgo(10), 'me', 'bob') }, { now: NOW });
    expect(f.tie).toMatchObject({ interactions: 3, meetings: 2 });
    expect(f.tie!.lastContact).toBe(new Date(Date.parse(daysAgo(30))).toISOString());
    const none = mistakesOfAct(
      t,
      table(t),
      { kind: 'pitch', pitch: pitch('q', daysAgo(10), 'bob', 'cy') },
      { now: NOW },
    );
    expect(none.tie).toMatchObject({ interactions: 1, meetings: 1 });
  });
  it('finds assumed closeness for an ask that is not a pitch, and nothing for a pitch to a close partner who said they need it', () => {
    const ask = pitch('ask', daysAgo(0), 'me', 'bob', { kind: 'referral_request' });
    expect(mistakesOfAct(s, table(s), { kind: 'pitch', pitch: ask }, { now: NOW }).mistake?.kind).toBe(
      'assumed_closeness',
    );
    const fine = pitch('ok', daysAgo(0), 'me', 'ann');
    const f = mistakesOfAct(s, table(s), { kind: 'pitch', pitch: fine }, { now: NOW });
    expect(f.mistake).toBeNull();
    expect(['relationship', 'trusted']).toContain(f.tie!.stage);
  });
  it('finds a sign-up after a no, and none after a yes', () => {
    const sub = subscription('s1', 'news', 'bob', daysAgo(0));
    expect(mistakesOfAct(s, table(s), { kind: 'subscription', subscription: sub }, { now: NOW }).mistake).toMatchObject(
      {
        kind: 'signed_up_without_permission',
        recordId: 's1',
        evidence: { consentAtSignup: `declined on ${daysAgo(20)}` },
      },
    );
    const t = { ...s, consents: [consent('c-ann', 'ann', 'granted', daysAgo(3), null)] };
    const ok = subscription('s2', 'news', 'ann', daysAgo(0));
    expect(mistakesOfAct(t, table(t), { kind: 'subscription', subscription: ok }, { now: NOW }).mistake).toBeNull();
  });
  it('detectMistakes counts an early pitch once, and an ask that is not early as assumed closeness', () => {
    const t = {
      ...s,
      pitches: [
        pitch('p', daysAgo(1), 'me', 'bob'),
        pitch('q', daysAgo(1), 'me', 'bob', { kind: 'introduction_request' }),
      ],
    };
    const found = detectMistakes(t, table(t), { now: NOW });
    expect(found.map((m) => [m.recordId, m.kind]).sort()).toEqual([
      ['p', 'early_pitch'],
      ['q', 'assumed_closeness'],
    ]);
  });
});
