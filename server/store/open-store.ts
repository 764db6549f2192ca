import type { Config } from '../config.js';
import type { Store, StoreConnection } from './store.port.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

/** Neo4j when NEO4J_URI is set, else the embedded SQLite store. */
export async function openStore(config: Pick<Config, 'neo4j' | 'dataDir'>): Promise<Store> {
  if (config.neo4j) {
    const { Neo4jStore } = await import('./neo4j/neo4j-store.js');
    return new Neo4jStore(config.neo4j);
  }
  return new SqliteStore({ dataDir: config.dataDir });
}

/** Opens another connection to the database `connection` describes. */
export async function openStoreAt(connection: StoreConnection): Promise<Store> {
  if (connection.kind === 'neo4j') {
    const { Neo4jStore } = await import('./neo4j/neo4j-store.js');
    const { kind: _kind, ...options } = connection;
    return new Neo4jStore(options);
  }
  // Another connection only reads: the main one's background checkpointer keeps the WAL short.
  return new SqliteStore({ file: connection.file, checkpoints: 'inline' });
}
