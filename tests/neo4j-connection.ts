/**
 * Where the tests find Neo4j: the server the global setup started, or the one
 * NEO4J_URI names when a developer points the suite at their own.
 */
export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
  database?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Neo4jConnection | null;
  }
}

export function neo4jTestConnection(inject: (key: 'neo4j') => Neo4jConnection | null): Neo4jConnection {
  if (process.env.NEO4J_URI) {
    return {
      uri: process.env.NEO4J_URI,
      user: process.env.NEO4J_USER ?? 'neo4j',
      password: process.env.NEO4J_PASSWORD ?? '',
      database: process.env.NEO4J_DATABASE || undefined,
    };
  }
  const provided = inject('neo4j');
  if (!provided) throw new Error('No Neo4j for the tests: the global setup did not start one and NEO4J_URI is not set');
  return provided;
}
