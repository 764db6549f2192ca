/** Weekly report snapshots on SQLite: one row per workspace and ISO week. */
import type Database from 'better-sqlite3';
import { AppError } from '../../core/app-error.js';
import type { ReportRepo, StoredReport } from '../store.port.js';

type Row = { week: string; generated_at: string; json?: string };
const of = (r: Row): StoredReport => ({ week: r.week, generatedAt: r.generated_at, json: r.json! });

export function sqliteReports(stmt: (sql: string) => Database.Statement, tx: <T>(fn: () => T) => T): ReportRepo {
  return {
    async save(ws, r) {
      tx(() =>
        stmt('INSERT INTO reports (workspace_id, week, generated_at, json) VALUES (?, ?, ?, ?)').run(
          ws,
          r.week,
          r.generatedAt,
          r.json,
        ),
      );
    },
    async replace(ws, r) {
      const changed = tx(
        () =>
          stmt('UPDATE reports SET generated_at = ?, json = ? WHERE workspace_id = ? AND week = ?').run(
            r.generatedAt,
            r.json,
            ws,
            r.week,
          ).changes,
      );
      if (!changed) throw new AppError('NOT_FOUND', `No report for week ${r.week} in this workspace`);
    },
    async get(ws, week) {
      const r = stmt('SELECT week, generated_at, json FROM reports WHERE workspace_id = ? AND week = ?').get(
        ws,
        week,
      ) as Row | undefined;
      return r ? of(r) : null;
    },
    async previous(ws, week) {
      const r = stmt(
        'SELECT week, generated_at, json FROM reports WHERE workspace_id = ? AND week < ? ORDER BY week DESC LIMIT 1',
      ).get(ws, week) as Row | undefined;
      return r ? of(r) : null;
    },
    async list(ws, { limit, offset }) {
      const total = stmt('SELECT count(*) FROM reports WHERE workspace_id = ?').pluck().get(ws) as number;
      const rows = stmt(
        'SELECT week, generated_at FROM reports WHERE workspace_id = ? ORDER BY week DESC LIMIT ? OFFSET ?',
      ).all(ws, limit, offset) as Row[];
      return { items: rows.map((r) => ({ week: r.week, generatedAt: r.generated_at })), total, limit, offset };
    },
  };
}
