/**
 * An import worker thread (see import-runner.ts): opens its own connection to
 * the store as it starts, waits for one import, runs it, answers with the
 * report or the error, and ends. Its heap is capped by the runner, so a file
 * that needs too much memory ends this thread, not the server.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../core/app-error.js';
import { openStoreAt } from '../store/open-store.js';
import type { Store, StoreConnection } from '../store/store.port.js';
import { importFile, type ImportInput, type ImportOptions } from './import.service.js';

export interface ImportJob {
  ws: string;
  input: ImportInput;
  options: Omit<ImportOptions, 'onProgress'>;
}

export type ImportReply =
  | { ok: true; report: Awaited<ReturnType<typeof importFile>> }
  | { ok: false; error: { code: string; message: string; details?: unknown } };

const { connection } = workerData as { connection: StoreConnection; entry: string };

// Opened while the thread waits, so an import does not wait for it.
const opened: Promise<Store> = openStoreAt(connection).then(async (s) => {
  await s.init();
  return s;
});
opened.catch(() => undefined);

parentPort!.once('message', async (job: ImportJob) => {
  let reply: ImportReply;
  let store: Store | null = null;
  try {
    store = await opened;
    reply = { ok: true, report: await importFile(store, job.ws, job.input, job.options) };
  } catch (e) {
    reply = isAppError(e)
      ? { ok: false, error: { code: e.code, message: e.message, details: e.details } }
      : {
          ok: false,
          error: { code: 'INTERNAL', message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) },
        };
  }
  await store?.close().catch(() => undefined);
  parentPort!.postMessage(reply);
  parentPort!.close();
});
