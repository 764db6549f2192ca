/**
 * The Neo4j adapter of the storage port.
 *
 * The graph model. Every node carries `workspaceId` and every statement
 * filters on it; ids are unique per label. Who-did-what-with-whom lives in
 * relationships, not in id properties, so the questions Nurture asks are one
 * pattern away:
 *
 *   (:Workspace {id, name, timeZone})
 *   (:Person)-[:WORKS_AT]->(:Organization)
 *   (:Person)-[:CONNECTED {id, kind, since, source, note, pairKey}]->(:Person)   a Tie (a -> b)
 *   (:Person)-[:PARTICIPATED_IN {pos, initiator}]->(:Interaction {occurredAt, atMs, channel, externalId, ...})
 *        `pos` orders the participants; `initiator: true` marks who started it (absent on the others)
 *   (introducer:Person)-[:MADE]->(:Introduction {date, atMs, outcome})-[:INTRODUCED {role: 'a'|'b'}]->(:Person)
 *   (referrer:Person)-[:GAVE]->(:Referral {date, atMs, status, value, currency})-[:TO]->(recipient:Person)
 *                                 (:Referral)-[:ABOUT]->(prospect:Person)
 *   (pitcher:Person)-[:PITCHED]->(:Pitch {date, atMs, kind, askedForIt, needExpressed})-[:TO]->(:Person)
 *   (:Person)-[:SUBSCRIBED]->(:Subscription {subscribedAt, atMs, status})-[:ON_LIST]->(:MailingList)
 *   (:Person)-[:ANSWERED]->(:Consent {status, date, atMs, evidence})-[:ON_LIST]->(:MailingList)   (no ON_LIST: any list)
 *
 * Accounts (outside every workspace; details in cypher.ts, ACCOUNTS):
 *
 *   (:User {id, email, name, passwordHash})-[:MEMBER_OF {role, personId, createdAt}]->(:Workspace)
 *   (:User)-[:HAS_SESSION]->(:Session {tokenHash, ...})     (:User)-[:OWNS]->(:ApiToken {tokenHash, ...})
 *   (:User)-[:NOTE_ON {text, updatedAt}]->(:Person)         (:AuditEntry {workspaceId, at, action, ...})
 *
 * Erasing a person removes their private notes and clears `personId` of a
 * membership that named them; deleting a workspace removes its memberships
 * and its audit entries with everything else.
 *
 * Besides the record's own fields a node keeps keys derived from them:
 * `atMs` (event time in ms, for ordering and ranges), `linkedinKey` and
 * `meOf` on people (uniqueness), `searchText`/`companyLc`/`nameLc`
 * (case-insensitive search, lower-cased like the SQLite adapter does) and
 * `pairKey` on ties and subscriptions (uniqueness). An empty list (emails,
 * tags) is not stored: a missing list reads back as [].
 *
 * A referral chain (A referred someone to B, who referred someone to C, ...):
 *
 *   MATCH chain = (a:Person {workspaceId: $ws, id: $personId})
 *                 ((:Person)-[:GAVE]->(:Referral)-[:TO]->(:Person)){1,4}
 *   RETURN [p IN nodes(chain) WHERE p:Person | p.name] AS people
 *
 * and "who introduced whom to whom":
 *
 *   MATCH (i:Person)-[:MADE]->(x:Introduction {workspaceId: $ws})-[:INTRODUCED {role: 'a'}]->(a),
 *         (x)-[:INTRODUCED {role: 'b'}]->(b)
 *   RETURN i.name, a.name, b.name, x.date
 *
 * The driver is created on first use and never replaced: it reconnects by
 * itself when the server returns, so a server that is down at start costs
 * STORE_UNAVAILABLE answers, not a restart.
 */
