/**
 * The web client's only door to the server. Every answer is parsed with the
 * shared schema it is promised to match, so a drift between server and client
 * fails loudly instead of drawing wrong numbers. Requests go to this origin
 * only, carry the chosen workspace, and the CSRF token on state changes.
 */
import type { z } from 'zod';
import { ProblemSchema, type FieldError } from '../../shared/index.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: z.infer<typeof ProblemSchema> | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `Request failed with status ${status}`);
  }

  /** Field errors by field name (`body.name` → `name`), for forms. */
  fieldErrors(): Map<string, string> {
    const out = new Map<string, string>();
    for (const e of this.problem?.errors ?? ([] as FieldError[])) {
      const field = e.path.replace(/^(body|form|query|params)\./, '').split('.')[0] ?? e.path;
      if (!out.has(field)) out.set(field, e.message);
    }
    return out;
  }
}

/** Set by the session: which workspace requests are about, and the CSRF token. */
export const apiContext: {
  workspaceId: string | null;
  csrfToken: string | null;
  onUnauthenticated: (() => void) | null;
} = {
  workspaceId: null,
  csrfToken: null,
  onUnauthenticated: null,
};

function headersFor(method: string, extra?: HeadersInit): Headers {
  const headers = new Headers(extra);
  headers.set('Accept', 'application/json');
  if (apiContext.workspaceId) headers.set('X-Workspace-Id', apiContext.workspaceId);
  if (method !== 'GET' && method !== 'HEAD' && apiContext.csrfToken) headers.set('X-CSRF-Token', apiContext.csrfToken);
  return headers;
}

async function answer<S extends z.ZodType>(res: Response, schema: S | null, path: string): Promise<z.infer<S>> {
  if (res.status === 204) return undefined as z.infer<S>;
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const problem = ProblemSchema.safeParse(body);
    if (res.status === 401 && !path.startsWith('/api/v1/auth/')) apiContext.onUnauthenticated?.();
    throw new ApiError(res.status, problem.success ? problem.data : null);
  }
  return (schema ? schema.parse(body) : body) as z.infer<S>;
}

function sameOrigin(path: string): string {
  if (!path.startsWith('/api/')) throw new Error(`The web app only calls its own API, not ${path}`);
  return path;
}

export async function getJson<S extends z.ZodType>(path: string, schema: S, init?: RequestInit): Promise<z.infer<S>> {
  const res = await fetch(sameOrigin(path), {
    ...init,
    credentials: 'same-origin',
    headers: headersFor('GET', init?.headers),
  });
  return answer(res, schema, path);
}

/** POST, PATCH, PUT or DELETE with a JSON body; `schema` null for 204 answers. */
export async function send<S extends z.ZodType>(
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body: unknown,
  schema: S | null,
): Promise<z.infer<S>> {
  const headers = headersFor(method);
  if (body !== undefined) headers.set('Content-Type', 'application/json');
  const res = await fetch(sameOrigin(path), {
    method,
    credentials: 'same-origin',
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return answer(res, schema, path);
}

/** A multipart upload (the browser sets the boundary). */
export async function upload<S extends z.ZodType>(path: string, form: FormData, schema: S): Promise<z.infer<S>> {
  const res = await fetch(sameOrigin(path), {
    method: 'POST',
    credentials: 'same-origin',
    headers: headersFor('POST'),
    body: form,
  });
  return answer(res, schema, path);
}

/** Every page of a paged list (limit 500 a page). */
export async function getAll<T>(path: string, schema: z.ZodType<{ items: T[]; total: number }>): Promise<T[]> {
  const out: T[] = [];
  const sep = path.includes('?') ? '&' : '?';
  for (let offset = 0; ; offset += 500) {
    const page = await getJson(`${path}${sep}limit=500&offset=${offset}`, schema);
    out.push(...page.items);
    if (page.items.length < 500 || out.length >= page.total) return out;
  }
}

export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
