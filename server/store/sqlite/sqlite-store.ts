/**
 * The embedded store: one SQLite file (better-sqlite3) in NURTURE_DATA_DIR,
 * WAL mode, versioned migrations, every multi-row write in one transaction.
 * better-sqlite3 is synchronous: each port call runs to completion without
 * yielding, so a check and the write it guards cannot interleave.
 *
 * A unit of work (`transaction`) spans awaits, so while one is open every
 * other call waits for it (`idle`); calls made inside it pass (an
 * AsyncLocalStorage marks them). The files are private to the process's
 * user: the folder 0700, the database, its WAL and shared-memory file 0600,
 * whatever the umask; deleted content is overwritten (secure_delete).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { type AnalysisInteraction, type AnalysisSnapshot, Channel, TieKind } from '../../../shared/index.js';
import type {
  EgoNetwork,
  ImportRecord,
  ImportRecordQuery,
  Page,
  Person,
  Workspace,
  WorkspaceCreate,
  WorkspaceSnapshot,
  WorkspaceUpdate,
  LinkKind,
} from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import {
  applyPatch,
  assertReferencesSync,
  checkRecordRules,
  materialize,
  newId,
  nowIso,
} from '../../domain/records.js';
import { importRecordCounts, prefixErrorPath } from '../../domain/import-merge.js';
import { ChangeVersions, importChanged } from '../../domain/change-versions.js';
import type {
  EgoOptions,
  EntityName,
  ForeignChange,
  ImportPlan,
  PersonIdentity,
  StoreConnection,
  ImportResult,
  PersonScores,
  Repo,
  Store,
  StoreTx,
} from '../store.port.js';
import { migrate } from './migrate.js';
import { sqliteAccounts } from './sqlite-accounts.js';
import { importedExternalIds, writeImport } from './sqlite-import.js';
import { sqliteMerges } from './sqlite-merge.js';
import { sqliteErasures } from './sqlite-erasures.js';
import { sqliteReports } from './sqlite-reports.js';
import { sqliteBoard } from './sqlite-board.js';
import { allNeeds, sqliteCalibration, sqliteNeeds } from './sqlite-calibration.js';
import { TABLES, fromRow, insertRow, rawRowReader, toRow, type TableSpec } from './tables.js';

export interface SqliteStoreOptions {
  /** Folder of the database file (created if missing). */
  dataDir?: string;
  /** Full path of the database file; overrides dataDir. */
  file?: string;
  /**
   * Who copies the WAL back into the database file: a worker thread with its
   * own connection (default), or SQLite itself inside the commit that grows the
   * WAL past 1,000 pages (for extra connections, which only read).
   */
  checkpoints?: 'background' | 'inline';
}

/** How often the background checkpointer copies the WAL back. */
const CHECKPOINT_INTERVAL_MS = 500;
/** A WAL file larger than this is cut back to it once checkpointed. */
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

type Row = Record<string, unknown>;
const ROLLBACK = Symbol('dry-run rollback');

