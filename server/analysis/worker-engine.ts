/**
 * The main thread's side of the analytics worker: the same engine interface,
 * each call a message. A worker that dies is replaced on the next call.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { AppError, type ErrorCode } from '../core/app-error.js';
import type { StoreConnection } from '../store/store.port.js';
import type { AnalyticsEngine } from './analysis.engine.js';
import type { WorkerReply, WorkerRequest } from './analysis.worker.js';

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Req = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class WorkerEngine implements AnalyticsEngine {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly connection: StoreConnection,
    private readonly log: Logger,
  ) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { connection: this.connection, entry: new URL('./analysis.worker.ts', import.meta.url).href },
    });
    w.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else if (reply.error.code === 'INTERNAL') {
        this.log.error({ worker: reply.error.message }, 'The analytics worker failed');
        p.reject(new AppError('INTERNAL', 'The analysis failed'));
      } else
        p.reject(
          new AppError(reply.error.code as ErrorCode, reply.error.message, (reply.error.details ?? {}) as never),
        );
    });
    const fail = (why: string) => {
      this.worker = null;
      for (const p of this.pending.values())
        p.reject(new AppError('INTERNAL', `The analytics worker stopped (${why})`));
      this.pending.clear();
    };
    w.on('error', (e) => {
      this.log.error({ err: e }, 'The analytics worker crashed');
      fail(e.message);
    });
    w.on('exit', (code) => {
      if (this.worker === w) fail(`exit code ${code}`);
    });
    // An idle worker must not keep the process alive at shutdown.
    w.unref();
    this.worker = w;
    return w;
  }

  private call<T>(req: Req): Promise<T> {
    const w = this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      w.postMessage({ ...req, id });
    });
  }

  analyze(ws: string, now: number) {
    return this.call<Awaited<ReturnType<AnalyticsEngine['analyze']>>>({ op: 'analyze', ws, now });
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
  calibrate(ws: string) {
    return this.call<Awaited<ReturnType<AnalyticsEngine['calibrate']>>>({ op: 'calibrate', ws });
  }
  weeklyReport(ws: string, inputs: Parameters<AnalyticsEngine['weeklyReport']>[1]) {
    return this.call<Awaited<ReturnType<AnalyticsEngine['weeklyReport']>>>({ op: 'weeklyReport', ws, inputs });
  }
  forget(ws: string) {
    return this.call<void>({ op: 'forget', ws });
  }
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
