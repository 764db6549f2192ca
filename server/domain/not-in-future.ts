/**
 * What has not happened yet is not logged: a record dated in the future is
 * refused with the reason, so it is not silently ignored by the analytics
 * (they count only what has happened). A planned meeting is the exception.
 */
import { isFuture } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';

function longDay(t: string): string {
  const ms = Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t);
  return new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** Throws VALIDATION on `body.<field>` when `value` lies in the future. */
export function refuseFuture(field: string, value: string | null | undefined, hint = '', now = Date.now()): void {
  if (!value || !isFuture(value, now)) return;
  throw AppError.invalid(
    `body.${field}`,
    `${longDay(value)} is in the future: log what has already happened${hint ? `; ${hint}` : ''}`,
  );
}
