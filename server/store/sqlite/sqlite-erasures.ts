/**
 * Erasures with a short undo on SQLite (ErasureRepo, migration 014): the copy
 * of what an erasure removed is read and the erasure made in one transaction;
 * restore writes the copy back through the store's own insert paths (side
 * tables follow); discard deletes the row (secure_delete zeroes it) and drops
 * what the other held copies name of that person. See server/domain/held-erasure.ts.
 */
import type { ClosenessRating, ExpressedNeed, Person, Rating } from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import {
  type ErasedCopy,
  type OnFile,
  type StoredMerge,
  namedIds,
  planRestore,
  withoutPerson,
} from '../../domain/held-erasure.js';
import { newId, nowIso } from '../../domain/records.js';
import { MERGE_ENTITIES } from '../../domain/person-merge.js';
import type { EntityName, ErasureRepo, HeldErasure } from '../store.port.js';
import { type MergeWriter, recordsNaming } from './sqlite-merge.js';

type Row = Record<string, unknown>;

export interface ErasureWriter extends MergeWriter {
  /** The erasure itself (people.delete without its transaction): false when there is no such person. */
  erase: (ws: string, personId: string) => boolean;
  /** The workspace's change version up by one in the open transaction (erased: a person left). */
  bump: (ws: string, erased: boolean) => void;
  /** Which of `ids` are records of `target` in the workspace. */
  existing: (ws: string, target: EntityName, ids: string[]) => Set<string>;
}

function heldOf(r: Row): HeldErasure {
  const copy = JSON.parse(r.copy as string) as ErasedCopy;
  return {
    id: r.id as string,
    personId: r.person_id as string,
    name: copy.person.name,
    heldAt: r.held_at as string,
    dueAt: r.due_at as string,
    requestedBy: (r.requested_by as string | null) ?? null,
  };
}

