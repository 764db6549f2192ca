/**
 * `nurture analyze [--json]`: the partner ranking, this week's
 * recommendations and the mistakes found, on the configured store. With
 * `--json`, one JSON object that also holds every person's strength to me
 * (stage and breakdown) and partner score (with parts), for checking and export.
 */
import type { Command } from 'commander';
import type { Store } from '../store/store.port.js';
import { InlineEngine } from './analysis.engine.js';
import { streamWriter, writeJson, type Write } from './json-stream.js';

export interface AnalyzeCommandDeps {
  openStore(): Promise<Store>;
  workspaceId(): Promise<string>;
  out?: (text: string) => void;
  /** Where `--json` streams its document (default: stdout). */
  write?: Write;
}

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

export function registerAnalyzeCommand(program: Command, deps: AnalyzeCommandDeps): Command {
  const print = deps.out ?? ((s: string) => console.log(s));
  return program
    .command('analyze')
    .description('Rank referral partners, list recommendations and mistakes (explained)')
    .option('--json', 'print one JSON object with every score and its breakdown')
    .option('--top <n>', 'how many partners and recommendations to list', '15')
    .action(async (opts: { json?: boolean; top: string }) => {
      const top = Math.max(1, Number.parseInt(opts.top, 10) || 15);
      const store = await deps.openStore();
      const ws = await deps.workspaceId();
      const { result } = await new InlineEngine(async () => store).analyze(ws, Date.now());
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
            people: result.people,
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
      print(
        `Stages: ${Object.entries(s.stages)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}\n`,
      );
      print('Top referral partners');
      print(
        `  ${pad('#', 4)}${pad('name', 28)}${pad('score', 7)}${pad('strength', 10)}${pad('stage', 14)}given/received`,
      );
      for (const p of result.people.slice(0, top)) {
        const l = p.partner.parts.ledger.ledger;
        print(
          `  ${pad(String(p.partner.rank), 4)}${pad(p.name, 28)}${pad(p.partner.score.toFixed(1), 7)}${pad(p.strengthToMe.score.toFixed(1), 10)}${pad(p.strengthToMe.stage, 14)}${l.referralsGiven + l.introductionsGiven}/${l.referralsReceived + l.introductionsReceived}`,
        );
      }
      const names = new Map(result.people.map((p) => [p.personId, p.name]));
      print(`\nRecommendations (${result.recommendations.length})`);
      for (const r of result.recommendations.slice(0, top))
        print(`  [${r.kind}] ${names.get(r.personId) ?? r.personId}: ${r.reason}`);
      print(`\nMistakes (${result.mistakes.length})`);
      for (const m of result.mistakes.slice(0, top))
        print(
          `  [${m.kind}] ${names.get(m.personId) ?? m.personId} on ${m.date.slice(0, 10)}: ${m.reasons.join('; ')}`,
        );
    });
}
