/**
 * Bulk import inside one write transaction. The workspace's people are read
 * once, every row is matched and merged in JavaScript with the shared rules
 * of records.ts (personKeys, mergeImportedPerson), everything is validated
 * before the first write, and the writes go out as UNWIND batches.
 */
import type { ManagedTransaction } from 'neo4j-driver';
import type { Interaction, Person, Tie } from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import {
  checkRecordRules, duplicateKey, importRecordCounts, materialize, mergeImportedPerson, newId, nowIso, personKeys,
} from '../records.js';
import type { ImportPlan, ImportResult, PersonRef, RowOutcome } from '../store.port.js';
import { EXISTING, IMPORT, IMPORT_RECORD, WORKSPACE } from './cypher.js';
import { tieKey, toProps, toRecord } from './neo4j-values.js';

/** Rows per UNWIND statement: large enough to amortise a round trip, small enough to stream. */
const CHUNK = 5_000;

/** Re-throws a validation error of one row with the row's path in front of the field's. */
function atRow<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AppError && e.code === 'VALIDATION') {
      const first = e.details.errors?.[0];
      throw AppError.invalid(`${prefix}.${first?.path ?? ''}`, first?.message ?? e.message);
    }
    throw e;
  }
}

interface PeoplePlan {
  rows: { id: string; outcome: RowOutcome }[];
  byId: Map<string, Person>;
  created: Set<string>;
  updated: Set<string>;
  /** Organisation ids the plan links people to, with the first row that does. */
  orgRefs: Map<string, number>;
  possibleDuplicates: ImportResult['possibleDuplicates'];
}

/**
 * Matches each row to a person on file (normalised URL first, then any
 * email) or creates one. Later rows see what earlier rows did, so a plan
 * naming one person twice creates them once.
 */
export function planPeople(existing: Person[], plan: ImportPlan, now: string): PeoplePlan {
  const byId = new Map<string, Person>();
  const byUrl = new Map<string, string>();
  const byEmail = new Map<string, string>();
  const byNameCompany = new Map<string, string>();
  const remember = (p: Person) => {
    byId.set(p.id, p);
    const k = personKeys(p);
    if (k.url) byUrl.set(k.url, p.id);
    for (const e of k.emails) if (!byEmail.has(e)) byEmail.set(e, p.id);
    const dup = duplicateKey(p);
    if (dup && !byNameCompany.has(dup)) byNameCompany.set(dup, p.id);
  };
  existing.forEach(remember);

  const rows: PeoplePlan['rows'] = [];
  const created = new Set<string>();
  const updated = new Set<string>();
  const orgRefs = new Map<string, number>();
  const possibleDuplicates: PeoplePlan['possibleDuplicates'] = [];
  plan.people.forEach((row, i) => {
    const k = personKeys(row);
    const matchId = (k.url ? byUrl.get(k.url) : undefined) ?? k.emails.map((e) => byEmail.get(e)).find((id) => id !== undefined);
    const current = matchId === undefined ? undefined : byId.get(matchId);
    let person: Person;
    let outcome: RowOutcome;
    if (current) {
      const merged = mergeImportedPerson(current, row, now);
      if (!merged) {
        rows.push({ id: current.id, outcome: 'unchanged' });
        return;
      }
      atRow(`people.${i}`, () => checkRecordRules('people', merged));
      person = merged;
      outcome = 'updated';
      if (!created.has(person.id)) updated.add(person.id);
    } else {
      person = materialize<Person>('people', row, now);
      const dup = duplicateKey(person);
      const existingId = dup ? byNameCompany.get(dup) : undefined;
      if (existingId) possibleDuplicates.push({ row: i, id: person.id, existingId });
      atRow(`people.${i}`, () => checkRecordRules('people', person));
      outcome = 'created';
      created.add(person.id);
    }
    remember(person);
    if (row.organizationId && person.organizationId === row.organizationId && !orgRefs.has(row.organizationId)) {
      orgRefs.set(row.organizationId, i);
    }
    rows.push({ id: person.id, outcome });
  });
  return { rows, byId, created, updated, orgRefs, possibleDuplicates };
}

function resolver(people: PeoplePlan) {
  return (ref: PersonRef, path: string): string => {
    if ('id' in ref) {
      if (!people.byId.has(ref.id)) throw AppError.invalid(path, `no person with id ${ref.id} in this workspace`);
      return ref.id;
    }
    const row = people.rows[ref.row];
    if (!row) throw AppError.invalid(path, `no row ${ref.row} in the people of this import`);
    return row.id;
  };
}

/** The plan's ties as records, duplicates within the plan dropped (they count as unchanged). */
export function planTies(plan: ImportPlan, people: PeoplePlan, now: string): { ties: Tie[]; duplicates: number } {
  const resolve = resolver(people);
  const seen = new Set<string>();
  const ties: Tie[] = [];
  let duplicates = 0;
  (plan.ties ?? []).forEach((t, j) => {
    const aId = resolve(t.a, `ties.${j}.a`);
    const bId = resolve(t.b, `ties.${j}.b`);
    if (aId === bId) throw AppError.invalid(`ties.${j}.b`, 'a tie joins two different people');
    const tie = materialize<Tie>('ties', { aId, bId, kind: t.kind, since: t.since, source: t.source }, now);
    const key = tieKey(aId, bId, tie.kind);
    if (seen.has(key)) duplicates++;
    else {
      seen.add(key);
      ties.push(tie);
    }
  });
  return { ties, duplicates };
}

/**
 * The plan's interactions as records (with their index in the plan),
 * duplicates of an external id within the plan dropped. Their rules are
 * checked once it is known which are new: one already on file is left alone.
 */
