/**
 * The records both storage adapters persist, defined once: ids, defaults, how a patch
 * applies, which fields point at which records, the rules no schema can express alone,
 * and the field that orders each kind of event. Adapters persist what these return.
 */
import { randomUUID } from 'node:crypto';
import { type Person, normalizeEmail, normalizeLinkedInUrl } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import type { EntityName } from '../store/store.port.js';

/**
 * A UUIDv7 (RFC 9562): time-ordered, so bulk inserts append to the id indexes
 * instead of scattering across them. The random bits come from randomUUID,
 * which draws entropy in batches (a syscall per id costs more than the insert).
 */
export function newId(): string {
  const ms = Date.now();
  if (ms !== idMs) {
    // The time part changes once a millisecond; a bulk import makes hundreds of ids in one.
    const hex = ms.toString(16).padStart(12, '0');
    idPrefix = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7`;
    idMs = ms;
  }
  return idPrefix + randomUUID().slice(15);
}
let idMs = -1;
let idPrefix = '';

/** An API token's last use is recorded at most this often (a read per request, not a write). */
export const TOKEN_USE_RESOLUTION_MS = 60_000;

export const nowIso = (): string => new Date().toISOString();

export const DEFAULTS: { [K in EntityName]: Record<string, unknown> } = {
  people: {
    firstName: null,
    lastName: null,
    emails: [],
    linkedinUrl: null,
    company: null,
    position: null,
    organizationId: null,
    tags: [],
    notes: null,
    connectedOn: null,
    source: 'manual',
    isMe: false,
    needNote: null,
    needNotedOn: null,
  },
  organizations: { domain: null, tags: [], notes: null },
  ties: { kind: 'knows', since: null, source: 'manual', note: null },
  interactions: { initiatorId: null, note: null, source: 'manual', externalId: null },
  introductions: { outcome: 'pending', note: null },
  referrals: { prospectId: null, prospectName: null, status: 'open', value: null, currency: null, note: null },
  pitches: { kind: 'pitch', offer: null, askedForIt: false, needExpressed: false, note: null },
  mailingLists: { description: null },
  subscriptions: { status: 'active', source: 'manual' },
  consents: { listId: null, evidence: null },
};

/** Fields that must name a record of the same workspace. */
export const REFERENCES: {
  [K in EntityName]: { field: string; target: EntityName; many?: boolean; optional?: boolean }[];
} = {
  people: [{ field: 'organizationId', target: 'organizations', optional: true }],
  organizations: [],
  ties: [
    { field: 'aId', target: 'people' },
    { field: 'bId', target: 'people' },
  ],
  interactions: [{ field: 'participantIds', target: 'people', many: true }],
  introductions: [
    { field: 'introducerId', target: 'people' },
    { field: 'aId', target: 'people' },
    { field: 'bId', target: 'people' },
  ],
  referrals: [
    { field: 'referrerId', target: 'people' },
    { field: 'recipientId', target: 'people' },
    { field: 'prospectId', target: 'people', optional: true },
  ],
  pitches: [
    { field: 'pitcherId', target: 'people' },
    { field: 'personId', target: 'people' },
  ],
  mailingLists: [],
  subscriptions: [
    { field: 'listId', target: 'mailingLists' },
    { field: 'personId', target: 'people' },
  ],
  consents: [
    { field: 'personId', target: 'people' },
    { field: 'listId', target: 'mailingLists', optional: true },
  ],
};

export const ENTITY_LABEL: { [K in EntityName]: string } = {
  people: 'person',
  organizations: 'organization',
  ties: 'tie',
  interactions: 'interaction',
  introductions: 'introduction',
  referrals: 'referral',
  pitches: 'pitch',
  mailingLists: 'mailing list',
  subscriptions: 'subscription',
  consents: 'consent',
};

function definedOnly(input: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

/** A full record from a create input: id, timestamps, defaults, then the input. */
export function materialize<T>(entity: EntityName, input: object, now = nowIso(), id = newId()): T {
  const record: Record<string, unknown> = { id, createdAt: now, updatedAt: now };
  // Defaults hold only scalars and empty arrays: a shallow copy of each array is a full copy.
  for (const [k, v] of DEFAULT_ENTRIES[entity]) record[k] = Array.isArray(v) ? [] : v;
  // Keys rather than entries: no [key, value] pair per field (an import materializes 30,000 people).
  const fields = input as Record<string, unknown>;
  for (const k of Object.keys(fields)) if (fields[k] !== undefined) record[k] = fields[k];
  return normalizeRecord(entity, record) as T;
}
const DEFAULT_ENTRIES = Object.fromEntries(Object.entries(DEFAULTS).map(([e, d]) => [e, Object.entries(d)])) as {
  [K in EntityName]: [string, unknown][];
};

/** The record after a patch; `updatedAt` moves only when something changed. */
export function applyPatch<T extends { updatedAt: string }>(
  entity: EntityName,
  existing: T,
  patch: object,
  now = nowIso(),
): T {
  const next = normalizeRecord(entity, { ...existing, ...definedOnly(patch) }) as T;
  return sameRecord(existing, next) ? existing : { ...next, updatedAt: now };
}

function normalizeRecord(entity: EntityName, r: Record<string, unknown>): Record<string, unknown> {
  if (entity === 'interactions' && Array.isArray(r.participantIds)) {
    r.participantIds = [...new Set(r.participantIds as string[])];
  }
  if (entity === 'people' && Array.isArray(r.emails)) {
    r.emails = [...new Set((r.emails as string[]).map((e) => normalizeEmail(e) ?? e))];
  }
  if (Array.isArray(r.tags)) r.tags = [...new Set(r.tags as string[])];
  return r;
}

function sameRecord(a: object, b: object): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Rules no schema can express alone, checked by both adapters before a write. */
export function checkRecordRules(entity: EntityName, r: Record<string, unknown>): void {
  if (entity === 'interactions') {
    const ids = r.participantIds as string[];
    if (ids.length < 2) throw AppError.invalid('participantIds', 'an interaction needs at least two different people');
    if (r.initiatorId != null && !ids.includes(r.initiatorId as string)) {
      throw AppError.invalid('initiatorId', 'the initiator must be one of the participants');
    }
  }
  if (entity === 'pitches' && !r.pitcherId) throw AppError.invalid('pitcherId', 'who made the pitch is required');
  if (entity === 'ties' && r.aId === r.bId) throw AppError.invalid('bId', 'a tie joins two different people');
  if (entity === 'people' && r.linkedinUrl != null && normalizeLinkedInUrl(r.linkedinUrl as string) == null) {
    throw AppError.invalid('linkedinUrl', 'must be a LinkedIn profile URL (linkedin.com/in/…)');
  }
}

/** Every id a record points at, grouped by the kind of record it must be. */
export function referencedIds(
  entity: EntityName,
  r: Record<string, unknown>,
): { field: string; target: EntityName; ids: string[] }[] {
  return REFERENCES[entity]
    .map(({ field, target, many }) => {
      const v = r[field];
      const ids = many ? ((v as string[] | undefined) ?? []) : v == null ? [] : [v as string];
      return { field, target, ids };
    })
    .filter((g) => g.ids.length > 0);
}

/**
 * Checks references with the adapter's `existing` lookup (which returns the
 * subset of ids present in the workspace) and throws VALIDATION naming the field.
 */
export async function assertReferences(
  entity: EntityName,
  r: Record<string, unknown>,
  existing: (target: EntityName, ids: string[]) => Promise<Set<string>> | Set<string>,
): Promise<void> {
  for (const group of referencedIds(entity, r)) {
    throwIfMissing(r, group, await existing(group.target, [...new Set(group.ids)]));
  }
}

/** The same check for adapters whose lookups are synchronous (inside a SQLite transaction). */
export function assertReferencesSync(
  entity: EntityName,
  r: Record<string, unknown>,
  existing: (target: EntityName, ids: string[]) => Set<string>,
): void {
  for (const group of referencedIds(entity, r))
    throwIfMissing(r, group, existing(group.target, [...new Set(group.ids)]));
}

function throwIfMissing(
  r: Record<string, unknown>,
  { field, target, ids }: { field: string; target: EntityName; ids: string[] },
  found: Set<string>,
): void {
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) {
    const path = Array.isArray(r[field]) ? `${field}.${missing}` : field;
    throw AppError.invalid(path, `no ${ENTITY_LABEL[target]} with id ${ids[missing]} in this workspace`);
  }
}
/** The time field that orders each kind of event, newest first. */
export const EVENT_TIME_FIELD: Partial<Record<EntityName, string>> = {
  interactions: 'occurredAt',
  introductions: 'date',
  referrals: 'date',
  pitches: 'date',
  subscriptions: 'subscribedAt',
  consents: 'date',
};

const EPOCH = new Date(0).toISOString();
const NO_STRINGS = Object.freeze([]) as unknown as string[];

/**
 * A person holding only what an analysis reads of them: id, name, me, connection date and, when
 * given, organisation, noted need and updatedAt (createdAt the same; both the epoch when not given).
 * Every other field is empty, the lists one shared frozen empty list: a million people would
 * otherwise carry emails, tags and notes no analysis reads.
 */
export function leanPerson(
  p: Pick<Person, 'id' | 'name' | 'isMe' | 'connectedOn' | 'source'> &
    Partial<Pick<Person, 'organizationId' | 'needNote' | 'needNotedOn' | 'updatedAt'>>,
): Person {
  const at = p.updatedAt ?? EPOCH;
  return {
    id: p.id,
    createdAt: at,
    updatedAt: at,
    name: p.name,
    firstName: null,
    lastName: null,
    emails: NO_STRINGS,
    linkedinUrl: null,
    company: null,
    position: null,
    organizationId: p.organizationId ?? null,
    tags: NO_STRINGS,
    notes: null,
    connectedOn: p.connectedOn,
    source: p.source,
    isMe: p.isMe,
    needNote: p.needNote ?? null,
    needNotedOn: p.needNotedOn ?? null,
  };
}
