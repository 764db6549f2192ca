/**
 * The main thread's side of the analytics workers: the same engine interface,
 * each call a message. Up to `workers` threads (default: the cores), so
 * workspaces are analysed side by side; a workspace stays with the thread that
 * holds its state (a tie, the paths to someone are answered from it). Each
 * thread has a heap limit: a workspace that outgrows it fails with a clear
 * error, and the thread is replaced on the next call.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { AppError, type ErrorCode } from '../core/app-error.js';
import type { StoreConnection } from '../store/store.port.js';
import type { AnalyticsEngine } from './analysis.engine.js';
import type { WorkerReply, WorkerRequest } from './analysis.worker.js';

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; ws: string };
type Req = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface WorkerEngineOptions {
  /** Threads at most (default: the cores). */
  workers?: number;
  /** Heap limit of each thread, in MB (default 2048). */
  heapMb?: number;
  /** The main connection's bookmarks: the workers' reads wait for what it wrote (Store.bookmarks). */
  bookmarks?: () => Promise<string[]>;
}

interface Slot {
  worker: Worker | null;
  /** Workspaces whose state this thread holds. */
  workspaces: Set<string>;
  busy: number;
}

/** The error a workspace too large for a thread's heap gets, with what to do about it. */
export function outgrownError(heapMb: number, ws: string): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    `The analysis of this workspace needs more memory than an analytics thread may use (${heapMb} MB, ` +
      "NURTURE_ANALYTICS_WORKER_HEAP). Raise it if the machine has the memory. On Neo4j with Nurture's " +
      'procedures (npm run neo4j loads them), `npx nurture analyze` analyses a network of a million people ' +
      'in under 1 GB and writes every score onto the people.',
    { setting: 'NURTURE_ANALYTICS_WORKER_HEAP', heapMb, workspaceId: ws },
  );
}

export class WorkerEngine implements AnalyticsEngine {
  private readonly slots: Slot[];
  private readonly byWorkspace = new Map<string, Slot>();
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly heapMb: number;
  private readonly bookmarks: () => Promise<string[]>;

  constructor(
    private readonly connection: StoreConnection,
    private readonly log: Logger,
    options: WorkerEngineOptions = {},
  ) {
    const n = Math.max(1, options.workers ?? availableParallelism());
    this.slots = Array.from({ length: n }, () => ({ worker: null, workspaces: new Set<string>(), busy: 0 }));
    this.heapMb = options.heapMb ?? 2048;
    this.bookmarks = options.bookmarks ?? (async () => []);
  }

  /** The thread of a workspace: the one holding its state, else the least busy. */
  private slotOf(ws: string): Slot {
    let slot = this.byWorkspace.get(ws);
    if (!slot) {
      slot = this.slots.reduce((a, b) =>
        b.busy < a.busy || (b.busy === a.busy && b.workspaces.size < a.workspaces.size) ? b : a,
      );
      slot.workspaces.add(ws);
      this.byWorkspace.set(ws, slot);
    }
    return slot;
  }

