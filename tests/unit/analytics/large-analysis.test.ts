/**
 * finishLargeAnalysis (the analysis of very large workspaces, without a result object per person)
 * says what finishAnalysis says: every person's explained strength, partner score with its parts,
 * rank and community; the same recommendations, mistakes, communities and summary.
 */
import { describe, expect, it } from 'vitest';
import {
  finishAnalysis,
  finishLargeAnalysis,
  prepareAnalysis,
  STAGES,
  type LargeAnalysis,
} from '../../../server/analytics/index.js';
import type { AnalysisResult, TieStrength, WorkspaceSnapshot } from '../../../shared/index.js';
import { EMPTY_LEDGER, referralLedger } from '../../../server/analytics/partner/ledger.js';
import { explainTie, explainedScoreOf } from '../../../server/analytics/strength/tie-strengths.js';
import { mayRecommend, tieMayBeRecommended } from '../../../server/analytics/recommendations/recommendations.js';
import { syntheticWorkspace } from '../../fixtures/analytics/synthetic-workspace.js';
import {
  NOW,
  consent,
  daysAgo,
  mailingList,
  organization,
  pitch,
  subscription,
} from '../../fixtures/analytics/workspace-builder.js';

/** A synthetic network with every kind of record the analysis reads: organisations, needs, pitches, lists. */
function network(people: number, seed: number): WorkspaceSnapshot {
  const { snapshot } = syntheticWorkspace({
    people,
    interactions: people * 6,
    peerTies: people * 2,
    referrals: Math.round(people / 10),
    introductions: Math.round(people / 12),
    seed,
    now: NOW,
  });
  const orgs = [organization('o1', 'Acme'), organization('o2', 'Globex')];
  const ids = snapshot.people.filter((p) => !p.isMe).map((p) => p.id);
  return {
    ...snapshot,
    organizations: orgs,
    people: snapshot.people.map((p, i) =>
      p.isMe
        ? p
        : {
            ...p,
            organizationId: i % 5 === 0 ? 'o1' : i % 7 === 0 ? 'o2' : null,
            ...(i % 11 === 0 ? { needNote: 'needs a bookkeeper', needNotedOn: daysAgo(40) } : {}),
          },
    ),
    // Pitches to close and distant people, some after a need: early pitches and fine ones.
    pitches: ids.slice(0, 40).map((id, k) => pitch(`pitch${k}`, daysAgo(3 + k), 'me', id)),
    mailingLists: [mailingList('l1', 'Newsletter')],
    subscriptions: ids.slice(0, 30).map((id, k) => subscription(`s${k}`, 'l1', id, daysAgo(100 + k))),
    consents: ids.slice(0, 15).map((id, k) => consent(`c${k}`, id, k % 3 ? 'granted' : 'declined', daysAgo(90), 'l1')),
  };
}

/** tieMayBeRecommended of an explained tie (its contacts as ISO strings). */
const tieMayOf = (t: TieStrength) => {
  const ms = (iso: string | null) => (iso === null ? Number.NaN : Date.parse(iso));
  return tieMayBeRecommended(ms(t.factors.recency.lastContact), ms(t.factors.duration.firstContact), NOW);
};

const withoutTiming = (r: Omit<AnalysisResult, 'people'>) => ({
  ...r,
  summary: { ...r.summary, durationMs: 0 },
});

function compare(snapshot: WorkspaceSnapshot) {
  const full = finishAnalysis(prepareAnalysis(snapshot, { now: NOW })).result;
  const large: LargeAnalysis = finishLargeAnalysis(prepareAnalysis(snapshot, { now: NOW }));
  return { full, large };
}

