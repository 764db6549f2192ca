/**
 * updateAfterInteraction: incremental strength after logging one interaction
 * ==========================================================================
 *
 * Logging an interaction among participants P changes the direct factors of
 * each pair in P (Gilbert & Karahalios 2009 factors, recomputed from the pair's
 * evidence plus the new touch). The structural factor of a pair (x, y) reads
 * base(x,w) and base(y,w) for shared contacts w, so a changed pair (i, j) also
 * moves the structural factor of (i, w) and (j, w) for every w in N(i) ∩ N(j)
 * — and nothing else (base scores carry no structural part, so there is no
 * cascade). Those pairs are rescored; people tied to me among them get their
 * strength to me and partner score (strength part, and reach for ties not
 * involving me) redone against the full analysis' maxima.
 *
 * The previous state is not modified: changes go into a copy-on-write overlay
 * (a few map entries per update) over the full analysis, and the next full
 * recompute folds them in. Betweenness, constraint, PageRank and communities
 * stay as of the full analysis (global measures; an interaction moves them
 * little), and strengths of untouched ties stay as of its `now`.
 */
import type { Channel, EventTime, PartnerScore, TieStrength } from '../../shared/index.js';
import { eventMs } from '../../shared/index.js';
import { analyticsError, checkNumber } from './util/analytics-error.js';
import { findArc } from './graph/compact-graph.js';
import {
  CHANNELS,
  type EvidenceStore,
  NOBODY,
  SIDE_A,
  SIDE_B,
  channelCode,
  singlePairStore,
} from './graph/evidence-store.js';
import {
  type Structural,
  applyRating,
  baseScore,
  explainStrength,
  newFactors,
  pairFactors,
  scoreFromBase,
  structuralValue,
} from './strength/relationship-strength.js';
import { explainTie, ratingOfPair } from './strength/tie-strengths.js';
import { partnerScoreAt } from './partner/referral-partner-score.js';
import type { AnalysisState } from './analyze-workspace.js';

const ORIGIN = 'update-after-interaction';

export const DEFAULTS = {
  /** Redo two-hop reach for the neighbours of a changed pair when there are at most this many. */
  maxReachUpdates: 2000,
};

/** The new interaction: a stored record, or what a client posts. */
export interface NewInteraction {
  id?: string;
  occurredAt: EventTime;
  channel: Channel;
  participantIds: string[];
  initiatorId?: string | null;
}

export interface UpdateOptions extends Partial<typeof DEFAULTS> {
  /** The instant the changed ties are scored at; default the later of the state's `now` and the interaction. */
  now?: number;
}

/** One pair as the overlay holds it. */
interface OverlayPair {
  store: EvidenceStore;
  k: number;
  base: number;
  onlineOnly: boolean;
  declared: boolean;
  structural: Structural;
  score: number;
  now: number;
}

export interface Overlay {
  pairs: Map<number, OverlayPair>;
  /** Neighbours gained through new pairs. */
  adjacency: Map<number, number[]>;
  /** Person position → their latest strength to me. */
  strengthToMe: Map<number, TieStrength>;
  generation: number;
}

export interface UpdateResult {
  state: AnalysisState & { overlay: Overlay };
  computedAt: string;
  /** Every tie whose score was recomputed, explained. */
  ties: TieStrength[];
  /** People whose strength to me or partner score moved. */
  people: { personId: string; strengthToMe: TieStrength; partner: PartnerScore }[];
  durationMs: number;
}

const EMPTY_OVERLAY: Overlay = { pairs: new Map(), adjacency: new Map(), strengthToMe: new Map(), generation: 0 };

function overlayOf(state: AnalysisState): Overlay {
  return (state as AnalysisState & { overlay?: Overlay }).overlay ?? EMPTY_OVERLAY;
}

