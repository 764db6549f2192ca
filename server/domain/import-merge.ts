/**
 * How an import meets the people and organisations on file, decided once for both storage
 * adapters: person references resolved to ids, identity keys, an imported row merged into
 * the person on file, the people and organisations an import creates and updates.
 */
import type { Organization, Person, PersonCreate } from '../../shared/index.js';
import { foldName, normalizeEmail, normalizeLinkedInUrl } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import type { ImportPerson, ImportResult, PersonRef, RowOutcome } from '../store/store.port.js';
import { checkRecordRules, materialize, nowIso } from './records.js';

/**
 * Turns an import plan's person references into ids: a row's person (`rows`,
 * what planPeopleImport decided), or someone in `known` (on file or created).
 * The reference is named by where it is in the plan (`interactions`, 3,
 * `participants`, 1); the path of an error is put together only when one is
 * thrown, as this runs some 300,000 times per export import.
 */
export function personRefResolver(rows: { id: string }[], known: { has(id: string): boolean }) {
  const path = (list: string, index: number, field: string, position?: number) =>
    position === undefined ? `${list}.${index}.${field}` : `${list}.${index}.${field}.${position}`;
  return (ref: PersonRef, list: string, index: number, field: string, position?: number): string => {
    if ('id' in ref) {
      if (known.has(ref.id)) return ref.id;
      throw AppError.invalid(path(list, index, field, position), `no person with id ${ref.id} in this workspace`);
    }
    const row = rows[ref.row];
    if (row) return row.id;
    throw AppError.invalid(path(list, index, field, position), `no row ${ref.row} in this import`);
  };
}

const NO_EMAILS: readonly string[] = Object.freeze([]);

/** Identity keys of a person for import matching; `url`, the profile URL's key when the caller has it already. */
export function personKeys(
  p: { linkedinUrl?: string | null; emails?: string[] | null },
  url: string | null = normalizeLinkedInUrl(p.linkedinUrl),
): { url: string | null; emails: readonly string[] } {
  return {
    url,
    emails: p.emails?.length ? p.emails.map((e) => normalizeEmail(e)).filter((e): e is string => e != null) : NO_EMAILS,
  };
}

const IMPORTED_FIELDS = ['name', 'firstName', 'lastName', 'linkedinUrl', 'company', 'position', 'connectedOn'] as const;

/**
 * An imported row merged into the person on file: imported fields follow the
 * newer export, emails and tags are added to, the user's notes, need and
 * source stay. Null when nothing changes.
 */
export function mergeImportedPerson(existing: Person, incoming: PersonCreate, now = nowIso()): Person | null {
  // Compared field by field, and copied only at the first change: this runs once per row of every re-import.
  let next: Person | null = null;
  const change = (): Person => (next ??= { ...existing, updatedAt: now });
  for (const f of IMPORTED_FIELDS) {
    const v = incoming[f];
    if (v === undefined || v === null || v === '' || v === existing[f]) continue;
    // The same profile written another way (trailing slash, escapes) is no change.
    if (f === 'linkedinUrl' && normalizeLinkedInUrl(v as string) === normalizeLinkedInUrl(existing.linkedinUrl))
      continue;
    (change() as Record<string, unknown>)[f] = v;
  }
  if (incoming.emails?.length) {
    const emails = [...new Set([...existing.emails, ...incoming.emails.map((e) => normalizeEmail(e) ?? e)])];
    if (emails.length !== existing.emails.length) change().emails = emails;
  }
  if (incoming.tags?.length) {
    const tags = [...new Set([...existing.tags, ...incoming.tags])];
    if (tags.length !== existing.tags.length) change().tags = tags;
  }
  if (existing.notes == null && incoming.notes) change().notes = incoming.notes;
  if (existing.organizationId == null && incoming.organizationId) change().organizationId = incoming.organizationId;
  if (incoming.isMe === true && !existing.isMe) change().isMe = true;
  return next;
}

/**
 * Same folded name and company: maybe the same human under another URL or
 * email. Null when there is no company to compare (names alone collide too often).
 */
export function duplicateKey(p: { name: string; company?: string | null }): string | null {
  const company = foldName(p.company);
  return company ? `${foldName(p.name)}|${company}` : null;
}

