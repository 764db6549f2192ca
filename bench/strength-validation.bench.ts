/**
 * The full strength validation table (issue 14): every scenario at 1,000 ties
 * × three held-out seeds, the model against the four baselines, and how long
 * each scenario takes to simulate and score. Prints; asserts nothing (the CI
 * gate, tests/validation/validation-gate.ts, runs the same size).
 *
 *   npx tsx bench/strength-validation.bench.ts              # the doc's size
 *   npx tsx bench/strength-validation.bench.ts --people=3000 --seeds=101,102,103,104,105
 */
import { pathToFileURL } from 'node:url';
import { renderTable } from '../tests/validation/render-table.js';
import { DOC_SIZE } from '../tests/validation/regenerate-doc.js';
import { SCENARIOS } from '../tests/validation/scenarios.js';
import { shortfalls, validateScenario } from '../tests/validation/validate-strength.js';

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const people = Number(arg('people') ?? DOC_SIZE.people);
  const seeds = (arg('seeds') ?? DOC_SIZE.seeds.join(',')).split(',').map(Number);
  console.log(`Strength validation: ${people} ties per scenario, seeds ${seeds.join(', ')}`);
  const results = [];
  for (const scenario of SCENARIOS) {
    const t = performance.now();
    results.push(validateScenario(scenario, { people, seeds }));
    console.log(`  ${scenario.key.padEnd(12)} ${Math.round(performance.now() - t).toLocaleString('en')} ms`);
  }
  console.log(`\n${renderTable(results)}\n`);
  const gaps = shortfalls(results);
  console.log(
    gaps.length ? `Not beaten (${gaps.length}):\n  ${gaps.join('\n  ')}` : 'Every baseline beaten everywhere.',
  );
  console.log('\nLowest ρ over seeds (model / best baseline):');
  for (const r of results) {
    const base = Math.max(
      r.minSpearman.rawCount,
      r.minSpearman.decayed90,
      r.minSpearman.recency,
      r.minSpearman.daysKnown,
    );
    console.log(`  ${r.scenario.key.padEnd(12)} ${r.minSpearman.model.toFixed(3)} / ${base.toFixed(3)}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
