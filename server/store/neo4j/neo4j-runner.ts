/**
 * How the Neo4j adapter runs a transaction: a session per call on one shared
 * bookmark manager (a read after a write sees it, on a cluster too), its own
 * retries of transient errors (deadlocks, a leader switch), and none of an
 * unreachable server.
 *
 * Why not the driver's executeRead/executeWrite: they retry an unreachable
 * server too, first after a second and then for as long as
 * maxTransactionRetryTime, so during an outage every request took 6-8 s to
 * fail. Here a connection failure is checked at once with a quick probe (a
 * pooled connection that died with a restarted server is retried; a server
 * that does not answer is not), and while the server is known to be down
 * every call fails at once, after one probe shared by all callers.
 */
import neo4j, {
  type Driver,
  type ManagedTransaction,
  type Record as Neo4jRecord,
  type Session,
  type Transaction,
} from 'neo4j-driver';
import { AppError } from '../../core/app-error.js';
import { isOutOfTransactionMemory, isUnavailable, mapError } from './neo4j-errors.js';

export type Mode = 'READ' | 'WRITE';
export type Work<T> = (tx: ManagedTransaction) => Promise<T>;

export interface RunnerOptions {
  database?: string | undefined;
  /** How long transient errors are retried before giving up (ms). */
  maxRetryTimeMs: number;
  /** How long a probe of an unreachable server may take (ms). */
  probeTimeoutMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export class Neo4jRunner {
  /** Shared by every session: each transaction starts from the bookmarks of those before it. */
  readonly bookmarks = neo4j.bookmarkManager();
  private down = false;
  private probing: Promise<boolean> | null = null;

  constructor(
    private readonly driver: () => Driver,
    private readonly options: RunnerOptions,
  ) {}

  /** Whether the last probe or transaction found the server unreachable. */
  get isDown(): boolean {
    return this.down;
  }

  /** `fetchSize`: records the server sends before it waits for the client to ask for more (the driver's default 1,000). */
  session(mode: Mode, fetchSize?: number): Session {
    return this.driver().session({
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.bookmarks,
      ...(fetchSize ? { fetchSize } : {}),
      ...(this.options.database ? { database: this.options.database } : {}),
    });
  }

  /** Does the server answer now? One probe at a time, shared by whoever asks meanwhile. */
  probe(): Promise<boolean> {
    this.probing ??= withTimeout(
      this.driver().getServerInfo(this.options.database ? { database: this.options.database } : {}),
      this.options.probeTimeoutMs,
    )
      .then(
        () => true,
        () => false,
      )
      .then((up) => {
        this.down = !up;
        return up;
      })
      .finally(() => {
        this.probing = null;
      });
    return this.probing;
  }

  /** Marks the server reachable or not from an outside check (ping). */
  observed(up: boolean): void {
    this.down = !up;
  }

  async run<T>(mode: Mode, work: Work<T>, fetchSize?: number): Promise<T> {
    return this.attempts(mode, (session) => this.once(session, work), fetchSize);
  }

  /**
   * One statement as a transaction of its own (auto-commit): its RUN and PULL go out in one
   * write and come back in one answer, where an explicit transaction costs a BEGIN and a
   * COMMIT besides (three writes, two waits). The session's bookmark manager is the same,
   * so the read still waits for the writes before it and its bookmark joins the others.
   * Retried like run(): a read is safe to repeat.
   */
  async query(mode: Mode, cypher: string, params: Record<string, unknown>): Promise<Neo4jRecord[]> {
    return this.attempts(mode, async (session) => (await session.run(cypher, params)).records);
  }

  private async attempts<T>(mode: Mode, once: (session: Session) => Promise<T>, fetchSize?: number): Promise<T> {
    if (this.down && !(await this.probe())) throw unavailable();
    const started = Date.now();
    let delay = 50;
    for (let attempt = 1; ; attempt++) {
      let session: Session | undefined;
      try {
        session = this.session(mode, fetchSize);
        return await once(session);
      } catch (e) {
        if (e instanceof AppError || !isDriverError(e)) throw mapError(e);
        const elapsed = Date.now() - started;
        if (isUnavailable(e)) {
          // A connection from the pool that died with the last server, or a leader that moved: the
          // server (or the cluster's router) still answers, so go again. If it does not answer, fail now.
          if (elapsed < this.options.maxRetryTimeMs && attempt < 4 && (await this.probe())) continue;
          this.down = true;
          throw mapError(e);
        }
        if (
          neo4j.isRetryableError(e) &&
          !isOutOfTransactionMemory(e) &&
          elapsed + delay < this.options.maxRetryTimeMs
        ) {
          await sleep(delay * (0.8 + Math.random() * 0.4));
          delay *= 2;
          continue;
        }
        throw mapError(e);
      } finally {
        // Closing a session whose connection already died has nothing left to report.
        await session?.close().catch(() => undefined);
      }
    }
  }

  private async once<T>(session: Session, work: Work<T>): Promise<T> {
    const tx: Transaction = await session.beginTransaction();
    let result: T;
    try {
      result = await work(managed(tx));
    } catch (e) {
      if (tx.isOpen()) await tx.rollback().catch(() => undefined);
      throw e;
    }
    await tx.commit();
    return result;
  }
}

/** The transaction as work sees it: statements only, commit and rollback are the runner's. */
function managed(tx: Transaction): ManagedTransaction {
  return { run: tx.run.bind(tx) } as unknown as ManagedTransaction;
}

function isDriverError(e: unknown): boolean {
  return e instanceof neo4j.Neo4jError || (e instanceof Error && 'code' in e);
}

function unavailable(): AppError {
  return new AppError('STORE_UNAVAILABLE', 'The Neo4j database cannot be reached');
}
