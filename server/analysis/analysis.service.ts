/**
 * The analytics as a service: one cached analysis per workspace, invalidated
 * by writes (the change feed: this process's own, and those of other
 * processes and replicas found in the database) and recomputed off the
 * request path. Answers never wait for a recomputation once a first result
 * exists: they serve the last one, marked stale, with the time it describes.
 *
 * Memory is bounded: each workspace's analysis (here and in the engine, about
 * 8 KB a person) and its serialised answers count against a budget
 * (NURTURE_ANALYTICS_MEMORY); past it, the workspaces asked about least
 * recently are forgotten and computed again when next asked.
 */
import type { Logger } from 'pino';
import type { AnalysisResult, PersonAnalysis } from '../../shared/index.js';
import type { NewInteraction } from '../analytics/index.js';
import { AppError } from '../core/app-error.js';
import type { ChangeFeed } from '../core/change-feed.js';
import type { AnalysisRun, AnalyticsEngine, InteractionUpdate } from './analysis.engine.js';
import { JsonBody } from '../core/json-body.js';

interface Entry {
  /** Bumped by every write to the workspace made in this process. */
  revision: number;
  result: AnalysisResult | null;
  /** The revision `result` reflects. */
  resultRevision: number;
  /** The workspace's change version in the snapshot `result` was computed from. */
  resultVersion: number;
  /** The highest change version reported by another process or replica. */
  seenVersion: number;
  /** When it was last asked about, as a count of questions (for eviction). */
  usedAt: number;
  byPerson: Map<string, PersonAnalysis>;
  computing: Promise<AnalysisResult> | null;
  timer: NodeJS.Timeout | null;
  lastError: string | null;
}

/**
 * Whose point of view an analysis takes: the workspace's owner ("me", the
 * key is the workspace id) or a member's own person (`<workspace>@<person>`).
 * Ids never hold '@'.
 */
export function viewKey(ws: string, viewpoint: string | null | undefined): string {
  return viewpoint ? `${ws}@${viewpoint}` : ws;
}

export function splitViewKey(key: string): { ws: string; viewpoint: string | null } {
  const at = key.indexOf('@');
  return at < 0 ? { ws: key, viewpoint: null } : { ws: key.slice(0, at), viewpoint: key.slice(at + 1) };
}

export interface Current {
  result: AnalysisResult;
  byPerson: Map<string, PersonAnalysis>;
  stale: boolean;
}

/** Serialised answers kept per analysis, as held (gzipped). */
const ANSWERS_PER_ANALYSIS = 64 * 1024 * 1024;

/** What one analysed person costs, in the service and in the engine's state (measured: ~7 KB in the engine). */
export const BYTES_PER_PERSON = 8 * 1024;

export interface AnalyticsServiceOptions {
  /** Writes come in bursts (an import, a form): wait this long before recomputing. */
  debounceMs?: number;
  /** Bytes of analyses kept across workspaces before the least recently used are forgotten. */
  memoryBudget?: number;
}

export class AnalyticsService {
  private readonly entries = new Map<string, Entry>();
  private clock = 0;
  private readonly debounceMs: number;
  private readonly memoryBudget: number;
  /** Each analysis's people in the orders asked for, sorted once (a ranking page must not sort 30,000 people). */
  private readonly orders = new WeakMap<AnalysisResult, Map<string, PersonAnalysis[]>>();
  /** Answers already serialised, per analysis: a busy ranking page is a buffer copy, not 100 KB of JSON.stringify. */
  private readonly answers = new WeakMap<AnalysisResult, { bytes: number; byKey: Map<string, JsonBody> }>();
  private readonly unsubscribe: () => void;
  /** Told when a workspace's scores change: a new analysis, or an interaction's incremental update. */
  private readonly computed = new Set<(ws: string, computedAt: string) => void>();

  constructor(
    readonly engine: AnalyticsEngine,
    feed: ChangeFeed,
    private readonly log: Logger,
    options: AnalyticsServiceOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 300;
    this.memoryBudget = options.memoryBudget ?? Number.POSITIVE_INFINITY;
    this.unsubscribe = feed.subscribe(({ workspaceId, what, version }) => {
      // An erased person must leave the caches at once, not at the next recomputation.
      if (what === 'person erased' || what === 'workspace deleted') void this.forget(workspaceId);
      // The board's "done" is no input of the analysis.
      else if (what === 'board') return;
      else if (version !== undefined) for (const key of this.keysOf(workspaceId)) this.changedElsewhere(key, version);
      else for (const key of this.keysOf(workspaceId)) this.invalidate(key);
    });
  }

  private entry(ws: string): Entry {
    let e = this.entries.get(ws);
    if (!e) {
      e = {
        revision: 0,
        result: null,
        resultRevision: -1,
        resultVersion: -1,
        seenVersion: -1,
        usedAt: this.clock++,
        byPerson: new Map(),
        computing: null,
        timer: null,
        lastError: null,
      };
      this.entries.set(ws, e);
    }
    return e;
  }

