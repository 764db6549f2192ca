import { EventEmitter } from 'node:events';
import type { ForeignChange } from '../store/store.port.js';

export interface Change {
  workspaceId: string;
  /** What changed: 'person erased', 'workspace deleted', 'changed elsewhere' (another process), or a service's word. */
  what: string;
  /** For a change made elsewhere: the workspace's change version after it. */
  version?: number;
}

/** Where changes made by other processes come from (a Store: foreignChanges). */
export interface ChangeSource {
  foreignChanges(): Promise<ForeignChange[]>;
}

/** How often another process's writes are looked for: within the 2 s a user waits, at the cost of a trivial query. */
export const FOLLOW_INTERVAL_MS = 500;

/**
 * Tells whoever caches derived data (the analytics, pushed updates) that a
 * workspace changed. Services publish after each successful write; follow()
 * adds the writes of other processes and replicas, found in the database.
 */
export class ChangeFeed {
  private readonly emitter = new EventEmitter();
  private readonly stops: (() => void)[] = [];

  constructor() {
    // One listener per connected browser (pushed updates) besides the analytics.
    this.emitter.setMaxListeners(0);
  }

  publish(workspaceId: string, what: string, version?: number): void {
    this.emitter.emit('change', version === undefined ? { workspaceId, what } : { workspaceId, what, version });
  }

  subscribe(fn: (e: Change) => void): () => void {
    this.emitter.on('change', fn);
    return () => this.emitter.off('change', fn);
  }

  /**
   * Publishes what other connections change in the database `source` reads, as
   * they commit: polled every `intervalMs`, so within about that time. A poll
   * that fails (the database is down) is tried again at the next tick.
   */
  follow(source: ChangeSource, intervalMs = FOLLOW_INTERVAL_MS): () => void {
    let timer: NodeJS.Timeout | null = null;
    let stopped = false;
    const tick = async () => {
      try {
        for (const c of await source.foreignChanges()) {
          const what = c.deleted ? 'workspace deleted' : c.erased ? 'person erased' : 'changed elsewhere';
          this.publish(c.workspaceId, what, c.version);
        }
      } catch {
        // Unreachable now; the requests say so. Next tick.
      }
      if (stopped) return;
      timer = setTimeout(() => void tick(), intervalMs);
      timer.unref();
    };
    void tick();
    const stop = () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
    this.stops.push(stop);
    return stop;
  }

  /** Stops following (at shutdown, before the store closes). */
  close(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}
