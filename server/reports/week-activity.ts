/**
 * What happened in one week, read straight from the records: referrals and
 * introductions given and received (the "givers gain" flows with me), and the
 * network's growth (new people, new ties, first contacts, interactions by
 * channel). Pure functions of a snapshot and a week.
 */
import type {
  Channel,
  EventTime,
  ReportFlowRow,
  ReportFlowTotals,
  ReportPerson,
  ReportWeekActivity,
  WorkspaceSnapshot,
} from '../../shared/index.js';
import { inWeek, inWeekAt, type WeekRange } from './iso-week.js';

export const CHANNELS: readonly Channel[] = ['in_person', 'video', 'call', 'email', 'message', 'event', 'social'];

export type NameOf = (id: string) => ReportPerson;

export function nameLookup(snapshot: WorkspaceSnapshot): NameOf {
  const names = new Map(snapshot.people.map((p) => [p.id, p.name]));
  return (id) => ({ personId: id, name: names.get(id) ?? '(unknown)' });
}

const ms = (t: EventTime) => Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t);

/**
 * Growth and activity in each of the weeks (one pass over the records, each
 * time parsed once). `seen` holds each person's first-seen day or instant
 * (as-of-snapshot.ts).
 */
export function weekActivities(
  snapshot: WorkspaceSnapshot,
  ranges: readonly WeekRange[],
  meId: string | null,
  seen: Map<string, EventTime>,
): ReportWeekActivity[] {
  const out = ranges.map(
    (): ReportWeekActivity => ({
      newPeople: 0,
      newTies: 0,
      firstContacts: 0,
      interactions: 0,
      interactionsByChannel: Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>,
    }),
  );
  const firstWithMe = new Map<string, number>();
  const firstWithMeAt = new Map<string, EventTime>();
  for (const i of snapshot.interactions) {
    const at = ms(i.occurredAt);
    for (let w = 0; w < ranges.length; w++) {
      if (!inWeekAt(i.occurredAt, at, ranges[w]!)) continue;
      out[w]!.interactions++;
      out[w]!.interactionsByChannel[i.channel]++;
    }
    if (meId === null || !i.participantIds.includes(meId)) continue;
    for (const id of i.participantIds) {
      if (id === meId) continue;
      const cur = firstWithMe.get(id);
      if (cur === undefined || at < cur) {
        firstWithMe.set(id, at);
        firstWithMeAt.set(id, i.occurredAt);
      }
    }
  }
  for (const [id, t] of firstWithMeAt) {
    const at = firstWithMe.get(id)!;
    for (let w = 0; w < ranges.length; w++) if (inWeekAt(t, at, ranges[w]!)) out[w]!.firstContacts++;
  }
  for (const p of snapshot.people) {
    const t = seen.get(p.id);
    if (p.isMe || t === undefined) continue;
    const at = t.length === 10 ? 0 : Date.parse(t);
    for (let w = 0; w < ranges.length; w++) if (inWeekAt(t, at, ranges[w]!)) out[w]!.newPeople++;
  }
  for (const tie of snapshot.ties) {
    const t = tie.since ?? tie.createdAt;
    const at = t.length === 10 ? 0 : Date.parse(t);
    for (let w = 0; w < ranges.length; w++) if (inWeekAt(t, at, ranges[w]!)) out[w]!.newTies++;
  }
  return out;
}

/** Referrals and introductions between me and others dated in the week, oldest first. */
export function weekFlows(
  snapshot: WorkspaceSnapshot,
  range: WeekRange,
  meId: string,
  nameOf: NameOf,
): { totals: ReportFlowTotals; rows: ReportFlowRow[] } {
  const totals: ReportFlowTotals = {
    referralsGiven: 0,
    referralsReceived: 0,
    introductionsGiven: 0,
    introductionsReceived: 0,
  };
  const rows: ReportFlowRow[] = [];
  for (const r of snapshot.referrals) {
    if (!inWeek(r.date, range) || r.referrerId === r.recipientId) continue;
    const given = r.referrerId === meId;
    if (!given && r.recipientId !== meId) continue;
    if (given) totals.referralsGiven++;
    else totals.referralsReceived++;
    rows.push({
      kind: 'referral',
      direction: given ? 'given' : 'received',
      date: r.date,
      recordId: r.id,
      with: [nameOf(given ? r.recipientId : r.referrerId)],
      about: r.prospectId ? nameOf(r.prospectId) : r.prospectName ? { personId: null, name: r.prospectName } : null,
      status: r.status,
      value: r.value,
      currency: r.currency,
    });
  }
  for (const r of snapshot.introductions) {
    if (!inWeek(r.date, range)) continue;
    if (r.introducerId === meId) {
      totals.introductionsGiven++;
      rows.push({
        kind: 'introduction',
        direction: 'given',
        date: r.date,
        recordId: r.id,
        with: [r.aId, r.bId].filter((id) => id !== meId).map(nameOf),
        about: null,
        status: r.outcome,
        value: null,
        currency: null,
      });
    } else if (r.aId === meId || r.bId === meId) {
      totals.introductionsReceived++;
      rows.push({
        kind: 'introduction',
        direction: 'received',
        date: r.date,
        recordId: r.id,
        with: [nameOf(r.introducerId)],
        about: nameOf(r.aId === meId ? r.bId : r.aId),
        status: r.outcome,
        value: null,
        currency: null,
      });
    }
  }
  rows.sort(
    (x, y) =>
      ms(x.date) - ms(y.date) || (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0) || (x.recordId < y.recordId ? -1 : 1),
  );
  return { totals, rows };
}
