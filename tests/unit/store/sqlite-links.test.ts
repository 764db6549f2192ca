/**
 * The SQLite links table (who is linked to whom, by which kind of record, how
 * many records) is derived data kept by triggers and by bulk imports. Property:
 * after any sequence of writes through the store (creates, edits, deletions,
 * erasures, bulk imports, and writes that fail and roll back), it holds exactly
 * what deriving it afresh from the records gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../server/core/app-error.js';
import { sqliteStoreFixture } from '../../fixtures/sqlite-store.js';

const fx = sqliteStoreFixture('nurture-links-');
const { store } = fx;

const KINDS: [string, string][] = [
  ['ties', 'json_array(r.a_id, r.b_id)'],
  ['interactions', 'r.participant_ids'],
  ['introductions', 'json_array(r.introducer_id, r.a_id, r.b_id)'],
  ['referrals', 'json_array(r.referrer_id, r.recipient_id, r.prospect_id)'],
];
const KIND_OF: Record<string, string> = {
  ties: 'tie',
  interactions: 'interaction',
  introductions: 'introduction',
  referrals: 'referral',
};

function kept(ws: string): string[] {
  return (
    fx.db.prepare('SELECT a, b, kind, n FROM links WHERE ws = ? ORDER BY a, b, kind').all(ws) as {
      a: string;
      b: string;
      kind: string;
      n: number;
    }[]
  ).map((r) => `${r.a}-${r.b}:${r.kind}=${r.n}`);
}

function derived(ws: string): string[] {
  const rows: string[] = [];
  for (const [table, members] of KINDS) {
    const found = fx.db
      .prepare(
        `SELECT x.value AS a, y.value AS b, count(DISTINCT r.id) AS n FROM ${table} r, json_each(${members}) x, json_each(${members}) y
       WHERE r.workspace_id = ? AND x.value IS NOT NULL AND y.value IS NOT NULL AND x.value <> y.value GROUP BY x.value, y.value`,
      )
      .all(ws) as { a: string; b: string; n: number }[];
    for (const r of found) rows.push(`${r.a}-${r.b}:${KIND_OF[table]}=${r.n}`);
  }
  return rows.sort((p, q) => (p < q ? -1 : p > q ? 1 : 0));
}

const who = fc.integer({ min: 0, max: 5 });
const group = fc.uniqueArray(who, { minLength: 2, maxLength: 4 });
const pick = fc.nat();
const op = fc.oneof(
  fc.record({ op: fc.constant('tie' as const), a: who, b: who, kind: fc.constantFrom('linkedin', 'colleague') }),
  fc.record({ op: fc.constant('interaction' as const), people: group }),
  fc.record({ op: fc.constant('editInteraction' as const), at: pick, people: group }),
  fc.record({ op: fc.constant('deleteInteraction' as const), at: pick }),
  fc.record({ op: fc.constant('deleteTie' as const), at: pick }),
  fc.record({ op: fc.constant('introduction' as const), people: fc.uniqueArray(who, { minLength: 3, maxLength: 3 }) }),
  fc.record({ op: fc.constant('deleteIntroduction' as const), at: pick }),
  fc.record({ op: fc.constant('referral' as const), people: fc.uniqueArray(who, { minLength: 2, maxLength: 3 }) }),
  fc.record({ op: fc.constant('editReferral' as const), at: pick, to: who }),
  fc.record({ op: fc.constant('erase' as const), who }),
  fc.record({
    op: fc.constant('import' as const),
    ties: fc.array(fc.tuple(who, who), { maxLength: 4 }),
    messages: fc.array(fc.record({ people: group, ext: fc.integer({ min: 0, max: 6 }) }), { maxLength: 6 }),
    broken: fc.boolean(),
  }),
);

describe('SQLite links table', () => {
  it('always equals the links derived afresh from the records', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const ws = (await store.createWorkspace({ name: 'links' })).id;
        const ids: string[] = [];
        for (let i = 0; i < 6; i++) ids.push((await store.people.create(ws, { name: `P${i}`, isMe: i === 0 })).id);
        const at = async (entity: 'ties' | 'interactions' | 'introductions' | 'referrals', k: number) => {
          const items = (await store[entity].list(ws, { limit: 500, offset: 0 } as never)).items as { id: string }[];
          return items.length ? items[k % items.length]!.id : 'none';
        };
        for (const o of ops) {
          try {
            if (o.op === 'tie') await store.ties.create(ws, { aId: ids[o.a]!, bId: ids[o.b]!, kind: o.kind });
            else if (o.op === 'interaction')
              await store.interactions.create(ws, {
                occurredAt: '2026-01-01',
                channel: 'call',
                participantIds: o.people.map((i) => ids[i]!),
              });
            else if (o.op === 'editInteraction')
              await store.interactions.update(ws, await at('interactions', o.at), {
                participantIds: o.people.map((i) => ids[i]!),
              });
            else if (o.op === 'deleteInteraction') await store.interactions.delete(ws, await at('interactions', o.at));
            else if (o.op === 'deleteTie') await store.ties.delete(ws, await at('ties', o.at));
            else if (o.op === 'introduction') {
              const [x, y, z] = o.people.map((i) => ids[i]!);
              await store.introductions.create(ws, { introducerId: x!, aId: y!, bId: z!, date: '2026-01-02' });
            } else if (o.op === 'deleteIntroduction')
              await store.introductions.delete(ws, await at('introductions', o.at));
            else if (o.op === 'referral') {
              const [x, y, z] = o.people.map((i) => ids[i]!);
              await store.referrals.create(ws, {
                referrerId: x!,
                recipientId: y!,
                ...(z ? { prospectId: z } : {}),
                date: '2026-01-03',
              });
            } else if (o.op === 'editReferral')
              await store.referrals.update(ws, await at('referrals', o.at), {
                prospectId: o.to === 5 ? null : ids[o.to]!,
              });
            else if (o.op === 'erase') await store.people.delete(ws, ids[o.who]!);
            else {
              await store.applyImport(ws, {
                people: [],
                ties: o.ties.map(([a, b]) => ({
                  a: { id: ids[a]! },
                  b: { id: ids[b]! },
                  kind: 'linkedin',
                  since: null,
                  source: 'linkedin',
                })),
                interactions: [
                  ...o.messages.map((m) => ({
                    participants: m.people.map((i) => ({ id: ids[i]! })),
                    initiator: null,
                    occurredAt: '2026-01-04',
                    channel: 'message' as const,
                    source: 'linkedin-messages',
                    externalId: `m${m.ext}`,
                  })),
                  // A reference to nobody: the whole import is refused and rolled back.
                  ...(o.broken
                    ? [
                        {
                          participants: [{ id: ids[1]! }, { id: 'ghost' }],
                          initiator: null,
                          occurredAt: '2026-01-04',
                          channel: 'message' as const,
                          source: 'x',
                          externalId: 'ghost',
                        },
                      ]
                    : []),
                ],
              });
            }
          } catch (e) {
            if (!isAppError(e)) throw e;
          }
        }
        expect(kept(ws)).toEqual(derived(ws));
      }),
      { numRuns: 150 },
    );
    // Across the runs much was linked: the comparisons were not of empty lists.
    expect(fx.db.prepare('SELECT count(*) FROM links').pluck().get() as number).toBeGreaterThan(100);
    // No import left the triggers switched off.
    expect(fx.db.prepare('SELECT deferred FROM link_upkeep').pluck().get()).toBe(0);
  });
});
