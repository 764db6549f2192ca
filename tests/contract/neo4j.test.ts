import { inject } from 'vitest';
import { Neo4jStore } from '../../server/store/neo4j/neo4j-store.js';
import { runStoreContract } from './store.contract.js';
import { neo4jTestConnection } from '../neo4j-connection.js';

runStoreContract('neo4j', async () => {
  const c = neo4jTestConnection(inject);
  return new Neo4jStore({ uri: c.uri, user: c.user, password: c.password, database: c.database });
});