import neo4j, { type Driver, type ManagedTransaction, type Session } from 'neo4j-driver';
import type {
  EgoLink,
  EgoNetwork,
  ImportRecord,
  ImportRecordQuery,
  LinkKind,
  Page,
  Person,
  Workspace,
  WorkspaceCreate,
  WorkspaceSnapshot,
  WorkspaceUpdate,
} from '../../../shared/index.js';
import { LinkKind as LinkKinds } from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import type {
  EgoOptions,
  EntityName,
  EntityRepos,
  ImportPlan,
  ImportResult,
  Repo,
  Store,
  StoreConnection,
} from '../store.port.js';
import { applyPatch, assertReferences, checkRecordRules, materialize, newId, nowIso } from '../../domain/records.js';
import { timeRange } from '../../../shared/index.js';
import {
  AWAIT_INDEXES,
  EGO,
  ENTITY,
  EXISTING,
  GET_ME,
  IMPORT,
  IMPORT_RECORD,
  MIGRATE,
  NODE_LABELS,
  PING,
  RETIRED_SCHEMA,
  SCHEMA,
  WORKSPACE,
  allStatement,
  countStatement,
  getStatement,
  pageStatement,
  updateStatement,
} from './cypher.js';
import { REL_FIELDS } from './model.js';
import { isOutOfTransactionMemory, isUnavailable, mapError } from './neo4j-errors.js';
import { neo4jAccounts } from './neo4j-accounts.js';
import { neo4jReports } from './neo4j-reports.js';
import { allNeeds, neo4jCalibration, neo4jNeeds } from './neo4j-calibration.js';
import { runImport } from './neo4j-import.js';
import { toNative, toProps, toRecord, toRefs } from './neo4j-values.js';
import type { Transactions } from './transactions.js';

export interface Neo4jStoreOptions {
  uri: string;
  user: string;
  password: string;
  database?: string;
  /** How long a transaction is retried on transient errors before giving up (ms). */
  maxRetryTimeMs?: number;
}

type Row = Record<string, unknown>;
type Work<T> = (tx: ManagedTransaction) => Promise<T>;

/** Thrown inside the import transaction to roll a dry run back with its counts. */
class DryRunRollback extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run: rolled back');
  }
}

/** Schema already there, created by a concurrent start: what IF NOT EXISTS means. */
const SCHEMA_ALREADY = /EquivalentSchemaRuleAlreadyExists|ConstraintAlreadyExists|IndexAlreadyExists/;

/** Workspaces sweep their records in chunks, so a big one does not need one huge transaction. */
const DELETE_CHUNK = 10_000;

const ENTITY_NAMES = Object.keys(ENTITY) as EntityName[];

const num = (v: unknown): number => Number(toNative(v) ?? 0);

async function existingIds(
  tx: ManagedTransaction,
  ws: string,
  target: EntityName,
  ids: string[],
): Promise<Set<string>> {
  const query = EXISTING[ENTITY[target].label];
  if (!query) throw new Error(`no existence query for ${target}`);
  const res = await tx.run(query, { ws, ids });
  return new Set(res.records.map((r) => r.get('id') as string));
}

async function getIn<T>(tx: ManagedTransaction, entity: EntityName, ws: string, id: string): Promise<T | null> {
  const res = await tx.run(getStatement(ENTITY[entity]), { ws, id });
  const first = res.records[0];
  return first ? toRecord<T>(entity, first.get('r')) : null;
}

class Neo4jRepo<T, C, U, Q> implements Repo<T, C, U, Q> {
  constructor(
    private readonly entity: EntityName,
    private readonly db: Transactions,
  ) {}

  async create(ws: string, input: C): Promise<T> {
    const e = this.entity;
    const record = materialize<Row>(e, input as object);
    checkRecordRules(e, record);
    return this.db.write(async (tx) => {
      if (num((await tx.run(WORKSPACE.existsWs, { ws })).records[0]?.get('n')) === 0)
        throw AppError.notFound('workspace', ws);
      await assertReferences(e, record, (target, ids) => existingIds(tx, ws, target, ids));
      await tx.run(ENTITY[e].create, { ws, props: toProps(e, ws, record), refs: toRefs(e, record) });
      return toRecord<T>(e, record);
    });
  }

  async get(ws: string, id: string): Promise<T | null> {
    return this.db.read((tx) => getIn<T>(tx, this.entity, ws, id));
  }

  async update(ws: string, id: string, patch: U): Promise<T | null> {
    const e = this.entity;
    return this.db.write(async (tx) => {
      const existing = await getIn<Row & { updatedAt: string }>(tx, e, ws, id);
      if (!existing) return null;
      const next = applyPatch(e, existing, patch as object);
      if (next === existing) return existing as T;
      const moved = REL_FIELDS[e].filter((f) => JSON.stringify(existing[f]) !== JSON.stringify(next[f]));
      if (moved.length > 0 && !ENTITY[e].relink) {
        throw AppError.invalid(moved[0]!, 'cannot be changed; delete the record and create another');
      }
      checkRecordRules(e, next);
      await assertReferences(e, next, (target, ids) => existingIds(tx, ws, target, ids));
      await tx.run(updateStatement(ENTITY[e], moved.length > 0), {
        ws,
        id,
        props: toProps(e, ws, next),
        refs: toRefs(e, next),
      });
      return toRecord<T>(e, next);
    });
  }

