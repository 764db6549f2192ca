/**
 * The large-workspace analysis on Neo4j (server/analysis/large-analysis.ts, `nurture analyze --large`):
 * read through nurture.columns.read and Cypher in one transaction, analysed with people as columns,
 * it says what the full analysis of the store's own snapshot says (every person, rank, recommendation,
 * mistake, community), and writes the same scores onto the people. The network: the load bench's at
 * 600 people (ties with dates, introductions and referrals), with organisations, noted needs and
 * pitches added.
 */
import neo4j from 'neo4j-driver';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { analysisOptions } from '../../server/analysis/analysis.engine.js';
import { registerAnalyzeCommand } from '../../server/analysis/analysis.cli.js';
import { analyzeLarge, type LargeRun } from '../../server/analysis/large-analysis.js';
import { finishAnalysis, prepareAnalysis } from '../../server/analytics/index.js';
import { buildWorkspace } from '../../bench/load.bench.js';
import { Neo4jStore } from '../../server/store/neo4j/neo4j-store.js';
import type { AnalysisResult } from '../../shared/index.js';
import { neo4jTestConnection } from '../neo4j-connection.js';

const c = neo4jTestConnection(inject);
const NOW = Date.parse('2026-06-01T00:00:00Z');

describe('the large-workspace analysis on Neo4j', () => {
  const store = new Neo4jStore({ uri: c.uri, user: c.user, password: c.password, database: c.database });
  const driver = neo4j.driver(c.uri, neo4j.auth.basic(c.user, c.password), { disableLosslessIntegers: true });
  let ws = '';
  let full: AnalysisResult;
  let large: LargeRun;
  beforeAll(async () => {
    await store.init();
    const built = await buildWorkspace(store, { people: 600, interactions: 6000, contactTies: 2400, chunk: 10_000 });
    ws = built.ws;
    const orgs = await store.organizations.createMany(ws, [{ name: 'Acme' }, { name: 'Globex' }]);
    for (let k = 0; k < 60; k++) {
      const id = built.contactIds[k * 7]!;
      await store.people.update(ws, id, {
        ...(k % 2 === 0 ? { organizationId: orgs[k % 4 === 0 ? 0 : 1]!.id } : {}),
        ...(k % 3 === 0 ? { needNote: 'needs an accountant' } : {}),
        ...(k % 5 === 0 ? { needNotedOn: '2026-01-15' } : {}),
      });
    }
    await store.pitches.createMany(
      ws,
      built.contactIds.slice(0, 30).map((personId, k) => ({
        pitcherId: built.meId,
        personId,
        date: `2026-0${1 + (k % 5)}-1${k % 10}`,
        kind: 'pitch' as const,
        needExpressed: k % 4 === 0,
      })),
    );
    full = finishAnalysis(
      prepareAnalysis((await store.versionedSnapshot(ws)).snapshot, await analysisOptions(store, ws, NOW)),
    ).result;
    large = await analyzeLarge(store, ws, NOW, { parallelFromArcs: 1 });
  }, 240_000);
  afterAll(async () => {
    if (ws) await store.deleteWorkspace(ws);
    await store.close();
    await driver.close();
  });

  it('is offered on a server with the procedures, and knows how many people a workspace has', async () => {
    const l = await store.largeWorkspaces();
    expect(l).not.toBeNull();
    expect(await l!.peopleCount(ws)).toBe(601);
    expect(await l!.peopleCount('no-such-workspace')).toBe(0);
  });

  it('has every person as the full analysis of the snapshot has them', () => {
    const p = large.analysis.people;
    expect(p.count).toBe(600);
    const byId = new Map(full.people.map((x) => [x.personId, x]));
    for (let i = 0; i < p.count; i++) expect(large.analysis.person(i)).toEqual(byId.get(p.id[i]!));
    expect(Array.from(p.byRank, (i) => p.id[i])).toEqual(full.people.map((x) => x.personId));
    // Organisations and dates came through the columns: people at both, ties of different ages.
    expect(new Set(full.people.map((x) => x.organizationId)).size).toBeGreaterThan(2);
  });

  it('finds the same recommendations, mistakes, communities and summary', () => {
    const { people: _, ...rest } = full;
    const plain = (r: Omit<AnalysisResult, 'people'>) => ({ ...r, summary: { ...r.summary, durationMs: 0 } });
    expect(plain(large.analysis.result)).toEqual(plain(rest));
    expect(full.mistakes.length).toBeGreaterThan(0);
    expect(full.recommendations.length).toBeGreaterThan(0);
    expect(full.communities.count).toBeGreaterThan(1);
  });

  it('writes the scores onto the people, as the full analysis has them (nothing on me)', async () => {
    expect(large.written).toEqual({ written: 600, skipped: 0 });
    const rows = await driver.executeQuery(
      `MATCH (p:Person {workspaceId: $ws})
      RETURN p.id AS id, p.partnerScore AS partnerScore, p.strength AS strength, p.stage AS stage,
        p.community AS community`,
      { ws },
      c.database ? { database: c.database } : {},
    );
    const got = new Map(rows.records.map((r) => [r.get('id') as string, r.toObject()]));
    expect(got.get(full.meId)).toMatchObject({ partnerScore: null, strength: null, stage: null });
    for (const x of full.people)
      expect(got.get(x.personId)).toEqual({
        id: x.personId,
        partnerScore: x.partner.score,
        strength: x.strengthToMe.score,
        stage: x.strengthToMe.stage,
        community: x.communityId,
      });
  });

  it('nurture analyze takes the large path from NURTURE_LARGE_ANALYSIS_FROM people, or with --large', async () => {
    const run = async (largeFrom: number, ...args: string[]) => {
      const out: string[] = [];
      const chunks: string[] = [];
      const program = new Command().exitOverride();
      registerAnalyzeCommand(program, {
        openStore: async () => store,
        workspaceId: async () => ws,
        out: (s) => out.push(s),
        write: (s) => {
          chunks.push(s);
        },
        largeFrom,
      });
      await program.parseAsync(['node', 'nurture', 'analyze', ...args]);
      return { text: out.join('\n'), json: chunks.join('') };
    };
    // The same top partners either way (the full analysis here pushes its algorithms down to GDS when
    // the server has it, so only the ranking's head is compared, not every score).
    const auto = await run(600, '--top', '3');
    expect(auto.text).toMatch(
      /Analysed as a large workspace \(people as columns\): read [\d.]+ s, .*write [\d.]+ s; scores written onto 600 people/,
    );
    const names = full.people.slice(0, 3).map((x) => x.name);
    for (const name of names) expect(auto.text).toContain(name);
    expect(auto.text).toMatch(/Recommendations \(\d+\)/);
    expect(auto.text).toMatch(/Mistakes \(\d+\)/);
    const small = await run(602, '--top', '3');
    expect(small.text).not.toMatch(/large workspace/);
    // --json: every person, built as it is written, in rank order.
    const json = JSON.parse((await run(1_000_000, '--large', '--json')).json) as {
      people: { personId: string; partner: { rank: number }; strengthToMe: { factors: object } }[];
    };
    expect(json.people.map((x) => x.partner.rank)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(json.people.map((x) => x.personId).sort()).toEqual(full.people.map((x) => x.personId).sort());
    expect(Object.keys(json.people[0]!.strengthToMe.factors).length).toBeGreaterThan(3);
  });
});
