/**
 * The analysis with its graph algorithms pushed down to Graph Data Science
 * equals the in-process one on the same workspace (the load benchmark's
 * network at 600 people: a few busy people, ties among contacts,
 * introductions and referrals among them), within each algorithm's
 * tolerance: PageRank (both converge to 1e-10 here), betweenness (exact: to
 * 1e-9; sampled: both estimates within the Hoeffding bound of the exact
 * scores and near each other in total), Louvain (a heuristic: the same
 * modularity within 0.02 and nearly the same pairs together). The engine uses
 * it on Neo4j with GDS and says so in the summary.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { InlineEngine, pushDown } from '../../server/analysis/analysis.engine.js';
import { finishAnalysis, prepareAnalysis, type AnalyzeOptions } from '../../server/analytics/index.js';
import { buildWorkspace } from '../../bench/load.bench.js';
import { Neo4jStore } from '../../server/store/neo4j/neo4j-store.js';
import type { WorkspaceSnapshot } from '../../shared/index.js';
import type { ImportInteraction, ImportPerson, Store } from '../../server/store/store.port.js';
import { neo4jTestConnection } from '../neo4j-connection.js';

const c = neo4jTestConnection(inject);
const NOW = Date.parse('2026-06-01T00:00:00Z');

/**
 * Six circles of 25 who meet among themselves often (strong ties), me close to two in each, and a few
 * people who meet two circles: shortest paths run through many brokers, not only through me.
 */
async function buildCircles(store: Store): Promise<string> {
  const ws = (await store.createWorkspace({ name: 'gds circles', timeZone: 'UTC' })).id;
  let seed = 99;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const people: ImportPerson[] = [{ name: 'Me', isMe: true, source: 'test' }];
  const circle = (c: number) => Array.from({ length: 25 }, (_, i) => 1 + c * 25 + i);
  for (let c = 0; c < 6; c++) for (let i = 0; i < 25; i++) people.push({ name: `C${c} P${i}`, source: 'test' });
  const interactions: ImportInteraction[] = [];
  let k = 0;
  const meet = (a: number, b: number, times: number) => {
    for (let t = 0; t < times; t++)
      interactions.push({
        participants: [{ row: a }, { row: b }],
        initiator: { row: a },
        occurredAt: new Date(NOW - (10 + Math.floor(rand() * 300)) * 86_400_000).toISOString(),
        channel: 'in_person',
        source: 'test',
        externalId: `c-${k++}`,
      });
  };
  for (let c = 0; c < 6; c++) {
    const m = circle(c);
    for (let e = 0; e < 60; e++) {
      const a = m[Math.floor(rand() * m.length)]!;
      const b = m[Math.floor(rand() * m.length)]!;
      if (a !== b) meet(a, b, 2 + Math.floor(rand() * 6));
    }
    meet(0, m[0]!, 8);
    meet(0, m[1]!, 5);
    // Bridges to the next circle.
    for (let e = 0; e < 3; e++) meet(m[5 + e]!, circle((c + 1) % 6)[10 + e]!, 4);
  }
  await store.applyImport(ws, { people, interactions });
  return ws;
}

