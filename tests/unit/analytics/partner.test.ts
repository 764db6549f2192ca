import { describe, expect, it } from 'vitest';
import { EMPTY_LEDGER, type LedgerEntry, referralLedger } from '../../../server/analytics/partner/ledger.js';
import {
  referralPartnerScores,
  resolvePartnerOptions,
} from '../../../server/analytics/partner/referral-partner-score.js';
import { daysAgo, introduction, person, referral, workspace } from '../../fixtures/analytics/workspace-builder.js';

describe('the ledger with me: errors first', () => {
  it('needs a snapshot and who "me" is', () => {
    expect(() => referralLedger({} as never, 'me')).toThrow(
      /nurture\/analytics\/partner\/ledger: expects a WorkspaceSnapshot/,
    );
    expect(() => referralLedger(workspace({}), '')).toThrow(/meId must be the id of the workspace owner/);
  });
});

describe('the ledger with me', () => {
  const snapshot = workspace({
    people: [person('me', { isMe: true }), person('ann'), person('bob')],
    referrals: [
      referral('r1', daysAgo(40), 'ann', 'me', { status: 'won', value: 5000, currency: 'EUR', prospectName: 'Acme' }),
      referral('r2', daysAgo(10), 'ann', 'me', { status: 'open', value: 100, currency: null }),
      referral('r3', daysAgo(5), 'me', 'ann', { status: 'lost' }),
      referral('r4', daysAgo(5), 'ann', 'bob'),
    ],
    introductions: [
      introduction('n1', daysAgo(3), 'me', 'ann', 'bob'),
      introduction('n2', daysAgo(2), 'bob', 'me', 'ann'),
    ],
  });
  const ledgers = referralLedger(snapshot, 'me');
  it('counts favours each way, with values by currency and the last dates', () => {
    expect(ledgers.get('ann')!.ledger).toEqual({
      referralsGiven: 1,
      referralsReceived: 2,
      referralsWonGiven: 0,
      referralsWonReceived: 1,
      valueGiven: {},
      valueReceived: { EUR: 5000, XXX: 100 },
      introductionsGiven: 1,
      introductionsReceived: 0,
      lastGivenAt: new Date(Date.parse(daysAgo(3))).toISOString(),
      lastReceivedAt: new Date(Date.parse(daysAgo(10))).toISOString(),
      balance: 0,
    });
    expect(ledgers.get('ann')!.lastReferralReceived).toMatchObject({ id: 'r2', status: 'open' });
    expect(ledgers.get('bob')!.ledger).toMatchObject({ introductionsGiven: 1, introductionsReceived: 1, balance: 0 });
  });
  it('leaves out favours between other people', () => {
    expect(ledgers.get('bob')!.ledger.referralsReceived).toBe(0);
  });
});

describe('referral-partner score', () => {
  it('rejects part weights that do not sum to 1, and inputs of different lengths', () => {
    expect(() => resolvePartnerOptions({ weights: { flow: 0.9 } })).toThrow(
      /nurture\/analytics\/partner\/referral-partner-score: partner weights must sum to 1/,
    );
    const inputs = {
      pagerank: [1],
      betweenness: [0],
      constraint: [1],
      effectiveSize: [1],
      reachPeople: [0],
      reachWeighted: [0],
      strengthToMe: [0],
      ledgers: [] as LedgerEntry[],
    };
    expect(() => referralPartnerScores(inputs)).toThrow(/input "ledgers" has 0 entries, expected 1/);
  });

  it('adds its parts, each scaled by the best among everyone but me', () => {
    const received: LedgerEntry = {
      ledger: { ...EMPTY_LEDGER.ledger, referralsReceived: 2, referralsWonReceived: 1 },
      lastReferralReceived: null,
    };
    const scores = referralPartnerScores({
      pagerank: [0.2, 0.1],
      betweenness: [0.5, 0],
      constraint: [0.25, NaN],
      effectiveSize: [3, NaN],
      reachPeople: [10, 0],
      reachWeighted: [4, 0],
      strengthToMe: [60, 20],
      ledgers: [received, EMPTY_LEDGER],
    });
    const ledger = 1 - Math.exp(-3 / 2);
    const brokerage = 0.5 * 1 + 0.25 * 0.75 + 0.25 * 1;
    expect(scores[0]!.parts.ledger.value).toBeCloseTo(ledger, 12);
    expect(scores[0]!.parts.brokerage.value).toBeCloseTo(brokerage, 12);
    expect(scores[0]!.score).toBeCloseTo(100 * (0.3 * 1 + 0.25 * ledger + 0.2 * 0.6 + 0.15 * brokerage + 0.1 * 1), 10);
    expect(scores[1]!.score).toBeCloseTo(100 * (0.3 * 0.5 + 0.2 * 0.2), 10);
    expect(scores[1]!.parts.brokerage).toMatchObject({ value: 0, constraint: null, effectiveSize: null });
    expect(scores.map((s) => s.rank)).toEqual([1, 2]);
  });
});
