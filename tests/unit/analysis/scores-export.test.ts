import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { analyzeWorkspace } from '../../../server/analytics/analyze-workspace.js';
import { scoresCsv } from '../../../server/analysis/scores-export.js';
import { NOW, daysAgo, interaction, person, workspace } from '../../fixtures/analytics/workspace-builder.js';

/** A partner who has gone quiet (a negative trend) and a name a spreadsheet would run as a formula. */
function network() {
  return workspace({
    people: [
      person('me', { isMe: true, name: 'Me' }),
      person('pat', { name: 'Pat "PJ" Jones, CPA' }),
      person('eve', { name: '=HYPERLINK("http://evil.example","x")' }),
    ],
    interactions: [
      ...Array.from({ length: 8 }, (_, k) =>
        interaction(`p${k}`, daysAgo(60 + 7 * k), ['me', 'pat'], 'in_person', 'pat'),
      ),
      interaction('e1', daysAgo(3), ['me', 'eve'], 'call', 'me'),
    ],
  });
}

describe('scoresCsv', () => {
  const result = analyzeWorkspace(network(), { now: NOW });
  const rows = parse(scoresCsv(result), { columns: true }) as Record<string, string>[];
  const row = (id: string) => rows.find((r) => r.personId === id)!;

  it('defuses a formula in a name and quotes commas and quotes as RFC 4180 says', () => {
    expect(row('eve').name).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(row('pat').name).toBe('Pat "PJ" Jones, CPA');
  });

  it('writes numbers as numbers: a negative trend is not taken for a formula', () => {
    const pat = result.people.find((p) => p.personId === 'pat')!;
    expect(pat.strengthToMe.trend.delta).toBeLessThan(0);
    expect(row('pat').trend30d).toBe(String(Number(pat.strengthToMe.trend.delta.toFixed(1))));
    expect(Number(row('pat').strengthToMe)).toBeCloseTo(pat.strengthToMe.score, 1);
    expect(row('pat').stage).toBe(pat.strengthToMe.stage);
  });
});
