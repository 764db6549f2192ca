/**
 * Migrations applied to a database that already holds data: 006 derives
 * interaction_links (who has interacted with whom, how often) from the
 * interactions on file, and its triggers keep it from then on.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../server/store/sqlite/migrate.js';

const now = '2026-01-01T00:00:00.000Z';

function links(db: Database.Database): string[] {
  return (db.prepare('SELECT ws, a, b, n FROM interaction_links ORDER BY ws, a, b').all() as { ws: string; a: string; b: string; n: number }[]).map(
    (r) => `${r.ws}:${r.a}-${r.b}=${r.n}`,
  );
}

describe('SQLite migrations', () => {
  it('006 counts the interactions on file per pair of participants, per workspace, and triggers keep the counts', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    expect(migrate(db, 5)).toEqual([1, 2, 3, 4, 5]);
    const ws = db.prepare('INSERT INTO workspaces (id, name, time_zone, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
    ws.run('w1', 'One', 'UTC', now, now);
    ws.run('w2', 'Two', 'UTC', now, now);
    const ix = db.prepare(
      `INSERT INTO interactions (workspace_id, id, occurred_at, at_ms, channel, participant_ids, initiator_id, note, source, external_id, created_at, updated_at)
       VALUES (?, ?, ?, 0, 'call', ?, NULL, NULL, 'manual', NULL, ?, ?)`,
    );
    ix.run('w1', 'i1', now, JSON.stringify(['me', 'a']), now, now);
    ix.run('w1', 'i2', now, JSON.stringify(['a', 'me']), now, now);
    ix.run('w1', 'i3', now, JSON.stringify(['me', 'a', 'b']), now, now);
    ix.run('w2', 'i1', now, JSON.stringify(['me', 'a']), now, now);

    expect(migrate(db)).toContain(6);
    expect(links(db)).toEqual([
      'w1:a-b=1', 'w1:a-me=3', 'w1:b-a=1', 'w1:b-me=1', 'w1:me-a=3', 'w1:me-b=1',
      'w2:a-me=1', 'w2:me-a=1',
    ]);
    // From here the triggers keep it: a new interaction, a changed one, a deleted one, a deleted workspace.
    ix.run('w1', 'i4', now, JSON.stringify(['b', 'c']), now, now);
    db.prepare('UPDATE interactions SET participant_ids = ? WHERE workspace_id = ? AND id = ?').run(JSON.stringify(['me', 'a']), 'w1', 'i3');
    db.prepare('DELETE FROM interactions WHERE workspace_id = ? AND id = ?').run('w1', 'i1');
    db.prepare('DELETE FROM workspaces WHERE id = ?').run('w2');
    expect(links(db)).toEqual(['w1:a-me=2', 'w1:b-c=1', 'w1:c-b=1', 'w1:me-a=2']);
    expect(migrate(db)).toEqual([]);
  });
});
