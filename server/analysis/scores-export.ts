/** The partner table as CSV (RFC 4180), one row per person, for spreadsheets. */
import { csvField } from '../../shared/domain/escape.js';
import type { AnalysisResult } from '../../shared/index.js';

const COLUMNS = [
  'personId',
  'name',
  'rank',
  'partnerScore',
  'strengthToMe',
  'stage',
  'trend30d',
  'cooling',
  'flow',
  'ledger',
  'strength',
  'brokerage',
  'reach',
  'referralsGiven',
  'referralsReceived',
  'balance',
  'communityId',
] as const;

/** Rounded to `digits` decimals and kept a number, so that a spreadsheet reads it as one. */
const round = (x: number, digits: number): number => Number(x.toFixed(digits));

export function scoresCsv(result: AnalysisResult): string {
  const lines = [COLUMNS.join(',')];
  for (const p of result.people) {
    const parts = p.partner.parts;
    const ledger = parts.ledger.ledger;
    lines.push(
      [
        p.personId,
        p.name,
        p.partner.rank,
        round(p.partner.score, 1),
        round(p.strengthToMe.score, 1),
        p.strengthToMe.stage,
        round(p.strengthToMe.trend.delta, 1),
        p.strengthToMe.cooling.cooling,
        round(parts.flow.value, 3),
        round(parts.ledger.value, 3),
        round(parts.strength.value, 3),
        round(parts.brokerage.value, 3),
        round(parts.reach.value, 3),
        ledger.referralsGiven,
        ledger.referralsReceived,
        ledger.balance,
        p.communityId ?? null,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