/** Overlay-aware reads of the tie graph. */
class View {
  readonly n: number;
  constructor(
    readonly state: AnalysisState,
    readonly overlay: Overlay,
  ) {
    this.n = state.store.people.length;
  }
  key(i: number, j: number): number {
    return i < j ? i * this.n + j : j * this.n + i;
  }
  basePair(i: number, j: number): number {
    const a = findArc(this.state.table.graph, i, j);
    return a < 0 ? -1 : this.state.table.graph.weights[a]!;
  }
  /** Base score of the pair i–j, or -1 when they are not tied. */
  base(i: number, j: number): number {
    const o = this.overlay.pairs.get(this.key(i, j));
    if (o) return o.base;
    const k = this.basePair(i, j);
    return k < 0 ? -1 : this.state.table.base[k]!;
  }
  score(i: number, j: number): number {
    const o = this.overlay.pairs.get(this.key(i, j));
    if (o) return o.score;
    const k = this.basePair(i, j);
    return k < 0 ? -1 : this.state.table.score[k]!;
  }
  neighbours(i: number): Iterable<number> {
    const g = this.state.table.graph;
    const extra = this.overlay.adjacency.get(i);
    const own = g.targets.subarray(g.offsets[i]!, g.offsets[i + 1]!);
    return extra ? [...own, ...extra] : own;
  }
  degree(i: number): number {
    const g = this.state.table.graph;
    return g.offsets[i + 1]! - g.offsets[i]! + (this.overlay.adjacency.get(i)?.length ?? 0);
  }
  /** Shared contacts of x and y, weighted by min(base) / 100. */
  shared(x: number, y: number): Structural & { sum: number } {
    if (this.degree(x) > this.degree(y)) [x, y] = [y, x];
    let sum = 0;
    let count = 0;
    for (const w of this.neighbours(x)) {
      if (w === y) continue;
      const by = this.base(y, w);
      if (by < 0) continue;
      sum += Math.min(this.base(x, w), by);
      count++;
    }
    const weighted = sum / 100;
    return {
      sum: weighted,
      value: structuralValue(weighted, this.state.table.options),
      sharedContacts: count,
      weightedShared: weighted,
    };
  }
}

function checkInteraction(
  state: AnalysisState,
  interaction: NewInteraction,
): { ids: number[]; at: number; channel: number; initiator: string | null } {
  if (!interaction || typeof interaction !== 'object') throw analyticsError(ORIGIN, 'expects the new interaction');
  if (!CHANNELS.includes(interaction.channel))
    throw analyticsError(ORIGIN, `unknown channel "${String(interaction.channel)}"`);
  if (typeof interaction.occurredAt !== 'string' || Number.isNaN(eventMs(interaction.occurredAt))) {
    throw analyticsError(ORIGIN, `occurredAt must be a date or an ISO instant (got ${String(interaction.occurredAt)})`);
  }
  if (!Array.isArray(interaction.participantIds))
    throw analyticsError(ORIGIN, 'participantIds must be an array of person ids');
  const ids = [...new Set(interaction.participantIds)].map((id) => {
    const i = state.store.index.get(id);
    if (i === undefined)
      throw analyticsError(
        ORIGIN,
        `person ${id} is not in the analysed workspace; a new person needs a full recompute`,
      );
    return i;
  });
  if (ids.length < 2) throw analyticsError(ORIGIN, 'an interaction needs at least two different people');
  const initiator = interaction.initiatorId ?? null;
  if (initiator !== null && !interaction.participantIds.includes(initiator))
    throw analyticsError(ORIGIN, 'the initiator must be one of the participants');
  return { ids, at: eventMs(interaction.occurredAt), channel: channelCode(interaction.channel), initiator };
}

