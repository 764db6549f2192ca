/**
 * Starts the real app on a random port over a real store, for the API suites.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type BuiltApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/store.port.js';

export interface RunningApi {
  base: string;
  store: Store;
  built: BuiltApp;
  /** The owner's API token, sent by `call` unless a request sets its own Authorization or `anonymous`. */
  token: string | null;
  /** Creates the owner account (first user: owns the default workspace) and its API token. */
  signIn(): Promise<string>;
  close(): Promise<void>;
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function startApi(
  options: { store?: Store; env?: Record<string, string>; signIn?: boolean } = {},
): Promise<RunningApi> {
  const dir = mkdtempSync(join(tmpdir(), 'nurture-api-'));
  const store = options.store ?? new SqliteStore({ dataDir: dir });
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    NURTURE_DATA_DIR: dir,
    NURTURE_WEB_DIR: join(dir, 'web'),
    ...options.env,
  });
  const built = createApp(config, store);
  const server = built.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const api: RunningApi = {
    base,
    store,
    built,
    token: null,
    async signIn() {
      await built.deps.readiness.ensure();
      const owner = await built.deps.auth.createUser({
        email: 'owner@example.com',
        name: 'Owner',
        password: 'owner-password-1',
      });
      api.token = (await built.deps.auth.createApiToken(owner.id, 'tests')).token;
      return api.token;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      built.deps.feed.close();
      await built.deps.analytics.close();
      await built.deps.imports.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
    async call(method, path, body, given = {}) {
      const { anonymous, ...headers } = given as Record<string, string> & { anonymous?: string };
      if (api.token && !anonymous && !headers.authorization) headers.authorization = `Bearer ${api.token}`;
      const form = body instanceof FormData;
      const res = await fetch(`${base}${path}`, {
        method,
        headers: body === undefined || form ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : form ? body : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
  };
  if (options.signIn !== false) await api.signIn();
  return api;
}

/** A multipart upload of `text` as the file `name`, with these form fields beside it. */
export function uploadForm(text: string, name: string, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('file', new Blob([text]), name);
  return form;
}
