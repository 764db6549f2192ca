/**
 * Who is signed in, their workspaces and the one being looked at. The
 * session cookie itself is HttpOnly: the page only ever sees the CSRF token
 * the server hands back, and remembers the chosen workspace per browser.
 */
import { SessionInfoSchema, type Role, type SessionInfo } from '../../../shared/index.js';
import { ApiError, apiContext, getJson } from '../api.js';

const WORKSPACE_KEY = 'nurture.workspace';

export interface Session {
  info: SessionInfo;
  workspaceId: string | null;
  role: Role | null;
}

let current: Session | null = null;
const listeners = new Set<(s: Session | null) => void>();

export function session(): Session | null {
  return current;
}

export function onSessionChange(fn: (s: Session | null) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function remembered(): string | null {
  try {
    return localStorage.getItem(WORKSPACE_KEY);
  } catch {
    return null;
  }
}

/** Adopts a session answer (from login, setup or /auth/session) and picks the workspace. */
export function adopt(info: SessionInfo): Session {
  const ids = info.workspaces.map((w) => w.workspace.id);
  const wanted = remembered();
  const chosen =
    wanted && ids.includes(wanted)
      ? wanted
      : ((info.workspaces.find((w) => w.role === 'owner') ?? info.workspaces[0])?.workspace.id ?? null);
  current = { info, workspaceId: chosen, role: info.workspaces.find((w) => w.workspace.id === chosen)?.role ?? null };
  apiContext.workspaceId = chosen;
  apiContext.csrfToken = info.csrfToken;
  for (const fn of listeners) fn(current);
  return current;
}

export function clearSession(): void {
  current = null;
  apiContext.workspaceId = null;
  apiContext.csrfToken = null;
  for (const fn of listeners) fn(null);
}

/** Reads the session from the server; null when nobody is signed in. */
export async function loadSession(): Promise<Session | null> {
  try {
    return adopt(await getJson('/api/v1/auth/session', SessionInfoSchema));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      clearSession();
      return null;
    }
    throw e;
  }
}

export function switchWorkspace(id: string): void {
  if (!current) return;
  const w = current.info.workspaces.find((x) => x.workspace.id === id);
  if (!w) throw new Error(`Not a workspace of yours: ${id}`);
  try {
    localStorage.setItem(WORKSPACE_KEY, id);
  } catch {
    // private mode: the choice lasts for this page only
  }
  current = { ...current, workspaceId: id, role: w.role };
  apiContext.workspaceId = id;
  for (const fn of listeners) fn(current);
}

export function canWrite(): boolean {
  return current?.role === 'owner' || current?.role === 'member';
}
