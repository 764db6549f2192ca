/** The partner table as CSV (RFC 4180, CRLF, UTF-8 with a BOM so spreadsheets read accents). */
import type { WeeklyReport } from '../../../shared/index.js';
import { csvField } from '../../../shared/domain/escape.js';

const COLUMNS = [
  'week',
  'rank',
  'previous_rank',
  'rank_change',
  'new',
  'name',
  'score',
  'score_change',
  'strength',
  'strength_change_7d',
  'stage',
  'referrals_given',
  'referrals_received',
  'introductions_given',
  'introductions_received',
  'balance',
] as const;

const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

export function renderCsv(r: WeeklyReport): string {
  const lines = [COLUMNS.join(',')];
  for (const p of r.partners.items) {
    lines.push(
      [
        r.week,
        p.rank,
        p.previousRank,
        p.rankChange,
        p.isNew,
        p.name,
        round(p.score),
        round(p.scoreChange),
        round(p.strength),
        round(p.strengthChange),
        p.stage,
        p.referralsGiven,
        p.referralsReceived,
        p.introductionsGiven,
        p.introductionsReceived,
        p.balance,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
