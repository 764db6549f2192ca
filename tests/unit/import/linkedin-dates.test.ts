import { describe, expect, it } from 'vitest';
import { parseDay, parseInstant } from '../../../server/import/linkedin-dates.js';

describe('LinkedIn dates', () => {
  it('rejects what is not a date', () => {
    for (const s of [
      '',
      'someday',
      '31 Feb 2020',
      '13/13/20',
      '2020-02-30',
      '14 Foo 2020',
      '1/8/18, 13:14 PM',
      '25:00',
    ]) {
      expect(parseDay(s), s).toBeNull();
      expect(parseInstant(s), s).toBeNull();
    }
  });

  it('reads every format of the exports and of spreadsheet re-saves', () => {
    const cases: [string, string, string][] = [
      ['14 Feb 2020', '2020-02-14', '2020-02-14T00:00:00Z'],
      ['03 Mar 2021', '2021-03-03', '2021-03-03T00:00:00Z'],
      ['1/8/18, 6:14 PM', '2018-01-08', '2018-01-08T18:14:00Z'],
      ['12/31/18, 12:05 AM', '2018-12-31', '2018-12-31T00:05:00Z'],
      ['3/7/26, 1:07 PM', '2026-03-07', '2026-03-07T13:07:00Z'],
      ['3/7/26, 1:07\u202fPM', '2026-03-07', '2026-03-07T13:07:00Z'],
      ['2024-06-08 08:02:41 UTC', '2024-06-08', '2024-06-08T08:02:41Z'],
      ['2024-06-08T10:02:41+02:00', '2024-06-08', '2024-06-08T08:02:41Z'],
      ['2020-02-14', '2020-02-14', '2020-02-14T00:00:00Z'],
      ['14.02.2020', '2020-02-14', '2020-02-14T00:00:00Z'],
      ['14/02/2020', '2020-02-14', '2020-02-14T00:00:00Z'],
    ];
    for (const [text, day, instant] of cases) {
      expect(parseDay(text), text).toBe(day);
      expect(parseInstant(text), text).toBe(instant);
    }
  });
});
