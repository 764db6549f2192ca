/**
 * Erasures with a short undo on Neo4j (ErasureRepo): the copy of what an
 * erasure removes is read and the erasure made (ENTITY.people.delete) in one
 * write transaction, the copy kept on a HeldErasure node; restore writes it
 * back through the same create statements as any record; discard deletes the
 * node and drops what the other held copies name of that person. See
 * server/domain/held-erasure.ts.
 */
import type { ManagedTransaction } from 'neo4j-driver';
import type { ExpressedNeed, Person, Rating } from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import {
  type ErasedCopy,
  type OnFile,
  type StoredMerge,
  namedIds,
  planRestore,
  withoutPerson,
} from '../../domain/held-erasure.js';
import { MERGE_ENTITIES } from '../../domain/person-merge.js';
import type { AnyRecord, PrivateNote } from '../../domain/person-merge.js';
import { newId, nowIso } from '../../domain/records.js';
import type { EntityName, ErasureRepo, HeldErasure } from '../store.port.js';
import { CALIBRATION, ENTITY, ERASURES, EXISTING, MERGES, NEEDS, getStatement, updateStatement } from './cypher.js';
import { toNative, toProps, toRecord, toRefs } from './neo4j-values.js';
import type { Transactions } from './transactions.js';

type Row = Record<string, unknown>;

const params = (entity: EntityName, ws: string, r: Row) => ({
  ws,
  id: r.id,
  props: toProps(entity, ws, r),
  refs: toRefs(entity, r),
});

function heldOf(h: Row): HeldErasure {
  const copy = JSON.parse(h.copy as string) as ErasedCopy;
  return {
    id: h.id as string,
    personId: h.personId as string,
    name: copy.person.name,
    heldAt: h.heldAt as string,
    dueAt: h.dueAt as string,
    requestedBy: (h.requestedBy as string | null | undefined) ?? null,
  };
}

async function ids(tx: ManagedTransaction, query: string, ws: string, list: string[]): Promise<Set<string>> {
  if (list.length === 0) return new Set();
  return new Set((await tx.run(query, { ws, ids: list })).records.map((r) => r.get('id') as string));
}

async function copyOf(tx: ManagedTransaction, ws: string, person: Person): Promise<ErasedCopy> {
  const id = person.id;
  const records: ErasedCopy['records'] = [];
  for (const entity of MERGE_ENTITIES)
    for (const r of (await tx.run(MERGES.recordsOf[entity], { ws, personId: id })).records)
      records.push({ entity, record: toRecord<AnyRecord>(entity, r.get('r')) });
  const notes: PrivateNote[] = (await tx.run(MERGES.notes, { ws, ids: [id] })).records.map((r) => ({
    personId: id,
    userId: r.get('userId') as string,
    text: r.get('text') as string,
    updatedAt: r.get('updatedAt') as string,
  }));
  const members = (await tx.run(MERGES.members, { ws, personId: id })).records.map((r) => r.get('userId') as string);
  const rated = (await tx.run(ERASURES.rating, { ws, id })).records[0];
  const rating = rated ? (toNative(rated.get('r')) as Rating) : null;
  if (rating) rating.ratedBy ??= null;
  const needs = (await tx.run(ERASURES.needs, { ws, id })).records.map((r) => toNative(r.get('r')) as ExpressedNeed);
  const merges = (await tx.run(ERASURES.merges, { ws, id })).records.map((r) => {
    const m = toNative(r.get('m')) as Row;
    return {
      id: m.id,
      keepId: m.keepId,
      goneId: m.goneId,
      goneName: m.goneName,
      at: m.at,
      undoneAt: (m.undoneAt as string | undefined) ?? null,
      moved: m.moved,
      before: m.before,
    } as StoredMerge;
  });
  return { person, records, notes, members, rating, needs, merges };
}

async function onFile(tx: ManagedTransaction, ws: string, copy: ErasedCopy): Promise<OnFile> {
  const named = namedIds(copy);
  return {
    people: await ids(tx, EXISTING.Person!, ws, named.people),
    organizations: await ids(tx, EXISTING.Organization!, ws, named.organizations),
    mailingLists: await ids(tx, EXISTING.MailingList!, ws, named.mailingLists),
    interactions: await ids(tx, ERASURES.interactionsOnFile, ws, named.interactions),
  };
}

