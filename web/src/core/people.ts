/**
 * People lookups the views share: search for pickers, names by id for
 * timelines, and "me", each remembered per workspace for the page's life.
 */
import { PersonPage, PersonSchema, type Person } from '../../../shared/index.js';
import { ApiError, apiContext, getJson } from '../api.js';
import type { PersonOption } from '../forms/person-picker.js';

const names = new Map<string, string>();
let meCache: { ws: string | null; me: Promise<Person | null> } | null = null;

export function rememberName(id: string, name: string): void {
  names.set(`${apiContext.workspaceId}:${id}`, name);
}

export function knownName(id: string): string | undefined {
  return names.get(`${apiContext.workspaceId}:${id}`);
}

export async function searchPeople(q: string): Promise<PersonOption[]> {
  const page = await getJson(`/api/v1/people?q=${encodeURIComponent(q)}&limit=8`, PersonPage);
  return page.items.map((p) => {
    rememberName(p.id, p.name);
    return { id: p.id, name: p.name, detail: p.isMe ? 'you' : p.company };
  });
}

export async function getPerson(id: string): Promise<Person> {
  const p = await getJson(`/api/v1/people/${encodeURIComponent(id)}`, PersonSchema);
  rememberName(p.id, p.name);
  return p;
}

/** Names for ids, fetching the unknown ones (a removed person reads "someone removed"). */
export async function resolveNames(ids: Iterable<string>): Promise<(id: string) => string> {
  const missing = [...new Set(ids)].filter((id) => !knownName(id));
  await Promise.all(
    missing.map((id) =>
      getPerson(id).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) rememberName(id, 'someone removed');
      }),
    ),
  );
  return (id) => knownName(id) ?? id;
}

export function me(): Promise<Person | null> {
  if (meCache && meCache.ws === apiContext.workspaceId) return meCache.me;
  const p = getJson('/api/v1/me', PersonSchema).then(
    (m) => {
      rememberName(m.id, m.name);
      return m;
    },
    (e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    },
  );
  meCache = { ws: apiContext.workspaceId, me: p };
  return p;
}

export function forgetMe(): void {
  meCache = null;
}