  async delete(ws: string, id: string): Promise<boolean> {
    return this.db.write(async (tx) => {
      const res = await tx.run(ENTITY[this.entity].delete, { ws, id, now: nowIso() });
      return num(res.records[0]?.get('n')) > 0;
    });
  }

  async list(ws: string, query: Q): Promise<{ items: T[]; total: number; limit: number; offset: number }> {
    const c = ENTITY[this.entity];
    const q = query as Row;
    const limit = Number(q.limit ?? 50);
    const offset = Number(q.offset ?? 0);
    const conditions: string[] = [];
    const params: Row = { ws };
    for (const f of c.filters) {
      if (f.key === 'range') {
        if (q.from === undefined && q.to === undefined) continue;
        Object.assign(params, timeRange(q.from as string | undefined, q.to as string | undefined));
      } else {
        const value = q[f.key];
        if (value === undefined) continue;
        Object.assign(params, f.params ? f.params(value) : { [f.key]: value });
      }
      conditions.push(f.where);
    }
    return this.db.read(async (tx) => {
      const count = await tx.run(countStatement(c, conditions), params);
      const page = await tx.run(pageStatement(c, conditions, c.orderBy(q)), {
        ...params,
        skip: neo4j.int(offset),
        limit: neo4j.int(limit),
      });
      return {
        items: page.records.map((r) => toRecord<T>(this.entity, r.get('r'))),
        total: num(count.records[0]?.get('total')),
        limit,
        offset,
      };
    });
  }
}

export class Neo4jStore implements Store, EntityRepos, Transactions {
  readonly kind = 'neo4j' as const;
  readonly people: EntityRepos['people'] = new Neo4jRepo('people', this);
  readonly organizations: EntityRepos['organizations'] = new Neo4jRepo('organizations', this);
  readonly ties: EntityRepos['ties'] = new Neo4jRepo('ties', this);
  readonly interactions: EntityRepos['interactions'] = new Neo4jRepo('interactions', this);
  readonly introductions: EntityRepos['introductions'] = new Neo4jRepo('introductions', this);
  readonly referrals: EntityRepos['referrals'] = new Neo4jRepo('referrals', this);
  readonly pitches: EntityRepos['pitches'] = new Neo4jRepo('pitches', this);
  readonly mailingLists: EntityRepos['mailingLists'] = new Neo4jRepo('mailingLists', this);
  readonly subscriptions: EntityRepos['subscriptions'] = new Neo4jRepo('subscriptions', this);
  readonly consents: EntityRepos['consents'] = new Neo4jRepo('consents', this);
  readonly accounts: Store['accounts'] = neo4jAccounts(this);
  readonly reports: Store['reports'] = neo4jReports(this);
  readonly calibration: Store['calibration'] = neo4jCalibration(this);
  readonly needs: Store['needs'] = neo4jNeeds(this);

  private driverInstance: Driver | null = null;

  constructor(private readonly options: Neo4jStoreOptions) {}

  get connection(): StoreConnection {
    return { kind: 'neo4j', ...this.options };
  }

  private driver(): Driver {
    this.driverInstance ??= neo4j.driver(this.options.uri, neo4j.auth.basic(this.options.user, this.options.password), {
      // A request should fail with STORE_UNAVAILABLE in seconds, not hang for the driver's 30 s default.
      maxTransactionRetryTime: this.options.maxRetryTimeMs ?? 5_000,
      connectionTimeout: 10_000,
      connectionAcquisitionTimeout: 20_000,
      userAgent: 'nurture',
    });
    return this.driverInstance;
  }

  private session(mode: 'READ' | 'WRITE'): Session {
    return this.driver().session({
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      ...(this.options.database ? { database: this.options.database } : {}),
    });
  }

  private async withSession<T>(mode: 'READ' | 'WRITE', use: (s: Session) => Promise<T>): Promise<T> {
    let session: Session | undefined;
    try {
      session = this.session(mode);
      return await use(session);
    } catch (e) {
      throw mapError(e);
    } finally {
      // Closing a session whose connection already died has nothing left to report.
      await session?.close().catch(() => undefined);
    }
  }

  read<T>(work: Work<T>): Promise<T> {
    return this.withSession('READ', (s) => s.executeRead(noRetryWhenTooBig(work)));
  }

  write<T>(work: Work<T>): Promise<T> {
    return this.withSession('WRITE', (s) => s.executeWrite(noRetryWhenTooBig(work)));
  }

