/**
 * "You" is the signed-in member: a member's own person is made from their
 * name on first use, what they log with one other person is between that
 * person and them, and the analysis they see is from their point of view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../../server/app.js';
import { startApi, type RunningApi } from './start-api.js';

let api: RunningApi;
let mia: string;
const as = (token: string) => ({ authorization: `Bearer ${token}`, 'x-workspace-id': DEFAULT_WORKSPACE_ID });
beforeAll(async () => {
  api = await startApi();
  const user = await api.built.deps.auth.createUser({
    email: 'mia@example.com',
    name: 'Mia Member',
    password: 'a-long-password',
    workspaceId: DEFAULT_WORKSPACE_ID,
    role: 'member',
  });
  mia = (await api.built.deps.auth.createApiToken(user.id, 't')).token;
});
afterAll(async () => api?.close());

describe('you are the signed-in member', () => {
  it("makes a member's own person once, from their name, and links it", async () => {
    const owner = (await api.call('POST', '/api/v1/people', { name: 'Sam Owner', isMe: true })).body;
    expect((await api.call('GET', '/api/v1/me')).body.id).toBe(owner.id);
    const first = await api.call('GET', '/api/v1/me', undefined, as(mia));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ name: 'Mia Member', isMe: false, source: 'member' });
    expect((await api.call('GET', '/api/v1/me', undefined, as(mia))).body.id).toBe(first.body.id);
    const members = (await api.call('GET', '/api/v1/workspace/members')).body as {
      user: { name: string };
      personId: string;
    }[];
    expect(members.find((m) => m.user.name === 'Mia Member')!.personId).toBe(first.body.id);
  });

  it('logs what a member did as theirs, and analyses the network from their point of view', async () => {
    const miaPerson = (await api.call('GET', '/api/v1/me', undefined, as(mia))).body;
    const owner = (await api.call('GET', '/api/v1/me')).body;
    const gina = (await api.call('POST', '/api/v1/people', { name: 'Gina' })).body;
    const now = Date.now();
    for (let d = 3; d < 300; d += 15) {
      const r = await api.call(
        'POST',
        '/api/v1/interactions',
        {
          occurredAt: new Date(now - d * 86_400_000).toISOString(),
          channel: 'in_person',
          participantIds: [gina.id],
          initiatorId: miaPerson.id,
        },
        as(mia),
      );
      expect(r.status).toBe(201);
      expect(r.body.participantIds.sort()).toEqual([miaPerson.id, gina.id].sort());
    }
    const theirs = (await api.call('GET', '/api/v1/analytics/graph', undefined, as(mia))).body;
    expect(theirs.people.id[theirs.meIndex]).toBe(miaPerson.id);
    const ginaRow = theirs.people.id.indexOf(gina.id);
    expect(theirs.people.strength[ginaRow]).toBeGreaterThan(30);
    const mine = (await api.call('GET', '/api/v1/analytics/graph')).body;
    expect(mine.people.id[mine.meIndex]).toBe(owner.id);
    expect(mine.people.strength[mine.people.id.indexOf(gina.id)]).toBeLessThan(theirs.people.strength[ginaRow]);
    // Advice is theirs too: Gina's card on Mia's board is about Mia's tie.
    const insight = (await api.call('GET', `/api/v1/analytics/people/${gina.id}`, undefined, as(mia))).body;
    expect(insight.person.strengthToMe.score).toBeCloseTo(theirs.people.strength[ginaRow], 6);
  });
});