  private start(slot: Slot): Worker {
    if (slot.worker) return slot.worker;
    const w = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { connection: this.connection, entry: new URL('./analysis.worker.ts', import.meta.url).href },
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
    });
    w.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      slot.busy--;
      if (reply.ok) p.resolve(reply.value);
      else if (reply.error.code === 'INTERNAL') {
        this.log.error({ worker: reply.error.message }, 'The analytics worker failed');
        p.reject(new AppError('INTERNAL', 'The analysis failed'));
      } else
        p.reject(
          new AppError(reply.error.code as ErrorCode, reply.error.message, (reply.error.details ?? {}) as never),
        );
    });
    const fail = (why: string, outOfMemory: boolean) => {
      if (slot.worker !== w) return;
      slot.worker = null;
      slot.busy = 0;
      // Its states are gone with it: its workspaces are computed afresh, wherever there is room.
      for (const ws of slot.workspaces) this.byWorkspace.delete(ws);
      slot.workspaces.clear();
      for (const [id, p] of this.pending) {
        if (!this.ownedBy(id, w)) continue;
        this.pending.delete(id);
        p.reject(
          outOfMemory
            ? outgrownError(this.heapMb, p.ws)
            : new AppError('INTERNAL', `The analytics worker stopped (${why})`),
        );
      }
    };
    w.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      if (oom) this.log.warn({ heapMb: this.heapMb }, 'An analysis outgrew the analytics worker heap');
      else this.log.error({ err: e }, 'The analytics worker crashed');
      fail(e.message, oom);
    });
    w.on('exit', (code) => fail(`exit code ${code}`, false));
    // An idle worker must not keep the process alive at shutdown.
    w.unref();
    slot.worker = w;
    this.owners.set(w, new Set());
    return w;
  }

  /** The requests each thread was given, so that a thread's death fails only its own. */
  private readonly owners = new WeakMap<Worker, Set<number>>();
  private ownedBy(id: number, w: Worker): boolean {
    return this.owners.get(w)?.has(id) ?? false;
  }

  private call<T>(req: Req): Promise<T> {
    const slot = this.slotOf(req.ws);
    const w = this.start(slot);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, ws: req.ws });
      this.owners.get(w)!.add(id);
      slot.busy++;
      w.postMessage({ ...req, id });
    }).finally(() => this.owners.get(w)?.delete(id));
  }

  async analyze(ws: string, now: number) {
    const bookmarks = await this.bookmarks();
    return this.call<Awaited<ReturnType<AnalyticsEngine['analyze']>>>({ op: 'analyze', ws, now, bookmarks });
  }
  interaction(ws: string, interaction: Parameters<AnalyticsEngine['interaction']>[1]) {
    return this.call<Awaited<ReturnType<AnalyticsEngine['interaction']>>>({ op: 'interaction', ws, interaction });
  }
  tie(ws: string, x: string, y: string) {
    return this.call<Awaited<ReturnType<AnalyticsEngine['tie']>>>({ op: 'tie', ws, x, y });
  }
  ties(ws: string, pairs: [string, string][]) {
    return this.call<Awaited<ReturnType<AnalyticsEngine['ties']>>>({ op: 'ties', ws, pairs });
  }
  paths(ws: string, targetId: string) {
    return this.call<Awaited<ReturnType<AnalyticsEngine['paths']>>>({ op: 'paths', ws, targetId });
  }
  async check(ws: string, act: Parameters<AnalyticsEngine['check']>[1], now: number) {
    // The check reads the records the request is about to add to: it must see the main connection's writes.
    const bookmarks = await this.bookmarks();
    return this.call<Awaited<ReturnType<AnalyticsEngine['check']>>>({ op: 'check', ws, act, now, bookmarks });
  }
  calibrate(ws: string) {
    return this.call<Awaited<ReturnType<AnalyticsEngine['calibrate']>>>({ op: 'calibrate', ws });
  }
  async weeklyReport(ws: string, inputs: Parameters<AnalyticsEngine['weeklyReport']>[1]) {
    const bookmarks = await this.bookmarks();
    return this.call<Awaited<ReturnType<AnalyticsEngine['weeklyReport']>>>({
      op: 'weeklyReport',
      ws,
      inputs,
      bookmarks,
    });
  }
  async forget(ws: string): Promise<void> {
    const slot = this.byWorkspace.get(ws);
    if (!slot) return;
    this.byWorkspace.delete(ws);
    slot.workspaces.delete(ws);
    if (!slot.worker) return;
    const id = this.nextId++;
    const w = slot.worker;
    await new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve: () => resolve(), reject, ws });
      this.owners.get(w)!.add(id);
      slot.busy++;
      w.postMessage({ op: 'forget', ws, id });
    });
  }
  async close(): Promise<void> {
    const workers = this.slots.map((s) => s.worker).filter((w): w is Worker => w !== null);
    for (const s of this.slots) s.worker = null;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
