import { describe, expect, it } from 'vitest';
import { buildFlowGraph, buildGraphs, buildTieGraph } from '../../../server/analytics/graph/build-graphs.js';
import type { PairEvidence } from '../../../server/analytics/graph/pair-evidence.js';
import { analyzeWorkspace } from '../../../server/analytics/index.js';
import {
  type AnalysisSnapshot,
  type AnalysisTieColumns,
  TieKind,
  tieList,
  type WorkspaceSnapshot,
} from '../../../shared/index.js';
import { syntheticWorkspace } from '../../fixtures/analytics/synthetic-workspace.js';
import {
  DAY,
  NOW,
  daysAgo,
  interaction,
  introduction,
  person,
  referral,
  tie,
  workspace,
} from '../../fixtures/analytics/workspace-builder.js';

const me = person('me', { isMe: true });

describe('build-graphs: errors first', () => {
  it('needs exactly one "me"', () => {
    expect(() => buildTieGraph(workspace({ people: [person('a')] }), { now: NOW })).toThrow(
      /nurture\/analytics\/graph\/build-graphs: the snapshot has no person marked isMe/,
    );
    expect(() => buildTieGraph(workspace({ people: [me, person('b', { isMe: true })] }), { now: NOW })).toThrow(
      /more than one person marked isMe \(me, b\)/,
    );
  });
  it('names the record that points at someone not in the snapshot', () => {
    const s = workspace({ people: [me], interactions: [interaction('i1', daysAgo(1), ['me', 'ghost'])] });
    expect(() => buildTieGraph(s, { now: NOW })).toThrow(
      /interaction i1 names person ghost, who is not in the snapshot/,
    );
    const r = workspace({ people: [me], referrals: [referral('r1', daysAgo(1), 'ghost', 'me')] });
    expect(() => buildFlowGraph(r, { now: NOW })).toThrow(/referral r1 names person ghost/);
  });
  it('needs `now` and a snapshot', () => {
    expect(() => buildTieGraph(workspace({ people: [me] }), {} as never)).toThrow(/option "now" must be a number/);
    expect(() => buildTieGraph({ people: [] } as never, { now: NOW })).toThrow(
      /snapshot\.organizations must be an array/,
    );
  });
});

/** The snapshot with its ties as columns, as the SQLite store reads a workspace for the analysis. */
function asColumns(s: WorkspaceSnapshot): AnalysisSnapshot {
  const position = new Map(s.people.map((p, i) => [p.id, i]));
  const n = s.ties.length;
  return {
    ...s,
    ties: {
      count: n,
      id: s.ties.map((t) => t.id),
      a: Int32Array.from(s.ties, (t) => position.get(t.aId)!),
      b: Int32Array.from(s.ties, (t) => position.get(t.bId)!),
      kind: Uint8Array.from(s.ties, (t) => TieKind.options.indexOf(t.kind)),
      since: s.ties.map((t) => t.since),
    },
  };
}

describe('ties as columns', () => {
  const s = workspace({
    people: [me, person('ann', { connectedOn: '2020-01-01' }), person('bob'), person('cy')],
    ties: [tie('t1', 'ann', 'bob', 'colleague', '2019-05-01'), tie('t2', 'cy', 'me', 'family', null)],
    interactions: [interaction('i1', daysAgo(10), ['me', 'ann'], 'in_person', 'ann')],
  });
  it('refuses columns of different lengths, a person index or a kind out of range', () => {
    const c = asColumns(s);
    const ties = c.ties as AnalysisTieColumns;
    expect(() => buildTieGraph({ ...c, ties: { ...ties, a: new Int32Array(1) } }, { now: NOW })).toThrow(
      /snapshot\.ties must be an array, or columns of one length/,
    );
    expect(() => buildTieGraph({ ...c, ties: { ...ties, a: Int32Array.of(1, 9) } }, { now: NOW })).toThrow(
      /tie t2 names person index 9 or 0, not in the snapshot/,
    );
    expect(() => buildTieGraph({ ...c, ties: { ...ties, kind: Uint8Array.of(2, 7) } }, { now: NOW })).toThrow(
      /tie t2 has kind code 7, not a kind of tie/,
    );
  });
  it('give the graph the list gives, and tieList reads them back', () => {
    const c = asColumns(s);
    expect(tieList(c)).toEqual(s.ties.map(({ id, aId, bId, kind, since }) => ({ id, aId, bId, kind, since })));
    const fromList = buildTieGraph(s, { now: NOW });
    const fromColumns = buildTieGraph(c, { now: NOW });
    expect(fromColumns.export()).toEqual(fromList.export());
    expect(fromColumns.getEdgeAttribute(fromColumns.edge('cy', 'me')!, 'evidence').ties).toEqual([
      { id: 't2', kind: 'family', since: null },
    ]);
  });
  it('give a whole analysis equal to the list, value for value', () => {
    const { snapshot } = syntheticWorkspace({ people: 400, interactions: 2500, peerTies: 900, now: NOW, seed: 3 });
    const a = analyzeWorkspace(snapshot, { now: NOW });
    const b = analyzeWorkspace(asColumns(snapshot), { now: NOW });
    expect({ ...b, summary: { ...b.summary, durationMs: 0 } }).toEqual({
      ...a,
      summary: { ...a.summary, durationMs: 0 },
    });
    expect(a.summary.ties).toBeGreaterThan(1000);
  });
});

