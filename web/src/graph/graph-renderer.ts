/**
 * Draws a scene on a 2D canvas: one path per kind of line and one per colour
 * of node, so thousands of people cost a few dozen canvas calls, not one
 * element each; off-screen lines and nodes are skipped.
 *
 * The network is painted into a base layer a little larger than the view;
 * while the user pans or zooms, frames only copy that layer at the new
 * offset or scale (a software canvas rasterises thousands of lines far slower
 * than it copies a bitmap), and the base is repainted once the gesture ends.
 * Hover and selection are drawn over the copy, so they never repaint it.
 */
import { HIGHLIGHT, ME_COLOUR } from '../core/palette.js';
import type { Scene } from './scene.js';

export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}

const WIDTH_BUCKETS = [0.6, 1.2, 2, 3.2];
const EDGE_COLOUR = '#4a5a6a';
/** The base layer reaches this fraction of the view beyond each edge. */
const MARGIN = 0.25;
/**
 * Dashing is the slowest thing a software canvas draws: past this many dashed
 * lines on screen they are drawn faint and solid instead (zoom in and the
 * dashes return as fewer lines remain in view).
 */
export const DASH_MAX = 1500;

interface Batches {
  /** Edge ids per bucket: width bucket × dashed × to-centre × dimmed. */
  edges: Int32Array[];
  /** Node ids per colour. */
  nodes: Int32Array[];
  dimNodes: Int32Array;
}

function bucketOf(width: number): number {
  let best = 0;
  for (let i = 1; i < WIDTH_BUCKETS.length; i++)
    if (Math.abs(WIDTH_BUCKETS[i]! - width) < Math.abs(WIDTH_BUCKETS[best]! - width)) best = i;
  return best;
}

function batch(scene: Scene): Batches {
  const lists: number[][] = Array.from({ length: WIDTH_BUCKETS.length * 8 }, () => []);
  const { a, b, width, dashed, toCenter } = scene.edges;
  for (let e = 0; e < a.length; e++) {
    const x = a[e]!;
    const y = b[e]!;
    if (!scene.visible[x] || !scene.visible[y]) continue;
    const dim = scene.dim[x] || scene.dim[y] ? 1 : 0;
    lists[bucketOf(width[e]!) * 8 + dashed[e]! * 4 + toCenter[e]! * 2 + dim]!.push(e);
  }
  const byColour: number[][] = scene.palette.map(() => []);
  const dimNodes: number[] = [];
  for (let i = 0; i < scene.count; i++) {
    if (!scene.visible[i] || i === scene.center) continue;
    if (scene.dim[i]) dimNodes.push(i);
    else byColour[scene.colour[i]!]?.push(i);
  }
  return {
    edges: lists.map((l) => Int32Array.from(l)),
    nodes: byColour.map((l) => Int32Array.from(l)),
    dimNodes: Int32Array.from(dimNodes),
  };
}

const same = (a: ViewTransform | null, b: ViewTransform) => a !== null && a.x === b.x && a.y === b.y && a.k === b.k;

export class GraphRenderer {
  private readonly ctx: CanvasRenderingContext2D;
  private readonly base: HTMLCanvasElement;
  private readonly baseCtx: CanvasRenderingContext2D;
  private scene: Scene | null = null;
  private batches: Batches | null = null;
  private baseValid = false;
  private baseT: ViewTransform | null = null;
  private baseSize = { w: 0, h: 0, dpr: 0 };
  private frames = 0;

  constructor(canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d', { alpha: false });
    this.base = document.createElement('canvas');
    const baseCtx = this.base.getContext('2d', { alpha: false });
    if (!ctx || !baseCtx) throw new Error('This browser cannot draw on a canvas');
    this.ctx = ctx;
    this.baseCtx = baseCtx;
  }

  /** A new scene (filters, colours, focus changed): regroup its batches. */
  setScene(scene: Scene): void {
    this.scene = scene;
    this.batches = batch(scene);
    this.baseValid = false;
  }

  /** Selection or hover changed: drawn over the base, which stays. */
  setMarks(marks: { selected?: number; hovered?: number; neighbours?: Int32Array }): void {
    if (this.scene) this.scene = { ...this.scene, ...marks };
  }

  /** Positions moved (layout, drag): same batches, new base. */
  setPositions(xy: Float32Array): void {
    if (this.scene) this.scene = { ...this.scene, xy };
    this.baseValid = false;
  }

  /**
   * One frame. `moving`: a pan or zoom gesture is under way, so an existing
   * base layer is copied at the new offset and scale instead of repainted.
   */
  draw(t: ViewTransform, width: number, height: number, dpr: number, moving = false): void {
    const start = performance.now();
    const scene = this.scene;
    const sized = this.baseSize.w === width && this.baseSize.h === height && this.baseSize.dpr === dpr;
    if (!this.baseValid || !sized || (!moving && !same(this.baseT, t))) this.paintBase(t, width, height, dpr);
    const ctx = this.ctx;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    if (scene && scene.count > 0 && this.baseT) {
      const bt = this.baseT;
      const s = t.k / bt.k;
      const mx = width * MARGIN;
      const my = height * MARGIN;
      ctx.imageSmoothingEnabled = s !== 1;
      ctx.drawImage(
        this.base,
        t.x - s * (mx + bt.x),
        t.y - s * (my + bt.y),
        (this.base.width / dpr) * s,
        (this.base.height / dpr) * s,
      );
      this.overlay(scene, t, width, height, dpr);
    }
    const end = performance.now();
    performance.measure('nurture:frame', { start, end });
    if (++this.frames % 1000 === 0) performance.clearMeasures('nurture:frame');
  }

