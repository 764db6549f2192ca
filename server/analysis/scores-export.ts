/** The partner table as CSV (RFC 4180), one row per person, for spreadsheets. */
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

function cell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote what needs it, and defuse spreadsheet formulas in names.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

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
        p.partner.score.toFixed(1),
        p.strengthToMe.score.toFixed(1),
        p.strengthToMe.stage,
        p.strengthToMe.trend.delta.toFixed(1),
        p.strengthToMe.cooling.cooling,
        parts.flow.value.toFixed(3),
        parts.ledger.value.toFixed(3),
        parts.strength.value.toFixed(3),
        parts.brokerage.value.toFixed(3),
        parts.reach.value.toFixed(3),
        ledger.referralsGiven,
        ledger.referralsReceived,
        ledger.balance,
        p.communityId ?? '',
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
