/**
 * Runs imports off the request thread. Each import gets a worker thread of
 * its own, with its own connection to the store and a capped heap: a file
 * that needs more memory than allowed stops that thread (413, nothing
 * written: its transaction never commits) and the server keeps answering.
 * At most one import runs per workspace and `concurrency` in all; another
 * one is refused at once (429) rather than queued behind a large file.
 *
 * A thread takes a second or more to start (it loads the importer and opens
 * the store), so one is kept ready: started with the server (prewarm), as an
 * upload begins if none is, and again after each import. Each import still
 * gets a fresh thread, and its heap goes with it.
 */
import { Worker } from 'node:worker_threads';
import type { ImportReport } from '../../shared/index.js';
import { AppError, type ErrorCode } from '../core/app-error.js';
import type { Store } from '../store/store.port.js';
import { importFile, type ImportInput, type ImportOptions } from './import.service.js';
import type { ImportJob, ImportReply } from './import.worker.js';

export interface ImportRunnerOptions {
  /** Run in a worker thread (default); false runs on the calling thread (small setups, tests). */
  worker: boolean;
  /** Heap of the worker thread, in MB. */
  memoryMb: number;
  /** Imports at once over all workspaces. */
  concurrency: number;
}

/** What the worker reports to the log (the pino logger fits). */
export interface RunnerLog {
  error(obj: object, msg: string): void;
}

export class ImportRunner {
  private readonly running = new Set<string>();
  /** A started thread waiting for its import. */
  private spare: Worker | null = null;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly options: ImportRunnerOptions,
    private readonly log: RunnerLog = { error() {} },
  ) {}

  /** Imports running now. */
  get active(): number {
    return this.running.size;
  }

  /**
   * Called as an upload begins: refuses at once (429) what `run` would refuse,
   * before the file is received, and starts a thread so it is ready when the
   * upload is.
   */
  prepare(ws: string): void {
    this.admit(ws);
    if (!this.inThread) this.refill();
  }

  /** Starts a thread ahead of the first import (the server does at start; it costs a second of CPU once). */
  prewarm(): void {
    if (!this.inThread) this.refill();
  }

  /** On the calling thread: asked so, or an in-memory database another thread cannot open. */
  private get inThread(): boolean {
    const c = this.store.connection;
    return !this.options.worker || (c.kind === 'sqlite' && c.file === ':memory:');
  }

  private admit(ws: string): void {
    if (this.running.has(ws))
      throw new AppError('RATE_LIMITED', 'An import is already running in this workspace; try again when it is done', {
        retryAfter: 10,
      });
    if (this.running.size >= this.options.concurrency)
      throw new AppError('RATE_LIMITED', `${this.running.size} imports are running; try again in a minute`, {
        retryAfter: 30,
      });
  }

  async run(ws: string, input: ImportInput, options: Omit<ImportOptions, 'onProgress'>): Promise<ImportReport> {
    this.admit(ws);
    this.running.add(ws);
    try {
      return this.inThread
        ? await importFile(this.store, ws, input, options)
        : await this.inWorker({ ws, input, options });
    } finally {
      this.running.delete(ws);
    }
  }

  private startWorker(): Worker {
    const memoryMb = this.options.memoryMb;
    const worker = new Worker(new URL('./import-worker-boot.mjs', import.meta.url), {
      workerData: { connection: this.store.connection, entry: new URL('./import.worker.ts', import.meta.url).href },
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, memoryMb / 4) },
    });
    // The request waiting on it keeps the process busy; a thread must not hold up a shutdown by itself.
    worker.unref();
    return worker;
  }

  private refill(): void {
    if (this.closed || this.spare) return;
    const w = this.startWorker();
    this.spare = w;
    const drop = () => {
      if (this.spare === w) this.spare = null;
    };
    w.once('exit', drop);
    w.once('error', drop);
  }

  /** Stops the thread kept ready (at shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    const w = this.spare;
    this.spare = null;
    await w?.terminate();
  }

  private inWorker(job: ImportJob): Promise<ImportReport> {
    const memoryMb = this.options.memoryMb;
    const worker = this.spare ?? this.startWorker();
    this.spare = null;
    worker.postMessage(job);
    return new Promise<ImportReport>((resolve, reject) => {
      let settled = false;
      const settle = (f: () => void) => {
        if (settled) return;
        settled = true;
        f();
        // The next thread starts once this import is done: starting it meanwhile took CPU from the import.
        this.refill();
      };
      worker.once('message', (reply: ImportReply) =>
        settle(() => {
          if (reply.ok) resolve(reply.report);
          else if (reply.error.code === 'INTERNAL') {
            this.log.error({ worker: reply.error.message }, 'The import failed');
            reject(new AppError('INTERNAL', 'The import failed'));
          } else
            reject(
              new AppError(reply.error.code as ErrorCode, reply.error.message, (reply.error.details ?? {}) as never),
            );
        }),
      );
      worker.once('error', (e: Error & { code?: string }) =>
        settle(() => {
          if (e.code === 'ERR_WORKER_OUT_OF_MEMORY')
            reject(
              new AppError(
                'PAYLOAD_TOO_LARGE',
                `This import needed more than ${memoryMb} MB of memory and was stopped; nothing was written (NURTURE_IMPORT_WORKER_MB)`,
                { memoryMb },
              ),
            );
          else {
            this.log.error({ err: e }, 'The import worker crashed');
            reject(new AppError('INTERNAL', 'The import failed'));
          }
        }),
      );
      worker.once('exit', (code) =>
        settle(() => reject(new AppError('INTERNAL', `The import worker stopped (exit code ${code})`))),
      );
    });
  }
}