describe('the tie graph', () => {
  const snapshot = workspace({
    people: [me, person('ann', { connectedOn: '2020-01-01' }), person('bob'), person('cy')],
    ties: [tie('t1', 'ann', 'bob', 'colleague', '2019-05-01')],
    interactions: [
      interaction('i1', daysAgo(10), ['me', 'ann'], 'in_person', 'ann'),
      interaction('i2', daysAgo(5), ['me', 'ann', 'bob'], 'video', 'me'),
    ],
    introductions: [introduction('n1', daysAgo(20), 'me', 'bob', 'cy', 'met')],
    referrals: [referral('r1', daysAgo(30), 'ann', 'me', { status: 'won', value: 9000, currency: 'EUR' })],
  });
  const g = buildTieGraph(snapshot, { now: NOW });
  const evidence = (x: string, y: string) => g.getEdgeAttribute(g.edge(x, y)!, 'evidence') as PairEvidence;

  it('has every person as a node and one edge per joined pair', () => {
    expect(g.order).toBe(4);
    expect(g.size).toBe(5); // me–ann, me–bob, ann–bob, me–cy (introduced by me), bob–cy (introduced)
    expect(g.getNodeAttributes('me')).toEqual({ name: 'Me', isMe: true, organizationId: null, company: null });
  });
  it('keeps every piece of evidence on the edge', () => {
    const e = evidence('me', 'ann');
    expect(e.a).toBe('ann');
    expect(e.b).toBe('me');
    expect(e.ties).toEqual([{ id: null, kind: 'linkedin', since: Date.parse('2020-01-01T00:00:00Z') }]);
    expect(e.interactions).toEqual([
      { id: 'i1', at: NOW - 10 * DAY, channel: 'in_person', initiator: 'a', groupSize: 2 },
      { id: 'i2', at: NOW - 5 * DAY, channel: 'video', initiator: 'b', groupSize: 3 },
    ]);
    expect(e.services).toEqual([
      { id: 'r1', at: NOW - 30 * DAY, kind: 'referral', from: 'a', status: 'won', value: 9000, currency: 'EUR' },
    ]);
  });
  it('joins every pair of a group meeting and files introductions both ways', () => {
    expect(evidence('ann', 'bob').interactions.map((t) => t.id)).toEqual(['i2']);
    expect(evidence('ann', 'bob').ties[0]).toMatchObject({ id: 't1', kind: 'colleague' });
    expect(evidence('me', 'cy').services).toEqual([
      { id: 'n1', at: NOW - 20 * DAY, kind: 'introduction', from: 'b', status: 'met', value: null, currency: null },
    ]);
    expect(evidence('bob', 'cy').introduced).toEqual([{ id: 'n1', at: NOW - 20 * DAY, by: 'me', outcome: 'met' }]);
  });
  it('does not modify the snapshot', () => {
    const copy = structuredClone(snapshot);
    buildGraphs(snapshot, { now: NOW });
    expect(snapshot).toEqual(copy);
  });
});

describe('the opportunity-flow graph', () => {
  const snapshot = workspace({
    people: [me, person('ann'), person('bob')],
    referrals: [
      referral('r1', daysAgo(365), 'ann', 'me', { status: 'won', value: 9000, currency: 'EUR' }),
      referral('r2', daysAgo(0), 'ann', 'me', { status: 'lost' }),
    ],
    introductions: [introduction('n1', daysAgo(0), 'bob', 'me', 'ann', 'pending')],
  });
  const g = buildFlowGraph(snapshot, { now: NOW });
  it('weights referrals by status, recency (half-life 365 d) and value', () => {
    // won, a year old, 9000: 1 · ½ · (1 + log10(1 + 9)) = 1; lost, today, no value: 0.25.
    expect(g.getDirectedEdgeAttributes('ann', 'me')).toMatchObject({ referrals: 2, introductions: 0, value: 9000 });
    expect(g.getDirectedEdgeAttribute('ann', 'me', 'weight')).toBeCloseTo(1.25, 12);
  });
  it('routes an introduction from the introducer to both people', () => {
    expect(g.getDirectedEdgeAttribute('bob', 'me', 'weight')).toBeCloseTo(0.5 * 0.6, 12);
    expect(g.getDirectedEdgeAttribute('bob', 'ann', 'weight')).toBeCloseTo(0.5 * 0.6, 12);
    expect(g.hasDirectedEdge('me', 'bob')).toBe(false);
  });
});
