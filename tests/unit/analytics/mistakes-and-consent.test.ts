import { describe, expect, it } from 'vitest';
import { consentGatedExport, mailingListExports } from '../../../server/analytics/consent/consent-gated-export.js';
import { assumedCloseness } from '../../../server/analytics/mistakes/assumed-closeness.js';
import { detectMistakes } from '../../../server/analytics/mistakes/detect-mistakes.js';
import { earlyPitches } from '../../../server/analytics/mistakes/early-pitch.js';
import { signedUpWithoutPermission } from '../../../server/analytics/mistakes/signed-up-without-permission.js';
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
  tie,
  workspace,
} from '../../fixtures/analytics/workspace-builder.js';

const me = person('me', { isMe: true });
const table = (s: WorkspaceSnapshot) => strengthTable(storeFromSnapshot(s, 'me', 'test'), { now: NOW });

/** Forty monthly in-person meetings, both sides reaching out (with two won referrals from them: a close partner). */
const history = (x: string, y: string, from = 0) =>
  Array.from({ length: 40 }, (_, k) =>
    interaction(`${x}-${y}-${k}`, daysAgo(from + 30 * k), [x, y], 'in_person', k % 2 ? x : y),
  );

describe('mistake detector: errors first', () => {
  it('names its origin on bad options', () => {
    const s = workspace({ people: [me] });
    expect(() => earlyPitches(s, table(s), { earlyPitchDays: -1 })).toThrow(
      /nurture\/analytics\/mistakes\/early-pitch: option "earlyPitchDays"/,
    );
    expect(() => assumedCloseness(s, table(s), { maxStage: 'trusted' as never })).toThrow(
      /option "maxStage" must be stranger, acquaintance or contact/,
    );
    expect(() => signedUpWithoutPermission(s, {} as never)).toThrow(/option "now" must be a number/);
  });
});

describe('early pitch', () => {
  const s = workspace({
    people: [
      me,
      person('ann', { needNote: 'needs a bookkeeper', needNotedOn: daysAgo(50) }),
      person('bob'),
      person('cy'),
    ],
    ties: [tie('t', 'me', 'cy', 'linkedin', '2020-01-01')],
    interactions: [...history('me', 'ann', 60), interaction('b1', daysAgo(12), ['me', 'bob'], 'event', 'me')],
    referrals: [
      referral('r-ann', daysAgo(100), 'ann', 'me', { status: 'won' }),
      referral('r-ann2', daysAgo(200), 'ann', 'me', { status: 'won' }),
    ],
    pitches: [
      pitch('p-ann', daysAgo(40), 'me', 'ann'),
      pitch('p-bob', daysAgo(10), 'me', 'bob', { offer: 'bookkeeping package' }),
      pitch('p-cy', daysAgo(5), 'me', 'cy', { askedForIt: true }),
    ],
  });
  const found = earlyPitches(s, table(s));
  it('flags a pitch two days after meeting someone at an event, with every reason and the evidence', () => {
    expect(found.map((m) => m.recordId)).toEqual(['p-bob']);
    const m = found[0]!;
    expect(m).toMatchObject({
      kind: 'early_pitch',
      personId: 'bob',
      date: new Date(Date.parse(daysAgo(10))).toISOString(),
    });
    expect(m.reasons).toEqual([
      expect.stringMatching(
        /^on \d{4}-\d{2}-\d{2} the tie was "stranger" \(strength \d+\.\d\); pitch at "relationship" \(50\) or above$/,
      ),
      'no need had been expressed before the pitch',
      'pitched 2 days after first meeting (less than 30)',
    ]);
    expect(m.evidence).toMatchObject({
      pitchId: 'p-bob',
      offer: 'bookkeeping package',
      // One meeting at an event, two days before: barely met (a fresh one-to-one meeting would be an acquaintance).
      stageAtPitch: 'stranger',
      daysSinceFirstContact: 2,
      needExpressed: false,
    });
  });
  it('does not flag a trusted tie whose need was noted first, nor a pitch they asked for', () => {
    expect(found.find((m) => m.personId === 'ann')).toBeUndefined();
    expect(found.find((m) => m.personId === 'cy')).toBeUndefined();
  });
});

describe('assumed closeness', () => {
  const s = workspace({
    people: [me, person('ann'), person('cy')],
    ties: [tie('t', 'me', 'cy', 'linkedin', '2020-01-01')],
    interactions: history('me', 'ann', 5),
    referrals: [
      referral('r-ann', daysAgo(100), 'ann', 'me', { status: 'won' }),
      referral('r-ann2', daysAgo(200), 'ann', 'me', { status: 'won' }),
    ],
    pitches: [
      pitch('ask-cy', daysAgo(3), 'me', 'cy', { kind: 'referral_request' }),
      pitch('ask-ann', daysAgo(3), 'me', 'ann', { kind: 'introduction_request' }),
    ],
  });
  it('flags an ask to a LinkedIn-only connection, not one to a trusted contact', () => {
    const found = assumedCloseness(s, table(s));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      kind: 'assumed_closeness',
      personId: 'cy',
      recordId: 'ask-cy',
      evidence: { kind: 'referral_request', stageAtAsk: 'stranger' },
    });
    // The connection's age is a hint of duration (at half weight), nothing more.
    expect(found[0]!.evidence.strengthAtAsk).toBeGreaterThan(0);
    expect(found[0]!.evidence.strengthAtAsk).toBeLessThan(15);
    expect(found[0]!.reasons[0]).toMatch(
      /^a referral request on \d{4}-\d{2}-\d{2} to someone at "stranger" \(strength \d\.\d\)/,
    );
  });
});