/** Applies one new interaction to an analysis; returns the new state and what changed. */
export function updateAfterInteraction(
  state: AnalysisState,
  interaction: NewInteraction,
  options: UpdateOptions = {},
): UpdateResult {
  const started = performance.now();
  if (!state?.table || !state.store)
    throw analyticsError(ORIGIN, 'expects the state returned by analyzeWorkspaceWithState or a previous update');
  const o = { ...DEFAULTS, ...options };
  const { ids, at, channel, initiator } = checkInteraction(state, interaction);
  const now = options.now === undefined ? Math.max(state.now, at) : checkNumber(ORIGIN, 'now', options.now, 0);
  const previous = overlayOf(state);
  const overlay: Overlay = {
    pairs: new Map(previous.pairs),
    adjacency: new Map(previous.adjacency),
    strengthToMe: new Map(previous.strengthToMe),
    generation: previous.generation + 1,
  };
  const view = new View(state, overlay);
  const table = state.table;
  const so = table.options;
  const people = state.store.people;
  const factors = newFactors();

  // 1. Pairs among the participants: their own evidence gains the interaction.
  const changed: [number, number][] = [];
  for (let x = 0; x < ids.length; x++) {
    for (let y = x + 1; y < ids.length; y++) {
      const [i, j] = people[ids[x]!]! < people[ids[y]!]! ? [ids[x]!, ids[y]!] : [ids[y]!, ids[x]!];
      const key = view.key(i, j);
      const before = overlay.pairs.get(key);
      const k = view.basePair(i, j);
      if (!before && k < 0) {
        overlay.adjacency.set(i, [...(overlay.adjacency.get(i) ?? []), j]);
        overlay.adjacency.set(j, [...(overlay.adjacency.get(j) ?? []), i]);
      }
      const side = initiator === people[i] ? SIDE_A : initiator === people[j] ? SIDE_B : NOBODY;
      const touch = { at, channel, initiator: side, group: ids.length, id: interaction.id ?? 'pending' };
      const store = before
        ? singlePairStore(before.store, before.k, i, j, [touch])
        : singlePairStore(state.store, k, i, j, [touch]);
      pairFactors(store, 0, now, so, table.weights, factors);
      overlay.pairs.set(key, {
        store,
        k: 0,
        base: factors.existed ? baseScore(factors, so) : 0,
        onlineOnly: factors.onlineOnly,
        declared: factors.existed && factors.declared,
        structural: { value: 0, sharedContacts: 0, weightedShared: 0 },
        score: 0,
        now,
      });
      changed.push([i, j]);
    }
  }

  // 2. Pairs whose structural factor reads a changed base score.
  const affected = new Map<number, [number, number]>();
  for (const [i, j] of changed) {
    affected.set(view.key(i, j), [i, j]);
    const [small, large] = view.degree(i) <= view.degree(j) ? [i, j] : [j, i];
    for (const w of view.neighbours(small)) {
      if (w === large || view.base(large, w) < 0) continue;
      affected.set(view.key(i, w), [i, w]);
      affected.set(view.key(j, w), [j, w]);
    }
  }

  // 3. Rescore them.
  const ties: TieStrength[] = [];
  const me = state.store.index.get(state.meId)!;
  const strengthToMe = Float64Array.from(state.partnerInputs.strengthToMe);
  const touchedPeople = new Set<number>();
  for (const [key, [x, y]] of affected) {
    const [i, j] = people[x]! < people[y]! ? [x, y] : [y, x];
    let entry = overlay.pairs.get(key);
    if (!entry) {
      const k = view.basePair(i, j);
      pairFactors(state.store, k, now, so, table.weights, factors);
      entry = {
        store: state.store,
        k,
        base: factors.existed ? baseScore(factors, so) : 0,
        onlineOnly: factors.onlineOnly,
        declared: factors.existed && factors.declared,
        structural: { value: 0, sharedContacts: 0, weightedShared: 0 },
        score: 0,
        now,
      };
    } else entry = { ...entry, now };
    const { value, sharedContacts, weightedShared } = view.shared(i, j);
    entry.structural = { value, sharedContacts, weightedShared };
    const rated = ratingOfPair(table, i, j);
    entry.score = applyRating(scoreFromBase(entry.base, value, entry.onlineOnly, so, entry.declared), rated, now, so);
    overlay.pairs.set(key, entry);
    const explained = explainStrength(entry.store, entry.k, entry.structural, now, so, table.weights, rated);
    ties.push(explained);
    const other = i === me ? j : j === me ? i : -1;
    if (other >= 0) {
      const position = state.personPosition.get(people[other]!)!;
      overlay.strengthToMe.set(position, explained);
      strengthToMe[position] = explained.score;
      touchedPeople.add(position);
    }
  }

  // 4. Reach of people near a changed tie not involving me.
  const reachPeople = Int32Array.from(state.partnerInputs.reachPeople);
  const reachWeighted = Float64Array.from(state.partnerInputs.reachWeighted);
  const near = new Set<number>();
  for (const [i, j] of changed) {
    if (i === me || j === me) continue;
    near.add(i).add(j);
    const around = new Set([...view.neighbours(i), ...view.neighbours(j)]);
    if (around.size <= o.maxReachUpdates) for (const w of around) near.add(w);
  }
  near.delete(me);
  for (const p of near) {
    const r = reachOf(view, p, me, state.options.minTieWeight, state.options.maxTieWeight);
    const position = state.personPosition.get(people[p]!)!;
    reachPeople[position] = r.people;
    reachWeighted[position] = r.weighted;
    touchedPeople.add(position);
  }

  // 5. Partner scores of the people touched, against the full analysis' maxima.
  const partnerInputs = { ...state.partnerInputs, strengthToMe, reachPeople, reachWeighted };
  const partnerScores = state.partnerScores.slice();
  const updatedPeople: UpdateResult['people'] = [];
  for (const position of touchedPeople) {
    const score = partnerScoreAt(partnerInputs, position, state.partnerMaxima, state.options.partner);
    partnerScores[position] = score;
  }
  for (const position of touchedPeople) {
    const score = partnerScores[position]!;
    let rank = 1;
    for (let q = 0; q < partnerScores.length; q++)
      if (partnerScores[q]!.score > score.score || (partnerScores[q]!.score === score.score && q < position)) rank++;
    score.rank = rank;
    const id = state.personIds[position]!;
    updatedPeople.push({
      personId: id,
      strengthToMe: overlay.strengthToMe.get(position) ?? explainTie(table, state.meId, id),
      partner: score,
    });
  }

  return {
    state: { ...state, now: state.now, partnerInputs, partnerScores, overlay },
    computedAt: new Date(now).toISOString(),
    ties,
    people: updatedPeople,
    durationMs: performance.now() - started,
  };
}

