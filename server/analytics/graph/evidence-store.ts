/**
 * Columnar pair evidence
 * ======================
 *
 * The same facts as `PairEvidence`, stored as typed-array columns grouped by
 * pair (a struct-of-arrays layout, as in column stores: Abadi et al., "The
 * design and implementation of modern column-oriented database systems",
 * 2013), so scoring a million ties allocates no object per interaction. Pair k
 * joins people `pa[k]` and `pb[k]` (indices into `people`; `people[pa[k]]` is
 * the side called `a`, the smaller id); its interactions are rows
 * `iOff[k] .. iOff[k+1]` of the `i*` columns, and likewise for declared ties
 * (`t*`), services (`s*`) and being introduced (`n*`). `graph` is the tie graph
 * in compact form, each arc's weight its pair ordinal.
 */
import type {
  AnalysisSnapshot,
  AnalysisTie,
  Channel,
  IntroductionOutcome,
  ReferralStatus,
} from '../../../shared/index.js';
import { eventMs, isTieColumns, TieKind } from '../../../shared/index.js';
import { analyticsError } from '../util/analytics-error.js';
import { type CompactGraph, sortArcs } from './compact-graph.js';
import { NONE, type PairEvidence } from './pair-evidence.js';

export const CHANNELS: readonly Channel[] = ['in_person', 'video', 'call', 'email', 'message', 'event', 'social'];
export const SOCIAL = 6;
export const TIE_KINDS: readonly TieKind[] = ['linkedin', 'knows', 'colleague', 'family', 'other'];
export const LINKEDIN = 0;
export const COLLEAGUE = 2;
export const REFERRAL_STATUSES: readonly ReferralStatus[] = ['open', 'won', 'lost'];
export const OUTCOMES: readonly IntroductionOutcome[] = ['pending', 'met', 'declined'];
export const MET = 1;
/** Service kinds. */
export const REFERRAL = 0;
export const INTRODUCTION = 1;
/** Sides: who initiated or gave. */
export const NOBODY = 0;
export const SIDE_A = 1;
export const SIDE_B = 2;

export interface EvidenceStore {
  people: readonly string[];
  index: ReadonlyMap<string, number>;
  pairCount: number;
  pa: Int32Array;
  pb: Int32Array;
  graph: CompactGraph;
  tOff: Int32Array;
  tSince: Float64Array;
  tKind: Uint8Array;
  tId: (string | null)[];
  iOff: Int32Array;
  iAt: Float64Array;
  iChannel: Uint8Array;
  iInitiator: Uint8Array;
  iGroup: Int32Array;
  iId: string[];
  sOff: Int32Array;
  sAt: Float64Array;
  sKind: Uint8Array;
  sFrom: Uint8Array;
  sStatus: Uint8Array;
  sValue: Float64Array;
  sCurrency: (string | null)[];
  sId: string[];
  nOff: Int32Array;
  nAt: Float64Array;
  nOutcome: Uint8Array;
  nBy: string[];
  nId: string[];
}

interface Capacity {
  pairs: number;
  ties: number;
  interactions: number;
  services: number;
  introduced: number;
}

