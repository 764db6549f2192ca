import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemSchema } from '../../shared/index.js';
import { startApi, type RunningApi } from './start-api.js';

let api: RunningApi;
beforeAll(async () => {
  api = await startApi({ env: { NURTURE_BODY_LIMIT: '20kb' } });
});
afterAll(async () => api.close());

function expectProblem(r: { status: number; body: any; headers: Headers }, status: number, code: string): void {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(ProblemSchema.parse(r.body)).toMatchObject({ status, code });
  expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
}

describe('bad input', () => {
  it('rejects malformed JSON with 400 BAD_JSON', async () => {
    const r = await api.call('POST', '/api/v1/people', '{"name": "Ada",');
    expectProblem(r, 400, 'BAD_JSON');
  });
  it('rejects wrong types, naming each field path', async () => {
    const r = await api.call('POST', '/api/v1/people', { name: 42, emails: ['not-an-email'], tags: 'x' });
    expectProblem(r, 400, 'VALIDATION');
    const paths = r.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.emails.0', 'body.tags']));
  });
  it('rejects unknown fields', async () => {
    const r = await api.call('POST', '/api/v1/people', { name: 'Ada', favouriteColour: 'green' });
    expectProblem(r, 400, 'VALIDATION');
    expect(r.body.detail).toContain('favouriteColour');
  });
  it('rejects a missing body and a body that is not an object', async () => {
    expectProblem(await api.call('POST', '/api/v1/people', undefined), 400, 'VALIDATION');
    expectProblem(await api.call('POST', '/api/v1/people', '[1,2]'), 400, 'VALIDATION');
  });
  it('rejects bad and unknown query parameters', async () => {
    const r = await api.call('GET', '/api/v1/people?limit=0&sort=shoeSize');
    expectProblem(r, 400, 'VALIDATION');
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.limit', 'query.sort']);
    const u = await api.call('GET', '/api/v1/people?colour=green');
    expectProblem(u, 400, 'VALIDATION');
    expect(u.body.detail).toContain('colour');
    expectProblem(await api.call('GET', '/api/v1/people?tag=a&tag=b'), 400, 'VALIDATION');
  });
  it('answers 404 for unknown ids, malformed ids and unknown routes', async () => {
    expectProblem(await api.call('GET', '/api/v1/people/does-not-exist'), 404, 'NOT_FOUND');
    expectProblem(await api.call('PATCH', '/api/v1/people/does-not-exist', { name: 'x' }), 404, 'NOT_FOUND');
    expectProblem(await api.call('DELETE', '/api/v1/interactions/does-not-exist'), 404, 'NOT_FOUND');
    expectProblem(await api.call('GET', '/api/v1/people/bad%20id'), 400, 'VALIDATION');
    expectProblem(await api.call('GET', '/api/v1/nothing-here'), 404, 'NOT_FOUND');
    expectProblem(await api.call('GET', '/api/v2/people'), 404, 'NOT_FOUND');
  });
  it('answers 404 for an id that exists only in another workspace', async () => {
    const other = await api.store.createWorkspace({ name: 'someone else' });
    const secret = await api.store.people.create(other.id, { name: 'Their contact' });
    const r = await api.call('GET', `/api/v1/people/${secret.id}`);
    expectProblem(r, 404, 'NOT_FOUND');
    expect(JSON.stringify(r.body)).not.toContain('Their contact');
    expectProblem(await api.call('PATCH', `/api/v1/people/${secret.id}`, { name: 'hijack' }), 404, 'NOT_FOUND');
    expectProblem(await api.call('DELETE', `/api/v1/people/${secret.id}`), 404, 'NOT_FOUND');
    expect((await api.store.people.get(other.id, secret.id))!.name).toBe('Their contact');
  });
  it('lets a plain link name the workspace as ?workspace= on GET only, with the same checks as the header', async () => {
    expect((await api.call('GET', '/api/v1/people?workspace=default')).status).toBe(200);
    const other = await api.store.createWorkspace({ name: 'not mine' });
    expectProblem(await api.call('GET', `/api/v1/people?workspace=${other.id}`), 404, 'NOT_FOUND');
    // Not for writes: a POST ignores it and stays in the caller's workspace.
    const made = await api.call('POST', `/api/v1/people?workspace=${other.id}`, { name: 'Query write' });
    expect(made.status).toBe(201);
    expect(await api.store.people.get(other.id, made.body.id)).toBeNull();
  });
  it('answers 413 over the body limit and writes nothing', async () => {
    const r = await api.call('POST', '/api/v1/people', { name: 'Big', notes: 'x'.repeat(30_000) });
    expectProblem(r, 413, 'PAYLOAD_TOO_LARGE');
    const list = await api.call('GET', '/api/v1/people?q=Big');
    expect(list.body.total).toBe(0);
  });
  it('answers 415 for a body that is not JSON', async () => {
    const r = await api.call('POST', '/api/v1/people', 'name=Ada', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expectProblem(r, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
  it('answers 409 for a conflict', async () => {
    const url = 'https://www.linkedin.com/in/conflict-test';
    expect((await api.call('POST', '/api/v1/people', { name: 'One', linkedinUrl: url })).status).toBe(201);
    expectProblem(await api.call('POST', '/api/v1/people', { name: 'Two', linkedinUrl: url }), 409, 'CONFLICT');
  });
  it('answers 400 naming the field for a reference to a record that does not exist', async () => {
    const r = await api.call('POST', '/api/v1/ties', { aId: 'nobody-1', bId: 'nobody-2' });
    expectProblem(r, 400, 'VALIDATION');
    expect(r.body.errors[0].path).toBe('aId');
  });
});

describe('health and the API document', () => {
  it('reports the store in use and that it is reachable', async () => {
    const r = await api.call('GET', '/api/v1/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', store: 'sqlite', reachable: true });
  });
  it('serves an OpenAPI 3.1 document that lists every route with its schemas', async () => {
    const r = await api.call('GET', '/api/v1/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    for (const spec of api.built.routes) {
      const path = `/api/v1${spec.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(r.body.paths[path]?.[spec.method], `${spec.method} ${path}`).toBeDefined();
    }
    const createPerson = r.body.paths['/api/v1/people'].post;
    expect(createPerson.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/PersonCreate',
    });
    expect(createPerson.responses['201'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Person',
    });
    expect(r.body.components.schemas.PersonCreate.required).toEqual(['name']);
    expect(r.body.components.schemas.PersonCreate.additionalProperties).toBe(false);
    const limit = r.body.paths['/api/v1/people'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 500 });
    // Every $ref points at a component that exists.
    const refs = JSON.stringify(r.body).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of new Set(refs)) expect(r.body.components.schemas[ref.split('/').pop()!], ref).toBeDefined();
  });
});

describe('CRUD through HTTP', () => {
  it('creates, reads, lists, patches and deletes every kind of record', async () => {
    const me = (await api.call('POST', '/api/v1/people', { name: 'Me Myself', isMe: true })).body;
    expect((await api.call('GET', '/api/v1/me')).body.id).toBe(me.id);
    const a = await api.call('POST', '/api/v1/people', { name: 'Ann Partner', company: 'Acme', tags: ['accountant'] });
    expect(a.status).toBe(201);
    expect(a.headers.get('location')).toBe(`/api/v1/people/${a.body.id}`);
    const b = (await api.call('POST', '/api/v1/people', { name: 'Bo Prospect' })).body;
    const list = (await api.call('POST', '/api/v1/mailing-lists', { name: 'Monthly notes' })).body;
    const org = (await api.call('POST', '/api/v1/organizations', { name: 'Acme', domain: 'ACME.example' })).body;
    expect(org.domain).toBe('acme.example');

    const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
      ['organizations', { name: 'Globex' }, { notes: 'big' }],
      ['ties', { aId: me.id, bId: a.body.id, kind: 'linkedin', since: '2021-03-01' }, { kind: 'knows' }],
      [
        'interactions',
        {
          occurredAt: '2026-11-20T09:00:00+01:00',
          channel: 'in_person',
          participantIds: [a.body.id],
          initiatorId: a.body.id,
          note: 'breakfast',
        },
        { channel: 'video' },
      ],
      ['introductions', { introducerId: a.body.id, aId: me.id, bId: b.id, date: '2026-11-21' }, { outcome: 'met' }],
      [
        'referrals',
        {
          referrerId: a.body.id,
          recipientId: me.id,
          prospectId: b.id,
          date: '2026-11-22',
          value: 2500,
          currency: 'EUR',
        },
        { status: 'won' },
      ],
      ['pitches', { personId: b.id, date: '2026-11-23', offer: 'bookkeeping package' }, { needExpressed: true }],
      ['subscriptions', { listId: list.id, personId: b.id, subscribedAt: '2026-11-24' }, { status: 'unsubscribed' }],
      [
        'consents',
        {
          personId: b.id,
          listId: list.id,
          status: 'granted',
          date: '2026-11-24',
          evidence: 'asked at the chamber breakfast',
        },
        { status: 'withdrawn' },
      ],
      ['mailing-lists', { name: 'Second list' }, { description: 'rare' }],
    ];
    for (const [path, create, patch] of cases) {
      const c = await api.call('POST', `/api/v1/${path}`, create);
      expect(c.status, `${path}: ${JSON.stringify(c.body)}`).toBe(201);
      const id = c.body.id as string;
      const g = await api.call('GET', `/api/v1/${path}/${id}`);
      // A pitch or subscription is answered with the mistake detector's warnings besides the record.
      const { warnings: _w, ...record } = c.body as Record<string, unknown>;
      expect(g.body, path).toEqual(record);
      const l = await api.call('GET', `/api/v1/${path}?limit=100`);
      expect(
        l.body.items.map((x: { id: string }) => x.id),
        path,
      ).toContain(id);
      const p = await api.call('PATCH', `/api/v1/${path}/${id}`, patch);
      expect(p.status, path).toBe(200);
      expect(p.body, path).toMatchObject(patch);
      const d = await api.call('DELETE', `/api/v1/${path}/${id}`);
      expect(d.status, path).toBe(204);
      expect((await api.call('GET', `/api/v1/${path}/${id}`)).status, path).toBe(404);
    }
  });

  it('logs an interaction with one person as between them and me, and a pitch as made by me', async () => {
    const me = (await api.call('GET', '/api/v1/me')).body;
    const c = (await api.call('POST', '/api/v1/people', { name: 'Cy Client' })).body;
    const i = await api.call('POST', '/api/v1/interactions', {
      occurredAt: '2026-11-25',
      channel: 'call',
      participantIds: [c.id],
    });
    expect(i.body.participantIds).toEqual([me.id, c.id]);
    const p = await api.call('POST', '/api/v1/pitches', {
      personId: c.id,
      date: '2026-11-25',
      kind: 'referral_request',
    });
    expect(p.body.pitcherId).toBe(me.id);
  });

  it('pages and filters lists through the query string', async () => {
    for (const n of ['Paging A', 'Paging B', 'Paging C'])
      await api.call('POST', '/api/v1/people', { name: n, tags: ['paging'] });
    const page = await api.call('GET', '/api/v1/people?tag=paging&limit=2&offset=1&sort=name&order=desc');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 1 });
    expect(page.body.items.map((p: { name: string }) => p.name)).toEqual(['Paging B', 'Paging A']);
  });

  it('serves the ego network of a person', async () => {
    const me = (await api.call('GET', '/api/v1/me')).body;
    const d = (await api.call('POST', '/api/v1/people', { name: 'Di Neighbour' })).body;
    await api.call('POST', '/api/v1/interactions', {
      occurredAt: '2026-11-26',
      channel: 'video',
      participantIds: [d.id],
    });
    const full = await api.call('GET', `/api/v1/people/${me.id}/ego?depth=1`);
    expect(full.body.people.map((p: { name: string }) => p.name)).toEqual(['Cy Client', 'Di Neighbour']);
    expect(full.body.capped).toBe(false);
    const r = await api.call('GET', `/api/v1/people/${me.id}/ego?depth=2&limit=1`);
    expect(r.status).toBe(200);
    expect(r.body.center.id).toBe(me.id);
    expect(r.body.people).toHaveLength(1);
    expect(r.body.capped).toBe(true);
    expectProblem(await api.call('GET', `/api/v1/people/${me.id}/ego?depth=3`), 400, 'VALIDATION');
  });

  it('stores hostile text verbatim and returns it as data', async () => {
    const hostile = `<img src=x onerror=alert(1)> '); DROP TABLE people; -- MATCH (n) DETACH DELETE n //`;
    const c = await api.call('POST', '/api/v1/people', { name: hostile, notes: hostile });
    expect(c.status).toBe(201);
    expect((await api.call('GET', `/api/v1/people/${c.body.id}`)).body.name).toBe(hostile);
    expect((await api.call('GET', '/api/v1/people?limit=1')).status).toBe(200);
  });
});
