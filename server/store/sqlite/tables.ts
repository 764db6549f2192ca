/**
 * How each record maps onto its SQLite table: the columns, the derived
 * columns kept for search and ordering, the filters of its list query, and
 * its order. Column and table names come only from here, never from input.
 */
import { normalizeLinkedInUrl } from '../../../shared/index.js';
import type { EntityName } from '../store.port.js';
import { eventMs, timeRange } from '../../../shared/index.js';

export type ColKind = 'text' | 'num' | 'bool' | 'json';
export interface Col {
  field: string;
  column: string;
  kind: ColKind;
}

export interface Where {
  sql: string;
  params: unknown[];
}

export interface TableSpec {
  table: string;
  cols: Col[];
  /** Columns computed from the record, for search and ordering. */
  derived: (r: Record<string, unknown>) => Record<string, unknown>;
  /** `ws` is the workspace, for subqueries into other tables (the list already keeps to it). */
  filters: (q: Record<string, unknown>, ws: string) => Where[];
  orderBy: (q: Record<string, unknown>) => string;
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const cols = (spec: Record<string, ColKind>): Col[] =>
  Object.entries({ id: 'text', ...spec, createdAt: 'text', updatedAt: 'text' } as Record<string, ColKind>).map(
    ([field, kind]) => ({
      field,
      column: snake(field),
      kind,
    }),
  );

const lc = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : null);
const eq = (column: string, v: unknown): Where[] => (v === undefined ? [] : [{ sql: `${column} = ?`, params: [v] }]);
const contains = (column: string, v: unknown): Where[] =>
  v === undefined ? [] : [{ sql: `instr(${column}, ?) > 0`, params: [String(v).toLowerCase()] }];
const anyOf = (columns: string[], v: unknown): Where[] =>
  v === undefined ? [] : [{ sql: `(${columns.map((c) => `${c} = ?`).join(' OR ')})`, params: columns.map(() => v) }];
const hasTag = (v: unknown): Where[] =>
  v === undefined ? [] : [{ sql: 'EXISTS (SELECT 1 FROM json_each(tags) WHERE json_each.value = ?)', params: [v] }];
const between = (q: Record<string, unknown>): Where[] => {
  if (q.from === undefined && q.to === undefined) return [];
  const { fromMs, toMs } = timeRange(q.from as string | undefined, q.to as string | undefined);
  return [{ sql: 'at_ms BETWEEN ? AND ?', params: [fromMs, toMs] }];
};
const newestFirst = () => 'at_ms DESC, id ASC';
const atMs = (field: string) => (r: Record<string, unknown>) => ({ at_ms: eventMs(r[field] as string) });

