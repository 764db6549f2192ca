/**
 * Cypher and SQL injection strings, HTML/script, spreadsheet formulas and
 * tricky Unicode in every text field of every entity, sent through the API
 * and through a CSV import, on SQLite AND on the real Neo4j of the test run:
 *
 * - stored and returned verbatim (on create, on read, on update, in lists);
 * - used as search and filter values they match exactly what they should,
 *   never "everything" (`' OR 1=1`, `%`, `_`);
 * - executed nowhere: another workspace is untouched record for record, the
 *   counts are exactly what was created, the schema (tables, constraints) is
 *   intact and no node or row was "pwned";
 * - served as JSON with nosniff and a CSP, never as markup; the CSV export
 *   defuses spreadsheet formulas.
 *
 * The Neo4j database is shared with other suites: everything here lives in a
 * fresh workspace owned by a fresh user.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Neo4jStore } from '../../server/store/neo4j/neo4j-store.js';
import type { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/store.port.js';
import type { WorkspaceSnapshot } from '../../shared/index.js';
import { connectionsCsv, type Connection } from '../fixtures/import/linkedin-files.js';
import {
  HOSTILE,
  HOSTILE_EMAILS,
  HOSTILE_URLS,
  MULTILINE,
  WITH_NUL,
  fitTo,
} from '../fixtures/hardening/hostile-strings.js';
import { neo4jTestConnection, type Neo4jConnection } from '../neo4j-connection.js';
import { startApi, type RunningApi } from './start-api.js';

type Json = Record<string, any>;

interface Harness {
  api: RunningApi;
  store: Store;
  ws: string;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
}

async function harness(store?: Store): Promise<Harness> {
  const api = await startApi({
    ...(store ? { store } : {}),
    signIn: false,
    env: { NURTURE_IMPORT_RATE_LIMIT: '1000' },
  });
  await api.built.deps.readiness.ensure();
  const ws = (await api.store.createWorkspace({ name: 'Injection' })).id;
  const user = await api.built.deps.auth.createUser({
    email: `injection-${randomUUID()}@example.com`,
    name: 'Injector',
    password: 'a-long-password',
    workspaceId: ws,
  });
  api.token = (await api.built.deps.auth.createApiToken(user.id, 'injection')).token;
  return {
    api,
    store: api.store,
    ws,
    call: (method, path, body) => api.call(method, `/api/v1${path}`, body, { 'x-workspace-id': ws }),
  };
}

/** Sorts a snapshot's lists so two reads of the same data compare equal. */
function canonical(s: WorkspaceSnapshot): unknown {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    out[k] = Array.isArray(v) ? [...(v as { id: string }[])].sort((a, b) => a.id.localeCompare(b.id)) : v;
  }
  return out;
}

function expectFields(record: Json, expected: Json, what: string): void {
  for (const [k, v] of Object.entries(expected)) {
    expect(
      record[k],
      `${what}: field ${k} came back changed\n  sent ${JSON.stringify(v)}\n  got  ${JSON.stringify(record[k])}`,
    ).toEqual(v);
  }
}

const enc = encodeURIComponent;

/** Runs `task` over `items`, at most `n` at a time; the first failure fails the whole. */
async function pool<T>(items: Iterable<T>, n: number, task: (item: T) => Promise<void>): Promise<void> {
  const it = items[Symbol.iterator]();
  let failed: unknown = null;
  const worker = async () => {
    for (let next = it.next(); !next.done && !failed; next = it.next()) {
      try {
        await task(next.value);
      } catch (e) {
        failed ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: n }, worker));
  if (failed) throw failed;
}

