/**
 * Merges of people on Neo4j (MergeRepo), each one write transaction: both
 * people and every record naming either are read, planMerge decides, and
 * the records are written back through the same statements as any update.
 * A tie is a relationship and cannot change its ends: a moved tie is
 * deleted and created again between the new ends, with its id and
 * properties. Undo restores what the merge kept in `before`.
 */
import type { ManagedTransaction } from 'neo4j-driver';
import type { MergeRecord, Person } from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import { newId, nowIso } from '../../domain/records.js';
import {
  type AnyRecord,
  MERGE_ENTITIES,
  type MergeBefore,
  type MergeEntity,
  type MergeRecords,
  type PrivateNote,
  planMerge,
} from '../../domain/person-merge.js';
import type { EntityName, MergeRepo } from '../store.port.js';
import { ENTITY, MERGES, getStatement, updateStatement } from './cypher.js';
import { toNative, toProps, toRecord, toRefs } from './neo4j-values.js';
import type { Transactions } from './transactions.js';

type Row = Record<string, unknown>;
const num = (v: unknown): number => Number(toNative(v) ?? 0);

async function getIn<T>(tx: ManagedTransaction, entity: EntityName, ws: string, id: string): Promise<T | null> {
  const first = (await tx.run(getStatement(ENTITY[entity]), { ws, id })).records[0];
  return first ? toRecord<T>(entity, first.get('r')) : null;
}

async function exists(tx: ManagedTransaction, entity: EntityName, ws: string, id: string): Promise<boolean> {
  const query = entity === 'ties' ? MERGES.tieExists : MERGES.exists(ENTITY[entity].label);
  return num((await tx.run(query, { ws, id })).records[0]?.get('n')) > 0;
}

const params = (entity: EntityName, ws: string, r: Row) => ({
  ws,
  id: r.id,
  props: toProps(entity, ws, r),
  refs: toRefs(entity, r),
});

/** A record as it is to be: a tie made again between its ends, anything else set and relinked. */
async function put(tx: ManagedTransaction, ws: string, entity: MergeEntity | 'people', r: Row): Promise<void> {
  if (entity === 'ties') {
    await tx.run(ENTITY.ties.delete, { ws, id: r.id });
    await tx.run(ENTITY.ties.create, params('ties', ws, r));
  } else await tx.run(updateStatement(ENTITY[entity], ENTITY[entity].relink !== ''), params(entity, ws, r));
}

async function create(tx: ManagedTransaction, ws: string, entity: MergeEntity | 'people', r: Row): Promise<void> {
  await tx.run(ENTITY[entity].create, params(entity, ws, r));
}

function recordOf(m: Row): MergeRecord {
  return {
    id: m.id as string,
    keepId: m.keepId as string,
    mergedId: m.goneId as string,
    mergedName: m.goneName as string,
    at: m.at as string,
    undoneAt: (m.undoneAt as string | null | undefined) ?? null,
    moved: JSON.parse(m.moved as string) as Record<string, number>,
  };
}