/** The counts an import record keeps: the importer's, plus what the store did. */
export function importRecordCounts(
  plan: { record?: { counts: Record<string, number> } },
  r: Omit<ImportResult, 'importId' | 'dryRun'>,
): Record<string, number> {
  return {
    ...(plan.record?.counts ?? {}),
    peopleCreated: r.people.created,
    peopleUpdated: r.people.updated,
    peopleUnchanged: r.people.unchanged,
    organizationsCreated: r.organizations.created,
    tiesCreated: r.ties.created,
    interactionsCreated: r.interactions.created,
    possibleDuplicates: r.possibleDuplicates.length,
  };
}

/** What an import does to people, decided once for both adapters. */
export interface PeopleImportPlan {
  rows: { id: string; outcome: RowOutcome }[];
  /** New people, in their final state (a later row may have updated one). */
  creates: Person[];
  /** Changed people on file, in their final state. */
  updates: Person[];
  counts: { created: number; updated: number; unchanged: number };
  possibleDuplicates: ImportResult['possibleDuplicates'];
}

/**
 * Matches each row to a person (its `matchId`, else normalised LinkedIn URL,
 * else any email; rows earlier in the same plan count), merges or creates,
 * and flags same-name-and-company newcomers. Throws VALIDATION naming
 * `people.<row>` for a row that breaks a rule. `urlKeyOf` gives the key of
 * a person on file's profile URL when the adapter stores it, sparing a
 * normalisation per person on file on every re-import.
 */
export function planPeopleImport(
  existing: Iterable<Person>,
  input: ImportPerson[],
  now = nowIso(),
  urlKeyOf?: (p: Person) => string | null | undefined,
): PeopleImportPlan {
  const people = new Map<string, Person>();
  const byUrl = new Map<string, string>();
  const byEmail = new Map<string, string>();
  const remember = (p: Person, dup?: string | null, url?: string | null) => {
    people.set(p.id, p);
    const keys = personKeys(p, url);
    if (keys.url) byUrl.set(keys.url, p.id);
    for (const e of keys.emails) if (!byEmail.has(e)) byEmail.set(e, p.id);
    if (byNameCompany) addNameCompany(p, dup);
  };
  // Folding every name costs: the name-and-company index is built when the first new person needs it.
  let byNameCompany: Map<string, string> | null = null;
  const addNameCompany = (p: Person, dup = duplicateKey(p)) => {
    if (dup && !byNameCompany!.has(dup)) byNameCompany!.set(dup, p.id);
  };
  const nameCompanyIndex = () => {
    if (!byNameCompany) {
      byNameCompany = new Map();
      for (const p of people.values()) addNameCompany(p);
    }
    return byNameCompany;
  };
  for (const p of existing) remember(p, undefined, urlKeyOf?.(p));

  const created = new Set<string>();
  const changed = new Set<string>();
  const rows: PeopleImportPlan['rows'] = [];
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const possibleDuplicates: PeopleImportPlan['possibleDuplicates'] = [];
  input.forEach((row, i) => {
    // `row` itself, not a copy without `matchId`: a row with one is merged, and materialize skips it when undefined.
    const { matchId } = row;
    try {
      let match: Person | undefined;
      if (matchId !== undefined) {
        match = people.get(matchId);
        if (!match) throw AppError.invalid('matchId', `no person with id ${matchId} in this workspace`);
      } else {
        const keys = personKeys(row);
        let id = keys.url ? byUrl.get(keys.url) : undefined;
        for (let k = 0; !id && k < keys.emails.length; k++) id = byEmail.get(keys.emails[k]!);
        match = id ? people.get(id) : undefined;
      }
      if (match) {
        const merged = mergeImportedPerson(match, row, now);
        if (!merged) {
          counts.unchanged++;
          rows.push({ id: match.id, outcome: 'unchanged' });
          return;
        }
        checkRecordRules('people', merged as unknown as Record<string, unknown>);
        remember(merged);
        if (!created.has(merged.id)) changed.add(merged.id);
        counts.updated++;
        rows.push({ id: merged.id, outcome: 'updated' });
      } else {
        const p = materialize<Person>('people', row, now);
        checkRecordRules('people', p as unknown as Record<string, unknown>);
        const dup = duplicateKey(p);
        const existingId = dup ? nameCompanyIndex().get(dup) : undefined;
        if (existingId) possibleDuplicates.push({ row: i, id: p.id, existingId });
        remember(p, dup);
        created.add(p.id);
        counts.created++;
        rows.push({ id: p.id, outcome: 'created' });
      }
    } catch (e) {
      throw prefixErrorPath(e, `people.${i}`);
    }
  });
  return {
    rows,
    creates: [...created].map((id) => people.get(id)!),
    updates: [...changed].map((id) => people.get(id)!),
    counts,
    possibleDuplicates,
  };
}

