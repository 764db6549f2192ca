/**
 * Merges of people on SQLite (MergeRepo): read both people and every record
 * naming either, let planMerge decide, write it, in one transaction; undo
 * restores what the merge kept in `before`. Records are written through the
 * store's own paths, so side tables and the links table follow.
 */
import type Database from 'better-sqlite3';
import type { MergeRecord, Person } from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import { newId, nowIso } from '../../domain/records.js';
import {
  type AnyRecord,
  MERGE_ENTITIES,
  type MergeBefore,
  type MergeEntity,
  type MergeRecords,
  PERSON_FIELDS,
  type PrivateNote,
  planMerge,
} from '../../domain/person-merge.js';
import type { EntityName, MergeRepo } from '../store.port.js';
import { TABLES, fromRow } from './tables.js';

type Row = Record<string, unknown>;

export interface MergeWriter {
  stmt: (sql: string) => Database.Statement;
  tx: <T>(fn: () => T) => T;
  get: <T>(ws: string, entity: EntityName, id: string) => T | null;
  /** Writes a changed record through the store's update path. */
  replace: (ws: string, entity: EntityName, r: Row) => void;
  /** Inserts a record through the store's create path (with its side tables). */
  insert: (ws: string, entity: EntityName, r: Row) => void;
}

const columnOf = (entity: EntityName, field: string) => TABLES[entity].cols.find((c) => c.field === field)!.column;

/** Records of `entity` naming either person: by their columns, or for interactions by participant rows. */
export function recordsNaming(w: MergeWriter, ws: string, entity: MergeEntity, ids: [string, string]): AnyRecord[] {
  const spec = TABLES[entity];
  let rows: Row[];
  if (entity === 'interactions') {
    rows = w
      .stmt(
        `SELECT i.* FROM interactions i WHERE i.workspace_id = ? AND i.rid IN (
           SELECT ip.interaction FROM interaction_participants ip
           WHERE ip.person IN (SELECT rid FROM people WHERE workspace_id = ? AND id IN (?, ?)))`,
      )
      .all(ws, ws, ...ids) as Row[];
  } else {
    const where = PERSON_FIELDS[entity].map((f) => `${columnOf(entity, f)} IN (?, ?)`).join(' OR ');
    rows = w
      .stmt(`SELECT * FROM ${spec.table} WHERE workspace_id = ? AND (${where})`)
      .all(ws, ...PERSON_FIELDS[entity].flatMap(() => ids)) as Row[];
  }
  return rows.map((r) => fromRow<AnyRecord>(spec, r));
}

function recordOf(r: Row): MergeRecord {
  return {
    id: r.id as string,
    keepId: r.keep_id as string,
    mergedId: r.gone_id as string,
    mergedName: r.gone_name as string,
    at: r.at as string,
    undoneAt: (r.undone_at as string | null) ?? null,
    moved: JSON.parse(r.moved as string) as Record<string, number>,
  };
}

