/**
 * Draws a scene on a 2D canvas: one path per kind of line and one per colour
 * of node, so thousands of people cost a few dozen canvas calls per frame,
 * not one element each. Off-screen lines and nodes are skipped.
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

interface Batches {
  /** Edge ids per bucket: width bucket × dashed × to-centre × dimmed. */
  edges: Int32Array[];
  /** Node ids per colour, then dimmed ones. */
  nodes: Int32Array[];
  dimNodes: Int32Array;
}

function bucketOf(width: number): number {
  let best = 0;
  for (let i = 1; i < WIDTH_BUCKETS.length; i++) if (Math.abs(WIDTH_BUCKETS[i]! - width) < Math.abs(WIDTH_BUCKETS[best]! - width)) best = i;
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
  return { edges: lists.map((l) => Int32Array.from(l)), nodes: byColour.map((l) => Int32Array.from(l)), dimNodes: Int32Array.from(dimNodes) };
}

export class GraphRenderer {
  private readonly ctx: CanvasRenderingContext2D;
  private scene: Scene | null = null;
  private batches: Batches | null = null;
  private frames = 0;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('This browser cannot draw on a canvas');
    this.ctx = ctx;
  }

  /** A new scene (filters, colours, focus changed): regroup its batches. */
  setScene(scene: Scene): void {
    this.scene = scene;
    this.batches = batch(scene);
  }

  /** Selection or hover changed: same batches. */
  setMarks(marks: { selected?: number; hovered?: number }): void {
    if (this.scene) this.scene = { ...this.scene, ...marks };
  }

  /** Positions moved (layout, drag): same batches. */
  setPositions(xy: Float32Array): void {
    if (this.scene) this.scene = { ...this.scene, xy };
  }

  draw(t: ViewTransform, width: number, height: number, dpr: number): void {
    const start = performance.now();
    const ctx = this.ctx;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    const scene = this.scene;
    const batches = this.batches;
    if (!scene || !batches || scene.count === 0) return;
    const { xy, radius } = scene;
    const k = t.k;
    const margin = 20 / k;
    const x0 = -t.x / k - margin;
    const y0 = -t.y / k - margin;
    const x1 = (width - t.x) / k + margin;
    const y1 = (height - t.y) / k + margin;
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * t.x, dpr * t.y);
    ctx.lineCap = 'round';

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
      for (let j = 0; j < ids.length; j++) {
        const e = ids[j]!;
        const p = a[e]! * 2;
        const q = b[e]! * 2;
        const ax = xy[p]!, ay = xy[p + 1]!, bx = xy[q]!, by = xy[q + 1]!;
        if ((ax < x0 && bx < x0) || (ax > x1 && bx > x1) || (ay < y0 && by < y0) || (ay > y1 && by > y1)) continue;
        ctx.moveTo(ax, ay);
        ctx.lineTo(bx, by);
      }
      ctx.globalAlpha = dim ? 0.05 : toCenter ? 0.14 : 0.4;
      ctx.strokeStyle = EDGE_COLOUR;
      ctx.lineWidth = w / k;
      ctx.setLineDash(dashed ? [4 / k, 3 / k] : []);
      ctx.stroke();
    }
    ctx.setLineDash([]);

    // People, faded ones first.
    const minR = 1.6 / k;
    const nodes = (ids: Int32Array) => {
      ctx.beginPath();
      for (let j = 0; j < ids.length; j++) {
        const i = ids[j]!;
        const x = xy[2 * i]!;
        const y = xy[2 * i + 1]!;
        if (x < x0 || x > x1 || y < y0 || y > y1) continue;
        const r = Math.max(minR, radius[i]!);
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
      }
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
        ctx.beginPath();
        for (let j = 0; j < ids.length; j++) {
          const i = ids[j]!;
          const x = xy[2 * i]!;
          const y = xy[2 * i + 1]!;
          if (x < x0 || x > x1 || y < y0 || y > y1) continue;
          const r = Math.max(minR, radius[i]!);
          ctx.moveTo(x + r, y);
          ctx.arc(x, y, r, 0, 2 * Math.PI);
        }
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
    }
    const ring = (i: number, colour: string, width: number, extra: number) => {
      if (i < 0 || i >= scene.count) return;
      ctx.beginPath();
      ctx.arc(xy[2 * i]!, xy[2 * i + 1]!, Math.max(minR, radius[i]!) + extra / k, 0, 2 * Math.PI);
      ctx.strokeStyle = colour;
      ctx.lineWidth = width / k;
      ctx.stroke();
    };
    for (const i of scene.pathNodes) ring(i, HIGHLIGHT, 2.5, 2);
    if (scene.center >= 0 && scene.visible[scene.center]) {
      const c = scene.center;
      ctx.beginPath();
      ctx.fillStyle = ME_COLOUR;
      ctx.arc(xy[2 * c]!, xy[2 * c + 1]!, Math.max(4 / k, radius[c]!), 0, 2 * Math.PI);
      ctx.fill();
    }
    ring(scene.hovered, '#0072b2', 2, 2.5);
    ring(scene.selected, HIGHLIGHT, 3, 3.5);

    // Names: the chosen ones always, then the best partners while there is room.
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    const placed: [number, number, number, number][] = [];
    const label = (i: number, bold: boolean): void => {
      if (i < 0 || i >= scene.count || !scene.visible[i]) return;
      const sx = xy[2 * i]! * k + t.x;
      const sy = xy[2 * i + 1]! * k + t.y;
      if (sx < -50 || sx > width + 50 || sy < -20 || sy > height + 20) return;
      const text = scene.labels[i] ?? '';
      ctx.font = bold ? 'bold 13px system-ui, sans-serif' : '12px system-ui, sans-serif';
      const w = ctx.measureText(text).width;
      const lx = sx + Math.max(4, radius[i]! * k) + 3;
      const box: [number, number, number, number] = [lx - 2, sy - 8, lx + w + 2, sy + 8];
      if (!bold && placed.some((p) => box[0] < p[2] && box[2] > p[0] && box[1] < p[3] && box[3] > p[1])) return;
      placed.push(box);
      ctx.strokeStyle = 'rgba(255,255,255,0.9)';
      ctx.lineWidth = 3;
      ctx.strokeText(text, lx, sy);
      ctx.fillStyle = '#1d2733';
      ctx.fillText(text, lx, sy);
    };
    label(scene.selected, true);
    label(scene.hovered, true);
    for (const i of scene.pathNodes) label(i, true);
    label(scene.center, true);
    const room = Math.min(80, Math.max(10, Math.round(12 * k * Math.sqrt((width * height) / 500_000))));
    let shown = 0;
    for (let j = 0; j < scene.labelOrder.length && shown < room; j++) {
      const i = scene.labelOrder[j]!;
      if (!scene.visible[i] || scene.dim[i]) continue;
      const before = placed.length;
      label(i, false);
      if (placed.length > before) shown++;
    }

    const end = performance.now();
    performance.measure('nurture:frame', { start, end });
    if (++this.frames % 1000 === 0) performance.clearMeasures('nurture:frame');
  }
}
