/**
 * vitest globalSetup of the projects that need a real Neo4j (contract, api; see
 * scripts/neo4j-server.ts). Several projects list it, and vitest calls each project's
 * setup, so the server is shared through the main process's global scope and counted:
 * one JVM per run, started by the first project with tests queued, stopped after the last.
 *
 * Skipped when NEO4J_URI is set (the tests then use that server, see neo4j-connection.ts).
 * Otherwise starts one (with the Graph Data Science plugin) on a free port with a fresh data dir and publishes it both as
 * `inject('neo4j')` and as NEO4J_TEST_URI / NEO4J_TEST_USER / NEO4J_TEST_PASSWORD.
 */
import type { TestProject } from 'vitest/node';
import { startNeo4j, type RunningNeo4j } from '../scripts/neo4j-server.js';
// Type-only, but it also brings in the ProvidedContext['neo4j'] declaration.
import type { Neo4jConnection } from './neo4j-connection.js';

interface Shared {
  server: Promise<RunningNeo4j>;
  users: number;
}

const KEY = Symbol.for('nurture.tests.neo4j');
const scope = globalThis as unknown as Record<symbol, Shared | undefined>;

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.NEO4J_URI) return undefined;

  const log = (s: string) => process.stderr.write(`${s}\n`);
  let shared = scope[KEY];
  if (!shared) {
    const started = Date.now();
    // With Graph Data Science: the GDS tests run on the same server (no second JVM).
    shared = { server: startNeo4j({ log, gds: true }), users: 0 };
    scope[KEY] = shared;
    shared.server.then(
      (s) => log(`neo4j: started for tests in ${Date.now() - started} ms at ${s.uri}`),
      () => undefined,
    );
  }
  shared.users++;
  const server = await shared.server;

  process.env.NEO4J_TEST_URI = server.uri;
  process.env.NEO4J_TEST_USER = server.user;
  process.env.NEO4J_TEST_PASSWORD = server.password;
  const connection: Neo4jConnection = { uri: server.uri, user: server.user, password: server.password };
  project.provide('neo4j', connection);

  return async () => {
    const current = scope[KEY];
    if (!current) return;
    current.users--;
    if (current.users > 0) return;
    scope[KEY] = undefined;
    await server.stop();
  };
}
