/**
 * Event times: a day (YYYY-MM-DD) or an instant (ISO 8601), compared as milliseconds.
 * One definition for the store's filters, the analytics and the web.
 */
import type { EventTime } from '../schemas/common.schema.js';

/** Milliseconds since the epoch of a day or an instant (a day is its UTC midnight). */
export function eventMs(t: EventTime): number {
  return Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t);
}

/** Inclusive bounds for a `from`/`to` filter; a day as `to` runs to its end. */
export function timeRange(from?: string, to?: string): { fromMs: number; toMs: number } {
  return {
    fromMs: from ? eventMs(from) : -8.64e15,
    toMs: to ? (to.length === 10 ? eventMs(to) + 86_400_000 - 1 : eventMs(to)) : 8.64e15,
  };
}

/**
 * Whether an event time lies in the future at `nowMs`: an instant more than a
 * few minutes ahead (clocks differ), a day later than today somewhere on Earth
 * (a user east of Greenwich is already in tomorrow). What has not happened yet
 * is refused, except a planned meeting, which counts once it has happened.
 */
export function isFuture(t: string, nowMs: number): boolean {
  if (t.length === 10) return t > new Date(nowMs + 14 * 3_600_000).toISOString().slice(0, 10);
  return eventMs(t) > nowMs + 5 * 60_000;
}