/** An organisation on file as an import matches it: by name. */
export interface OrganizationName {
  id: string;
  name: string;
}

/**
 * The organisations of the people an import writes (LinkedIn's Company column, a contacts file's company),
 * so that "who knows someone at Acme" and introduction paths to a company work on an imported network.
 *
 * - A written person with a company and no organisation is linked to the workspace's organisation of that
 *   name, matched folded (case, accents and spacing aside: "ACME  GmbH" is "Acme GmbH"); one is created
 *   when there is none, once per name. Of two on file with one name, the older (first by id) is used;
 *   `onFile` comes in id order.
 * - A person whose organisation was the one of their previous company follows a changed company (a newer
 *   export); one linked by hand to another organisation keeps it, as their notes and tags are kept.
 * - People the import leaves unchanged are not touched.
 *
 * Sets `organizationId` on the plan's `creates` and `updates` (fresh records of this import; `existing`:
 * the people before it) and returns the organisations to create, which the adapter writes first, in the
 * same transaction, and the ids of all it knows (on file or created), which need no check per person.
 */
export function planImportOrganizations(
  onFile: Iterable<OrganizationName>,
  people: Pick<PeopleImportPlan, 'creates' | 'updates'>,
  existing: readonly Person[],
  now = nowIso(),
): { created: Organization[]; known: Set<string> } {
  const byName = new Map<string, string>();
  /** Organisation id -> its name folded. */
  const nameOf = new Map<string, string>();
  const know = (id: string, key: string) => {
    nameOf.set(id, key);
    if (key && !byName.has(key)) byName.set(key, id);
  };
  for (const o of onFile) know(o.id, foldName(o.name));
  const created: Organization[] = [];
  /** The organisation of a company (`key`: the company folded), created at its first mention. */
  const orgOf = (company: string, key: string): string => {
    let id = byName.get(key);
    if (id === undefined) {
      const org = materialize<Organization>('organizations', { name: company.trim() }, now);
      created.push(org);
      know(org.id, key);
      id = org.id;
    }
    return id;
  };
  const link = (p: Person, previous: Person | undefined) => {
    const company = p.company == null ? '' : foldName(p.company);
    if (!company) return;
    if (p.organizationId == null) {
      p.organizationId = orgOf(p.company!, company);
      return;
    }
    const was = previous?.company == null ? '' : foldName(previous.company);
    if (
      was &&
      was !== company &&
      previous!.organizationId === p.organizationId &&
      nameOf.get(p.organizationId) === was
    ) {
      p.organizationId = orgOf(p.company!, company);
    }
  };
  for (const p of people.creates) link(p, undefined);
  if (people.updates.length > 0) {
    const before = new Map(existing.map((p) => [p.id, p]));
    for (const p of people.updates) link(p, before.get(p.id));
  }
  return { created, known: new Set(nameOf.keys()) };
}

/** Whether an import's people name any company, so that the organisations on file are worth reading. */
export function namesCompanies(people: Pick<PeopleImportPlan, 'creates' | 'updates'>): boolean {
  return people.creates.some((p) => p.company) || people.updates.some((p) => p.company);
}

/** The same error with every field path under `prefix` (e.g. `people.12.linkedinUrl`). */
export function prefixErrorPath(e: unknown, prefix: string): unknown {
  if (!(e instanceof AppError) || !e.details.errors) return e;
  const errors = e.details.errors.map((x) => ({ ...x, path: `${prefix}.${x.path}` }));
  return new AppError(e.code, `Invalid input: ${errors.map((x) => `${x.path}: ${x.message}`).join('; ')}`, {
    ...e.details,
    errors,
  });
}