  async init(): Promise<void> {
    await this.withSession('WRITE', async (s) => {
      await s.run(PING); // fails fast (no retries) when the server is down
      for (const statement of SCHEMA) {
        try {
          await s.run(statement);
        } catch (e) {
          if (isUnavailable(e) || !SCHEMA_ALREADY.test(String((e as { code?: unknown }).code))) throw e;
        }
      }
      for (const statement of RETIRED_SCHEMA) await s.run(statement);
      await s.run(AWAIT_INDEXES);
      if (num((await s.run(MIGRATE.countInitiated)).records[0]?.get('n')) > 0) await s.run(MIGRATE.initiated);
    });
  }

  async close(): Promise<void> {
    const d = this.driverInstance;
    this.driverInstance = null;
    await d?.close();
  }

  async ping(): Promise<boolean> {
    try {
      await this.withSession('READ', (s) => s.run(PING, {}, { timeout: 5_000 }));
      return true;
    } catch {
      return false;
    }
  }

  // -- workspaces ------------------------------------------------------------

  async createWorkspace(input: WorkspaceCreate, id: string = newId()): Promise<Workspace> {
    const now = nowIso();
    const w: Workspace = { id, createdAt: now, updatedAt: now, name: input.name, timeZone: input.timeZone ?? 'UTC' };
    await this.write((tx) => tx.run(WORKSPACE.create, { props: { ...w, workspaceId: id } }));
    return w;
  }

  async getWorkspace(id: string): Promise<Workspace | null> {
    return this.read((tx) => this.workspaceIn(tx, id));
  }

  private async workspaceIn(tx: ManagedTransaction, id: string): Promise<Workspace | null> {
    const first = (await tx.run(WORKSPACE.get, { id })).records[0];
    return first ? toRecord<Workspace>('workspaces', first.get('r')) : null;
  }

  async updateWorkspace(id: string, patch: WorkspaceUpdate): Promise<Workspace | null> {
    return this.write(async (tx) => {
      const existing = await this.workspaceIn(tx, id);
      if (!existing) return null;
      const next: Workspace = {
        ...existing,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
      };
      if (next.name === existing.name && next.timeZone === existing.timeZone) return existing;
      next.updatedAt = nowIso();
      await tx.run(WORKSPACE.update, { id, props: { ...next, workspaceId: id } });
      return next;
    });
  }

  async listWorkspaces(): Promise<Workspace[]> {
    return this.read(async (tx) =>
      (await tx.run(WORKSPACE.list)).records.map((r) => toRecord<Workspace>('workspaces', r.get('r'))),
    );
  }

  async deleteWorkspace(id: string): Promise<boolean> {
    const existed = await this.read(
      async (tx) => num((await tx.run(WORKSPACE.exists, { id })).records[0]?.get('n')) > 0,
    );
    // Records first, the workspace last: an interrupted delete can simply be run again.
    for (const label of NODE_LABELS) {
      for (;;) {
        const deleted = await this.write(async (tx) =>
          num(
            (await tx.run(WORKSPACE.deleteChunk[label], { ws: id, chunk: neo4j.int(DELETE_CHUNK) })).records[0]?.get(
              'n',
            ),
          ),
        );
        if (deleted < DELETE_CHUNK) break;
      }
    }
    if (existed) await this.write((tx) => tx.run(WORKSPACE.delete, { id }));
    return existed;
  }

  // -- reads across records ----------------------------------------------------

  async getMe(ws: string): Promise<Person | null> {
    return this.read(async (tx) => {
      const first = (await tx.run(GET_ME, { ws })).records[0];
      return first ? toRecord<Person>('people', first.get('r')) : null;
    });
  }

