/**
 * One workspace as columns, read through Nurture's own procedure nurture.columns.read
 * (neo4j/procedures/NurtureColumns.java), and scores written back as columns through
 * nurture.columns.writeScores: for workspaces too large for a record per person and per tie
 * (issue 19: 1,000,000 people / 5,000,000 ties). People come in id order, as the store's snapshot
 * has them; ties and participants refer to people by position.
 *
 * What the analysis reads of people, ties and interactions (Neo4jStore.largeSnapshot adds the other
 * records, read with Cypher): people with their organisation and noted need, ties with their kind and
 * date; not tie ids (the analysis never reads them). The Neo4j server needs the procedures in its
 * plugins (scripts/neo4j-server.ts loads them).
 */
import neo4j, { type ManagedTransaction, type Session, type Transaction } from 'neo4j-driver';
import {
  type AnalysisInteraction,
  type AnalysisTieColumns,
  type Channel,
  type Person,
  TieKind,
} from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import { leanPerson } from '../../domain/records.js';
import type { ScoreColumns } from '../store.port.js';

export interface WorkspaceColumns {
  people: {
    count: number;
    /** My position, or -1. */
    me: number;
    /** Each person's node id, int64 little-endian, as the procedure sent them (for writing back). */
    internal: Uint8Array;
    id: string[];
    name: (string | null)[];
    connectedOn: (string | null)[];
    /** The id of the organisation each works at (one string per organisation, shared), or null. */
    organizationId: (string | null)[];
    needNote: (string | null)[];
    needNotedOn: (string | null)[];
    /** updatedAt, only for people with a need noted (its day falls back to it); else null. */
    updatedAt: (string | null)[];
  };
  ties: {
    count: number;
    a: Int32Array;
    b: Int32Array;
    /** Position in TieKind's options (linkedin 0 ... other 4). */
    kind: Uint8Array;
    /** Each tie's date (one string per distinct day, shared), or null. */
    since: (string | null)[];
  };
  interactions: {
    count: number;
    id: (string | null)[];
    occurredAt: (string | null)[];
    channel: (string | null)[];
    /** Pairs (interaction, person position), in participant order. */
    who: Int32Array;
    /** One per participant: 1 when the initiator. */
    initiator: Uint8Array;
  };
}

/** The kind codes ties.kind holds, in the procedure's order. */
export const TIE_KIND_CODES: readonly TieKind[] = TieKind.options;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The bytes of a driver byte array, as an aligned copy (typed views need alignment). */
function own(x: unknown, part: string): Uint8Array {
  if (!(x instanceof Int8Array || x instanceof Uint8Array))
    throw new AppError('INTERNAL', `nurture.columns.read: ${part} is not a byte array`);
  return new Uint8Array(x.buffer.slice(x.byteOffset, x.byteOffset + x.byteLength));
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Rows of packed strings (each row's text decoded once, then sliced at its ends). */
function unpackStrings(rows: { text: Uint8Array; ends: Uint8Array }[], part: string): (string | null)[] {
  const out: (string | null)[] = [];
  for (const { text, ends } of rows) {
    const s = decoder.decode(text);
    const at = new Int32Array(ends.buffer, ends.byteOffset, ends.byteLength / 4);
    let from = 0;
    for (let i = 0; i < at.length; i++) {
      const end = at[i]!;
      if (end < 0) out.push(null);
      else {
        out.push(s.slice(from, end));
        from = end;
      }
    }
    if (from !== s.length) throw new AppError('INTERNAL', `nurture.columns.read: ${part} does not add up`);
  }
  return out;
}

/** Strings sent once each, and a code per row naming one (-1: null). */
function decode(codes: Int32Array, values: readonly (string | null)[], part: string): (string | null)[] {
  const out: (string | null)[] = new Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= values.length) throw new AppError('INTERNAL', `nurture.columns.read: ${part} names no value`);
    out[i] = c < 0 ? null : values[c]!;
  }
  return out;
}

/**
 * Read a workspace's columns on `session` (a READ session or transaction of the store's database). `rowBytes`
 * bounds each row (64 KB by default: the driver decodes larger byte arrays slowly); `ties` says how
 * the ties are found (a scan of every relationship, or person by person; by default whichever
 * should read less).
 */
