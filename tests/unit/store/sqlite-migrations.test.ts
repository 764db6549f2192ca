/**
 * Migrations applied to a database that already holds data: 006 derives
 * links (who is linked to whom, by which kind of record, how many) from the
 * records on file, and its triggers keep it from then on.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../server/store/sqlite/migrate.js';

const now = '2026-01-01T00:00:00.000Z';

function links(db: Database.Database): string[] {
  return (db.prepare('SELECT ws, a, b, kind, n FROM links ORDER BY ws, a, b, kind').all() as { ws: string; a: string; b: string; kind: string; n: number }[]).map(
    (r) => `${r.ws}:${r.a}-${r.b}:${r.kind}=${r.n}`,
  );
}

describe('SQLite migrations', () => {
  it('006 counts the records on file per pair of people and kind of link, per workspace, and triggers keep the counts', () => {
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

    const tie = db.prepare(
      `INSERT INTO ties (workspace_id, id, a_id, b_id, lo_id, hi_id, kind, since, source, note, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'manual', NULL, ?, ?)`,
    );
    tie.run('w1', 't1', 'me', 'a', 'a', 'me', 'linkedin', now, now);
    tie.run('w1', 't2', 'a', 'me', 'a', 'me', 'colleague', now, now);
    db.prepare(
      `INSERT INTO introductions (workspace_id, id, introducer_id, a_id, b_id, date, at_ms, outcome, note, created_at, updated_at)
       VALUES ('w1', 'n1', 'a', 'b', 'c', '2026-01-01', 0, 'met', NULL, ?, ?)`,
    ).run(now, now);
    db.prepare(
      `INSERT INTO referrals (workspace_id, id, referrer_id, recipient_id, prospect_id, prospect_name, date, at_ms, status, value, currency, note, created_at, updated_at)
       VALUES ('w2', 'r1', 'a', 'me', NULL, 'Someone', '2026-01-01', 0, 'open', NULL, NULL, NULL, ?, ?)`,
    ).run(now, now);

    expect(migrate(db)).toContain(6);
    expect(links(db)).toEqual([
      'w1:a-b:interaction=1', 'w1:a-b:introduction=1', 'w1:a-c:introduction=1', 'w1:a-me:interaction=3', 'w1:a-me:tie=2',
      'w1:b-a:interaction=1', 'w1:b-a:introduction=1', 'w1:b-c:introduction=1', 'w1:b-me:interaction=1',
      'w1:c-a:introduction=1', 'w1:c-b:introduction=1',
      'w1:me-a:interaction=3', 'w1:me-a:tie=2', 'w1:me-b:interaction=1',
      'w2:a-me:interaction=1', 'w2:a-me:referral=1', 'w2:me-a:interaction=1', 'w2:me-a:referral=1',
    ]);
    // From here the triggers keep it: a new interaction, a changed one, a deleted one, a deleted tie and
    // introduction, a deleted workspace.
    ix.run('w1', 'i4', now, JSON.stringify(['b', 'c']), now, now);
    db.prepare('UPDATE interactions SET participant_ids = ? WHERE workspace_id = ? AND id = ?').run(JSON.stringify(['me', 'a']), 'w1', 'i3');
    db.prepare('DELETE FROM interactions WHERE workspace_id = ? AND id = ?').run('w1', 'i1');
    db.prepare('DELETE FROM ties WHERE workspace_id = ? AND id = ?').run('w1', 't2');
    db.prepare('DELETE FROM introductions WHERE workspace_id = ? AND id = ?').run('w1', 'n1');
    db.prepare('DELETE FROM workspaces WHERE id = ?').run('w2');
    expect(links(db)).toEqual(['w1:a-me:interaction=2', 'w1:a-me:tie=1', 'w1:b-c:interaction=1', 'w1:c-b:interaction=1', 'w1:me-a:interaction=2', 'w1:me-a:tie=1']);
    expect(migrate(db)).toEqual([]);
  });
});