/** Compares like JavaScript `<` on strings, which is how every adapter orders names. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly file: string;

  get connection(): StoreConnection {
    return { kind: 'sqlite', file: this.file };
  }
  private handle: Database.Database | null = null;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly checkpoints: 'background' | 'inline';
  private checkpointer: Worker | null = null;
  /** The change versions seen (foreignChanges) and this store's own. */
  private readonly versions = new ChangeVersions();
  /** PRAGMA data_version at the last foreignChanges(): unchanged, no other connection committed. */
  private dataVersion: number | null = null;
  /** Versions bumped by the transaction under way, told to `versions` once it commits. */
  private bumped: { ws: string; version: number; erased: boolean }[] = [];

  /** Who checkpoints the WAL right now: the worker thread, or SQLite in the committing connection. */
  get checkpointing(): 'background' | 'inline' {
    return this.checkpointer ? 'background' : 'inline';
  }

  readonly people: Store['people'];
  readonly organizations: Store['organizations'];
  readonly ties: Store['ties'];
  readonly interactions: Store['interactions'];
  readonly introductions: Store['introductions'];
  readonly referrals: Store['referrals'];
  readonly pitches: Store['pitches'];
  readonly mailingLists: Store['mailingLists'];
  readonly subscriptions: Store['subscriptions'];
  readonly consents: Store['consents'];
  readonly accounts: Store['accounts'];
  readonly reports: Store['reports'];
  readonly board: Store['board'];

  /** The repositories without the wait for a unit of work: what a unit's own calls use. */
  private readonly inUnit: StoreTx;
  /** The unit of work open now, if any. */
  private unit: { marker: object; done: Promise<void> } | null = null;
  private readonly unitContext = new AsyncLocalStorage<object>();
  readonly merges: Store['merges'];
  readonly calibration: Store['calibration'];
  readonly needs: Store['needs'];
  readonly erasures: Store['erasures'];

  constructor(options: SqliteStoreOptions = {}) {
    this.file = options.file ?? join(options.dataDir ?? './data', 'nurture.db');
    this.checkpoints = options.checkpoints ?? 'background';
    this.inUnit = {
      people: this.repo('people'),
      organizations: this.repo('organizations'),
      ties: this.repo('ties'),
      interactions: this.repo('interactions'),
      introductions: this.repo('introductions'),
      referrals: this.repo('referrals'),
      pitches: this.repo('pitches'),
      mailingLists: this.repo('mailingLists'),
      subscriptions: this.repo('subscriptions'),
      consents: this.repo('consents'),
      accounts: sqliteAccounts(
        (sql) => this.stmt(sql),
        (fn) => this.tx(fn),
      ),
      reports: sqliteReports(
        (sql) => this.stmt(sql),
        (fn) => this.tx(fn),
      ),
      erasures: sqliteErasures({
        stmt: (sql) => this.stmt(sql),
        tx: (fn) => this.tx(fn),
        get: (ws, entity, id) => this.getRecord(ws, entity, id),
        replace: (ws, entity, r) => this.replace(ws, entity, r),
        insert: (ws, entity, r) => this.insert(ws, entity, r),
        erase: (ws, id) => this.deleteRecord(ws, 'people', id),
        bump: (ws, erased) => this.bump(ws, erased),
        existing: (ws, target, ids) => this.existing(ws)(target, ids),
      }),
    };
    const u = this.inUnit;
    this.people = this.gated(u.people);
    this.organizations = this.gated(u.organizations);
    this.ties = this.gated(u.ties);
    this.interactions = this.gated(u.interactions);
    this.introductions = this.gated(u.introductions);
    this.referrals = this.gated(u.referrals);
    this.pitches = this.gated(u.pitches);
    this.mailingLists = this.gated(u.mailingLists);
    this.subscriptions = this.gated(u.subscriptions);
    this.consents = this.gated(u.consents);
    this.accounts = this.gated(u.accounts);
    this.reports = this.gated(u.reports);
    this.erasures = this.gated(u.erasures);
    this.board = this.gated(
      sqliteBoard(
        (sql) => this.stmt(sql),
        (fn) => this.tx(fn),
      ),
    );
    // Gated like the others: a merge must not run inside another caller's open unit of work.
    this.merges = this.gated(
      sqliteMerges({
        stmt: (sql) => this.stmt(sql),
        tx: (fn) => this.tx(fn),
        get: (ws, entity, id) => this.getRecord(ws, entity, id),
        replace: (ws, entity, r) => this.replace(ws, entity, r),
        insert: (ws, entity, r) => this.insert(ws, entity, r),
      }),
    );
    this.calibration = this.gated(
      sqliteCalibration(
        (sql) => this.stmt(sql),
        (fn) => this.tx(fn),
      ),
    );
    this.needs = this.gated(
      sqliteNeeds(
        (sql) => this.stmt(sql),
        (fn) => this.tx(fn),
      ),
    );
  }

  /** Resolves once no unit of work but the caller's own is open. */
  private async idle(): Promise<void> {
    while (this.unit && this.unitContext.getStore() !== this.unit.marker) await this.unit.done;
  }

  /** The same methods, each waiting first for an open unit of work of another caller. */
  private gated<T extends object>(target: T): T {
    const out: Record<string, unknown> = {};
    for (const [name, fn] of Object.entries(target)) {
      out[name] =
        typeof fn === 'function'
          ? async (...args: unknown[]) => {
              await this.idle();
              return (fn as (...a: unknown[]) => unknown)(...args);
            }
          : fn;
    }
    return out as T;
  }

  async transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    // A unit inside a unit joins it.
    if (this.unit && this.unitContext.getStore() === this.unit.marker) return work(this.inUnit);
    while (this.unit) await this.unit.done;
    const marker = {};
    let release = () => {};
    this.unit = { marker, done: new Promise<void>((resolve) => (release = resolve)) };
    try {
      const db = this.db;
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (e) {
        throw mapSqliteError(e);
      }
      try {
        const result = await this.unitContext.run(marker, () => work(this.inUnit));
        db.exec('COMMIT');
        return result;
      } catch (e) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw mapSqliteError(e);
      }
    } finally {
      this.unit = null;
      release();
    }
  }

  /**
   * Deleted rows are zeroed in their pages (secure_delete); their old images
   * may still sit in the WAL. A TRUNCATE checkpoint copies the WAL back and
   * empties it; readers on other connections can hold it up for a moment.
   */
  async purgeDeleted(): Promise<void> {
    await this.idle();
    if (this.file === ':memory:') return;
    for (let attempt = 0; attempt < 40; attempt++) {
      const [row] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (!row || row.busy === 0) return;
      await sleep(50);
    }
    throw new AppError('STORE_UNAVAILABLE', 'The database stayed busy: its write-ahead log could not be emptied');
  }

  private get db(): Database.Database {
    if (!this.handle) throw new AppError('STORE_UNAVAILABLE', 'The SQLite store is not open');
    return this.handle;
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Runs `fn` in one transaction and turns SQLite's constraint errors into AppErrors. */
  private tx<T>(fn: () => T): T {
    const outermost = !this.db.inTransaction;
    try {
      const result = this.db.transaction(fn)();
      if (outermost) for (const b of this.bumped.splice(0)) this.versions.own(b.ws, b.version, b.erased);
      return result;
    } catch (e) {
      if (outermost) this.bumped = [];
      throw mapSqliteError(e);
    }
  }

  /**
   * Inside a write transaction that changed the workspace's records: its change version goes up by one
   * (erased: a person was erased), so other processes on this file learn of it (foreignChanges).
   */
  private bump(ws: string, erased = false): void {
    const version = this.stmt(
      `INSERT INTO workspace_changes (workspace_id, version, erased) VALUES (?, 1, ?)
       ON CONFLICT (workspace_id) DO UPDATE SET version = version + 1, erased = CASE WHEN ? THEN version + 1 ELSE erased END
       RETURNING version`,
    )
      .pluck()
      .get(ws, erased ? 1 : 0, erased ? 1 : 0) as number;
    this.bumped.push({ ws, version, erased });
  }

  async init(): Promise<void> {
    if (this.handle) return;
    if (this.file !== ':memory:') privateFiles(this.file);
    const db = new Database(this.file);
    // Erased people must not stay readable in free space: deleted content is overwritten with zeros.
    db.pragma('secure_delete = ON');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // A 16 MB page cache. A first import of 100,000 messages writes ~100 MB and spills pages to the WAL
    // before it commits; measured against a 64 MB cache (which it outgrew as well) and a 32 MB one,
    // that was no slower, and the larger caches cost 50-80 MB more resident memory at the import's peak.
    db.pragma('cache_size = -16384');
    db.pragma('temp_store = MEMORY');
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
    migrate(db);
    // SQLite creates the WAL and shared-memory files with the database's mode; one left by an older version is fixed here.
    if (this.file !== ':memory:') for (const f of [`${this.file}-wal`, `${this.file}-shm`]) chmodPrivate(f);
    this.handle = db;
    if (this.checkpoints === 'background' && this.file !== ':memory:') await this.startCheckpointer(db);
  }

  /** Checkpoints move to a worker thread; if it cannot start or dies, SQLite's own come back. */
  private async startCheckpointer(db: Database.Database): Promise<void> {
    const worker = new Worker(new URL('./wal-checkpointer.mjs', import.meta.url), {
      workerData: { file: this.file, intervalMs: CHECKPOINT_INTERVAL_MS },
    });
    const started = await new Promise<boolean>((resolve) => {
      worker.once('message', () => resolve(true));
      worker.once('error', () => resolve(false));
      worker.once('exit', () => resolve(false));
    });
    if (!started) {
      await worker.terminate();
      return;
    }
    worker.unref();
    db.pragma('wal_autocheckpoint = 0');
    this.checkpointer = worker;
    worker.once('exit', () => {
      if (this.checkpointer !== worker) return;
      this.checkpointer = null;
      if (this.handle === db) db.pragma('wal_autocheckpoint = 1000');
    });
  }

  async close(): Promise<void> {
    const worker = this.checkpointer;
    this.checkpointer = null;
    if (worker) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      // Unreferenced while it runs; waited for now, or a process awaiting close() would end first.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    }
    this.statements.clear();
    // The last connection to close checkpoints what is left and removes the WAL.
    this.handle?.close();
    this.handle = null;
  }

  async ping(): Promise<boolean> {
    try {
      return this.stmt('SELECT 1').pluck().get() === 1;
    } catch {
      return false;
    }
  }

  // ---- workspaces -------------------------------------------------------

  async createWorkspace(input: WorkspaceCreate, id = newId()): Promise<Workspace> {
    await this.idle();
    const now = nowIso();
    const ws: Workspace = { id, name: input.name, timeZone: input.timeZone ?? 'UTC', createdAt: now, updatedAt: now };
    this.tx(() => {
      this.stmt('INSERT INTO workspaces (id, name, time_zone, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(
        ws.id,
        ws.name,
        ws.timeZone,
        ws.createdAt,
        ws.updatedAt,
      );
      this.stmt('INSERT INTO workspace_changes (workspace_id, version) VALUES (?, 0)').run(ws.id);
    });
    return ws;
  }

  async getWorkspace(id: string): Promise<Workspace | null> {
    await this.idle();
    const row = this.stmt('SELECT * FROM workspaces WHERE id = ?').get(id) as Row | undefined;
    return row ? workspaceFromRow(row) : null;
  }

  async updateWorkspace(id: string, patch: WorkspaceUpdate): Promise<Workspace | null> {
    await this.idle();
    return this.tx(() => {
      const row = this.stmt('SELECT * FROM workspaces WHERE id = ?').get(id) as Row | undefined;
      if (!row) return null;
      const cur = workspaceFromRow(row);
      const next = {
        ...cur,
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      } as Workspace;
      if (next.name === cur.name && next.timeZone === cur.timeZone) return cur;
      next.updatedAt = nowIso();
      this.stmt('UPDATE workspaces SET name = ?, time_zone = ?, updated_at = ? WHERE id = ?').run(
        next.name,
        next.timeZone,
        next.updatedAt,
        id,
      );
      this.bump(id);
      return next;
    });
  }

  async listWorkspaces(): Promise<Workspace[]> {
    await this.idle();
    return (this.stmt('SELECT * FROM workspaces ORDER BY created_at, id').all() as Row[]).map(workspaceFromRow);
  }

  async deleteWorkspace(id: string): Promise<boolean> {
    await this.idle();
    return this.tx(() => {
      // The audit log is not keyed to workspaces (logins may have none): its entries go explicitly.
      this.stmt('DELETE FROM audit_log WHERE workspace_id = ?').run(id);
      return this.stmt('DELETE FROM workspaces WHERE id = ?').run(id).changes > 0;
    });
  }

  async getMe(ws: string): Promise<Person | null> {
    await this.idle();
    const row = this.stmt('SELECT * FROM people WHERE workspace_id = ? AND is_me = 1').get(ws) as Row | undefined;
    return row ? fromRow<Person>(TABLES.people, row) : null;
  }

  // ---- generic records --------------------------------------------------

  private repo<E extends EntityName>(entity: E): Store[E] {
    const spec = TABLES[entity];
    const repo: Repo<Row & { id: string; updatedAt: string }, object, object, Row> = {
      create: async (ws, input) =>
        this.tx(() => {
          const r = materialize<Row & { id: string; updatedAt: string }>(entity, input);
          this.validate(ws, entity, r);
          this.insert(ws, entity, r);
          this.bump(ws);
          return r;
        }),
      createMany: async (ws, inputs) =>
        this.tx(() => {
          const out = inputs.map((input, k) => {
            try {
              const r = materialize<Row & { id: string; updatedAt: string }>(entity, input);
              this.validate(ws, entity, r);
              this.insert(ws, entity, r);
              return r;
            } catch (e) {
              // Which of the records: `3.bId`, as an import names its rows.
              throw prefixErrorPath(e, String(k));
            }
          });
          if (out.length > 0) this.bump(ws);
          return out;
        }),
      get: async (ws, id) => this.getRecord(ws, entity, id),
      update: async (ws, id, patch) =>
        this.tx(() => {
          const cur = this.getRecord<Row & { id: string; updatedAt: string }>(ws, entity, id);
          if (!cur) return null;
          const next = applyPatch(entity, cur, patch);
          if (next === cur) return cur;
          this.validate(ws, entity, next);
          this.replace(ws, entity, next);
          this.bump(ws);
          return next;
        }),
      delete: async (ws, id) =>
        this.tx(() => {
          const deleted = this.deleteRecord(ws, entity, id);
          if (deleted) this.bump(ws, entity === 'people');
          return deleted;
        }),
      list: async (ws, query) => this.list(ws, spec, query),
    };
    return repo as unknown as Store[E];
  }

  private getRecord<T>(ws: string, entity: EntityName, id: string): T | null {
    const spec = TABLES[entity];
    const row = this.stmt(`SELECT * FROM ${spec.table} WHERE workspace_id = ? AND id = ?`).get(ws, id) as
      | Row
      | undefined;
    return row ? fromRow<T>(spec, row) : null;
  }

  private existing =
    (ws: string) =>
    (target: EntityName, ids: string[]): Set<string> => {
      const rows = this.stmt(
        `SELECT id FROM ${TABLES[target].table} WHERE workspace_id = ? AND id IN (SELECT value FROM json_each(?))`,
      )
        .pluck()
        .all(ws, JSON.stringify(ids)) as string[];
      return new Set(rows);
    };

  private validate(ws: string, entity: EntityName, r: Row): void {
    checkRecordRules(entity, r);
    assertReferencesSync(entity, r, this.existing(ws));
  }

  private insert(ws: string, entity: EntityName, r: Row): void {
    const spec = TABLES[entity];
    const { sql, values } = insertRow(spec, ws, r);
    this.stmt(sql).run(values);
    this.syncSideTables(ws, entity, r);
  }

  private replace(ws: string, entity: EntityName, r: Row): void {
    const spec = TABLES[entity];
    const previous =
      entity === 'interactions' ? (this.getRecord<Row>(ws, entity, r.id as string) ?? undefined) : undefined;
    const row = toRow(spec, r);
    const names = Object.keys(row).filter((n) => n !== 'id' && n !== 'created_at');
    this.stmt(
      `UPDATE ${spec.table} SET ${names.map((n) => `${n} = @${n}`).join(', ')} WHERE workspace_id = @workspace_id AND id = @id`,
    ).run({
      workspace_id: ws,
      ...row,
    });
    this.syncSideTables(ws, entity, r, previous ?? (entity === 'people' ? r : undefined));
  }

  /**
   * Lookup tables that mirror array fields: a person's emails, an
   * interaction's participants (by the people's and the interaction's integer
   * keys). `previous` is the record before an update.
   */
  private syncSideTables(ws: string, entity: EntityName, r: Row, previous?: Row): void {
    if (entity === 'people') {
      if (previous) this.stmt('DELETE FROM person_emails WHERE workspace_id = ? AND person_id = ?').run(ws, r.id);
      const add = this.stmt('INSERT OR IGNORE INTO person_emails (workspace_id, person_id, email) VALUES (?, ?, ?)');
      for (const e of r.emails as string[]) add.run(ws, r.id, e);
    } else if (entity === 'interactions') {
      const rid = this.stmt('SELECT rid FROM interactions WHERE workspace_id = ? AND id = ?')
        .pluck()
        .get(ws, r.id) as number;
      if (previous) this.stmt('DELETE FROM interaction_participants WHERE interaction = ?').run(rid);
      const add = this.stmt(
        'INSERT OR IGNORE INTO interaction_participants (person, interaction) SELECT rid, ? FROM people WHERE workspace_id = ? AND id = ?',
      );
      for (const p of r.participantIds as string[]) add.run(rid, ws, p);
    }
  }

  private deleteRecord(ws: string, entity: EntityName, id: string): boolean {
    const spec = TABLES[entity];
    if (!this.stmt(`SELECT 1 FROM ${spec.table} WHERE workspace_id = ? AND id = ?`).get(ws, id)) return false;
    if (entity === 'people') this.erasePersonLinks(ws, id);
    if (entity === 'organizations') {
      this.stmt(
        'UPDATE people SET organization_id = NULL, updated_at = ? WHERE workspace_id = ? AND organization_id = ?',
      ).run(nowIso(), ws, id);
    }
    if (entity === 'mailingLists') {
      this.stmt('DELETE FROM subscriptions WHERE workspace_id = ? AND list_id = ?').run(ws, id);
      this.stmt('DELETE FROM consents WHERE workspace_id = ? AND list_id = ?').run(ws, id);
    }
    this.stmt(`DELETE FROM ${spec.table} WHERE workspace_id = ? AND id = ?`).run(ws, id);
    return true;
  }

  /** Erasure: every record that names the person goes, and they leave group interactions. */
  private erasePersonLinks(ws: string, id: string): void {
    const run = (sql: string, ...params: unknown[]) => this.stmt(sql).run(ws, ...params);
    run('DELETE FROM ties WHERE workspace_id = ? AND (a_id = ? OR b_id = ?)', id, id);
    run('DELETE FROM introductions WHERE workspace_id = ? AND (introducer_id = ? OR a_id = ? OR b_id = ?)', id, id, id);
    run(
      'DELETE FROM referrals WHERE workspace_id = ? AND (referrer_id = ? OR recipient_id = ? OR prospect_id = ?)',
      id,
      id,
      id,
    );
    run('DELETE FROM pitches WHERE workspace_id = ? AND (pitcher_id = ? OR person_id = ?)', id, id);
    run('DELETE FROM subscriptions WHERE workspace_id = ? AND person_id = ?', id);
    run('DELETE FROM consents WHERE workspace_id = ? AND person_id = ?', id);
    run('UPDATE memberships SET person_id = NULL WHERE workspace_id = ? AND person_id = ?', id);
    // A merge keeps a copy of both people to undo it: erased with either of them.
    run('DELETE FROM person_merges WHERE workspace_id = ? AND (keep_id = ? OR gone_id = ?)', id, id);
    const touched = this.stmt(
      `SELECT i.* FROM interaction_participants ip JOIN interactions i ON i.rid = ip.interaction
       WHERE ip.person = (SELECT rid FROM people WHERE workspace_id = ? AND id = ?) AND i.workspace_id = ?`,
    ).all(ws, id, ws) as Row[];
    for (const row of touched) {
      const ix = fromRow<Row & { id: string; participantIds: string[]; initiatorId: string | null }>(
        TABLES.interactions,
        row,
      );
      const rest = ix.participantIds.filter((p) => p !== id);
      if (rest.length < 2) {
        run('DELETE FROM interactions WHERE workspace_id = ? AND id = ?', ix.id);
      } else {
        this.replace(ws, 'interactions', {
          ...ix,
          participantIds: rest,
          initiatorId: ix.initiatorId === id ? null : ix.initiatorId,
          updatedAt: nowIso(),
        });
      }
    }
  }

  private list(ws: string, spec: TableSpec, query: Row): Page<never> {
    const where = [{ sql: 'workspace_id = ?', params: [ws] as unknown[] }, ...spec.filters(query, ws)];
    const clause = where.map((w) => w.sql).join(' AND ');
    const params = where.flatMap((w) => w.params);
    const limit = Number(query.limit ?? 50);
    const offset = Number(query.offset ?? 0);
    const total = this.stmt(`SELECT count(*) FROM ${spec.table} WHERE ${clause}`)
      .pluck()
      .get(...params) as number;
    const rows = this.stmt(
      `SELECT * FROM ${spec.table} WHERE ${clause} ORDER BY ${spec.orderBy(query)} LIMIT ? OFFSET ?`,
    ).all(...params, limit, offset) as Row[];
    return { items: rows.map((r) => fromRow<never>(spec, r)), total, limit, offset };
  }

  // ---- import -----------------------------------------------------------

  async applyImport(ws: string, plan: ImportPlan): Promise<ImportResult> {
    await this.idle();
    let result: ImportResult | undefined;
    try {
      this.tx(() => {
        if (!this.stmt('SELECT 1 FROM workspaces WHERE id = ?').get(ws)) throw AppError.notFound('workspace', ws);
        result = this.runImport(ws, plan);
        if (plan.dryRun) throw ROLLBACK;
        if (importChanged(result)) this.bump(ws);
      });
    } catch (e) {
      if (e !== ROLLBACK) throw e;
    }
    return result!;
  }

  private runImport(ws: string, plan: ImportPlan): ImportResult {
    const now = nowIso();
    const done = writeImport(
      {
        stmt: (sql) => this.stmt(sql),
        exec: (sql) => this.db.exec(sql),
        updatePerson: (w, p) => this.replace(w, 'people', p as unknown as Row),
        checkReferences: (w, p) => assertReferencesSync('people', p as unknown as Row, this.existing(w)),
        mapError: mapSqliteError,
      },
      ws,
      plan,
      now,
    );
    let importId: string | null = null;
    if (plan.record && !plan.dryRun) {
      importId = newId();
      this.stmt(
        'INSERT INTO imports (workspace_id, id, file_name, file_hash, kind, imported_at, counts) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(
        ws,
        importId,
        plan.record.fileName,
        plan.record.fileHash,
        plan.record.kind,
        now,
        JSON.stringify(importRecordCounts(plan, done)),
      );
    }
    return { ...done, importId, dryRun: Boolean(plan.dryRun) };
  }

  async personIdentities(ws: string): Promise<PersonIdentity[]> {
    const rows = this.stmt(
      'SELECT id, name, linkedin_key, emails, company, position, connected_on, is_me FROM people WHERE workspace_id = ? ORDER BY id',
    )
      .raw(true)
      .all(ws) as [string, string, string | null, string, string | null, string | null, string | null, number][];
    return rows.map(([id, name, linkedinKey, emails, company, position, connectedOn, isMe]) => ({
      id,
      name,
      linkedinKey,
      emails: emails === '[]' ? [] : (JSON.parse(emails) as string[]),
      company,
      position,
      connectedOn,
      isMe: isMe === 1,
    }));
  }

  async importedExternalIds(ws: string): Promise<Set<string>> {
    await this.idle();
    return importedExternalIds((sql) => this.stmt(sql), ws);
  }

  async listImports(ws: string, query: ImportRecordQuery): Promise<Page<ImportRecord>> {
    await this.idle();
    const total = this.stmt('SELECT count(*) FROM imports WHERE workspace_id = ?').pluck().get(ws) as number;
    const rows = this.stmt(
      'SELECT * FROM imports WHERE workspace_id = ? ORDER BY imported_at DESC, id ASC LIMIT ? OFFSET ?',
    ).all(ws, query.limit, query.offset) as Row[];
    const items = rows.map((r) => ({
      id: r.id as string,
      fileName: r.file_name as string,
      fileHash: r.file_hash as string,
      kind: r.kind as string,
      importedAt: r.imported_at as string,
      counts: JSON.parse(r.counts as string) as Record<string, number>,
    }));
    return { items, total, limit: query.limit, offset: query.offset };
  }

  // ---- graph reads ------------------------------------------------------

  async egoNetwork(ws: string, personId: string, options: EgoOptions): Promise<EgoNetwork | null> {
    await this.idle();
    // One read transaction for its five or six statements: one consistent view, one lock.
    return this.db.transaction(() => this.readEgoNetwork(ws, personId, options))();
  }

  private readEgoNetwork(ws: string, personId: string, { depth, limit }: EgoOptions): EgoNetwork | null {
    const center = this.getRecord<Person>(ws, 'people', personId);
    if (!center) return null;
    const neighbours = (ids: string[]): string[] =>
      this.stmt('SELECT DISTINCT b FROM links WHERE ws = ? AND a IN (SELECT value FROM json_each(?))')
        .pluck()
        .all(ws, JSON.stringify(ids)) as string[];
    /** The first `n` of these people by name: names first, whole records only for those kept (me has thousands of neighbours). */
    const firstByName = (ids: string[], n: number): Person[] => {
      // CROSS JOIN: look each id up by key (left to itself the planner scans the whole name index).
      const named = (
        this.stmt(
          'SELECT p.id, p.name FROM json_each(?) j CROSS JOIN people p ON p.workspace_id = ? AND p.id = j.value',
        ).all(JSON.stringify(ids), ws) as { id: string; name: string }[]
      )
        .sort((x, y) => byCodeUnits(x.name, y.name) || byCodeUnits(x.id, y.id))
        .slice(0, n);
      const rows = new Map(
        (
          this.stmt('SELECT p.* FROM json_each(?) j CROSS JOIN people p ON p.workspace_id = ? AND p.id = j.value').all(
            JSON.stringify(named.map((p) => p.id)),
            ws,
          ) as Row[]
        ).map((r) => [r.id as string, r]),
      );
      return named.map((p) => fromRow<Person>(TABLES.people, rows.get(p.id)!));
    };

    const hop1Ids = neighbours([personId]).filter((id) => id !== personId);
    let chosen = firstByName(hop1Ids, limit);
    let capped = hop1Ids.length > limit;
    if (depth === 2 && hop1Ids.length > 0) {
      const seen = new Set([personId, ...hop1Ids]);
      const hop2Ids = neighbours(hop1Ids).filter((id) => !seen.has(id));
      if (hop2Ids.length > 0) {
        const room = limit - chosen.length;
        if (hop2Ids.length > room) capped = true;
        if (room > 0) chosen = chosen.concat(firstByName(hop2Ids, room));
      }
    }
    const members = [personId, ...chosen.map((p) => p.id)];
    // links holds each link from both ends, so one member may be left out of `a`: "me" (the hub,
    // linked to everyone) when present, else the centre.
    const meId = this.stmt('SELECT id FROM people WHERE workspace_id = ? AND is_me = 1').pluck().get(ws) as
      | string
      | undefined;
    const hub = meId !== undefined && members.includes(meId) ? meId : personId;
    // "+b" keeps b out of the key: each member's range of links is walked once and b tested against the
    // list, rather than a probe per pair of members (measured slower even for a dozen members).
    const linkRows = this.stmt(
      'SELECT a, b, kind FROM links WHERE ws = ? AND a IN (SELECT value FROM json_each(?)) AND +b IN (SELECT value FROM json_each(?))',
    ).all(ws, JSON.stringify(members.filter((m) => m !== hub)), JSON.stringify(members)) as {
      a: string;
      b: string;
      kind: LinkKind;
    }[];
    const links = new Map<string, { aId: string; bId: string; kinds: LinkKind[] }>();
    for (const row of linkRows) {
      const [a, b] = row.a < row.b ? [row.a, row.b] : [row.b, row.a];
      const kind = row.kind;
      const key = `${a}|${b}`;
      const l = links.get(key) ?? { aId: a, bId: b, kinds: [] };
      if (!l.kinds.includes(kind)) l.kinds.push(kind);
      links.set(key, l);
    }
    return { center, depth, limit, capped, people: chosen, links: [...links.values()] };
  }

  async snapshot(ws: string): Promise<WorkspaceSnapshot> {
    return (await this.readSnapshot(ws, false)).snapshot as WorkspaceSnapshot;
  }

  async versionedSnapshot(ws: string): Promise<{ snapshot: AnalysisSnapshot; version: number }> {
    return this.readSnapshot(ws, true);
  }

  /**
   * Id order (the (workspace_id, id) key), as on Neo4j: ties in a ranking break the same way on both.
   * `lean`: ties and interactions with only what the analysis reads, as rows, every person id the one
   * string of that person (3,000,000 ties would otherwise hold 6,000,000 copies of 36-character ids).
   */
  private async readSnapshot(ws: string, lean: boolean): Promise<{ snapshot: AnalysisSnapshot; version: number }> {
    await this.idle();
    // Rows as arrays (these statements are only ever raw): 300,000 people read twice as fast as keyed rows.
    const all = <T>(entity: EntityName): T[] => {
      const statement = this.stmt(`SELECT * FROM ${TABLES[entity].table} WHERE workspace_id = ? ORDER BY id`).raw();
      const read = rawRowReader<T>(
        TABLES[entity],
        statement.columns().map((c) => c.name),
      );
      return (statement.all(ws) as unknown[][]).map(read);
    };
    return this.db.transaction(() => {
      const row = this.stmt('SELECT * FROM workspaces WHERE id = ?').get(ws) as Row | undefined;
      if (!row) throw AppError.notFound('workspace', ws);
      const version = (this.stmt('SELECT version FROM workspace_changes WHERE workspace_id = ?').pluck().get(ws) ??
        0) as number;
      const people = all<Person>('people');
      const snapshot: AnalysisSnapshot = {
        workspace: workspaceFromRow(row),
        people,
        organizations: all('organizations'),
        ...(lean ? this.leanEvidence(ws, people) : { ties: all('ties'), interactions: all('interactions') }),
        introductions: all('introductions'),
        referrals: all('referrals'),
        pitches: all('pitches'),
        mailingLists: all('mailingLists'),
        subscriptions: all('subscriptions'),
        consents: all('consents'),
        needs: allNeeds((sql) => this.stmt(sql), ws),
      };
      return { snapshot, version };
    })();
  }

  private leanEvidence(ws: string, people: readonly Person[]): Pick<AnalysisSnapshot, 'ties' | 'interactions'> {
    const position = new Map<string, number>();
    for (let i = 0; i < people.length; i++) position.set(people[i]!.id, i);
    const one = (id: string): string => {
      const i = position.get(id);
      return i === undefined ? id : people[i]!.id;
    };
    const channels = new Map<string, Channel>(Channel.options.map((c) => [c, c]));
    // Ties as columns of person positions: no object per tie (3,000,000 of them at the scale benchmark).
    const count = this.stmt('SELECT count(*) FROM ties WHERE workspace_id = ?').pluck().get(ws) as number;
    const kindCode = new Map<string, number>(TieKind.options.map((k, i) => [k, i]));
    const ties = {
      count,
      id: new Array<string>(count),
      a: new Int32Array(count),
      b: new Int32Array(count),
      kind: new Uint8Array(count),
      since: new Array<string | null>(count),
    };
    const tieRows = this.stmt('SELECT id, a_id, b_id, kind, since FROM ties WHERE workspace_id = ? ORDER BY id')
      .raw()
      .iterate(ws) as IterableIterator<[string, string, string, string, string | null]>;
    let k = 0;
    for (const [id, a, b, kind, since] of tieRows) {
      const x = position.get(a);
      const y = position.get(b);
      const code = kindCode.get(kind);
      // Foreign keys and checks keep these from happening; should one, the store says which tie.
      if (x === undefined || y === undefined || code === undefined)
        throw new AppError('INTERNAL', `tie ${id} names a person or kind the workspace does not have`);
      ties.id[k] = id;
      ties.a[k] = x;
      ties.b[k] = y;
      ties.kind[k] = code;
      ties.since[k++] = since;
    }
    const interactions: AnalysisInteraction[] = [];
    const interactionRows = this.stmt(
      'SELECT id, occurred_at, channel, participant_ids, initiator_id FROM interactions WHERE workspace_id = ? ORDER BY id',
    )
      .raw()
      .iterate(ws) as IterableIterator<[string, string, string, string, string | null]>;
    for (const [id, occurredAt, channel, participants, initiator] of interactionRows)
      interactions.push({
        id,
        occurredAt,
        channel: channels.get(channel) ?? (channel as Channel),
        participantIds: (JSON.parse(participants) as string[]).map(one),
        initiatorId: initiator === null ? null : one(initiator),
      });
    return { ties, interactions };
  }

  /** One file: every read sees every commit, so there is no position to pass on. */
  async bookmarks(): Promise<string[]> {
    return [];
  }

  async useBookmarks(_bookmarks: string[]): Promise<void> {}

  /** The API serves the scores; nothing is kept in the file. */
  async writeScores(_ws: string, _scores: PersonScores[]): Promise<void> {}

  async gdsVersion(): Promise<string | null> {
    return null;
  }

  /** An embedded file runs no algorithms: the analytics run in-process. */
  async graphAlgorithms(): Promise<null> {
    return null;
  }

  /** A file's workspaces are analysed from its snapshot: no columnar path. */
  async largeWorkspaces(): Promise<null> {
    return null;
  }

  async foreignChanges(): Promise<ForeignChange[]> {
    try {
      // Changes only when another connection committed: a poll that finds nothing reads nothing.
      const dataVersion = this.db.pragma('data_version', { simple: true }) as number;
      if (dataVersion === this.dataVersion) return [];
      const rows = this.stmt('SELECT workspace_id, version, erased FROM workspace_changes').raw().all() as [
        string,
        number,
        number,
      ][];
      this.dataVersion = dataVersion;
      return this.versions.diff(rows.map(([workspaceId, version, erased]) => ({ workspaceId, version, erased })));
    } catch (e) {
      throw mapSqliteError(e);
    }
  }
}

