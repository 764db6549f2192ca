/** Closeness ratings, the fitted calibration and expressed needs on Neo4j (statements in cypher.ts). */
import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import type { ExpressedNeed, Rating } from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import { newId, nowIso } from '../../domain/records.js';
import type { CalibrationRepo, NeedRepo } from '../store.port.js';
import { CALIBRATION as C, NEEDS as N } from './cypher.js';
import type { Transactions } from './transactions.js';
import { toNative } from './neo4j-values.js';

const noPerson = (personId: string) => AppError.invalid('personId', `no person with id ${personId} in this workspace`);

export function neo4jCalibration(db: Transactions): CalibrationRepo {
  return {
    async putRating(ws, personId, rating, ratedBy) {
      const r = await db.write(async (tx) => {
        const rec = (await tx.run(C.putRating, { ws, personId, rating, ratedAt: nowIso(), ratedBy })).records[0];
        return rec ? (toNative(rec.get('r')) as Rating) : null;
      });
      if (!r) throw noPerson(personId);
      return { ...r, ratedBy: r.ratedBy ?? null };
    },
    async deleteRating(ws, personId) {
      return db.write(
        async (tx) => Number(toNative((await tx.run(C.deleteRating, { ws, personId })).records[0]?.get('n')) ?? 0) > 0,
      );
    },
    async listRatings(ws) {
      return db.read(async (tx) =>
        (await tx.run(C.listRatings, { ws })).records.map((rec) => {
          const r = toNative(rec.get('r')) as Rating;
          return { ...r, ratedBy: r.ratedBy ?? null };
        }),
      );
    },
    async getCalibration(ws) {
      return db.read(async (tx) => {
        const rec = (await tx.run(C.get, { ws })).records[0];
        return rec ? { json: rec.get('json') as string, updatedAt: rec.get('updatedAt') as string } : null;
      });
    },
    async putCalibration(ws, c) {
      await db.write((tx) => (c === null ? tx.run(C.remove, { ws }) : tx.run(C.put, { ws, ...c })));
    },
  };
}

export function neo4jNeeds(db: Transactions): NeedRepo {
  return {
    async add(ws, input) {
      const n = await db.write(async (tx) => {
        const rec = (await tx.run(N.add, { ws, id: newId(), createdAt: nowIso(), ...input })).records[0];
        return rec ? (toNative(rec.get('r')) as ExpressedNeed) : null;
      });
      if (!n) throw noPerson(input.personId);
      return n;
    },
    async list(ws, { personId, limit, offset }) {
      return db.read(async (tx) => {
        const p = { ws, personId: personId ?? null };
        const total = Number(toNative((await tx.run(N.count, p)).records[0]?.get('total')) ?? 0);
        const page = await tx.run(N.page, { ...p, skip: neo4j.int(offset), limit: neo4j.int(limit) });
        return { items: page.records.map((r) => toNative(r.get('r')) as ExpressedNeed), total, limit, offset };
      });
    },
    async delete(ws, id) {
      return db.write(
        async (tx) => Number(toNative((await tx.run(N.delete, { ws, id })).records[0]?.get('n')) ?? 0) > 0,
      );
    },
  };
}

/** Every need of a workspace, inside the snapshot's read transaction. */
export async function allNeeds(tx: ManagedTransaction, ws: string): Promise<ExpressedNeed[]> {
  return (await tx.run(N.all, { ws })).records.map((r) => toNative(r.get('r')) as ExpressedNeed);
}