  private paintBase(t: ViewTransform, width: number, height: number, dpr: number): void {
    const mx = width * MARGIN;
    const my = height * MARGIN;
    const bw = Math.round((width + 2 * mx) * dpr);
    const bh = Math.round((height + 2 * my) * dpr);
    if (this.base.width !== bw || this.base.height !== bh) {
      this.base.width = bw;
      this.base.height = bh;
    }
    this.baseSize = { w: width, h: height, dpr };
    this.baseT = { ...t };
    this.baseValid = true;
    const ctx = this.baseCtx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, bw, bh);
    const scene = this.scene;
    const batches = this.batches;
    if (!scene || !batches || scene.count === 0) return;
    paint(ctx, scene, batches, { x: t.x + mx, y: t.y + my, k: t.k }, width + 2 * mx, height + 2 * my, dpr);
  }

  /** Hover and selection rings and their names, straight onto the view. */
  private overlay(scene: Scene, t: ViewTransform, width: number, height: number, dpr: number): void {
    const ctx = this.ctx;
    const k = t.k;
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * t.x, dpr * t.y);
    const minR = 1.6 / k;
    const ring = (i: number, colour: string, w: number, extra: number) => {
      if (i < 0 || i >= scene.count || !scene.visible[i]) return;
      ctx.beginPath();
      ctx.arc(scene.xy[2 * i]!, scene.xy[2 * i + 1]!, Math.max(minR, scene.radius[i]!) + extra / k, 0, 2 * Math.PI);
      ctx.strokeStyle = colour;
      ctx.lineWidth = w / k;
      ctx.stroke();
    };
    // The hovered person's ties and neighbours, drawn over the faded map.
    const nb = scene.hovered >= 0 ? scene.neighbours : undefined;
    if (nb && nb.length > 0 && nb.length <= 2000) {
      const h = scene.hovered;
      ctx.beginPath();
      for (const j of nb) {
        ctx.moveTo(scene.xy[2 * h]!, scene.xy[2 * h + 1]!);
        ctx.lineTo(scene.xy[2 * j]!, scene.xy[2 * j + 1]!);
      }
      ctx.strokeStyle = 'rgba(0, 114, 178, 0.75)';
      ctx.lineWidth = 1.6 / k;
      ctx.stroke();
      for (const j of nb) ring(j, '#0072b2', 1.5, 1.5);
    }
    ring(scene.hovered, '#0072b2', 2, 2.5);
    ring(scene.selected, HIGHLIGHT, 3, 3.5);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const labels = new Labeller(ctx, scene, t, width, height);
    labels.add(scene.selected, true);
    labels.add(scene.hovered, true);
    if (nb && nb.length <= 40) for (const j of nb) labels.add(j, false);
  }
}

/** Names beside nodes, in screen pixels, never on top of each other (bold ones always). */
class Labeller {
  private readonly placed: [number, number, number, number][] = [];

  constructor(
    private readonly ctx: CanvasRenderingContext2D,
    private readonly scene: Scene,
    private readonly t: ViewTransform,
    private readonly width: number,
    private readonly height: number,
  ) {
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
  }

  add(i: number, bold: boolean): boolean {
    const { scene, t, ctx } = this;
    if (i < 0 || i >= scene.count || !scene.visible[i]) return false;
    const sx = scene.xy[2 * i]! * t.k + t.x;
    const sy = scene.xy[2 * i + 1]! * t.k + t.y;
    if (sx < -50 || sx > this.width + 50 || sy < -20 || sy > this.height + 20) return false;
    const text = scene.labels[i] ?? '';
    ctx.font = bold ? 'bold 13px system-ui, sans-serif' : '12px system-ui, sans-serif';
    const w = ctx.measureText(text).width;
    const lx = sx + Math.max(4, scene.radius[i]! * t.k) + 3;
    const box: [number, number, number, number] = [lx - 2, sy - 8, lx + w + 2, sy + 8];
    if (!bold && this.placed.some((p) => box[0] < p[2] && box[2] > p[0] && box[1] < p[3] && box[3] > p[1]))
      return false;
    this.placed.push(box);
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.lineWidth = 3;
    ctx.strokeText(text, lx, sy);
    ctx.fillStyle = '#1d2733';
    ctx.fillText(text, lx, sy);
    return true;
  }
}