/**
 * The data folder 0700 and the database file 0600, created so before SQLite
 * opens it. A folder that exists already is made 0700 only when it holds the
 * database (a shared folder such as /tmp named as the data folder keeps its mode).
 */
function privateFiles(file: string): void {
  const dir = dirname(file);
  const created = mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined;
  if (created || existsSync(file)) chmodPrivate(dir, 0o700);
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodPrivate(file);
}

/** chmod, whatever the umask made of the mode; a file that is not there (yet) is skipped. */
function chmodPrivate(path: string, mode = 0o600): void {
  try {
    chmodSync(path, mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

function workspaceFromRow(row: Row): Workspace {
  return {
    id: row.id as string,
    name: row.name as string,
    timeZone: row.time_zone as string,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
  };
}

const CONFLICTS: [RegExp, string][] = [
  [
    /people\.workspace_id, people\.linkedin_key/,
    'A person with this LinkedIn profile already exists in this workspace',
  ],
  [/people\.workspace_id$/, 'This workspace already has its owner ("me")'],
  [/ties\./, 'These two people already have a tie of this kind'],
  [/subscriptions\./, 'This person is already subscribed to this list'],
  [/interactions\.workspace_id, interactions\.external_id/, 'An interaction with this external id already exists'],
  [/workspaces\.id/, 'A workspace with this id already exists'],
  [/users\.email/, 'An account with this email already exists'],
  [/reports\./, 'This week already has a report'],
];

function mapSqliteError(e: unknown): unknown {
  if (e instanceof AppError || e === ROLLBACK) return e;
  const err = e as { code?: string; message?: string };
  if (err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const message =
      CONFLICTS.find(([re]) => re.test(err.message ?? ''))?.[1] ?? 'This record conflicts with an existing one';
    return new AppError('CONFLICT', message, {}, { cause: e });
  }
  if (err.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new AppError('NOT_FOUND', 'The workspace does not exist', {}, { cause: e });
  }
  if (err.code === 'SQLITE_BUSY' || err.code === 'SQLITE_CANTOPEN' || err.code === 'SQLITE_IOERR') {
    return new AppError('STORE_UNAVAILABLE', 'The embedded database is busy or cannot be read', {}, { cause: e });
  }
  return e;
}
