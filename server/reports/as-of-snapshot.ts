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

/** The day or instant each person was first seen, keyed by id. */
export function firstSeen(snapshot: WorkspaceSnapshot): Map<string, EventTime> {
  const seen = new Map<string, EventTime>();
  // Compared as instants (a day at its UTC midnight, as the analytics read it), each parsed once.
  const seenMs = new Map<string, number>();
  const at = (id: string | null | undefined, t: EventTime | null | undefined, tMs: number) => {
    if (!id || !t) return;
    const cur = seenMs.get(id);
    if (cur === undefined || tMs < cur) {
      seen.set(id, t);
      seenMs.set(id, tMs);
    }
  };
  for (const p of snapshot.people) if (p.connectedOn) at(p.id, p.connectedOn, ms(p.connectedOn));
  for (const i of snapshot.interactions) {
    const t = ms(i.occurredAt);
    for (const id of i.participantIds) at(id, i.occurredAt, t);
  }
  for (const r of snapshot.introductions) {
    const t = ms(r.date);
    at(r.introducerId, r.date, t);
    at(r.aId, r.date, t);
    at(r.bId, r.date, t);
  }
  for (const r of snapshot.referrals) {
    const t = ms(r.date);
    at(r.referrerId, r.date, t);
    at(r.recipientId, r.date, t);
    at(r.prospectId, r.date, t);
  }
  for (const p of snapshot.pitches) {
    const t = ms(p.date);
    at(p.pitcherId, p.date, t);
    at(p.personId, p.date, t);
  }
  for (const s of snapshot.subscriptions) at(s.personId, s.subscribedAt, ms(s.subscribedAt));
  for (const c of snapshot.consents) at(c.personId, c.date, ms(c.date));
  for (const t of snapshot.ties) {
    if (!t.since) continue;
    const tMs = ms(t.since);
    at(t.aId, t.since, tMs);
    at(t.bId, t.since, tMs);
  }
  for (const p of snapshot.people) if (!seen.has(p.id)) seen.set(p.id, p.createdAt);
  return seen;
}

/** A day at its UTC midnight (what the analytics read), or the instant. */
function ms(t: EventTime): number {
  return Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t);
}

/** The snapshot cut at the end of the week: nothing dated later, nobody not yet seen. */
export function snapshotAsOf(
  snapshot: WorkspaceSnapshot,
  range: WeekRange,
  seen = firstSeen(snapshot),
): WorkspaceSnapshot {
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
    introductions: snapshot.introductions.filter(
      (r) => by(r.date) && here(r.introducerId) && here(r.aId) && here(r.bId),
    ),
    referrals: snapshot.referrals.filter(
      (r) => by(r.date) && here(r.referrerId) && here(r.recipientId) && here(r.prospectId),
    ),
    pitches: snapshot.pitches.filter((p) => by(p.date) && here(p.pitcherId) && here(p.personId)),
    mailingLists: snapshot.mailingLists,
    subscriptions: snapshot.subscriptions.filter((s) => by(s.subscribedAt) && here(s.personId)),
    consents: snapshot.consents.filter((c) => by(c.date) && here(c.personId)),
    ...(snapshot.needs ? { needs: snapshot.needs.filter((n) => by(n.expressedOn) && here(n.personId)) } : {}),
  };
}
