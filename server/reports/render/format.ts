/** Number and label formatting shared by the renderers (English, fixed: reports are documents). */
import type { MistakeKind, RelationshipStage } from '../../../shared/index.js';

const MINUS = '\u2212';

export function score(x: number): string {
  return x.toFixed(1);
}

export function count(n: number): string {
  return n.toLocaleString('en');
}

/** +2.5, −1.0, ±0.0 */
export function signed(x: number, digits = 1): string {
  const r = Number(x.toFixed(digits));
  if (r === 0) return `\u00B1${(0).toFixed(digits)}`;
  return r > 0 ? `+${r.toFixed(digits)}` : `${MINUS}${Math.abs(r).toFixed(digits)}`;
}

/** +3, −2, 0 for whole numbers (balances). */
export function signedInt(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `${MINUS}${-n}` : '0';
}

/** Rank movement: ▲2, ▼1, = ; "new" for someone not ranked last time; "" with no last report. */
export function rankMove(change: number | null, isNew: boolean): string {
  if (isNew) return 'new';
  if (change === null) return '';
  if (change === 0) return '=';
  return change > 0 ? `\u25B2${change}` : `\u25BC${-change}`;
}

export function money(amounts: Record<string, number>): string {
  const parts = Object.entries(amounts)
    .filter(([, v]) => v !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([c, v]) => `${v.toLocaleString('en', { maximumFractionDigits: 2 })} ${c === 'XXX' ? '(no currency)' : c}`);
  return parts.length ? parts.join(', ') : '';
}

export const STAGE_LABEL: Record<RelationshipStage, string> = {
  stranger: 'Stranger',
  acquaintance: 'Acquaintance',
  contact: 'Contact',
  relationship: 'Relationship',
  trusted: 'Trusted',
};

export const MISTAKE_LABEL: Record<MistakeKind, string> = {
  early_pitch: 'Early pitch',
  signed_up_without_permission: 'Signed up without permission',
  assumed_closeness: 'Assumed closeness',
};

export const CHANNEL_LABEL: Record<string, string> = {
  in_person: 'In person',
  video: 'Video',
  call: 'Call',
  email: 'Email',
  message: 'Message',
  event: 'Event',
  social: 'Social',
};

/** "and 1,234 more" when a list was cut. */
export function more(total: number, shown: number): string | null {
  return total > shown ? `and ${count(total - shown)} more` : null;
}
