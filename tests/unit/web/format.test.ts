import { describe, expect, it } from 'vitest';
import { ago, plural, times } from '../../../shared/index.js';
import { isoWeek, localDay, weekDays, weekLabel } from '../../../web/src/core/format.js';

describe('plain words and dates', () => {
  it('gets plurals right', () => {
    expect([plural(0, 'day'), plural(1, 'day'), plural(2, 'person', 'people')]).toEqual([
      '0 days',
      '1 day',
      '2 people',
    ]);
    expect([times(0), times(1), times(2), times(5)]).toEqual(['never', 'once', 'twice', '5 times']);
  });
  it('says how long ago in words', () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    const d = (n: number) => now - n * 86_400_000;
    expect([0, 1, 5, 21, 240, 800].map((n) => ago(d(n), now))).toEqual([
      'today',
      'yesterday',
      '5 days ago',
      '3 weeks ago',
      '8 months ago',
      '2 years ago',
    ]);
  });
  it('gives ISO weeks as numbers and as their dates', () => {
    expect(isoWeek(new Date(2026, 11, 3))).toBe('2026-W49');
    expect(isoWeek(new Date(2027, 0, 1))).toBe('2026-W53');
    expect(weekDays('2026-W49')).toEqual({ first: '2026-11-30', last: '2026-12-06' });
    expect(weekDays('2026-W01')).toEqual({ first: '2025-12-29', last: '2026-01-04' });
    expect(weekLabel('2026-W49')).toMatch(/^week 49 \(.*30.*6.*2026\)$/);
    expect(() => weekDays('2026-49')).toThrow(/not an ISO week/);
    expect(localDay('2026-05-01')).toBe('2026-05-01');
  });
});
