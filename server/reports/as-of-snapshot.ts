/**
 * The workspace as it stood at a week's end
 * =========================================
 *
 * The analytics take `now` as a parameter but read every record they are
 * given: an event dated after `now` counts as if it happened then. A report
 * for a past week must not see what came later, so the snapshot is cut here
 * first: events dated after the week's end are dropped, and so are people not
 * yet seen by then.
 *
 * A person is first seen at the earliest of their LinkedIn connection date
 * and their first dated record (interaction, introduction, referral, pitch,
 * subscription, consent, dated tie); someone with none of these at the time
 * they were recorded (`createdAt`). "Me" is always there. Undated ties are
 * kept between people who are there. Referral and introduction outcomes are
 * as recorded now (the store keeps no history of them).
 */
import type { EventTime, WorkspaceSnapshot } from '../../shared/index.js';
import { byWeekEnd, type WeekRange } from './iso-week.js';

/** The day or instant each person was first seen, keyed by id (ISO strings compare by time within a kind). */
export function firstSeen(snapshot: WorkspaceSnapshot): Map<string, EventTime> {
  const seen = new Map<string, EventTime>();
  const at = (id: string | null | undefined, t: EventTime | null | undefined) => {
    if (!id || !t) return;
    const cur = seen.get(id);
    if (cur === undefined || earlier(t, cur)) seen.set(id, t);
  };
  for (const p of snapshot.people) at(p.id, p.connectedOn);
  for (const i of snapshot.interactions) for (const id of i.participantIds) at(id, i.occurredAt);
  for (const r of snapshot.introductions) {
    at(r.introducerId, r.date);
    at(r.aId, r.date);
    at(r.bId, r.date);
  }
  for (const r of snapshot.referrals) {
    at(r.referrerId, r.date);
    at(r.recipientId, r.date);
    at(r.prospectId, r.date);
  }
  for (const p of snapshot.pitches) {
    at(p.pitcherId, p.date);
    at(p.personId, p.date);
  }
  for (const s of snapshot.subscriptions) at(s.personId, s.subscribedAt);
  for (const c of snapshot.consents) at(c.personId, c.date);
  for (const t of snapshot.ties) {
    at(t.aId, t.since);
    at(t.bId, t.since);
  }
  for (const p of snapshot.people) if (!seen.has(p.id)) seen.set(p.id, p.createdAt);
  return seen;
}

/** Compares a day and an instant by the instant a day starts (UTC), which is what the analytics read. */
function ms(t: EventTime): number {
  return Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t);
}

function earlier(a: EventTime, b: EventTime): boolean {
  return ms(a) < ms(b);
}

/** The snapshot cut at the end of the week: nothing dated later, nobody not yet seen. */
export function snapshotAsOf(snapshot: WorkspaceSnapshot, range: WeekRange, seen = firstSeen(snapshot)): WorkspaceSnapshot {
  const by = (t: EventTime | null | undefined) => t == null || byWeekEnd(t, range);
  const people = snapshot.people.filter((p) => p.isMe || by(seen.get(p.id)));
  const present = new Set(people.map((p) => p.id));
  const here = (id: string | null) => id === null || present.has(id);
  return {
    workspace: snapshot.workspace,
    people,
    organizations: snapshot.organizations,
    ties: snapshot.ties.filter((t) => by(t.since) && here(t.aId) && here(t.bId)),
    interactions: snapshot.interactions.filter((i) => by(i.occurredAt) && i.participantIds.every(here)),
    introductions: snapshot.introductions.filter((r) => by(r.date) && here(r.introducerId) && here(r.aId) && here(r.bId)),
    referrals: snapshot.referrals.filter((r) => by(r.date) && here(r.referrerId) && here(r.recipientId) && here(r.prospectId)),
    pitches: snapshot.pitches.filter((p) => by(p.date) && here(p.pitcherId) && here(p.personId)),
    mailingLists: snapshot.mailingLists,
    subscriptions: snapshot.subscriptions.filter((s) => by(s.subscribedAt) && here(s.personId)),
    consents: snapshot.consents.filter((c) => by(c.date) && here(c.personId)),
  };
}
