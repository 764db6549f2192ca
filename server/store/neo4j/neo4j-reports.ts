/** Weekly report snapshots on Neo4j (statements in cypher.ts, REPORTS). */
import neo4j from 'neo4j-driver';
import { AppError } from '../../core/app-error.js';
import type { ReportRepo, StoredReport } from '../store.port.js';
import { REPORTS as Q } from './cypher.js';
import type { Transactions } from './transactions.js';
import { toNative } from './neo4j-values.js';

const of = (r: { get(k: string): unknown }): StoredReport => ({
  week: r.get('week') as string,
  generatedAt: r.get('generatedAt') as string,
  json: r.get('json') as string,
});

export function neo4jReports(db: Transactions): ReportRepo {
  return {
    async save(ws, r) {
      await db.write((tx) => tx.run(Q.save, { ws, ...r }));
    },
    async replace(ws, r) {
      const n = await db.write(async (tx) =>
        Number(toNative((await tx.run(Q.replace, { ws, ...r })).records[0]?.get('n')) ?? 0),
      );
      if (!n) throw new AppError('NOT_FOUND', `No report for week ${r.week} in this workspace`);
    },
    async get(ws, week) {
      return db.read(async (tx) => {
        const rec = (await tx.run(Q.get, { ws, week })).records[0];
        return rec ? of(rec) : null;
      });
    },
    async previous(ws, week) {
      return db.read(async (tx) => {
        const rec = (await tx.run(Q.previous, { ws, week })).records[0];
        return rec ? of(rec) : null;
      });
    },
    async list(ws, { limit, offset }) {
      return db.read(async (tx) => {
        const total = Number(toNative((await tx.run(Q.count, { ws })).records[0]?.get('total')) ?? 0);
        const page = await tx.run(Q.page, { ws, skip: neo4j.int(offset), limit: neo4j.int(limit) });
        return {
          items: page.records.map((r) => ({
            week: r.get('week') as string,
            generatedAt: r.get('generatedAt') as string,
          })),
          total,
          limit,
          offset,
        };
      });
    },
  };
}
