/**
 * Duplicates found and merged: the people who may be one human (with the
 * evidence, server/domain/person-merge.ts), merging one into the other,
 * undoing a merge, and answering "not the same". Merges and undos are
 * written to the audit log and announced on the change feed.
 */
import type { DuplicateList, DuplicatePerson, MergeRecord, Person } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import type { ChangeFeed } from '../core/change-feed.js';
import { findDuplicates } from '../domain/person-merge.js';
import type { Store } from '../store/store.port.js';

export interface DuplicatesService {
  list(ws: string, limit: number): Promise<DuplicateList>;
  merge(ws: string, keepId: string, mergeId: string, actor: string | null): Promise<MergeRecord>;
  undo(ws: string, mergeRecordId: string, actor: string | null): Promise<MergeRecord>;
  merges(ws: string): Promise<MergeRecord[]>;
  dismiss(ws: string, aId: string, bId: string, actor: string | null): Promise<void>;
}

const summary = (p: Person): DuplicatePerson => ({
  id: p.id,
  name: p.name,
  company: p.company,
  position: p.position,
  linkedinUrl: p.linkedinUrl,
  emails: p.emails,
  connectedOn: p.connectedOn,
  source: p.source,
});

export function duplicatesService(store: Store, feed: ChangeFeed): DuplicatesService {
  /** What a person is linked to, to choose which of two to keep: interactions and ties. */
  const records = async (ws: string, personId: string) => {
    const [ix, ties] = await Promise.all([
      store.interactions.list(ws, { personId, limit: 1, offset: 0 }),
      store.ties.list(ws, { personId, limit: 1, offset: 0 }),
    ]);
    return ix.total + ties.total;
  };
  const audit = (ws: string, actor: string | null, action: string, m: MergeRecord) =>
    store.accounts.appendAudit({
      workspaceId: ws,
      actorUserId: actor,
      action,
      target: `person:${m.keepId}`,
      meta: { merge: m.id, keptId: m.keepId, mergedId: m.mergedId, mergedName: m.mergedName, moved: m.moved },
    });

  return {
    async list(ws, limit) {
      if (!(await store.getWorkspace(ws))) throw AppError.notFound('workspace', ws);
      const [people, dismissed] = await Promise.all([store.personIdentities(ws), store.merges.dismissed(ws)]);
      const pairs = findDuplicates(
        people.map((p) => ({
          id: p.id,
          name: p.name,
          company: p.company,
          linkedinUrl: p.linkedinKey,
          emails: p.emails,
          connectedOn: p.connectedOn,
          isMe: p.isMe,
        })),
        dismissed,
      );
      const page = pairs.slice(0, limit);
      const cache = new Map<string, Promise<{ person: Person | null; records: number }>>();
      const load = (id: string) => {
        let p = cache.get(id);
        if (!p) {
          p = Promise.all([store.people.get(ws, id), records(ws, id)]).then(([person, n]) => ({ person, records: n }));
          cache.set(id, p);
        }
        return p;
      };
      const items: DuplicateList['items'] = [];
      for (const pair of page) {
        const [a, b] = await Promise.all([load(pair.a), load(pair.b)]);
        if (!a.person || !b.person) continue; // changed meanwhile
        items.push({
          a: summary(a.person),
          b: summary(b.person),
          evidence: pair.evidence,
          records: { a: a.records, b: b.records },
        });
      }
      return { items, total: pairs.length };
    },

    async merge(ws, keepId, mergeId, actor) {
      const m = await store.merges.merge(ws, keepId, mergeId);
      feed.publish(ws, 'person');
      await audit(ws, actor, 'person.merge', m);
      return m;
    },

    async undo(ws, id, actor) {
      const m = await store.merges.undo(ws, id);
      feed.publish(ws, 'person');
      await audit(ws, actor, 'person.merge.undo', m);
      return m;
    },

    merges: (ws) => store.merges.list(ws),

    async dismiss(ws, aId, bId, actor) {
      if (aId === bId) throw AppError.invalid('bId', 'two different people');
      for (const id of [aId, bId]) if (!(await store.people.get(ws, id))) throw AppError.notFound('person', id);
      await store.merges.dismiss(ws, aId, bId);
      await store.accounts.appendAudit({
        workspaceId: ws,
        actorUserId: actor,
        action: 'person.not-duplicate',
        target: `person:${aId}`,
        meta: { otherId: bId },
      });
    },
  };
}