export async function readWorkspaceColumns(
  session: Pick<Session | Transaction | ManagedTransaction, 'run'>,
  workspaceId: string,
  options: { rowBytes?: number; ties?: 'auto' | 'scan' | 'traverse' } = {},
): Promise<WorkspaceColumns> {
  const parts = new Map<string, Uint8Array[]>();
  const packed = new Map<string, { text: Uint8Array; ends: Uint8Array }[]>();
  for await (const r of session.run(
    'CALL nurture.columns.read($ws, $rowBytes, $ties) YIELD part, bytes, at RETURN part, bytes, at',
    { ws: workspaceId, rowBytes: neo4j.int(options.rowBytes ?? 65_536), ties: options.ties ?? 'auto' },
  )) {
    const part = r.get('part') as string;
    const at = r.get('at') as unknown;
    if (at === null) {
      const list = parts.get(part) ?? [];
      list.push(own(r.get('bytes'), part));
      parts.set(part, list);
    } else {
      const list = packed.get(part) ?? [];
      list.push({ text: own(r.get('bytes'), part), ends: own(at, part) });
      packed.set(part, list);
    }
  }
  const bytes = (part: string) => concat(parts.get(part) ?? [new Uint8Array(0)]);
  const int32 = (part: string) => {
    const b = bytes(part);
    return new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4);
  };
  const strings = (part: string) => unpackStrings(packed.get(part) ?? [], part);
  const count = int32('people.count')[0];
  if (count === undefined) throw new AppError('INTERNAL', 'nurture.columns.read sent no people.count');
  const id = strings('people.id');
  const a = int32('ties.a');
  const who = int32('interactions.who');
  const xId = strings('interactions.id');
  return {
    people: {
      count,
      me: int32('people.me')[0] ?? -1,
      internal: bytes('people.internal'),
      id: id as string[],
      name: strings('people.name'),
      connectedOn: strings('people.connectedOn'),
      organizationId: decode(int32('people.org'), strings('people.orgIds'), 'people.org'),
      needNote: strings('people.needNote'),
      needNotedOn: strings('people.needNotedOn'),
      updatedAt: strings('people.updatedAt'),
    },
    ties: {
      count: a.length,
      a,
      b: int32('ties.b'),
      kind: bytes('ties.kind'),
      since: decode(int32('ties.since'), strings('ties.sinceValues'), 'ties.since'),
    },
    interactions: {
      count: xId.length,
      id: xId,
      occurredAt: strings('interactions.occurredAt'),
      channel: strings('interactions.channel'),
      who,
      initiator: bytes('interactions.initiator'),
    },
  };
}

export type { ScoreColumns } from '../store.port.js';

/** The driver sends an Int8Array as a byte array. */
const bytesOf = (x: ArrayBufferView, from: number, to: number, width: number): Int8Array =>
  new Int8Array(x.buffer, x.byteOffset + from * width, (to - from) * width);

/**
 * Write scores back onto the people by node id, `batch` people per transaction (one call of
 * nurture.columns.writeScores each, retried by the driver when transient). A node that is not a
 * Person of the workspace is skipped and counted, never written.
 */
export async function writeScoreColumns(
  session: Session,
  workspaceId: string,
  c: ScoreColumns,
  options: { batch?: number } = {},
): Promise<{ written: number; skipped: number }> {
  const n = c.nodes.byteLength / 8;
  if (![c.partnerScore.length, c.strength.length, c.stage.length, c.community.length].every((x) => x === n))
    throw new AppError('VALIDATION', 'writeScoreColumns: columns of different lengths');
  const batch = options.batch ?? 100_000;
  let written = 0;
  let skipped = 0;
  for (let from = 0; from < n; from += batch) {
    const to = Math.min(n, from + batch);
    const r = await session.executeWrite((tx) =>
      tx.run(
        `CALL nurture.columns.writeScores($ws, $nodes, $partnerScore, $strength, $stage, $stages, $community)
        YIELD written, skipped RETURN written, skipped`,
        {
          ws: workspaceId,
          nodes: bytesOf(c.nodes, from, to, 8),
          partnerScore: bytesOf(c.partnerScore, from, to, 8),
          strength: bytesOf(c.strength, from, to, 8),
          stage: bytesOf(c.stage, from, to, 1),
          stages: [...c.stages],
          community: bytesOf(c.community, from, to, 4),
        },
      ),
    );
    written += Number(r.records[0]!.get('written'));
    skipped += Number(r.records[0]!.get('skipped'));
  }
  return { written, skipped };
}

/**
 * People, ties and interactions of an analysis snapshot from a workspace's columns. People are
 * records holding what the analysis reads of them (id, name, organisation, connection date, me, the
 * noted need and, with it, updatedAt); their other fields are empty (no emails, tags or notes: an
 * analysis never reads them, and 1,000,000 people would carry them for nothing). Ties stay columns,
 * without ids (the analysis never reads them; every one is '').
 */
export function snapshotParts(c: WorkspaceColumns): {
  people: Person[];
  ties: AnalysisTieColumns;
  interactions: AnalysisInteraction[];
} {
  const p = c.people;
  const people: Person[] = new Array(p.count);
  for (let i = 0; i < p.count; i++)
    people[i] = leanPerson({
      id: p.id[i]!,
      name: p.name[i] ?? '',
      isMe: i === p.me,
      connectedOn: p.connectedOn[i] ?? null,
      source: 'neo4j',
      organizationId: p.organizationId[i] ?? null,
      needNote: p.needNote[i] ?? null,
      needNotedOn: p.needNotedOn[i] ?? null,
      ...(p.updatedAt[i] != null ? { updatedAt: p.updatedAt[i]! } : {}),
    });
  const x = c.interactions;
  const interactions: AnalysisInteraction[] = new Array(x.count);
  for (let k = 0, w = 0; k < x.count; k++) {
    const participantIds: string[] = [];
    let initiatorId: string | null = null;
    for (; w < x.who.length / 2 && x.who[2 * w] === k; w++) {
      const id = p.id[x.who[2 * w + 1]!]!;
      participantIds.push(id);
      if (initiatorId === null && x.initiator[w] === 1) initiatorId = id;
    }
    interactions[k] = {
      id: x.id[k]!,
      occurredAt: x.occurredAt[k]!,
      channel: x.channel[k] as Channel,
      participantIds,
      initiatorId,
    };
  }
  const t = c.ties;
  return {
    people,
    ties: { count: t.count, id: new Array<string>(t.count).fill(''), a: t.a, b: t.b, kind: t.kind, since: t.since },
    interactions,
  };
}
