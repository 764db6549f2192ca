/**
 * A short-range repulsion for large layouts: nodes closer than `distance`
 * push each other apart, found through a uniform grid (counting sort by
 * cell), so a tick costs O(n) instead of Barnes–Hut's O(n log n) with its
 * large constant. Far-apart nodes do not interact: the radial and link forces
 * give the big picture, this only keeps people from piling up. Deterministic:
 * nodes are visited in index order; coincident nodes are separated with the
 * simulation's seeded random source.
 */
import type { SimulationNodeDatum } from 'd3';

export interface SpreadForce<N extends SimulationNodeDatum> {
  (alpha: number): void;
  initialize(nodes: N[], random: () => number): void;
  distance(d: number): SpreadForce<N>;
  strength(s: number): SpreadForce<N>;
}

export function forceSpread<N extends SimulationNodeDatum>(): SpreadForce<N> {
  let nodes: N[] = [];
  let random: () => number = () => 0.5;
  let d = 20;
  let k = 0.6;
  let cellStart = new Int32Array(0);
  let order = new Int32Array(0);
  let cellOf = new Int32Array(0);

  const force = ((alpha: number) => {
    const n = nodes.length;
    if (n < 2) return;
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity;
    for (const p of nodes) {
      if (p.x! < x0) x0 = p.x!;
      if (p.x! > x1) x1 = p.x!;
      if (p.y! < y0) y0 = p.y!;
      if (p.y! > y1) y1 = p.y!;
    }
    const cols = Math.max(1, Math.min(2048, Math.floor((x1 - x0) / d) + 1));
    const rows = Math.max(1, Math.min(2048, Math.floor((y1 - y0) / d) + 1));
    const cells = cols * rows;
    if (cellStart.length < cells + 1) cellStart = new Int32Array(cells + 1);
    else cellStart.fill(0, 0, cells + 1);
    if (order.length < n) {
      order = new Int32Array(n);
      cellOf = new Int32Array(n);
    }
    const cx = (x: number) => Math.min(cols - 1, Math.floor((x - x0) / d));
    const cy = (y: number) => Math.min(rows - 1, Math.floor((y - y0) / d));
    for (let i = 0; i < n; i++) {
      const c = cy(nodes[i]!.y!) * cols + cx(nodes[i]!.x!);
      cellOf[i] = c;
      cellStart[c + 1]!++;
    }
    for (let c = 0; c < cells; c++) cellStart[c + 1]! += cellStart[c]!;
    const fill = cellStart.slice(0, cells);
    for (let i = 0; i < n; i++) order[fill[cellOf[i]!]!++] = i;

    const d2 = d * d;
    for (let i = 0; i < n; i++) {
      const p = nodes[i]!;
      const c = cellOf[i]!;
      const col = c % cols;
      const row = (c - col) / cols;
      for (let r = Math.max(0, row - 1); r <= Math.min(rows - 1, row + 1); r++) {
        for (let q = Math.max(0, col - 1); q <= Math.min(cols - 1, col + 1); q++) {
          const cell = r * cols + q;
          for (let s = cellStart[cell]!, end = cellStart[cell + 1]!; s < end; s++) {
            const j = order[s]!;
            if (j <= i) continue;
            const o = nodes[j]!;
            let dx = p.x! - o.x!;
            let dy = p.y! - o.y!;
            let l = dx * dx + dy * dy;
            if (l >= d2) continue;
            if (l === 0) {
              dx = (random() - 0.5) * 1e-3;
              dy = (random() - 0.5) * 1e-3;
              l = dx * dx + dy * dy;
            }
            const dist = Math.sqrt(l);
            const push = ((d - dist) / dist) * k * alpha * 0.5;
            dx *= push;
            dy *= push;
            p.vx! += dx;
            p.vy! += dy;
            o.vx! -= dx;
            o.vy! -= dy;
          }
        }
      }
    }
  }) as SpreadForce<N>;

  force.initialize = (ns: N[], rnd: () => number) => {
    nodes = ns;
    random = rnd;
  };
  force.distance = (x: number) => {
    d = x;
    return force;
  };
  force.strength = (x: number) => {
    k = x;
    return force;
  };
  return force;
}
