/**
 * From the model, the explorer's state and the layout to the scene the
 * canvas draws (pure: data in, typed arrays out). Stage colours and the
 * stage of a group's mean strength come from shared/domain/stages.ts.
 */
import { stageIndexOfScore } from '../../../shared/index.js';
import { COMMUNITY_COLOURS, ME_COLOUR, NO_COMMUNITY, OTHER_COMMUNITY, STAGES, STAGE_COLOURS } from '../core/palette.js';
import type { Aggregate } from '../graph/aggregate.js';
import type { GraphModel } from '../graph/graph-model.js';
import type { Scene } from '../graph/scene.js';
import type { ExplorerState, Mode } from './explorer-state.js';

export function groupRadius(a: Aggregate, i: number): number {
  return i === 0 ? 8 : 3 + 1.6 * Math.sqrt(a.size[i]!);
}

export function personRadius(g: GraphModel, i: number): number {
  return i === g.me ? 7 : 2.5 + 9 * Math.sqrt(g.partner[i]! / 100);
}

export function edgeArrays(
  a: Int32Array,
  b: Int32Array,
  score: Float32Array,
  online: Uint8Array | null,
  toCenter: (e: number) => boolean,
  keep: (e: number) => boolean,
): Scene['edges'] {
  const ids: number[] = [];
  for (let e = 0; e < a.length; e++) if (keep(e)) ids.push(e);
  return {
    a: Int32Array.from(ids, (e) => a[e]!),
    b: Int32Array.from(ids, (e) => b[e]!),
    width: Float32Array.from(ids, (e) => 0.4 + 3 * (score[e]! / 100)),
    dashed: Uint8Array.from(ids, (e) => (online ? online[e]! : 0)),
    toCenter: Uint8Array.from(ids, (e) => (toCenter(e) ? 1 : 0)),
  };
}

/** Palette index of a community: its rank among the listed ones, then "other", then "none". */
export function colourOfCommunity(g: GraphModel, c: number): number {
  const k = g.communityRank.get(c);
  return k === undefined ? COMMUNITY_COLOURS.length + 1 : Math.min(k, COMMUNITY_COLOURS.length);
}

export function paletteOf(colourBy: ExplorerState['colourBy']): string[] {
  return colourBy === 'stage'
    ? [...STAGES.map((s) => STAGE_COLOURS[s]), ME_COLOUR]
    : [...COMMUNITY_COLOURS, OTHER_COMMUNITY, NO_COMMUNITY];
}

export function buildScene(
  g: GraphModel,
  md: Mode,
  mask: Uint8Array,
  positions: Float32Array,
  s: ExplorerState,
): Scene {
  const palette = paletteOf(s.colourBy);
  const f = s.filters;
  if (md.kind === 'groups') {
    const a = md.agg;
    const colour = new Uint8Array(a.count);
    const radius = new Float32Array(a.count);
    for (let i = 0; i < a.count; i++) {
      colour[i] =
        s.colourBy === 'stage'
          ? i === 0
            ? STAGES.length
            : stageIndexOfScore(a.strength[i]!)
          : colourOfCommunity(g, a.community[i]!);
      radius[i] = groupRadius(a, i);
    }
    const edges = edgeArrays(
      a.edgeA,
      a.edgeB,
      a.edgeScore,
      null,
      (e) => a.edgeA[e] === 0,
      (e) => a.edgeScore[e]! >= f.minStrength && (f.tiesToMe || a.edgeA[e] !== 0),
    );
    const order = Int32Array.from({ length: a.count }, (_, i) => i).sort((x, y) => a.size[y]! - a.size[x]!);
    return {
      count: a.count,
      xy: positions,
      radius,
      colour,
      palette,
      visible: new Uint8Array(a.count).fill(1),
      dim: new Uint8Array(a.count),
      edges,
      labels: a.labels,
      labelOrder: order,
      center: 0,
      selected: -1,
      hovered: -1,
      pathNodes: new Set(),
      pathEdges: [],
    };
  }
  const { nodes, drawnOf } = md;
  const n = nodes.length;
  const colour = new Uint8Array(n);
  const radius = new Float32Array(n);
  const visible = new Uint8Array(n);
  const dim = new Uint8Array(n);
  const labels: string[] = new Array(n);
  const onPath = new Set<number>();
  const path = s.path;
  if (path) for (const v of path.nodes) if (drawnOf[v]! >= 0) onPath.add(drawnOf[v]!);
  for (let j = 0; j < n; j++) {
    const i = nodes[j]!;
    colour[j] =
      s.colourBy === 'stage' ? (i === g.me ? STAGES.length : g.stage[i]!) : colourOfCommunity(g, g.community[i]!);
    radius[j] = personRadius(g, i);
    visible[j] = mask[i]!;
    dim[j] = path && !onPath.has(j) ? 1 : 0;
    labels[j] = i === g.me ? 'You' : g.names[i]!;
  }
  const ids: number[] = [];
  for (let e = 0; e < g.m; e++) if (drawnOf[g.edgeA[e]!]! >= 0 && drawnOf[g.edgeB[e]!]! >= 0) ids.push(e);
  const keep = (e: number) =>
    g.edgeScore[e]! >= f.minStrength && (f.tiesToMe || (g.edgeA[e] !== g.me && g.edgeB[e] !== g.me));
  const edges = edgeArrays(
    Int32Array.from(ids, (e) => drawnOf[g.edgeA[e]!]!),
    Int32Array.from(ids, (e) => drawnOf[g.edgeB[e]!]!),
    Float32Array.from(ids, (e) => g.edgeScore[e]!),
    Uint8Array.from(ids, (e) => g.edgeOnline[e]!),
    (k) => g.edgeA[ids[k]!] === g.me || g.edgeB[ids[k]!] === g.me,
    (k) => keep(ids[k]!),
  );
  const labelOrder = Int32Array.from({ length: n }, (_, j) => j).sort(
    (x, y) => g.partner[nodes[y]!]! - g.partner[nodes[x]!]!,
  );
  const pathEdges: [number, number][] = [];
  if (path)
    for (const [p, q] of path.pairs)
      if (drawnOf[p]! >= 0 && drawnOf[q]! >= 0) pathEdges.push([drawnOf[p]!, drawnOf[q]!]);
  return {
    count: n,
    xy: positions,
    radius,
    colour,
    palette,
    visible,
    dim,
    edges,
    labels,
    labelOrder,
    center: drawnOf[g.me]!,
    selected: s.selected !== null ? drawnOf[s.selected]! : -1,
    hovered: -1,
    pathNodes: onPath,
    pathEdges,
  };
}

/** The drawn neighbours of a drawn node, through the scene's visible edges (hover highlights them). */
export function sceneNeighbours(scene: Scene, j: number): Int32Array {
  const out: number[] = [];
  const { a, b } = scene.edges;
  for (let e = 0; e < a.length; e++) {
    if (a[e] === j && scene.visible[b[e]!]) out.push(b[e]!);
    else if (b[e] === j && scene.visible[a[e]!]) out.push(a[e]!);
  }
  return Int32Array.from(out);
}
