/**
 * `nurture calibrate [--json] [--status] [--reset]`: fits the strength weights
 * to your "how close are you?" ratings (kept only when they beat the defaults
 * on held-out ratings) and prints the agreement and the weights in force.
 */
import type { Command } from 'commander';
import type { Agreement, Calibration } from '../../shared/index.js';
import { InlineEngine } from '../analysis/analysis.engine.js';
import type { Store } from '../store/store.port.js';
import { CalibrationService } from './calibration.service.js';

export interface CalibrateCommandDeps {
  openStore(): Promise<Store>;
  workspaceId(): Promise<string>;
  out?: (text: string) => void;
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(100 * x)}%`);
const rho = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));
const agreement = (a: Agreement) =>
  `strong/weak ${pct(a.strongWeak)}, stage ${pct(a.stage)}, rank correlation ${rho(a.spearman)}`;

export function describeCalibration(c: Calibration): string[] {
  const lines = [
    `${c.ratings} rating${c.ratings === 1 ? '' : 's'} (weights are fitted from ${c.minRatings}); ${c.inForce} weights in force.`,
    `Agreement with held-out ratings (${c.agreement.folds}-fold cross-validation):`,
    `  defaults: ${agreement(c.agreement.defaults)}`,
    `  fitted:   ${c.agreement.fitted ? agreement(c.agreement.fitted) : 'not fitted yet'}`,
    `  reference: ${pct(c.reference.strongWeak)} strong/weak (${c.reference.source})`,
    'Weights in force:',
    ...Object.entries(c.weights).map(([k, v]) => `  ${k.padEnd(12)} ${v.toFixed(3)}`),
    c.why,
  ];
  return lines;
}

export function registerCalibrateCommand(program: Command, deps: CalibrateCommandDeps): Command {
  const print = deps.out ?? ((s: string) => console.log(s));
  return program
    .command('calibrate')
    .description('Fit the strength weights to your ratings; print the agreement and the weights in force')
    .option('--json', 'print one JSON object (the same as GET /api/v1/calibration)')
    .option('--status', 'show the agreement and the weights without storing a new fit')
    .option('--reset', 'go back to the default weights (ratings are kept)')
    .action(async (opts: { json?: boolean; status?: boolean; reset?: boolean }) => {
      const store = await deps.openStore();
      const ws = await deps.workspaceId();
      const engine = new InlineEngine(async () => store);
      const service = new CalibrationService({
        store,
        current: async (w) => (await engine.analyze(w, Date.now())).result,
        fit: (w) => engine.calibrate(w),
        changed: () => undefined,
      });
      const c = opts.reset
        ? await service.reset(ws)
        : opts.status
          ? await service.status(ws)
          : await service.calibrate(ws);
      if (opts.json) print(JSON.stringify(c));
      else for (const line of describeCalibration(c)) print(line);
    });
}
