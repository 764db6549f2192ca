/**
 * A team workspace combines members' networks: "who in our firm knows
 * someone at X", while each member's private notes stay theirs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WhoKnowsAnswerSchema } from '../../shared/index.js';
import { DEFAULT_WORKSPACE_ID } from '../../server/app.js';
import { startApi, type RunningApi } from './start-api.js';

let api: RunningApi;
let memberToken: string;
beforeAll(async () => {
  api = await startApi();
  const mia = await api.built.deps.auth.createUser({
    email: 'mia@example.com',
    name: 'Mia Member',
    password: 'a-long-password',
    workspaceId: DEFAULT_WORKSPACE_ID,
    role: 'member',
  });
  memberToken = (await api.built.deps.auth.createApiToken(mia.id, 't')).token;
});
afterAll(async () => api.close());

describe('team workspace', () => {
  it('answers who knows someone at an organisation, through any member', async () => {
    const me = (await api.call('POST', '/api/v1/people', { name: 'Sam Owner', isMe: true })).body;
    const miaPerson = (await api.call('POST', '/api/v1/people', { name: 'Mia Member' })).body;
    const users = (await api.call('GET', '/api/v1/workspace/members')).body as { user: { id: string; name: string } }[];
    const miaUser = users.find((m) => m.user.name === 'Mia Member')!.user;
    expect(
      (await api.call('PATCH', `/api/v1/workspace/members/${miaUser.id}`, { personId: miaPerson.id })).status,
    ).toBe(200);
    const globex = (await api.call('POST', '/api/v1/organizations', { name: 'Globex' })).body;
    const gina = (await api.call('POST', '/api/v1/people', { name: 'Gina at Globex', organizationId: globex.id })).body;
    const now = Date.now();
    for (let d = 5; d < 400; d += 20) {
      await api.call(
        'POST',
        '/api/v1/interactions',
        {
          occurredAt: new Date(now - d * 86_400_000).toISOString(),
          channel: 'in_person',
          participantIds: [miaPerson.id, gina.id],
          initiatorId: d % 40 ? gina.id : miaPerson.id,
        },
        { authorization: `Bearer ${memberToken}` },
      );
    }
    await api.call('POST', '/api/v1/interactions', {
      occurredAt: new Date(now - 3 * 86_400_000).toISOString(),
      channel: 'call',
      participantIds: [miaPerson.id],
    });

    const r = await api.call('GET', `/api/v1/analytics/who-knows?organizationId=${globex.id}`);
    expect(r.status).toBe(200);
    const answer = WhoKnowsAnswerSchema.parse(r.body);
    expect(answer.ties[0]).toMatchObject({
      memberName: 'Mia Member',
      memberPersonId: miaPerson.id,
      personId: gina.id,
      name: 'Gina at Globex',
    });
    expect(answer.ties[0]!.score).toBeGreaterThan(30);
    // The owner never met Gina: no tie of theirs is listed.
    expect(answer.ties.some((t) => t.memberPersonId === me.id)).toBe(false);
    expect((await api.call('GET', '/api/v1/analytics/who-knows?organizationId=nope')).status).toBe(404);
  });
});
