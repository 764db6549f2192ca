/**
 * Calendars: iCalendar files (RFC 5545) as Google Calendar, Outlook and Apple
 * Calendar export them, read with ical.js one event at a time (a broken event
 * is rejected with its line, the others are kept).
 *
 * Every event is expanded into its occurrences up to now: RRULE and RDATE,
 * less EXDATE, each RECURRENCE-ID override taking the place of the occurrence
 * it replaces (with its own time, attendees and status). An occurrence is a
 * meeting when it has happened and was not cancelled; all-day events with
 * nobody invited are days off and birthdays, not meetings. Who the owner is,
 * and whether they went, is for the plan to decide (plan/meetings.ts): the
 * parser hands on every attendee with their answer (PARTSTAT).
 *
 * Time zones come from the file's VTIMEZONE components; a TZID without one is
 * read as UTC (a warning says so).
 */
import * as crypto from 'node:crypto';
import ICAL from 'ical.js';
import { AppError } from '../../core/app-error.js';
import { type ContentBlock, PROPERTY, contentBlocks, isProblem, unfoldedLines } from '../content-lines.js';
import type { Address, CalendarParse, MeetingRow } from '../import.types.js';

type Component = InstanceType<typeof ICAL.Component>;
type Time = InstanceType<typeof ICAL.Time>;
type Event = InstanceType<typeof ICAL.Event>;

/** Occurrences of one series read at most (a daily series since 1990 is 13,000). */
export const MAX_OCCURRENCES_PER_SERIES = 20_000;

const VIDEO =
  /(meet\.google\.com|hangouts\.google\.com|zoom\.us|zoomgov\.com|teams\.microsoft\.com|teams\.live\.com|webex\.com|whereby\.com|meet\.jit\.si|gotomeet|goto\.com\/meeting|bluejeans\.com|chime\.aws|facetime|skype|\b(google meet|zoom|microsoft teams|video ?call|videocall|hangout)\b)/i;
const CALL = /^(tel:|callto:|phone:)|^\+?[\d\s().\-/]{7,}$|\b(phone|call|telephone|anruf|telefon|appel)\b/i;

/** sha256 in hex; the one-shot `crypto.hash` (Node 20.12+) is several times faster than a Hash object each. */
const sha = (text: string) =>
  (typeof crypto.hash === 'function'
    ? crypto.hash('sha256', text, 'hex')
    : crypto.createHash('sha256').update(text).digest('hex')
  ).slice(0, 40);

/** How people met: a video link or conference data, a phone number, else in person. */
export function channelOf(input: {
  location: string;
  conference: string[];
  description: string;
}): MeetingRow['channel'] {
  if (input.conference.some((c) => /^tel:/i.test(c.trim()))) {
    if (!input.conference.some((c) => /^https?:/i.test(c.trim()))) return 'call';
  }
  if (input.conference.length > 0) return 'video';
  if (VIDEO.test(input.location)) return 'video';
  if (input.location && CALL.test(input.location.trim())) return 'call';
  if (VIDEO.test(input.description)) return 'video';
  return 'in_person';
}

/** An address from a CAL-ADDRESS value (`mailto:`), lower-cased; null for anything else. */
function addressOf(prop: ReturnType<Component['getFirstProperty']>): Address | null {
  if (!prop) return null;
  const value = String(prop.getFirstValue() ?? '').trim();
  const m = /^mailto:(.+)$/i.exec(value);
  const email = (m ? m[1]! : value).trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) return null;
  const cn = prop.getParameter('cn');
  const name = typeof cn === 'string' && cn.trim() && cn.trim().toLowerCase() !== email ? cn.trim() : null;
  return { email, name };
}

const isResource = (prop: NonNullable<ReturnType<Component['getFirstProperty']>>, email: string) => {
  const cutype = String(prop.getParameter('cutype') ?? '').toUpperCase();
  return (
    cutype === 'RESOURCE' ||
    cutype === 'ROOM' ||
    /@resource\.calendar\.google\.com$/.test(email) ||
    /@group\.calendar\.google\.com$/.test(email) ||
    /@group\.v\.calendar\.google\.com$/.test(email)
  );
};

const textOf = (c: Component, name: string) => {
  const v = c.getFirstPropertyValue(name);
  return v == null ? '' : String(v);
};

export interface CalendarOptions {
  file: string;
  /** Occurrences after this are not meetings yet (default: now). */
  now?: Date;
}

