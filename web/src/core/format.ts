/** How numbers and dates read everywhere in the app (tests compare against the same rules). */

/** Scores (0–100) and points with one decimal. */
export const score = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : x.toFixed(1));

export const percent = (x: number): string => `${Math.round(x * 100)} %`;

export const count = (n: number): string => n.toLocaleString('en');

export function day(value: string | null | undefined): string {
  if (!value) return '–';
  return value.slice(0, 10);
}

export function daysAgo(value: string | null | undefined, now = Date.now()): string {
  if (!value) return 'never';
  const d = Math.round((now - Date.parse(value)) / 86_400_000);
  if (d <= 0) return 'today';
  if (d === 1) return 'yesterday';
  return `${d} days ago`;
}

export const STAGE_LABEL: Record<string, string> = {
  stranger: 'Stranger',
  acquaintance: 'Acquaintance',
  contact: 'Contact',
  relationship: 'Relationship',
  trusted: 'Trusted',
};

export const CHANNEL_LABEL: Record<string, string> = {
  in_person: 'In person',
  video: 'Video call',
  call: 'Call',
  email: 'Email',
  message: 'Message',
  event: 'Event',
  social: 'Social (like, comment)',
};

/** Today in the user's calendar, YYYY-MM-DD. */
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * A day picked in a form as the event time: today becomes this instant (a
 * bare date is midnight UTC, which can lie in the future east of Greenwich
 * and would not count yet).
 */
export function eventTimeFromDay(dayValue: string): string {
  return dayValue === localToday() ? new Date().toISOString() : dayValue;
}

/** Folds case, accents and spacing: the server's name search and the web's filters use the one rule. */
export { foldName as fold } from '../../../shared/normalize.js';
