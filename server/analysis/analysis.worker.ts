/**
 * The analytics worker thread: computes off the request path, so the API
 * stays responsive while a large network is analysed. Opens its own
 * connection to the store the main thread uses.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../core/app-error.js';
import { openStoreAt } from '../store/open-store.js';
import type { Store, StoreConnection } from '../store/store.port.js';
import { InlineEngine } from './analysis.engine.js';

export type WorkerRequest =
  | { id: number; op: 'analyze'; ws: string; now: number; bookmarks: string[] }
  | { id: number; op: 'interaction'; ws: string; interaction: Parameters<InlineEngine['interaction']>[1] }
  | { id: number; op: 'tie'; ws: string; x: string; y: string }
  | { id: number; op: 'ties'; ws: string; pairs: [string, string][] }
  | { id: number; op: 'paths'; ws: string; targetId: string }
  | { id: number; op: 'check'; ws: string; act: Parameters<InlineEngine['check']>[1]; now: number; bookmarks: string[] }
  | {
      id: number;
      op: 'weeklyReport';
      ws: string;
      inputs: Parameters<InlineEngine['weeklyReport']>[1];
      bookmarks: string[];
    }
  | { id: number; op: 'calibrate'; ws: string }
  | { id: number; op: 'forget'; ws: string };

export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { code: string; message: string; details?: unknown } };

const { connection } = workerData as { connection: StoreConnection; entry: string };
let opened: Promise<Store> | null = null;
const store = () => {
  opened ??= openStoreAt(connection)
    .then(async (s) => {
      await s.init();
      return s;
    })
    .catch((e: unknown) => {
      opened = null;
      throw e;
    });
  return opened;
};
const engine = new InlineEngine(store);

parentPort!.on('message', async (req: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    // Reads from here on see what the main thread's connection wrote (a cluster member may lag behind).
    if ('bookmarks' in req && req.bookmarks.length > 0) await (await store()).useBookmarks(req.bookmarks);
    const value =
      req.op === 'analyze'
        ? await engine.analyze(req.ws, req.now)
        : req.op === 'interaction'
          ? await engine.interaction(req.ws, req.interaction)
          : req.op === 'tie'
            ? await engine.tie(req.ws, req.x, req.y)
            : req.op === 'ties'
              ? await engine.ties(req.ws, req.pairs)
              : req.op === 'paths'
                ? await engine.paths(req.ws, req.targetId)
                : req.op === 'check'
                  ? await engine.check(req.ws, req.act, req.now)
                  : req.op === 'weeklyReport'
                    ? await engine.weeklyReport(req.ws, req.inputs)
                    : req.op === 'calibrate'
                      ? await engine.calibrate(req.ws)
                      : await engine.forget(req.ws);
    reply = { id: req.id, ok: true, value };
  } catch (e) {
    reply = isAppError(e)
      ? { id: req.id, ok: false, error: { code: e.code, message: e.message, details: e.details } }
      : {
          id: req.id,
          ok: false,
          error: { code: 'INTERNAL', message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) },
        };
  }
  parentPort!.postMessage(reply);
});
