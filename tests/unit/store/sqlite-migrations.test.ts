/**
 * Migrations applied to a database that already holds data: 006 derives
 * links (who is linked to whom, by which kind of record, how many) from the
 * records on file, and its triggers keep it from then on; 008 rebuilds people
 * and interactions with integer keys and carries the participants over.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../server/store/sqlite/migrate.js';

const now = '2026-01-01T00:00:00.000Z';

function links(db: Database.Database): string[] {
  return (
    db.prepare('SELECT ws, a, b, kind, n FROM links ORDER BY ws, a, b, kind').all() as {
      ws: string;
      a: string;
      b: string;
      kind: string;
      n: number;
    }[]
  ).map((r) => `${r.ws}:${r.a}-${r.b}:${r.kind}=${r.n}`);
}

describe('SQLite migrations', () => {
  it('006 counts the records on file per pair of people and kind of link, per workspace, and triggers keep the counts', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    expect(migrate(db, 5)).toEqual([1, 2, 3, 4, 5]);
    const ws = db.prepare(
      'INSERT INTO workspaces (id, name, time_zone, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
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
      'w1:a-b:interaction=1',
      'w1:a-b:introduction=1',
      'w1:a-c:introduction=1',
      'w1:a-me:interaction=3',
      'w1:a-me:tie=2',
      'w1:b-a:interaction=1',
      'w1:b-a:introduction=1',
      'w1:b-c:introduction=1',
      'w1:b-me:interaction=1',
      'w1:c-a:introduction=1',
      'w1:c-b:introduction=1',
      'w1:me-a:interaction=3',
      'w1:me-a:tie=2',
      'w1:me-b:interaction=1',
      'w2:a-me:interaction=1',
      'w2:a-me:referral=1',
      'w2:me-a:interaction=1',
      'w2:me-a:referral=1',
    ]);
    // From here the triggers keep it: a new interaction, a changed one, a deleted one, a deleted tie and
    // introduction, a deleted workspace.
    ix.run('w1', 'i4', now, JSON.stringify(['b', 'c']), now, now);
    db.prepare('UPDATE interactions SET participant_ids = ? WHERE workspace_id = ? AND id = ?').run(
      JSON.stringify(['me', 'a']),
      'w1',
      'i3',
    );
    db.prepare('DELETE FROM interactions WHERE workspace_id = ? AND id = ?').run('w1', 'i1');
    db.prepare('DELETE FROM ties WHERE workspace_id = ? AND id = ?').run('w1', 't2');
    db.prepare('DELETE FROM introductions WHERE workspace_id = ? AND id = ?').run('w1', 'n1');
    db.prepare('DELETE FROM workspaces WHERE id = ?').run('w2');
    expect(links(db)).toEqual([
      'w1:a-me:interaction=2',
      'w1:a-me:tie=1',
      'w1:b-c:interaction=1',
      'w1:c-b:interaction=1',
      'w1:me-a:interaction=2',
      'w1:me-a:tie=1',
    ]);
    expect(migrate(db)).toEqual([]);
  });

  it('008 keeps every person, interaction, email, private note and participant, and after it a deletion (of a person, an interaction, a workspace) takes its participant rows along', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    expect(migrate(db, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const ws = db.prepare(
      'INSERT INTO workspaces (id, name, time_zone, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
    ws.run('w1', 'One', 'UTC', now, now);
    ws.run('w2', 'Two', 'UTC', now, now);
    const person = db.prepare(
      `INSERT INTO people (workspace_id, id, name, emails, tags, source, is_me, search_text, created_at, updated_at)
       VALUES (?, ?, ?, '[]', '[]', 'manual', ?, ?, ?, ?)`,
    );
    for (const w of ['w1', 'w2']) {
      person.run(w, 'me', 'Me', 1, 'me', now, now);
      person.run(w, 'a', 'Ann', 0, 'ann', now, now);
      person.run(w, 'b', 'Bob', 0, 'bob', now, now);
    }
    db.prepare(
      "INSERT INTO person_emails (workspace_id, person_id, email) VALUES ('w1', 'a', 'ann@example.com')",
    ).run();
    db.prepare(
      "INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES ('u1', 'u@example.com', 'U', 'x', ?, ?)",
    ).run(now, now);
    db.prepare(
      "INSERT INTO private_notes (workspace_id, person_id, user_id, text, updated_at) VALUES ('w1', 'b', 'u1', 'note', ?)",
    ).run(now);
    const ix = db.prepare(
      `INSERT INTO interactions (workspace_id, id, occurred_at, at_ms, channel, participant_ids, initiator_id, note, source, external_id, created_at, updated_at)
       VALUES (?, ?, ?, 0, 'call', ?, NULL, NULL, 'manual', ?, ?, ?)`,
    );
    const part = db.prepare(
      'INSERT INTO interaction_participants (workspace_id, person_id, interaction_id) VALUES (?, ?, ?)',
    );
    const add = (w: string, id: string, people: string[], ext: string | null = null) => {
      ix.run(w, id, now, JSON.stringify(people), ext, now, now);
      for (const p of people) part.run(w, p, id);
    };
    add('w1', 'i1', ['me', 'a'], 'ext-1');
    add('w1', 'i2', ['me', 'a', 'b']);
    add('w2', 'i1', ['me', 'b']);
    const linksBefore = links(db);

    expect(migrate(db, 8)).toEqual([8]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const participants = () =>
      db
        .prepare(
          `SELECT i.workspace_id || ':' || i.id || ':' || p.id AS x FROM interaction_participants ip
           JOIN interactions i ON i.rid = ip.interaction JOIN people p ON p.rid = ip.person
         WHERE p.workspace_id = i.workspace_id ORDER BY 1`,
        )
        .pluck()
        .all();
    expect(participants()).toEqual(['w1:i1:a', 'w1:i1:me', 'w1:i2:a', 'w1:i2:b', 'w1:i2:me', 'w2:i1:b', 'w2:i1:me']);
    expect(db.prepare('SELECT count(*) FROM interaction_participants').pluck().get()).toBe(7);
    expect(db.prepare("SELECT workspace_id || ':' || id FROM people ORDER BY 1").pluck().all()).toEqual([
      'w1:a',
      'w1:b',
      'w1:me',
      'w2:a',
      'w2:b',
      'w2:me',
    ]);
    expect(db.prepare('SELECT email FROM person_emails').pluck().all()).toEqual(['ann@example.com']);
    expect(db.prepare('SELECT text FROM private_notes').pluck().all()).toEqual(['note']);
    expect(
      db.prepare("SELECT id FROM interactions WHERE workspace_id = 'w1' AND external_id = 'ext-1'").pluck().all(),
    ).toEqual(['i1']);
    expect(links(db)).toEqual(linksBefore);
    // The keys' constraints and cascades: one "me" per workspace, a person's rows go with them,
    // an interaction's participants go with it, and the link triggers still count.
    expect(() => person.run('w1', 'me2', 'Me too', 1, 'me', now, now)).toThrow(/UNIQUE/);
    expect(() => person.run('w1', 'a', 'Ann again', 0, 'ann', now, now)).toThrow(/UNIQUE/);
    db.prepare("DELETE FROM people WHERE workspace_id = 'w1' AND id = 'b'").run();
    expect(db.prepare('SELECT count(*) FROM private_notes').pluck().get()).toBe(0);
    db.prepare("DELETE FROM interactions WHERE workspace_id = 'w1' AND id = 'i1'").run();
    expect(participants()).toEqual(['w1:i2:a', 'w1:i2:me', 'w2:i1:b', 'w2:i1:me']);
    expect(links(db).filter((l) => l.startsWith('w1:a-me'))).toEqual(['w1:a-me:interaction=1']);
    db.prepare("DELETE FROM workspaces WHERE id = 'w2'").run();
    expect(participants()).toEqual(['w1:i2:a', 'w1:i2:me']);
    expect(db.prepare('SELECT count(*) FROM interaction_participants').pluck().get()).toBe(2);
  });

  it('a migration that would leave a dangling reference rolls back', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, 7);
    db.prepare(
      "INSERT INTO workspaces (id, name, time_zone, created_at, updated_at) VALUES ('w1', 'One', 'UTC', ?, ?)",
    ).run(now, now);
    db.prepare(
      `INSERT INTO people (workspace_id, id, name, emails, tags, source, is_me, search_text, created_at, updated_at)
       VALUES ('w1', 'a', 'Ann', '[]', '[]', 'manual', 0, 'ann', ?, ?)`,
    ).run(now, now);
    db.prepare(
      "INSERT INTO person_emails (workspace_id, person_id, email) VALUES ('w1', 'a', 'ann@example.com')",
    ).run();
    // Written behind the constraints' back: an email of nobody.
    db.pragma('foreign_keys = OFF');
    db.prepare(
      "INSERT INTO person_emails (workspace_id, person_id, email) VALUES ('w1', 'ghost', 'ghost@example.com')",
    ).run();
    db.pragma('foreign_keys = ON');
    expect(() => migrate(db)).toThrow(
      /008-integer-keys\.sql leaves 1 row\(s\) with a dangling reference \(first: person_emails -> people\)/,
    );
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(7);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'people_v2'").pluck().get()).toBe(0);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('gives back the pages a table rebuild freed (008 on a database with 20,000 messages)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nurture-migrate-'));
    const db = new Database(join(dir, 'nurture.db'));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      migrate(db, 7);
      db.prepare(
        "INSERT INTO workspaces (id, name, time_zone, created_at, updated_at) VALUES ('w1', 'One', 'UTC', ?, ?)",
      ).run(now, now);
      const person = db.prepare(
        `INSERT INTO people (workspace_id, id, name, emails, tags, source, is_me, search_text, created_at, updated_at)
         VALUES ('w1', ?, ?, '[]', '[]', 'manual', 0, ?, ?, ?)`,
      );
      const ix = db.prepare(
        `INSERT INTO interactions (workspace_id, id, occurred_at, at_ms, channel, participant_ids, initiator_id, note, source, external_id, created_at, updated_at)
         VALUES ('w1', ?, ?, 0, 'message', ?, NULL, NULL, 'linkedin-messages', ?, ?, ?)`,
      );
      const part = db.prepare(
        "INSERT INTO interaction_participants (workspace_id, person_id, interaction_id) VALUES ('w1', ?, ?)",
      );
      const id = (kind: string, i: number) => `00000000-0000-7000-8000-${kind}${String(i).padStart(11, '0')}`;
      db.transaction(() => {
        for (let p = 0; p < 100; p++) person.run(id('p', p), `P${p}`, `p${p}`, now, now);
        for (let m = 0; m < 20_000; m++) {
          const people = [id('p', 0), id('p', 1 + (m % 99))];
          ix.run(id('i', m), now, JSON.stringify(people), `li-msg:${m}`, now, now);
          for (const p of people) part.run(p, id('i', m));
        }
      })();
      const pagesBefore = db.pragma('page_count', { simple: true }) as number;
      expect(migrate(db, 8)).toEqual([8]);
      expect(db.pragma('freelist_count', { simple: true })).toBe(0);
      expect(db.pragma('page_count', { simple: true }) as number).toBeLessThan(pagesBefore * 0.75);
      expect(db.prepare('SELECT count(*) FROM interaction_participants').pluck().get()).toBe(40_000);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
