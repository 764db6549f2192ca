/**
 * The SQLite side of an import: one plan written inside the caller's
 * transaction. People are decided by `planPeopleImport` (shared with the
 * Neo4j adapter); ties and interactions are written in bulk with one prepared
 * statement each and no per-row lookups: the keys already on file (tie pairs,
 * interaction external ids) are read once into sets.
 *
 * The links table (who is linked to whom, per kind, with counts) is kept here
 * in one sorted pass rather than by its per-row triggers: thousands of
 * messages with one person make one row. Each record's pairs of people are
 * collected as numbers; the people linked are then ranked in id order, so a
 * pair is one number, and sorting the numbers sorts (and groups) the rows in
 * the table's key order.
 */
import type Database from 'better-sqlite3';
import type { LinkKind, Person } from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import { checkRecordRules, newId } from '../../domain/records.js';
import {
  type OrganizationName,
  type PeopleImportPlan,
  namesCompanies,
  personRefResolver,
  planImportOrganizations,
  planPeopleImport,
  prefixErrorPath,
} from '../../domain/import-merge.js';
import { eventMs } from '../../../shared/index.js';
import type { ImportPlan, ImportResult, PersonRef } from '../store.port.js';
import { TABLES, insertRow, rawRowReader } from './tables.js';

type Row = Record<string, unknown>;

export interface ImportWriter {
  stmt: (sql: string) => Database.Statement;
  /** Runs DDL (dropping and rebuilding indexes around a bulk load). */
  exec: (sql: string) => void;
  /** A changed person written through the store's own update path (side tables, references). */
  updatePerson: (ws: string, p: Person) => void;
  /** Throws when a new person's references (an organisation) are not in the workspace. */
  checkReferences: (ws: string, p: Person) => void;
  /** SQLite's constraint errors as AppErrors. */
  mapError: (e: unknown) => unknown;
}

const LINK_KINDS: LinkKind[] = ['tie', 'interaction'];
/** Below this many new rows an import inserts into the indexes as they are. */
const BULK_ROWS = 5000;
type BulkTable = 'organizations' | 'people' | 'person_emails' | 'ties' | 'interactions';

/**
 * Before adding `adding` rows to `table`: when that is at least as many as it
 * holds (a first import), its secondary indexes are dropped, to be rebuilt by
 * the returned function once the rows are in. Building an index from sorted
 * entries beats as many random B-tree inserts (the benchmark's first import,
 * 30,000 people and 100,000 messages: writes 4.4 s instead of 4.6-5.5 s, for
 * ~35 MB more memory while the sorter runs); on a table already larger than
 * the import, rebuilding would cost more than it saves. Inside the import's transaction, so a failure or a dry run rolls the
 * schema back too.
 */
