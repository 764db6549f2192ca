/** The nurture board's "done" on Neo4j (statements in cypher.ts, BOARD). */
import type { BoardRepo } from '../store.port.js';
import { BOARD as Q } from './cypher.js';
import type { Transactions } from './transactions.js';

export function neo4jBoard(db: Transactions): BoardRepo {
  return {
    async doneKeys(ws, userId, week) {
      return db.read(async (tx) =>
        (await tx.run(Q.done, { ws, userId, week })).records.map((r) => r.get('card') as string),
      );
    },
    async setDone(ws, userId, week, card, done) {
      await db.write((tx) => tx.run(done ? Q.set : Q.unset, { ws, userId, week, card, at: new Date().toISOString() }));
    },
  };
}
