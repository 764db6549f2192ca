import type { Config } from '../config.js';
import type { Store } from './store.port.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

/** Neo4j when NEO4J_URI is set, else the embedded SQLite store. */
export async function openStore(config: Pick<Config, 'neo4j' | 'dataDir'>): Promise<Store> {
  if (config.neo4j) {
    const { Neo4jStore } = await import('./neo4j/neo4j-store.js');
    return new Neo4jStore(config.neo4j);
  }
  return new SqliteStore({ dataDir: config.dataDir });
}
