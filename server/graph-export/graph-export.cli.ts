/** `npx nurture export --format gexf|graphml|neo4j-csv --out FILE`: the network for graph tools. */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { GraphExportQuery } from '../../shared/index.js';
import { networkGraphs } from '../analysis/network-graph.js';
import { InlineEngine } from '../analysis/analysis.engine.js';
import type { CliContext } from '../cli/cli-context.js';
import { AppError } from '../core/app-error.js';
import { graphExport } from './graph-export.service.js';

export function registerExportCommand(program: Command, ctx: CliContext, print: (s: string) => void): void {
  program
    .command('export')
    .description(
      'Export the network for graph tools: GEXF (Gephi), GraphML (yEd, Cytoscape), or neo4j-admin CSVs (a zip)',
    )
    .requiredOption('--format <format>', 'gexf, graphml or neo4j-csv')
    .requiredOption('--out <file>', 'where to write it')
    .option('--min-strength <n>', 'leave out ties between two others weaker than this (0-100)', '0')
    .action(async (opts: { format: string; out: string; minStrength: string }) => {
      const parsed = GraphExportQuery.safeParse({ format: opts.format, minStrength: opts.minStrength });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const flag = issue.path[0] === 'format' ? '--format' : '--min-strength';
        const got = issue.path[0] === 'format' ? opts.format : opts.minStrength;
        throw AppError.invalid(flag, `${issue.message} (got ${JSON.stringify(got)})`);
      }
      const store = await ctx.openStore();
      const ws = await ctx.workspaceId();
      const started = Date.now();
      const result = await new InlineEngine(async () => store).analyze(ws, Date.now());
      const graph = await networkGraphs({
        current: async () => ({ result, stale: false }),
        snapshot: (w) => store.snapshot(w),
      })(ws, { minStrength: parsed.data.minStrength });
      const out = graphExport(graph, parsed.data.format);
      await pipeline(out.body, createWriteStream(opts.out, { mode: 0o600 }));
      print(
        `Exported ${graph.view.people.id.length} people and ${graph.view.ties.a.length} ties as ${parsed.data.format} to ${opts.out} (${Date.now() - started} ms)`,
      );
    });
}
