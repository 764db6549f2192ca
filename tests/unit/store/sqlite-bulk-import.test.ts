/**
 * A first import (at least as many new rows as the table holds, and 5,000 or
 * more) drops the secondary indexes of people, emails, ties and interactions and
 * rebuilds them once the rows are in. The schema must come out exactly as it
 * went in — after a bulk import, after a dry run, and after a bulk import that
 * fails half-way — and the rebuilt unique indexes must still refuse duplicates.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/core/app-error.js';
import type { ImportPlan } from '../../../server/store/store.port.js';
import { sqliteStoreFixture } from '../../fixtures/sqlite-store.js';

const fx = sqliteStoreFixture('nurture-bulk-');
const { store } = fx;

const schema = () => fx.db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();
const count = (sql: string, ...params: unknown[]) =>
  fx.db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

/** `people` people, each with a LinkedIn tie from row 0, and `messages` messages between row 0 and the others. */
function plan(people: number, messages: number, tag: string): ImportPlan {
  return {
    people: Array.from({ length: people }, (_, i) => ({
      name: `P${i}`,
      linkedinUrl: `https://www.linkedin.com/in/${tag}-${i}`,
      source: 'linkedin',
    })),
    ties: Array.from({ length: people - 1 }, (_, i) => ({
      a: { row: 0 },
      b: { row: i + 1 },
      kind: 'linkedin' as const,
      since: null,
      source: 'linkedin',
    })),
    interactions: Array.from({ length: messages }, (_, m) => ({
      participants: [{ row: 0 }, { row: 1 + (m % (people - 1)) }],
      initiator: { row: 0 },
      occurredAt: new Date(Date.UTC(2024, 0, 1) + m * 60_000).toISOString(),
      channel: 'message' as const,
      source: 'linkedin-messages',
      externalId: `${tag}-msg-${m}`,
    })),
  };
}

describe('SQLite bulk import', () => {
  it('leaves the schema as it was after a dry run and after a bulk import that fails at its last row', async () => {
    const before = schema();
    const ws = await store.createWorkspace({ name: 'failing', timeZone: 'UTC' });
    const dry = await store.applyImport(ws.id, { ...plan(6000, 7000, 'dry'), dryRun: true });
    expect(dry.interactions.created).toBe(7000);
    expect(schema()).toEqual(before);

    const bad = plan(6000, 7000, 'bad');
    bad.interactions!.push({
      ...bad.interactions![0]!,
      participants: [{ row: 0 }, { id: '00000000-0000-7000-8000-000000000000' }],
      externalId: 'bad-last',
    });
    const err = await store.applyImport(ws.id, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).details.errors?.[0]?.path).toBe('interactions.7000.participants.1');
    expect(schema()).toEqual(before);
    expect(count('SELECT count(*) FROM people WHERE workspace_id = ?', ws.id)).toBe(0);
    expect(count('SELECT count(*) FROM interactions WHERE workspace_id = ?', ws.id)).toBe(0);
  });

  it('rebuilds the indexes a first import drops: same schema, every row findable by them, duplicates still refused', async () => {
    const before = schema();
    const ws = await store.createWorkspace({ name: 'bulk', timeZone: 'UTC' });
    const first = await store.applyImport(ws.id, plan(6000, 12_000, 'bulk'));
    expect(first.ties.created).toBe(5999);
    expect(first.interactions.created).toBe(12_000);
    expect(schema()).toEqual(before);
    expect(fx.db.pragma('integrity_check', { simple: true })).toBe('ok');

    // Found through each rebuilt index (the planner's choice is checked, then the answer).
    const p1 = first.rows[1]!.id;
    const p1Rid = count('SELECT rid FROM people WHERE workspace_id = ? AND id = ?', ws.id, p1);
    expect(count('SELECT count(*) FROM interaction_participants WHERE person = ?', p1Rid)).toBe(3);
    expect(
      count(
        'SELECT count(*) FROM interaction_participants WHERE person = (SELECT rid FROM people WHERE workspace_id = ? AND is_me = 0 AND name = ?)',
        ws.id,
        'P0',
      ),
    ).toBe(12_000);
    expect(
      count('SELECT count(*) FROM interactions WHERE workspace_id = ? AND external_id = ?', ws.id, 'bulk-msg-11999'),
    ).toBe(1);
    expect(
      count(
        'SELECT count(*) FROM interactions WHERE workspace_id = ? AND at_ms >= ?',
        ws.id,
        Date.UTC(2024, 0, 1) + 11_990 * 60_000,
      ),
    ).toBe(10);
    expect(count('SELECT count(*) FROM ties WHERE workspace_id = ? AND b_id = ?', ws.id, p1)).toBe(1);
    expect(
      count(
        'SELECT count(*) FROM people WHERE workspace_id = ? AND linkedin_key = ?',
        ws.id,
        'linkedin.com/in/bulk-5999',
      ),
    ).toBe(1);
    expect(
      (await store.people.list(ws.id, { limit: 2, offset: 0, sort: 'name', order: 'asc' })).items.map((p) => p.name),
    ).toEqual(['P0', 'P1']);
    const page = await store.interactions.list(ws.id, { personId: p1, limit: 50, offset: 0 });
    expect(page.total).toBe(3);

    // The same plan again: nothing new, and the rebuilt unique indexes refuse a copy written behind the importer's back.
    const again = await store.applyImport(ws.id, plan(6000, 12_000, 'bulk'));
    expect(again.interactions).toEqual({ created: 0, unchanged: 12_000 });
    expect(again.ties).toEqual({ created: 0, unchanged: 5999 });
    const writer = new Database(fx.file);
    try {
      const row = writer
        .prepare('SELECT * FROM interactions WHERE workspace_id = ? AND external_id = ?')
        .get(ws.id, 'bulk-msg-0') as Record<string, unknown>;
      expect(() =>
        writer
          .prepare(
            'INSERT INTO interactions SELECT NULL AS rid, workspace_id, ? AS id, occurred_at, at_ms, channel, participant_ids, initiator_id, note, source, external_id, created_at, updated_at FROM interactions WHERE id = ?',
          )
          .run('copy', row.id),
      ).toThrow(/UNIQUE/);
      expect(() =>
        writer.prepare('INSERT INTO interaction_participants (person, interaction) VALUES (?, ?)').run(p1Rid, row.rid),
      ).toThrow(/UNIQUE/);
      expect(() =>
        writer
          .prepare(
            "UPDATE people SET linkedin_key = 'linkedin.com/in/bulk-1' WHERE workspace_id = ? AND linkedin_key = 'linkedin.com/in/bulk-2'",
          )
          .run(ws.id),
      ).toThrow(/UNIQUE/);
    } finally {
      writer.close();
    }
  });
});
