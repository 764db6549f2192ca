/**
 * What the canvas draws, in drawn-node space (a person, or a group of people
 * when the network is shown aggregated). Built by the explorer from the model,
 * the filters and the layout; the renderer only reads it.
 */
export interface SceneEdges {
  a: Int32Array;
  b: Int32Array;
  /** Line width in screen pixels. */
  width: Float32Array;
  /** 1: drawn dashed (online evidence only). */
  dashed: Uint8Array;
  /** 1: a tie to the centre (me), drawn fainter: everyone has one. */
  toCenter: Uint8Array;
}

export interface Scene {
  count: number;
  /** x, y per drawn node, in layout units. */
  xy: Float32Array;
  /** Radius per drawn node, in layout units. */
  radius: Float32Array;
  /** Index into `palette` per drawn node. */
  colour: Uint8Array;
  palette: readonly string[];
  /** 0: hidden by a filter. */
  visible: Uint8Array;
  /** 1: outside the focus (ego network, path), drawn faded. */
  dim: Uint8Array;
  edges: SceneEdges;
  labels: readonly string[];
  /** Drawn nodes in the order they earn a label when space is short. */
  labelOrder: Int32Array;
  center: number;
  selected: number;
  hovered: number;
  /** The hovered node's neighbours, highlighted with it. */
  neighbours?: Int32Array;
  /** Path highlight: nodes and consecutive pairs. */
  pathNodes: ReadonlySet<number>;
  pathEdges: readonly [number, number][];
}

export function emptyScene(): Scene {
  return {
    count: 0,
    xy: new Float32Array(0),
    radius: new Float32Array(0),
    colour: new Uint8Array(0),
    palette: [],
    visible: new Uint8Array(0),
    dim: new Uint8Array(0),
    edges: {
      a: new Int32Array(0),
      b: new Int32Array(0),
      width: new Float32Array(0),
      dashed: new Uint8Array(0),
      toCenter: new Uint8Array(0),
    },
    labels: [],
    labelOrder: new Int32Array(0),
    center: -1,
    selected: -1,
    hovered: -1,
    pathNodes: new Set(),
    pathEdges: [],
  };
}
