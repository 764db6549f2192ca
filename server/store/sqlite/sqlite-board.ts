/** The nurture board's "done" on SQLite: one row per workspace, member, week and card. */
import type Database from 'better-sqlite3';
import type { BoardRepo } from '../store.port.js';

export function sqliteBoard(stmt: (sql: string) => Database.Statement, tx: <T>(fn: () => T) => T): BoardRepo {
  return {
    async doneKeys(ws, userId, week) {
      return stmt(
        'SELECT card FROM board_done WHERE workspace_id = ? AND user_id = ? AND week = ? ORDER BY done_at, card',
      )
        .pluck()
        .all(ws, userId, week) as string[];
    },
    async setDone(ws, userId, week, key, done) {
      tx(() => {
        if (done)
          stmt(
            'INSERT INTO board_done (workspace_id, user_id, week, card, done_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
          ).run(ws, userId, week, key, new Date().toISOString());
        else
          stmt('DELETE FROM board_done WHERE workspace_id = ? AND user_id = ? AND week = ? AND card = ?').run(
            ws,
            userId,
            week,
            key,
          );
      });
    },
  };
}
