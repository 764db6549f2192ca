/**
 * Nurture analytics errors
 * ========================
 *
 * Every analytics function checks its input first and fails with a VALIDATION
 * AppError whose message starts with the origin (`nurture/analytics/<file>`), in
 * the manner of graphology's `graphology-metrics/centrality/pagerank: ...`.
 */
import { AppError } from '../../core/app-error.js';

export function analyticsError(origin: string, message: string): AppError {
  return new AppError('VALIDATION', `nurture/analytics/${origin}: ${message}`, {
    origin: `nurture/analytics/${origin}`,
  });
}

/** Checks `value` is a finite number within [min, max]; names the option in the error. */
export function checkNumber(origin: string, name: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = min === -Infinity && max === Infinity ? 'a finite number' : `a number in [${min}, ${max}]`;
    throw analyticsError(origin, `option "${name}" must be ${range} (got ${String(value)})`);
  }
  return value;
}

export function checkInteger(
  origin: string,
  name: string,
  value: unknown,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  checkNumber(origin, name, value, min, max);
  if (!Number.isInteger(value))
    throw analyticsError(origin, `option "${name}" must be an integer (got ${String(value)})`);
  return value as number;
}