export function sqliteMerges(w: MergeWriter): MergeRepo {
  const { stmt, tx } = w;
  const deleteRow = (ws: string, entity: EntityName, id: string) =>
    stmt(`DELETE FROM ${TABLES[entity].table} WHERE workspace_id = ? AND id = ?`).run(ws, id);
  const setNote = (ws: string, n: PrivateNote) =>
    stmt(
      `INSERT INTO private_notes (workspace_id, person_id, user_id, text, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (workspace_id, person_id, user_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`,
    ).run(ws, n.personId, n.userId, n.text, n.updatedAt);
  const exists = (ws: string, entity: EntityName, id: string) =>
    stmt(`SELECT 1 FROM ${TABLES[entity].table} WHERE workspace_id = ? AND id = ?`).get(ws, id) !== undefined;

  return {
    async merge(ws, keepId, mergeId) {
      return tx(() => {
        if (keepId === mergeId) throw AppError.invalid('mergeId', 'a person cannot be merged into themselves');
        const keep = w.get<Person>(ws, 'people', keepId);
        if (!keep) throw AppError.notFound('person', keepId);
        const gone = w.get<Person>(ws, 'people', mergeId);
        if (!gone) throw AppError.notFound('person', mergeId);
        const ids: [string, string] = [keepId, mergeId];
        const records = Object.fromEntries(
          MERGE_ENTITIES.map((e) => [e, recordsNaming(w, ws, e, ids)]),
        ) as unknown as MergeRecords;
        const notes = (
          stmt(
            'SELECT person_id, user_id, text, updated_at FROM private_notes WHERE workspace_id = ? AND person_id IN (?, ?)',
          ).all(ws, ...ids) as Row[]
        ).map((r) => ({
          personId: r.person_id as string,
          userId: r.user_id as string,
          text: r.text as string,
          updatedAt: r.updated_at as string,
        }));
        const members = stmt('SELECT user_id FROM memberships WHERE workspace_id = ? AND person_id = ?')
          .pluck()
          .all(ws, mergeId) as string[];
        const now = nowIso();
        const plan = planMerge({ keep, gone, records, notes, members }, now);

        for (const { entity, record } of plan.updates) w.replace(ws, entity, record);
        for (const { entity, id } of plan.deletes) deleteRow(ws, entity, id);
        for (const n of plan.notes) setNote(ws, n);
        stmt('UPDATE memberships SET person_id = ? WHERE workspace_id = ? AND person_id = ?').run(keepId, ws, mergeId);
        // The merged person goes first: the kept one may take their profile URL, or be the owner now.
        deleteRow(ws, 'people', mergeId);
        w.replace(ws, 'people', plan.keep as unknown as Row);
        const id = newId();
        stmt(
          `INSERT INTO person_merges (workspace_id, id, keep_id, gone_id, gone_name, at, undone_at, moved, before)
           VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
        ).run(ws, id, keepId, mergeId, gone.name, now, JSON.stringify(plan.moved), JSON.stringify(plan.before));
        return { id, keepId, mergedId: mergeId, mergedName: gone.name, at: now, undoneAt: null, moved: plan.moved };
      });
    },

    async undo(ws, mergeId) {
      return tx(() => {
        const row = stmt('SELECT * FROM person_merges WHERE workspace_id = ? AND id = ?').get(ws, mergeId) as
          | Row
          | undefined;
        if (!row) throw AppError.notFound('merge', mergeId);
        const merge = recordOf(row);
        if (merge.undoneAt) throw new AppError('CONFLICT', `This merge was undone at ${merge.undoneAt}`);
        if (!exists(ws, 'people', merge.keepId)) {
          throw new AppError(
            'CONFLICT',
            'The kept person is no longer on file (erased, or merged again): undo that first',
          );
        }
        if (exists(ws, 'people', merge.mergedId)) throw new AppError('CONFLICT', 'The merged person is on file again');
        const before = JSON.parse(row.before as string) as MergeBefore;
        w.replace(ws, 'people', before.keep as unknown as Row);
        w.insert(ws, 'people', before.gone as unknown as Row);
        // Ties first gone, then back: a moved tie and the one the merge removed may share a pair meanwhile.
        for (const r of before.records) {
          if (!r.deleted && exists(ws, r.entity, r.record.id)) w.replace(ws, r.entity, r.record);
        }
        for (const r of before.records)
          if (r.deleted && !exists(ws, r.entity, r.record.id)) w.insert(ws, r.entity, r.record);
        const touched = new Set(before.notes.filter((n) => n.personId === merge.mergedId).map((n) => n.userId));
        for (const user of touched) {
          stmt('DELETE FROM private_notes WHERE workspace_id = ? AND person_id = ? AND user_id = ?').run(
            ws,
            merge.keepId,
            user,
          );
        }
        for (const n of before.notes) if (touched.has(n.userId)) setNote(ws, n);
        for (const user of before.members) {
          stmt('UPDATE memberships SET person_id = ? WHERE workspace_id = ? AND user_id = ?').run(
            merge.mergedId,
            ws,
            user,
          );
        }
        const at = nowIso();
        stmt('UPDATE person_merges SET undone_at = ? WHERE workspace_id = ? AND id = ?').run(at, ws, mergeId);
        return { ...merge, undoneAt: at };
      });
    },

    async list(ws) {
      return (
        stmt('SELECT * FROM person_merges WHERE workspace_id = ? ORDER BY at DESC, id DESC').all(ws) as Row[]
      ).map(recordOf);
    },

    async resolve(ws, personId) {
      let id = personId;
      for (let hop = 0; hop < 20; hop++) {
        if (exists(ws, 'people', id)) return id;
        const next = stmt(
          'SELECT keep_id FROM person_merges WHERE workspace_id = ? AND gone_id = ? AND undone_at IS NULL ORDER BY at DESC LIMIT 1',
        )
          .pluck()
          .get(ws, id) as string | undefined;
        if (next === undefined) return null;
        id = next;
      }
      return null;
    },

    async dismiss(ws, aId, bId) {
      const [a, b] = aId < bId ? [aId, bId] : [bId, aId];
      tx(() =>
        stmt('INSERT OR IGNORE INTO duplicate_dismissals (workspace_id, a_id, b_id, at) VALUES (?, ?, ?, ?)').run(
          ws,
          a,
          b,
          nowIso(),
        ),
      );
    },

    async dismissed(ws) {
      const rows = stmt('SELECT a_id, b_id FROM duplicate_dismissals WHERE workspace_id = ?').raw(true).all(ws) as [
        string,
        string,
      ][];
      return new Set(rows.map(([a, b]) => `${a}|${b}`));
    },
  };
}
