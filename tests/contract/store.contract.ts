/**
 * The one contract every storage adapter passes. Each test works in fresh
 * workspaces, so the suite can share one database.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/store.port.js';
import { AppError } from '../../server/core/app-error.js';
import type { AnalysisInteraction, AnalysisTie, Person, PersonCreate } from '../../shared/index.js';
import { tieList } from '../../shared/index.js';
import { analyzeWorkspace } from '../../server/analytics/index.js';
import { runMergeContract } from './merge.contract.js';
import { runHeldErasureContract } from './held-erasure.contract.js';
import { byId, expectAppError } from './contract-helpers.js';

export function runStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    const made: string[] = [];

    async function workspace(label = 'ws'): Promise<string> {
      const ws = await store.createWorkspace({
        name: `${label} ${randomUUID().slice(0, 8)}`,
        timeZone: 'Europe/Berlin',
      });
      made.push(ws.id);
      return ws.id;
    }
    async function person(ws: string, input: Partial<PersonCreate> = {}): Promise<Person> {
      return store.people.create(ws, { name: input.name ?? `P ${randomUUID().slice(0, 6)}`, ...input });
    }

    beforeAll(async () => {
      store = await open();
      await store.init();
      await store.init(); // start-up twice must be harmless
    });
    afterAll(async () => {
      for (const id of made) await store.deleteWorkspace(id);
      await store.close();
    });

    runMergeContract(() => store, workspace);
    runHeldErasureContract(() => store, workspace);

    it('answers ping', async () => {
      expect(await store.ping()).toBe(true);
    });

    describe('workspaces', () => {
      it('returns null for an unknown workspace', async () => {
        expect(await store.getWorkspace(randomUUID())).toBeNull();
        expect(await store.updateWorkspace(randomUUID(), { name: 'x' })).toBeNull();
        expect(await store.deleteWorkspace(randomUUID())).toBe(false);
      });
      it('creates with a given id, reads, updates, lists and deletes', async () => {
        const id = `ws-${randomUUID()}`;
        const w = await store.createWorkspace({ name: 'Acme' }, id);
        expect(w).toMatchObject({ id, name: 'Acme', timeZone: 'UTC' });
        expect(await store.getWorkspace(id)).toEqual(w);
        const u = await store.updateWorkspace(id, { timeZone: 'America/New_York' });
        expect(u).toMatchObject({ id, name: 'Acme', timeZone: 'America/New_York' });
        expect((await store.listWorkspaces()).map((x) => x.id)).toContain(id);
        await expectAppError(store.createWorkspace({ name: 'again' }, id), 'CONFLICT');
        expect(await store.deleteWorkspace(id)).toBe(true);
        expect(await store.getWorkspace(id)).toBeNull();
      });
    });

    describe('people', () => {
      it('rejects references to records that do not exist, writing nothing', async () => {
        const ws = await workspace();
        await expectAppError(
          store.people.create(ws, { name: 'A', organizationId: 'nope' }),
          'VALIDATION',
          'organizationId',
        );
        expect((await store.people.list(ws, { limit: 10, offset: 0, sort: 'name', order: 'asc' })).total).toBe(0);
      });
      it('allows only one "me" per workspace', async () => {
        const ws = await workspace();
        const me = await person(ws, { name: 'Me', isMe: true });
        await expectAppError(person(ws, { name: 'Me too', isMe: true }), 'CONFLICT');
        expect(await store.getMe(ws)).toEqual(me);
        const other = await person(ws, { name: 'Other' });
        await expectAppError(store.people.update(ws, other.id, { isMe: true }), 'CONFLICT');
      });
      it('rejects a second person with the same LinkedIn profile, however the URL is written', async () => {
        const ws = await workspace();
        await person(ws, { linkedinUrl: 'https://www.linkedin.com/in/J%C3%B6rg-M/' });
        await expectAppError(person(ws, { linkedinUrl: 'linkedin.com/in/jörg-m' }), 'CONFLICT');
      });
      it('creates with defaults, reads, patches and deletes', async () => {
        const ws = await workspace();
        expect(await store.getMe(ws)).toBeNull();
        const p = await person(ws, { name: 'Ada Lovelace', emails: ['Ada@Example.com'], tags: ['math', 'math'] });
        expect(p).toMatchObject({
          name: 'Ada Lovelace',
          emails: ['ada@example.com'],
          tags: ['math'],
          linkedinUrl: null,
          company: null,
          notes: null,
          source: 'manual',
          isMe: false,
          connectedOn: null,
          needNote: null,
        });
        expect(p.createdAt).toBe(p.updatedAt);
        expect(await store.people.get(ws, p.id)).toEqual(p);
        const same = await store.people.update(ws, p.id, { name: 'Ada Lovelace' });
        expect(same).toEqual(p);
        await new Promise((r) => setTimeout(r, 5));
        const u = await store.people.update(ws, p.id, { company: 'Analytical Engines', notes: 'met at RI' });
        expect(u).toMatchObject({
          name: 'Ada Lovelace',
          company: 'Analytical Engines',
          notes: 'met at RI',
          tags: ['math'],
        });
        expect(u!.updatedAt > p.updatedAt).toBe(true);
        const cleared = await store.people.update(ws, p.id, { notes: null });
        expect(cleared!.notes).toBeNull();
        expect(await store.people.update(ws, 'missing', { name: 'x' })).toBeNull();
        expect(await store.people.delete(ws, p.id)).toBe(true);
        expect(await store.people.get(ws, p.id)).toBeNull();
        expect(await store.people.delete(ws, p.id)).toBe(false);
      });
      it('lists with search, tag, company, paging and sorting', async () => {
        const ws = await workspace();
        const org = await store.organizations.create(ws, { name: 'Globex' });
        await person(ws, { name: 'Carol Zed', company: 'Initech', tags: ['vip'] });
        await person(ws, {
          name: 'alice Young',
          company: 'Globex Corp',
          organizationId: org.id,
          emails: ['alice@x.io'],
        });
        await person(ws, { name: 'Bob Xavier', company: 'Hooli', tags: ['vip', 'law'] });
        await person(ws, { name: 'Me', isMe: true });
        const base = { limit: 50, offset: 0, sort: 'name', order: 'asc' } as const;
        const all = await store.people.list(ws, base);
        expect(all.total).toBe(4);
        expect(all.items.map((p) => p.name)).toEqual(['Bob Xavier', 'Carol Zed', 'Me', 'alice Young']);
        const desc = await store.people.list(ws, { ...base, order: 'desc' });
        expect(desc.items.map((p) => p.name)).toEqual(['alice Young', 'Me', 'Carol Zed', 'Bob Xavier']);
        expect((await store.people.list(ws, { ...base, q: 'ALICE' })).items.map((p) => p.name)).toEqual([
          'alice Young',
        ]);
        expect((await store.people.list(ws, { ...base, q: 'hoo' })).items.map((p) => p.name)).toEqual(['Bob Xavier']);
        expect((await store.people.list(ws, { ...base, q: 'x.io' })).items.map((p) => p.name)).toEqual(['alice Young']);
        expect((await store.people.list(ws, { ...base, tag: 'vip' })).items.map((p) => p.name)).toEqual([
          'Bob Xavier',
          'Carol Zed',
        ]);
        expect((await store.people.list(ws, { ...base, company: 'globex' })).total).toBe(1);
        expect((await store.people.list(ws, { ...base, organizationId: org.id })).total).toBe(1);
        expect((await store.people.list(ws, { ...base, isMe: true })).items.map((p) => p.name)).toEqual(['Me']);
        const page2 = await store.people.list(ws, { ...base, limit: 2, offset: 2 });
        expect(page2).toMatchObject({ total: 4, limit: 2, offset: 2 });
        expect(page2.items.map((p) => p.name)).toEqual(['Me', 'alice Young']);
        expect((await store.people.list(ws, { ...base, q: 'nobody' })).items).toEqual([]);
      });
      it('treats search text literally (no wildcards, no injection)', async () => {
        const ws = await workspace();
        await person(ws, { name: 'O\'Brien %_ " ) RETURN 1 //' });
        await person(ws, { name: 'Plain' });
        const base = { limit: 50, offset: 0, sort: 'name', order: 'asc' } as const;
        expect((await store.people.list(ws, { ...base, q: '%' })).total).toBe(1);
        expect((await store.people.list(ws, { ...base, q: '_' })).total).toBe(1);
        expect((await store.people.list(ws, { ...base, q: "o'brien" })).total).toBe(1);
      });
    });

    describe('every other entity', () => {
      it('round-trips each kind of record with its defaults', async () => {
        const ws = await workspace();
        const me = await person(ws, { name: 'Me', isMe: true });
        const a = await person(ws, { name: 'A' });
        const b = await person(ws, { name: 'B' });
        const org = await store.organizations.create(ws, { name: 'Org', domain: 'org.example' });
        expect(org).toMatchObject({ name: 'Org', domain: 'org.example', tags: [], notes: null });
        const tie = await store.ties.create(ws, { aId: me.id, bId: a.id, kind: 'linkedin', since: '2020-02-14' });
        expect(tie).toMatchObject({
          aId: me.id,
          bId: a.id,
          kind: 'linkedin',
          since: '2020-02-14',
          source: 'manual',
          note: null,
        });
        const ix = await store.interactions.create(ws, {
          occurredAt: '2026-01-05T10:00:00+01:00',
          channel: 'in_person',
          participantIds: [me.id, a.id, a.id],
          initiatorId: a.id,
        });
        expect(ix).toMatchObject({
          participantIds: [me.id, a.id],
          initiatorId: a.id,
          note: null,
          source: 'manual',
          externalId: null,
        });
        const intro = await store.introductions.create(ws, {
          introducerId: me.id,
          aId: a.id,
          bId: b.id,
          date: '2026-01-06',
        });
        expect(intro).toMatchObject({ outcome: 'pending', note: null });
        const ref = await store.referrals.create(ws, {
          referrerId: a.id,
          recipientId: me.id,
          prospectId: b.id,
          date: '2026-01-07',
          value: 1200,
          currency: 'EUR',
        });
        expect(ref).toMatchObject({ status: 'open', value: 1200, currency: 'EUR', prospectName: null });
        const pitch = await store.pitches.create(ws, { pitcherId: me.id, personId: b.id, date: '2026-01-08' });
        expect(pitch).toMatchObject({ kind: 'pitch', askedForIt: false, needExpressed: false, offer: null });
        const list = await store.mailingLists.create(ws, { name: 'Newsletter' });
        expect(list).toMatchObject({ description: null });
        const sub = await store.subscriptions.create(ws, {
          listId: list.id,
          personId: a.id,
          subscribedAt: '2026-01-09',
        });
        expect(sub).toMatchObject({ status: 'active', source: 'manual' });
        const consent = await store.consents.create(ws, {
          personId: a.id,
          listId: list.id,
          status: 'granted',
          date: '2026-01-01',
          evidence: 'asked at breakfast',
        });
        expect(consent).toMatchObject({ status: 'granted', evidence: 'asked at breakfast' });

        const pairs = [
          ['organizations', org, { notes: 'n' }],
          ['ties', tie, { note: 'n' }],
          ['interactions', ix, { note: 'n' }],
          ['introductions', intro, { outcome: 'met' }],
          ['referrals', ref, { status: 'won' }],
          ['pitches', pitch, { askedForIt: true }],
          ['mailingLists', list, { description: 'd' }],
          ['subscriptions', sub, { status: 'unsubscribed' }],
          ['consents', consent, { status: 'withdrawn' }],
        ] as const;
        for (const [entity, rec, patch] of pairs) {
          const repo = store[entity] as unknown as Store['ties'];
          expect(await repo.get(ws, rec.id), entity).toEqual(rec);
          const page = await repo.list(ws, { limit: 50, offset: 0 } as never);
          expect(
            page.items.map((x) => x.id),
            entity,
          ).toContain(rec.id);
          const u = await repo.update(ws, rec.id, patch as never);
          expect(u, entity).toMatchObject(patch);
          expect(await repo.get(ws, rec.id), entity).toEqual(u);
          expect(await repo.update(ws, 'missing', patch as never), entity).toBeNull();
          expect(await repo.get(ws, 'missing'), entity).toBeNull();
        }
        for (const [entity, rec] of [...pairs].reverse()) {
          const repo = store[entity] as unknown as Store['ties'];
          expect(await repo.delete(ws, rec.id), entity).toBe(true);
          expect(await repo.get(ws, rec.id), entity).toBeNull();
        }
      });

      it('enforces the rules a schema cannot', async () => {
        const ws = await workspace();
        const me = await person(ws, { name: 'Me', isMe: true });
        const a = await person(ws, { name: 'A' });
        const c = await person(ws, { name: 'C' });
        await expectAppError(
          store.interactions.create(ws, {
            occurredAt: '2026-01-01',
            channel: 'call',
            participantIds: [me.id, 'ghost'],
          }),
          'VALIDATION',
          'participantIds.1',
        );
        await expectAppError(
          store.interactions.create(ws, { occurredAt: '2026-01-01', channel: 'call', participantIds: [me.id, me.id] }),
          'VALIDATION',
          'participantIds',
        );
        await expectAppError(
          store.interactions.create(ws, {
            occurredAt: '2026-01-01',
            channel: 'call',
            participantIds: [me.id, a.id],
            initiatorId: c.id,
          }),
          'VALIDATION',
          'initiatorId',
        );
        await expectAppError(
          store.pitches.create(ws, { personId: a.id, date: '2026-01-01' }),
          'VALIDATION',
          'pitcherId',
        );
        await expectAppError(
          store.referrals.create(ws, { referrerId: a.id, recipientId: me.id, prospectId: 'ghost', date: '2026-01-01' }),
          'VALIDATION',
          'prospectId',
        );
        await store.ties.create(ws, { aId: me.id, bId: a.id, kind: 'knows' });
        await expectAppError(store.ties.create(ws, { aId: a.id, bId: me.id, kind: 'knows' }), 'CONFLICT');
        const list = await store.mailingLists.create(ws, { name: 'L' });
        await store.subscriptions.create(ws, { listId: list.id, personId: a.id, subscribedAt: '2026-01-01' });
        await expectAppError(
          store.subscriptions.create(ws, { listId: list.id, personId: a.id, subscribedAt: '2026-02-01' }),
          'CONFLICT',
        );
        await store.interactions.create(ws, {
          occurredAt: '2026-01-01',
          channel: 'message',
          participantIds: [me.id, a.id],
          externalId: 'm-1',
        });
        await expectAppError(
          store.interactions.create(ws, {
            occurredAt: '2026-01-01',
            channel: 'message',
            participantIds: [me.id, a.id],
            externalId: 'm-1',
          }),
          'CONFLICT',
        );
        const snap = await store.snapshot(ws);
        expect(snap.interactions).toHaveLength(1);
        expect(snap.ties).toHaveLength(1);
      });

      it('filters and orders events, newest first', async () => {
        const ws = await workspace();
        const me = await person(ws, { name: 'Me', isMe: true });
        const a = await person(ws, { name: 'A' });
        const b = await person(ws, { name: 'B' });
        const mk = (occurredAt: string, channel: 'call' | 'email', who: string) =>
          store.interactions.create(ws, { occurredAt, channel, participantIds: [me.id, who] });
        const i1 = await mk('2026-01-01', 'call', a.id);
        const i2 = await mk('2026-01-02T09:00:00+02:00', 'email', a.id);
        const i3 = await mk('2026-01-03T00:30:00Z', 'call', b.id);
        const q = { limit: 50, offset: 0 };
        expect((await store.interactions.list(ws, q)).items.map((i) => i.id)).toEqual([i3.id, i2.id, i1.id]);
        expect((await store.interactions.list(ws, { ...q, personId: a.id })).items.map((i) => i.id)).toEqual([
          i2.id,
          i1.id,
        ]);
        expect((await store.interactions.list(ws, { ...q, channel: 'call' })).items.map((i) => i.id)).toEqual([
          i3.id,
          i1.id,
        ]);
        expect(
          (await store.interactions.list(ws, { ...q, from: '2026-01-02', to: '2026-01-02' })).items.map((i) => i.id),
        ).toEqual([i2.id]);
        expect(
          (await store.interactions.list(ws, { ...q, from: '2026-01-02T08:00:00Z' })).items.map((i) => i.id),
        ).toEqual([i3.id]);

        const intro = await store.introductions.create(ws, {
          introducerId: a.id,
          aId: me.id,
          bId: b.id,
          date: '2026-01-04',
          outcome: 'met',
        });
        expect((await store.introductions.list(ws, { ...q, personId: b.id })).items.map((x) => x.id)).toEqual([
          intro.id,
        ]);
        expect((await store.introductions.list(ws, { ...q, outcome: 'declined' })).total).toBe(0);
        const r1 = await store.referrals.create(ws, {
          referrerId: a.id,
          recipientId: me.id,
          date: '2026-01-05',
          status: 'won',
        });
        const r2 = await store.referrals.create(ws, { referrerId: me.id, recipientId: b.id, date: '2026-01-06' });
        expect((await store.referrals.list(ws, { ...q, personId: me.id })).items.map((x) => x.id)).toEqual([
          r2.id,
          r1.id,
        ]);
        expect((await store.referrals.list(ws, { ...q, status: 'won' })).items.map((x) => x.id)).toEqual([r1.id]);
        const p1 = await store.pitches.create(ws, {
          pitcherId: me.id,
          personId: a.id,
          date: '2026-01-07',
          kind: 'referral_request',
        });
        expect((await store.pitches.list(ws, { ...q, personId: a.id })).items.map((x) => x.id)).toEqual([p1.id]);
        expect((await store.pitches.list(ws, { ...q, kind: 'pitch' })).total).toBe(0);
        const l = await store.mailingLists.create(ws, { name: 'L' });
        const s = await store.subscriptions.create(ws, { listId: l.id, personId: b.id, subscribedAt: '2026-01-08' });
        expect((await store.subscriptions.list(ws, { ...q, listId: l.id })).items.map((x) => x.id)).toEqual([s.id]);
        expect((await store.subscriptions.list(ws, { ...q, personId: a.id })).total).toBe(0);
        const c = await store.consents.create(ws, { personId: b.id, status: 'declined', date: '2026-01-09' });
        expect(
          (await store.consents.list(ws, { ...q, personId: b.id, status: 'declined' })).items.map((x) => x.id),
        ).toEqual([c.id]);
        const t = await store.ties.create(ws, { aId: a.id, bId: b.id, kind: 'colleague' });
        expect((await store.ties.list(ws, { ...q, personId: b.id })).items.map((x) => x.id)).toEqual([t.id]);
        expect((await store.ties.list(ws, { ...q, kind: 'linkedin' })).total).toBe(0);
      });
    });

    describe('workspace isolation', () => {
      it('never shows, changes or links records of another workspace', async () => {
        const ws1 = await workspace('one');
        const ws2 = await workspace('two');
        const me1 = await person(ws1, { name: 'Me', isMe: true, linkedinUrl: 'https://www.linkedin.com/in/me' });
        const a1 = await person(ws1, { name: 'A' });
        const ix = await store.interactions.create(ws1, {
          occurredAt: '2026-01-01',
          channel: 'call',
          participantIds: [me1.id, a1.id],
        });
        const base = { limit: 50, offset: 0, sort: 'name', order: 'asc' } as const;

        expect(await store.people.get(ws2, a1.id)).toBeNull();
        expect(await store.interactions.get(ws2, ix.id)).toBeNull();
        expect(await store.people.update(ws2, a1.id, { name: 'hijacked' })).toBeNull();
        expect(await store.people.delete(ws2, a1.id)).toBe(false);
        expect(await store.interactions.delete(ws2, ix.id)).toBe(false);
        expect((await store.people.list(ws2, base)).total).toBe(0);
        expect(await store.getMe(ws2)).toBeNull();
        expect(await store.egoNetwork(ws2, me1.id, { depth: 1, limit: 10 })).toBeNull();
        await expectAppError(
          store.interactions.create(ws2, {
            occurredAt: '2026-01-01',
            channel: 'call',
            participantIds: [me1.id, a1.id],
          }),
          'VALIDATION',
          'participantIds.0',
        );
        // The same LinkedIn profile may be a person in each workspace, separately.
        const me2 = await person(ws2, { name: 'Me two', isMe: true, linkedinUrl: 'https://www.linkedin.com/in/me' });
        const r = await store.applyImport(ws2, {
          people: [{ name: 'A', linkedinUrl: 'https://www.linkedin.com/in/me' }],
        });
        expect(r.rows[0]).toEqual({ id: me2.id, outcome: 'updated' });

        expect(await store.people.get(ws1, a1.id)).toEqual(a1);
        expect(await store.people.get(ws1, me1.id)).toEqual(me1);
        const snap2 = await store.snapshot(ws2);
        expect(snap2.people.map((p) => p.id)).toEqual([me2.id]);
        expect(snap2.interactions).toEqual([]);
        expect((await store.snapshot(ws1)).people).toHaveLength(2);
      });
    });

    describe('bulk import', () => {
      const plan = () => ({
        people: [
          {
            name: 'Zoë Ångström',
            linkedinUrl: 'https://www.linkedin.com/in/zo%C3%AB-a/',
            company: 'Acme',
            connectedOn: '2020-02-14',
            source: 'linkedin',
          },
          { name: 'Yusuf Ali', emails: ['Yusuf@Example.com'], company: 'Beta', source: 'linkedin' },
          { name: '王小明', linkedinUrl: 'https://linkedin.com/in/wang', source: 'linkedin' },
        ] as PersonCreate[],
      });

      it('rolls back everything when one row fails in the middle', async () => {
        const ws = await workspace();
        const me = await person(ws, { name: 'Me', isMe: true });
        const people = Array.from({ length: 120 }, (_, i) => ({
          name: `Row ${i}`,
          linkedinUrl: `https://www.linkedin.com/in/row-${i}`,
        }));
        const interactions = people.map((_, i) => ({
          participants: [{ id: me.id }, i === 100 ? { id: 'ghost' } : { row: i }],
          initiator: null,
          occurredAt: '2026-01-01',
          channel: 'message' as const,
          source: 'linkedin-messages',
          externalId: `x-${i}`,
        }));
        await expectAppError(store.applyImport(ws, { people, interactions }), 'VALIDATION');
        const snap = await store.snapshot(ws);
        expect(snap.people.map((p) => p.id)).toEqual([me.id]);
        expect(snap.interactions).toEqual([]);
        await expectAppError(
          store.applyImport(ws, {
            people,
            ties: [{ a: { id: me.id }, b: { row: 999 }, kind: 'linkedin', since: null, source: 'x' }],
          }),
          'VALIDATION',
        );
        expect((await store.snapshot(ws)).people).toHaveLength(1);
      });

      it('is idempotent: the same plan twice leaves one copy', async () => {
        const ws = await workspace();
        const me = await person(ws, { name: 'Me', isMe: true });
        const full = {
          ...plan(),
          ties: [0, 1, 2].map((row) => ({
            a: { id: me.id },
            b: { row },
            kind: 'linkedin' as const,
            since: '2020-02-14',
            source: 'linkedin',
          })),
          interactions: [
            {
              participants: [{ row: 0 }, { id: me.id }],
              initiator: { row: 0 },
              occurredAt: '2024-06-08T08:02:41Z',
              channel: 'message' as const,
              source: 'linkedin-messages',
              externalId: 'conv-1/2024-06-08T08:02:41Z',
            },
          ],
        };
        const first = await store.applyImport(ws, full);
        expect(first.people).toEqual({ created: 3, updated: 0, unchanged: 0 });
        expect(first.ties).toEqual({ created: 3, unchanged: 0 });
        expect(first.interactions).toEqual({ created: 1, unchanged: 0 });
        expect(first.rows.map((r) => r.outcome)).toEqual(['created', 'created', 'created']);
        const second = await store.applyImport(ws, full);
        expect(second.people).toEqual({ created: 0, updated: 0, unchanged: 3 });
        expect(second.ties).toEqual({ created: 0, unchanged: 3 });
        expect(second.interactions).toEqual({ created: 0, unchanged: 1 });
        expect(second.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
        const snap = await store.snapshot(ws);
        expect(snap.people).toHaveLength(4);
        expect(snap.ties).toHaveLength(3);
        expect(snap.interactions).toHaveLength(1);
        const zoe = snap.people.find((p) => p.id === first.rows[0]!.id)!;
        expect(zoe).toMatchObject({
          name: 'Zoë Ångström',
          company: 'Acme',
          connectedOn: '2020-02-14',
          source: 'linkedin',
        });
        expect(snap.interactions[0]).toMatchObject({
          initiatorId: zoe.id,
          channel: 'message',
          externalId: 'conv-1/2024-06-08T08:02:41Z',
        });
        expect(new Set(snap.interactions[0]!.participantIds)).toEqual(new Set([zoe.id, me.id]));
      });

      it('names the external ids of the imported interactions, of this workspace only', async () => {
        const ws = await workspace();
        const other = await workspace();
        expect(await store.importedExternalIds(ws)).toEqual(new Set());
        const me = await person(ws, { name: 'Me', isMe: true });
        const message = (externalId: string) => ({
          participants: [{ row: 0 }, { id: me.id }],
          initiator: { row: 0 },
          occurredAt: '2024-06-08T08:02:41Z',
          channel: 'message' as const,
          source: 'linkedin-messages',
          externalId,
        });
        await store.applyImport(ws, { ...plan(), interactions: [message('li-msg:a'), message('li-msg:b')] });
        // An interaction logged by hand has no external id and is not named.
        await store.interactions.create(ws, {
          occurredAt: '2024-06-09',
          channel: 'call',
          participantIds: [
            me.id,
            (await store.people.list(ws, { limit: 1, offset: 0, sort: 'name', order: 'desc' } as never)).items[0]!.id,
          ],
        });
        const otherMe = await person(other, { name: 'Me', isMe: true });
        await store.applyImport(other, {
          ...plan(),
          interactions: [{ ...message('li-msg:c'), participants: [{ row: 0 }, { id: otherMe.id }] }],
        });
        expect(await store.importedExternalIds(ws)).toEqual(new Set(['li-msg:a', 'li-msg:b']));
        expect(await store.importedExternalIds(other)).toEqual(new Set(['li-msg:c']));
      });

      it("matches by normalised URL, then email; updates imported fields and keeps the user's notes and tags", async () => {
        const ws = await workspace();
        const first = await store.applyImport(ws, plan());
        const [zoeId, yusufId, wangId] = first.rows.map((r) => r.id);
        await store.people.update(ws, zoeId!, { notes: 'my own note', tags: ['partner'] });
        const newer = await store.applyImport(ws, {
          people: [
            {
              name: 'Zoë Ångström',
              linkedinUrl: 'linkedin.com/in/ZOË-A',
              company: 'Acme Labs',
              position: 'CEO',
              tags: ['imported'],
            },
            {
              name: 'Yusuf Ali',
              emails: ['yusuf@example.com', 'y@beta.io'],
              linkedinUrl: 'https://www.linkedin.com/in/yusuf',
            },
            { name: '王小明', linkedinUrl: 'https://linkedin.com/in/wang/' },
            { name: 'New Person', linkedinUrl: 'https://www.linkedin.com/in/new' },
            { name: 'New Person', linkedinUrl: 'https://www.linkedin.com/in/new/' },
          ],
        });
        expect(newer.rows.map((r) => r.outcome)).toEqual(['updated', 'updated', 'unchanged', 'created', 'unchanged']);
        expect(newer.rows.map((r) => r.id).slice(0, 3)).toEqual([zoeId, yusufId, wangId]);
        expect(newer.rows[4]!.id).toBe(newer.rows[3]!.id);
        expect(newer.people).toEqual({ created: 1, updated: 2, unchanged: 2 });
        const zoe = await store.people.get(ws, zoeId!);
        expect(zoe).toMatchObject({
          company: 'Acme Labs',
          position: 'CEO',
          notes: 'my own note',
          tags: ['partner', 'imported'],
          connectedOn: '2020-02-14',
        });
        const yusuf = await store.people.get(ws, yusufId!);
        expect(yusuf!.emails).toEqual(['yusuf@example.com', 'y@beta.io']);
        expect(yusuf!.linkedinUrl).toBe('https://www.linkedin.com/in/yusuf');
        // Found again by the URL it now has.
        const again = await store.applyImport(ws, {
          people: [{ name: 'Yusuf Ali', linkedinUrl: 'linkedin.com/in/yusuf' }],
        });
        expect(again.rows[0]).toEqual({ id: yusufId, outcome: 'unchanged' });
      });

      it('records provenance and flags possible duplicates without merging them', async () => {
        const ws = await workspace();
        await person(ws, {
          name: 'José Núñez',
          company: 'Acme GmbH',
          linkedinUrl: 'https://www.linkedin.com/in/jose-1',
        });
        const r = await store.applyImport(ws, {
          people: [
            { name: 'jose nunez', company: 'ACME GmbH', linkedinUrl: 'https://www.linkedin.com/in/jose-2' },
            { name: 'Other', company: 'Acme GmbH' },
          ],
          record: {
            fileName: 'Connections.csv',
            fileHash: 'abc123',
            kind: 'linkedin-connections',
            counts: { hidden: 2, rejected: 0 },
          },
        });
        expect(r.people.created).toBe(2);
        expect(r.possibleDuplicates).toHaveLength(1);
        expect(r.possibleDuplicates[0]).toMatchObject({ row: 0, id: r.rows[0]!.id });
        expect((await store.people.get(ws, r.possibleDuplicates[0]!.existingId))!.name).toBe('José Núñez');
        expect(r.importId).toEqual(expect.any(String));
        const imports = await store.listImports(ws, { limit: 10, offset: 0 });
        expect(imports.total).toBe(1);
        expect(imports.items[0]).toMatchObject({
          id: r.importId,
          fileName: 'Connections.csv',
          fileHash: 'abc123',
          kind: 'linkedin-connections',
          counts: {
            hidden: 2,
            rejected: 0,
            peopleCreated: 2,
            peopleUpdated: 0,
            peopleUnchanged: 0,
            tiesCreated: 0,
            interactionsCreated: 0,
            possibleDuplicates: 1,
          },
        });
        const dry = await store.applyImport(ws, {
          people: [{ name: 'X' }],
          record: { fileName: 'f', fileHash: 'h', kind: 'k', counts: {} },
          dryRun: true,
        });
        expect(dry.importId).toBeNull();
        expect((await store.listImports(ws, { limit: 10, offset: 0 })).total).toBe(1);
        expect((await store.listImports(randomUUID(), { limit: 10, offset: 0 })).total).toBe(0);
      });

      it('lands a row on the person its matchId names, and makes the owner row "me"', async () => {
        const ws = await workspace();
        const old = await person(ws, { name: 'No Keys', company: 'Old Co', connectedOn: '2019-01-01' });
        const owner = await person(ws, { name: 'Owner', linkedinUrl: 'https://www.linkedin.com/in/owner' });
        await expectAppError(
          store.applyImport(ws, { people: [{ name: 'X', matchId: 'ghost' }] }),
          'VALIDATION',
          'people.0.matchId',
        );
        const r = await store.applyImport(ws, {
          people: [
            { name: 'Owner', linkedinUrl: 'linkedin.com/in/owner', isMe: true },
            { name: 'No Keys', company: 'New Co', matchId: old.id },
            { name: 'No Keys', company: 'New Co', matchId: old.id },
          ],
        });
        expect(r.rows).toEqual([
          { id: owner.id, outcome: 'updated' },
          { id: old.id, outcome: 'updated' },
          { id: old.id, outcome: 'unchanged' },
        ]);
        expect((await store.getMe(ws))!.id).toBe(owner.id);
        expect((await store.people.get(ws, old.id))!.company).toBe('New Co');
        expect((await store.snapshot(ws)).people).toHaveLength(2);
      });

      it('counts a dry run exactly and writes nothing', async () => {
        const ws = await workspace();
        await store.applyImport(ws, { people: plan().people.slice(0, 1) });
        const dry = await store.applyImport(ws, { ...plan(), dryRun: true });
        expect(dry.dryRun).toBe(true);
        expect(dry.people).toEqual({ created: 2, updated: 0, unchanged: 1 });
        expect((await store.snapshot(ws)).people).toHaveLength(1);
      });
    });

    describe('ego network', () => {
      it('returns neighbours to depth 1 or 2, the links among them, and flags a cap', async () => {
        const ws = await workspace();
        const me = await person(ws, { name: 'Me', isMe: true });
        const a = await person(ws, { name: 'A' });
        const b = await person(ws, { name: 'B' });
        const c = await person(ws, { name: 'C' });
        const d = await person(ws, { name: 'D' });
        const lone = await person(ws, { name: 'Lone' });
        await store.ties.create(ws, { aId: me.id, bId: a.id, kind: 'linkedin' });
        await store.interactions.create(ws, {
          occurredAt: '2026-01-01',
          channel: 'call',
          participantIds: [me.id, b.id],
        });
        await store.interactions.create(ws, {
          occurredAt: '2026-01-02',
          channel: 'call',
          participantIds: [me.id, a.id],
        });
        await store.introductions.create(ws, { introducerId: a.id, aId: b.id, bId: c.id, date: '2026-01-03' });
        await store.referrals.create(ws, { referrerId: c.id, recipientId: d.id, date: '2026-01-04' });

        expect(await store.egoNetwork(ws, 'missing', { depth: 1, limit: 10 })).toBeNull();
        const one = await store.egoNetwork(ws, me.id, { depth: 1, limit: 10 });
        expect(one!.center.id).toBe(me.id);
        expect(one!.capped).toBe(false);
        expect(one!.people.map((p) => p.name)).toEqual(['A', 'B']);
        const key = (l: { aId: string; bId: string; kinds: string[] }) =>
          [[l.aId, l.bId].sort().join('|'), [...l.kinds].sort().join(',')].join(' ');
        const names = new Map([me, a, b, c, d].map((p) => [p.id, p.name]));
        const show = (ls: { aId: string; bId: string; kinds: string[] }[]) =>
          ls
            .map((l) => `${[names.get(l.aId), names.get(l.bId)].sort().join('-')}:${[...l.kinds].sort().join(',')}`)
            .sort();
        expect(show(one!.links)).toEqual(['A-B:introduction', 'A-Me:interaction,tie', 'B-Me:interaction']);
        expect(new Set(one!.links.map(key)).size).toBe(one!.links.length);

        const two = await store.egoNetwork(ws, me.id, { depth: 2, limit: 10 });
        expect(two!.people.map((p) => p.name)).toEqual(['A', 'B', 'C']);
        expect(show(two!.links)).toEqual([
          'A-B:introduction',
          'A-C:introduction',
          'A-Me:interaction,tie',
          'B-C:introduction',
          'B-Me:interaction',
        ]);
        const capped = await store.egoNetwork(ws, me.id, { depth: 2, limit: 2 });
        expect(capped!.capped).toBe(true);
        expect(capped!.people.map((p) => p.name)).toEqual(['A', 'B']);
        const alone = await store.egoNetwork(ws, lone.id, { depth: 2, limit: 10 });
        expect(alone).toMatchObject({ capped: false, people: [], links: [] });
      });

      it('keeps its links right through imports, failed imports, edits, deletions and erasure', async () => {
        const ws = await workspace();
        const me = await person(ws, { name: 'Me', isMe: true });
        const a = await person(ws, { name: 'A' });
        const b = await person(ws, { name: 'B' });
        const c = await person(ws, { name: 'C' });
        const names = new Map([me, a, b, c].map((p) => [p.id, p.name]));
        const ego = async (centre: { id: string }) => {
          const e = (await store.egoNetwork(ws, centre.id, { depth: 1, limit: 10 }))!;
          return {
            people: e.people.map((p) => p.name),
            links: e.links
              .map((l) => `${[names.get(l.aId), names.get(l.bId)].sort().join('-')}:${[...l.kinds].sort().join(',')}`)
              .sort(),
          };
        };
        const message = (ids: string[], externalId: string) => ({
          participants: ids.map((id) => ({ id })),
          initiator: null,
          occurredAt: '2026-01-01',
          channel: 'message' as const,
          source: 'linkedin-messages',
          externalId,
        });
        // A bulk import that fails half-way leaves no links behind, and single writes still keep them after it.
        await expectAppError(
          store.applyImport(ws, {
            people: [],
            interactions: [message([me.id, c.id], 'm0'), message([me.id, 'ghost'], 'm-bad')],
          }),
          'VALIDATION',
        );
        expect(await ego(c)).toEqual({ people: [], links: [] });
        // Three messages with A (one of them with B too) in one import, imported twice.
        const bulk = {
          people: [],
          interactions: [
            message([me.id, a.id], 'm1'),
            message([me.id, a.id], 'm2'),
            message([me.id, a.id, b.id], 'm3'),
          ],
        };
        await store.applyImport(ws, bulk);
        await store.applyImport(ws, bulk);
        expect(await ego(me)).toEqual({
          people: ['A', 'B'],
          links: ['A-B:interaction', 'A-Me:interaction', 'B-Me:interaction'],
        });
        const single = await store.interactions.create(ws, {
          occurredAt: '2026-01-02',
          channel: 'call',
          participantIds: [b.id, c.id],
        });
        expect(await ego(b)).toEqual({
          people: ['A', 'C', 'Me'],
          links: ['A-B:interaction', 'A-Me:interaction', 'B-C:interaction', 'B-Me:interaction'],
        });
        // B leaves the group message: the links it alone gave go, A and me still share two messages.
        const byExternal = new Map((await store.snapshot(ws)).interactions.map((i) => [i.externalId, i]));
        await store.interactions.update(ws, byExternal.get('m3')!.id, { participantIds: [me.id, a.id] });
        expect(await ego(me)).toEqual({ people: ['A'], links: ['A-Me:interaction'] });
        await store.interactions.delete(ws, byExternal.get('m1')!.id);
        await store.interactions.delete(ws, byExternal.get('m2')!.id);
        expect(await ego(me)).toEqual({ people: ['A'], links: ['A-Me:interaction'] });
        await store.interactions.delete(ws, byExternal.get('m3')!.id);
        expect(await ego(me)).toEqual({ people: [], links: [] });
        expect(await ego(b)).toEqual({ people: ['C'], links: ['B-C:interaction'] });
        // Erasing C takes their links with them; the lone call goes (one participant left).
        expect(await store.people.delete(ws, c.id)).toBe(true);
        expect(await ego(b)).toEqual({ people: [], links: [] });
        expect(await store.interactions.get(ws, single.id)).toBeNull();
      });

      it('matches the records after every kind of write: edits, deletions, merges and undo, erasures', async () => {
        const ws = await workspace();
        const me = await person(ws, { name: 'Me', isMe: true });
        const a = await person(ws, { name: 'A' });
        const b = await person(ws, { name: 'B' });
        const c = await person(ws, { name: 'C' });
        const d = await person(ws, { name: 'D' });
        const e = await person(ws, { name: 'E' });
        const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
        // The ego network at depth 1 of everyone on file, as the records say it is.
        const expected = async () => {
          const snap = await store.snapshot(ws);
          const linked = new Map<string, Set<string>>();
          const add = (ids: (string | null)[], kind: string) => {
            const people = [...new Set(ids.filter((i): i is string => i !== null))].sort(cmp);
            for (const [i, x] of people.entries())
              for (const y of people.slice(i + 1))
                linked.set(`${x}|${y}`, (linked.get(`${x}|${y}`) ?? new Set()).add(kind));
          };
          for (const t of snap.ties) add([t.aId, t.bId], 'tie');
          for (const x of snap.interactions) add(x.participantIds, 'interaction');
          for (const x of snap.introductions) add([x.introducerId, x.aId, x.bId], 'introduction');
          for (const x of snap.referrals) add([x.referrerId, x.recipientId, x.prospectId], 'referral');
          const name = new Map(snap.people.map((p) => [p.id, p.name]));
          return Object.fromEntries(
            snap.people.map((p) => {
              const near = [...linked.keys()]
                .map((k) => k.split('|'))
                .filter((pair) => pair.includes(p.id))
                .map((pair) => (pair[0] === p.id ? pair[1]! : pair[0]!));
              const members = new Set([p.id, ...near]);
              const links = [...linked.entries()]
                .filter(([k]) => k.split('|').every((id) => members.has(id)))
                .map(
                  ([k, kinds]) =>
                    `${k
                      .split('|')
                      .map((id) => name.get(id))
                      .sort()
                      .join('-')}:${[...kinds].sort().join(',')}`,
                )
                .sort();
              return [p.name, { people: near.map((id) => name.get(id)!).sort(), links }];
            }),
          );
        };
        const actual = async () => {
          const snap = await store.snapshot(ws);
          const name = new Map(snap.people.map((p) => [p.id, p.name]));
          const out: Record<string, unknown> = {};
          for (const p of snap.people) {
            const ego = (await store.egoNetwork(ws, p.id, { depth: 1, limit: 50 }))!;
            out[p.name] = {
              people: ego.people.map((x) => x.name).sort(),
              links: ego.links
                .map((l) => `${[name.get(l.aId), name.get(l.bId)].sort().join('-')}:${[...l.kinds].sort().join(',')}`)
                .sort(),
            };
          }
          return out;
        };
        const check = async (after: string) =>
          expect({ after, ...(await actual()) }).toEqual({ after, ...(await expected()) });

        await store.ties.create(ws, { aId: me.id, bId: a.id, kind: 'linkedin' });
        const ab1 = await store.ties.create(ws, { aId: a.id, bId: b.id, kind: 'linkedin' });
        await store.ties.create(ws, { aId: b.id, bId: a.id, kind: 'colleague' });
        await store.applyImport(ws, {
          people: [],
          ties: [{ a: { id: c.id }, b: { id: d.id }, kind: 'knows', since: null, source: 'test' }],
          interactions: [
            {
              participants: [{ id: me.id }, { id: a.id }],
              initiator: null,
              occurredAt: '2026-01-01',
              channel: 'message',
              source: 't',
              externalId: 'x1',
            },
            {
              participants: [{ id: me.id }, { id: a.id }, { id: b.id }],
              initiator: null,
              occurredAt: '2026-01-02',
              channel: 'message',
              source: 't',
              externalId: 'x2',
            },
            {
              participants: [{ id: c.id }, { id: d.id }],
              initiator: null,
              occurredAt: '2026-01-03',
              channel: 'message',
              source: 't',
              externalId: 'x3',
            },
          ],
        });
        await check('ties and an import');
        const call = await store.interactions.create(ws, {
          occurredAt: '2026-01-04',
          channel: 'call',
          participantIds: [b.id, c.id],
        });
        await store.interactions.update(ws, call.id, { participantIds: [b.id, d.id, e.id] });
        await check('an interaction edited');
        await store.interactions.delete(ws, call.id);
        await check('an interaction deleted');
        const intro = await store.introductions.create(ws, {
          introducerId: a.id,
          aId: b.id,
          bId: c.id,
          date: '2026-01-05',
        });
        const ref = await store.referrals.create(ws, {
          referrerId: c.id,
          recipientId: d.id,
          prospectId: e.id,
          date: '2026-01-06',
        });
        await check('an introduction and a referral');
        await store.ties.delete(ws, ab1.id);
        await store.referrals.delete(ws, ref.id);
        await check('a tie and a referral deleted');
        await store.referrals.create(ws, { referrerId: c.id, recipientId: d.id, prospectId: e.id, date: '2026-01-07' });
        const merge = await store.merges.merge(ws, c.id, d.id);
        await check('a merge');
        await store.merges.undo(ws, merge.id);
        await check('the merge undone');
        const held = await store.erasures.hold(ws, b.id, {
          dueAt: new Date(Date.now() + 600_000).toISOString(),
          requestedBy: null,
        });
        await check('an erasure held');
        await store.erasures.restore(ws, held.id);
        await check('the erasure undone');
        await store.introductions.delete(ws, intro.id);
        await store.introductions.create(ws, { introducerId: e.id, aId: a.id, bId: d.id, date: '2026-01-08' });
        expect(await store.people.delete(ws, e.id)).toBe(true);
        await check('an erasure');
        await store.interactions.createMany(ws, [
          { occurredAt: '2026-01-09', channel: 'call', participantIds: [a.id, d.id] },
          { occurredAt: '2026-01-10', channel: 'call', participantIds: [a.id, d.id, me.id] },
        ]);
        await check('a batch');
      });
    });

    describe('erasure', () => {
      it('deleting a person removes every record and edge attached to them', async () => {
        const ws = await workspace();
        const me = await person(ws, { name: 'Me', isMe: true });
        const x = await person(ws, { name: 'X', emails: ['x@example.com'] });
        const a = await person(ws, { name: 'A' });
        const b = await person(ws, { name: 'B' });
        const list = await store.mailingLists.create(ws, { name: 'L' });
        await store.ties.create(ws, { aId: me.id, bId: x.id, kind: 'linkedin' });
        await store.interactions.create(ws, {
          occurredAt: '2026-01-01',
          channel: 'call',
          participantIds: [me.id, x.id],
          initiatorId: x.id,
        });
        const group = await store.interactions.create(ws, {
          occurredAt: '2026-01-02',
          channel: 'in_person',
          participantIds: [me.id, x.id, a.id],
          initiatorId: x.id,
        });
        await store.introductions.create(ws, { introducerId: x.id, aId: a.id, bId: b.id, date: '2026-01-03' });
        await store.referrals.create(ws, {
          referrerId: a.id,
          recipientId: me.id,
          prospectId: x.id,
          date: '2026-01-04',
        });
        await store.pitches.create(ws, { pitcherId: me.id, personId: x.id, date: '2026-01-05' });
        await store.subscriptions.create(ws, { listId: list.id, personId: x.id, subscribedAt: '2026-01-06' });
        await store.consents.create(ws, { personId: x.id, status: 'granted', date: '2026-01-06' });
        const keep = await store.ties.create(ws, { aId: a.id, bId: b.id, kind: 'colleague' });

        expect(await store.people.delete(ws, x.id)).toBe(true);
        const snap = await store.snapshot(ws);
        expect(JSON.stringify(snap)).not.toContain(x.id);
        expect(JSON.stringify(snap)).not.toContain('x@example.com');
        expect(snap.ties.map((t) => t.id)).toEqual([keep.id]);
        // A meeting of three survives without them, with no initiator left.
        expect(snap.interactions).toHaveLength(1);
        expect(snap.interactions[0]).toMatchObject({ id: group.id, participantIds: [me.id, a.id], initiatorId: null });
        expect(snap.introductions).toEqual([]);
        expect(snap.referrals).toEqual([]);
        expect(snap.pitches).toEqual([]);
        expect(snap.subscriptions).toEqual([]);
        expect(snap.consents).toEqual([]);
        expect(await store.egoNetwork(ws, x.id, { depth: 1, limit: 10 })).toBeNull();
      });
      it('deleting an organisation unlinks its people; deleting a list removes its subscriptions and consents', async () => {
        const ws = await workspace();
        const org = await store.organizations.create(ws, { name: 'O' });
        const p = await person(ws, { organizationId: org.id });
        const list = await store.mailingLists.create(ws, { name: 'L' });
        await store.subscriptions.create(ws, { listId: list.id, personId: p.id, subscribedAt: '2026-01-01' });
        await store.consents.create(ws, { personId: p.id, listId: list.id, status: 'granted', date: '2026-01-01' });
        expect(await store.organizations.delete(ws, org.id)).toBe(true);
        expect((await store.people.get(ws, p.id))!.organizationId).toBeNull();
        expect(await store.mailingLists.delete(ws, list.id)).toBe(true);
        const snap = await store.snapshot(ws);
        expect(snap.subscriptions).toEqual([]);
        expect(snap.consents).toEqual([]);
      });
      it('deleting a workspace removes everything in it', async () => {
        const ws = await workspace();
        const me = await person(ws, { name: 'Me', isMe: true });
        const a = await person(ws, { name: 'A' });
        await store.interactions.create(ws, {
          occurredAt: '2026-01-01',
          channel: 'call',
          participantIds: [me.id, a.id],
        });
        expect(await store.deleteWorkspace(ws)).toBe(true);
        expect(await store.people.get(ws, a.id)).toBeNull();
        const again = await store.createWorkspace({ name: 'again' }, ws);
        expect(again.id).toBe(ws);
        expect((await store.snapshot(ws)).people).toEqual([]);
      });
    });

    describe('accounts', () => {
      const email = () => `User.${randomUUID().slice(0, 8)}@Example.com`;

      it('creates users with unique, case-insensitive emails and keeps only the hash', async () => {
        const before = await store.accounts.countUsers();
        const addr = email();
        const u = await store.accounts.createUser({ email: addr, name: 'Una', passwordHash: '$argon2id$fake' });
        expect(u).toMatchObject({ email: addr.toLowerCase(), name: 'Una' });
        expect(await store.accounts.countUsers()).toBe(before + 1);
        expect(await store.accounts.getUser(u.id)).toEqual(u);
        expect(await store.accounts.getUser('missing')).toBeNull();
        expect(await store.accounts.findUserByEmail(addr.toUpperCase())).toEqual({
          user: u,
          passwordHash: '$argon2id$fake',
          disabled: false,
        });
        expect(await store.accounts.findUserByEmail('nobody@example.com')).toBeNull();
        await expectAppError(
          store.accounts.createUser({ email: addr.toUpperCase(), name: 'Again', passwordHash: 'x' }),
          'CONFLICT',
        );
        await store.accounts.setPasswordHash(u.id, '$argon2id$new');
        expect((await store.accounts.findUserByEmail(addr))!.passwordHash).toBe('$argon2id$new');
      });

      it("keeps memberships per workspace, with a role and the member's own person", async () => {
        const ws1 = await workspace();
        const ws2 = await workspace();
        const u = await store.accounts.createUser({ email: email(), name: 'M', passwordHash: 'h' });
        const p = await person(ws1, { name: 'M as a person' });
        const other = await person(ws2, { name: 'elsewhere' });
        await expectAppError(store.accounts.putMembership(ws1, u.id, 'member', other.id), 'VALIDATION', 'personId');
        const m = await store.accounts.putMembership(ws1, u.id, 'member', p.id);
        expect(m).toMatchObject({ workspaceId: ws1, userId: u.id, role: 'member', personId: p.id });
        const changed = await store.accounts.putMembership(ws1, u.id, 'owner');
        expect(changed).toMatchObject({ role: 'owner', personId: p.id, createdAt: m.createdAt });
        await store.accounts.putMembership(ws2, u.id, 'viewer', null);
        expect((await store.accounts.listMembershipsOfUser(u.id)).map((x) => [x.workspaceId, x.role]).sort()).toEqual(
          [
            [ws1, 'owner'],
            [ws2, 'viewer'],
          ].sort(),
        );
        expect((await store.accounts.listMembers(ws1)).map((x) => x.userId)).toEqual([u.id]);
        expect(await store.accounts.getMembership(ws2, u.id)).toMatchObject({ role: 'viewer', personId: null });
        expect(await store.accounts.removeMembership(ws2, u.id)).toBe(true);
        expect(await store.accounts.removeMembership(ws2, u.id)).toBe(false);
        expect(await store.accounts.getMembership(ws2, u.id)).toBeNull();
        await store.people.delete(ws1, p.id);
        expect((await store.accounts.getMembership(ws1, u.id))!.personId).toBeNull();
        await store.deleteWorkspace(ws1);
        expect(await store.accounts.listMembershipsOfUser(u.id)).toEqual([]);
      });

      it('keeps sessions until they expire or are deleted', async () => {
        const u = await store.accounts.createUser({ email: email(), name: 'S', passwordHash: 'h' });
        const future = new Date(Date.now() + 3_600_000).toISOString();
        await store.accounts.createSession({
          tokenHash: `live-${u.id}`,
          userId: u.id,
          csrfToken: 'c1',
          expiresAt: future,
        });
        await store.accounts.createSession({
          tokenHash: `old-${u.id}`,
          userId: u.id,
          csrfToken: 'c2',
          expiresAt: '2000-01-01T00:00:00.000Z',
        });
        expect(await store.accounts.getSession(`live-${u.id}`)).toEqual({
          userId: u.id,
          csrfToken: 'c1',
          expiresAt: future,
        });
        expect(await store.accounts.getSession(`old-${u.id}`)).toBeNull();
        expect(await store.accounts.getSession('unknown')).toBeNull();
        await store.accounts.deleteSession(`live-${u.id}`);
        expect(await store.accounts.getSession(`live-${u.id}`)).toBeNull();
        await store.accounts.createSession({ tokenHash: `a-${u.id}`, userId: u.id, csrfToken: 'c', expiresAt: future });
        await store.accounts.createSession({ tokenHash: `b-${u.id}`, userId: u.id, csrfToken: 'c', expiresAt: future });
        await store.accounts.deleteSessionsOfUser(u.id);
        expect(await store.accounts.getSession(`a-${u.id}`)).toBeNull();
        expect(await store.accounts.getSession(`b-${u.id}`)).toBeNull();
      });

      it('finds API tokens by hash, records their use, and forgets revoked ones', async () => {
        const u = await store.accounts.createUser({ email: email(), name: 'T', passwordHash: 'h' });
        const v = await store.accounts.createUser({ email: email(), name: 'V', passwordHash: 'h' });
        const t = await store.accounts.createApiToken({
          userId: u.id,
          name: 'laptop',
          prefix: 'nrt_ab12',
          tokenHash: `hash-${u.id}`,
        });
        expect(t).toMatchObject({ name: 'laptop', prefix: 'nrt_ab12', lastUsedAt: null });
        expect(await store.accounts.listApiTokens(u.id)).toEqual([t]);
        const used = await store.accounts.useApiToken(`hash-${u.id}`);
        expect(used!.userId).toBe(u.id);
        expect(used!.token.lastUsedAt).toEqual(expect.any(String));
        expect(await store.accounts.useApiToken('nope')).toBeNull();
        expect(await store.accounts.revokeApiToken(v.id, t.id)).toBe(false);
        expect(await store.accounts.revokeApiToken(u.id, t.id)).toBe(true);
        expect(await store.accounts.useApiToken(`hash-${u.id}`)).toBeNull();
        expect(await store.accounts.listApiTokens(u.id)).toEqual([]);
      });

      it('keeps private notes per member, and erases them with the person', async () => {
        const ws = await workspace();
        const u = await store.accounts.createUser({ email: email(), name: 'N1', passwordHash: 'h' });
        const v = await store.accounts.createUser({ email: email(), name: 'N2', passwordHash: 'h' });
        const p = await person(ws, { name: 'Noted' });
        await store.accounts.setPrivateNote(ws, p.id, u.id, 'only mine');
        expect(await store.accounts.getPrivateNote(ws, p.id, u.id)).toBe('only mine');
        expect(await store.accounts.getPrivateNote(ws, p.id, v.id)).toBeNull();
        await store.accounts.setPrivateNote(ws, p.id, u.id, 'changed');
        expect(await store.accounts.getPrivateNote(ws, p.id, u.id)).toBe('changed');
        await expectAppError(store.accounts.setPrivateNote(await workspace(), p.id, u.id, 'x'), 'NOT_FOUND');
        await store.people.delete(ws, p.id);
        expect(await store.accounts.getPrivateNote(ws, p.id, u.id)).toBeNull();
      });

      it('appends to the audit log of one workspace, newest first', async () => {
        const ws = await workspace();
        const other = await workspace();
        await store.accounts.appendAudit({
          workspaceId: ws,
          actorUserId: null,
          action: 'login',
          target: null,
          meta: {},
          at: '2026-01-01T00:00:00.000Z',
        });
        const e2 = await store.accounts.appendAudit({
          workspaceId: ws,
          actorUserId: 'u1',
          action: 'erase',
          target: 'person:abc',
          meta: { n: 3 },
        });
        await store.accounts.appendAudit({
          workspaceId: other,
          actorUserId: null,
          action: 'import',
          target: null,
          meta: {},
        });
        const page = await store.accounts.listAudit(ws, { limit: 10, offset: 0 });
        expect(page.total).toBe(2);
        expect(page.items[0]).toEqual(e2);
        expect(page.items.map((x) => x.action)).toEqual(['erase', 'login']);
        await store.deleteWorkspace(ws);
        expect((await store.accounts.listAudit(ws, { limit: 10, offset: 0 })).total).toBe(0);
        expect((await store.accounts.listAudit(other, { limit: 10, offset: 0 })).total).toBe(1);
      });
    });

    describe('unit of work', () => {
      it('commits every write of the unit together, and rolls every one back when it throws', async () => {
        const ws = await workspace();
        const kept = await store.transaction(async (tx) => {
          const p = await tx.people.create(ws, { name: 'Made in a unit' });
          await tx.reports.save(ws, { week: '2026-W10', generatedAt: '2026-03-09T06:00:00.000Z', json: '{}' });
          await tx.accounts.appendAudit({ workspaceId: ws, actorUserId: null, action: 'unit', target: null, meta: {} });
          return p;
        });
        expect(await store.people.get(ws, kept.id)).toEqual(kept);
        expect(await store.reports.get(ws, '2026-W10')).not.toBeNull();

        let madeInside = '';
        await expectAppError(
          store.transaction(async (tx) => {
            madeInside = (await tx.people.create(ws, { name: 'Rolled back' })).id;
            expect(await tx.people.get(ws, madeInside)).toMatchObject({ name: 'Rolled back' });
            await tx.people.delete(ws, kept.id);
            await tx.reports.save(ws, { week: '2026-W11', generatedAt: '2026-03-16T06:00:00.000Z', json: '{}' });
            throw new AppError('CONFLICT', 'stop here');
          }),
          'CONFLICT',
        );
        expect(await store.people.get(ws, madeInside)).toBeNull();
        expect(await store.people.get(ws, kept.id)).toEqual(kept);
        expect(await store.reports.get(ws, '2026-W11')).toBeNull();
        expect((await store.accounts.listAudit(ws, { limit: 10, offset: 0 })).items.map((e) => e.action)).toEqual([
          'unit',
        ]);
      });

      it('does not take a write made outside the unit down with its rollback', async () => {
        const ws = await workspace();
        let release = () => {};
        const held = new Promise<void>((r) => (release = r));
        let entered = () => {};
        const inside = new Promise<void>((r) => (entered = r));
        const unit = store.transaction(async (tx) => {
          await tx.people.create(ws, { name: 'Inside' });
          entered();
          await held;
          throw new AppError('CONFLICT', 'roll back');
        });
        await inside;
        const outside = store.people.create(ws, { name: 'Outside' });
        release();
        await expectAppError(unit, 'CONFLICT');
        const made = await outside;
        expect(await store.people.get(ws, made.id)).toEqual(made);
        const names = (await store.people.list(ws, { limit: 10, offset: 0, sort: 'name', order: 'asc' })).items.map(
          (p) => p.name,
        );
        expect(names).toEqual(['Outside']);
      });
    });

    describe('security', () => {
      const email = () => `sec.${randomUUID().slice(0, 8)}@example.com`;
      const user = (name = 'U') => store.accounts.createUser({ email: email(), name, passwordHash: 'h' });
      const later = () => new Date(Date.now() + 3_600_000).toISOString();

      it('keeps an owner: the last one can be neither demoted nor removed', async () => {
        const ws = await workspace();
        const a = await user('A');
        const m = await user('M');
        await store.accounts.putMembership(ws, a.id, 'owner');
        await store.accounts.putMembership(ws, m.id, 'member');
        await expectAppError(store.accounts.putMembership(ws, a.id, 'member'), 'CONFLICT');
        await expectAppError(store.accounts.removeMembership(ws, a.id), 'CONFLICT');
        expect(await store.accounts.removeMembership(ws, m.id)).toBe(true);
        expect((await store.accounts.getMembership(ws, a.id))!.role).toBe('owner');
      });

      it('keeps an owner when two owners are demoted and removed at once', async () => {
        for (let round = 0; round < 3; round++) {
          const ws = await workspace();
          const a = await user('A');
          const b = await user('B');
          await store.accounts.putMembership(ws, a.id, 'owner');
          await store.accounts.putMembership(ws, b.id, 'owner');
          const results = await Promise.allSettled([
            store.accounts.putMembership(ws, a.id, 'viewer'),
            store.accounts.removeMembership(ws, b.id),
          ]);
          const refused = results.filter((r) => r.status === 'rejected');
          expect(refused).toHaveLength(1);
          expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
          const owners = (await store.accounts.listMembers(ws)).filter((x) => x.role === 'owner');
          expect(owners).toHaveLength(1);
        }
      });

      it('invites: one pending invitation per email, found by its hash, consumed once by accepting', async () => {
        const ws = await workspace();
        const other = await workspace();
        const p = await person(ws, { name: 'Invited as a person' });
        const inviter = await user('Inviter');
        const first = await store.accounts.createInvitation({
          workspaceId: ws,
          email: 'Invitee@Example.com',
          role: 'viewer',
          personId: null,
          invitedBy: inviter.id,
          tokenHash: `inv1-${ws}`,
          expiresAt: later(),
        });
        expect(first).toMatchObject({ workspaceId: ws, email: 'invitee@example.com', role: 'viewer' });
        await expectAppError(
          store.accounts.createInvitation({
            workspaceId: ws,
            email: 'x@example.com',
            role: 'member',
            personId: (await person(other)).id,
            invitedBy: null,
            tokenHash: `bad-${ws}`,
            expiresAt: later(),
          }),
          'VALIDATION',
          'personId',
        );
        const second = await store.accounts.createInvitation({
          workspaceId: ws,
          email: 'invitee@example.com',
          role: 'member',
          personId: p.id,
          invitedBy: inviter.id,
          tokenHash: `inv2-${ws}`,
          expiresAt: later(),
        });
        expect((await store.accounts.listInvitations(ws)).map((i) => i.id)).toEqual([second.id]);
        expect(await store.accounts.listInvitations(other)).toEqual([]);
        expect(await store.accounts.findInvitation(`inv1-${ws}`)).toBeNull();
        expect(await store.accounts.findInvitation(`inv2-${ws}`)).toEqual(second);

        const invitee = await user('Invitee');
        const accepted = await Promise.all([
          store.accounts.acceptInvitation(`inv2-${ws}`, invitee.id),
          store.accounts.acceptInvitation(`inv2-${ws}`, invitee.id),
        ]);
        expect(accepted.filter((m) => m !== null)).toHaveLength(1);
        expect(await store.accounts.getMembership(ws, invitee.id)).toMatchObject({ role: 'member', personId: p.id });
        expect(await store.accounts.acceptInvitation(`inv2-${ws}`, invitee.id)).toBeNull();
        expect(await store.accounts.listInvitations(ws)).toEqual([]);

        await store.accounts.createInvitation({
          workspaceId: ws,
          email: 'late@example.com',
          role: 'viewer',
          personId: null,
          invitedBy: null,
          tokenHash: `old-${ws}`,
          expiresAt: '2000-01-01T00:00:00.000Z',
        });
        expect(await store.accounts.findInvitation(`old-${ws}`)).toBeNull();
        expect(await store.accounts.acceptInvitation(`old-${ws}`, invitee.id)).toBeNull();
        const revocable = await store.accounts.createInvitation({
          workspaceId: ws,
          email: 'gone@example.com',
          role: 'viewer',
          personId: null,
          invitedBy: null,
          tokenHash: `rev-${ws}`,
          expiresAt: later(),
        });
        expect(await store.accounts.revokeInvitation(other, revocable.id)).toBe(false);
        expect(await store.accounts.revokeInvitation(ws, revocable.id)).toBe(true);
        expect(await store.accounts.findInvitation(`rev-${ws}`)).toBeNull();
        await store.accounts.createInvitation({
          workspaceId: ws,
          email: 'swept@example.com',
          role: 'viewer',
          personId: null,
          invitedBy: null,
          tokenHash: `swept-${ws}`,
          expiresAt: later(),
        });
        await store.deleteWorkspace(ws);
        expect(await store.accounts.findInvitation(`swept-${ws}`)).toBeNull();
      });

      it('consumes a password reset once, and only before it expires', async () => {
        const u = await user('R');
        await store.accounts.createPasswordReset({ userId: u.id, tokenHash: `r1-${u.id}`, expiresAt: later() });
        await store.accounts.createPasswordReset({ userId: u.id, tokenHash: `r2-${u.id}`, expiresAt: later() });
        expect(await store.accounts.consumePasswordReset(`r1-${u.id}`)).toBeNull();
        const both = await Promise.all([
          store.accounts.consumePasswordReset(`r2-${u.id}`),
          store.accounts.consumePasswordReset(`r2-${u.id}`),
        ]);
        expect(both.filter((x) => x === u.id)).toHaveLength(1);
        await store.accounts.createPasswordReset({
          userId: u.id,
          tokenHash: `r3-${u.id}`,
          expiresAt: '2000-01-01T00:00:00.000Z',
        });
        expect(await store.accounts.consumePasswordReset(`r3-${u.id}`)).toBeNull();
      });

      it('disables, signs out everywhere, revokes every token and deletes an account', async () => {
        const ws = await workspace();
        const u = await user('D');
        const o = await user('O');
        await store.accounts.putMembership(ws, u.id, 'owner');
        await store.accounts.putMembership(ws, o.id, 'member');
        expect(await store.accounts.setDisabled(u.id, true)).toBe(true);
        expect((await store.accounts.findUserByEmail(u.email))!.disabled).toBe(true);
        expect(await store.accounts.setDisabled(u.id, false)).toBe(true);
        expect((await store.accounts.findUserByEmail(u.email))!.disabled).toBe(false);
        expect(await store.accounts.setDisabled('missing', true)).toBe(false);
        for (const h of ['s1', 's2', 's3'])
          await store.accounts.createSession({
            tokenHash: `${h}-${u.id}`,
            userId: u.id,
            csrfToken: 'c',
            expiresAt: later(),
          });
        await store.accounts.deleteSessionsOfUser(u.id, `s2-${u.id}`);
        expect(await store.accounts.getSession(`s1-${u.id}`)).toBeNull();
        expect(await store.accounts.getSession(`s2-${u.id}`)).not.toBeNull();
        for (const n of ['a', 'b'])
          await store.accounts.createApiToken({ userId: u.id, name: n, prefix: 'nrt_x', tokenHash: `${n}-${u.id}` });
        expect(await store.accounts.revokeApiTokensOfUser(u.id)).toBe(2);
        expect(await store.accounts.useApiToken(`a-${u.id}`)).toBeNull();
        await expectAppError(store.accounts.deleteUser(u.id), 'CONFLICT');
        await store.accounts.putMembership(ws, o.id, 'owner');
        expect(await store.accounts.deleteUser(u.id)).toBe(true);
        expect(await store.accounts.getUser(u.id)).toBeNull();
        expect(await store.accounts.getSession(`s2-${u.id}`)).toBeNull();
        expect(await store.accounts.getMembership(ws, u.id)).toBeNull();
        expect(await store.accounts.deleteUser(u.id)).toBe(false);
      });

      it("keeps each user's account log apart from every workspace's", async () => {
        const ws = await workspace();
        const u = await user('L');
        await store.accounts.appendAudit({
          workspaceId: null,
          actorUserId: u.id,
          action: 'login',
          target: `user:${u.id}`,
          meta: { ip: '10.0.0.1' },
          at: '2026-01-01T00:00:00.000Z',
        });
        const failed = await store.accounts.appendAudit({
          workspaceId: null,
          actorUserId: null,
          action: 'login.failed',
          target: `user:${u.id}`,
          meta: {},
        });
        await store.accounts.appendAudit({
          workspaceId: ws,
          actorUserId: u.id,
          action: 'import',
          target: `user:${u.id}`,
          meta: {},
        });
        const page = await store.accounts.listUserAudit(u.id, { limit: 10, offset: 0 });
        expect(page.total).toBe(2);
        expect(page.items[0]).toEqual(failed);
        expect(page.items.map((e) => e.action)).toEqual(['login.failed', 'login']);
        expect((await store.accounts.listAudit(ws, { limit: 10, offset: 0 })).items.map((e) => e.action)).toEqual([
          'import',
        ]);
      });
    });

    describe('board done', () => {
      it("keeps each member's done cards per week, idempotently, scoped to the workspace", async () => {
        const ws = await workspace();
        const other = await workspace();
        expect(await store.board.doneKeys(ws, 'u1', '2026-W49')).toEqual([]);
        await store.board.setDone(ws, 'u1', '2026-W49', 'nurture:a', true);
        await store.board.setDone(ws, 'u1', '2026-W49', 'thank:b', true);
        await store.board.setDone(ws, 'u1', '2026-W49', 'nurture:a', true);
        await store.board.setDone(ws, 'u2', '2026-W49', 'nurture:c', true);
        await store.board.setDone(ws, 'u1', '2026-W50', 'nurture:d', true);
        await store.board.setDone(other, 'u1', '2026-W49', 'nurture:e', true);
        expect((await store.board.doneKeys(ws, 'u1', '2026-W49')).sort()).toEqual(['nurture:a', 'thank:b']);
        expect(await store.board.doneKeys(ws, 'u2', '2026-W49')).toEqual(['nurture:c']);
        await store.board.setDone(ws, 'u1', '2026-W49', 'nurture:a', false);
        await store.board.setDone(ws, 'u1', '2026-W49', 'never:done', false);
        expect(await store.board.doneKeys(ws, 'u1', '2026-W49')).toEqual(['thank:b']);
        await store.deleteWorkspace(ws);
        expect(await store.board.doneKeys(ws, 'u1', '2026-W50')).toEqual([]);
        expect(await store.board.doneKeys(other, 'u1', '2026-W49')).toEqual(['nurture:e']);
      });
    });

    describe('report snapshots', () => {
      it('keeps one report per week, finds the previous one, lists newest first, and is scoped', async () => {
        const ws = await workspace();
        const other = await workspace();
        expect(await store.reports.get(ws, '2026-W47')).toBeNull();
        await expectAppError(
          store.reports.replace(ws, { week: '2026-W47', generatedAt: 'x', json: '{}' }),
          'NOT_FOUND',
        );
        await store.reports.save(ws, { week: '2026-W46', generatedAt: '2026-11-16T06:00:00.000Z', json: '{"n":46}' });
        await store.reports.save(ws, { week: '2026-W48', generatedAt: '2026-11-30T06:00:00.000Z', json: '{"n":48}' });
        await expectAppError(
          store.reports.save(ws, { week: '2026-W48', generatedAt: 'later', json: '{}' }),
          'CONFLICT',
        );
        expect(await store.reports.get(ws, '2026-W48')).toEqual({
          week: '2026-W48',
          generatedAt: '2026-11-30T06:00:00.000Z',
          json: '{"n":48}',
        });
        expect((await store.reports.previous(ws, '2026-W48'))!.week).toBe('2026-W46');
        expect((await store.reports.previous(ws, '2027-W01'))!.week).toBe('2026-W48');
        expect(await store.reports.previous(ws, '2026-W46')).toBeNull();
        await store.reports.replace(ws, {
          week: '2026-W46',
          generatedAt: '2026-11-16T06:00:00.000Z',
          json: '{"n":"scrubbed"}',
        });
        expect((await store.reports.get(ws, '2026-W46'))!.json).toBe('{"n":"scrubbed"}');
        const page = await store.reports.list(ws, { limit: 10, offset: 0 });
        expect(page).toEqual({
          items: [
            { week: '2026-W48', generatedAt: '2026-11-30T06:00:00.000Z' },
            { week: '2026-W46', generatedAt: '2026-11-16T06:00:00.000Z' },
          ],
          total: 2,
          limit: 10,
          offset: 0,
        });
        expect(await store.reports.get(other, '2026-W48')).toBeNull();
        expect((await store.reports.list(other, { limit: 10, offset: 0 })).total).toBe(0);
        await store.deleteWorkspace(ws);
        expect(await store.reports.get(ws, '2026-W48')).toBeNull();
      });
    });

    describe('closeness ratings and calibration', () => {
      it('refuses a rating of someone not in the workspace, writing nothing', async () => {
        const ws = await workspace();
        const other = await workspace('other');
        const stranger = await person(other);
        await expectAppError(store.calibration.putRating(ws, stranger.id, 'close', null), 'VALIDATION', 'personId');
        await expectAppError(store.calibration.putRating(ws, randomUUID(), 'close', null), 'VALIDATION', 'personId');
        expect(await store.calibration.listRatings(ws)).toEqual([]);
      });
      it('keeps one rating per person: set, replace, list, delete', async () => {
        const ws = await workspace();
        const a = await person(ws, { name: 'A' });
        const b = await person(ws, { name: 'B' });
        const first = await store.calibration.putRating(ws, a.id, 'friendly', 'user-1');
        expect(first).toMatchObject({ personId: a.id, rating: 'friendly', ratedBy: 'user-1' });
        expect(Date.parse(first.ratedAt)).not.toBeNaN();
        const replaced = await store.calibration.putRating(ws, a.id, 'trusted', null);
        await store.calibration.putRating(ws, b.id, 'distant', null);
        const all = await store.calibration.listRatings(ws);
        expect(all).toHaveLength(2);
        expect(all.find((r) => r.personId === a.id)).toEqual(replaced);
        expect(replaced).toMatchObject({ rating: 'trusted', ratedBy: null });
        expect(await store.calibration.deleteRating(ws, a.id)).toBe(true);
        expect(await store.calibration.deleteRating(ws, a.id)).toBe(false);
        expect((await store.calibration.listRatings(ws)).map((r) => r.personId)).toEqual([b.id]);
      });
      it('stores, replaces and removes the calibration document, per workspace', async () => {
        const ws = await workspace();
        const other = await workspace('other');
        expect(await store.calibration.getCalibration(ws)).toBeNull();
        await store.calibration.putCalibration(ws, { json: '{"v":1}', updatedAt: '2026-01-01T00:00:00.000Z' });
        await store.calibration.putCalibration(ws, { json: '{"v":2}', updatedAt: '2026-01-02T00:00:00.000Z' });
        expect(await store.calibration.getCalibration(ws)).toEqual({
          json: '{"v":2}',
          updatedAt: '2026-01-02T00:00:00.000Z',
        });
        expect(await store.calibration.getCalibration(other)).toBeNull();
        await store.calibration.putCalibration(ws, null);
        expect(await store.calibration.getCalibration(ws)).toBeNull();
      });
      it('erases a rating with its person, and everything with the workspace', async () => {
        const ws = await workspace();
        const a = await person(ws);
        await store.calibration.putRating(ws, a.id, 'close', null);
        await store.calibration.putCalibration(ws, { json: '{}', updatedAt: '2026-01-01T00:00:00.000Z' });
        expect(await store.people.delete(ws, a.id)).toBe(true);
        expect(await store.calibration.listRatings(ws)).toEqual([]);
        expect(await store.deleteWorkspace(ws)).toBe(true);
        expect(await store.calibration.getCalibration(ws)).toBeNull();
      });
    });

    describe('expressed needs', () => {
      it('refuses a need of someone not in the workspace', async () => {
        const ws = await workspace();
        await expectAppError(
          store.needs.add(ws, { personId: randomUUID(), expressedOn: '2026-01-05', note: 'a bookkeeper' }),
          'VALIDATION',
          'personId',
        );
      });
      it('records needs with a day and a note, lists them newest first, pages, filters and deletes', async () => {
        const ws = await workspace();
        const a = await person(ws, { name: 'A' });
        const b = await person(ws, { name: 'B' });
        const older = await store.needs.add(ws, { personId: a.id, expressedOn: '2026-01-05', note: 'a bookkeeper' });
        const newer = await store.needs.add(ws, { personId: a.id, expressedOn: '2026-03-01', note: 'an office' });
        const theirs = await store.needs.add(ws, { personId: b.id, expressedOn: '2026-02-01', note: 'a lawyer' });
        expect(older).toMatchObject({ personId: a.id, expressedOn: '2026-01-05', note: 'a bookkeeper' });
        const all = await store.needs.list(ws, { limit: 10, offset: 0 });
        expect(all.total).toBe(3);
        expect(all.items).toEqual([newer, theirs, older]);
        expect((await store.needs.list(ws, { personId: a.id, limit: 1, offset: 1 })).items).toEqual([older]);
        expect((await store.needs.list(ws, { personId: a.id, limit: 1, offset: 0 })).total).toBe(2);
        expect(await store.needs.delete(ws, older.id)).toBe(true);
        expect(await store.needs.delete(ws, older.id)).toBe(false);
        expect((await store.snapshot(ws)).needs).toEqual(expect.arrayContaining([newer, theirs]));
      });
      it('keeps needs to their workspace, and erases them with their person', async () => {
        const ws = await workspace();
        const other = await workspace('other');
        const a = await person(ws);
        const n = await store.needs.add(ws, { personId: a.id, expressedOn: '2026-01-05', note: 'a bookkeeper' });
        expect((await store.needs.list(other, { limit: 10, offset: 0 })).total).toBe(0);
        expect(await store.needs.delete(other, n.id)).toBe(false);
        expect(await store.people.delete(ws, a.id)).toBe(true);
        expect((await store.needs.list(ws, { limit: 10, offset: 0 })).total).toBe(0);
        expect((await store.snapshot(ws)).needs).toEqual([]);
      });
    });

    describe('snapshot', () => {
      it('reads the whole workspace graph', async () => {
        const ws = await workspace();
        const me = await person(ws, { name: 'Me', isMe: true });
        const a = await person(ws, { name: 'A' });
        const org = await store.organizations.create(ws, { name: 'O' });
        const t = await store.ties.create(ws, { aId: me.id, bId: a.id });
        const i = await store.interactions.create(ws, {
          occurredAt: '2026-01-01T10:00:00Z',
          channel: 'video',
          participantIds: [me.id, a.id],
          initiatorId: me.id,
        });
        const snap = await store.snapshot(ws);
        expect(snap.workspace.id).toBe(ws);
        expect(byId(snap.people)).toEqual(byId([me, a]));
        expect(snap.organizations).toEqual([org]);
        expect(snap.ties).toEqual([t]);
        expect(snap.interactions).toEqual([i]);
      });
      it('throws NOT_FOUND for an unknown workspace', async () => {
        await expectAppError(store.snapshot(randomUUID()), 'NOT_FOUND');
        await expectAppError(store.versionedSnapshot(randomUUID()), 'NOT_FOUND');
      });
      it('reads every list in id order, participants in their order, with the change version it reflects', async () => {
        const ws = await workspace();
        const v0 = (await store.versionedSnapshot(ws)).version;
        // Names in the reverse of creation (and so of id) order: the order must not follow names.
        const people = [];
        for (const name of ['Zed', 'Yan', 'Xi', 'Wu', 'Me'])
          people.push(await person(ws, { name, isMe: name === 'Me' }));
        const [z, y, x, w, me] = people as [Person, Person, Person, Person, Person];
        for (const other of [z, y, x, w]) await store.ties.create(ws, { aId: me.id, bId: other.id });
        const group = await store.interactions.create(ws, {
          occurredAt: '2026-01-01T10:00:00Z',
          channel: 'in_person',
          participantIds: [x.id, me.id, z.id],
          initiatorId: z.id,
        });
        for (const [k, other] of [w, y].entries())
          await store.interactions.create(ws, {
            occurredAt: `2025-0${k + 1}-01T10:00:00Z`,
            channel: 'call',
            participantIds: [me.id, other.id],
          });
        const { snapshot, version } = await store.versionedSnapshot(ws);
        // One version per write transaction: 5 people, 4 ties, 3 interactions.
        expect(version).toBe(v0 + 12);
        const ids = (xs: { id: string }[]) => xs.map((r) => r.id);
        const sorted = (xs: { id: string }[]) => [...ids(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const ties = tieList(snapshot);
        for (const list of [snapshot.people, ties, snapshot.interactions]) expect(ids(list)).toEqual(sorted(list));
        // The analysis's read carries what the analysis reads of every tie and interaction, the same on every store.
        const lean = ({ id, occurredAt, channel, participantIds, initiatorId }: AnalysisInteraction) => ({
          id,
          occurredAt,
          channel,
          participantIds,
          initiatorId,
        });
        expect(lean(snapshot.interactions.find((i) => i.id === group.id)!)).toEqual(lean(group));
        const full = await store.snapshot(ws);
        expect(snapshot.interactions.map(lean)).toEqual(full.interactions.map(lean));
        const tie = ({ id, aId, bId, kind, since }: AnalysisTie) => ({ id, aId, bId, kind, since });
        expect(ties.map(tie)).toEqual(full.ties.map(tie));
        expect(ties).toHaveLength(4);
        expect(snapshot.people).toEqual(full.people);
        // A patch that changes nothing is no change.
        await store.people.update(ws, z.id, { name: 'Zed' });
        expect((await store.versionedSnapshot(ws)).version).toBe(v0 + 12);
        await store.people.update(ws, z.id, { name: 'Zed Z' });
        expect((await store.versionedSnapshot(ws)).version).toBe(v0 + 13);
      });
      it('ranks tied partners the same way on every store (by id)', async () => {
        const ws = await workspace();
        const me = await person(ws, { name: 'Me', isMe: true });
        // Five people with the same evidence, named against their id order.
        const twins: Person[] = [];
        for (const name of ['E', 'D', 'C', 'B', 'A']) twins.push(await person(ws, { name }));
        for (const t of twins) {
          await store.ties.create(ws, { aId: me.id, bId: t.id, kind: 'knows' });
          for (const day of ['01', '15'])
            await store.interactions.create(ws, {
              occurredAt: `2026-03-${day}T09:00:00Z`,
              channel: 'video',
              participantIds: [me.id, t.id],
              initiatorId: t.id,
            });
        }
        const result = analyzeWorkspace(await store.snapshot(ws), { now: Date.parse('2026-04-01T00:00:00Z') });
        const ranked = result.people.map((p) => p.personId);
        expect(new Set(result.people.map((p) => p.partner.score)).size).toBe(1);
        expect(ranked).toEqual(twins.map((t) => t.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        expect(result.people.map((p) => p.partner.rank)).toEqual([1, 2, 3, 4, 5]);
      });
    });

    describe('batched writes', () => {
      it('creates many records in one transaction, all or none, naming the bad one', async () => {
        const ws = await workspace();
        const [a, b, c] = [await person(ws), await person(ws), await person(ws)];
        const v0 = (await store.versionedSnapshot(ws)).version;
        const err = await expectAppError(
          store.introductions.createMany(ws, [
            { introducerId: a.id, aId: b.id, bId: c.id, date: '2026-01-01' },
            { introducerId: a.id, aId: b.id, bId: randomUUID(), date: '2026-01-02' },
          ]),
          'VALIDATION',
          '1.bId',
        );
        expect(err.message).toMatch(/1\.bId/);
        expect((await store.introductions.list(ws, { limit: 10, offset: 0 })).total).toBe(0);
        const made = await store.referrals.createMany(ws, [
          { referrerId: a.id, recipientId: b.id, date: '2026-02-01' },
          { referrerId: b.id, recipientId: c.id, date: '2026-02-02', status: 'won', value: 500, currency: 'EUR' },
        ]);
        expect(made.map((r) => r.recipientId)).toEqual([b.id, c.id]);
        expect(await store.referrals.get(ws, made[1]!.id)).toEqual(made[1]);
        // One transaction, one change.
        expect((await store.versionedSnapshot(ws)).version).toBe(v0 + 1);
        expect(await store.referrals.createMany(ws, [])).toEqual([]);
        expect((await store.versionedSnapshot(ws)).version).toBe(v0 + 1);
      });
    });

    describe('changes seen by another connection', () => {
      it("reports other connections' writes by workspace, not its own; erasures and deletions flagged", async () => {
        const other = await open();
        await other.init();
        try {
          const ws = await workspace();
          const gone = await workspace();
          const mine = (changes: Awaited<ReturnType<Store['foreignChanges']>>) =>
            changes.filter((c) => c.workspaceId === ws || c.workspaceId === gone);
          // The first call reports every workspace.
          expect(
            mine(await store.foreignChanges())
              .map((c) => c.workspaceId)
              .sort(),
          ).toEqual([ws, gone].sort());
          expect(mine(await store.foreignChanges())).toEqual([]);

          const p = await other.people.create(ws, { name: 'Written elsewhere' });
          const version = (await other.versionedSnapshot(ws)).version;
          expect(mine(await store.foreignChanges())).toEqual([
            { workspaceId: ws, version, erased: false, deleted: false },
          ]);
          // Its own writes are its callers' to publish.
          await store.people.create(ws, { name: 'Written here' });
          await store.people.update(ws, p.id, { notes: 'seen' });
          expect(mine(await store.foreignChanges())).toEqual([]);
          expect(mine(await other.foreignChanges()).map((c) => c.workspaceId)).toContain(ws);

          await other.people.delete(ws, p.id);
          await other.deleteWorkspace(gone);
          const changes = mine(await store.foreignChanges()).sort((a, b) =>
            a.workspaceId === ws ? -1 : b.workspaceId === ws ? 1 : 0,
          );
          expect(changes).toEqual([
            { workspaceId: ws, version: (await store.versionedSnapshot(ws)).version, erased: true, deleted: false },
            { workspaceId: gone, version: expect.any(Number), erased: false, deleted: true },
          ]);
          // A dry run and an import that changes nothing are no change.
          await other.applyImport(ws, { people: [{ name: 'Dry', source: 'test' }], dryRun: true });
          expect(mine(await store.foreignChanges())).toEqual([]);
        } finally {
          await other.close();
        }
      });
      it('lets another connection read what this one wrote (bookmarks)', async () => {
        const ws = await workspace();
        const p = await person(ws, { name: 'Just written' });
        const other = await open();
        await other.init();
        try {
          await other.useBookmarks(await store.bookmarks());
          expect(await other.people.get(ws, p.id)).toEqual(p);
        } finally {
          await other.close();
        }
      });
    });
  });
}
