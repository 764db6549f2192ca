/**
 * How numbers and dates read everywhere in the app (tests compare against the
 * same rules): one date format, the user's locale ("3 Dec 2026" or "Dec 3,
 * 2026"), weeks as their dates and ISO number, plurals right.
 */
import { ago, plural } from '../../../shared/index.js';

export { plural };

/** Scores (0–100) and points with one decimal. */
export const score = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : x.toFixed(1));

export const percent = (x: number): string => `${Math.round(x * 100)} %`;

export const count = (n: number): string => n.toLocaleString();

const DAY_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const DAY_FORMAT_UTC = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const TIME_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A day in the user's locale; a bare YYYY-MM-DD is that calendar day wherever the user is. */
export function day(value: string | null | undefined): string {
  if (!value) return '–';
  if (value.length === 10) return DAY_FORMAT_UTC.format(new Date(`${value}T00:00:00Z`));
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : DAY_FORMAT.format(new Date(t));
}

/** A moment in the user's locale, to the minute. */
export function dateTime(value: string | number): string {
  return TIME_FORMAT.format(new Date(value));
}

/** The user's calendar day of an event time, YYYY-MM-DD (a date input's value). */
export function localDay(value: string): string {
  if (value.length === 10) return value;
  const d = new Date(value);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function daysAgo(value: string | null | undefined, now = Date.now()): string {
  if (!value) return 'never';
  return ago(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value), now);
}

/** The ISO week of a day in the user's calendar: "2026-W49". */
export function isoWeek(d = new Date()): string {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const dow = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - dow);
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday and Sunday of an ISO week, YYYY-MM-DD. */
export function weekDays(week: string): { first: string; last: string } {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new Error(`not an ISO week: ${week}`);
  const year = Number(m[1]);
  const jan4 = Date.UTC(year, 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() || 7) - 1) * 86_400_000 + (Number(m[2]) - 1) * 7 * 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { first: iso(monday), last: iso(monday + 6 * 86_400_000) };
}

/** "week 49 (30 Nov – 6 Dec 2026)": the ISO week with its dates. */
export function weekLabel(week: string): string {
  const { first, last } = weekDays(week);
  const range = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).formatRange(
    new Date(`${first}T00:00:00Z`),
    new Date(`${last}T00:00:00Z`),
  );
  return `week ${Number(week.slice(6))} (${range})`;
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
  return localDay(new Date().toISOString());
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
