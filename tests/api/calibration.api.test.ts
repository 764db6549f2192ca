/**
 * Ratings, calibration and expressed needs over HTTP, on the demo network,
 * computed in the analytics worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CalibrationCandidatesSchema,
  CalibrationSchema,
  PersonInsightSchema,
  RatingSchema,
} from '../../shared/index.js';
import { DEFAULT_WORKSPACE_ID } from '../../server/app.js';
import { loadDemoNetwork } from '../../server/demo/demo-network.js';
import { startApi, type RunningApi } from './start-api.js';

let api: RunningApi;
beforeAll(async () => {
  api = await startApi();
  await loadDemoNetwork(api.store, DEFAULT_WORKSPACE_ID);
});
afterAll(async () => api.close());

/** Waits until the analysis reflects every write so far. */
async function settle(): Promise<void> {
  // Asking for an answer starts the first computation; writes start the next ones.
  await api.call('GET', '/api/v1/analytics/partners?limit=1');
  for (let i = 0; i < 600; i++) {
    const s = await api.call('GET', '/api/v1/analytics/status');
    if (s.body.computedAt && !s.body.stale && !s.body.computing) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the analysis did not settle');
}

const insight = async (id: string) =>
  PersonInsightSchema.parse((await api.call('GET', `/api/v1/analytics/people/${id}`)).body);

describe('ratings', () => {
  it('errors first: an unknown person, a rating that is not one of the five, myself', async () => {
    expect((await api.call('PUT', '/api/v1/people/nobody/rating', { rating: 'close' })).status).toBe(404);
    const bad = await api.call('PUT', '/api/v1/people/nobody/rating', { rating: 'bestie' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('body.rating');
    const me = (await api.call('GET', '/api/v1/me')).body;
    const self = await api.call('PUT', `/api/v1/people/${me.id}/rating`, { rating: 'trusted' });
    expect(self.status).toBe(400);
    expect((await api.call('DELETE', '/api/v1/people/nobody/rating')).status).toBe(404);
  });

  it('holds a rated tie in its stage, "rated by you", with the evidence it stands on', async () => {
    await settle();
    const partners = (await api.call('GET', '/api/v1/analytics/partners?sort=strength&order=asc&limit=1')).body;
    const weakest = partners.items[0];
    const put = await api.call('PUT', `/api/v1/people/${weakest.personId}/rating`, { rating: 'close' });
    expect(put.status).toBe(200);
    expect(RatingSchema.parse(put.body)).toMatchObject({ personId: weakest.personId, rating: 'close' });
    await settle();
    const t = (await insight(weakest.personId)).person.strengthToMe;
    expect(t.rating).toMatchObject({ rating: 'close', min: 50, max: 69.99 });
    expect(t.score).toBeGreaterThanOrEqual(50);
    expect(t.stage).toBe('relationship');
    expect(t.evidence.records).toBeGreaterThanOrEqual(0);
    expect((await api.call('GET', '/api/v1/ratings')).body.map((r: { personId: string }) => r.personId)).toContain(
      weakest.personId,
    );
    expect((await api.call('DELETE', `/api/v1/people/${weakest.personId}/rating`)).status).toBe(204);
    await settle();
    expect((await insight(weakest.personId)).person.strengthToMe.rating).toBeNull();
  });
});

describe('calibration', () => {
  it('picks about 20 people to ask about, spread over the stages, each with a reason', async () => {
    const r = await api.call('GET', '/api/v1/calibration/candidates?limit=20');
    expect(r.status).toBe(200);
    const c = CalibrationCandidatesSchema.parse(r.body);
    expect(c.items).toHaveLength(20);
    expect(new Set(c.items.map((x) => x.personId)).size).toBe(20);
    expect(new Set(c.items.map((x) => x.stage)).size).toBeGreaterThanOrEqual(3);
    for (const x of c.items) expect(x.reason.length).toBeGreaterThan(0);
    expect((await api.call('GET', '/api/v1/calibration/candidates?limit=0')).status).toBe(400);
  });

  it('keeps the defaults below eight ratings, fits from them on, and resets', async () => {
    const before = CalibrationSchema.parse((await api.call('GET', '/api/v1/calibration')).body);
    expect(before).toMatchObject({ inForce: 'defaults', minRatings: 8, fitted: null, reference: { strongWeak: 0.85 } });
    expect(before.weights).toEqual(before.defaults);
    // Rate the candidates as the score already places them, one stage lower for the strongest: a judgement to fit.
    const candidates = CalibrationCandidatesSchema.parse(
      (await api.call('GET', '/api/v1/calibration/candidates?limit=20')).body,
    ).items;
    const RATING = {
      stranger: 'distant',
      acquaintance: 'acquaintance',
      contact: 'friendly',
      relationship: 'close',
      trusted: 'trusted',
    } as const;
    for (const c of candidates)
      await api.call('PUT', `/api/v1/people/${c.personId}/rating`, { rating: RATING[c.stage] });
    await settle();
    const fitted = await api.call('POST', '/api/v1/calibration/fit');
    expect(fitted.status).toBe(200);
    const c = CalibrationSchema.parse(fitted.body);
    expect(c.ratings).toBe(20);
    expect(c.fitted).not.toBeNull();
    expect(Object.values(c.fitted!).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
    expect(c.agreement.folds).toBe(5);
    expect(c.agreement.defaults.strongWeak).not.toBeNull();
    expect(c.fittedAt).not.toBeNull();
    expect(c.why.length).toBeGreaterThan(0);
    const status = CalibrationSchema.parse((await api.call('GET', '/api/v1/calibration')).body);
    expect(status.inForce).toBe(c.inForce);
    const reset = CalibrationSchema.parse((await api.call('DELETE', '/api/v1/calibration')).body);
    expect(reset).toMatchObject({ inForce: 'defaults', fittedAt: null, ratings: 20 });
    expect(reset.weights).toEqual(reset.defaults);
  });
});

describe('expressed needs', () => {
  it('records a need with a day and a note, lists and deletes it; it stops "do not pitch yet"', async () => {
    expect(
      (await api.call('POST', '/api/v1/needs', { personId: 'nobody', expressedOn: '2026-01-01', note: 'x' })).status,
    ).toBe(404);
    const bad = await api.call('POST', '/api/v1/needs', { personId: 'x', expressedOn: 'soon', note: '' });
    expect(bad.status).toBe(400);
    await settle();
    const advice = (await api.call('GET', '/api/v1/analytics/recommendations?kind=do_not_pitch_yet&limit=500')).body;
    const someone = advice.items[0]?.personId as string | undefined;
    expect(someone, 'the demo has someone not to pitch yet').toBeDefined();
    const created = await api.call('POST', '/api/v1/needs', {
      personId: someone,
      expressedOn: new Date().toISOString().slice(0, 10),
      note: 'looking for a bookkeeper',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ personId: someone, note: 'looking for a bookkeeper' });
    const listed = await api.call('GET', `/api/v1/needs?personId=${someone}`);
    expect(listed.body.items.map((n: { id: string }) => n.id)).toEqual([created.body.id]);
    await settle();
    const after = (await api.call('GET', '/api/v1/analytics/recommendations?kind=do_not_pitch_yet&limit=500')).body;
    expect(after.items.map((r: { personId: string }) => r.personId)).not.toContain(someone);
    expect((await api.call('DELETE', `/api/v1/needs/${created.body.id}`)).status).toBe(204);
    expect((await api.call('DELETE', `/api/v1/needs/${created.body.id}`)).status).toBe(404);
  });
});