/** Fills the columns pair by pair. */
class StoreBuilder {
  readonly s: EvidenceStore;
  private k = 0;
  private t = 0;
  private i = 0;
  private v = 0;
  private n = 0;
  constructor(people: readonly string[], index: ReadonlyMap<string, number>, c: Capacity) {
    this.s = {
      people,
      index,
      pairCount: 0,
      pa: new Int32Array(c.pairs),
      pb: new Int32Array(c.pairs),
      graph: null as unknown as CompactGraph,
      tOff: new Int32Array(c.pairs + 1),
      tSince: new Float64Array(c.ties),
      tKind: new Uint8Array(c.ties),
      tId: new Array(c.ties),
      iOff: new Int32Array(c.pairs + 1),
      iAt: new Float64Array(c.interactions),
      iChannel: new Uint8Array(c.interactions),
      iInitiator: new Uint8Array(c.interactions),
      iGroup: new Int32Array(c.interactions),
      iId: new Array(c.interactions),
      sOff: new Int32Array(c.pairs + 1),
      sAt: new Float64Array(c.services),
      sKind: new Uint8Array(c.services),
      sFrom: new Uint8Array(c.services),
      sStatus: new Uint8Array(c.services),
      sValue: new Float64Array(c.services),
      sCurrency: new Array(c.services),
      sId: new Array(c.services),
      nOff: new Int32Array(c.pairs + 1),
      nAt: new Float64Array(c.introduced),
      nOutcome: new Uint8Array(c.introduced),
      nBy: new Array(c.introduced),
      nId: new Array(c.introduced),
    };
  }
  beginPair(a: number, b: number): void {
    this.s.pa[this.k] = a;
    this.s.pb[this.k] = b;
  }
  tie(kind: number, since: number, id: string | null): void {
    const s = this.s;
    s.tKind[this.t] = kind;
    s.tSince[this.t] = since;
    s.tId[this.t++] = id;
  }
  interaction(at: number, channel: number, initiator: number, group: number, id: string): void {
    const s = this.s;
    s.iAt[this.i] = at;
    s.iChannel[this.i] = channel;
    s.iInitiator[this.i] = initiator;
    s.iGroup[this.i] = group;
    s.iId[this.i++] = id;
  }
  service(
    at: number,
    kind: number,
    from: number,
    status: number,
    value: number,
    currency: string | null,
    id: string,
  ): void {
    const s = this.s;
    s.sAt[this.v] = at;
    s.sKind[this.v] = kind;
    s.sFrom[this.v] = from;
    s.sStatus[this.v] = status;
    s.sValue[this.v] = value;
    s.sCurrency[this.v] = currency;
    s.sId[this.v++] = id;
  }
  introduced(at: number, outcome: number, by: string, id: string): void {
    const s = this.s;
    s.nAt[this.n] = at;
    s.nOutcome[this.n] = outcome;
    s.nBy[this.n] = by;
    s.nId[this.n++] = id;
  }
  hasLinkedInTie(): boolean {
    for (let t = this.s.tOff[this.k]!; t < this.t; t++) if (this.s.tKind[t] === LINKEDIN) return true;
    return false;
  }
  endPair(): void {
    const s = this.s;
    this.k++;
    s.tOff[this.k] = this.t;
    s.iOff[this.k] = this.i;
    s.sOff[this.k] = this.v;
    s.nOff[this.k] = this.n;
  }
  finish(withGraph = true): EvidenceStore {
    const s = this.s;
    s.pairCount = this.k;
    if (!withGraph) {
      // A detached pair: scored on its own, never walked as a graph.
      s.graph = {
        order: 0,
        nodes: [],
        index: new Map(),
        directed: false,
        offsets: new Int32Array(1),
        targets: new Int32Array(0),
        weights: new Float64Array(0),
      };
      return s;
    }
    const n = s.people.length;
    const src = new Int32Array(2 * this.k);
    const dst = new Int32Array(2 * this.k);
    const w = new Float64Array(2 * this.k);
    for (let k = 0; k < this.k; k++) {
      src[2 * k] = s.pa[k]!;
      dst[2 * k] = s.pb[k]!;
      w[2 * k] = k;
      src[2 * k + 1] = s.pb[k]!;
      dst[2 * k + 1] = s.pa[k]!;
      w[2 * k + 1] = k;
    }
    s.graph = { order: n, nodes: s.people, index: s.index, directed: false, ...sortArcs(n, 2 * this.k, src, dst, w) };
    return s;
  }
}

const CHANNEL_CODE = new Map(CHANNELS.map((c, i) => [c, i]));
const TIE_CODE = new Map(TIE_KINDS.map((c, i) => [c, i]));
/** Tie columns number kinds in TieKind's order. */
const COLUMN_KIND_CODE = TieKind.options.map((k) => TIE_CODE.get(k)!);
const STATUS_CODE = new Map(REFERRAL_STATUSES.map((c, i) => [c, i]));
const OUTCOME_CODE = new Map(OUTCOMES.map((c, i) => [c, i]));

/** Touch kinds, in filing order. */
const T_TIE = 0;
const T_CONNECTED_ON = 1;
const T_INTERACTION = 2;
const T_INTRODUCTION = 3;
const T_INTRODUCED = 4;
const T_REFERRAL = 5;

