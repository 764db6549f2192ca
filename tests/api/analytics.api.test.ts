/**
 * The analytics over HTTP, on the demo network, computed in the worker thread.
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MistakePageSchema,
  PartnerPageSchema,
  PathsAnswerSchema,
  PersonInsightSchema,
  RecommendationPageSchema,
  StrengthAnswerSchema,
} from '../../shared/index.js';
import { DEFAULT_WORKSPACE_ID } from '../../server/app.js';
import { loadDemoNetwork } from '../../server/demo/demo-network.js';
import { startApi, type RunningApi } from './start-api.js';

let api: RunningApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api.close());

async function settle(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const s = await api.call('GET', '/api/v1/analytics/status');
    if (s.body.computedAt && !s.body.stale && !s.body.computing) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the analysis did not settle');
}

describe('analytics API', () => {
  it('asks who "me" is before it can measure closeness', async () => {
    const r = await api.call('GET', '/api/v1/analytics/partners');
    expect(r.status).toBe(409);
    expect(r.body.detail).toMatch(/record yourself/);
  });

  it('ranks referral partners with every part of the score shown', async () => {
    await loadDemoNetwork(api.store, DEFAULT_WORKSPACE_ID);
    const r = await api.call('GET', '/api/v1/analytics/partners?limit=20');
    expect(r.status).toBe(200);
    const page = PartnerPageSchema.parse(r.body);
    expect(page.total).toBe(300);
    expect(page.items).toHaveLength(20);
    const scores = page.items.map((p) => p.partner.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(page.items.map((p) => p.partner.rank)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const top = page.items[0]!;
    const parts = top.partner.parts;
    const weighted =
      parts.flow.points + parts.ledger.points + parts.strength.points + parts.brokerage.points + parts.reach.points;
    expect(weighted).toBeCloseTo(top.partner.score, 6);
    const byName = await api.call('GET', '/api/v1/analytics/partners?sort=name&order=asc&limit=500');
    const names = byName.body.items.map((p: { name: string }) => p.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
    const trusted = await api.call('GET', '/api/v1/analytics/partners?stage=trusted&limit=500');
    expect(
      trusted.body.items.every((p: { strengthToMe: { stage: string } }) => p.strengthToMe.stage === 'trusted'),
    ).toBe(true);
    expect((await api.call('GET', '/api/v1/analytics/partners?sort=magic')).status).toBe(400);

    // A client that accepts gzip gets the same page compressed (made once, with the page); one that does not, as is.
    const raw = (encoding: string | null) =>
      new Promise<{ headers: http.IncomingHttpHeaders; bytes: Buffer }>((resolve, reject) => {
        const headers: Record<string, string> = { authorization: `Bearer ${api.token}` };
        if (encoding) headers['accept-encoding'] = encoding;
        http
          .get(`${api.base}/api/v1/analytics/partners?limit=20`, { headers }, (res) => {
            const chunks: Buffer[] = [];
            res
              .on('data', (c: Buffer) => chunks.push(c))
              .once('end', () => resolve({ headers: res.headers, bytes: Buffer.concat(chunks) }))
              .once('error', reject);
          })
          .once('error', reject);
      });
    const plain = await raw(null);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(plain.bytes.toString('utf8'))).toEqual(r.body);
    for (const accepted of ['gzip', 'gzip, deflate, br, zstd']) {
      const zipped = await raw(accepted);
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers.vary).toMatch(/Accept-Encoding/i);
      expect(zipped.bytes.length).toBeLessThan(plain.bytes.length / 3);
      expect(gunzipSync(zipped.bytes).equals(plain.bytes)).toBe(true);
    }
    expect((await raw('identity')).headers['content-encoding']).toBeUndefined();
    expect((await raw('gzip;q=0')).headers['content-encoding']).toBeUndefined();
  });

  it('explains one person, and the tie endpoint agrees with it', async () => {
    const top = (await api.call('GET', '/api/v1/analytics/partners?limit=1')).body.items[0];
    const one = PersonInsightSchema.parse((await api.call('GET', `/api/v1/analytics/people/${top.personId}`)).body);
    expect(one.person).toEqual(top);
    const factors = one.person.strengthToMe.factors;
    for (const f of ['intensity', 'recency', 'duration', 'reciprocity', 'structural', 'services'] as const) {
      expect(factors[f].value).toBeGreaterThanOrEqual(0);
      expect(factors[f].value).toBeLessThanOrEqual(1);
    }
    const tie = StrengthAnswerSchema.parse(
      (await api.call('GET', `/api/v1/analytics/strength?personId=${top.personId}`)).body,
    );
    expect(tie.tie.score).toBeCloseTo(one.person.strengthToMe.score, 9);
    expect((await api.call('GET', '/api/v1/analytics/people/nobody')).status).toBe(404);
    expect(
      (await api.call('GET', `/api/v1/analytics/strength?personId=${top.personId}&otherId=${top.personId}`)).status,
    ).toBe(400);
  });

  it("recommends with reasons and finds the demo's mistakes", async () => {
    const recs = RecommendationPageSchema.parse(
      (await api.call('GET', '/api/v1/analytics/recommendations?limit=500')).body,
    );
    const kinds = new Set(recs.items.map((r) => r.kind));
    for (const k of ['nurture', 'do_not_pitch_yet', 'ask_permission']) expect(kinds, k).toContain(k);
    for (const r of recs.items) expect(r.reason.length).toBeGreaterThan(10);
    const onlyThank = await api.call('GET', '/api/v1/analytics/recommendations?kind=ask_permission');
    expect(onlyThank.body.items.every((r: { kind: string }) => r.kind === 'ask_permission')).toBe(true);
    const mistakes = MistakePageSchema.parse((await api.call('GET', '/api/v1/analytics/mistakes?limit=500')).body);
    const mk = new Set(mistakes.items.map((m) => m.kind));
    expect(mk).toContain('early_pitch');
    expect(mk).toContain('signed_up_without_permission');
    for (const m of mistakes.items) expect(m.reasons.length).toBeGreaterThan(0);
  });

  it('finds warm introduction paths that start with me', async () => {
    const me = (await api.call('GET', '/api/v1/me')).body;
    const far = (await api.call('GET', '/api/v1/analytics/partners?stage=acquaintance&limit=1')).body.items[0];
    const r = PathsAnswerSchema.parse((await api.call('GET', `/api/v1/analytics/paths?personId=${far.personId}`)).body);
    expect(r.paths.length).toBeLessThanOrEqual(3);
    for (const p of r.paths) {
      expect(p.personIds[0]).toBe(me.id);
      expect(p.personIds.at(-1)).toBe(far.personId);
      expect(p.warmth).toBeCloseTo(
        p.hops.reduce((w, h) => w * (h.strength / 100), 1),
        9,
      );
    }
    const warmth = r.paths.map((p) => p.warmth);
    expect(warmth).toEqual([...warmth].sort((a, b) => b - a));
    expect((await api.call('GET', '/api/v1/analytics/paths')).status).toBe(400);
    expect((await api.call('GET', '/api/v1/analytics/paths?organizationId=nope')).status).toBe(404);
  });

  it('exports scores as CSV and a mailing list gated by consent', async () => {
    const csv = await api.call('GET', '/api/v1/analytics/export?format=csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toMatch(/^personId,name,rank,partnerScore,strengthToMe,stage/);
    expect(lines).toHaveLength(301);
    const list = (await api.call('GET', '/api/v1/mailing-lists?limit=1')).body.items[0];
    const exp = await api.call('GET', `/api/v1/mailing-lists/${list.id}/export`);
    expect(exp.status).toBe(200);
    expect(exp.body.leftOut).toBeGreaterThanOrEqual(8);
    expect(exp.body.leftOut).toBe(exp.body.leftOutPeople.length);
    const out = new Set(exp.body.leftOutPeople.map((p: { personId: string }) => p.personId));
    expect(exp.body.personIds.some((id: string) => out.has(id))).toBe(false);
    const consents = (await api.call('GET', `/api/v1/consents?listId=${list.id}&status=granted&limit=500`)).body.items;
    const granted = new Set(consents.map((c: { personId: string }) => c.personId));
    expect(exp.body.personIds.every((id: string) => granted.has(id))).toBe(true);
  });

  it("moves a tie's strength as soon as an interaction is logged, then recomputes in the background", async () => {
    await settle();
    const cold = (await api.call('GET', '/api/v1/analytics/partners?stage=acquaintance&limit=1')).body.items[0];
    const before = cold.strengthToMe.score;
    const logged = await api.call('POST', '/api/v1/interactions', {
      occurredAt: new Date().toISOString(),
      channel: 'in_person',
      participantIds: [cold.personId],
      initiatorId: cold.personId,
    });
    expect(logged.status).toBe(201);
    const after = (await api.call('GET', `/api/v1/analytics/people/${cold.personId}`)).body;
    expect(after.person.strengthToMe.score).toBeGreaterThan(before);
    await settle();
    const recomputed = (await api.call('GET', `/api/v1/analytics/people/${cold.personId}`)).body;
    expect(recomputed.stale).toBe(false);
    expect(recomputed.person.strengthToMe.score).toBeGreaterThan(before);
  });

  it('drops an erased person from the analytics at once', async () => {
    await settle();
    const victim = (await api.call('GET', '/api/v1/analytics/partners?limit=1')).body.items[0];
    expect((await api.call('DELETE', `/api/v1/people/${victim.personId}`)).status).toBe(204);
    const r = await api.call('GET', `/api/v1/analytics/people/${victim.personId}`);
    expect(r.status).toBe(404);
    const all = await api.call('GET', '/api/v1/analytics/export?format=csv');
    expect(all.body).not.toContain(victim.personId);
  });
});