  /** Calls `fn` each time a workspace's scores change; returns the way to stop. */
  onComputed(fn: (ws: string, computedAt: string) => void): () => void {
    this.computed.add(fn);
    return () => this.computed.delete(fn);
  }

  private announce(key: string, computedAt: string): void {
    const { ws } = splitViewKey(key);
    for (const fn of this.computed) fn(ws, computedAt);
  }

  /** Every point of view of a workspace held now (the owner's always). */
  private keysOf(ws: string): string[] {
    const keys = [...this.entries.keys()].filter((k) => k === ws || k.startsWith(`${ws}@`));
    return keys.includes(ws) ? keys : [ws, ...keys];
  }

  invalidate(ws: string): void {
    const e = this.entry(ws);
    e.revision++;
    if (!e.result) return; // nothing cached: the next question computes
    this.schedule(ws, e);
  }

  /**
   * Another process or replica changed the workspace (its change version is now `version`): recompute,
   * unless the analysis already reflects it. Nothing is cached for a workspace never asked about.
   */
  private changedElsewhere(ws: string, version: number): void {
    const e = this.entries.get(ws);
    if (!e) return;
    if (version > e.seenVersion) e.seenVersion = version;
    if (e.result && e.resultVersion < version) this.schedule(ws, e);
  }

  /** Recomputes after the debounce (a burst of writes makes one recomputation). */
  private schedule(ws: string, e: Entry): void {
    if (e.timer) clearTimeout(e.timer);
    e.timer = setTimeout(() => {
      e.timer = null;
      this.compute(ws).catch(() => undefined);
    }, this.debounceMs);
    e.timer.unref();
  }

  /** A newer state of the workspace exists than the one the analysis describes. */
  private isStale(e: Entry): boolean {
    return e.result !== null && (e.resultRevision !== e.revision || e.resultVersion < e.seenVersion);
  }

  status(ws: string) {
    const e = this.entry(ws);
    return {
      computedAt: e.result?.computedAt ?? null,
      stale: this.isStale(e),
      computing: e.computing !== null,
      lastError: e.lastError,
      summary: e.result?.summary ?? null,
    };
  }

  /** Starts a recomputation now (if none is running) and returns at once. */
  refresh(ws: string): void {
    this.compute(ws).catch(() => undefined);
  }

  /** The analysis to answer from: the cached one, or the first one computed now. */
  async current(ws: string): Promise<Current> {
    const e = this.entry(ws);
    e.usedAt = this.clock++;
    if (e.result && !this.isStale(e)) return { result: e.result, byPerson: e.byPerson, stale: false };
    const next = this.compute(ws);
    if (e.result) {
      next.catch(() => undefined);
      return { result: e.result, byPerson: e.byPerson, stale: true };
    }
    await next;
    // Evicted meanwhile (a small budget, many workspaces): still answer from what was computed.
    return { result: e.result!, byPerson: e.byPerson, stale: this.isStale(e) };
  }

  private compute(ws: string): Promise<AnalysisResult> {
    const e = this.entry(ws);
    if (e.computing) return e.computing;
    const revision = e.revision;
    const started = Date.now();
    e.computing = this.engine
      .analyze(ws, Date.now())
      .then(({ result, version }: AnalysisRun) => {
        e.result = result;
        e.resultRevision = revision;
        e.resultVersion = version;
        e.byPerson = new Map(result.people.map((p) => [p.personId, p]));
        e.lastError = null;
        this.log.info(
          { workspaceId: ws, ms: Date.now() - started, people: result.summary.people, version },
          'Analytics recomputed',
        );
        this.evictOverBudget(ws);
        this.announce(ws, result.computedAt);
        return result;
      })
      .catch((err: unknown) => {
        e.lastError = err instanceof Error ? err.message : String(err);
        throw err;
      })
      .finally(() => {
        e.computing = null;
        // Writes arrived while computing, or the snapshot came from a cluster member behind the newest
        // change seen: go again.
        if (this.isStale(e) && !e.timer && this.entries.get(ws) === e) this.schedule(ws, e);
      });
    return e.computing;
  }

  /** Bytes held for the workspace: its analysis (here and in the engine) and its serialised answers. */
  private bytesOf(e: Entry): number {
    if (!e.result) return 0;
    return e.result.summary.people * BYTES_PER_PERSON + (this.answers.get(e.result)?.bytes ?? 0);
  }

