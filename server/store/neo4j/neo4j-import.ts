/**
 * Bulk import inside one write transaction. The workspace's people are read
 * once, every row is matched and merged in JavaScript with the shared rules
 * of records.ts (planPeopleImport), everything is validated before the first
 * write, and the writes go out as UNWIND batches.
 *
 * One transaction keeps an import all or nothing; what it costs is memory
 * (Neo4j holds the whole change on the heap until commit) and commit time,
 * both about proportional to the records written. So the writes are lean:
 * plain CREATE (uniqueness was settled in JavaScript), people found by
 * element id rather than by an index seek per row, the initiator of an
 * interaction a flag on its PARTICIPATED_IN, no empty lists stored.
 */
import type { ManagedTransaction } from 'neo4j-driver';
import type { Interaction, Person, Tie } from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import { checkRecordRules, materialize, newId, nowIso } from '../../domain/records.js';
import {
  importRecordCounts,
  namesCompanies,
  personRefResolver,
  planImportOrganizations,
  planPeopleImport,
  prefixErrorPath,
} from '../../domain/import-merge.js';
import { eventMs } from '../../../shared/index.js';
import type { ImportPlan, ImportResult } from '../store.port.js';
import { EXISTING, IMPORT, IMPORT_RECORD, WORKSPACE } from './cypher.js';
import { tieKey, toProps, toRecord } from './neo4j-values.js';

/** Rows per UNWIND statement: large enough to amortise a round trip, small enough to stream. */
const CHUNK = 5_000;

/** Runs `fn`; a validation error it throws gets `prefix` in front of its field paths. */
function atRow<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw prefixErrorPath(e, prefix);
  }
}

type Resolve = ReturnType<typeof personRefResolver>;