function injectionSuite(
  label: string,
  open: () => Promise<Harness>,
  checks: { schema: (h: Harness) => Promise<unknown>; pwned: (h: Harness) => Promise<number> },
) {
  describe(`injection and markup in every text field: ${label}`, () => {
    let h: Harness;
    const ids: Record<string, string> = {};
    /** What each list endpoint must count at the end: only what was created here. */
    const expected: Record<string, number> = {};
    const created = (what: string) => {
      expected[what] = (expected[what] ?? 0) + 1;
    };
    const people: Json[] = [];
    const orgs: Json[] = [];
    const lists: Json[] = [];
    let bystander: { ws: string; before: unknown };
    let schemaBefore: unknown;

    beforeAll(async () => {
      h = await open();
      schemaBefore = await checks.schema(h);
      for (const [key, body] of [
        ['me', { name: 'Me', isMe: true }],
        ['a', { name: 'Plain A' }],
        ['b', { name: 'Plain B' }],
      ] as const) {
        const r = await h.call('POST', '/people', body);
        expect(r.status).toBe(201);
        ids[key] = r.body.id;
        people.push(r.body);
        created('people');
      }
      // Someone else's network, read before anything hostile is sent.
      const other = await h.store.createWorkspace({ name: 'Bystander' });
      const p: string[] = [];
      for (let i = 0; i < 5; i++)
        p.push(
          (await h.store.people.create(other.id, { name: `Bystander ${i}`, company: 'Safe & Sound', tags: ['keep'] }))
            .id,
        );
      await h.store.ties.create(other.id, { aId: p[0]!, bId: p[1]!, kind: 'knows' });
      await h.store.interactions.create(other.id, {
        occurredAt: '2026-01-01',
        channel: 'call',
        participantIds: [p[0]!, p[2]!],
        note: 'private',
      });
      await h.store.referrals.create(other.id, { referrerId: p[1]!, recipientId: p[0]!, date: '2026-01-02' });
      const l = await h.store.mailingLists.create(other.id, { name: 'Their list' });
      await h.store.consents.create(other.id, {
        personId: p[3]!,
        listId: l.id,
        status: 'granted',
        date: '2026-01-03',
        evidence: 'asked',
      });
      bystander = { ws: other.id, before: canonical(await h.store.snapshot(other.id)) };
    });
    afterAll(async () => {
      await h?.api.close();
    });

    it('stores and returns every text field of every entity verbatim', async () => {
      const values = [...HOSTILE, ...MULTILINE, ...WITH_NUL];
      // A few values at a time: concurrent writes around the same people are part of the test (and Neo4j is slow one by one).
      await pool(values.entries(), 6, async ([i, s]) => {
        const single = !/[\r\n]/.test(s);
        const what = `value #${i} ${JSON.stringify(s)}`;
        // Person: every text field at once.
        const person = {
          name: fitTo(s, 200),
          firstName: fitTo(s, 100),
          lastName: fitTo(s, 100),
          company: fitTo(s, 200),
          position: fitTo(s, 300),
          tags: [fitTo(s, 64)],
          notes: s,
          needNote: fitTo(s, 500),
          source: fitTo(s, 64),
        };
        const p = await h.call('POST', '/people', person);
        expect(p.status, `${what}: ${JSON.stringify(p.body)}`).toBe(201);
        created('people');
        expectFields(p.body, person, `person created with ${what}`);
        expectFields((await h.call('GET', `/people/${p.body.id}`)).body, person, `person read with ${what}`);
        const patch = { notes: `${s}\n${s}`, company: fitTo(`${s} ${s}`, 200) };
        const pp = await h.call('PATCH', `/people/${p.body.id}`, patch);
        expect(pp.status, what).toBe(200);
        expectFields(pp.body, patch, `person patched with ${what}`);
        people.push(pp.body);

        const org = { name: fitTo(s, 200), notes: s, tags: [fitTo(s, 64)] };
        const o = await h.call('POST', '/organizations', org);
        expect(o.status, `${what}: ${JSON.stringify(o.body)}`).toBe(201);
        created('organizations');
        expectFields((await h.call('GET', `/organizations/${o.body.id}`)).body, org, `organization with ${what}`);
        orgs.push(o.body);

        const tie = { aId: p.body.id, bId: ids.me, kind: 'knows', note: fitTo(s, 500), source: fitTo(s, 64) };
        const t = await h.call('POST', '/ties', tie);
        expect(t.status, `${what}: ${JSON.stringify(t.body)}`).toBe(201);
        created('ties');
        expectFields(
          (await h.call('GET', `/ties/${t.body.id}`)).body,
          { note: tie.note, source: tie.source },
          `tie with ${what}`,
        );

        const ix = {
          occurredAt: '2026-03-01T10:00:00Z',
          channel: 'in_person',
          participantIds: [p.body.id],
          note: fitTo(s, 500),
          source: fitTo(s, 64),
          externalId: `${i}:${s}`.slice(0, 200),
        };
        const x = await h.call('POST', '/interactions', ix);
        expect(x.status, `${what}: ${JSON.stringify(x.body)}`).toBe(201);
        created('interactions');
        expectFields(
          (await h.call('GET', `/interactions/${x.body.id}`)).body,
          { note: ix.note, source: ix.source, externalId: ix.externalId },
          `interaction with ${what}`,
        );
        const xp = await h.call('PATCH', `/interactions/${x.body.id}`, { note: fitTo(`${s}!`, 500) });
        expectFields(xp.body, { note: fitTo(`${s}!`, 500) }, `interaction patched with ${what}`);

        const intro = { introducerId: p.body.id, aId: ids.me, bId: ids.a, date: '2026-03-02', note: fitTo(s, 500) };
        const n = await h.call('POST', '/introductions', intro);
        expect(n.status, `${what}: ${JSON.stringify(n.body)}`).toBe(201);
        created('introductions');
        expectFields(
          (await h.call('GET', `/introductions/${n.body.id}`)).body,
          { note: intro.note },
          `introduction with ${what}`,
        );

        const ref = {
          referrerId: p.body.id,
          recipientId: ids.me,
          date: '2026-03-03',
          prospectName: fitTo(s, 200),
          note: fitTo(s, 500),
        };
        const r = await h.call('POST', '/referrals', ref);
        expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(201);
        created('referrals');
        expectFields(
          (await h.call('GET', `/referrals/${r.body.id}`)).body,
          { prospectName: ref.prospectName, note: ref.note },
          `referral with ${what}`,
        );

        const pitch = { personId: p.body.id, date: '2026-03-04', offer: fitTo(s, 500), note: fitTo(s, 500) };
        const pi = await h.call('POST', '/pitches', pitch);
        expect(pi.status, `${what}: ${JSON.stringify(pi.body)}`).toBe(201);
        created('pitches');
        expectFields(
          (await h.call('GET', `/pitches/${pi.body.id}`)).body,
          { offer: pitch.offer, note: pitch.note },
          `pitch with ${what}`,
        );

        const list = { name: fitTo(s, 200), description: fitTo(s, 500) };
        const l = await h.call('POST', '/mailing-lists', list);
        expect(l.status, `${what}: ${JSON.stringify(l.body)}`).toBe(201);
        created('mailing-lists');
        expectFields((await h.call('GET', `/mailing-lists/${l.body.id}`)).body, list, `mailing list with ${what}`);
        lists.push(l.body);

        const sub = { listId: l.body.id, personId: p.body.id, subscribedAt: '2026-03-05', source: fitTo(s, 64) };
        const su = await h.call('POST', '/subscriptions', sub);
        expect(su.status, `${what}: ${JSON.stringify(su.body)}`).toBe(201);
        created('subscriptions');
        expectFields(
          (await h.call('GET', `/subscriptions/${su.body.id}`)).body,
          { source: sub.source },
          `subscription with ${what}`,
        );

        const consent = {
          personId: p.body.id,
          listId: l.body.id,
          status: 'granted',
          date: '2026-03-01',
          evidence: fitTo(s, 500),
        };
        const co = await h.call('POST', '/consents', consent);
        expect(co.status, `${what}: ${JSON.stringify(co.body)}`).toBe(201);
        created('consents');
        expectFields(
          (await h.call('GET', `/consents/${co.body.id}`)).body,
          { evidence: consent.evidence },
          `consent with ${what}`,
        );

        const note = await h.call('PUT', `/people/${p.body.id}/private-note`, { text: s });
        expect(note.status, what).toBe(200);
        expect((await h.call('GET', `/people/${p.body.id}/private-note`)).body.text, `private note with ${what}`).toBe(
          s,
        );

        if (single) {
          const token = await h.call('POST', '/auth/tokens', { name: fitTo(s, 100) });
          expect(token.status, what).toBe(201);
          expect(token.body.apiToken.name, `API token name with ${what}`).toBe(fitTo(s, 100));
        }
      });
      // Hostile but valid emails and profile URLs.
      for (const [i, email] of HOSTILE_EMAILS.entries()) {
        const body = { name: `Email ${i}`, emails: [email], linkedinUrl: HOSTILE_URLS[i] };
        const r = await h.call('POST', '/people', body);
        expect(r.status, `${JSON.stringify(body)}: ${JSON.stringify(r.body)}`).toBe(201);
        created('people');
        expectFields(
          (await h.call('GET', `/people/${r.body.id}`)).body,
          { emails: [email], linkedinUrl: HOSTILE_URLS[i] },
          `person with ${email}`,
        );
        people.push(r.body);
      }
    });

    it('names the workspace, a new workspace and a member with hostile text', async () => {
      const { name: original } = (await h.call('GET', '/workspace')).body;
      for (const s of HOSTILE.filter((x) => x.length <= 500)) {
        const r = await h.call('PATCH', '/workspace', { name: s });
        expect(r.status, s).toBe(200);
        expect((await h.call('GET', '/workspace')).body.name, 'workspace name').toBe(s);
      }
      expect((await h.call('PATCH', '/workspace', { name: original })).status).toBe(200);
      const s = HOSTILE[0]!;
      const w = await h.call('POST', '/workspaces', { name: s });
      expect(w.status).toBe(201);
      const mine = (await h.call('GET', '/workspaces')).body as { workspace: { id: string; name: string } }[];
      expect(mine.find((x) => x.workspace.id === w.body.id)?.workspace.name).toBe(s);
      // A member whose display name is hostile.
      const evil = await h.api.built.deps.auth.createUser({
        email: `evil-${randomUUID()}@example.com`,
        name: `<script>alert(1)</script>'; DROP TABLE users; --`,
        password: 'a-long-password',
        workspaceId: h.ws,
        role: 'viewer',
      });
      const members = (await h.call('GET', '/workspace/members')).body as { user: { id: string; name: string } }[];
      expect(members.find((m) => m.user.id === evil.id)?.user.name).toBe(
        `<script>alert(1)</script>'; DROP TABLE users; --`,
      );
    });

    it('imports hostile names, companies and positions from a Connections.csv verbatim', async () => {
      const rows: Connection[] = HOSTILE.map((s, i) => ({
        firstName: fitTo(s, 100),
        lastName: fitTo([...s].reverse().join(''), 100),
        url: `https://www.linkedin.com/in/injected-${i}`,
        company: fitTo(s, 200),
        position: fitTo(s, 300),
        connectedOn: '2021-06-01',
      }));
      const form = new FormData();
      form.set('meName', 'Me');
      form.set('file', new Blob([connectionsCsv(rows, { preamble: true })]), 'Connections.csv');
      const r = await h.api.call('POST', '/api/v1/imports', form, { 'x-workspace-id': h.ws });
      expect(r.status, JSON.stringify(r.body).slice(0, 1000)).toBe(201);
      expect(r.body.rejected, JSON.stringify(r.body.rejected)).toEqual([]);
      expect(r.body.new).toBe(rows.length);
      expected.people = (expected.people ?? 0) + r.body.new;
      expected.ties = (expected.ties ?? 0) + r.body.ties;
      const all = await listAll('/people');
      for (const row of rows) {
        const got = all.find((p) => p.linkedinUrl === row.url);
        expect(got, `imported ${row.url}`).toBeDefined();
        expectFields(
          got!,
          {
            firstName: row.firstName,
            lastName: row.lastName,
            name: `${row.firstName} ${row.lastName}`,
            company: row.company,
            position: row.position,
          },
          `imported row ${JSON.stringify(row.firstName)}`,
        );
        people.push(got!);
      }
    });

    async function listAll(path: string): Promise<Json[]> {
      const out: Json[] = [];
      for (let offset = 0; ; offset += 500) {
        const r = await h.call('GET', `${path}${path.includes('?') ? '&' : '?'}limit=500&offset=${offset}`);
        expect(r.status, `${path}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
        out.push(...(r.body.items as Json[]));
        if (out.length >= r.body.total || r.body.items.length === 0) return out;
      }
    }

    it('uses hostile text as search and filter values: exactly the matching records, never everything', async () => {
      const contains = (hay: string | null | undefined, needle: string) =>
        (hay ?? '').toLowerCase().includes(needle.toLowerCase());
      const current = await listAll('/people');
      expect(current.length).toBe(expected.people);
      for (const s of [...HOSTILE, '%', '_', "' OR 1=1 --", '" OR ""="', '*', '.*', '\\']) {
        const q = fitTo(s, 200);
        const want = current
          .filter(
            (p) => contains(p.name, q) || contains(p.company, q) || (p.emails as string[]).some((e) => contains(e, q)),
          )
          .map((p) => p.id)
          .sort();
        const got = (await listAll(`/people?q=${enc(q)}`)).map((p) => p.id).sort();
        expect(got, `people?q=${JSON.stringify(q)}`).toEqual(want);

        const tag = fitTo(s, 64);
        const wantTag = current
          .filter((p) => (p.tags as string[]).includes(tag))
          .map((p) => p.id)
          .sort();
        expect(
          (await listAll(`/people?tag=${enc(tag)}`)).map((p) => p.id).sort(),
          `people?tag=${JSON.stringify(tag)}`,
        ).toEqual(wantTag);

        const wantCompany = current
          .filter((p) => contains(p.company, q))
          .map((p) => p.id)
          .sort();
        expect(
          (await listAll(`/people?company=${enc(q)}`)).map((p) => p.id).sort(),
          `people?company=${JSON.stringify(q)}`,
        ).toEqual(wantCompany);

        const wantOrgs = orgs
          .filter((o) => contains(o.name, q))
          .map((o) => o.id)
          .sort();
        expect(
          (await listAll(`/organizations?q=${enc(q)}`)).map((o) => o.id).sort(),
          `organizations?q=${JSON.stringify(q)}`,
        ).toEqual(wantOrgs);

        const wantLists = lists
          .filter((l) => contains(l.name, q))
          .map((l) => l.id)
          .sort();
        expect(
          (await listAll(`/mailing-lists?q=${enc(q)}`)).map((l) => l.id).sort(),
          `mailing-lists?q=${JSON.stringify(q)}`,
        ).toEqual(wantLists);
      }
    });

    it('serves hostile text as JSON data, with nosniff and a CSP; errors echoing it are problem+json', async () => {
      const p = people.find((x) => x.name === '<script>alert(1)</script>')!;
      expect(p).toBeDefined();
      const r = await h.call('GET', `/people/${p.id}`);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expect(r.body.name).toBe('<script>alert(1)</script>');
      const bad = await h.call('POST', '/people', { name: 'x', '<script>alert(1)</script>': 1 });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(bad.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('defuses spreadsheet formulas in the CSV export and keeps every name verbatim in the JSON one', async () => {
      const csv = await h.api.call('GET', '/api/v1/analytics/export?format=csv', undefined, { 'x-workspace-id': h.ws });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const rows = parse(String(csv.body), { columns: true, relax_column_count: false }) as {
        personId: string;
        name: string;
      }[];
      const byId = new Map(rows.map((r) => [r.personId, r.name]));
      const hostile = people.filter((x) => x.id !== ids.me);
      for (const x of hostile) {
        const cell = byId.get(x.id as string);
        expect(cell, `${JSON.stringify(x.name)} is in the CSV export`).toBeDefined();
        // A leading = + - @ (or tab, CR) would run as a formula: it gets a quote in front, the rest is kept.
        expect(cell, `CSV cell of ${JSON.stringify(x.name)}`).toBe(
          /^[=+\-@\t\r]/.test(x.name as string) ? `'${x.name}` : x.name,
        );
      }
      const json = await h.call('GET', '/analytics/export');
      expect(json.status).toBe(200);
      const names = new Map(
        (json.body.people as { personId: string; name: string }[]).map((x) => [x.personId, x.name]),
      );
      for (const x of hostile)
        expect(names.get(x.id as string), `analytics export has ${JSON.stringify(x.name)}`).toBe(x.name);
    });

    it('executed nowhere: counts are exactly what was created, the other workspace and the schema are intact', async () => {
      for (const [path, n] of Object.entries(expected)) {
        const r = await h.call('GET', `/${path}?limit=1`);
        expect(r.body.total, `${path} count`).toBe(n);
      }
      expect(canonical(await h.store.snapshot(bystander.ws)), 'the bystander workspace changed').toEqual(
        bystander.before,
      );
      expect(await checks.schema(h), 'the schema changed').toEqual(schemaBefore);
      expect(await checks.pwned(h), 'a record was "pwned"').toBe(0);
      // Still serving.
      expect((await h.call('GET', '/people?limit=1')).status).toBe(200);
    });
  });
}