  /** Forgets the least recently asked-about workspaces while the total is over the budget (never `keep`). */
  private evictOverBudget(keep: string): void {
    if (!Number.isFinite(this.memoryBudget)) return;
    let total = 0;
    for (const e of this.entries.values()) total += this.bytesOf(e);
    if (total <= this.memoryBudget) return;
    const byAge = [...this.entries]
      .filter(([ws, e]) => ws !== keep && !e.computing)
      .sort((a, b) => a[1].usedAt - b[1].usedAt);
    for (const [ws, e] of byAge) {
      if (total <= this.memoryBudget) break;
      total -= this.bytesOf(e);
      this.log.info({ workspaceId: ws }, 'Analytics evicted (NURTURE_ANALYTICS_MEMORY)');
      void this.forget(ws);
    }
  }

  /** Workspaces whose analysis is held now, and the bytes counted for them. */
  held(): { workspaceId: string; bytes: number }[] {
    return [...this.entries]
      .filter(([, e]) => e.result !== null)
      .map(([workspaceId, e]) => ({ workspaceId, bytes: this.bytesOf(e) }));
  }

  /**
   * A logged interaction moves the strengths of the ties it touches at once
   * (incrementally); the global measures follow with the next recomputation.
   */
  async interactionLogged(ws: string, interaction: NewInteraction): Promise<InteractionUpdate | null> {
    let first: InteractionUpdate | null = null;
    for (const key of this.keysOf(ws)) {
      const u = await this.interactionLoggedIn(key, interaction);
      if (key === ws) first = u;
    }
    return first;
  }

  private async interactionLoggedIn(ws: string, interaction: NewInteraction): Promise<InteractionUpdate | null> {
    const e = this.entry(ws);
    if (!e.result) return null;
    try {
      const u = await this.engine.interaction(ws, interaction);
      if (!u || !e.result) return u;
      for (const p of u.people) {
        const cur = e.byPerson.get(p.personId);
        if (!cur) continue;
        const next: PersonAnalysis = { ...cur, strengthToMe: p.strengthToMe, partner: p.partner };
        e.byPerson.set(p.personId, next);
        const i = e.result.people.findIndex((x) => x.personId === p.personId);
        if (i >= 0) e.result.people[i] = next;
      }
      // Scores moved: orders sorted and answers serialised before are out of date.
      this.orders.delete(e.result);
      this.answers.delete(e.result);
      this.announce(ws, u.computedAt);
      return u;
    } catch (err) {
      this.log.warn(
        { err, workspaceId: ws },
        'Incremental analytics update failed; the next recomputation will catch up',
      );
      return null;
    }
  }

  /** Drops everything cached about a workspace (erasure, workspace deletion). */
  async forget(ws: string): Promise<void> {
    for (const key of this.keysOf(ws)) {
      const e = this.entries.get(key);
      if (e?.timer) clearTimeout(e.timer);
      this.entries.delete(key);
    }
    await this.engine.forget(ws).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.unsubscribe();
    for (const e of this.entries.values()) if (e.timer) clearTimeout(e.timer);
    await this.engine.close();
  }

  /**
   * The analysis's people sorted by `compare`, remembered under `key` until the
   * analysis is replaced or updated incrementally. Do not modify the array.
   */
  peopleInOrder(
    result: AnalysisResult,
    key: string,
    compare: (a: PersonAnalysis, b: PersonAnalysis) => number,
  ): readonly PersonAnalysis[] {
    let byKey = this.orders.get(result);
    if (!byKey) this.orders.set(result, (byKey = new Map()));
    let people = byKey.get(key);
    if (!people) byKey.set(key, (people = [...result.people].sort(compare)));
    return people;
  }

  /**
   * The JSON of an answer derived from `result` alone, serialised once per key and kept gzipped (a page of
   * the 30,000-person ranking is ~124 KB raw, ~13 KB gzipped). Up to 64 MB per analysis, as held; past it the
   * answers asked for least recently go first (clearing all at once made a busy ranking re-serialise page
   * after page: every page of a 30,000-person ranking together is ~74 MB raw).
   */
  serialized(result: AnalysisResult, key: string, build: () => unknown): JsonBody {
    let cache = this.answers.get(result);
    if (!cache) this.answers.set(result, (cache = { bytes: 0, byKey: new Map() }));
    let body = cache.byKey.get(key);
    if (body !== undefined) {
      // Most recently used last: the Map's order is the eviction order.
      cache.byKey.delete(key);
      cache.byKey.set(key, body);
      return body;
    }
    body = JsonBody.of(build()).compact();
    cache.byKey.set(key, body);
    cache.bytes += body.bytes;
    for (const [k, b] of cache.byKey) {
      if (cache.bytes <= ANSWERS_PER_ANALYSIS) break;
      cache.byKey.delete(k);
      cache.bytes -= b.bytes;
    }
    return body;
  }

  requirePerson(current: Current, personId: string): PersonAnalysis {
    const p = current.byPerson.get(personId);
    if (!p) {
      throw current.result.meId === personId
        ? AppError.invalid('personId', 'that is you; ask about someone else')
        : new AppError(
            'NOT_FOUND',
            `No person with id ${personId} in the analysis (computed ${current.result.computedAt})`,
          );
    }
    return p;
  }
}
