/**
 * Consent-gated mailing-list export
 * =================================
 *
 * Only people whose latest recorded answer is yes may be exported: consent must
 * be given before marketing e-mail and the sender must be able to show it
 * (ePrivacy Directive 2002/58/EC Art. 13(1); GDPR Art. 7(1)); a no means no.
 *
 * The answer in force for (person, list) at an instant is the newest consent
 * dated on or before it, for that list or for all lists (listId null); on the
 * same date a decline or withdrawal wins over a grant.
 */
import type { Consent, MailingListExport, AnalysisSnapshot } from '../../../shared/index.js';
import { eventMs } from '../../../shared/index.js';
import { analyticsError, checkNumber } from '../util/analytics-error.js';
import { DAY_MS } from '../util/time.js';

const ORIGIN = 'consent/consent-gated-export';

export const DEFAULTS = {
  /** How many left-out people to name in the export (all are counted). */
  maxLeftOutListed: 1000,
};

export interface ConsentExportOptions extends Partial<typeof DEFAULTS> {
  now: number;
}

/** Consents by person, oldest first, a "no" after a "yes" of the same date. */
export function consentsByPerson(consents: readonly Consent[]): Map<string, Consent[]> {
  const by = new Map<string, Consent[]>();
  for (const c of consents) {
    let list = by.get(c.personId);
    if (!list) by.set(c.personId, (list = []));
    list.push(c);
  }
  const rank = (c: Consent): number => (c.status === 'granted' ? 0 : 1);
  for (const list of by.values()) {
    // By day, then instant (a bare day first), so "on or before" is a prefix of the list.
    list.sort((x, y) => {
      const mx = eventMs(x.date);
      const my = eventMs(y.date);
      return (
        Math.floor(mx / DAY_MS) - Math.floor(my / DAY_MS) ||
        mx - my ||
        rank(x) - rank(y) ||
        (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : 0)
      );
    });
  }
  return by;
}

/** Orders two event times; a bare day compares by day with an instant on that day. */
function sameDayOrder(x: string, y: string): number {
  if (x.length === 10 || y.length === 10) return Math.floor(eventMs(x) / DAY_MS) - Math.floor(eventMs(y) / DAY_MS);
  return eventMs(x) - eventMs(y);
}

/** Whether event time `x` is on or before `y` (by day when either is a bare day). */
export function onOrBefore(x: string, y: string): boolean {
  return sameDayOrder(x, y) <= 0;
}

/** The answer in force for (person, list) at `at` (an event time), or null when never asked. */
export function consentInForce(
  personConsents: readonly Consent[] | undefined,
  listId: string,
  at: string,
): Consent | null {
  let found: Consent | null = null;
  for (const c of personConsents ?? []) {
    if (c.listId !== null && c.listId !== listId) continue;
    if (!onOrBefore(c.date, at)) break;
    found = c;
  }
  return found;
}

function checkInputs(snapshot: AnalysisSnapshot, options: ConsentExportOptions): number {
  if (
    !snapshot ||
    !Array.isArray(snapshot.subscriptions) ||
    !Array.isArray(snapshot.consents) ||
    !Array.isArray(snapshot.mailingLists)
  ) {
    throw analyticsError(ORIGIN, 'expects a WorkspaceSnapshot with mailing lists, subscriptions and consents');
  }
  if (!options || typeof options !== 'object') throw analyticsError(ORIGIN, 'options with `now` are required');
  return checkNumber(ORIGIN, 'now', options.now, 0);
}

/** The list's active subscribers with a granted consent in force now, and who was left out and why. */
export function consentGatedExport(
  snapshot: AnalysisSnapshot,
  listId: string,
  options: ConsentExportOptions,
): MailingListExport {
  checkInputs(snapshot, options);
  const list = snapshot.mailingLists.find((l) => l.id === listId);
  if (!list) throw analyticsError(ORIGIN, `no mailing list with id ${listId} in the snapshot`);
  return exportList(snapshot, list, consentsByPerson(snapshot.consents), options);
}

/** Every list's export. */
export function mailingListExports(snapshot: AnalysisSnapshot, options: ConsentExportOptions): MailingListExport[] {
  checkInputs(snapshot, options);
  const consents = consentsByPerson(snapshot.consents);
  return snapshot.mailingLists.map((list) => exportList(snapshot, list, consents, options));
}

function exportList(
  snapshot: AnalysisSnapshot,
  list: { id: string; name: string },
  consents: Map<string, Consent[]>,
  options: ConsentExportOptions,
): MailingListExport {
  const o = { ...DEFAULTS, ...options };
  const nowIso = new Date(o.now).toISOString();
  const personIds: string[] = [];
  const leftOutPeople: MailingListExport['leftOutPeople'] = [];
  const leftOutByReason = { no_consent: 0, declined: 0, withdrawn: 0 };
  const done = new Set<string>();
  for (const s of snapshot.subscriptions) {
    if (s.listId !== list.id || s.status !== 'active' || done.has(s.personId)) continue;
    done.add(s.personId);
    const c = consentInForce(consents.get(s.personId), list.id, nowIso);
    if (c?.status === 'granted') {
      personIds.push(s.personId);
      continue;
    }
    const reason = c === null ? 'no_consent' : c.status === 'declined' ? 'declined' : 'withdrawn';
    leftOutByReason[reason]++;
    if (leftOutPeople.length < o.maxLeftOutListed) leftOutPeople.push({ personId: s.personId, reason });
  }
  return {
    listId: list.id,
    name: list.name,
    personIds,
    leftOut: leftOutByReason.no_consent + leftOutByReason.declined + leftOutByReason.withdrawn,
    leftOutByReason,
    leftOutPeople,
  };
}
