/**
 * Warn before the mistake: a pitch, an ask or a subscription the mistake
 * detector would flag answers with one warning per act, in words, both as a
 * dry check (nothing written) and in the create answer; dates in the future
 * are refused with the reason, except a planned meeting's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PitchCreatedSchema, SubscriptionCreatedSchema, WarningsAnswerSchema } from '../../shared/index.js';
import { DEFAULT_WORKSPACE_ID } from '../../server/app.js';
import { startApi, type RunningApi } from './start-api.js';

const ws = DEFAULT_WORKSPACE_ID;
const DAY = 86_400_000;
const dayAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);
let api: RunningApi;
let me: string;
let zoe: string;
let pat: string;
let list: string;

beforeAll(async () => {
  api = await startApi();
  await api.built.deps.readiness.ensure();
  me = (await api.store.people.create(ws, { name: 'Sam Rivera', isMe: true, source: 'manual' })).id;
  zoe = (await api.store.people.create(ws, { name: 'Zoë Petrov', source: 'manual' })).id;
  pat = (await api.store.people.create(ws, { name: 'Pat Long', source: 'manual' })).id;
  await api.store.interactions.create(ws, {
    occurredAt: dayAgo(240),
    channel: 'in_person',
    participantIds: [me, zoe],
    initiatorId: me,
    source: 'manual',
  });
  for (let k = 0; k < 30; k++)
    await api.store.interactions.create(ws, {
      occurredAt: dayAgo(3 + 25 * k),
      channel: 'in_person',
      participantIds: [me, pat],
      initiatorId: k % 2 ? me : pat,
      source: 'manual',
    });
  list = (await api.store.mailingLists.create(ws, { name: 'Newsletter' })).id;
  await api.store.consents.create(ws, { personId: zoe, listId: list, status: 'declined', date: dayAgo(10) });
});
afterAll(async () => api?.close());

describe('warnings before the mistake', () => {
  it('refuses bad input first: a person not in the workspace, a future date', async () => {
    const ghost = await api.call('POST', '/api/v1/pitches/check', { personId: 'nobody', date: dayAgo(0) });
    expect(ghost.status).toBe(400);
    expect(ghost.body.errors).toEqual([
      { path: 'body.personId', message: 'no person with id nobody in this workspace' },
    ]);
    const future = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10);
    const r = await api.call('POST', '/api/v1/pitches/check', { personId: zoe, date: future });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ path: 'body.date' });
    expect(r.body.errors[0].message).toMatch(/is in the future: log what has already happened$/);
  });

  it('a dry check of a pitch to an acquaintance met once says why, in words, and writes nothing', async () => {
    const r = await api.call('POST', '/api/v1/pitches/check', { personId: zoe, date: dayAgo(0), offer: 'audit' });
    expect(r.status).toBe(200);
    const { warnings } = WarningsAnswerSchema.parse(r.body);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.kind).toBe('early_pitch');
    expect(warnings[0]!.message).toMatch(
      /^Zoë Petrov is an? (stranger|acquaintance): you have met once, 8 months ago\. They have not told you they need it\. Pitching now is an early pitch: build the relationship first\.$/,
    );
    expect(warnings[0]!.evidence).toMatchObject({ offer: 'audit', needExpressed: false });
    expect((await api.call('GET', `/api/v1/pitches?personId=${zoe}`)).body.total).toBe(0);
  });

  it('the create answer carries the same single warning (not two for one pitch)', async () => {
    const r = await api.call('POST', '/api/v1/pitches', { personId: zoe, date: dayAgo(0), offer: 'audit' });
    expect(r.status).toBe(201);
    const created = PitchCreatedSchema.parse(r.body);
    expect(created.warnings.map((w) => w.kind)).toEqual(['early_pitch']);
    expect(created.pitcherId).toBe(me);
  });

  it('an ask to a stranger is assumed closeness; a pitch a close partner asked for is fine', async () => {
    const ask = await api.call('POST', '/api/v1/pitches/check', {
      personId: zoe,
      date: dayAgo(0),
      kind: 'referral_request',
    });
    expect(ask.body.warnings.map((w: { kind: string }) => w.kind)).toEqual(['assumed_closeness']);
    expect(ask.body.warnings[0].message).toMatch(
      /Asking for a referral now assumes a closeness that is not there yet\.$/,
    );
    const fine = await api.call('POST', '/api/v1/pitches/check', { personId: pat, date: dayAgo(0), askedForIt: true });
    expect(fine.body).toEqual({ warnings: [] });
  });

  it('a subscription after a no is signing up without permission, said before and on saving', async () => {
    const body = { listId: list, personId: zoe, subscribedAt: dayAgo(0) };
    const check = await api.call('POST', '/api/v1/subscriptions/check', body);
    expect(check.status).toBe(200);
    expect(check.body.warnings).toHaveLength(1);
    expect(check.body.warnings[0]).toMatchObject({ kind: 'signed_up_without_permission' });
    expect(check.body.warnings[0].message).toMatch(/^Zoë Petrov said no to “Newsletter” on .+\. A no means no/);
    const r = await api.call('POST', '/api/v1/subscriptions', body);
    expect(r.status).toBe(201);
    expect(SubscriptionCreatedSchema.parse(r.body).warnings.map((w) => w.kind)).toEqual([
      'signed_up_without_permission',
    ]);
    const never = await api.call('POST', '/api/v1/subscriptions/check', { ...body, personId: pat });
    expect(never.body.warnings[0].message).toMatch(
      /^Pat Long has not said yes to “Newsletter”: no answer is on record/,
    );
  });

  it('checks an edit of a pitch like a new one: the findings the change adds, before it is saved', async () => {
    const made = await api.call('POST', '/api/v1/pitches', {
      personId: zoe,
      date: dayAgo(1),
      offer: 'tax review',
      askedForIt: true,
    });
    expect(made.status).toBe(201);
    expect(made.body.warnings).toEqual([]);
    const id = made.body.id as string;
    // Bad input first.
    expect((await api.call('POST', '/api/v1/pitches/nobody/check', { askedForIt: false })).status).toBe(404);
    const future = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10);
    const late = await api.call('POST', `/api/v1/pitches/${id}/check`, { date: future });
    expect(late.status).toBe(400);
    expect(late.body.errors[0].path).toBe('body.date');
    expect((await api.call('POST', `/api/v1/pitches/${id}/check`, { askedForIt: 'no' })).status).toBe(400);

    // Unticking "they asked for it" makes it an early pitch: said before, nothing written.
    const check = await api.call('POST', `/api/v1/pitches/${id}/check`, { askedForIt: false });
    expect(check.status).toBe(200);
    const { warnings } = WarningsAnswerSchema.parse(check.body);
    expect(warnings.map((w) => w.kind)).toEqual(['early_pitch']);
    expect(warnings[0]!.message).toMatch(/^Zoë Petrov is an? \w+: .+Pitching now is an early pitch/);
    expect((await api.call('GET', `/api/v1/pitches/${id}`)).body.askedForIt).toBe(true);
    // A change that adds nothing is not warned of.
    expect((await api.call('POST', `/api/v1/pitches/${id}/check`, { note: 'she asked at lunch' })).body).toEqual({
      warnings: [],
    });

    // The change's answer says what the detector finds about the pitch as saved.
    const saved = await api.call('PATCH', `/api/v1/pitches/${id}`, { askedForIt: false });
    expect(saved.status).toBe(200);
    expect(PitchCreatedSchema.parse(saved.body).warnings.map((w) => w.kind)).toEqual(['early_pitch']);
    expect(saved.body.askedForIt).toBe(false);
    // Now a known mistake: another change is not warned of again, but its answer still says so.
    expect((await api.call('POST', `/api/v1/pitches/${id}/check`, { note: 'n' })).body.warnings).toEqual([]);
    const noted = await api.call('PATCH', `/api/v1/pitches/${id}`, { note: 'n' });
    expect(noted.body.warnings.map((w: { kind: string }) => w.kind)).toEqual(['early_pitch']);
    // Ticking it again clears the finding.
    const fixed = await api.call('PATCH', `/api/v1/pitches/${id}`, { askedForIt: true });
    expect(fixed.body.warnings).toEqual([]);
  });

  it('checks an edit of a subscription: moved before the yes is a sign-up without permission', async () => {
    const tips = (await api.store.mailingLists.create(ws, { name: 'Tax tips' })).id;
    await api.store.consents.create(ws, { personId: pat, listId: tips, status: 'granted', date: dayAgo(10) });
    const made = await api.call('POST', '/api/v1/subscriptions', {
      listId: tips,
      personId: pat,
      subscribedAt: dayAgo(2),
    });
    expect(made.status).toBe(201);
    expect(made.body.warnings).toEqual([]);
    const id = made.body.id as string;
    expect((await api.call('POST', '/api/v1/subscriptions/nobody/check', {})).status).toBe(404);
    const check = await api.call('POST', `/api/v1/subscriptions/${id}/check`, { subscribedAt: dayAgo(20) });
    expect(check.status).toBe(200);
    expect(check.body.warnings.map((w: { kind: string }) => w.kind)).toEqual(['signed_up_without_permission']);
    expect((await api.call('GET', `/api/v1/subscriptions/${id}`)).body.subscribedAt).toBe(dayAgo(2));
    expect((await api.call('POST', `/api/v1/subscriptions/${id}/check`, { status: 'unsubscribed' })).body).toEqual({
      warnings: [],
    });
    const saved = await api.call('PATCH', `/api/v1/subscriptions/${id}`, { subscribedAt: dayAgo(20) });
    expect(saved.status).toBe(200);
    expect(SubscriptionCreatedSchema.parse(saved.body).warnings.map((w) => w.kind)).toEqual([
      'signed_up_without_permission',
    ]);
  });

  it('refuses any record dated in the future, except a planned meeting', async () => {
    const tomorrow = new Date(Date.now() + 2 * DAY).toISOString();
    const r = await api.call('POST', '/api/v1/interactions', {
      occurredAt: tomorrow,
      channel: 'call',
      participantIds: [pat],
    });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('body.occurredAt');
    expect(r.body.errors[0].message).toMatch(/in the future: log what has already happened; for a meeting you plan/);
    const planned = await api.call('POST', '/api/v1/interactions', {
      occurredAt: tomorrow,
      channel: 'in_person',
      participantIds: [pat],
      planned: true,
    });
    expect(planned.status).toBe(201);
    expect(planned.body).not.toHaveProperty('planned');
    for (const [path, body] of [
      ['/api/v1/referrals', { referrerId: pat, recipientId: me, date: tomorrow }],
      ['/api/v1/introductions', { introducerId: me, aId: pat, bId: zoe, date: tomorrow }],
      ['/api/v1/consents', { personId: pat, status: 'granted', date: tomorrow }],
      ['/api/v1/subscriptions', { listId: list, personId: pat, subscribedAt: tomorrow }],
    ] as const) {
      const x = await api.call('POST', path, body);
      expect(x.status, path).toBe(400);
      expect(x.body.errors[0].message, path).toMatch(/is in the future/);
    }
    // Today is always fine, east of Greenwich too.
    const today = new Date(Date.now() + 12 * 3_600_000).toISOString().slice(0, 10);
    expect((await api.call('POST', '/api/v1/consents', { personId: pat, status: 'granted', date: today })).status).toBe(
      201,
    );
  });
});
