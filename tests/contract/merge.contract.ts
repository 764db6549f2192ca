/**
 * The merge of two people, part of the store contract (run on SQLite and Neo4j by
 * store.contract.ts): every record naming the merged person moves onto the kept one in one
 * transaction, the merged id still leads to the kept person, and undo restores the workspace
 * exactly as it was.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectAppError, sortedSnapshot } from './contract-helpers.js';
import type { Store } from '../../server/store/store.port.js';

export function runMergeContract(store: () => Store, workspace: (label?: string) => Promise<string>): void {
  describe('merging two people', () => {
    it('refuses an unknown person, a person merged into themselves, and an unknown merge; writes nothing', async () => {
      const s = store();
      const ws = await workspace('merge-errors');
      const ann = await s.people.create(ws, { name: 'Ann' });
      await expectAppError(s.merges.merge(ws, ann.id, randomUUID()), 'NOT_FOUND');
      await expectAppError(s.merges.merge(ws, randomUUID(), ann.id), 'NOT_FOUND');
      await expectAppError(s.merges.merge(ws, ann.id, ann.id), 'VALIDATION');
      await expectAppError(s.merges.undo(ws, randomUUID()), 'NOT_FOUND');
      // Another workspace's person is nobody here.
      const other = await workspace('merge-other');
      const stranger = await s.people.create(other, { name: 'Stranger' });
      await expectAppError(s.merges.merge(ws, ann.id, stranger.id), 'NOT_FOUND');
      expect((await s.snapshot(ws)).people).toEqual([ann]);
      expect(await s.merges.list(ws)).toEqual([]);
      expect(await s.merges.resolve(ws, stranger.id)).toBeNull();
    });

    it('moves every record onto the kept person, keeps the merged id resolvable, and undoes exactly', async () => {
      const s = store();
      const ws = await workspace('merge');
      const me = await s.people.create(ws, { name: 'Me', isMe: true });
      const acme = await s.organizations.create(ws, { name: 'Acme' });
      const keep = await s.people.create(ws, {
        name: 'Ann Lee',
        emails: ['ann@acme.io'],
        tags: ['partner'],
        notes: 'met at the fair',
      });
      const gone = await s.people.create(ws, {
        name: 'Ann Lee',
        emails: ['ann@home.io', 'ANN@acme.io'],
        tags: ['coach'],
        notes: 'from LinkedIn',
        linkedinUrl: 'https://www.linkedin.com/in/ann-lee',
        company: 'Acme',
        organizationId: acme.id,
        connectedOn: '2020-01-01',
      });
      const x = await s.people.create(ws, { name: 'Xavier' });
      const y = await s.people.create(ws, { name: 'Yara' });
      const list = await s.mailingLists.create(ws, { name: 'News' });
      const list2 = await s.mailingLists.create(ws, { name: 'Events' });
      const at = (d: string) => `2026-0${d}T10:00:00Z`;
      const one = await s.interactions.create(ws, {
        occurredAt: at('1-01'),
        channel: 'in_person',
        participantIds: [gone.id, x.id],
        initiatorId: gone.id,
      });
      const group = await s.interactions.create(ws, {
        occurredAt: at('1-02'),
        channel: 'call',
        participantIds: [keep.id, gone.id, y.id],
      });
      const alone = await s.interactions.create(ws, {
        occurredAt: at('1-03'),
        channel: 'email',
        participantIds: [keep.id, gone.id],
      });
      await s.ties.create(ws, { aId: me.id, bId: keep.id, kind: 'linkedin', since: '2021-01-01' });
      const dupTie = await s.ties.create(ws, { aId: me.id, bId: gone.id, kind: 'linkedin', since: '2020-01-01' });
      const movedTie = await s.ties.create(ws, { aId: gone.id, bId: x.id, kind: 'knows' });
      const selfTie = await s.ties.create(ws, { aId: keep.id, bId: gone.id, kind: 'knows' });
      const intro = await s.introductions.create(ws, {
        introducerId: gone.id,
        aId: x.id,
        bId: y.id,
        date: '2026-02-01',
      });
      const referral = await s.referrals.create(ws, {
        referrerId: x.id,
        recipientId: y.id,
        prospectId: gone.id,
        date: '2026-02-02',
      });
      const pitch = await s.pitches.create(ws, { pitcherId: me.id, personId: gone.id, date: '2026-02-03' });
      const consent = await s.consents.create(ws, {
        personId: gone.id,
        listId: list.id,
        status: 'granted',
        date: '2026-01-01',
      });
      const sub = await s.subscriptions.create(ws, { personId: gone.id, listId: list.id, subscribedAt: at('1-05') });
      await s.subscriptions.create(ws, { personId: keep.id, listId: list2.id, subscribedAt: at('1-06') });
      const dupSub = await s.subscriptions.create(ws, {
        personId: gone.id,
        listId: list2.id,
        subscribedAt: at('1-07'),
      });
      const user = await s.accounts.createUser({
        email: `merge-${randomUUID().slice(0, 8)}@example.com`,
        name: 'Member',
        passwordHash: 'x',
      });
      await s.accounts.putMembership(ws, user.id, 'member', gone.id);
      await s.accounts.setPrivateNote(ws, gone.id, user.id, 'owes me a coffee');
      await s.accounts.setPrivateNote(ws, keep.id, user.id, 'great at tax');
      const before = sortedSnapshot(await s.snapshot(ws));
      const egoBefore = await s.egoNetwork(ws, keep.id, { depth: 1, limit: 50 });

      const merge = await s.merges.merge(ws, keep.id, gone.id);
      expect(merge).toMatchObject({ keepId: keep.id, mergedId: gone.id, mergedName: 'Ann Lee', undoneAt: null });
      expect(merge.moved).toEqual({
        ties: 1,
        interactions: 2,
        introductions: 1,
        referrals: 1,
        pitches: 1,
        consents: 1,
        subscriptions: 1,
        emails: 1,
        tags: 1,
        notes: 1,
        privateNotes: 1,
        members: 1,
      });
      const after = await s.snapshot(ws);
      expect(after.people.map((p) => p.id).sort()).toEqual([me.id, keep.id, x.id, y.id].sort());
      expect(after.people.find((p) => p.id === keep.id)).toMatchObject({
        name: 'Ann Lee',
        emails: ['ann@acme.io', 'ann@home.io'],
        tags: ['partner', 'coach'],
        notes: 'met at the fair\n\nfrom LinkedIn',
        linkedinUrl: 'https://www.linkedin.com/in/ann-lee',
        company: 'Acme',
        organizationId: acme.id,
        connectedOn: '2020-01-01',
      });
      const named = JSON.stringify(after);
      expect(named).not.toContain(gone.id);
      expect(after.interactions.find((i) => i.id === one.id)).toMatchObject({
        participantIds: [keep.id, x.id],
        initiatorId: keep.id,
      });
      expect(after.interactions.find((i) => i.id === group.id)!.participantIds).toEqual([keep.id, y.id]);
      expect(after.interactions.find((i) => i.id === alone.id)).toBeUndefined();
      expect(after.ties.map((t) => t.id)).not.toContain(dupTie.id);
      expect(after.ties.map((t) => t.id)).not.toContain(selfTie.id);
      expect(after.ties.find((t) => t.id === movedTie.id)).toMatchObject({ aId: keep.id, bId: x.id, kind: 'knows' });
      expect(after.introductions.find((i) => i.id === intro.id)!.introducerId).toBe(keep.id);
      expect(after.referrals.find((r) => r.id === referral.id)!.prospectId).toBe(keep.id);
      expect(after.pitches.find((p) => p.id === pitch.id)!.personId).toBe(keep.id);
      expect(after.consents.find((c) => c.id === consent.id)!.personId).toBe(keep.id);
      expect(after.subscriptions.find((x2) => x2.id === sub.id)!.personId).toBe(keep.id);
      expect(after.subscriptions.map((x2) => x2.id)).not.toContain(dupSub.id);
      expect(await s.accounts.getPrivateNote(ws, keep.id, user.id)).toBe('great at tax\n\nowes me a coffee');
      expect((await s.accounts.getMembership(ws, user.id))!.personId).toBe(keep.id);
      const ego = await s.egoNetwork(ws, keep.id, { depth: 1, limit: 50 });
      expect(ego!.people.map((p) => p.name).sort()).toEqual(['Me', 'Xavier', 'Yara']);
      expect(await s.egoNetwork(ws, gone.id, { depth: 1, limit: 50 })).toBeNull();
      // The merged id still leads to the kept person.
      expect(await s.merges.resolve(ws, gone.id)).toBe(keep.id);
      expect(await s.merges.resolve(ws, keep.id)).toBe(keep.id);
      expect(await s.merges.list(ws)).toEqual([merge]);

      const undone = await s.merges.undo(ws, merge.id);
      expect(undone).toMatchObject({ id: merge.id, undoneAt: expect.any(String) });
      expect(sortedSnapshot(await s.snapshot(ws))).toEqual(before);
      expect(await s.egoNetwork(ws, keep.id, { depth: 1, limit: 50 })).toEqual(egoBefore);
      expect(await s.accounts.getPrivateNote(ws, keep.id, user.id)).toBe('great at tax');
      expect(await s.accounts.getPrivateNote(ws, gone.id, user.id)).toBe('owes me a coffee');
      expect((await s.accounts.getMembership(ws, user.id))!.personId).toBe(gone.id);
      expect(await s.merges.resolve(ws, gone.id)).toBe(gone.id);
      await expectAppError(s.merges.undo(ws, merge.id), 'CONFLICT');
      expect((await s.merges.list(ws))[0]).toEqual(undone);
    });

    it('makes the kept person the owner when the merged one was, and records "not the same" once', async () => {
      const s = store();
      const ws = await workspace('merge-owner');
      const me = await s.people.create(ws, { name: 'Me', isMe: true });
      const meAgain = await s.people.create(ws, { name: 'Me Myself', linkedinUrl: 'https://linkedin.com/in/me' });
      await s.merges.merge(ws, meAgain.id, me.id);
      expect(await s.getMe(ws)).toMatchObject({
        id: meAgain.id,
        isMe: true,
        linkedinUrl: 'https://linkedin.com/in/me',
      });
      await s.merges.dismiss(ws, meAgain.id, 'zzz');
      await s.merges.dismiss(ws, 'zzz', meAgain.id);
      const pair = meAgain.id < 'zzz' ? `${meAgain.id}|zzz` : `zzz|${meAgain.id}`;
      expect(await s.merges.dismissed(ws)).toEqual(new Set([pair]));
    });
  });
}
