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
 * Derived from those, for the ego network, and kept by the same statements that write them:
 *
 *   (:Person)-[:LINKED {ties, interactions, introductions, referrals}]->(:Person)
 *        one per pair of people some record links (lower id -> higher id), counting the records of each kind
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
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import type {
  AnalysisSnapshot,
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
import { ChangeVersions, importChanged } from '../../domain/change-versions.js';
import { prefixErrorPath } from '../../domain/import-merge.js';
import type {
  EgoOptions,
  EntityName,
  EntityRepos,
  ForeignChange,
  GraphAlgorithms,
  ImportPlan,
  LargeWorkspaces,
  PersonScores,
  ImportResult,
  PersonIdentity,
  Repo,
  Store,
  StoreConnection,
  StoreTx,
} from '../store.port.js';
import { applyPatch, assertReferences, checkRecordRules, materialize, newId, nowIso } from '../../domain/records.js';
import { timeRange } from '../../../shared/index.js';
import {
  AWAIT_INDEXES,
  CHANGES,
  EGO,
  ENTITY,
  EXISTING,
  GET_ME,
  IMPORT,
  IMPORT_RECORD,
  LARGE,
  LINK_COUNT,
  MIGRATE,
  NODE_LABELS,
  PING,
  RETIRED_SCHEMA,
  SCHEMA,
  SCORES,
  SNAPSHOT,
  WORKSPACE,
  countStatement,
  getStatement,
  pageStatement,
  updateStatement,
} from './cypher.js';
import { PROPERTY_FIELDS, REL_FIELDS } from './model.js';
import { isUnavailable, mapError } from './neo4j-errors.js';
import { Neo4jRunner } from './neo4j-runner.js';
import { neo4jAccounts } from './neo4j-accounts.js';
import { neo4jMerges } from './neo4j-merge.js';
import { neo4jReports } from './neo4j-reports.js';
import { neo4jBoard } from './neo4j-board.js';
import { allNeeds, neo4jCalibration, neo4jNeeds } from './neo4j-calibration.js';
import { runImport } from './neo4j-import.js';
import { neo4jGraphAlgorithms } from './neo4j-gds.js';
import { readWorkspaceColumns, snapshotParts, writeScoreColumns } from './workspace-columns.js';
import { recordFromList, toNative, toProps, toRecord, toRefs } from './neo4j-values.js';
import type { Transactions } from './transactions.js';
import { neo4jErasures } from './neo4j-erasures.js';

export interface Neo4jStoreOptions {
  uri: string;
  user: string;
  password: string;
  database?: string;
  /** How long a transaction is retried on transient errors before giving up (ms); an unreachable server is not retried. */
  maxRetryTimeMs?: number;
}

type Row = Record<string, unknown>;

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
    return this.db.writeWorkspace(ws, async (tx) => {
      if (num((await tx.run(WORKSPACE.existsWs, { ws })).records[0]?.get('n')) === 0)
        throw AppError.notFound('workspace', ws);
      await assertReferences(e, record, (target, ids) => existingIds(tx, ws, target, ids));
      await tx.run(ENTITY[e].create, { ws, props: toProps(e, ws, record), refs: toRefs(e, record) });
      return { value: toRecord<T>(e, record), changed: true };
    });
  }

  async createMany(ws: string, inputs: C[]): Promise<T[]> {
    const e = this.entity;
    const records = inputs.map((input, k) => {
      try {
        const record = materialize<Row>(e, input as object);
        checkRecordRules(e, record);
        return record;
      } catch (err) {
        throw prefixErrorPath(err, String(k));
      }
    });
    return this.db.writeWorkspace(ws, async (tx) => {
      if (num((await tx.run(WORKSPACE.existsWs, { ws })).records[0]?.get('n')) === 0)
        throw AppError.notFound('workspace', ws);
      for (const [k, record] of records.entries()) {
        await assertReferences(e, record, (target, ids) => existingIds(tx, ws, target, ids)).catch((err: unknown) => {
          throw prefixErrorPath(err, String(k));
        });
        await tx.run(ENTITY[e].create, { ws, props: toProps(e, ws, record), refs: toRefs(e, record) });
      }
      return { value: records.map((r) => toRecord<T>(e, r)), changed: records.length > 0 };
    });
  }

  async get(ws: string, id: string): Promise<T | null> {
    return this.db.read((tx) => getIn<T>(tx, this.entity, ws, id));
  }

  async update(ws: string, id: string, patch: U): Promise<T | null> {
    const e = this.entity;
    return this.db.writeWorkspace(ws, async (tx) => {
      const existing = await getIn<Row & { updatedAt: string }>(tx, e, ws, id);
      if (!existing) return { value: null, changed: false };
      const next = applyPatch(e, existing, patch as object);
      if (next === existing) return { value: existing as T, changed: false };
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
      return { value: toRecord<T>(e, next), changed: true };
    });
  }

  async delete(ws: string, id: string): Promise<boolean> {
    const erasure = this.entity === 'people';
    return this.db.writeWorkspace(
      ws,
      async (tx) => {
        const res = await tx.run(ENTITY[this.entity].delete, { ws, id, now: nowIso() });
        const deleted = num(res.records[0]?.get('n')) > 0;
        return { value: deleted, changed: deleted };
      },
      { erased: erasure },
    );
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
  readonly board: Store['board'] = neo4jBoard(this);
  readonly merges: Store['merges'] = neo4jMerges(this);
  readonly calibration: Store['calibration'] = neo4jCalibration(this);
  readonly needs: Store['needs'] = neo4jNeeds(this);
  readonly erasures: Store['erasures'] = neo4jErasures(this);

  private driverInstance: Driver | null = null;
  private readonly runner: Neo4jRunner;
  /** The change versions seen (foreignChanges) and this store's own. */
  private readonly versions = new ChangeVersions();

  constructor(private readonly options: Neo4jStoreOptions) {
    this.runner = new Neo4jRunner(() => this.driver(), {
      database: options.database,
      maxRetryTimeMs: options.maxRetryTimeMs ?? 5_000,
      probeTimeoutMs: 1_000,
    });
  }

  get connection(): StoreConnection {
    return { kind: 'neo4j', ...this.options };
  }

  private driver(): Driver {
    this.driverInstance ??= neo4j.driver(this.options.uri, neo4j.auth.basic(this.options.user, this.options.password), {
      // A request should fail with STORE_UNAVAILABLE in seconds, not hang for the driver's 30 s default.
      connectionTimeout: 5_000,
      connectionAcquisitionTimeout: 20_000,
      userAgent: 'nurture',
    });
    return this.driverInstance;
  }

  read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.runner.run('READ', work);
  }

  write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.runner.run('WRITE', work);
  }

  /**
   * A write to a workspace's records: when `work` says it changed something, the workspace's change
   * version goes up by one as the transaction's last statement, so other replicas learn of it
   * (foreignChanges). Last, so that the lock on the workspace node is the last one the transaction takes:
   * writes to one workspace still run side by side until they commit, and none waits on another holding it.
   */
  async writeWorkspace<T>(
    ws: string,
    work: (tx: ManagedTransaction) => Promise<{ value: T; changed: boolean }>,
    options: { erased?: boolean } = {},
  ): Promise<T> {
    let version = null as number | null;
    const value = await this.runner.run('WRITE', async (tx) => {
      version = null;
      const r = await work(tx);
      if (r.changed) version = await bumpVersion(tx, ws, options.erased ?? false);
      return r.value;
    });
    if (version !== null) this.versions.own(ws, version, options.erased ?? false);
    return value;
  }

  /** Where this store's transactions have got to: another connection that waits for these reads what they wrote. */
  async bookmarks(): Promise<string[]> {
    return [...(await this.runner.bookmarks.getBookmarks())];
  }

  /** Reads from now on see at least what `bookmarks` (of another connection to this database) name. */
  async useBookmarks(bookmarks: string[]): Promise<void> {
    if (bookmarks.length > 0) await this.runner.bookmarks.updateBookmarks([], bookmarks);
  }

  /** One write transaction; the driver runs `work` again on a transient error (it touches nothing but `tx`). */
  async transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    const bumped: Bumped[] = [];
    const value = await this.write((tx) => {
      bumped.length = 0; // a retried transaction starts over
      return work(viewOn(tx, bumped));
    });
    for (const b of bumped) this.versions.own(b.ws, b.version, b.erased);
    return value;
  }

  /** Deleted nodes and properties are gone from every query; Neo4j offers no more than that to a client. */
  async purgeDeleted(): Promise<void> {}

  /** Records per batch the server sends for the snapshot read. */
  private static readonly SNAPSHOT_FETCH = 10_000;

  /** Scores in batches of this many people per statement, one transaction per batch (derived data). */
  private static readonly SCORE_CHUNK = 10_000;

  async writeScores(ws: string, scores: PersonScores[]): Promise<void> {
    for (let from = 0; from < scores.length; from += Neo4jStore.SCORE_CHUNK) {
      const rows = scores.slice(from, from + Neo4jStore.SCORE_CHUNK);
      await this.write((tx) => tx.run(SCORES.write, { ws, rows }));
    }
  }

  private gds: Promise<string | null> | null = null;

  /** Asked once per init (a server gains or loses a plugin only with a restart). */
  async gdsVersion(): Promise<string | null> {
    this.gds ??= this.read(async (tx) => (await tx.run(SCORES.gdsVersion)).records[0]?.get('gdsVersion') as string)
      .then((v) => v ?? null)
      .catch((e: unknown) => {
        if (e instanceof AppError && e.code === 'STORE_UNAVAILABLE') {
          this.gds = null;
          throw e;
        }
        return null; // no such procedure: no GDS
      });
    return this.gds;
  }

  async graphAlgorithms(): Promise<GraphAlgorithms | null> {
    const version = await this.gdsVersion();
    return version ? neo4jGraphAlgorithms(this, version) : null;
  }

  async init(): Promise<void> {
    const session = this.runner.session('WRITE');
    try {
      const s = session;
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
      for (const r of (await s.run(MIGRATE.unlinkedWorkspaces)).records) {
        const ws = r.get('id') as string;
        await s.executeWrite(async (tx) => {
          for (const statement of MIGRATE.linkedPairs) await tx.run(statement, { ws });
        });
      }
      this.runner.observed(true);
      this.gds = null;
    } catch (e) {
      if (isUnavailable(e)) this.runner.observed(false);
      throw mapError(e);
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const d = this.driverInstance;
    this.driverInstance = null;
    await d?.close();
  }

  async ping(): Promise<boolean> {
    const session = this.runner.session('READ');
    try {
      await session.run(PING, {}, { timeout: 5_000 });
      this.runner.observed(true);
      return true;
    } catch (e) {
      if (isUnavailable(e)) this.runner.observed(false);
      return false;
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  // -- workspaces ------------------------------------------------------------

  async createWorkspace(input: WorkspaceCreate, id: string = newId()): Promise<Workspace> {
    const now = nowIso();
    const w: Workspace = { id, createdAt: now, updatedAt: now, name: input.name, timeZone: input.timeZone ?? 'UTC' };
    // linkedPairs: its LINKED relationships are kept from the start (MIGRATE).
    await this.write((tx) => tx.run(WORKSPACE.create, { props: { ...w, workspaceId: id, linkedPairs: 1 } }));
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
    return this.writeWorkspace(id, async (tx) => {
      const existing = await this.workspaceIn(tx, id);
      if (!existing) return { value: null, changed: false };
      const next: Workspace = {
        ...existing,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
      };
      if (next.name === existing.name && next.timeZone === existing.timeZone)
        return { value: existing, changed: false };
      next.updatedAt = nowIso();
      await tx.run(WORKSPACE.update, { id, props: { ...next, workspaceId: id } });
      return { value: next, changed: true };
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
    const kindsInOrder = Object.keys(LINK_COUNT) as LinkKind[];
    /** Links found from either end, once each, with their kinds (from the counts, LINK_COUNT order). */
    const linksOf = (rows: { a: string; b: string; counts: unknown[] }[]): EgoLink[] => {
      const links = new Map<string, { aId: string; bId: string; kinds: Set<LinkKind> }>();
      for (const r of rows) {
        const [aId, bId] = [r.a, r.b].sort(cmp) as [string, string];
        const key = `${aId}|${bId}`;
        const link = links.get(key) ?? { aId, bId, kinds: new Set<LinkKind>() };
        r.counts.forEach((n, k) => {
          if (num(n) > 0) link.kinds.add(kindsInOrder[k]!);
        });
        if (link.kinds.size > 0) links.set(key, link);
      }
      return [...links.values()]
        .sort((a, b) => cmp(a.aId, b.aId) || cmp(a.bId, b.bId))
        .map((l): EgoLink => ({ aId: l.aId, bId: l.bId, kinds: LinkKinds.options.filter((k) => l.kinds.has(k)) }));
    };
    if (depth === 1) {
      // The common case (a person's page): one statement, as its own transaction (one round trip).
      const first = (await this.runner.query('READ', EGO.depthOne, { ws, id: personId, limit: neo4j.int(limit) }))[0];
      if (!first) return null;
      const fields = PROPERTY_FIELDS.people.length;
      const person = (v: unknown[]) => recordFromList<Person>('people', v, { organizationId: v[fields] });
      const [center, ...people] = (first.get('people') as unknown[][]).map(person);
      return {
        center: center!,
        depth,
        limit,
        capped: first.get('capped') === true,
        people,
        links: linksOf(
          (first.get('links') as unknown[][]).map((l) => ({
            a: l[0] as string,
            b: l[1] as string,
            counts: l.slice(2),
          })),
        ),
      };
    }
    return this.read(async (tx) => {
      // The centre, "me" and the first hop in one statement; then the hops beyond, then the
      // chosen people and the links among them (two statements sent together).
      const first = (await tx.run(EGO.start, { ws, id: personId })).records[0];
      if (!first) return null;
      const center = toRecord<Person>('people', first.get('r'));
      const meId = (first.get('meId') as string | null) ?? undefined;
      const near = (first.get('near') as [string, string][]).map(([id, name]) => ({ id, name }));

      // Breadth first, one hop at a time; people sort by hop, then name, then id.
      const seen = new Set([center.id]);
      const found: { id: string; name: string; hop: number }[] = [];
      let next = near;
      for (let hop = 1; hop <= depth; hop++) {
        if (hop > 1) {
          // Once more than `limit` people are nearer, farther ones cannot make the cut.
          const frontier = found.filter((p) => p.hop === hop - 1).map((p) => p.id);
          if (frontier.length === 0 || found.length > limit) break;
          next = (await tx.run(EGO.neighbours, { ws, ids: frontier })).records.map((r) => ({
            id: r.get('id') as string,
            name: r.get('name') as string,
          }));
        }
        for (const p of next) {
          if (seen.has(p.id)) continue;
          seen.add(p.id);
          found.push({ ...p, hop });
        }
      }
      found.sort((a, b) => a.hop - b.hop || cmp(a.name, b.name) || cmp(a.id, b.id));
      const chosen = found.slice(0, limit).map((p) => p.id);

      const ids = [center.id, ...chosen];
      // Each link is found from either end, so one member may be left unwalked: "me" (the hub) when
      // present, else the centre; otherwise every ego network would walk all of my links.
      const hub = meId !== undefined && ids.includes(meId) ? meId : center.id;
      const [peopleRes, linkRes] = await Promise.all([
        tx.run(EGO.people, { ws, ids: chosen }),
        tx.run(EGO.links, { ws, ids, from: ids.filter((i) => i !== hub) }),
      ]);
      const byId = new Map(
        peopleRes.records.map((r) => toRecord<Person>('people', r.get('r'))).map((p) => [p.id, p] as const),
      );
      return {
        center,
        depth,
        limit,
        capped: found.length > limit,
        people: chosen.map((id) => byId.get(id)!),
        links: linksOf(
          linkRes.records.map((r) => ({
            a: r.get('a') as string,
            b: r.get('b') as string,
            counts: r.get('counts') as unknown[],
          })),
        ),
      };
    });
  }

  async snapshot(ws: string): Promise<WorkspaceSnapshot> {
    return (await this.versionedSnapshot(ws)).snapshot;
  }

  async versionedSnapshot(ws: string): Promise<{ snapshot: WorkspaceSnapshot; version: number }> {
    // One read transaction: the analytics see one consistent state. Every record is kept anyway,
    // so the server sends them in large batches rather than waiting for the driver every 1,000.
    return this.runner.run(
      'READ',
      async (tx) => {
        const { out, version } = await this.snapshotRest(tx, ws);
        const fromList = (e: EntityName, values: unknown[], refs: Row) => recordFromList(e, values, refs);
        const peopleFields = PROPERTY_FIELDS.people.length;
        out.people = byId(
          (await tx.run(SNAPSHOT.people, { ws })).records.map((r) => {
            const v = r.get('r') as unknown[];
            return fromList('people', v, { organizationId: v[peopleFields] });
          }),
        );
        const tieFields = PROPERTY_FIELDS.ties.length;
        out.ties = byId(
          (await tx.run(SNAPSHOT.ties, { ws })).records.map((r) => {
            const v = r.get('r') as unknown[];
            return fromList('ties', v, { aId: v[tieFields], bId: v[tieFields + 1] });
          }),
        );
        const interactionFields = PROPERTY_FIELDS.interactions.length;
        out.interactions = byId(
          (await tx.run(SNAPSHOT.interactions, { ws })).records.map((r) => {
            const v = r.get('r') as unknown[];
            const ids: string[] = [];
            const pos: number[] = [];
            let initiatorId: string | null = null;
            for (let k = interactionFields; k < v.length; k++) {
              const s = v[k] as string;
              const started = s.charCodeAt(0) === 33; // "!"
              const space = s.indexOf(' ');
              const id = s.slice(space + 1);
              pos.push(Number(s.slice(started ? 1 : 0, space)));
              ids.push(id);
              if (started) initiatorId = id;
            }
            return fromList('interactions', v, { participantIds: inOrder(ids, pos), initiatorId });
          }),
        );
        return { snapshot: out as WorkspaceSnapshot, version };
      },
      Neo4jStore.SNAPSHOT_FETCH,
    );
  }

  /** A snapshot's workspace, change version, needs and every record but people, ties and interactions. */
  private async snapshotRest(tx: ManagedTransaction, ws: string): Promise<{ out: Row; version: number }> {
    const workspace = await this.workspaceIn(tx, ws);
    if (!workspace) throw AppError.notFound('workspace', ws);
    const version = num((await tx.run(CHANGES.of, { ws })).records[0]?.get('version'));
    const out: Row = { workspace };
    for (const e of ENTITY_NAMES) {
      if (e === 'people' || e === 'interactions' || e === 'ties') continue;
      out[e] = byId((await tx.run(SNAPSHOT.rest(ENTITY[e]), { ws })).records.map((r) => toRecord(e, r.get('r'))));
    }
    out.needs = await allNeeds(tx, ws);
    return { out, version };
  }

  private procedures: Promise<boolean> | null = null;

  /** Whether the server has Nurture's procedures (neo4j/procedures); asked once per init. */
  private hasProcedures(): Promise<boolean> {
    this.procedures ??= this.read(async (tx) => (await tx.run(LARGE.procedures)).records.length > 0).catch(
      (e: unknown) => {
        if (e instanceof AppError && e.code === 'STORE_UNAVAILABLE') {
          this.procedures = null;
          throw e;
        }
        return false;
      },
    );
    return this.procedures;
  }

  async largeWorkspaces(): Promise<LargeWorkspaces | null> {
    if (!(await this.hasProcedures())) return null;
    return {
      peopleCount: (ws) => this.read(async (tx) => num((await tx.run(LARGE.peopleCount, { ws })).records[0]?.get('n'))),
      snapshot: (ws) =>
        // One read transaction, as the snapshot: the records and the columns are of one state.
        this.runner.run('READ', async (tx) => {
          const { out, version } = await this.snapshotRest(tx, ws);
          const columns = await readWorkspaceColumns(tx, ws);
          const snapshot = { ...out, ...snapshotParts(columns) } as unknown as AnalysisSnapshot;
          return { snapshot, version, nodes: columns.people.internal };
        }),
      writeScores: async (ws, scores) => {
        // Two writers (the server's two cores: one decodes and checks while the other commits), each
        // 100,000 people a transaction; measured at 1,000,000 people: 11 s with one, about 6 with two.
        const n = scores.nodes.byteLength / 8;
        const half = Math.ceil(n / 2);
        const parts = await Promise.all(
          [0, half].map(async (from) => {
            const to = Math.min(n, from + half);
            const session = this.runner.session('WRITE');
            try {
              return await writeScoreColumns(session, ws, {
                nodes: scores.nodes.subarray(8 * from, 8 * to),
                partnerScore: scores.partnerScore.subarray(from, to),
                strength: scores.strength.subarray(from, to),
                stage: scores.stage.subarray(from, to),
                stages: scores.stages,
                community: scores.community.subarray(from, to),
              });
            } catch (e) {
              throw e instanceof AppError ? e : mapError(e);
            } finally {
              await session.close();
            }
          }),
        );
        return { written: parts[0]!.written + parts[1]!.written, skipped: parts[0]!.skipped + parts[1]!.skipped };
      },
    };
  }

  async foreignChanges(): Promise<ForeignChange[]> {
    // Never opens a driver: a store not yet opened, or closed, has nothing to report.
    if (!this.driverInstance) return [];
    const rows = await this.read(async (tx) => (await tx.run(CHANGES.all)).records);
    return this.versions.diff(
      rows.map((r) => ({
        workspaceId: r.get('id') as string,
        version: num(r.get('version')),
        erased: num(r.get('erased')),
      })),
    );
  }

  // -- import ------------------------------------------------------------------

  async applyImport(ws: string, plan: ImportPlan): Promise<ImportResult> {
    try {
      return await this.writeWorkspace(ws, async (tx) => {
        const result = await runImport(tx, ws, plan);
        // Throwing rolls the transaction back; an error of ours is never retried.
        if (plan.dryRun) throw new DryRunRollback(result);
        return { value: result, changed: importChanged(result) };
      });
    } catch (e) {
      if (e instanceof DryRunRollback) return e.result;
      throw e;
    }
  }

  async personIdentities(ws: string): Promise<PersonIdentity[]> {
    return this.read(async (tx) =>
      (await tx.run(IMPORT.identities, { ws })).records.map((r) => ({
        id: r.get('id') as string,
        name: r.get('name') as string,
        linkedinKey: (r.get('linkedinKey') as string | null) ?? null,
        emails: r.get('emails') as string[],
        company: (r.get('company') as string | null) ?? null,
        position: (r.get('position') as string | null) ?? null,
        connectedOn: (r.get('connectedOn') as string | null) ?? null,
        isMe: r.get('isMe') === true,
      })),
    );
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

/** The workspace's change version, one up, as the last statement of a write transaction; null if there is no such workspace. */
async function bumpVersion(tx: ManagedTransaction, ws: string, erased: boolean): Promise<number | null> {
  const v = (await tx.run(CHANGES.bump, { ws, erased })).records[0]?.get('version');
  return v === undefined || v === null ? null : num(v);
}

/** Records in id order (code units; ids are ASCII), the order of SQLite's (workspace_id, id) key. */
function byId<T>(records: T[]): T[] {
  return records.sort((a, b) => cmp((a as { id: string }).id, (b as { id: string }).id));
}

/** `ids` ordered by their positions `pos`. */
function inOrder(ids: string[], pos: number[]): string[] {
  if (ids.length === 2) return pos[0]! <= pos[1]! ? ids : [ids[1]!, ids[0]!];
  return ids
    .map((id, k) => ({ id, p: pos[k]! }))
    .sort((a, b) => a.p - b.p)
    .map((x) => x.id);
}

/** A change version bumped inside a unit of work, recorded as this store's own once it commits. */
interface Bumped {
  ws: string;
  version: number;
  erased: boolean;
}

/** The repositories of the port bound to one open transaction: every read and write runs in it. */
function viewOn(tx: ManagedTransaction, bumped: Bumped[]): StoreTx {
  const one: Transactions = {
    read: (work) => work(tx),
    write: (work) => work(tx),
    async writeWorkspace(ws, work, options = {}) {
      const r = await work(tx);
      if (r.changed) {
        const erased = options.erased ?? false;
        const version = await bumpVersion(tx, ws, erased);
        if (version !== null) bumped.push({ ws, version, erased });
      }
      return r.value;
    },
  };
  return {
    people: new Neo4jRepo('people', one),
    organizations: new Neo4jRepo('organizations', one),
    ties: new Neo4jRepo('ties', one),
    interactions: new Neo4jRepo('interactions', one),
    introductions: new Neo4jRepo('introductions', one),
    referrals: new Neo4jRepo('referrals', one),
    pitches: new Neo4jRepo('pitches', one),
    mailingLists: new Neo4jRepo('mailingLists', one),
    subscriptions: new Neo4jRepo('subscriptions', one),
    consents: new Neo4jRepo('consents', one),
    accounts: neo4jAccounts(one),
    reports: neo4jReports(one),
    erasures: neo4jErasures(one),
  };
}

/** Code-point order, as Neo4j and SQLite compare text. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