function dropIndexesForBulk(w: ImportWriter, table: BulkTable, adding: number): () => void {
  if (adding < BULK_ROWS) return () => {};
  const onFile = w.stmt(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  if (adding < onFile) return () => {};
  // Indexes behind a PRIMARY KEY or UNIQUE column constraint have no SQL and stay.
  const indexes = w
    .stmt("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name")
    .all(table) as { name: string; sql: string }[];
  for (const ix of indexes) w.exec(`DROP INDEX "${ix.name.replace(/"/g, '""')}"`);
  return () => {
    for (const ix of indexes) w.exec(ix.sql);
  };
}

/**
 * The external ids of a workspace's imported interactions (Store.importedExternalIds, and the writer's
 * own check), in one call rather than a step per row: iterating costs a round trip into SQLite for each
 * of 100,000 ids.
 */
export function importedExternalIds(stmt: ImportWriter['stmt'], ws: string): Set<string> {
  return new Set(
    stmt('SELECT external_id FROM interactions WHERE workspace_id = ? AND external_id IS NOT NULL')
      .pluck()
      .all(ws) as string[],
  );
}

/** Room for 2^26 people per workspace in a pair number (a * 2^26 + b) * 2 + kind, at most 2^53 - 1. */
const PAIR_BASE = 2 ** 26;

/** Everyone in the workspace once the import's people are in: the integer key (participant rows) and a number (link pairs). */
interface KnownPerson {
  rid: number;
  n: number;
}

/** The people of the workspace by id, each with a number for the link pairs (in the order they became known). */
class PeopleNumbers {
  readonly known = new Map<string, KnownPerson>();
  readonly numbered: string[] = [];

  know(id: string, rid: number): void {
    if (this.numbered.length >= PAIR_BASE)
      throw AppError.invalid('people', `a workspace holds at most ${PAIR_BASE} people`);
    this.known.set(id, { rid, n: this.numbered.length });
    this.numbered.push(id);
  }
}

/**
 * Ordered pairs of people linked by this import (one entry per record), as numbers in a growing
 * array: sorted and counted when they are written, no map entry per pair.
 */
class LinkPairs {
  private pairs = new Float64Array(1 << 16);
  count = 0;

  /** `ns`: the numbers of different people; `kind` 0 a tie, 1 an interaction. */
  add(ns: number[], kind: 0 | 1): void {
    for (const a of ns) {
      for (const b of ns) {
        if (a === b) continue;
        if (this.count === this.pairs.length) {
          const grown = new Float64Array(this.pairs.length * 2);
          grown.set(this.pairs);
          this.pairs = grown;
        }
        this.pairs[this.count++] = (a * PAIR_BASE + b) * 2 + kind;
      }
    }
  }

  view(): Float64Array {
    return this.pairs.subarray(0, this.count);
  }
}

/**
 * 1. The workspace's people, read once as arrays (no object per row with every column name): the
 * record's columns (not the derived ones kept for search), each person's integer key and stored URL
 * key. The statement is used only here, so it stays in raw mode in the cache.
 */
function readPeople(w: ImportWriter, ws: string, numbers: PeopleNumbers) {
  const load = w.stmt(
    `SELECT rid, linkedin_key AS url_key_, ${TABLES.people.cols.map((c) => c.column).join(', ')} FROM people WHERE workspace_id = ?`,
  );
  const columns = load.columns().map((c) => c.name);
  const read = rawRowReader<Person>(TABLES.people, columns);
  const keyAt = columns.indexOf('url_key_');
  const ridAt = columns.indexOf('rid');
  const urlKeys = new Map<string, string | null>();
  const existing = (load.raw(true).all(ws) as unknown[][]).map((r) => {
    const p = read(r);
    urlKeys.set(p.id, r[keyAt] as string | null);
    numbers.know(p.id, r[ridAt] as number);
    return p;
  });
  return { existing, urlKey: (p: Person) => urlKeys.get(p.id) };
}

/** 2. Organisations of the people written, created first; theirs and those on file need no check per person. */
function writeOrganizations(
  w: ImportWriter,
  ws: string,
  planned: PeopleImportPlan,
  existing: Person[],
  now: string,
): { created: number; known: Set<string> } {
  const orgsOnFile = namesCompanies(planned)
    ? (w.stmt('SELECT id, name FROM organizations WHERE workspace_id = ? ORDER BY id').all(ws) as OrganizationName[])
    : [];
  const { created, known } = planImportOrganizations(orgsOnFile, planned, existing, now);
  const rebuild = dropIndexesForBulk(w, 'organizations', created.length);
  for (const o of created) {
    const { sql, values } = insertRow(TABLES.organizations, ws, o as unknown as Row);
    w.stmt(sql).run(values);
  }
  rebuild();
  return { created: created.length, known };
}

/** 3. People changed through the store's update path, new people inserted in bulk with their emails. */
function writePeople(
  w: ImportWriter,
  ws: string,
  planned: PeopleImportPlan,
  orgsKnown: Set<string>,
  numbers: PeopleNumbers,
): void {
  const fail = (e: unknown, p: Person) =>
    prefixErrorPath(
      w.mapError(e),
      `people.${Math.max(
        0,
        planned.rows.findIndex((r) => r.id === p.id),
      )}`,
    );
  for (const p of planned.updates) {
    try {
      if (p.organizationId && !orgsKnown.has(p.organizationId)) w.checkReferences(ws, p);
      w.updatePerson(ws, p);
    } catch (e) {
      throw fail(e, p);
    }
  }
  const rebuildPeopleIndexes = dropIndexesForBulk(w, 'people', planned.creates.length);
  const rebuildEmailIndexes = dropIndexesForBulk(
    w,
    'person_emails',
    planned.creates.reduce((n, p) => n + p.emails.length, 0),
  );
  const addEmail = w.stmt('INSERT OR IGNORE INTO person_emails (workspace_id, person_id, email) VALUES (?, ?, ?)');
  for (const p of planned.creates) {
    try {
      if (p.organizationId && !orgsKnown.has(p.organizationId)) w.checkReferences(ws, p);
      const { sql, values } = insertRow(TABLES.people, ws, p as unknown as Row);
      numbers.know(p.id, Number(w.stmt(sql).run(values).lastInsertRowid));
      for (const e of p.emails) addEmail.run(ws, p.id, e);
    } catch (e) {
      throw fail(e, p);
    }
  }
  rebuildPeopleIndexes();
  rebuildEmailIndexes();
}

type Resolve = ReturnType<typeof personRefResolver>;

/** 4. New ties (one of a kind per pair), each a pair of links. */
function writeTies(
  w: ImportWriter,
  ws: string,
  plan: ImportPlan,
  rows: PeopleImportPlan['rows'],
  resolve: Resolve,
  numbers: PeopleNumbers,
  links: LinkPairs,
  now: string,
): { created: number; unchanged: number } {
  const ties = { created: 0, unchanged: 0 };
  const addTie = w.stmt(
    `INSERT INTO ties (workspace_id, id, a_id, b_id, lo_id, hi_id, kind, since, source, note, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
  );
  // The keys put together by SQLite: one string per tie on file rather than three and a join.
  const tieKeys = new Set(
    w.stmt("SELECT lo_id || '|' || hi_id || '|' || kind FROM ties WHERE workspace_id = ?").pluck().all(ws) as string[],
  );
  const planTies = plan.ties ?? [];
  const tieKey = (a: string, b: string, kind: string) => (a < b ? `${a}|${b}|${kind}` : `${b}|${a}|${kind}`);
  const idOf = (ref: PersonRef) => ('row' in ref ? rows[ref.row]?.id : ref.id);
  let newTies = 0;
  for (const t of planTies) {
    const a = idOf(t.a);
    const b = idOf(t.b);
    if (a && b && !tieKeys.has(tieKey(a, b, t.kind))) newTies++;
  }
  const rebuild = dropIndexesForBulk(w, 'ties', newTies);
  const numbersOf: number[] = [];
  for (let i = 0; i < planTies.length; i++) {
    const t = planTies[i]!;
    const a = resolve(t.a, 'ties', i, 'a');
    const b = resolve(t.b, 'ties', i, 'b');
    if (a === b) throw AppError.invalid(`ties.${i}.b`, 'a tie joins two different people');
    // biome-ignore lint/complexity/useMathMinMax: ids are strings
    const lo = a < b ? a : b;
    // biome-ignore lint/complexity/useMathMinMax: ids are strings
    const hi = a < b ? b : a;
    const key = tieKey(a, b, t.kind);
    if (tieKeys.has(key)) {
      ties.unchanged++;
      continue;
    }
    tieKeys.add(key);
    addTie.run(ws, newId(), a, b, lo, hi, t.kind, t.since, t.source, now, now);
    numbersOf.length = 0;
    numbersOf.push(numbers.known.get(a)!.n, numbers.known.get(b)!.n);
    links.add(numbersOf, 0);
    ties.created++;
  }
  rebuild();
  return ties;
}

/** 5. New interactions (by external id), their participant rows, and their links. */
function writeInteractions(
  w: ImportWriter,
  ws: string,
  plan: ImportPlan,
  resolve: Resolve,
  numbers: PeopleNumbers,
  links: LinkPairs,
  now: string,
): { created: number; unchanged: number } {
  const interactions = { created: 0, unchanged: 0 };
  const planInteractions = plan.interactions ?? [];
  // None read for a plan without interactions (a re-import whose importer left out those on file).
  const seen = planInteractions.length === 0 ? new Set<string>() : importedExternalIds(w.stmt, ws);
  const addInteraction = w.stmt(
    `INSERT INTO interactions (workspace_id, id, occurred_at, at_ms, channel, participant_ids, initiator_id, note, source, external_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const addParticipant = w.stmt('INSERT INTO interaction_participants (person, interaction) VALUES (?, ?)');
  let newInteractions = 0;
  for (const ix of planInteractions) if (!seen.has(ix.externalId)) newInteractions++;
  const rebuild = dropIndexesForBulk(w, 'interactions', newInteractions);
  const numbersOf: number[] = [];
  for (let i = 0; i < planInteractions.length; i++) {
    const ix = planInteractions[i]!;
    const refs = ix.participants;
    if (seen.has(ix.externalId)) {
      // Every reference is checked, even on a row already imported: a bad plan fails the same way twice.
      for (let j = 0; j < refs.length; j++) resolve(refs[j]!, 'interactions', i, 'participants', j);
      if (ix.initiator) resolve(ix.initiator, 'interactions', i, 'initiator');
      interactions.unchanged++;
      continue;
    }
    const participantIds: string[] = [];
    for (let j = 0; j < refs.length; j++) {
      const id = resolve(refs[j]!, 'interactions', i, 'participants', j);
      if (!participantIds.includes(id)) participantIds.push(id);
    }
    const initiatorId = ix.initiator ? resolve(ix.initiator, 'interactions', i, 'initiator') : null;
    try {
      checkRecordRules('interactions', { participantIds, initiatorId });
    } catch (e) {
      throw prefixErrorPath(e, `interactions.${i}`);
    }
    const atMs = eventMs(ix.occurredAt);
    if (Number.isNaN(atMs)) throw AppError.invalid(`interactions.${i}.occurredAt`, 'not a date');
    const rid = addInteraction.run(
      ws,
      newId(),
      ix.occurredAt,
      atMs,
      ix.channel,
      JSON.stringify(participantIds),
      initiatorId,
      ix.note ?? null,
      ix.source,
      ix.externalId,
      now,
      now,
    ).lastInsertRowid;
    numbersOf.length = 0;
    for (const p of participantIds) {
      const person = numbers.known.get(p)!; // resolved, so known
      addParticipant.run(person.rid, rid);
      numbersOf.push(person.n);
    }
    links.add(numbersOf, 1);
    seen.add(ix.externalId);
    interactions.created++;
  }
  rebuild();
  return interactions;
}

/** 6. The links of the new ties and interactions, in the table's key order (see the banner). */
function writeLinks(w: ImportWriter, ws: string, links: LinkPairs, numbered: string[]): void {
  const pairCount = links.count;
  if (pairCount === 0) return;
  const pairs = links.view();
  // The people linked, ranked in id order: a pair's number in ranks sorts as its row in (a, b, kind).
  const linked = new Uint8Array(numbered.length);
  for (let i = 0; i < pairCount; i++) {
    const pair = Math.floor(pairs[i]! / 2);
    linked[pair % PAIR_BASE] = 1;
    linked[Math.floor(pair / PAIR_BASE)] = 1;
  }
  const byId: number[] = [];
  linked.forEach((used, n) => {
    if (used) byId.push(n);
  });
  byId.sort((x, y) => (numbered[x]! < numbered[y]! ? -1 : numbered[x]! > numbered[y]! ? 1 : 0));
  const rank = new Int32Array(numbered.length);
  byId.forEach((n, r) => {
    rank[n] = r;
  });
  const ranked = pairs;
  for (let i = 0; i < pairCount; i++) {
    const key = ranked[i]!;
    const kind = key % 2;
    const pair = (key - kind) / 2;
    const b = pair % PAIR_BASE;
    const a = (pair - b) / PAIR_BASE;
    ranked[i] = (rank[a]! * PAIR_BASE + rank[b]!) * 2 + kind;
  }
  ranked.sort();
  const addLink = w.stmt(
    'INSERT INTO links (ws, a, b, kind, n) VALUES (?, ?, ?, ?, ?) ON CONFLICT (ws, a, b, kind) DO UPDATE SET n = n + excluded.n',
  );
  for (let i = 0; i < pairCount; ) {
    const key = ranked[i]!;
    let n = 0;
    while (i < pairCount && ranked[i] === key) {
      n++;
      i++;
    }
    const kind = key % 2;
    const pair = (key - kind) / 2;
    const b = pair % PAIR_BASE;
    const a = (pair - b) / PAIR_BASE;
    addLink.run(ws, numbered[byId[a]!]!, numbered[byId[b]!]!, LINK_KINDS[kind], n);
  }
}

/** The whole plan, in the caller's transaction: read, people (organisations first), ties, interactions, links. */
export function writeImport(
  w: ImportWriter,
  ws: string,
  plan: ImportPlan,
  now: string,
): Omit<ImportResult, 'importId' | 'dryRun'> {
  const numbers = new PeopleNumbers();
  const { existing, urlKey } = readPeople(w, ws, numbers);
  const planned = planPeopleImport(existing, plan.people, now, urlKey);
  const organizations = writeOrganizations(w, ws, planned, existing, now);
  writePeople(w, ws, planned, organizations.known, numbers);
  const resolve = personRefResolver(planned.rows, numbers.known);
  const links = new LinkPairs();
  w.stmt('UPDATE link_upkeep SET deferred = 1').run();
  const ties = writeTies(w, ws, plan, planned.rows, resolve, numbers, links, now);
  const interactions = writeInteractions(w, ws, plan, resolve, numbers, links, now);
  writeLinks(w, ws, links, numbers.numbered);
  w.stmt('UPDATE link_upkeep SET deferred = 0').run();
  return {
    people: planned.counts,
    rows: planned.rows,
    organizations: { created: organizations.created },
    ties,
    interactions,
    possibleDuplicates: planned.possibleDuplicates,
  };
}
