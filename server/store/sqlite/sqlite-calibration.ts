/** Closeness ratings, the fitted calibration and expressed needs on SQLite (migration 010). */
import type Database from 'better-sqlite3';
import type { ClosenessRating, ExpressedNeed, Rating } from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import { newId, nowIso } from '../../domain/records.js';
import type { CalibrationRepo, NeedRepo } from '../store.port.js';

type Stmt = (sql: string) => Database.Statement;
type Tx = <T>(fn: () => T) => T;
type Row = Record<string, unknown>;

const rating = (r: Row): Rating => ({
  personId: r.person_id as string,
  rating: r.rating as ClosenessRating,
  ratedAt: r.rated_at as string,
  ratedBy: (r.rated_by as string | null) ?? null,
});

const need = (r: Row): ExpressedNeed => ({
  id: r.id as string,
  createdAt: r.created_at as string,
  personId: r.person_id as string,
  expressedOn: r.expressed_on as string,
  note: r.note as string,
});

function requirePerson(stmt: Stmt, ws: string, personId: string): void {
  if (!stmt('SELECT 1 FROM people WHERE workspace_id = ? AND id = ?').get(ws, personId))
    throw AppError.invalid('personId', `no person with id ${personId} in this workspace`);
}

export function sqliteCalibration(stmt: Stmt, tx: Tx): CalibrationRepo {
  return {
    async putRating(ws, personId, value, ratedBy) {
      return tx(() => {
        requirePerson(stmt, ws, personId);
        const r: Rating = { personId, rating: value, ratedAt: nowIso(), ratedBy };
        stmt(
          `INSERT INTO closeness_ratings (workspace_id, person_id, rating, rated_at, rated_by) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (workspace_id, person_id) DO UPDATE SET rating = excluded.rating, rated_at = excluded.rated_at, rated_by = excluded.rated_by`,
        ).run(ws, personId, r.rating, r.ratedAt, r.ratedBy);
        return r;
      });
    },
    async deleteRating(ws, personId) {
      return tx(
        () =>
          stmt('DELETE FROM closeness_ratings WHERE workspace_id = ? AND person_id = ?').run(ws, personId).changes > 0,
      );
    },
    async listRatings(ws) {
      return (stmt('SELECT * FROM closeness_ratings WHERE workspace_id = ? ORDER BY person_id').all(ws) as Row[]).map(
        rating,
      );
    },
    async getCalibration(ws) {
      const r = stmt('SELECT json, updated_at FROM calibrations WHERE workspace_id = ?').get(ws) as Row | undefined;
      return r ? { json: r.json as string, updatedAt: r.updated_at as string } : null;
    },
    async putCalibration(ws, c) {
      tx(() => {
        if (c === null) stmt('DELETE FROM calibrations WHERE workspace_id = ?').run(ws);
        else
          stmt(
            `INSERT INTO calibrations (workspace_id, json, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (workspace_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
          ).run(ws, c.json, c.updatedAt);
      });
    },
  };
}

export function sqliteNeeds(stmt: Stmt, tx: Tx): NeedRepo {
  return {
    async add(ws, input) {
      return tx(() => {
        requirePerson(stmt, ws, input.personId);
        const n: ExpressedNeed = { id: newId(), createdAt: nowIso(), ...input };
        stmt(
          'INSERT INTO expressed_needs (workspace_id, id, person_id, expressed_on, note, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(ws, n.id, n.personId, n.expressedOn, n.note, n.createdAt);
        return n;
      });
    },
    async list(ws, { personId, limit, offset }) {
      const where = personId === undefined ? 'workspace_id = ?' : 'workspace_id = ? AND person_id = ?';
      const params = personId === undefined ? [ws] : [ws, personId];
      const total = stmt(`SELECT count(*) FROM expressed_needs WHERE ${where}`)
        .pluck()
        .get(...params) as number;
      const rows = stmt(
        `SELECT * FROM expressed_needs WHERE ${where} ORDER BY expressed_on DESC, created_at DESC, id DESC LIMIT ? OFFSET ?`,
      ).all(...params, limit, offset) as Row[];
      return { items: rows.map(need), total, limit, offset };
    },
    async delete(ws, id) {
      return tx(() => stmt('DELETE FROM expressed_needs WHERE workspace_id = ? AND id = ?').run(ws, id).changes > 0);
    },
  };
}

/** Every need of a workspace, for its snapshot. */
export function allNeeds(stmt: Stmt, ws: string): ExpressedNeed[] {
  return (stmt('SELECT * FROM expressed_needs WHERE workspace_id = ? ORDER BY expressed_on, id').all(ws) as Row[]).map(
    need,
  );
}
