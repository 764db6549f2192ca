/**
 * ISO 8601 weeks in a time zone
 * =============================
 *
 * A report covers one ISO week (Monday to Sunday; week 1 holds the year's
 * first Thursday) of the workspace's calendar: from Monday 00:00 local time to
 * the next Monday 00:00, as UTC instants. Time-zone offsets come from Intl, so
 * daylight-saving weeks have 167 or 169 hours. A calendar day recorded without
 * a time belongs to the week whose dates hold it.
 */
import type { EventTime } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';

const DAY_MS = 86_400_000;
const WEEK = /^(\d{4})-W(\d{2})$/;

export interface WeekRange {
  week: string;
  /** Monday and Sunday, `YYYY-MM-DD`. */
  firstDay: string;
  lastDay: string;
  /** Monday 00:00 local, and the next Monday 00:00 local (exclusive), in ms since the epoch. */
  start: number;
  end: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date and time at `ms` in the zone. */
function localParts(
  ms: number,
  timeZone: string,
): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year!, m: parts.month!, d: parts.day!, h: parts.hour!, mi: parts.minute!, s: parts.second! };
}

/** Local time minus UTC at `ms`, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
}

/** The instant of local midnight starting a calendar day (the first instant of it, should midnight be skipped). */
function localMidnight(y: number, m: number, d: number, timeZone: string): number {
  const wall = Date.UTC(y, m - 1, d);
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  return first === second ? first : Math.max(first, second);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Monday of ISO week 1 of `isoYear`, as a UTC midnight. */
function mondayOfWeekOne(isoYear: number): number {
  const jan4 = Date.UTC(isoYear, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
}

function weeksIn(isoYear: number): number {
  return (mondayOfWeekOne(isoYear + 1) - mondayOfWeekOne(isoYear)) / (7 * DAY_MS);
}

/** The ISO week holding a calendar day given as a UTC midnight. */
function weekOfDay(dayMs: number): string {
  const weekday = (new Date(dayMs).getUTCDay() + 6) % 7;
  const thursday = dayMs + (3 - weekday) * DAY_MS;
  const isoYear = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.round((thursday - 3 * DAY_MS - mondayOfWeekOne(isoYear)) / (7 * DAY_MS));
  return `${isoYear}-W${pad(week)}`;
}

/** Parses `2026-W48`; VALIDATION for anything else, including a week 53 the year does not have. */
export function parseWeek(week: string): { year: number; week: number } {
  const m = WEEK.exec(week);
  const year = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || n > weeksIn(year) || year < 1970) {
    throw AppError.invalid(
      'week',
      `"${week}" is not an ISO week such as 2026-W48${m && n === 53 ? ` (${year} has 52 weeks)` : ''}`,
    );
  }
  return { year, week: n };
}

/** The week `n` weeks after (or before, when negative) `week`. */
export function shiftWeek(week: string, n: number): string {
  const { year, week: w } = parseWeek(week);
  return weekOfDay(mondayOfWeekOne(year) + (w - 1 + n) * 7 * DAY_MS);
}

export function weekRange(week: string, timeZone: string): WeekRange {
  const { year, week: w } = parseWeek(week);
  const monday = mondayOfWeekOne(year) + (w - 1) * 7 * DAY_MS;
  const nextMonday = monday + 7 * DAY_MS;
  const at = (ms: number) => {
    const d = new Date(ms);
    return localMidnight(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), timeZone);
  };
  return {
    week,
    firstDay: dayString(monday),
    lastDay: dayString(nextMonday - DAY_MS),
    start: at(monday),
    end: at(nextMonday),
  };
}

/** The ISO week that holds the instant `ms` in the zone. */
export function weekOf(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return weekOfDay(Date.UTC(p.y, p.m - 1, p.d));
}

/** The latest week that is over at `ms` (the week before the one in progress). */
export function lastCompleteWeek(ms: number, timeZone: string): string {
  return shiftWeek(weekOf(ms, timeZone), -1);
}

/** A calendar day or an instant lies within the week. */
export function inWeek(t: EventTime, range: WeekRange): boolean {
  if (t.length === 10) return t >= range.firstDay && t <= range.lastDay;
  const ms = Date.parse(t);
  return ms >= range.start && ms < range.end;
}

/** `inWeek` with the instant already parsed (`ms` of an instant; ignored for a day). */
export function inWeekAt(t: EventTime, ms: number, range: WeekRange): boolean {
  if (t.length === 10) return t >= range.firstDay && t <= range.lastDay;
  return ms >= range.start && ms < range.end;
}

/** A calendar day or an instant lies before the week's end. */
export function byWeekEnd(t: EventTime, range: WeekRange): boolean {
  return t.length === 10 ? t <= range.lastDay : Date.parse(t) < range.end;
}

/** `2026-11-16` to `22 Nov` style labels for headings (English, fixed). */
export function dayLabel(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]!;
  return `${d} ${month} ${y}`;
}
