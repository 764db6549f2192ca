/**
 * What the explorer shows, as plain data, and the pure rules from it to the
 * set of people on the map: filters, an ego focus, step-by-step expansion
 * (click a person to open their neighbours, as graph tools do), and whether
 * the map draws people or, past MAX_PEOPLE, groups.
 */
import { type Aggregate, aggregate } from '../graph/aggregate.js';
import { type Filters, defaultFilters, passes } from '../graph/filters.js';
import { type GraphModel, egoSet } from '../graph/graph-model.js';

/** Up to this many people are drawn one by one; more are drawn as groups. */
export const MAX_PEOPLE = 5000;

export interface ExplorerState {
  filters: Filters;
  colourBy: 'stage' | 'community';
  focus: { center: number; depth: 1 | 2 } | null;
  /** Step by step: the people opened so far (their neighbours show); null shows everyone. */
  expanded: Set<number> | null;
  selected: number | null;
  hovered: number | null;
  path: { nodes: number[]; pairs: [number, number][] } | null;
}

export type Mode =
  | { kind: 'people'; nodes: Int32Array; drawnOf: Int32Array; key: string }
  | { kind: 'groups'; agg: Aggregate; key: string };

export function initialState(g: GraphModel): ExplorerState {
  return {
    filters: defaultFilters(g.n - 1),
    colourBy: 'stage',
    focus: null,
    expanded: null,
    selected: null,
    hovered: null,
    path: null,
  };
}

/** Neighbours of a person (by drawn-model index), me left out unless asked. */
export function neighboursOf(g: GraphModel, i: number, withMe = false): number[] {
  const out: number[] = [];
  for (let k = g.adjStart[i]!; k < g.adjStart[i + 1]!; k++) {
    const u = g.adjNode[k]!;
    if (withMe || u !== g.me || i === g.me) out.push(u);
  }
  return out;
}

/** The people an expansion shows: those opened and their neighbours. */
export function expandedSet(g: GraphModel, opened: ReadonlySet<number>): Set<number> {
  const out = new Set<number>(opened);
  for (const v of opened) for (const u of neighboursOf(g, v, true)) out.add(u);
  return out;
}

/** Who is on the map: 1 per shown person (me always), and how many. */
export function shownMask(g: GraphModel, s: ExplorerState): { mask: Uint8Array; shown: number } {
  const mask = new Uint8Array(g.n);
  const ego = s.focus ? egoSet(g, s.focus.center, s.focus.depth) : null;
  const open = s.expanded ? expandedSet(g, s.expanded) : null;
  let shown = 0;
  for (let i = 0; i < g.n; i++) {
    if ((ego ? ego.has(i) : true) && (open ? open.has(i) : true) && passes(g, i, s.filters)) {
      mask[i] = 1;
      shown++;
    }
  }
  if (!mask[g.me]) shown++;
  mask[g.me] = 1;
  return { mask, shown };
}

/** People one by one (all of them, hidden ones masked, while the network is small enough), or groups. */
export function decideMode(g: GraphModel, mask: Uint8Array, shown: number, filters: Filters, max = MAX_PEOPLE): Mode {
  if (g.n <= max + 1) {
    const nodes = new Int32Array(g.n);
    for (let i = 0; i < g.n; i++) nodes[i] = i;
    return { kind: 'people', nodes, drawnOf: nodes, key: 'all' };
  }
  if (shown <= max + 1) {
    const nodes = new Int32Array(shown);
    const drawnOf = new Int32Array(g.n).fill(-1);
    let j = 0;
    let hash = 0;
    for (let i = 0; i < g.n; i++) {
      if (!mask[i]) continue;
      drawnOf[i] = j;
      nodes[j++] = i;
      hash = (Math.imul(hash, 31) + i) | 0;
    }
    return { kind: 'people', nodes, drawnOf, key: `subset:${shown}:${hash}` };
  }
  const by = filters.community !== 'all' && filters.community !== 'none' ? 'company' : 'community';
  const agg = aggregate(g, mask, by);
  let hash = 0;
  for (let i = 0; i < agg.groupOf.length; i++) hash = (Math.imul(hash, 31) + agg.groupOf[i]!) | 0;
  return { kind: 'groups', agg, key: `groups:${by}:${agg.count}:${hash}` };
}
