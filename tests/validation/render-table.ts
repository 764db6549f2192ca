/** The validation results as a Markdown table (docs/strength-validation.md), aligned as Biome formats tables. */
import { BASELINES, LABELS, type Predictor } from './baselines.js';
import type { ScenarioResult } from './validate-strength.js';

const f2 = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(2));
const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : `${Math.round(100 * x)}%`);

/** A Markdown table with padded columns; `right` marks right-aligned columns. */
export function markdownTable(head: string[], rows: string[][], right: boolean[]): string {
  const width = head.map((h, c) => Math.max(3, h.length, ...rows.map((r) => r[c]!.length)));
  const cell = (s: string, c: number) => (right[c] ? s.padStart(width[c]!) : s.padEnd(width[c]!));
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `| ${width.map((w, c) => (right[c] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

export function renderTable(results: ScenarioResult[]): string {
  const predictors: Predictor[] = ['model', ...BASELINES];
  const head = [
    'Scenario',
    'Ties × seeds',
    'Strong',
    'Measure',
    ...predictors.map((p) => LABELS[p]),
    'Model, own thresholds',
  ];
  const rows: string[][] = [];
  for (const r of results) {
    const best = (m: 'spearman' | 'strongWeak' | 'stage') => Math.max(...predictors.map((p) => r.by[p][m]));
    const cells = (m: 'spearman' | 'strongWeak' | 'stage', fmt: (x: number) => string) =>
      predictors.map((p) => (r.by[p][m] === best(m) ? `**${fmt(r.by[p][m])}**` : fmt(r.by[p][m])));
    rows.push([
      r.scenario.name,
      `${r.ties} × ${r.seeds.length}`,
      pct(r.strongShare),
      'Spearman ρ',
      ...cells('spearman', f2),
      '',
    ]);
    rows.push(['', '', '', 'strong/weak', ...cells('strongWeak', pct), pct(r.own.strongWeak)]);
    rows.push(['', '', '', 'stage', ...cells('stage', pct), pct(r.own.stage)]);
  }
  return markdownTable(head, rows, [false, false, false, false, ...predictors.map(() => true), true]);
}

export function renderScenarioList(results: ScenarioResult[]): string {
  return results.map((r) => `- **${r.scenario.name}** (\`${r.scenario.key}\`): ${r.scenario.about}.`).join('\n');
}
