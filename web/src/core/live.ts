/**
 * Live updates: one EventSource per workspace on /api/v1/events; views say
 * what to refresh with onLive(). When the stream cannot be had, the analysis
 * status is polled instead, so a view still follows a recomputation.
 */
import { AnalyticsStatusSchema } from '../../../shared/index.js';
import { getJson } from '../api.js';

export type LiveEvent = { type: 'change'; what: string } | { type: 'analysis'; computedAt: string };

const listeners = new Set<(e: LiveEvent) => void>();
let source: EventSource | null = null;
let workspace: string | null = null;
let poll = 0;
let lastComputed: string | null = null;

function emit(e: LiveEvent): void {
  document.documentElement.dataset.live = `${e.type}:${Date.now()}`;
  for (const fn of [...listeners]) {
    try {
      fn(e);
    } catch (err) {
      console.error(err);
    }
  }
}

function startPolling(): void {
  if (poll) return;
  poll = window.setInterval(() => {
    getJson('/api/v1/analytics/status', AnalyticsStatusSchema)
      .then((s) => {
        if (s.computedAt && s.computedAt !== lastComputed) {
          const first = lastComputed === null;
          lastComputed = s.computedAt;
          if (!first) emit({ type: 'analysis', computedAt: s.computedAt });
        }
      })
      .catch(() => undefined);
  }, 5000);
}

function stopPolling(): void {
  window.clearInterval(poll);
  poll = 0;
}

/** Follows the workspace's changes (null: stop). */
export function follow(workspaceId: string | null): void {
  if (workspaceId === workspace && source) return;
  source?.close();
  source = null;
  stopPolling();
  workspace = workspaceId;
  lastComputed = null;
  if (!workspaceId || typeof EventSource === 'undefined') return;
  const es = new EventSource(`/api/v1/events?workspace=${encodeURIComponent(workspaceId)}`);
  source = es;
  es.addEventListener('open', () => {
    stopPolling();
    document.documentElement.dataset.liveState = 'open';
  });
  es.addEventListener('change', (m) => {
    const data = JSON.parse((m as MessageEvent<string>).data) as { what: string };
    emit({ type: 'change', what: data.what });
  });
  es.addEventListener('analysis', (m) => {
    const data = JSON.parse((m as MessageEvent<string>).data) as { computedAt: string };
    lastComputed = data.computedAt;
    emit({ type: 'analysis', computedAt: data.computedAt });
  });
  es.addEventListener('error', () => {
    document.documentElement.dataset.liveState = 'polling';
    // The browser retries by itself; meanwhile the status is polled.
    startPolling();
    if (es.readyState === EventSource.CLOSED && source === es) {
      source = null;
      window.setTimeout(() => {
        if (workspace === workspaceId && !source) follow(workspaceId);
      }, 5000);
    }
  });
}

/** Calls `fn` on every live event until the returned function is called (a view's destroy). */
export function onLive(fn: (e: LiveEvent) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