/** What the held copies name of `personId` dropped; how many changed. */
async function forgetIn(tx: ManagedTransaction, ws: string, personId: string): Promise<number> {
  let changed = 0;
  for (const r of (await tx.run(ERASURES.others, { ws })).records) {
    const next = withoutPerson(JSON.parse(r.get('copy') as string) as ErasedCopy, personId);
    if (!next) continue;
    await tx.run(ERASURES.setCopy, { ws, id: r.get('id') as string, copy: JSON.stringify(next) });
    changed++;
  }
  return changed;
}

export function neo4jErasures(db: Transactions): ErasureRepo {
  const held = async (tx: ManagedTransaction, ws: string, id: string): Promise<Row | null> => {
    const found = (await tx.run(ERASURES.get, { ws, id })).records[0];
    return found ? (toNative(found.get('h')) as Row) : null;
  };

  return {
    async hold(ws, personId, { dueAt, requestedBy }) {
      return db.writeWorkspace(
        ws,
        async (tx) => {
          const first = (await tx.run(getStatement(ENTITY.people), { ws, id: personId })).records[0];
          if (!first) throw AppError.notFound('person', personId);
          const person = toRecord<Person>('people', first.get('r'));
          const copy = await copyOf(tx, ws, person);
          await tx.run(ENTITY.people.delete, { ws, id: personId, now: nowIso() });
          const id = newId();
          const heldAt = nowIso();
          await tx.run(ERASURES.create, {
            props: { workspaceId: ws, id, personId, heldAt, dueAt, requestedBy, copy: JSON.stringify(copy) },
          });
          return { value: { id, personId, name: person.name, heldAt, dueAt, requestedBy }, changed: true };
        },
        { erased: true },
      );
    },

    async list(ws) {
      return db.read(async (tx) =>
        (await tx.run(ERASURES.list, { ws })).records.map((r) => heldOf(toNative(r.get('h')) as Row)),
      );
    },

    async due(now) {
      return db.read(async (tx) =>
        (await tx.run(ERASURES.due, { now })).records.map((r) => ({
          workspaceId: r.get('workspaceId') as string,
          id: r.get('id') as string,
        })),
      );
    },

    async restore(ws, id) {
      return db.writeWorkspace(ws, async (tx) => {
        const h = await held(tx, ws, id);
        if (!h) throw AppError.notFound('held erasure', id);
        const copy = JSON.parse(h.copy as string) as ErasedCopy;
        if ((await ids(tx, EXISTING.Person!, ws, [copy.person.id])).size > 0)
          throw new AppError('CONFLICT', `${copy.person.name} is on file again`);
        const plan = planRestore(copy, await onFile(tx, ws, copy));
        try {
          await tx.run(ENTITY.people.create, params('people', ws, plan.person as unknown as Row));
        } catch (e) {
          const code = (e as { code?: string }).code ?? '';
          if (!code.includes('ConstraintValidationFailed')) throw e;
          throw new AppError(
            'CONFLICT',
            `${copy.person.name} cannot be put back: someone on file now has their LinkedIn profile or email`,
            {},
            { cause: e },
          );
        }
        for (const { entity, record } of plan.creates) await tx.run(ENTITY[entity].create, params(entity, ws, record));
        for (const { entity, record } of plan.replaces)
          await tx.run(updateStatement(ENTITY[entity], true), params(entity, ws, record));
        for (const n of plan.notes) await tx.run(MERGES.setNote, { ws, ...n });
        for (const userId of plan.members)
          await tx.run(ERASURES.setMemberIfNone, { ws, userId, personId: plan.person.id });
        if (plan.rating)
          await tx.run(CALIBRATION.putRating, {
            ws,
            personId: plan.person.id,
            rating: plan.rating.rating,
            ratedAt: plan.rating.ratedAt,
            ratedBy: plan.rating.ratedBy,
          });
        for (const n of plan.needs)
          await tx.run(NEEDS.add, {
            ws,
            personId: plan.person.id,
            id: n.id,
            createdAt: n.createdAt,
            expressedOn: n.expressedOn,
            note: n.note,
          });
        for (const m of plan.merges) await tx.run(MERGES.create, { props: { workspaceId: ws, ...m } });
        await tx.run(ERASURES.remove, { ws, id });
        return { value: { person: plan.person, leftOut: plan.leftOut }, changed: true };
      });
    },

    async discard(ws, id) {
      return db.write(async (tx) => {
        const h = await held(tx, ws, id);
        if (!h) return null;
        const gone = heldOf(h);
        await tx.run(ERASURES.remove, { ws, id });
        // The other held copies must not keep what names them either.
        await forgetIn(tx, ws, gone.personId);
        return gone;
      });
    },

    async forget(ws, personId) {
      return db.write((tx) => forgetIn(tx, ws, personId));
    },
  };
}