export function neo4jMerges(db: Transactions): MergeRepo {
  return {
    async merge(ws, keepId, mergeId) {
      if (keepId === mergeId) throw AppError.invalid('mergeId', 'a person cannot be merged into themselves');
      return db.write(async (tx) => {
        const keep = await getIn<Person>(tx, 'people', ws, keepId);
        if (!keep) throw AppError.notFound('person', keepId);
        const gone = await getIn<Person>(tx, 'people', ws, mergeId);
        if (!gone) throw AppError.notFound('person', mergeId);
        const records: Record<string, AnyRecord[]> = {};
        for (const e of MERGE_ENTITIES) {
          const seen = new Map<string, AnyRecord>();
          for (const personId of [keepId, mergeId]) {
            for (const r of (await tx.run(MERGES.recordsOf[e], { ws, personId })).records) {
              const rec = toRecord<AnyRecord>(e, r.get('r'));
              seen.set(rec.id, rec);
            }
          }
          records[e] = [...seen.values()];
        }
        const notes = (await tx.run(MERGES.notes, { ws, ids: [keepId, mergeId] })).records.map((r) => ({
          personId: r.get('personId') as string,
          userId: r.get('userId') as string,
          text: r.get('text') as string,
          updatedAt: r.get('updatedAt') as string,
        }));
        const members = (await tx.run(MERGES.members, { ws, personId: mergeId })).records.map(
          (r) => r.get('userId') as string,
        );
        const now = nowIso();
        const plan = planMerge({ keep, gone, records: records as unknown as MergeRecords, notes, members }, now);

        // Ties go before the merged person does (DETACH DELETE would take them), and come back after.
        for (const { entity, id } of plan.deletes) await tx.run(ENTITY[entity].delete, { ws, id, now });
        const movedTies = plan.updates.filter((u) => u.entity === 'ties');
        for (const { record } of movedTies) await tx.run(ENTITY.ties.delete, { ws, id: record.id });
        for (const { entity, record } of plan.updates) if (entity !== 'ties') await put(tx, ws, entity, record);
        for (const n of plan.notes) await tx.run(MERGES.setNote, { ws, ...n });
        await tx.run(MERGES.moveMembers, { ws, from: mergeId, to: keepId });
        // The merged person goes first: the kept one may take their profile URL, or be the owner now.
        await tx.run(MERGES.removePerson, { ws, id: mergeId });
        await put(tx, ws, 'people', plan.keep as unknown as Row);
        for (const { record } of movedTies) await create(tx, ws, 'ties', record);
        const id = newId();
        await tx.run(MERGES.create, {
          props: {
            workspaceId: ws,
            id,
            keepId,
            goneId: mergeId,
            goneName: gone.name,
            at: now,
            moved: JSON.stringify(plan.moved),
            before: JSON.stringify(plan.before),
          },
        });
        return { id, keepId, mergedId: mergeId, mergedName: gone.name, at: now, undoneAt: null, moved: plan.moved };
      });
    },

    async undo(ws, mergeId) {
      return db.write(async (tx) => {
        const found = (await tx.run(MERGES.get, { ws, id: mergeId })).records[0];
        if (!found) throw AppError.notFound('merge', mergeId);
        const m = toNative(found.get('m')) as Row;
        const merge = recordOf(m);
        if (merge.undoneAt) throw new AppError('CONFLICT', `This merge was undone at ${merge.undoneAt}`);
        if (!(await exists(tx, 'people', ws, merge.keepId))) {
          throw new AppError(
            'CONFLICT',
            'The kept person is no longer on file (erased, or merged again): undo that first',
          );
        }
        if (await exists(tx, 'people', ws, merge.mergedId))
          throw new AppError('CONFLICT', 'The merged person is on file again');
        const before = JSON.parse(m.before as string) as MergeBefore;
        await put(tx, ws, 'people', before.keep as unknown as Row);
        await create(tx, ws, 'people', before.gone as unknown as Row);
        for (const r of before.records) {
          if (!r.deleted && (await exists(tx, r.entity, ws, r.record.id))) await put(tx, ws, r.entity, r.record);
        }
        for (const r of before.records) {
          if (r.deleted && !(await exists(tx, r.entity, ws, r.record.id))) await create(tx, ws, r.entity, r.record);
        }
        const touched = new Set(before.notes.filter((n) => n.personId === merge.mergedId).map((n) => n.userId));
        for (const userId of touched) await tx.run(MERGES.deleteNote, { ws, userId, personId: merge.keepId });
        for (const n of before.notes as PrivateNote[])
          if (touched.has(n.userId)) await tx.run(MERGES.setNote, { ws, ...n });
        for (const userId of before.members) await tx.run(MERGES.setMember, { ws, userId, personId: merge.mergedId });
        const at = nowIso();
        await tx.run(MERGES.undone, { ws, id: mergeId, at });
        return { ...merge, undoneAt: at };
      });
    },

    async list(ws) {
      return db.read(async (tx) =>
        (await tx.run(MERGES.list, { ws })).records.map((r) => recordOf(toNative(r.get('m')) as Row)),
      );
    },

    async resolve(ws, personId) {
      return db.read(async (tx) => {
        let id = personId;
        for (let hop = 0; hop < 20; hop++) {
          if (await exists(tx, 'people', ws, id)) return id;
          const next = (await tx.run(MERGES.mergedInto, { ws, id })).records[0]?.get('keepId') as string | undefined;
          if (next === undefined) return null;
          id = next;
        }
        return null;
      });
    },

    async dismiss(ws, aId, bId) {
      const pairKey = aId < bId ? `${aId}|${bId}` : `${bId}|${aId}`;
      await db.write((tx) => tx.run(MERGES.dismiss, { ws, pairKey, at: nowIso() }));
    },

    async dismissed(ws) {
      return db.read(
        async (tx) => new Set((await tx.run(MERGES.dismissed, { ws })).records.map((r) => r.get('pairKey') as string)),
      );
    },
  };
}
