/**
 * Time helpers shared by the analytics: days and half-life decay.
 *
 * Exponential decay with half-life h: w(age) = 2^(-age / h), so an event h days
 * old counts half as much as one today (future-dated events count as today).
 */
export const DAY_MS = 86_400_000;

export function decay(ageMs: number, halfLifeDays: number): number {
  return 2 ** (-Math.max(0, ageMs) / (halfLifeDays * DAY_MS));
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function days(ms: number): number {
  return ms / DAY_MS;
}
