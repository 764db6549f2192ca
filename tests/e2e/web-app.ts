/**
 * Starts the real app (API and the built web app) on a random port over a
 * fresh SQLite store, with an owner account and, optionally, the demo
 * network: what the browser tests and the web benchmark run against.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, DEFAULT_WORKSPACE_ID, type BuiltApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { loadDemoNetwork } from '../../server/demo/demo-network.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';

export const OWNER = { email: 'owner@example.com', password: 'owner-password-1', name: 'Sam Rivera' };

export interface WebApp {
  base: string;
  store: SqliteStore;
  built: BuiltApp;
  workspaceId: string;
  /** The owner's API token, for checking the page against the API ('' without an owner). */
  token: string;
  api<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export const WEB_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

export interface WebAppOptions {
  /** Load the demo network (about 300 people) into the owner's workspace. */
  demo?: boolean;
  load?: (store: SqliteStore, workspaceId: string) => Promise<unknown>;
  /** false: no account at all (a fresh install, for the setup page). */
  owner?: boolean;
  env?: Record<string, string>;
}

export async function startWebApp(options: WebAppOptions = {}): Promise<WebApp> {
  if (!existsSync(join(WEB_DIR, 'index.html'))) {
    throw new Error(
      `No built web app in ${WEB_DIR}: run "npx vite build --config web/vite.config.ts" first (npm test does)`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'nurture-web-'));
  const store = new SqliteStore({ dataDir: dir });
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    NURTURE_DATA_DIR: dir,
    NURTURE_WEB_DIR: WEB_DIR,
    NURTURE_LOGIN_RATE_LIMIT: '1000',
    NURTURE_IMPORT_RATE_LIMIT: '1000',
    ...options.env,
  });
  const built = createApp(config, store);
  const server = built.app.listen(0, '127.0.0.1');
  await new Promise<void>((done) => server.once('listening', () => done()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await built.deps.readiness.ensure();
  let token = '';
  if (options.owner !== false) {
    const owner = await built.deps.auth.createUser(OWNER);
    token = (await built.deps.auth.createApiToken(owner.id, 'e2e')).token;
  }
  const workspaceId = DEFAULT_WORKSPACE_ID;
  if (options.demo) await loadDemoNetwork(store, workspaceId, { seed: 7 });
  if (options.load) await options.load(store, workspaceId);
  return {
    base,
    store,
    built,
    workspaceId,
    token,
    async api(method, path, body) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'x-workspace-id': workspaceId,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async close() {
      await new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await built.deps.analytics.close();
      await built.deps.imports.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