describe('signed up without permission, and the consent-gated export', () => {
  const list = mailingList('news', 'Newsletter');
  const s = workspace({
    people: [me, ...['ok', 'never', 'late', 'no', 'gone', 'sameday', 'general', 'left'].map((id) => person(id))],
    mailingLists: [list, mailingList('other', 'Other list')],
    subscriptions: [
      subscription('s-ok', 'news', 'ok', daysAgo(10)),
      subscription('s-never', 'news', 'never', daysAgo(10)),
      subscription('s-late', 'news', 'late', daysAgo(10)),
      subscription('s-no', 'news', 'no', daysAgo(10)),
      subscription('s-gone', 'news', 'gone', daysAgo(100)),
      subscription('s-sameday', 'news', 'sameday', `${daysAgo(10)}T09:00:00Z`),
      subscription('s-general', 'news', 'general', daysAgo(10)),
      subscription('s-left', 'news', 'left', daysAgo(10), 'unsubscribed'),
    ],
    consents: [
      consent('c-ok', 'ok', 'granted', daysAgo(12), 'news', 'asked at the chamber breakfast'),
      consent('c-late', 'late', 'granted', daysAgo(5), 'news'),
      consent('c-no', 'no', 'declined', daysAgo(20), 'news'),
      consent('c-gone1', 'gone', 'granted', daysAgo(200)),
      consent('c-gone2', 'gone', 'withdrawn', daysAgo(3)),
      consent('c-same', 'sameday', 'granted', daysAgo(10), 'news'),
      consent('c-general', 'general', 'granted', daysAgo(11)),
      consent('c-other', 'never', 'granted', daysAgo(30), 'other'),
    ],
  });
  it('flags sign-ups with no yes on or before the day, a no, or a later withdrawal, with dates and evidence', () => {
    const found = signedUpWithoutPermission(s, { now: NOW });
    const byId = Object.fromEntries(found.map((m) => [m.recordId, m]));
    // s-left was added without a yes too: unsubscribing later does not undo the mistake.
    expect(Object.keys(byId).sort()).toEqual(['s-gone', 's-late', 's-left', 's-never', 's-no']);
    expect(byId['s-left']!.evidence).toMatchObject({ subscriptionStatus: 'unsubscribed' });
    expect(byId['s-never']!.reasons).toEqual([
      `subscribed on ${daysAgo(10)} with no consent recorded on or before that day`,
    ]);
    expect(byId['s-late']!.evidence).toMatchObject({
      consentAtSignup: null,
      consentToday: `granted on ${daysAgo(5)}`,
      listName: 'Newsletter',
    });
    expect(byId['s-no']!.reasons).toEqual([
      `subscribed on ${daysAgo(10)} although the answer then was "declined" (${daysAgo(20)})`,
    ]);
    expect(byId['s-gone']!.reasons).toEqual([`still subscribed although consent was withdrawn on ${daysAgo(3)}`]);
    expect(byId['s-gone']!.date).toBe(new Date(Date.parse(daysAgo(100))).toISOString());
  });
  it('exports only people whose answer in force is yes, and says how many it left out and why', () => {
    const e = consentGatedExport(s, 'news', { now: NOW });
    expect(e.personIds).toEqual(['ok', 'late', 'sameday', 'general']);
    expect(e.leftOut).toBe(3);
    expect(e.leftOutByReason).toEqual({ no_consent: 1, declined: 1, withdrawn: 1 });
    expect(e.leftOutPeople).toEqual([
      { personId: 'never', reason: 'no_consent' },
      { personId: 'no', reason: 'declined' },
      { personId: 'gone', reason: 'withdrawn' },
    ]);
    expect(mailingListExports(s, { now: NOW }).map((x) => x.listId)).toEqual(['news', 'other']);
  });
  it('a decline on the same day as a grant wins', () => {
    const t = workspace({
      people: [me, person('x')],
      mailingLists: [list],
      subscriptions: [subscription('s', 'news', 'x', daysAgo(9))],
      consents: [
        consent('c1', 'x', 'declined', daysAgo(10), 'news'),
        consent('c2', 'x', 'granted', daysAgo(10), 'news'),
      ],
    });
    expect(consentGatedExport(t, 'news', { now: NOW }).leftOutByReason.declined).toBe(1);
  });
  it('names an unknown list', () => {
    expect(() => consentGatedExport(s, 'nope', { now: NOW })).toThrow(
      /nurture\/analytics\/consent\/consent-gated-export: no mailing list with id nope/,
    );
  });
  it('detectMistakes puts the three together, newest first', () => {
    const all = detectMistakes(s, table(s), { now: NOW });
    expect(all.map((m) => m.kind)).toEqual(Array(5).fill('signed_up_without_permission'));
    expect(all.map((m) => m.date)).toEqual([...all.map((m) => m.date)].sort().reverse());
  });
});
