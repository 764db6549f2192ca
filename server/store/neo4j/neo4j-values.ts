/**
 * The boundary between Neo4j values and Nurture records: what a record
 * stores as node properties (plus the keys kept for search, ordering and
 * uniqueness), and how a projected map comes back as exactly the shared
 * schema's shape (nulls for missing properties, numbers for Integers).
 */
import neo4j from 'neo4j-driver';
import { normalizeLinkedInUrl } from '../../../shared/index.js';
import type { EntityName } from '../store.port.js';
import { EVENT_TIME_FIELD } from '../../domain/records.js';
import { eventMs } from '../../../shared/index.js';
import { FIELDS, PROPERTY_FIELDS, REL_FIELDS } from './model.js';

type Row = Record<string, unknown>;

const ARRAY_FIELDS = new Set(['emails', 'tags', 'participantIds']);

/** A driver value as plain JavaScript: Integers become numbers, recursively. */
export function toNative(v: unknown): unknown {
  if (neo4j.isInt(v)) return v.toNumber();
  if (Array.isArray(v)) return v.map(toNative);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toNative(x)]));
  }
  return v;
}

/** Exactly the fields of the record, in schema order: no internal keys, null for missing. */
export function toRecord<T>(entity: EntityName | 'workspaces', map: unknown): T {
  const m = toNative(map) as Row;
  const r: Row = {};
  for (const f of FIELDS[entity]) {
    const v = m[f];
    r[f] = v === undefined || v === null ? (ARRAY_FIELDS.has(f) ? [] : null) : v;
  }
  return r as T;
}

/** Where each field of a record is in a list of its own properties (PROPERTY_FIELDS order), or -1. */
const LIST_PLAN = Object.fromEntries(
  (Object.keys(PROPERTY_FIELDS) as EntityName[]).map((e) => [
    e,
    FIELDS[e].map((f) => ({ f, at: PROPERTY_FIELDS[e].indexOf(f), list: ARRAY_FIELDS.has(f) })),
  ]),
) as Record<EntityName, { f: string; at: number; list: boolean }[]>;

/**
 * toRecord for a record read as a list of its own properties in PROPERTY_FIELDS order (the
 * snapshot's bulk reads), with its relationship fields in `refs`: no map to build and copy.
 */
export function recordFromList<T>(entity: EntityName, values: unknown[], refs: Row): T {
  const r: Row = {};
  for (const { f, at, list } of LIST_PLAN[entity]) {
    const v = at >= 0 ? values[at] : refs[f];
    r[f] = v === undefined || v === null ? (list ? [] : null) : neo4j.isInt(v) ? v.toNumber() : v;
  }
  return r as T;
}

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : null);

/** Keys derived from a record, kept on its node for uniqueness, search and ordering. */
function derived(entity: EntityName, ws: string, r: Row): Row {
  const time = EVENT_TIME_FIELD[entity];
  const d: Row = time ? { atMs: eventMs(r[time] as string) } : {};
  switch (entity) {
    case 'people':
      d.linkedinKey = normalizeLinkedInUrl(r.linkedinUrl as string | null);
      d.meOf = r.isMe ? ws : null;
      // Lower-cased in JavaScript, as the SQLite adapter does, so both stores match the same text.
      d.searchText = [r.name, r.company ?? '', ...(r.emails as string[])].join('\n').toLowerCase();
      d.companyLc = lower(r.company);
      break;
    case 'organizations':
    case 'mailingLists':
      d.nameLc = lower(r.name);
      break;
    case 'ties':
      d.pairKey = tieKey(r.aId as string, r.bId as string, r.kind as string);
      break;
    case 'subscriptions':
      d.pairKey = `${r.listId as string}|${r.personId as string}`;
      break;
    default:
  }
  return d;
}

/** One tie of a kind per unordered pair of people. */
export function tieKey(aId: string, bId: string, kind: string): string {
  return aId < bId ? `${aId}|${bId}|${kind}` : `${bId}|${aId}|${kind}`;
}

/** The properties of a record's node: its own fields (not the relationship ones), the workspace, derived keys. */
export function toProps(entity: EntityName, ws: string, r: Row): Row {
  const props: Row = { workspaceId: ws };
  // An empty list is not stored (it reads back as []): one property less on most people.
  for (const f of PROPERTY_FIELDS[entity]) {
    const v = r[f];
    props[f] = v === undefined || (Array.isArray(v) && v.length === 0) ? null : v;
  }
  return { ...props, ...derived(entity, ws, r) };
}

/** The ids the record's relationships point at, each present (null when none). */
export function toRefs(entity: EntityName, r: Row): Row {
  return Object.fromEntries(REL_FIELDS[entity].map((f) => [f, r[f] ?? null]));
}