/**
 * The store of a workspace snapshot: people in snapshot order, pairs ordered by
 * (first, second) person index. Touches are gathered into typed arrays and
 * grouped by a counting sort, so no key is built per record. A person's
 * `connectedOn` stands for a LinkedIn tie with me when no tie record says so.
 */
export function storeFromSnapshot(snapshot: AnalysisSnapshot, meId: string, origin: string): EvidenceStore {
  // Tie and connection dates are days, a few thousand distinct ones for millions of ties: each parsed once.
  const days = new Map<string, number>();
  const dayMs = (t: string): number => {
    let ms = days.get(t);
    if (ms === undefined) days.set(t, (ms = eventMs(t)));
    return ms;
  };
  const people = snapshot.people.map((p) => p.id);
  const index = new Map<string, number>();
  for (let i = 0; i < people.length; i++) index.set(people[i]!, i);
  const me = index.get(meId);
  if (me === undefined) throw analyticsError(origin, `person ${meId} ("me") is not in the snapshot`);
  const idx = (id: string, what: string, recordId: string): number => {
    const i = index.get(id);
    if (i === undefined)
      throw analyticsError(origin, `${what} ${recordId} names person ${id}, who is not in the snapshot`);
    return i;
  };
  const { ties, interactions, introductions, referrals } = snapshot;
  // Ties come as a list, or as columns of person indexes (a large workspace's read): then no id is looked up.
  const columns = isTieColumns(ties) ? ties : null;
  const tieCount = columns ? columns.count : (ties as AnalysisTie[]).length;

  // Sequential passes first: every record's fields as columns, so the grouped pass below
  // reads typed arrays instead of chasing records in pair order.
  let capacity = tieCount + people.length + 3 * introductions.length + referrals.length;
  const interactionAt = new Float64Array(interactions.length);
  const interactionChannel = new Uint8Array(interactions.length);
  const interactionBy = new Int32Array(interactions.length);
  const group = new Int32Array(interactions.length);
  const interactionIds: string[] = new Array(interactions.length);
  const participants: number[] = [];
  // Two participants (the usual case) in typed arrays; larger groups in a map.
  const partA = new Int32Array(interactions.length);
  const partB = new Int32Array(interactions.length);
  const groups = new Map<number, number[]>();
  for (let r = 0; r < interactions.length; r++) {
    const interaction = interactions[r]!;
    participants.length = 0;
    for (const id of interaction.participantIds) {
      const i = idx(id, 'interaction', interaction.id);
      if (!participants.includes(i)) participants.push(i);
    }
    partA[r] = participants[0] ?? -1;
    partB[r] = participants[1] ?? -1;
    if (participants.length > 2) groups.set(r, participants.slice());
    interactionAt[r] = eventMs(interaction.occurredAt);
    interactionChannel[r] = CHANNEL_CODE.get(interaction.channel)!;
    interactionBy[r] = interaction.initiatorId === null ? -1 : (index.get(interaction.initiatorId) ?? -1);
    interactionIds[r] = interaction.id;
    group[r] = participants.length;
    capacity += (participants.length * (participants.length - 1)) / 2;
  }

  const lo = new Int32Array(capacity);
  const hi = new Int32Array(capacity);
  const kind = new Uint8Array(capacity);
  const ref = new Int32Array(capacity);
  let count = 0;
  const touch = (x: number, y: number, k: number, r: number): void => {
    if (x === y) return;
    lo[count] = Math.min(x, y);
    hi[count] = Math.max(x, y);
    kind[count] = k;
    ref[count++] = r;
  };
  if (columns) {
    const n = people.length;
    for (let r = 0; r < tieCount; r++) {
      const x = columns.a[r]!;
      const y = columns.b[r]!;
      if (!(x >= 0 && x < n && y >= 0 && y < n))
        throw analyticsError(origin, `tie ${columns.id[r]} names person index ${x} or ${y}, not in the snapshot`);
      if (columns.kind[r]! >= COLUMN_KIND_CODE.length)
        throw analyticsError(origin, `tie ${columns.id[r]} has kind code ${columns.kind[r]}, not a kind of tie`);
      touch(x, y, T_TIE, r);
    }
  } else {
    const list = ties as AnalysisTie[];
    for (let r = 0; r < tieCount; r++)
      touch(idx(list[r]!.aId, 'tie', list[r]!.id), idx(list[r]!.bId, 'tie', list[r]!.id), T_TIE, r);
  }
  for (let r = 0; r < people.length; r++)
    if (snapshot.people[r]!.connectedOn && r !== me) touch(me, r, T_CONNECTED_ON, r);
  for (let r = 0; r < interactions.length; r++) {
    const m = groups.get(r);
    if (m)
      for (let x = 0; x < m.length; x++) for (let y = x + 1; y < m.length; y++) touch(m[x]!, m[y]!, T_INTERACTION, r);
    else if (group[r] === 2) touch(partA[r]!, partB[r]!, T_INTERACTION, r);
  }
  const introducer = new Int32Array(introductions.length);
  for (let r = 0; r < introductions.length; r++) {
    const n = introductions[r]!;
    const by = idx(n.introducerId, 'introduction', n.id);
    const a = idx(n.aId, 'introduction', n.id);
    const b = idx(n.bId, 'introduction', n.id);
    introducer[r] = by;
    touch(by, a, T_INTRODUCTION, r);
    if (b !== a) touch(by, b, T_INTRODUCTION, r);
    touch(a, b, T_INTRODUCED, r);
  }
  const referrer = new Int32Array(referrals.length);
  for (let r = 0; r < referrals.length; r++) {
    const f = referrals[r]!;
    referrer[r] = idx(f.referrerId, 'referral', f.id);
    touch(referrer[r]!, idx(f.recipientId, 'referral', f.id), T_REFERRAL, r);
  }

  const order = groupOrder(people.length, count, lo, hi);
  const c: Capacity = { pairs: 0, ties: 0, interactions: 0, services: 0, introduced: 0 };
  for (let k = 0; k < count; k++) {
    const t = order[k]!;
    if (k === 0 || lo[t] !== lo[order[k - 1]!] || hi[t] !== hi[order[k - 1]!]) c.pairs++;
    const kd = kind[t]!;
    if (kd === T_TIE || kd === T_CONNECTED_ON) c.ties++;
    else if (kd === T_INTERACTION) c.interactions++;
    else if (kd === T_INTRODUCED) c.introduced++;
    else c.services++;
  }
  const b = new StoreBuilder(people, index, c);
  for (let start = 0; start < count; ) {
    const first = order[start]!;
    const x = lo[first]!;
    const y = hi[first]!;
    const aIsX = people[x]! < people[y]!;
    const a = aIsX ? x : y;
    const bb = aIsX ? y : x;
    b.beginPair(a, bb);
    let connectedOn: string | null = null;
    let end = start;
    for (; end < count && lo[order[end]!] === x && hi[order[end]!] === y; end++) {
      const t = order[end]!;
      const r = ref[t]!;
      switch (kind[t]) {
        case T_INTERACTION: {
          const by = interactionBy[r]!;
          b.interaction(
            interactionAt[r]!,
            interactionChannel[r]!,
            by === a ? SIDE_A : by === bb ? SIDE_B : NOBODY,
            group[r]!,
            interactionIds[r]!,
          );
          break;
        }
        case T_TIE: {
          if (columns) {
            const since = columns.since[r];
            b.tie(COLUMN_KIND_CODE[columns.kind[r]!]!, since ? dayMs(since) : NaN, columns.id[r]!);
          } else {
            const tie = (ties as AnalysisTie[])[r]!;
            b.tie(TIE_CODE.get(tie.kind)!, tie.since ? dayMs(tie.since) : NaN, tie.id);
          }
          break;
        }
        case T_CONNECTED_ON:
          connectedOn = snapshot.people[r]!.connectedOn;
          break;
        case T_INTRODUCTION: {
          const n = introductions[r]!;
          const by = introducer[r]!;
          b.service(
            eventMs(n.date),
            INTRODUCTION,
            by === a ? SIDE_A : by === bb ? SIDE_B : NOBODY,
            OUTCOME_CODE.get(n.outcome)!,
            NaN,
            null,
            n.id,
          );
          break;
        }
        case T_INTRODUCED: {
          const n = introductions[r]!;
          b.introduced(eventMs(n.date), OUTCOME_CODE.get(n.outcome)!, n.introducerId, n.id);
          break;
        }
        default: {
          const f = referrals[r]!;
          const by = referrer[r]!;
          b.service(
            eventMs(f.date),
            REFERRAL,
            by === a ? SIDE_A : by === bb ? SIDE_B : NOBODY,
            STATUS_CODE.get(f.status)!,
            f.value ?? NaN,
            f.currency,
            f.id,
          );
        }
      }
    }
    if (connectedOn !== null && !b.hasLinkedInTie()) b.tie(LINKEDIN, dayMs(connectedOn), null);
    b.endPair();
    start = end;
  }
  return b.finish();
}

