/**
 * The date formats LinkedIn exports have used, and those a spreadsheet
 * re-save produces:
 *   `14 Feb 2020`                 Connections.csv since 2019
 *   `1/8/18, 6:14 PM`             2018 exports, Invitations.csv (US month/day)
 *   `2024-06-08 08:02:41 UTC`     messages.csv since 2021
 *   `2020-02-14`, `14.02.2020`    ISO, and a European spreadsheet re-save
 * Times without a zone are read as UTC: the export does not say which zone.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2999) return false;
  const leap = m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0);
  return d <= DAYS[m - 1]! + (leap ? 1 : 0);
}

const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

interface Parts {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  s: number;
  hasTime: boolean;
}

function clock(
  h: string | undefined,
  min: string | undefined,
  s: string | undefined,
  ampm: string | undefined,
): [number, number, number] | null {
  if (h === undefined) return [0, 0, 0];
  let hour = Number(h);
  const minute = Number(min ?? 0);
  const second = Number(s ?? 0);
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    const pm = ampm.toLowerCase() === 'pm';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  return [hour, minute, second];
}

const DMY_NAMED =
  /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4}|\d{2})(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))? ?([AaPp][Mm])?)?$/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2}),? *(?:(\d{1,2}):(\d{2})(?::(\d{2}))? ?([AaPp][Mm])?)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)? *(UTC|GMT|Z|[+-]\d{2}:?\d{2})?$/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function parts(text: string): Parts | null {
  const s = text.trim().replace(/\u202f|\u00a0/g, ' ');
  let m: RegExpExecArray | null;
  let y: number;
  let mo: number;
  let d: number;
  let time: [number, number, number] | null;
  let hasTime: boolean;
  if ((m = ISO.exec(s))) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    time = clock(m[4], m[5], m[6], undefined);
    hasTime = m[4] !== undefined;
    const zone = m[7];
    if (time && zone && /^[+-]/.test(zone)) {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      const offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
      if (!validDay(y, mo, d)) return null;
      const t = new Date(Date.UTC(y, mo - 1, d, time[0], time[1] - offsetMin, time[2]));
      return {
        y: t.getUTCFullYear(),
        m: t.getUTCMonth() + 1,
        d: t.getUTCDate(),
        h: t.getUTCHours(),
        min: t.getUTCMinutes(),
        s: t.getUTCSeconds(),
        hasTime,
      };
    }
  } else if ((m = DMY_NAMED.exec(s))) {
    const month = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase());
    if (month < 0) return null;
    [y, mo, d] = [fullYear(m[3]!), month + 1, Number(m[1])];
    time = clock(m[4], m[5], m[6], m[7]);
    hasTime = m[4] !== undefined;
  } else if ((m = SLASHED.exec(s))) {
    // LinkedIn writes month/day; a re-save in a day-first locale is taken as such only when month/day cannot be.
    let [a, b] = [Number(m[1]), Number(m[2])];
    if (a > 12 && b <= 12) [a, b] = [b, a];
    [y, mo, d] = [fullYear(m[3]!), a, b];
    time = clock(m[4], m[5], m[6], m[7]);
    hasTime = m[4] !== undefined;
  } else if ((m = DOTTED.exec(s))) {
    [y, mo, d] = [Number(m[3]), Number(m[2]), Number(m[1])];
    time = clock(m[4], m[5], m[6], undefined);
    hasTime = m[4] !== undefined;
  } else {
    return null;
  }
  if (!time || !validDay(y, mo, d)) return null;
  return { y, m: mo, d, h: time[0], min: time[1], s: time[2], hasTime };
}

/** A calendar day `YYYY-MM-DD` from any supported format (a time, if any, is dropped); null if not a date. */
export function parseDay(text: string): string | null {
  const p = parts(text);
  return p ? `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}` : null;
}

/** messages.csv since 2021, one per message: worth a path of its own. */
const MESSAGE_DATE = /^(\d{4})-(\d{2})-(\d{2}) ([01]\d|2[0-3]):([0-5]\d):([0-5]\d) UTC$/;

/** An instant `YYYY-MM-DDTHH:MM:SSZ`; a bare day is its UTC midnight. Null if not a date. */
export function parseInstant(text: string): string | null {
  // The messages' own shape first, tested rather than matched (no array of groups per message), its
  // digits read in place. Joined rather than concatenated: a concatenation is a tree of four strings,
  // and one is kept per message.
  if (MESSAGE_DATE.test(text)) {
    const digit = (i: number) => text.charCodeAt(i) - 48;
    const y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
    return validDay(y, digit(5) * 10 + digit(6), digit(8) * 10 + digit(9))
      ? [text.slice(0, 10), 'T', text.slice(11, 19), 'Z'].join('')
      : null;
  }
  const p = parts(text);
  return p ? `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}T${pad(p.h)}:${pad(p.min)}:${pad(p.s)}Z` : null;
}