describe('the analysis pushed down to Graph Data Science', () => {
  const store = new Neo4jStore({ uri: c.uri, user: c.user, password: c.password, database: c.database });
  let ws = '';
  let snapshot: WorkspaceSnapshot;
  let circlesWs = '';
  let circles: WorkspaceSnapshot;
  beforeAll(async () => {
    await store.init();
    ws = (await buildWorkspace(store, { people: 600, interactions: 6000, contactTies: 2400, chunk: 10_000 })).ws;
    snapshot = (await store.versionedSnapshot(ws)).snapshot;
    circlesWs = await buildCircles(store);
    circles = (await store.versionedSnapshot(circlesWs)).snapshot;
  }, 180_000);
  afterAll(async () => {
    for (const w of [ws, circlesWs]) if (w) await store.deleteWorkspace(w);
    await store.close();
  });

  const both = async (options: AnalyzeOptions, on: 'network' | 'circles' = 'network') => {
    const [snap, w] = on === 'network' ? [snapshot, ws] : [circles, circlesWs];
    const gds = (await store.graphAlgorithms())!;
    const here = finishAnalysis(prepareAnalysis(snap, options));
    const prepared = prepareAnalysis(snap, options);
    const there = finishAnalysis(prepared, await pushDown(gds, w, prepared));
    return { here, there, gds };
  };

  it('PageRank and (me the one broker) betweenness equal, modularity too, named in the summary', {
    timeout: 120_000,
  }, async () => {
    const { here, there, gds } = await both({ now: NOW, pagerank: { tolerance: 1e-12, maxIterations: 1000 } });
    expect(here.result.summary.algorithms).toBe('in-process');
    expect(there.result.summary.algorithms).toBe(`Graph Data Science ${gds.version}`);
    expect(here.result.betweenness.mode).toBe('exact');
    const a = here.state.partnerInputs;
    const b = there.state.partnerInputs;
    expect(b.pagerank.length).toBe(a.pagerank.length);
    // The flow graph has people with no way out (dangling): the extra edge to me keeps them equal.
    let flows = 0;
    for (let i = 0; i < a.pagerank.length; i++) {
      expect(b.pagerank[i]).toBeCloseTo(a.pagerank[i]!, 7);
      if (a.pagerank[i]! > 0) flows++;
    }
    expect(flows).toBeGreaterThan(10);
    // In an ego network the strongest paths run through me: I am the one broker, in both.
    for (let i = 0; i < a.betweenness.length; i++) expect(b.betweenness[i]).toBeCloseTo(a.betweenness[i]!, 9);
    expect(Math.abs(there.result.communities.modularity - here.result.communities.modularity)).toBeLessThan(0.02);
    // What the algorithms feed: the same partner ranking at the top.
    const top = (r: typeof here.result) => r.people.slice(0, 10).map((p) => p.personId);
    expect(top(there.result)).toEqual(top(here.result));
  });

  it('exact betweenness equal where circles meet through brokers; Louvain finds the circles', {
    timeout: 120_000,
  }, async () => {
    const { here, there } = await both({ now: NOW }, 'circles');
    expect(here.result.betweenness.mode).toBe('exact');
    const a = here.state.partnerInputs.betweenness;
    const b = there.state.partnerInputs.betweenness;
    let brokers = 0;
    for (let i = 0; i < a.length; i++) {
      expect(b[i]).toBeCloseTo(a[i]!, 9);
      if (a[i]! > 0) brokers++;
    }
    expect(brokers).toBeGreaterThan(10);
    // Louvain is a heuristic: the same quality, nearly the same people together.
    expect(here.result.communities.modularity).toBeGreaterThan(0.5);
    expect(Math.abs(there.result.communities.modularity - here.result.communities.modularity)).toBeLessThan(0.02);
    const together = (r: typeof here.result) => {
      const by = new Map(r.people.map((p) => [p.personId, p.communityId]));
      return (x: string, y: string) => by.get(x) !== null && by.get(x) === by.get(y);
    };
    const [x, y] = [together(here.result), together(there.result)];
    const ids = here.result.people.map((p) => p.personId);
    let agree = 0;
    let pairs = 0;
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        pairs++;
        if (x(ids[i]!, ids[j]!) === y(ids[i]!, ids[j]!)) agree++;
      }
    expect(agree / pairs).toBeGreaterThan(0.95);
  });

  it('sampled betweenness: both estimates within the bound of the exact scores', { timeout: 120_000 }, async () => {
    const exact = finishAnalysis(prepareAnalysis(circles, { now: NOW })).state.partnerInputs.betweenness;
    const { here, there } = await both(
      { now: NOW, betweenness: { mode: 'sampled', samples: 60, maxWork: null } },
      'circles',
    );
    expect(here.result.betweenness.mode).toBe('sampled');
    const bound = here.result.betweenness.errorBound;
    const a = here.state.partnerInputs.betweenness;
    const b = there.state.partnerInputs.betweenness;
    let sumExact = 0;
    let sumHere = 0;
    let sumThere = 0;
    for (let i = 0; i < exact.length; i++) {
      expect(Math.abs(a[i]! - exact[i]!)).toBeLessThanOrEqual(bound);
      expect(Math.abs(b[i]! - exact[i]!)).toBeLessThanOrEqual(bound);
      sumExact += exact[i]!;
      sumHere += a[i]!;
      sumThere += b[i]!;
    }
    // Extrapolated the same way (n / samples): totals near the exact one (GDS alone gives ~samples / n of it).
    for (const sum of [sumHere, sumThere]) {
      expect(sum / sumExact).toBeGreaterThan(0.8);
      expect(sum / sumExact).toBeLessThan(1.25);
    }
  });

  it('the engine uses it on Neo4j with GDS', { timeout: 120_000 }, async () => {
    const { result } = await new InlineEngine(async () => store).analyze(ws, NOW);
    expect(result.summary.algorithms).toMatch(/^Graph Data Science 2\./);
  });
});