  async egoNetwork(ws: string, personId: string, options: EgoOptions): Promise<EgoNetwork | null> {
    const { depth, limit } = options;
    return this.read(async (tx) => {
      const center = await getIn<Person>(tx, 'people', ws, personId);
      if (!center) return null;
      const neighbours = async (ids: string[]) =>
        (await tx.run(EGO.neighbours, { ws, ids })).records.map((r) => ({
          id: r.get('id') as string,
          name: r.get('name') as string,
        }));

      // Breadth first, one hop at a time; people sort by hop, then name, then id.
      const seen = new Set([center.id]);
      const found: { id: string; name: string; hop: number }[] = [];
      let frontier = [center.id];
      for (let hop = 1; hop <= depth && frontier.length > 0; hop++) {
        // Once more than `limit` people are nearer, farther ones cannot make the cut.
        if (found.length > limit) break;
        const next = (await neighbours(frontier)).filter((p) => !seen.has(p.id));
        for (const p of next) seen.add(p.id);
        found.push(...next.map((p) => ({ ...p, hop })));
        frontier = next.map((p) => p.id);
      }
      found.sort((a, b) => a.hop - b.hop || cmp(a.name, b.name) || cmp(a.id, b.id));
      const chosen = found.slice(0, limit).map((p) => p.id);

      const ids = [center.id, ...chosen];
      const byId = new Map(
        (await tx.run(EGO.people, { ws, ids: chosen })).records
          .map((r) => toRecord<Person>('people', r.get('r')))
          .map((p) => [p.id, p] as const),
      );
      const links = new Map<string, { aId: string; bId: string; kinds: Set<LinkKind> }>();
      // Each link is found from either end, so one member may be left unwalked: "me" (the hub) when
      // present, else the centre; otherwise every ego network would walk all of my interactions.
      const meId = ((await tx.run(GET_ME, { ws })).records[0]?.get('r') as { id?: string } | undefined)?.id;
      const hub = meId !== undefined && ids.includes(meId) ? meId : center.id;
      for (const r of (await tx.run(EGO.links, { ws, ids, from: ids.filter((i) => i !== hub) })).records) {
        const [aId, bId] = [r.get('a') as string, r.get('b') as string].sort(cmp) as [string, string];
        const key = `${aId}|${bId}`;
        const link = links.get(key) ?? { aId, bId, kinds: new Set<LinkKind>() };
        link.kinds.add(r.get('kind') as LinkKind);
        links.set(key, link);
      }
      return {
        center,
        depth,
        limit,
        capped: found.length > limit,
        people: chosen.map((id) => byId.get(id)!),
        links: [...links.values()]
          .sort((a, b) => cmp(a.aId, b.aId) || cmp(a.bId, b.bId))
          .map((l): EgoLink => ({ aId: l.aId, bId: l.bId, kinds: LinkKinds.options.filter((k) => l.kinds.has(k)) })),
      };
    });
  }

  async snapshot(ws: string): Promise<WorkspaceSnapshot> {
    // One read transaction: the analytics see one consistent state.
    return this.read(async (tx) => {
      const workspace = await this.workspaceIn(tx, ws);
      if (!workspace) throw AppError.notFound('workspace', ws);
      const out: Row = { workspace };
      for (const e of ENTITY_NAMES) {
        out[e] = (await tx.run(allStatement(ENTITY[e]), { ws })).records.map((r) => toRecord(e, r.get('r')));
      }
      out.needs = await allNeeds(tx, ws);
      return out as WorkspaceSnapshot;
    });
  }

  // -- import ------------------------------------------------------------------

  async applyImport(ws: string, plan: ImportPlan): Promise<ImportResult> {
    try {
      return await this.write(async (tx) => {
        const result = await runImport(tx, ws, plan);
        // Throwing rolls the transaction back; the driver does not retry an error of ours.
        if (plan.dryRun) throw new DryRunRollback(result);
        return result;
      });
    } catch (e) {
      if (e instanceof DryRunRollback) return e.result;
      throw e;
    }
  }

  async importedExternalIds(ws: string): Promise<Set<string>> {
    return this.read(
      async (tx) =>
        new Set((await tx.run(IMPORT.allInteractionKeys, { ws })).records.map((r) => r.get('key') as string)),
    );
  }

  async listImports(ws: string, query: ImportRecordQuery): Promise<Page<ImportRecord>> {
    const limit = Number(query.limit ?? 50);
    const offset = Number(query.offset ?? 0);
    return this.read(async (tx) => {
      const total = num((await tx.run(IMPORT_RECORD.count, { ws })).records[0]?.get('total'));
      const page = await tx.run(IMPORT_RECORD.page, { ws, skip: neo4j.int(offset), limit: neo4j.int(limit) });
      const items = page.records.map((r) => {
        const m = toNative(r.get('r')) as Row;
        return {
          id: m.id as string,
          fileName: m.fileName as string,
          fileHash: m.fileHash as string,
          kind: m.kind as string,
          importedAt: m.importedAt as string,
          counts: JSON.parse(m.counts as string) as Record<string, number>,
        };
      });
      return { items, total, limit, offset };
    });
  }
}

/** Turns a transaction-memory refusal into an AppError, which the driver does not retry. */
function noRetryWhenTooBig<T>(work: Work<T>): Work<T> {
  return async (tx) => {
    try {
      return await work(tx);
    } catch (e) {
      throw isOutOfTransactionMemory(e) ? mapError(e) : e;
    }
  };
}

/** Code-point order, as Neo4j and SQLite compare text. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
