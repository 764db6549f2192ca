/**
 * One weekly report from the store: the workspace's snapshot, its analysis as
 * of the week's end, the report built from both. Kept apart from the service
 * (delivery, mail) so the analytics worker loads only what computing needs.
 */
import type { WeeklyReport } from '../../shared/index.js';
import { readCalibration, weightsInForce } from '../calibration/calibration-doc.js';
import type { Store } from '../store/store.port.js';
import { analyzeWeek, buildWeeklyReport, type ReportOptions } from './build-report.js';
import type { WeekRange } from './iso-week.js';

/** What a report is made from besides the workspace's records (read by whoever computes it). */
export interface ReportComputeInputs {
  range: WeekRange;
  timeZone: string;
  /** The latest stored report of an earlier week, or null. */
  previous: WeeklyReport | null;
  generatedAt: string;
  options?: ReportOptions;
}

/**
 * Reads the workspace's snapshot, ratings and calibration, and builds the
 * report: the pure functions, on this thread. The week is analysed under the
 * same ratings and factor weights as the live analysis (analysis.engine.ts).
 */
export async function computeReport(store: Store, ws: string, inputs: ReportComputeInputs): Promise<WeeklyReport> {
  const [snapshot, ratings, calibration] = await Promise.all([
    store.snapshot(ws),
    store.calibration.listRatings(ws),
    store.calibration.getCalibration(ws),
  ]);
  const weights = weightsInForce(readCalibration(calibration));
  const week = analyzeWeek(snapshot, inputs.range, inputs.options, { ratings, weights });
  return buildWeeklyReport({ ...inputs, week });
}