/** Two-hop reach of p over the overlay-aware graph, me excluded (as in reach/two-hop-reach.ts). */
function reachOf(view: View, p: number, me: number, floor: number, cap: number): { people: number; weighted: number } {
  const best = new Map<number, number>();
  const strength = (a: number, b: number) => Math.min(cap, Math.max(floor, view.score(a, b))) / 100;
  for (const q of view.neighbours(p)) {
    if (q === me || q === p) continue;
    const s1 = strength(p, q);
    if (!(best.get(q)! >= s1)) best.set(q, s1);
    for (const r of view.neighbours(q)) {
      if (r === me || r === p) continue;
      const s2 = s1 * strength(q, r);
      if (!(best.get(r)! >= s2)) best.set(r, s2);
    }
  }
  let weighted = 0;
  for (const v of best.values()) weighted += v;
  return { people: best.size, weighted };
}

/** The explained strength of x–y in a state, updates included. */
export function tieStrengthOf(state: AnalysisState, x: string, y: string): TieStrength {
  const i = state.store.index.get(x);
  const j = state.store.index.get(y);
  if (i === undefined || j === undefined)
    throw analyticsError(ORIGIN, `person ${i === undefined ? x : y} is not in the analysed workspace`);
  const overlay = overlayOf(state);
  const view = new View(state, overlay);
  const entry = overlay.pairs.get(view.key(i, j));
  if (entry)
    return explainStrength(
      entry.store,
      entry.k,
      entry.structural,
      entry.now,
      state.table.options,
      state.table.weights,
      ratingOfPair(state.table, i, j),
    );
  return explainTie(state.table, x, y);
}
