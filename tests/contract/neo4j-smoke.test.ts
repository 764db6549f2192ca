import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { neo4jTestConnection } from '../neo4j-connection.js';

describe('neo4j test server', () => {
  let driver: Driver;
  const marker = `smoke-${process.pid}-${Date.now()}`;

  beforeAll(() => {
    const c = neo4jTestConnection(inject);
    driver = neo4j.driver(c.uri, neo4j.auth.basic(c.user, c.password));
  });

  afterAll(async () => {
    // Leave a shared server (NEO4J_URI) as we found it.
    await driver?.executeQuery('MATCH (n:Smoke {marker: $marker}) DELETE n', { marker }).catch(() => {});
    await driver?.close();
  });

  it('writes a node and reads it back', async () => {
    const session = driver.session();
    try {
      // MERGE, not CREATE: executeWrite may retry the work.
      const written = await session.executeWrite(async (tx) => {
        const r = await tx.run('MERGE (n:Smoke {marker: $marker}) SET n.x = 1 RETURN n.x AS x', { marker });
        return r.records[0]?.get('x');
      });
      expect(neo4j.integer.toNumber(written)).toBe(1);

      const read = await session.executeRead(async (tx) => {
        const r = await tx.run('MATCH (n:Smoke {marker: $marker}) RETURN n.x AS x', { marker });
        return r.records.map((rec) => neo4j.integer.toNumber(rec.get('x')));
      });
      expect(read).toEqual([1]);
    } finally {
      await session.close();
    }
  });
});
