import { inject } from 'vitest';
import { Neo4jStore } from '../../../server/store/neo4j/neo4j-store.js';
import { neo4jTestConnection } from '../../neo4j-connection.js';
import { runRealExportSuite } from './real-exports-suite.js';

runRealExportSuite('neo4j', async () => new Neo4jStore(neo4jTestConnection(inject)));