export function planInteractions(plan: ImportPlan, people: PeoplePlan, now: string): { interactions: IndexedInteraction[]; duplicates: number } {
  const resolve = resolver(people);
  const seen = new Set<string>();
  const interactions: IndexedInteraction[] = [];
  let duplicates = 0;
  (plan.interactions ?? []).forEach((x, j) => {
    if (!x.externalId) throw AppError.invalid(`interactions.${j}.externalId`, 'an imported interaction needs its external id');
    const participantIds = x.participants.map((p, k) => resolve(p, `interactions.${j}.participants.${k}`));
    const initiatorId = x.initiator ? resolve(x.initiator, `interactions.${j}.initiator`) : null;
    const ix = materialize<Interaction>('interactions', {
      occurredAt: x.occurredAt, channel: x.channel, participantIds, initiatorId, source: x.source,
      externalId: x.externalId, note: x.note ?? null,
    }, now);
    if (seen.has(x.externalId)) duplicates++;
    else {
      seen.add(x.externalId);
      interactions.push({ index: j, record: ix });
    }
  });
  return { interactions, duplicates };
}

type IndexedInteraction = { index: number; record: Interaction };

async function inChunks<T>(rows: T[], run: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await run(rows.slice(i, i + CHUNK));
}

/** Up to this many keys are looked up one by one; more read all of the workspace's keys at once. */
const SEEK_LIMIT = 1_000;

async function existingKeys(tx: ManagedTransaction, ws: string, keys: string[], seek: string, scan: string): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const res = keys.length <= SEEK_LIMIT ? await tx.run(seek, { ws, keys }) : await tx.run(scan, { ws });
  return new Set(res.records.map((r) => r.get('key') as string));
}

/** Validates, counts and writes the whole plan in `tx`; the caller commits or rolls back. */
export async function runImport(tx: ManagedTransaction, ws: string, plan: ImportPlan): Promise<ImportResult> {
  const wsFound = (await tx.run(WORKSPACE.existsWs, { ws })).records[0]?.get('n');
  if (!wsFound || Number(wsFound) === 0) throw AppError.notFound('workspace', ws);
  const now = nowIso();
  const res = await tx.run(IMPORT.people, { ws });
  const existing = res.records.map((r) => toRecord<Person>('people', r.get('r')));

  const people = planPeople(existing, plan, now);
  const { ties, duplicates: tieDuplicates } = planTies(plan, people, now);
  const { interactions, duplicates: ixDuplicates } = planInteractions(plan, people, now);

  if (people.orgRefs.size > 0) {
    const ids = [...people.orgRefs.keys()];
    const found = new Set((await tx.run(EXISTING.Organization!, { ws, ids })).records.map((r) => r.get('id') as string));
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) {
      throw AppError.invalid(`people.${people.orgRefs.get(missing)}.organizationId`, `no organization with id ${missing} in this workspace`);
    }
  }
  const tieKeys = ties.map((t) => tieKey(t.aId, t.bId, t.kind));
  const oldTies = await existingKeys(tx, ws, tieKeys, IMPORT.existingTies, IMPORT.allTieKeys);
  const newTies = ties.filter((_, i) => !oldTies.has(tieKeys[i]!));
  const oldInteractions = await existingKeys(
    tx, ws, interactions.map((x) => x.record.externalId!), IMPORT.existingInteractions, IMPORT.allInteractionKeys,
  );
  const newInteractions = interactions.filter((x) => !oldInteractions.has(x.record.externalId!));
  for (const { index, record } of newInteractions) atRow(`interactions.${index}`, () => checkRecordRules('interactions', record));

  const personRow = (id: string) => {
    const p = people.byId.get(id)!;
    return { id, props: toProps('people', ws, p), organizationId: p.organizationId };
  };
  await inChunks([...people.created].map(personRow), (rows) => tx.run(IMPORT.createPeople, { ws, rows }));
  await inChunks([...people.updated].map(personRow), (rows) => tx.run(IMPORT.updatePeople, { ws, rows }));
  const employed = [...people.created, ...people.updated].map(personRow).filter((r) => r.organizationId);
  await inChunks(employed, (rows) => tx.run(IMPORT.linkOrganizations, { ws, rows }));
  await inChunks(
    newTies.map((t) => ({ aId: t.aId, bId: t.bId, props: toProps('ties', ws, t) })),
    (rows) => tx.run(IMPORT.createTies, { ws, rows }),
  );
  await inChunks(
    newInteractions.map(({ record: x }) => ({
      participantIds: x.participantIds, initiatorId: x.initiatorId, props: toProps('interactions', ws, x),
    })),
    (rows) => tx.run(IMPORT.createInteractions, { ws, rows }),
  );

  const count = (o: RowOutcome) => people.rows.filter((r) => r.outcome === o).length;
  const done = {
    people: { created: count('created'), updated: count('updated'), unchanged: count('unchanged') },
    rows: people.rows,
    ties: { created: newTies.length, unchanged: ties.length - newTies.length + tieDuplicates },
    interactions: { created: newInteractions.length, unchanged: interactions.length - newInteractions.length + ixDuplicates },
    possibleDuplicates: people.possibleDuplicates,
  };
  let importId: string | null = null;
  if (plan.record && !plan.dryRun) {
    importId = newId();
    const { fileName, fileHash, kind } = plan.record;
    await tx.run(IMPORT_RECORD.create, {
      props: {
        id: importId, workspaceId: ws, fileName, fileHash, kind, importedAt: now,
        counts: JSON.stringify(importRecordCounts(plan, done)),
      },
    });
  }
  return { ...done, importId, dryRun: plan.dryRun === true };
}