export const TABLES: { [K in EntityName]: TableSpec } = {
  people: {
    table: 'people',
    cols: cols({
      name: 'text',
      firstName: 'text',
      lastName: 'text',
      emails: 'json',
      linkedinUrl: 'text',
      company: 'text',
      position: 'text',
      organizationId: 'text',
      tags: 'json',
      notes: 'text',
      connectedOn: 'text',
      source: 'text',
      isMe: 'bool',
      needNote: 'text',
      needNotedOn: 'text',
    }),
    derived: (r) => ({
      linkedin_key: normalizeLinkedInUrl(r.linkedinUrl as string | null),
      company_lc: lc(r.company),
      search_text: [r.name, r.company ?? '', ...(r.emails as string[])].join('\n').toLowerCase(),
    }),
    filters: (q) => [
      ...contains('search_text', q.q),
      ...hasTag(q.tag),
      ...contains('company_lc', q.company),
      ...eq('organization_id', q.organizationId),
      ...(q.isMe === undefined ? [] : [{ sql: 'is_me = ?', params: [q.isMe ? 1 : 0] }]),
    ],
    orderBy: (q) => {
      const column =
        { name: 'name', createdAt: 'created_at', updatedAt: 'updated_at', connectedOn: 'connected_on' }[
          (q.sort as string) ?? 'name'
        ] ?? 'name';
      const dir = q.order === 'desc' ? 'DESC' : 'ASC';
      return `${column} ${dir} NULLS LAST, id ${dir}`;
    },
  },
  organizations: {
    table: 'organizations',
    cols: cols({ name: 'text', domain: 'text', tags: 'json', notes: 'text' }),
    derived: (r) => ({ name_lc: lc(r.name) }),
    filters: (q) => [...contains('name_lc', q.q), ...hasTag(q.tag)],
    orderBy: () => 'name ASC, id ASC',
  },
  ties: {
    table: 'ties',
    cols: cols({ aId: 'text', bId: 'text', kind: 'text', since: 'text', source: 'text', note: 'text' }),
    derived: (r) => {
      const [lo, hi] = [r.aId as string, r.bId as string].sort();
      return { lo_id: lo, hi_id: hi };
    },
    filters: (q) => [...anyOf(['a_id', 'b_id'], q.personId), ...eq('kind', q.kind)],
    orderBy: () => 'created_at ASC, id ASC',
  },
  interactions: {
    table: 'interactions',
    cols: cols({
      occurredAt: 'text',
      channel: 'text',
      participantIds: 'json',
      initiatorId: 'text',
      note: 'text',
      source: 'text',
      externalId: 'text',
    }),
    derived: atMs('occurredAt'),
    filters: (q, ws) => [
      ...(q.personId === undefined
        ? []
        : [
            {
              sql: 'rid IN (SELECT ip.interaction FROM interaction_participants ip WHERE ip.person = (SELECT rid FROM people WHERE workspace_id = ? AND id = ?))',
              params: [ws, q.personId],
            },
          ]),
      ...eq('channel', q.channel),
      ...eq('source', q.source),
      ...between(q),
    ],
    orderBy: newestFirst,
  },
  introductions: {
    table: 'introductions',
    cols: cols({ introducerId: 'text', aId: 'text', bId: 'text', date: 'text', outcome: 'text', note: 'text' }),
    derived: atMs('date'),
    filters: (q) => [...anyOf(['introducer_id', 'a_id', 'b_id'], q.personId), ...eq('outcome', q.outcome)],
    orderBy: newestFirst,
  },
  referrals: {
    table: 'referrals',
    cols: cols({
      referrerId: 'text',
      recipientId: 'text',
      prospectId: 'text',
      prospectName: 'text',
      date: 'text',
      status: 'text',
      value: 'num',
      currency: 'text',
      note: 'text',
    }),
    derived: atMs('date'),
    filters: (q) => [...anyOf(['referrer_id', 'recipient_id', 'prospect_id'], q.personId), ...eq('status', q.status)],
    orderBy: newestFirst,
  },
  pitches: {
    table: 'pitches',
    cols: cols({
      pitcherId: 'text',
      personId: 'text',
      date: 'text',
      kind: 'text',
      offer: 'text',
      askedForIt: 'bool',
      needExpressed: 'bool',
      note: 'text',
    }),
    derived: atMs('date'),
    filters: (q) => [...anyOf(['person_id', 'pitcher_id'], q.personId), ...eq('kind', q.kind)],
    orderBy: newestFirst,
  },
  mailingLists: {
    table: 'mailing_lists',
    cols: cols({ name: 'text', description: 'text' }),
    derived: (r) => ({ name_lc: lc(r.name) }),
    filters: (q) => contains('name_lc', q.q),
    orderBy: () => 'name ASC, id ASC',
  },
  subscriptions: {
    table: 'subscriptions',
    cols: cols({ listId: 'text', personId: 'text', subscribedAt: 'text', status: 'text', source: 'text' }),
    derived: atMs('subscribedAt'),
    filters: (q) => [...eq('list_id', q.listId), ...eq('person_id', q.personId), ...eq('status', q.status)],
    orderBy: newestFirst,
  },
  consents: {
    table: 'consents',
    cols: cols({ personId: 'text', listId: 'text', status: 'text', date: 'text', evidence: 'text' }),
    derived: atMs('date'),
    filters: (q) => [...eq('person_id', q.personId), ...eq('list_id', q.listId), ...eq('status', q.status)],
    orderBy: newestFirst,
  },
};

const toColumn = (c: Col, v: unknown): unknown =>
  c.kind === 'json' ? JSON.stringify(v) : c.kind === 'bool' ? (v ? 1 : 0) : (v ?? null);
const fromColumn = (c: Col, v: unknown): unknown =>
  c.kind === 'json' ? JSON.parse(v as string) : c.kind === 'bool' ? v === 1 : (v ?? null);

/** A record as the row values of its table, derived columns included. */
export function toRow(spec: TableSpec, r: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const c of spec.cols) row[c.column] = toColumn(c, r[c.field]);
  return { ...row, ...spec.derived(r) };
}

const insertSqls = new Map<TableSpec, string>();

/**
 * A positional INSERT of one record: its values, and the statement's SQL,
 * built once per table (a table's derived columns are the same for every
 * record), so a bulk write makes no string or object per row beyond the values.
 */
export function insertRow(spec: TableSpec, ws: string, r: Record<string, unknown>): { sql: string; values: unknown[] } {
  const values: unknown[] = [ws];
  for (const c of spec.cols) values.push(toColumn(c, r[c.field]));
  const derived = spec.derived(r);
  for (const k in derived) values.push(derived[k]);
  let sql = insertSqls.get(spec);
  if (sql === undefined) {
    const columns = ['workspace_id', ...spec.cols.map((c) => c.column), ...Object.keys(derived)];
    insertSqls.set(
      spec,
      (sql = `INSERT INTO ${spec.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`),
    );
  }
  return { sql, values };
}

/** Reads rows fetched as arrays (`statement.raw()`) with these column names back as records. */
export function rawRowReader<T>(spec: TableSpec, columns: string[]): (row: unknown[]) => T {
  const at = spec.cols.map((c) => columns.indexOf(c.column));
  return (row) => {
    const r: Record<string, unknown> = {};
    spec.cols.forEach((c, i) => {
      r[c.field] = fromColumn(c, row[at[i]!]);
    });
    return r as T;
  };
}

/** A row of the table back as its record, exactly the shared schema's shape. */
export function fromRow<T>(spec: TableSpec, row: Record<string, unknown>): T {
  const r: Record<string, unknown> = {};
  for (const c of spec.cols) r[c.field] = fromColumn(c, row[c.column]);
  return r as T;
}