injectionSuite('SQLite', () => harness(), {
  schema: async (h) => {
    const db = new Database((h.store as SqliteStore).file, { readonly: true });
    try {
      return {
        objects: db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all(),
        integrity: db.prepare('PRAGMA integrity_check').pluck().all(),
        attached: db.prepare('PRAGMA database_list').all().length,
        pwnFile: existsSync('/tmp/nurture-pwned.db'),
      };
    } finally {
      db.close();
    }
  },
  pwned: async (h) => {
    const db = new Database((h.store as SqliteStore).file, { readonly: true });
    try {
      return db.prepare("SELECT count(*) FROM people WHERE name = 'pwned'").pluck().get() as number;
    } finally {
      db.close();
    }
  },
});

let neo4jConnection: Neo4jConnection;
injectionSuite(
  'Neo4j',
  async () => {
    neo4jConnection = neo4jTestConnection(inject);
    return harness(new Neo4jStore(neo4jConnection));
  },
  {
    schema: async () => {
      const driver = neo4j.driver(
        neo4jConnection.uri,
        neo4j.auth.basic(neo4jConnection.user, neo4jConnection.password),
      );
      const session = driver.session(neo4jConnection.database ? { database: neo4jConnection.database } : {});
      try {
        const constraints = (await session.run('SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name')).records.map(
          (r) => r.get('name') as string,
        );
        const indexes = (await session.run('SHOW INDEXES YIELD name RETURN name ORDER BY name')).records.map(
          (r) => r.get('name') as string,
        );
        return { constraints, indexes };
      } finally {
        await session.close();
        await driver.close();
      }
    },
    pwned: async (h) => {
      const driver = neo4j.driver(
        neo4jConnection.uri,
        neo4j.auth.basic(neo4jConnection.user, neo4jConnection.password),
      );
      const session = driver.session(neo4jConnection.database ? { database: neo4jConnection.database } : {});
      try {
        const r = await session.run(
          "MATCH (n) WHERE n.pwned IS NOT NULL OR (n.workspaceId = $ws AND n.name = 'pwned') RETURN count(n) AS n",
          { ws: h.ws },
        );
        return (r.records[0]!.get('n') as { toNumber(): number }).toNumber();
      } finally {
        await session.close();
        await driver.close();
      }
    },
  },
);
