/**
 * `npx nurture export --format gexf|graphml|neo4j-csv|vcard --out FILE`: the network for graph
 * tools, or the address book as vCard 4.0.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { GraphExportQuery } from '../../shared/index.js';
import { networkGraphs } from '../analysis/network-graph.js';
import { InlineEngine } from '../analysis/analysis.engine.js';
import type { CliContext } from '../cli/cli-context.js';
import { AppError } from '../core/app-error.js';
import { everyone } from '../contacts/vcard.routes.js';
import { vCards } from '../contacts/vcard.writer.js';
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
      if (opts.format === 'vcard') {
        const store = await ctx.openStore();
        const ws = await ctx.workspaceId();
        let people = 0;
        async function* counted() {
          for await (const page of everyone(store, ws)) {
            people += page.length;
            yield page;
          }
        }
        await pipeline(Readable.from(vCards(counted())), createWriteStream(opts.out, { mode: 0o600 }));
        print(`Exported ${people} people as vCard 4.0 to ${opts.out}`);
        return;
      }
      const parsed = GraphExportQuery.safeParse({ format: opts.format, minStrength: opts.minStrength });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        if (issue.path[0] === 'format') {
          throw AppError.invalid(
            '--format',
            `expected gexf, graphml, neo4j-csv or vcard (got ${JSON.stringify(opts.format)})`,
          );
        }
        throw AppError.invalid('--min-strength', `${issue.message} (got ${JSON.stringify(opts.minStrength)})`);
      }
      const store = await ctx.openStore();
      const ws = await ctx.workspaceId();
      const started = Date.now();
      const { result } = await new InlineEngine(async () => store).analyze(ws, Date.now());
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
