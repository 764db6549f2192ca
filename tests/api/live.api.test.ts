/**
 * Live updates over server-sent events: a write to the workspace reaches an
 * open stream at once as "change", the recomputed scores as "analysis"; a
 * write to another workspace does not; the stream needs a signed-in reader.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../../server/app.js';
import { startApi, type RunningApi } from './start-api.js';

let api: RunningApi;
let me: string;
let pat: string;
beforeAll(async () => {
  api = await startApi();
  me = (await api.store.people.create(DEFAULT_WORKSPACE_ID, { name: 'Me', isMe: true })).id;
  pat = (await api.store.people.create(DEFAULT_WORKSPACE_ID, { name: 'Pat' })).id;
});
afterAll(async () => api?.close());

/** Reads events from an open stream until `until` says stop; returns them as [event, data]. */
async function collect(res: Response, until: (events: [string, any][]) => boolean): Promise<[string, any][]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: [string, any][] = [];
  let buffer = '';
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (event) events.push([event, data ? JSON.parse(data) : null]);
      end = buffer.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return events;
}

describe('live updates', () => {
  it('needs a signed-in reader', async () => {
    const r = await api.call('GET', '/api/v1/events?once=true', undefined, { anonymous: '1' });
    expect(r.status).toBe(401);
  });

  it('pushes each write as "change" and the new scores as "analysis"', async () => {
    await api.call('GET', '/api/v1/analytics/status');
    await api.call('GET', '/api/v1/analytics/partners'); // a first analysis, so writes recompute it
    const controller = new AbortController();
    const res = await fetch(`${api.base}/api/v1/events`, {
      headers: { authorization: `Bearer ${api.token}` },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const seen = collect(res, (e) => e.some(([k]) => k === 'analysis'));
    // Another workspace's write is not ours to hear about.
    const other = await api.store.createWorkspace({ name: 'Other' });
    api.built.deps.feed.publish(other.id, 'person');
    const w = await api.call('POST', '/api/v1/interactions', {
      occurredAt: new Date().toISOString(),
      channel: 'call',
      participantIds: [pat],
      initiatorId: me,
    });
    expect(w.status).toBe(201);
    const events = await seen;
    controller.abort();
    expect(events[0]![0]).toBe('ready');
    expect(events.filter(([k]) => k === 'change').map(([, d]) => d.what)).toEqual(['interaction']);
    expect(events.find(([k]) => k === 'analysis')![1].computedAt).toMatch(/^\d{4}-/);
  });
});
