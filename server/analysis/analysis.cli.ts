/**
 * `nurture analyze [--json] [--large]`: the partner ranking, this week's
 * recommendations and the mistakes found, on the configured store. With
 * `--json`, one JSON object that also holds every person's strength to me
 * (stage and breakdown) and partner score (with parts), for checking and export.
 *
 * A workspace of `largeFrom` people or more (NURTURE_LARGE_ANALYSIS_FROM) on Neo4j with Nurture's
 * procedures, or any with `--large`, is analysed as a large one (large-analysis.ts): the same
 * numbers, people held as columns and each one's details built as they are printed or written.
 */
import type { Command } from 'commander';
import type { AnalysisResult, PersonAnalysis } from '../../shared/index.js';
import type { Store } from '../store/store.port.js';
import { InlineEngine } from './analysis.engine.js';
import { analyzeLarge } from './large-analysis.js';
import { streamWriter, writeJson, type Write } from './json-stream.js';

export interface AnalyzeCommandDeps {
  openStore(): Promise<Store>;
  workspaceId(): Promise<string>;
  out?: (text: string) => void;
  /** Where `--json` streams its document (default: stdout). */
  write?: Write;
  /** People from which a workspace on Neo4j with Nurture's procedures is analysed as a large one. */
  largeFrom?: number;
}

/** What the command prints, whichever way the workspace was analysed. */
interface Analysed {
  result: Omit<AnalysisResult, 'people'>;
  /** Everyone but me, best partner first (built one at a time for a large workspace). */
  people(): Iterable<PersonAnalysis>;
  /** The names of these people (and organisations are not asked for). */
  names(ids: Iterable<string>): Map<string, string>;
  /** A line about how it ran, for a large workspace. */
  note?: string;
}

/** The default of NURTURE_LARGE_ANALYSIS_FROM. */
export const LARGE_ANALYSIS_FROM = 200_000;

async function analyzed(store: Store, ws: string, large: boolean | undefined, largeFrom: number): Promise<Analysed> {
  if (!large) {
    const l = await store.largeWorkspaces();
    large = l !== null && (await l.peopleCount(ws)) >= largeFrom;
  }
  if (!large) {
    const { result } = await new InlineEngine(async () => store).analyze(ws, Date.now());
    return {
      result,
      people: () => result.people,
      names: () => new Map(result.people.map((p) => [p.personId, p.name])),
    };
  }
  const run = await analyzeLarge(store, ws, Date.now());
  const { analysis } = run;
  const p = analysis.people;
  return {
    result: analysis.result,
    *people() {
      for (let r = 0; r < p.count; r++) yield analysis.person(p.byRank[r]!);
    },
    names(ids) {
      const wanted = new Set(ids);
      const out = new Map<string, string>();
      for (let i = 0; i < p.count; i++) if (wanted.has(p.id[i]!)) out.set(p.id[i]!, p.name[i]!);
      return out;
    },
    note: `Analysed as a large workspace (people as columns): ${Object.entries(run.seconds)
      .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
      .join(', ')}; scores written onto ${run.written.written} people`,
  };
}

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

export function registerAnalyzeCommand(program: Command, deps: AnalyzeCommandDeps): Command {
  const print = deps.out ?? ((s: string) => console.log(s));
  return program
    .command('analyze')
    .description('Rank referral partners, list recommendations and mistakes (explained)')
    .option('--json', 'print one JSON object with every score and its breakdown')
    .option('--top <n>', 'how many partners and recommendations to list', '15')
    .option('--large', "analyse as a large workspace: people as columns (Neo4j with Nurture's procedures)")
    .action(async (opts: { json?: boolean; top: string; large?: boolean }) => {
      const top = Math.max(1, Number.parseInt(opts.top, 10) || 15);
      const store = await deps.openStore();
      const ws = await deps.workspaceId();
      const a = await analyzed(store, ws, opts.large, deps.largeFrom ?? LARGE_ANALYSIS_FROM);
      const result = a.result;
      if (opts.json) {
        // Streamed: for a few hundred thousand people one JSON string would pass V8's limit on strings.
        const write = deps.write ?? streamWriter(process.stdout);
        await writeJson(
          write,
          {
            workspaceId: result.workspaceId,
            meId: result.meId,
            computedAt: result.computedAt,
            summary: result.summary,
            people: a.people(),
            recommendations: result.recommendations,
            mistakes: result.mistakes,
            mailingLists: result.mailingLists,
            communities: result.communities,
            betweenness: result.betweenness,
          },
          ['people', 'recommendations', 'mistakes'],
        );
        await write('\n');
        return;
      }
      const s = result.summary;
      print(
        `Analysis of ${s.people} people, ${s.ties} ties, ${s.interactions} interactions (${Math.round(s.durationMs)} ms)`,
      );
      if (a.note) print(a.note);
      print(
        `Stages: ${Object.entries(s.stages)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}\n`,
      );
      print('Top referral partners');
      print(
        `  ${pad('#', 4)}${pad('name', 28)}${pad('score', 7)}${pad('strength', 10)}${pad('stage', 14)}given/received`,
      );
      let shown = 0;
      for (const p of a.people()) {
        if (shown++ === top) break;
        const l = p.partner.parts.ledger.ledger;
        print(
          `  ${pad(String(p.partner.rank), 4)}${pad(p.name, 28)}${pad(p.partner.score.toFixed(1), 7)}${pad(p.strengthToMe.score.toFixed(1), 10)}${pad(p.strengthToMe.stage, 14)}${l.referralsGiven + l.introductionsGiven}/${l.referralsReceived + l.introductionsReceived}`,
        );
      }
      const recommendations = result.recommendations.slice(0, top);
      const mistakes = result.mistakes.slice(0, top);
      const names = a.names([...recommendations, ...mistakes].map((x) => x.personId));
      print(`\nRecommendations (${result.recommendations.length})`);
      for (const r of recommendations) print(`  [${r.kind}] ${names.get(r.personId) ?? r.personId}: ${r.reason}`);
      print(`\nMistakes (${result.mistakes.length})`);
      for (const m of mistakes)
        print(
          `  [${m.kind}] ${names.get(m.personId) ?? m.personId} on ${m.date.slice(0, 10)}: ${m.reasons.join('; ')}`,
        );
    });
}