/** The plan's ties as records, duplicates within the plan dropped (they count as unchanged). */
function planTies(plan: ImportPlan, resolve: Resolve, now: string): { ties: Tie[]; duplicates: number } {
  const seen = new Set<string>();
  const ties: Tie[] = [];
  let duplicates = 0;
  (plan.ties ?? []).forEach((t, j) => {
    const aId = resolve(t.a, 'ties', j, 'a');
    const bId = resolve(t.b, 'ties', j, 'b');
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

type IndexedInteraction = { index: number; record: Interaction };

/**
 * The plan's interactions as records (with their index in the plan),
 * duplicates of an external id within the plan dropped. Their rules are
 * checked once it is known which are new: one already on file is left alone.
 */
function planInteractions(
  plan: ImportPlan,
  resolve: Resolve,
  now: string,
): { interactions: IndexedInteraction[]; duplicates: number } {
  const seen = new Set<string>();
  const interactions: IndexedInteraction[] = [];
  let duplicates = 0;
  (plan.interactions ?? []).forEach((x, j) => {
    if (!x.externalId)
      throw AppError.invalid(`interactions.${j}.externalId`, 'an imported interaction needs its external id');
    const participantIds = x.participants.map((p, k) => resolve(p, 'interactions', j, 'participants', k));
    const initiatorId = x.initiator ? resolve(x.initiator, 'interactions', j, 'initiator') : null;
    if (seen.has(x.externalId)) {
      duplicates++;
      return;
    }
    seen.add(x.externalId);
    const record = materialize<Interaction>(
      'interactions',
      {
        occurredAt: x.occurredAt,
        channel: x.channel,
        participantIds,
        initiatorId,
        source: x.source,
        externalId: x.externalId,
        note: x.note ?? null,
      },
      now,
    );
    interactions.push({ index: j, record });
  });
  return { interactions, duplicates };
}

async function inChunks<T>(rows: T[], run: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await run(rows.slice(i, i + CHUNK));
}

/** Up to this many keys are looked up one by one; more read all of the workspace's keys at once. */
const SEEK_LIMIT = 1_000;

async function existingKeys(
  tx: ManagedTransaction,
  ws: string,
  keys: string[],
  seek: string,
  scan: string,
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const res = keys.length <= SEEK_LIMIT ? await tx.run(seek, { ws, keys }) : await tx.run(scan, { ws });
  return new Set(res.records.map((r) => r.get('key') as string));
}

/** Validates, counts and writes the whole plan in `tx`; the caller commits or rolls back. */
export async function runImport(tx: ManagedTransaction, ws: string, plan: ImportPlan): Promise<ImportResult> {
  const wsFound = (await tx.run(WORKSPACE.existsWs, { ws })).records[0]?.get('n');
  if (!wsFound || Number(wsFound) === 0) throw AppError.notFound('workspace', ws);
  const now = nowIso();
  // Element ids of the people, so the writes below find each person directly, not through an index.
  const elementIds = new Map<string, string>();
  const existing = (await tx.run(IMPORT.people, { ws })).records.map((r) => {
    const p = toRecord<Person>('people', r.get('r'));
    elementIds.set(p.id, r.get('eid') as string);
    return p;
  });

  const people = planPeopleImport(existing, plan.people, now);
  const known = new Set(elementIds.keys());
  for (const p of people.creates) known.add(p.id);
  const resolve = personRefResolver(people.rows, known);
  const { ties, duplicates: tieDuplicates } = planTies(plan, resolve, now);
  const { interactions, duplicates: ixDuplicates } = planInteractions(plan, resolve, now);

  // Organisations of the companies of the people written, created below with them.
  const onFile = namesCompanies(people)
    ? (await tx.run(IMPORT.organizations, { ws })).records.map((r) => ({
        id: r.get('id') as string,
        name: r.get('name') as string,
      }))
    : [];
  const { created: newOrgs, known: orgsKnown } = planImportOrganizations(onFile, people, existing, now);
  // Other organisations named by the people written (the first missing one is reported, as SQLite does).
  const written = [...people.updates, ...people.creates];
  const orgIds = [
    ...new Set(written.map((p) => p.organizationId).filter((id): id is string => id != null && !orgsKnown.has(id))),
  ];
  if (orgIds.length > 0) {
    const found = new Set(
      (await tx.run(EXISTING.Organization!, { ws, ids: orgIds })).records.map((r) => r.get('id') as string),
    );
    const bad = written.find((p) => p.organizationId != null && !found.has(p.organizationId));
    if (bad) {
      const rowOf = new Map(people.rows.map((r, i) => [r.id, i]));
      throw AppError.invalid(
        `people.${rowOf.get(bad.id) ?? 0}.organizationId`,
        `no organization with id ${bad.organizationId} in this workspace`,
      );
    }
  }
  const tieKeys = ties.map((t) => tieKey(t.aId, t.bId, t.kind));
  const oldTies = await existingKeys(tx, ws, tieKeys, IMPORT.existingTies, IMPORT.allTieKeys);
  const newTies = ties.filter((_, i) => !oldTies.has(tieKeys[i]!));
  const oldInteractions = await existingKeys(
    tx,
    ws,
    interactions.map((x) => x.record.externalId!),
    IMPORT.existingInteractions,
    IMPORT.allInteractionKeys,
  );
  const newInteractions = interactions.filter((x) => !oldInteractions.has(x.record.externalId!));
  for (const { index, record } of newInteractions) {
    atRow(`interactions.${index}`, () => checkRecordRules('interactions', record));
    if (Number.isNaN(eventMs(record.occurredAt)))
      throw AppError.invalid(`interactions.${index}.occurredAt`, 'not a date');
  }

  // Nothing is checked below this line: every write is known to succeed (constraints aside).
  await inChunks(newOrgs, (chunk) =>
    tx.run(IMPORT.createOrganizations, {
      rows: chunk.map((o) => ({ props: toProps('organizations', ws, o as unknown as Record<string, unknown>) })),
    }),
  );
  await inChunks(people.creates, async (chunk) => {
    const res = await tx.run(IMPORT.createPeople, {
      ws,
      rows: chunk.map((p) => ({ props: toProps('people', ws, p) })),
    });
    for (const r of res.records) elementIds.set(r.get('id') as string, r.get('eid') as string);
  });
  const eid = (id: string) => elementIds.get(id)!;
  await inChunks(people.updates, (chunk) =>
    tx.run(IMPORT.updatePeople, { ws, rows: chunk.map((p) => ({ eid: eid(p.id), props: toProps('people', ws, p) })) }),
  );
  const employed = written
    .filter((p) => p.organizationId)
    .map((p) => ({ eid: eid(p.id), organizationId: p.organizationId }));
  await inChunks(employed, (rows) => tx.run(IMPORT.linkOrganizations, { ws, rows }));
  await inChunks(newTies, (chunk) =>
    tx.run(IMPORT.createTies, {
      ws,
      rows: chunk.map((t) => ({ a: eid(t.aId), b: eid(t.bId), props: toProps('ties', ws, t) })),
    }),
  );
  await inChunks(newInteractions, (chunk) =>
    tx.run(IMPORT.createInteractions, {
      ws,
      rows: chunk.map(({ record: x }) => {
        const at = x.initiatorId === null ? -1 : x.participantIds.indexOf(x.initiatorId);
        return {
          people: x.participantIds.map(eid),
          initiator: at < 0 ? null : at,
          props: toProps('interactions', ws, x),
        };
      }),
    }),
  );

  // The links of what was created (cypher.ts, "Derived pair links"): counted here, one write per pair.
  const links = new Map<string, { a: string; b: string; ties: number; interactions: number }>();
  const linkPairs = (ids: readonly string[], kind: 'ties' | 'interactions') => {
    const distinct = [...new Set(ids)].sort(cmp);
    for (let i = 0; i < distinct.length; i++)
      for (let j = i + 1; j < distinct.length; j++) {
        const key = `${distinct[i]!}|${distinct[j]!}`;
        const link = links.get(key) ?? { a: eid(distinct[i]!), b: eid(distinct[j]!), ties: 0, interactions: 0 };
        link[kind]++;
        links.set(key, link);
      }
  };
  for (const t of newTies) linkPairs([t.aId, t.bId], 'ties');
  for (const { record } of newInteractions) linkPairs(record.participantIds, 'interactions');
  await inChunks([...links.values()], (rows) => tx.run(IMPORT.addLinks, { ws, rows }));

  const done = {
    people: people.counts,
    rows: people.rows,
    organizations: { created: newOrgs.length },
    ties: { created: newTies.length, unchanged: ties.length - newTies.length + tieDuplicates },
    interactions: {
      created: newInteractions.length,
      unchanged: interactions.length - newInteractions.length + ixDuplicates,
    },
    possibleDuplicates: people.possibleDuplicates,
  };
  let importId: string | null = null;
  if (plan.record && !plan.dryRun) {
    importId = newId();
    const { fileName, fileHash, kind } = plan.record;
    await tx.run(IMPORT_RECORD.create, {
      props: {
        id: importId,
        workspaceId: ws,
        fileName,
        fileHash,
        kind,
        importedAt: now,
        counts: JSON.stringify(importRecordCounts(plan, done)),
      },
    });
  }
  return { ...done, importId, dryRun: plan.dryRun === true };
}

/** Code-point order, as Cypher compares the ids (`a.id < b.id`). */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