export function sqliteErasures(w: ErasureWriter): ErasureRepo {
  const { stmt, tx } = w;

  function copyOf(ws: string, person: Person): ErasedCopy {
    const id = person.id;
    const records = MERGE_ENTITIES.flatMap((entity) =>
      recordsNaming(w, ws, entity, [id, id]).map((record) => ({ entity, record })),
    );
    const notes = (
      stmt('SELECT user_id, text, updated_at FROM private_notes WHERE workspace_id = ? AND person_id = ?').all(
        ws,
        id,
      ) as Row[]
    ).map((r) => ({
      personId: id,
      userId: r.user_id as string,
      text: r.text as string,
      updatedAt: r.updated_at as string,
    }));
    const members = stmt('SELECT user_id FROM memberships WHERE workspace_id = ? AND person_id = ?')
      .pluck()
      .all(ws, id) as string[];
    const r = stmt('SELECT * FROM closeness_ratings WHERE workspace_id = ? AND person_id = ?').get(ws, id) as
      | Row
      | undefined;
    const rating: Rating | null = r
      ? {
          personId: id,
          rating: r.rating as ClosenessRating,
          ratedAt: r.rated_at as string,
          ratedBy: (r.rated_by as string | null) ?? null,
        }
      : null;
    const needs = (
      stmt('SELECT * FROM expressed_needs WHERE workspace_id = ? AND person_id = ? ORDER BY id').all(ws, id) as Row[]
    ).map(
      (n): ExpressedNeed => ({
        id: n.id as string,
        createdAt: n.created_at as string,
        personId: id,
        expressedOn: n.expressed_on as string,
        note: n.note as string,
      }),
    );
    const merges = (
      stmt('SELECT * FROM person_merges WHERE workspace_id = ? AND (keep_id = ? OR gone_id = ?)').all(
        ws,
        id,
        id,
      ) as Row[]
    ).map(
      (m): StoredMerge => ({
        id: m.id as string,
        keepId: m.keep_id as string,
        goneId: m.gone_id as string,
        goneName: m.gone_name as string,
        at: m.at as string,
        undoneAt: (m.undone_at as string | null) ?? null,
        moved: m.moved as string,
        before: m.before as string,
      }),
    );
    return { person, records, notes, members, rating, needs, merges };
  }

  function onFile(ws: string, copy: ErasedCopy): OnFile {
    const ids = namedIds(copy);
    return {
      people: w.existing(ws, 'people', ids.people),
      organizations: w.existing(ws, 'organizations', ids.organizations),
      mailingLists: w.existing(ws, 'mailingLists', ids.mailingLists),
      interactions: w.existing(ws, 'interactions', ids.interactions),
    };
  }

  /** What the held copies name of `personId` dropped, in the open transaction; how many changed. */
  function forgetIn(ws: string, personId: string): number {
    let changed = 0;
    for (const other of stmt('SELECT id, copy FROM held_erasures WHERE workspace_id = ?').all(ws) as Row[]) {
      const next = withoutPerson(JSON.parse(other.copy as string) as ErasedCopy, personId);
      if (!next) continue;
      stmt('UPDATE held_erasures SET copy = ? WHERE workspace_id = ? AND id = ?').run(
        JSON.stringify(next),
        ws,
        other.id,
      );
      changed++;
    }
    return changed;
  }

  const getRow = (ws: string, id: string) =>
    stmt('SELECT * FROM held_erasures WHERE workspace_id = ? AND id = ?').get(ws, id) as Row | undefined;

  return {
    async hold(ws, personId, { dueAt, requestedBy }) {
      return tx(() => {
        const person = w.get<Person>(ws, 'people', personId);
        if (!person) throw AppError.notFound('person', personId);
        const copy = copyOf(ws, person);
        w.erase(ws, personId);
        w.bump(ws, true);
        const id = newId();
        const heldAt = nowIso();
        stmt(
          `INSERT INTO held_erasures (workspace_id, id, person_id, held_at, due_at, requested_by, copy)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(ws, id, personId, heldAt, dueAt, requestedBy, JSON.stringify(copy));
        return { id, personId, name: person.name, heldAt, dueAt, requestedBy };
      });
    },

    async list(ws) {
      return (stmt('SELECT * FROM held_erasures WHERE workspace_id = ? ORDER BY due_at, id').all(ws) as Row[]).map(
        heldOf,
      );
    },

    async due(now) {
      return (
        stmt('SELECT workspace_id, id FROM held_erasures WHERE due_at <= ? ORDER BY due_at').all(now) as Row[]
      ).map((r) => ({ workspaceId: r.workspace_id as string, id: r.id as string }));
    },

    async restore(ws, id) {
      return tx(() => {
        const row = getRow(ws, id);
        if (!row) throw AppError.notFound('held erasure', id);
        const copy = JSON.parse(row.copy as string) as ErasedCopy;
        if (w.existing(ws, 'people', [copy.person.id]).size > 0)
          throw new AppError('CONFLICT', `${copy.person.name} is on file again`);
        const plan = planRestore(copy, onFile(ws, copy));
        try {
          w.insert(ws, 'people', plan.person as unknown as Row);
        } catch (e) {
          throw new AppError(
            'CONFLICT',
            `${copy.person.name} cannot be put back: someone on file now has their LinkedIn profile or email`,
            {},
            { cause: e },
          );
        }
        for (const { entity, record } of plan.creates) w.insert(ws, entity, record);
        for (const { entity, record } of plan.replaces) w.replace(ws, entity, record);
        for (const n of plan.notes)
          stmt(
            `INSERT OR IGNORE INTO private_notes (workspace_id, person_id, user_id, text, updated_at)
             SELECT ?, ?, id, ?, ? FROM users WHERE id = ?`,
          ).run(ws, n.personId, n.text, n.updatedAt, n.userId);
        for (const user of plan.members)
          stmt('UPDATE memberships SET person_id = ? WHERE workspace_id = ? AND user_id = ? AND person_id IS NULL').run(
            plan.person.id,
            ws,
            user,
          );
        if (plan.rating)
          stmt(
            'INSERT INTO closeness_ratings (workspace_id, person_id, rating, rated_at, rated_by) VALUES (?, ?, ?, ?, ?)',
          ).run(ws, plan.person.id, plan.rating.rating, plan.rating.ratedAt, plan.rating.ratedBy);
        for (const n of plan.needs)
          stmt(
            'INSERT INTO expressed_needs (workspace_id, id, person_id, expressed_on, note, created_at) VALUES (?, ?, ?, ?, ?, ?)',
          ).run(ws, n.id, plan.person.id, n.expressedOn, n.note, n.createdAt);
        for (const m of plan.merges)
          stmt(
            `INSERT OR IGNORE INTO person_merges (workspace_id, id, keep_id, gone_id, gone_name, at, undone_at, moved, before)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(ws, m.id, m.keepId, m.goneId, m.goneName, m.at, m.undoneAt, m.moved, m.before);
        stmt('DELETE FROM held_erasures WHERE workspace_id = ? AND id = ?').run(ws, id);
        w.bump(ws, false);
        return { person: plan.person, leftOut: plan.leftOut };
      });
    },

    async discard(ws, id) {
      return tx(() => {
        const row = getRow(ws, id);
        if (!row) return null;
        const held = heldOf(row);
        stmt('DELETE FROM held_erasures WHERE workspace_id = ? AND id = ?').run(ws, id);
        // The other held copies must not keep what names them either.
        forgetIn(ws, held.personId);
        return held;
      });
    },

    async forget(ws, personId) {
      return tx(() => forgetIn(ws, personId));
    },
  };
}
