/**
 * One weekly report from the store: the workspace's snapshot, its analysis as
 * of the week's end, the report built from both. Kept apart from the service
 * (delivery, mail) so the analytics worker loads only what computing needs.
 */
import type { WeeklyReport } from '../../shared/index.js';
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

/** Reads the workspace's snapshot and builds the report: the pure functions, on this thread. */
export async function computeReport(store: Store, ws: string, inputs: ReportComputeInputs): Promise<WeeklyReport> {
  const snapshot = await store.snapshot(ws);
  const week = analyzeWeek(snapshot, inputs.range, inputs.options);
  return buildWeeklyReport({ ...inputs, week });
}