/** Touch positions sorted by (lo, hi), stable: two counting sorts. */
function groupOrder(n: number, count: number, lo: Int32Array, hi: Int32Array): Int32Array {
  const byHi = new Int32Array(n + 1);
  for (let t = 0; t < count; t++) byHi[hi[t]! + 1]!++;
  for (let i = 0; i < n; i++) byHi[i + 1]! += byHi[i]!;
  const first = new Int32Array(count);
  for (let t = 0; t < count; t++) first[byHi[hi[t]!]!++] = t;
  const byLo = new Int32Array(n + 1);
  for (let t = 0; t < count; t++) byLo[lo[t]! + 1]!++;
  for (let i = 0; i < n; i++) byLo[i + 1]! += byLo[i]!;
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const t = first[k]!;
    order[byLo[lo[t]!]!++] = t;
  }
  return order;
}

/** The store of evidence objects (the tie graph's edges), for people in the given order. */
export function storeFromPairs(
  people: readonly string[],
  pairs: readonly PairEvidence[],
  origin: string,
): EvidenceStore {
  const index = new Map<string, number>();
  for (let i = 0; i < people.length; i++) index.set(people[i]!, i);
  const c: Capacity = { pairs: pairs.length, ties: 0, interactions: 0, services: 0, introduced: 0 };
  for (const e of pairs) {
    c.ties += e.ties.length;
    c.interactions += e.interactions.length;
    c.services += e.services.length;
    c.introduced += e.introduced.length;
  }
  const b = new StoreBuilder(people, index, c);
  const code = <T>(map: Map<T, number>, v: T, what: string): number => {
    const x = map.get(v);
    if (x === undefined) throw analyticsError(origin, `unknown ${what} "${String(v)}" in pair evidence`);
    return x;
  };
  for (const e of pairs) {
    const a = index.get(e.a);
    const bi = index.get(e.b);
    if (a === undefined || bi === undefined)
      throw analyticsError(origin, `pair evidence ${e.a}–${e.b} names someone not in the graph`);
    if (!(e.a < e.b)) throw analyticsError(origin, `pair evidence must have a < b (got ${e.a}, ${e.b})`);
    b.beginPair(a, bi);
    for (const t of e.ties) b.tie(code(TIE_CODE, t.kind, 'tie kind'), t.since ?? NaN, t.id);
    for (const t of e.interactions)
      b.interaction(t.at, code(CHANNEL_CODE, t.channel, 'channel'), sideCode(t.initiator), t.groupSize, t.id);
    for (const t of e.services) {
      const status =
        t.kind === 'referral'
          ? code(STATUS_CODE, t.status as ReferralStatus, 'referral status')
          : code(OUTCOME_CODE, t.status as IntroductionOutcome, 'introduction outcome');
      b.service(
        t.at,
        t.kind === 'referral' ? REFERRAL : INTRODUCTION,
        sideCode(t.from),
        status,
        t.value ?? NaN,
        t.currency,
        t.id,
      );
    }
    for (const t of e.introduced) b.introduced(t.at, code(OUTCOME_CODE, t.outcome, 'introduction outcome'), t.by, t.id);
    b.endPair();
  }
  return b.finish();
}