/** The whole scene at transform t on a surface of width × height CSS pixels. */
function paint(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  batches: Batches,
  t: ViewTransform,
  width: number,
  height: number,
  dpr: number,
): void {
  const { xy, radius } = scene;
  const k = t.k;
  const margin = 20 / k;
  const x0 = -t.x / k - margin;
  const y0 = -t.y / k - margin;
  const x1 = (width - t.x) / k + margin;
  const y1 = (height - t.y) / k + margin;
  ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * t.x, dpr * t.y);
  ctx.lineCap = 'butt';

  // Ties.
  const { a, b } = scene.edges;
  for (let bucket = 0; bucket < batches.edges.length; bucket++) {
    const ids = batches.edges[bucket]!;
    if (ids.length === 0) continue;
    const w = WIDTH_BUCKETS[bucket >> 3]!;
    const dashed = (bucket & 4) !== 0;
    const toCenter = (bucket & 2) !== 0;
    const dim = (bucket & 1) !== 0;
    ctx.beginPath();
    let drawn = 0;
    for (let j = 0; j < ids.length; j++) {
      const e = ids[j]!;
      const p = a[e]! * 2;
      const q = b[e]! * 2;
      const ax = xy[p]!,
        ay = xy[p + 1]!,
        bx = xy[q]!,
        by = xy[q + 1]!;
      if ((ax < x0 && bx < x0) || (ax > x1 && bx > x1) || (ay < y0 && by < y0) || (ay > y1 && by > y1)) continue;
      ctx.moveTo(ax, ay);
      ctx.lineTo(bx, by);
      drawn++;
    }
    const dash = dashed && drawn <= DASH_MAX;
    const alpha = dim ? 0.05 : toCenter ? 0.14 : 0.4;
    ctx.globalAlpha = dashed && !dash ? alpha * 0.5 : alpha;
    ctx.strokeStyle = EDGE_COLOUR;
    ctx.lineWidth = w / k;
    ctx.setLineDash(dash ? [4 / k, 3 / k] : []);
    ctx.stroke();
  }
  ctx.setLineDash([]);

  // People, faded ones first; specks too small for a circle are drawn as squares.
  const minR = 1.6 / k;
  /** The visible people of `ids` as one path; with `squares`, specks as squares. */
  const nodePath = (ids: Int32Array, squares: boolean) => {
    ctx.beginPath();
    for (let j = 0; j < ids.length; j++) {
      const i = ids[j]!;
      const x = xy[2 * i]!;
      const y = xy[2 * i + 1]!;
      if (x < x0 || x > x1 || y < y0 || y > y1) continue;
      const r = Math.max(minR, radius[i]!);
      if (squares && r * k < 2.2) ctx.rect(x - r, y - r, 2 * r, 2 * r);
      else {
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
      }
    }
  };
  const nodes = (ids: Int32Array) => {
    nodePath(ids, true);
    ctx.fill();
  };
  if (batches.dimNodes.length > 0) {
    ctx.globalAlpha = 0.18;
    ctx.fillStyle = '#9aa5b1';
    nodes(batches.dimNodes);
  }
  ctx.globalAlpha = 1;
  for (let c = 0; c < batches.nodes.length; c++) {
    ctx.fillStyle = scene.palette[c]!;
    nodes(batches.nodes[c]!);
  }
  if (k > 0.7) {
    // Outlines once nodes are big enough to touch.
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 0.8 / k;
    ctx.globalAlpha = 0.9;
    for (const ids of batches.nodes) {
      nodePath(ids, false);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  // The warm path, on top.
  if (scene.pathEdges.length > 0) {
    ctx.strokeStyle = HIGHLIGHT;
    ctx.lineWidth = 3.5 / k;
    ctx.beginPath();
    for (const [p, q] of scene.pathEdges) {
      ctx.moveTo(xy[2 * p]!, xy[2 * p + 1]!);
      ctx.lineTo(xy[2 * q]!, xy[2 * q + 1]!);
    }
    ctx.stroke();
    for (const i of scene.pathNodes) {
      ctx.beginPath();
      ctx.arc(xy[2 * i]!, xy[2 * i + 1]!, Math.max(minR, radius[i]!) + 2 / k, 0, 2 * Math.PI);
      ctx.lineWidth = 2.5 / k;
      ctx.stroke();
    }
  }
  if (scene.center >= 0 && scene.visible[scene.center]) {
    const c = scene.center;
    ctx.beginPath();
    ctx.fillStyle = ME_COLOUR;
    ctx.arc(xy[2 * c]!, xy[2 * c + 1]!, Math.max(4 / k, radius[c]!), 0, 2 * Math.PI);
    ctx.fill();
  }

  // Names: the path's and mine always, then the best partners while there is room.
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const labels = new Labeller(ctx, scene, t, width, height);
  for (const i of scene.pathNodes) labels.add(i, true);
  labels.add(scene.center, true);
  const room = Math.min(80, Math.max(10, Math.round(12 * k * Math.sqrt((width * height) / 500_000))));
  let shown = 0;
  for (let j = 0; j < scene.labelOrder.length && shown < room; j++) {
    const i = scene.labelOrder[j]!;
    if (!scene.visible[i] || scene.dim[i]) continue;
    if (labels.add(i, false)) shown++;
  }
}
