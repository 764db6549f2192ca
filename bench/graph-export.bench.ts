/**
 * Graph export benchmark (issue 18): the network of 30,000 people and about 100,000 ties
 * (ties among contacts and to me, with interactions), analysed once (not counted), then
 * written as GEXF, GraphML and the Neo4j CSV zip to a file. Target: GEXF in under 3 s.
 * Prints the time and size of each; asserts nothing.
 *
 *   npx tsx bench/graph-export.bench.ts [--people 30000] [--ties 70000] [--interactions 100000]
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { analyzeWorkspace } from '../server/analytics/analyze-workspace.js';
import { networkGraphs } from '../server/analysis/network-graph.js';
import { graphExport } from '../server/graph-export/graph-export.service.js';
import type { GraphExportFormat } from '../shared/index.js';
import { syntheticWorkspace } from '../tests/fixtures/analytics/synthetic-workspace.js';

export async function main(argv: string[] = []): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      people: { type: 'string', default: '30000' },
      ties: { type: 'string', default: '70000' },
      interactions: { type: 'string', default: '100000' },
    },
  });
  const now = Date.parse('2026-12-01T00:00:00Z');
  const { snapshot } = syntheticWorkspace({
    people: Number(values.people),
    peerTies: Number(values.ties),
    interactions: Number(values.interactions),
    now,
  });
  let t = performance.now();
  const result = analyzeWorkspace(snapshot, { now });
  const graph = await networkGraphs({
    current: async () => ({ result, stale: false }),
    snapshot: async () => snapshot,
  })('bench', { minStrength: 0 });
  console.log(
    `network: ${graph.view.people.id.length} people, ${graph.view.ties.a.length} ties (analysed in ${Math.round(performance.now() - t)} ms, not counted)`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'nurture-graph-export-'));
  try {
    for (const format of ['gexf', 'graphml', 'neo4j-csv'] as GraphExportFormat[]) {
      const file = join(dir, `network.${format}`);
      t = performance.now();
      await pipeline(graphExport(graph, format).body, createWriteStream(file));
      const ms = performance.now() - t;
      const mb = statSync(file).size / 1e6;
      console.log(
        `${format.padEnd(9)} ${Math.round(ms).toString().padStart(6)} ms  ${mb.toFixed(1)} MB${format === 'gexf' ? `  (target < 3000 ms: ${ms < 3000 ? 'met' : 'MISSED'})` : ''}`,
      );
    }
    console.log(
      `heap used ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB; load average ${loadavg()[0]!.toFixed(2)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2));