export async function parseCalendar(
  bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: CalendarOptions,
): Promise<CalendarParse> {
  const { file } = options;
  const now = options.now ?? new Date();
  const nowSeconds = now.getTime() / 1000;
  const out: CalendarParse = {
    kind: 'icalendar',
    rows: [],
    read: 0,
    calendarOwner: null,
    skipped: {},
    rejected: [],
    warnings: [],
  };
  const skip = (why: string) => {
    out.skipped[why] = (out.skipped[why] ?? 0) + 1;
  };

  const zones: ContentBlock[] = [];
  const events: ContentBlock[] = [];
  let sawCalendar = false;
  for await (const b of contentBlocks(unfoldedLines(bytes, file), { depth: 1, label: file })) {
    if (isProblem(b)) {
      out.rejected.push(b);
      continue;
    }
    sawCalendar = true;
    if (b.name === PROPERTY) {
      const m = /^X-WR-CALNAME[^:]*:\s*(\S+@\S+)\s*$/i.exec(b.lines[0]!);
      if (m) out.calendarOwner = m[1]!.toLowerCase();
    } else if (b.name === 'VTIMEZONE') zones.push(b);
    else if (b.name === 'VEVENT') events.push(b);
    else skip(`not events (${b.name})`);
  }
  if (!sawCalendar) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${file} holds no calendar (no BEGIN:VCALENDAR): export the calendar as iCalendar (.ics)`,
      { file },
    );
  }

  const registered: string[] = [];
  try {
    for (const z of zones) {
      try {
        const tz = new ICAL.Timezone(new ICAL.Component(ICAL.parse(z.lines.join('\r\n')) as unknown[]));
        if (tz.tzid && !ICAL.TimezoneService.has(tz.tzid)) {
          ICAL.TimezoneService.register(tz, tz.tzid);
          registered.push(tz.tzid);
        }
      } catch (e) {
        out.warnings.push({
          line: z.line,
          message: `time zone not readable (${(e as Error).message.slice(0, 100)}); its times are read as UTC`,
        });
      }
    }

    const unknownZones = new Set<string>();
    // Events grouped by UID: the series and the occurrences it overrides.
    const series = new Map<
      string,
      { master: { comp: Component; line: number } | null; overrides: { comp: Component; line: number }[] }
    >();
    for (const b of events) {
      let comp: Component;
      try {
        comp = new ICAL.Component(ICAL.parse(b.lines.join('\r\n')) as unknown[]);
        if (!comp.getFirstPropertyValue('dtstart')) throw new Error('no DTSTART');
        // Reading the start now surfaces a malformed date here, with this event's line.
        (comp.getFirstPropertyValue('dtstart') as Time).toUnixTime();
      } catch (e) {
        out.rejected.push({ line: b.line, reason: `not a valid event: ${(e as Error).message.slice(0, 200)}` });
        continue;
      }
      const tzid = comp.getFirstProperty('dtstart')?.getParameter('tzid');
      if (typeof tzid === 'string' && !ICAL.TimezoneService.has(tzid) && !unknownZones.has(tzid)) {
        unknownZones.add(tzid);
        out.warnings.push({
          line: b.line,
          message: `time zone ${tzid} is not defined in the file; its times are read as UTC`,
        });
      }
      const uid =
        textOf(comp, 'uid') ||
        `no-uid:${sha(b.lines.filter((l) => !/^(DTSTAMP|SEQUENCE|LAST-MODIFIED)[;:]/i.test(l)).join('\n'))}`;
      const s = series.get(uid) ?? { master: null, overrides: [] };
      if (comp.hasProperty('recurrence-id')) s.overrides.push({ comp, line: b.line });
      else if (s.master) {
        out.rejected.push({ line: b.line, reason: `a second event with the UID of line ${s.master.line}` });
        continue;
      } else s.master = { comp, line: b.line };
      series.set(uid, s);
    }

    const instant = (t: Time, seconds: number): string =>
      t.isDate ? t.toString() : new Date(seconds * 1000).toISOString();

    /** What an event says about who and how, read once per component (a series' occurrences share it). */
    const seen = new Map<
      Component,
      {
        cancelled: boolean;
        organizer: Address | null;
        attendees: MeetingRow['attendees'];
        alone: boolean;
        channel: MeetingRow['channel'];
      }
    >();
    const detailsOf = (comp: Component) => {
      let d = seen.get(comp);
      if (d) return d;
      const attendees: MeetingRow['attendees'] = [];
      for (const p of comp.getAllProperties('attendee')) {
        const a = addressOf(p);
        if (!a || isResource(p, a.email)) continue;
        if (attendees.some((x) => x.email === a.email)) continue;
        attendees.push({ ...a, partstat: String(p.getParameter('partstat') ?? 'NEEDS-ACTION').toUpperCase() });
      }
      const organizer = addressOf(comp.getFirstProperty('organizer'));
      const conference = [
        ...comp.getAllProperties('conference').map((p) => String(p.getFirstValue() ?? '')),
        ...comp.getAllProperties('x-google-conference').map((p) => String(p.getFirstValue() ?? '')),
        ...comp.getAllProperties('x-microsoft-skypeteamsmeetingurl').map((p) => String(p.getFirstValue() ?? '')),
      ].filter(Boolean);
      d = {
        cancelled: textOf(comp, 'status').toUpperCase() === 'CANCELLED',
        organizer,
        attendees,
        alone: !attendees.some((a) => a.email !== organizer?.email),
        channel: channelOf({
          location: textOf(comp, 'location'),
          conference,
          description: textOf(comp, 'description').slice(0, 4000),
        }),
      };
      seen.set(comp, d);
      return d;
    };

    const occurrence = (uid: string, comp: Component, start: Time, recurrenceId: Time | null, line: number) => {
      out.read++;
      const d = detailsOf(comp);
      if (d.cancelled) return skip('cancelled');
      const seconds = start.toUnixTime();
      if (seconds > nowSeconds) return skip('future');
      if (d.alone) return skip(start.isDate ? 'allDayAlone' : 'noAttendees');
      const rid = recurrenceId
        ? recurrenceId.isDate
          ? recurrenceId.toString()
          : String(recurrenceId.toUnixTime())
        : '';
      out.rows.push({
        line,
        externalId: `ics:${sha(`${uid}\u0000${rid}`)}`,
        at: instant(start, seconds),
        // Shared by a series' occurrences: nobody changes a row once it is made.
        organizer: d.organizer,
        attendees: d.attendees,
        channel: d.channel,
      });
    };

    for (const [uid, s] of series) {
      if (!s.master) {
        // Overrides of a series the file does not hold: each is an event of its own.
        for (const o of s.overrides) {
          const rid = o.comp.getFirstPropertyValue('recurrence-id') as Time;
          occurrence(uid, o.comp, o.comp.getFirstPropertyValue('dtstart') as Time, rid, o.line);
        }
        continue;
      }
      const master = s.master.comp;
      if (s.overrides.length === 0 && !master.hasProperty('rrule') && !master.hasProperty('rdate')) {
        // A single event: nothing to expand.
        occurrence(uid, master, master.getFirstPropertyValue('dtstart') as Time, null, s.master.line);
        continue;
      }
      let event: Event;
      try {
        event = new ICAL.Event(s.master.comp, { strictExceptions: false });
        for (const o of s.overrides) event.relateException(o.comp);
      } catch (e) {
        out.rejected.push({ line: s.master.line, reason: `not a valid event: ${(e as Error).message.slice(0, 200)}` });
        continue;
      }
      if (!event.isRecurring()) {
        occurrence(uid, s.master.comp, event.startDate, null, s.master.line);
        continue;
      }
      const lineOf = new Map<Component, number>(s.overrides.map((o) => [o.comp, o.line]));
      try {
        const it = event.iterator();
        let n = 0;
        for (let t = it.next(); t; t = it.next()) {
          // Seconds compared, not Times: Time.compare converts both zones on every call.
          if (t.toUnixTime() > nowSeconds) break;
          if (++n > MAX_OCCURRENCES_PER_SERIES) {
            out.warnings.push({
              line: s.master.line,
              message: `a series of more than ${MAX_OCCURRENCES_PER_SERIES} occurrences: the rest left out`,
            });
            break;
          }
          const d = event.getOccurrenceDetails(t);
          const item = d.item;
          occurrence(
            uid,
            item.component,
            d.startDate,
            d.recurrenceId,
            item === event ? s.master.line : (lineOf.get(item.component) ?? s.master.line),
          );
        }
      } catch (e) {
        out.rejected.push({
          line: s.master.line,
          reason: `its repetition (RRULE) cannot be expanded: ${(e as Error).message.slice(0, 200)}`,
        });
      }
    }
  } finally {
    for (const tzid of registered) ICAL.TimezoneService.remove(tzid);
  }
  return out;
}
