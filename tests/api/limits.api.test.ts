/**
 * Sane limits and the audit of what leaves the server: dates from 1900 to
 * ten years ahead; reports only for weeks the workspace has lived, and not
 * without end; every export and download in the workspace's log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../../server/app.js';
import { startApi, type RunningApi } from './start-api.js';

describe('dates', () => {
  let api: RunningApi;
  let me: string;
  let other: string;
  beforeAll(async () => {
    api = await startApi();
    me = (await api.call('POST', '/api/v1/people', { name: 'Me', isMe: true })).body.id;
    other = (await api.call('POST', '/api/v1/people', { name: 'Other' })).body.id;
  });
  afterAll(async () => api.close());

  it('refuses a year 0, 1899 or ten years ahead, and takes 1900 and today', async () => {
    const future = `${new Date().getUTCFullYear() + 11}-01-01`;
    for (const occurredAt of ['0001-01-01', '1899-12-31', '9999-12-31T23:59:59Z', future]) {
      const r = await api.call('POST', '/api/v1/interactions', {
        occurredAt,
        channel: 'call',
        participantIds: [me, other],
      });
      expect(r.status, occurredAt).toBe(400);
      expect(r.body.errors[0]).toMatchObject({ path: 'body.occurredAt', message: expect.stringMatching(/1900/) });
    }
    for (const occurredAt of ['1900-01-01', new Date().toISOString()]) {
      const r = await api.call('POST', '/api/v1/interactions', {
        occurredAt,
        channel: 'call',
        participantIds: [me, other],
      });
      expect(r.status, occurredAt).toBe(201);
    }
    const person = await api.call('POST', '/api/v1/people', { name: 'Old', connectedOn: '1066-10-14' });
    expect(person.status).toBe(400);
    expect(person.body.errors[0].path).toBe('body.connectedOn');
  });
});

describe('reports', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({ env: { NURTURE_REPORT_RATE_LIMIT: '4' } });
  });
  afterAll(async () => api.close());

  it('only for weeks the workspace has lived, and only so many at a time', async () => {
    const old = await api.call('POST', '/api/v1/reports', { week: '1970-W02' });
    expect(old.status).toBe(400);
    expect(old.body.detail).toMatch(/1970-W02 is before this workspace began/);
    // A fresh, empty workspace has lived no finished week yet.
    expect((await api.call('POST', '/api/v1/reports', {})).status).toBe(400);
    // History recorded in it counts: its weeks may be reported.
    const me = (await api.call('POST', '/api/v1/people', { name: 'Me', isMe: true })).body.id;
    const p = (await api.call('POST', '/api/v1/people', { name: 'P' })).body.id;
    await api.call('POST', '/api/v1/interactions', {
      occurredAt: '2026-09-30',
      channel: 'call',
      participantIds: [me, p],
    });
    expect((await api.call('POST', '/api/v1/reports', { week: '2026-W40' })).status).toBe(201);
    expect((await api.call('POST', '/api/v1/reports', { week: '2026-W39' })).status).toBe(400);
    const limited = await api.call('POST', '/api/v1/reports', { week: '2026-W41' });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
  });
});

describe('audit of exports and downloads', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => api.close());

  it('writes who took the scores, a mailing list and a report, without the data', async () => {
    const me = (await api.call('POST', '/api/v1/people', { name: 'Me', isMe: true })).body.id;
    const p = (await api.call('POST', '/api/v1/people', { name: 'Pat Person', emails: ['pat@example.com'] })).body.id;
    await api.call('POST', '/api/v1/interactions', {
      occurredAt: '2026-09-30',
      channel: 'call',
      participantIds: [me, p],
    });
    const list = (await api.call('POST', '/api/v1/mailing-lists', { name: 'News' })).body.id;
    expect((await api.call('GET', '/api/v1/analytics/export?format=csv')).status).toBe(200);
    expect((await api.call('GET', `/api/v1/mailing-lists/${list}/export`)).status).toBe(200);
    expect((await api.call('POST', '/api/v1/reports', { week: '2026-W40' })).status).toBe(201);
    expect((await api.call('GET', '/api/v1/reports/2026-W40?format=csv')).status).toBe(200);
    const log = (
      await api.call('GET', `/api/v1/audit?limit=100`, undefined, { 'x-workspace-id': DEFAULT_WORKSPACE_ID })
    ).body.items as { action: string; target: string; meta: Record<string, unknown>; actorUserId: string }[];
    const exports = log.filter((e) => /export|download/.test(e.action));
    expect(exports.map((e) => [e.action, e.target]).reverse()).toEqual([
      ['analytics.export', '/api/v1/analytics/export'],
      ['mailing-list.export', `/api/v1/mailing-lists/${list}/export`],
      ['report.download', '/api/v1/reports/2026-W40'],
    ]);
    expect(exports[0]!.meta).toMatchObject({ format: 'csv' });
    expect(exports.every((e) => e.actorUserId)).toBe(true);
    expect(JSON.stringify(log)).not.toContain('pat@example.com');
  });
});