describe('finishLargeAnalysis', () => {
  const { full, large } = compare(network(400, 3));

  it('has every person as the full analysis has them, from the columns and built on demand', () => {
    const p = large.people;
    expect(p.count).toBe(full.people.length);
    const byId = new Map(full.people.map((x) => [x.personId, x]));
    for (let i = 0; i < p.count; i++) {
      const want = byId.get(p.id[i]!)!;
      expect(large.person(i)).toEqual(want);
      expect(p.strength[i]).toBe(want.strengthToMe.score);
      expect(STAGES[p.stage[i]!]).toBe(want.strengthToMe.stage);
      expect(p.partnerScore[i]).toBe(want.partner.score);
      expect(p.rank[i]).toBe(want.partner.rank);
      expect(p.community[i]).toBe(want.communityId ?? -1);
    }
    // In rank order, the full analysis's order.
    expect(Array.from(p.byRank, (i) => p.id[i])).toEqual(full.people.map((x) => x.personId));
    // A network with something to say: organisations, communities, partners with ledgers.
    expect(new Set(full.people.map((x) => x.organizationId)).size).toBe(3);
    expect(full.communities.communities.length).toBeGreaterThan(1);
    expect(full.people.some((x) => x.partner.parts.ledger.ledger.referralsReceived > 0)).toBe(true);
  });

  it('finds the same recommendations, mistakes, communities, lists and summary', () => {
    const { people: _, ...rest } = full;
    expect(withoutTiming(large.result)).toEqual(withoutTiming(rest));
    // Of every kind the network gives rise to, so the comparison says something.
    expect(new Set(full.recommendations.map((r) => r.kind)).size).toBeGreaterThanOrEqual(3);
    expect(full.mistakes.length).toBeGreaterThan(5);
    expect(full.mailingLists.length).toBe(1);
  });

  it('explains again only people a recommendation rule could apply to, and misses none', () => {
    // Every person the full analysis recommends something about passes mayRecommend, for every kind.
    const byId = new Map(full.people.map((x) => [x.personId, x]));
    const ledgers = referralLedger(network(400, 3), full.meId);
    const kinds = new Set<string>();
    for (const r of full.recommendations) {
      // The rules run person by person (the others come from lists and introduction paths).
      if (!['nurture', 'thank', 'reciprocate', 'reconnect', 'do_not_pitch_yet'].includes(r.kind)) continue;
      const x = byId.get(r.personId)!;
      kinds.add(r.kind);
      const tieMay = tieMayOf(x.strengthToMe);
      expect(mayRecommend(tieMay, x.partner.score, ledgers.get(x.personId) ?? EMPTY_LEDGER), r.kind).toBe(true);
    }
    expect(kinds.size).toBeGreaterThanOrEqual(3);
    // And most people pass over: nothing to recommend about them.
    const passing = full.people.filter((x) =>
      mayRecommend(tieMayOf(x.strengthToMe), x.partner.score, ledgers.get(x.personId) ?? EMPTY_LEDGER),
    );
    expect(passing.length).toBeLessThan(full.people.length);
  });

  it('scores each tie to me as its explanation does, to the last bit, rated or not, strangers too', () => {
    const snapshot = network(300, 9);
    const ids = snapshot.people.filter((p) => !p.isMe).map((p) => p.id);
    const ratings = ids
      .slice(0, 40)
      .map((personId, k) => ({ personId, rating: (['close', 'distant'] as const)[k % 2]!, ratedAt: daysAgo(5 + k) }));
    // A stranger: in the workspace, with no tie, interaction or date at all.
    const people = [...snapshot.people, { ...snapshot.people[1]!, id: 'stranger', name: 'Nobody', connectedOn: null }];
    const { table, meId } = prepareAnalysis({ ...snapshot, people }, { now: NOW, ratings });
    const ms = (iso: string | null) => (iso === null ? Number.NaN : Date.parse(iso));
    let rated = 0;
    for (const id of [...ids, 'stranger']) {
      const t = explainTie(table, meId, id);
      const s = explainedScoreOf(table, meId, id);
      expect(s.score).toBe(t.score);
      expect(s.lastContact).toEqual(ms(t.factors.recency.lastContact));
      expect(s.firstContact).toEqual(ms(t.factors.duration.firstContact));
      if (t.rating) rated++;
    }
    expect(rated).toBeGreaterThan(20);
  });

  it('ranks tied partners in the snapshot’s order, as the full analysis does', () => {
    // Everyone without ties, interactions or a connection date: every partner score is 0, the ranks
    // follow the snapshot.
    const base = network(30, 5);
    const snapshot: WorkspaceSnapshot = {
      ...base,
      people: base.people.map((p) => ({ ...p, connectedOn: null })),
      ties: [],
      interactions: [],
      referrals: [],
      introductions: [],
      pitches: [],
    };
    const { full: f, large: l } = compare(snapshot);
    expect(Array.from(l.people.partnerScore).every((s) => s === 0)).toBe(true);
    expect(Array.from(l.people.byRank, (i) => l.people.id[i])).toEqual(f.people.map((x) => x.personId));
    expect(Array.from(l.people.rank)).toEqual(Array.from({ length: l.people.count }, (_, i) => i + 1));
  });
});
