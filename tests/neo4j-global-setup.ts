/**
 * vitest globalSetup: a real Neo4j for the run (see scripts/neo4j-server.ts).
 *
 * Skipped when NEO4J_URI is set (the tests then use that server, see neo4j-connection.ts).
 * Otherwise starts one on a free port with a fresh data dir and publishes it both as
 * `inject('neo4j')` and as NEO4J_TEST_URI / NEO4J_TEST_USER / NEO4J_TEST_PASSWORD.
 */
import type { TestProject } from 'vitest/node';
import { startNeo4j } from '../scripts/neo4j-server.js';
// Type-only, but it also brings in the ProvidedContext['neo4j'] declaration.
import type { Neo4jConnection } from './neo4j-connection.js';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.NEO4J_URI) return undefined;

  const log = (s: string) => process.stderr.write(`${s}\n`);
  const server = await startNeo4j({ log });
  log(`neo4j: started for tests in ${server.startupMs} ms at ${server.uri}`);

  process.env.NEO4J_TEST_URI = server.uri;
  process.env.NEO4J_TEST_USER = server.user;
  process.env.NEO4J_TEST_PASSWORD = server.password;
  const connection: Neo4jConnection = { uri: server.uri, user: server.user, password: server.password };
  project.provide('neo4j', connection);

  return async () => {
    await server.stop();
  };
}