function sideCode(side: 'a' | 'b' | null): number {
  return side === 'a' ? SIDE_A : side === 'b' ? SIDE_B : NOBODY;
}

function sideName(code: number): 'a' | 'b' | null {
  return code === SIDE_A ? 'a' : code === SIDE_B ? 'b' : null;
}

function rows<T>(off: Int32Array, k: number, row: (r: number) => T): readonly T[] {
  const from = off[k]!;
  const to = off[k + 1]!;
  if (from === to) return NONE;
  const out: T[] = new Array(to - from);
  for (let r = from; r < to; r++) out[r - from] = row(r);
  return out;
}

/** Pair k as an evidence object (for the graphology tie graph and explanations). */
export function pairEvidence(s: EvidenceStore, k: number): PairEvidence {
  return {
    a: s.people[s.pa[k]!]!,
    b: s.people[s.pb[k]!]!,
    ties: rows(s.tOff, k, (r) => ({
      id: s.tId[r]!,
      kind: TIE_KINDS[s.tKind[r]!]!,
      since: Number.isNaN(s.tSince[r]!) ? null : s.tSince[r]!,
    })),
    interactions: rows(s.iOff, k, (r) => ({
      id: s.iId[r]!,
      at: s.iAt[r]!,
      channel: CHANNELS[s.iChannel[r]!]!,
      initiator: sideName(s.iInitiator[r]!),
      groupSize: s.iGroup[r]!,
    })),
    services: rows(s.sOff, k, (r) => ({
      id: s.sId[r]!,
      at: s.sAt[r]!,
      kind: s.sKind[r] === REFERRAL ? ('referral' as const) : ('introduction' as const),
      from: s.sFrom[r] === SIDE_A ? ('a' as const) : ('b' as const),
      status: s.sKind[r] === REFERRAL ? REFERRAL_STATUSES[s.sStatus[r]!]! : OUTCOMES[s.sStatus[r]!]!,
      value: Number.isNaN(s.sValue[r]!) ? null : s.sValue[r]!,
      currency: s.sCurrency[r] ?? null,
    })),
    introduced: rows(s.nOff, k, (r) => ({
      id: s.nId[r]!,
      at: s.nAt[r]!,
      by: s.nBy[r]!,
      outcome: OUTCOMES[s.nOutcome[r]!]!,
    })),
  };
}

