/**
 * Erasure with a short undo, part of the store contract (run on SQLite and Neo4j by
 * store.contract.ts): holding a person erases them from every record and read at once, in one
 * transaction; restoring puts the workspace back exactly as it was; a restore never brings back
 * what names someone erased since; discarding finishes it and leaves nothing to restore.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectAppError, sortedSnapshot } from './contract-helpers.js';
import type { Store } from '../../server/store/store.port.js';
import type { WorkspaceSnapshot } from '../../shared/index.js';

const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/** Every id any record of the snapshot names. */
function named(s: WorkspaceSnapshot): Set<string> {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string') out.add(v);
    if (Array.isArray(v)) for (const x of v) add(x);
  };
  for (const t of s.ties) [t.aId, t.bId].forEach(add);
  for (const i of s.interactions) [i.participantIds, i.initiatorId].forEach(add);
  for (const i of s.introductions) [i.introducerId, i.aId, i.bId].forEach(add);
  for (const r of s.referrals) [r.referrerId, r.recipientId, r.prospectId].forEach(add);
  for (const p of s.pitches) [p.pitcherId, p.personId].forEach(add);
  for (const x of [...s.subscriptions, ...s.consents]) add(x.personId);
  return out;
}

export function runHeldErasureContract(store: () => Store, workspace: (label?: string) => Promise<string>): void {
  describe('erasure with a short undo', () => {
    it('refuses an unknown person or erasure, and another workspace’s person; writes nothing', async () => {
      const s = store();
      const ws = await workspace('held-errors');
      const ann = await s.people.create(ws, { name: 'Ann' });
      await expectAppError(s.erasures.hold(ws, randomUUID(), { dueAt: later(10), requestedBy: null }), 'NOT_FOUND');
      const other = await workspace('held-other');
      const stranger = await s.people.create(other, { name: 'Stranger' });
      await expectAppError(s.erasures.hold(ws, stranger.id, { dueAt: later(10), requestedBy: null }), 'NOT_FOUND');
      await expectAppError(s.erasures.restore(ws, randomUUID()), 'NOT_FOUND');
      expect(await s.erasures.discard(ws, randomUUID())).toBeNull();
      expect((await s.snapshot(ws)).people).toEqual([ann]);
      expect((await s.snapshot(other)).people).toEqual([stranger]);
      expect(await s.erasures.list(ws)).toEqual([]);
      // Another workspace's held erasure is nobody's here.
      const held = await s.erasures.hold(other, stranger.id, { dueAt: later(10), requestedBy: null });
      await expectAppError(s.erasures.restore(ws, held.id), 'NOT_FOUND');
      expect(await s.erasures.discard(ws, held.id)).toBeNull();
      expect(await s.erasures.list(ws)).toEqual([]);
      await s.erasures.restore(other, held.id);
    });

    it('erases at once, and restores every record, note, rating, need, membership and merge exactly', async () => {
      const s = store();
      const ws = await workspace('held');
      const me = await s.people.create(ws, { name: 'Me', isMe: true });
      const acme = await s.organizations.create(ws, { name: 'Acme' });
      const ann = await s.people.create(ws, {
        name: 'Ann Lee',
        emails: ['ann@acme.io'],
        tags: ['partner'],
        notes: 'met at the fair',
        linkedinUrl: 'https://www.linkedin.com/in/ann-lee-held',
        company: 'Acme',
        organizationId: acme.id,
      });
      const x = await s.people.create(ws, { name: 'Xavier' });
      const y = await s.people.create(ws, { name: 'Yara' });
      const list = await s.mailingLists.create(ws, { name: 'News' });
      const at = (d: string) => `2026-0${d}T10:00:00Z`;
      await s.interactions.create(ws, {
        occurredAt: at('1-01'),
        channel: 'in_person',
        participantIds: [ann.id, me.id],
        initiatorId: ann.id,
      });
      const group = await s.interactions.create(ws, {
        occurredAt: at('1-02'),
        channel: 'call',
        participantIds: [me.id, ann.id, y.id],
        initiatorId: ann.id,
      });
      await s.interactions.create(ws, { occurredAt: at('1-03'), channel: 'email', participantIds: [me.id, x.id] });
      await s.ties.create(ws, { aId: me.id, bId: ann.id, kind: 'linkedin', since: '2021-01-01' });
      await s.ties.create(ws, { aId: ann.id, bId: x.id, kind: 'knows' });
      await s.introductions.create(ws, { introducerId: ann.id, aId: x.id, bId: y.id, date: '2026-02-01' });
      await s.referrals.create(ws, { referrerId: x.id, recipientId: me.id, prospectId: ann.id, date: '2026-02-02' });
      await s.pitches.create(ws, { pitcherId: me.id, personId: ann.id, date: '2026-02-03', askedForIt: true });
      await s.consents.create(ws, { personId: ann.id, listId: list.id, status: 'granted', date: '2026-01-01' });
      await s.subscriptions.create(ws, { personId: ann.id, listId: list.id, subscribedAt: at('1-05') });
      const user = await s.accounts.createUser({
        email: `held-${randomUUID().slice(0, 8)}@example.com`,
        name: 'Member',
        passwordHash: 'x',
      });
      await s.accounts.putMembership(ws, user.id, 'member', ann.id);
      await s.accounts.setPrivateNote(ws, ann.id, user.id, 'owes me a coffee');
      await s.calibration.putRating(ws, ann.id, 'close', user.id);
      await s.needs.add(ws, { personId: ann.id, expressedOn: '2026-01-15', note: 'a bookkeeper' });
      // A merge Ann was kept in (the merged record lives on in her).
      const twin = await s.people.create(ws, { name: 'Ann L.', emails: ['ann@home.io'] });
      const merge = await s.merges.merge(ws, ann.id, twin.id);
      const annNow = (await s.people.get(ws, ann.id))!;
      const before = sortedSnapshot(await s.snapshot(ws));
      const ratingsBefore = await s.calibration.listRatings(ws);

      const held = await s.erasures.hold(ws, ann.id, { dueAt: later(10), requestedBy: user.id });
      expect(held).toMatchObject({ personId: ann.id, name: 'Ann Lee', requestedBy: user.id });
      expect(Date.parse(held.dueAt)).toBeGreaterThan(Date.now());
      // Gone from every read at once.
      expect(await s.people.get(ws, ann.id)).toBeNull();
      expect(await s.egoNetwork(ws, ann.id, { depth: 1, limit: 10 })).toBeNull();
      expect((await s.people.list(ws, { limit: 50, offset: 0, q: 'ann' } as never)).items).toEqual([]);
      const during = await s.snapshot(ws);
      expect(during.people.map((p) => p.name).sort()).toEqual(['Me', 'Xavier', 'Yara']);
      expect(named(during).has(ann.id)).toBe(false);
      expect(during.interactions.find((i) => i.id === group.id)?.participantIds.sort()).toEqual([me.id, y.id].sort());
      expect(await s.calibration.listRatings(ws)).toEqual([]);
      expect(await s.accounts.getPrivateNote(ws, ann.id, user.id)).toBeNull();
      expect((await s.accounts.getMembership(ws, user.id))?.personId).toBeNull();
      expect(await s.merges.list(ws)).toEqual([]);
      expect(await s.erasures.list(ws)).toEqual([held]);
      expect((await s.erasures.due(later(5))).some((d) => d.id === held.id)).toBe(false);
      expect(await s.erasures.due(later(11))).toContainEqual({ workspaceId: ws, id: held.id });

      const restored = await s.erasures.restore(ws, held.id);
      expect(restored).toEqual({ person: annNow, leftOut: {} });
      expect(sortedSnapshot(await s.snapshot(ws))).toEqual(before);
      expect(await s.calibration.listRatings(ws)).toEqual(ratingsBefore);
      expect(await s.accounts.getPrivateNote(ws, ann.id, user.id)).toBe('owes me a coffee');
      expect((await s.accounts.getMembership(ws, user.id))?.personId).toBe(ann.id);
      expect((await s.merges.list(ws)).map((m) => m.id)).toEqual([merge.id]);
      expect(await s.merges.resolve(ws, twin.id)).toBe(ann.id);
      expect(await s.erasures.list(ws)).toEqual([]);
      // Undone once: there is nothing left to restore.
      await expectAppError(s.erasures.restore(ws, held.id), 'NOT_FOUND');
    });

    it('discarding finishes it: nothing to restore, and other held copies forget that person', async () => {
      const s = store();
      const ws = await workspace('held-two');
      const me = await s.people.create(ws, { name: 'Me', isMe: true });
      const a = await s.people.create(ws, { name: 'Ada' });
      const b = await s.people.create(ws, { name: 'Bo' });
      const c = await s.people.create(ws, { name: 'Cy' });
      await s.ties.create(ws, { aId: a.id, bId: b.id, kind: 'knows' });
      await s.ties.create(ws, { aId: a.id, bId: me.id, kind: 'knows' });
      await s.interactions.create(ws, {
        occurredAt: '2026-01-01',
        channel: 'call',
        participantIds: [a.id, b.id, c.id],
      });
      await s.interactions.create(ws, { occurredAt: '2026-01-02', channel: 'call', participantIds: [a.id, b.id] });
      await s.pitches.create(ws, { pitcherId: b.id, personId: a.id, date: '2026-01-03' });
      const before = sortedSnapshot(await s.snapshot(ws));

      // Undone in the reverse order, both come back with everything they shared.
      const ha = await s.erasures.hold(ws, a.id, { dueAt: later(10), requestedBy: null });
      const hb = await s.erasures.hold(ws, b.id, { dueAt: later(10), requestedBy: null });
      await s.erasures.restore(ws, hb.id);
      await s.erasures.restore(ws, ha.id);
      expect(sortedSnapshot(await s.snapshot(ws))).toEqual(before);

      // Bo's erasure finished while Ada is held: Ada comes back without anything naming Bo.
      const ha2 = await s.erasures.hold(ws, a.id, { dueAt: later(10), requestedBy: null });
      const hb2 = await s.erasures.hold(ws, b.id, { dueAt: later(10), requestedBy: null });
      expect((await s.erasures.list(ws)).map((h) => h.name).sort()).toEqual(['Ada', 'Bo']);
      const gone = await s.erasures.discard(ws, hb2.id);
      expect(gone).toMatchObject({ id: hb2.id, personId: b.id, name: 'Bo' });
      await expectAppError(s.erasures.restore(ws, hb2.id), 'NOT_FOUND');
      const back = await s.erasures.restore(ws, ha2.id);
      expect(back.leftOut).toEqual({});
      const after = await s.snapshot(ws);
      expect(after.people.map((p) => p.name).sort()).toEqual(['Ada', 'Cy', 'Me']);
      expect(named(after).has(b.id)).toBe(false);
      expect(after.ties).toHaveLength(1);
      // The meeting of three comes back with the two still on file; the one with Bo alone does not.
      expect(after.interactions.map((i) => i.participantIds.sort())).toEqual([[a.id, c.id].sort()]);
      expect(after.pitches).toEqual([]);
    });

    it('forgets someone erased at once while another is held: the copy no longer names them', async () => {
      const s = store();
      const ws = await workspace('held-forget');
      const me = await s.people.create(ws, { name: 'Me', isMe: true });
      const a = await s.people.create(ws, { name: 'Ada' });
      const b = await s.people.create(ws, { name: 'Bo' });
      await s.ties.create(ws, { aId: a.id, bId: b.id, kind: 'knows', note: 'Bo’s old colleague' });
      await s.ties.create(ws, { aId: a.id, bId: me.id, kind: 'knows' });
      await s.interactions.create(ws, {
        occurredAt: '2026-01-01',
        channel: 'call',
        participantIds: [a.id, b.id, me.id],
        initiatorId: b.id,
      });
      const held = await s.erasures.hold(ws, a.id, { dueAt: later(10), requestedBy: null });
      expect(await s.people.delete(ws, b.id)).toBe(true);
      // Another workspace's copies are not this one's to change; nobody held names Me's absence.
      expect(await s.erasures.forget(await workspace('held-forget-other'), b.id)).toBe(0);
      expect(await s.erasures.forget(ws, b.id)).toBe(1);
      expect(await s.erasures.forget(ws, b.id)).toBe(0);
      const back = await s.erasures.restore(ws, held.id);
      // Nothing left to leave out: the copy had forgotten Bo already.
      expect(back.leftOut).toEqual({});
      const after = await s.snapshot(ws);
      expect(named(after).has(b.id)).toBe(false);
      expect(after.ties.map((t) => [t.aId, t.bId].sort())).toEqual([[a.id, me.id].sort()]);
      expect(after.interactions.map((i) => [i.participantIds.sort(), i.initiatorId])).toEqual([
        [[a.id, me.id].sort(), null],
      ]);
    });

    it('leaves out what names someone erased since, and refuses when their profile is taken', async () => {
      const s = store();
      const ws = await workspace('held-conflict');
      const me = await s.people.create(ws, { name: 'Me', isMe: true });
      const a = await s.people.create(ws, { name: 'Ada', linkedinUrl: 'https://www.linkedin.com/in/ada-held' });
      const b = await s.people.create(ws, { name: 'Bo' });
      await s.ties.create(ws, { aId: a.id, bId: b.id, kind: 'knows' });
      await s.ties.create(ws, { aId: a.id, bId: me.id, kind: 'knows' });
      const held = await s.erasures.hold(ws, a.id, { dueAt: later(10), requestedBy: null });
      // Bo erased at once (no undo) while Ada is held.
      expect(await s.people.delete(ws, b.id)).toBe(true);
      // Someone new took Ada's profile URL: she cannot come back, and stays held.
      const taker = await s.people.create(ws, {
        name: 'Ada Again',
        linkedinUrl: 'https://www.linkedin.com/in/ada-held',
      });
      await expectAppError(s.erasures.restore(ws, held.id), 'CONFLICT');
      expect((await s.erasures.list(ws)).map((h) => h.id)).toEqual([held.id]);
      expect((await s.snapshot(ws)).people.map((p) => p.name).sort()).toEqual(['Ada Again', 'Me']);
      await s.people.delete(ws, taker.id);
      const back = await s.erasures.restore(ws, held.id);
      expect(back.leftOut).toEqual({ ties: 1 });
      const after = await s.snapshot(ws);
      expect(after.ties.map((t) => [t.aId, t.bId].sort())).toEqual([[a.id, me.id].sort()]);
    });
  });
}
