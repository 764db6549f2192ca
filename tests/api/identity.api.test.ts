/**
 * Identity over HTTP: a person created with a URL or email on file is refused (409, naming them);
 * duplicates are listed with their evidence, merged (keep one), dismissed ("not the same") and
 * unmerged; a merged id still leads to the kept person; merges are in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuplicateList, MergeRecordSchema } from '../../shared/index.js';
import { startApi, type RunningApi } from './start-api.js';

let api: RunningApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api.close());

const post = (path: string, body: unknown) => api.call('POST', `/api/v1${path}`, body);

describe('identity over the API', () => {
  it('refuses to create a second person with a profile URL or an email on file, naming the first', async () => {
    const ann = (
      await post('/people', { name: 'Ann', emails: ['ann@x.io'], linkedinUrl: 'https://linkedin.com/in/ann' })
    ).body;
    const byUrl = await post('/people', { name: 'Someone', linkedinUrl: 'https://www.linkedin.com/in/ANN/' });
    expect(byUrl.status).toBe(409);
    expect(byUrl.body).toMatchObject({ code: 'CONFLICT', errors: [{ path: 'body.linkedinUrl' }] });
    expect(byUrl.body.detail).toContain(ann.id);
    const byEmail = await post('/people', { name: 'Other', emails: ['new@x.io', 'ANN@x.io'] });
    expect(byEmail.status).toBe(409);
    expect(byEmail.body).toMatchObject({ errors: [{ path: 'body.emails.1' }] });
    // A name alone never refuses: two people may share one.
    expect((await post('/people', { name: 'Ann' })).status).toBe(201);
  });

  it('lists duplicates with evidence, merges, resolves the merged id, dismisses, and undoes', async () => {
    const a = (await post('/people', { name: 'Bob Stone', company: 'Beta', emails: ['bob@beta.io'] })).body;
    const b = (
      await post('/people', { name: 'bob  stone', company: 'BETA', linkedinUrl: 'https://linkedin.com/in/bob' })
    ).body;
    const c = (await post('/people', { name: 'Bobby Stone', company: 'Beta' })).body;
    await post('/interactions', { occurredAt: '2026-01-01', channel: 'call', participantIds: [a.id, c.id] });

    const list = DuplicateList.parse((await api.call('GET', '/api/v1/duplicates')).body);
    const pair = (x: string, y: string) =>
      list.items.find((p) => (p.a.id === x && p.b.id === y) || (p.a.id === y && p.b.id === x));
    expect(pair(a.id, b.id)).toMatchObject({ evidence: ['sameNameAndCompany'] });
    expect(pair(b.id, c.id)!.evidence).toEqual(['similarName']);

    expect((await post('/duplicates/dismiss', { aId: c.id, bId: a.id })).status).toBe(204);
    expect((await post('/duplicates/dismiss', { aId: c.id, bId: c.id })).status).toBe(400);
    const after = DuplicateList.parse((await api.call('GET', '/api/v1/duplicates')).body);
    expect(after.items.some((p) => [p.a.id, p.b.id].sort().join() === [a.id, c.id].sort().join())).toBe(false);

    expect((await post('/merges', { keepId: a.id, mergeId: a.id })).status).toBe(400);
    const merged = await post('/merges', { keepId: a.id, mergeId: b.id });
    expect(merged.status).toBe(201);
    const m = MergeRecordSchema.parse(merged.body);
    expect(m).toMatchObject({ keepId: a.id, mergedId: b.id, mergedName: 'bob  stone' });
    const kept = (await api.call('GET', `/api/v1/people/${b.id}`)).body;
    expect(kept).toMatchObject({ id: a.id, linkedinUrl: 'https://linkedin.com/in/bob', emails: ['bob@beta.io'] });
    const audit = (await api.call('GET', '/api/v1/audit')).body.items as { action: string; meta: { merge?: string } }[];
    expect(audit.find((e) => e.action === 'person.merge')?.meta.merge).toBe(m.id);

    const undone = await post(`/merges/${m.id}/undo`, {});
    expect(undone.status).toBe(200);
    expect((await api.call('GET', `/api/v1/people/${b.id}`)).body).toMatchObject({ id: b.id, name: 'bob  stone' });
    expect((await post(`/merges/${m.id}/undo`, {})).status).toBe(409);
    expect((await api.call('GET', '/api/v1/merges')).body.items[0]).toMatchObject({
      id: m.id,
      undoneAt: expect.any(String),
    });
  });
});