/**
 * A store holding one pair: pair k of `s` (or a new pair a–b when k < 0) with
 * extra interactions appended; people and index shared with `s`, no graph. What
 * an incremental update scores.
 */
export function singlePairStore(
  s: EvidenceStore,
  k: number,
  a: number,
  b: number,
  extra: readonly { at: number; channel: number; initiator: number; group: number; id: string }[],
): EvidenceStore {
  const span = (off: Int32Array) => (k < 0 ? 0 : off[k + 1]! - off[k]!);
  const builder = new StoreBuilder(s.people, s.index, {
    pairs: 1,
    ties: span(s.tOff),
    interactions: span(s.iOff) + extra.length,
    services: span(s.sOff),
    introduced: span(s.nOff),
  });
  builder.beginPair(a, b);
  if (k >= 0) {
    for (let r = s.tOff[k]!; r < s.tOff[k + 1]!; r++) builder.tie(s.tKind[r]!, s.tSince[r]!, s.tId[r]!);
    for (let r = s.iOff[k]!; r < s.iOff[k + 1]!; r++)
      builder.interaction(s.iAt[r]!, s.iChannel[r]!, s.iInitiator[r]!, s.iGroup[r]!, s.iId[r]!);
    for (let r = s.sOff[k]!; r < s.sOff[k + 1]!; r++)
      builder.service(
        s.sAt[r]!,
        s.sKind[r]!,
        s.sFrom[r]!,
        s.sStatus[r]!,
        s.sValue[r]!,
        s.sCurrency[r] ?? null,
        s.sId[r]!,
      );
    for (let r = s.nOff[k]!; r < s.nOff[k + 1]!; r++)
      builder.introduced(s.nAt[r]!, s.nOutcome[r]!, s.nBy[r]!, s.nId[r]!);
  }
  for (const t of extra) builder.interaction(t.at, t.channel, t.initiator, t.group, t.id);
  builder.endPair();
  return builder.finish(false);
}

export function channelCode(channel: Channel): number {
  return CHANNEL_CODE.get(channel)!;
}
