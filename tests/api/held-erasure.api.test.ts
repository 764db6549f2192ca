/**
 * Deleting a person with an undo, over HTTP (issue 15 "correct anything", issue 16 "complete
 * erasure"): POST /erasures erases them at once and answers with an undo handle; undo within
 * the window puts them back; "finish now" and the sweeper (when the time is up, and at start)
 * finish the erasure; everything audited; viewers refused; bad input named.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../../server/app.js';
import { sweepErasures } from '../../server/privacy/erasure-sweeper.js';
import { privacyService } from '../../server/privacy/privacy.service.js';
import { ErasureUndoneSchema, HeldErasureSchema } from '../../shared/index.js';
import { startApi, type RunningApi } from './start-api.js';

let api: RunningApi;
let viewer: string;
beforeAll(async () => {
  api = await startApi({ env: { NURTURE_ERASURE_UNDO_MINUTES: '7' } });
  const v = await api.built.deps.auth.createUser({
    email: 'vera@example.com',
    name: 'Vera Viewer',
    password: 'a-long-password-for-vera',
    workspaceId: DEFAULT_WORKSPACE_ID,
    role: 'viewer',
  });
  viewer = (await api.built.deps.auth.createApiToken(v.id, 't')).token;
});
afterAll(async () => api.close());

const person = async (name: string) => (await api.call('POST', '/api/v1/people', { name })).body as { id: string };
const audit = async () =>
  ((await api.call('GET', '/api/v1/audit?limit=200')).body as { items: { action: string; target: string | null }[] })
    .items;

describe('deleting a person with an undo', () => {
  it('refuses bad input, unknown people and erasures, and viewers, naming what is wrong', async () => {
    const bad = await api.call('POST', '/api/v1/erasures', { personId: 'not an id' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('personId');
    expect((await api.call('POST', '/api/v1/erasures', { personId: crypto.randomUUID() })).status).toBe(404);
    expect((await api.call('POST', `/api/v1/erasures/${crypto.randomUUID()}/undo`)).status).toBe(404);
    expect((await api.call('POST', `/api/v1/erasures/${crypto.randomUUID()}/finish`)).status).toBe(404);
    const kim = await person('Kim Viewer-Proof');
    const asViewer = { authorization: `Bearer ${viewer}` };
    expect((await api.call('POST', '/api/v1/erasures', { personId: kim.id }, asViewer)).status).toBe(403);
    expect((await api.call('GET', '/api/v1/erasures', undefined, asViewer)).status).toBe(403);
    expect((await api.call('GET', `/api/v1/people/${kim.id}`)).status).toBe(200);
  });

  it('erases at once with an undo handle; undo puts them back with their records; audited', async () => {
    const me = await person('Owner Self');
    const ann = await person('Ann Undo');
    const met = await api.call('POST', '/api/v1/interactions', {
      occurredAt: '2026-01-05T10:00:00Z',
      channel: 'in_person',
      participantIds: [me.id, ann.id],
    });
    expect(met.status).toBe(201);

    const r = await api.call('POST', '/api/v1/erasures', { personId: ann.id });
    expect(r.status).toBe(201);
    const held = HeldErasureSchema.parse(r.body);
    expect(held).toMatchObject({ personId: ann.id, name: 'Ann Undo' });
    // The window is the configured one (7 minutes here).
    expect(Date.parse(held.dueAt) - Date.parse(held.heldAt)).toBeGreaterThan(6.9 * 60_000);
    expect(Date.parse(held.dueAt) - Date.parse(held.heldAt)).toBeLessThan(7.1 * 60_000);

    // Invisible everywhere meanwhile.
    expect((await api.call('GET', `/api/v1/people/${ann.id}`)).status).toBe(404);
    expect((await api.call('GET', `/api/v1/interactions/${met.body.id}`)).status).toBe(404);
    const list = (await api.call('GET', '/api/v1/people?limit=200')).body as { items: { id: string }[] };
    expect(list.items.map((p) => p.id)).not.toContain(ann.id);
    expect((await api.call('GET', '/api/v1/erasures')).body).toEqual([held]);

    const undone = await api.call('POST', `/api/v1/erasures/${held.id}/undo`);
    expect(undone.status).toBe(200);
    expect(ErasureUndoneSchema.parse(undone.body)).toMatchObject({
      person: { id: ann.id, name: 'Ann Undo' },
      leftOut: {},
    });
    expect((await api.call('GET', `/api/v1/people/${ann.id}`)).body).toMatchObject({ name: 'Ann Undo' });
    expect((await api.call('GET', `/api/v1/interactions/${met.body.id}`)).body).toMatchObject({
      participantIds: [me.id, ann.id],
    });
    expect((await api.call('GET', '/api/v1/erasures')).body).toEqual([]);
    // Undone once: nothing left to undo or finish.
    expect((await api.call('POST', `/api/v1/erasures/${held.id}/undo`)).status).toBe(404);
    expect((await api.call('POST', `/api/v1/erasures/${held.id}/finish`)).status).toBe(404);

    const actions = (await audit()).filter((a) => a.target === `person:${ann.id}`).map((a) => a.action);
    expect(actions.sort()).toEqual(['erase.held', 'erase.undone']);
  });

  it('finishes now on request: no undo after, the erasure audited', async () => {
    const bo = await person('Bo Finish');
    const held = HeldErasureSchema.parse((await api.call('POST', '/api/v1/erasures', { personId: bo.id })).body);
    expect((await api.call('POST', `/api/v1/erasures/${held.id}/finish`)).status).toBe(204);
    expect((await api.call('POST', `/api/v1/erasures/${held.id}/undo`)).status).toBe(404);
    expect((await api.call('GET', `/api/v1/people/${bo.id}`)).status).toBe(404);
    expect((await api.call('GET', '/api/v1/erasures')).body).toEqual([]);
    const actions = (await audit()).filter((a) => a.target === `person:${bo.id}`).map((a) => a.action);
    expect(actions.sort()).toEqual(['erase', 'erase.held']);
  });

  it('the sweeper finishes those whose time is up, and only those', async () => {
    const cy = await person('Cy Due');
    const dee = await person('Dee Not Yet');
    const heldCy = HeldErasureSchema.parse((await api.call('POST', '/api/v1/erasures', { personId: cy.id })).body);
    const heldDee = HeldErasureSchema.parse((await api.call('POST', '/api/v1/erasures', { personId: dee.id })).body);
    // A minute on, nothing is due: the first tick (at start) finishes nothing.
    let clock = Date.parse(heldCy.heldAt) + 60_000;
    const privacy = privacyService(api.store, api.built.deps.feed, { now: () => clock });
    const sweeper = sweepErasures(privacy, pino({ level: 'silent' }), { everyMs: 3_600_000 });
    try {
      expect(await sweeper.tick()).toBe(0);
      expect(((await api.call('GET', '/api/v1/erasures')).body as unknown[]).length).toBe(2);
      // Once the seven minutes are up, the next tick finishes both.
      clock = Math.max(Date.parse(heldCy.dueAt), Date.parse(heldDee.dueAt)) + 1;
      expect(await sweeper.tick()).toBe(2);
      expect((await api.call('GET', '/api/v1/erasures')).body).toEqual([]);
      expect((await api.call('POST', `/api/v1/erasures/${heldCy.id}/undo`)).status).toBe(404);
      expect((await api.call('GET', `/api/v1/people/${dee.id}`)).status).toBe(404);
      expect(await sweeper.tick()).toBe(0);
      const erased = (await audit()).filter((a) => a.action === 'erase').map((a) => a.target);
      expect(erased).toEqual(expect.arrayContaining([`person:${cy.id}`, `person:${dee.id}`]));
    } finally {
      sweeper.stop();
    }
  });
});
