/** Messages between the explorer and its layout worker. */

export interface LayoutRequest {
  type: 'layout';
  run: number;
  n: number;
  /** The node pinned at the centre (me), or -1. */
  center: number;
  /** Strength to me, 0–100: strong ties sit near the centre. */
  strength: Float32Array;
  /** Group (community) per node for the starting sectors; -1 for none. */
  group: Int32Array;
  a: Int32Array;
  b: Int32Array;
  /** Tie strength 0–1: stronger ties pull harder and sit shorter. */
  w: Float32Array;
  /** Node radii when they differ a lot (groups): nodes then never overlap. */
  radius?: Float32Array;
  seed: number;
}

export interface PinRequest {
  type: 'pin';
  run: number;
  index: number;
  /** null releases the node. */
  x: number | null;
  y: number | null;
}

export type ToWorker = LayoutRequest | PinRequest | { type: 'stop' };

export interface LayoutPositions {
  type: 'positions';
  run: number;
  /** x0, y0, x1, y1, … */
  xy: Float32Array;
  tick: number;
  ticks: number;
  done: boolean;
}

export type FromWorker = LayoutPositions | { type: 'error'; run: number; message: string };

/** Ticks for a network of n nodes: fixed (not timed), so the result depends on the data alone. */
export function ticksFor(n: number): number {
  return n > 2500 ? 160 : n > 800 ? 220 : 300;
}

/** The outer radius of the picture for n nodes, in layout units. */
export function outerRadius(n: number): number {
  return Math.max(220, Math.sqrt(n) * 15);
}
