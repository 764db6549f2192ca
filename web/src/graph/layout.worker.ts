/**
 * The explorer's layout, off the main thread: a seeded force simulation
 * (d3-force) where my strongest ties sit near me at the centre, communities
 * start in their own sectors, and ties pull people together. The starting
 * placement is posted at once (a first picture without waiting), then the
 * positions every few ticks until the fixed number of ticks is done.
 */
import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceRadial,
  forceSimulation,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from 'd3';
import { forceSpread } from './force-spread.js';
import { lcg } from '../../../shared/domain/random.js';
import { type FromWorker, type LayoutRequest, type ToWorker, outerRadius, ticksFor } from './layout-protocol.js';

interface Node extends SimulationNodeDatum {
  index: number;
}

interface Link extends SimulationLinkDatum<Node> {
  w: number;
}

const scope = self as unknown as {
  postMessage(m: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};

let running: { run: number; nodes: Node[] } | null = null;

/** Up to this many nodes, a Barnes–Hut many-body force shapes the picture. */
const CHARGE_MAX = 1500;

function post(run: number, nodes: Node[], tick: number, ticks: number): void {
  const xy = new Float32Array(nodes.length * 2);
  for (let i = 0; i < nodes.length; i++) {
    xy[2 * i] = nodes[i]!.x!;
    xy[2 * i + 1] = nodes[i]!.y!;
  }
  scope.postMessage({ type: 'positions', run, xy, tick, ticks, done: tick >= ticks }, [xy.buffer]);
}

function start(req: LayoutRequest): void {
  const { n, center, strength, group, seed } = req;
  const random = lcg(seed);
  const radius = req.radius;
  let area = 0;
  if (radius) for (let i = 0; i < n; i++) area += (radius[i]! + 3) ** 2;
  // Big groups need room: the disc must hold their area.
  const R = Math.max(outerRadius(n), 1.6 * Math.sqrt(area));
  const target = (i: number) => (i === center ? 0 : R * (0.12 + 0.88 * (1 - Math.min(100, strength[i]!) / 100) ** 1.4));

  // Sectors by group size, largest first; people in no group spread around the whole circle.
  const sizes = new Map<number, number>();
  for (let i = 0; i < n; i++) if (group[i]! >= 0) sizes.set(group[i]!, (sizes.get(group[i]!) ?? 0) + 1);
  const grouped = [...sizes.values()].reduce((s, x) => s + x, 0);
  const sector = new Map<number, [number, number]>();
  let angle = 0;
  for (const [g, size] of [...sizes.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0])) {
    const span = (2 * Math.PI * size) / Math.max(1, grouped);
    sector.set(g, [angle, span]);
    angle += span;
  }

  const nodes: Node[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = sector.get(group[i]!);
    const theta = s ? s[0] + s[1] * (0.15 + 0.7 * random()) : 2 * Math.PI * random();
    const r = target(i) * (0.9 + 0.2 * random());
    nodes[i] = { index: i, x: r * Math.cos(theta), y: r * Math.sin(theta) };
  }
  if (center >= 0) {
    nodes[center]!.x = nodes[center]!.fx = 0;
    nodes[center]!.y = nodes[center]!.fy = 0;
  }
  const links: Link[] = [];
  for (let e = 0; e < req.a.length; e++) {
    const a = req.a[e]!;
    const b = req.b[e]!;
    if (a === center || b === center) continue;
    links.push({ source: a, target: b, w: Math.max(0.02, req.w[e]!) });
  }

  const ticks = ticksFor(n);
  const run = req.run;
  running = { run, nodes };
  post(run, nodes, 0, ticks);

  const degree = new Int32Array(n);
  for (const l of links) {
    degree[l.source as number]!++;
    degree[l.target as number]!++;
  }
  const sim = forceSimulation<Node>(nodes)
    .randomSource(lcg(seed ^ 0x9e3779b9))
    .alphaDecay(1 - 0.001 ** (1 / ticks))
    .force('radial', forceRadial<Node>((d) => target(d.index), 0, 0).strength(0.1))
    // Barnes–Hut charge for the overall shape while it is cheap; past that, a grid-based
    // short-range push keeps a tick linear in the number of people.
    .force(
      'charge',
      n <= CHARGE_MAX
        ? forceManyBody<Node>()
            .strength(-10)
            .theta(0.95)
            .distanceMax(R / 3)
        : null,
    )
    .force(
      'spread',
      radius
        ? null
        : forceSpread<Node>()
            .distance(n <= CHARGE_MAX ? 10 : 22)
            .strength(0.7),
    )
    .force('collide', radius ? forceCollide<Node>((d) => radius[d.index]! + 3).strength(0.9) : null)
    .force(
      'link',
      forceLink<Node, Link>(links)
        .distance((l) => 18 + 50 * (1 - l.w))
        .strength(
          (l) =>
            (0.7 * l.w) / Math.max(1, Math.min(degree[(l.source as Node).index]!, degree[(l.target as Node).index]!)),
        ),
    )
    .stop();

  let tick = 0;
  const step = () => {
    if (running?.run !== run) return;
    const until = performance.now() + 40;
    while (tick < ticks && performance.now() < until) {
      sim.tick();
      tick++;
    }
    post(run, nodes, tick, ticks);
    if (tick < ticks) setTimeout(step, 0);
    else running = null;
  };
  setTimeout(step, 0);
}

scope.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  try {
    if (msg.type === 'layout') start(msg);
    else if (msg.type === 'stop') running = null;
    else if (msg.type === 'pin' && running?.run === msg.run) {
      const node = running.nodes[msg.index];
      if (node) {
        node.fx = msg.x ?? undefined;
        node.fy = msg.y ?? undefined;
        if (msg.x !== null) node.x = msg.x;
        if (msg.y !== null) node.y = msg.y;
      }
    }
  } catch (err) {
    scope.postMessage({
      type: 'error',
      run: 'run' in msg ? msg.run : -1,
      message: err instanceof Error ? err.message : String(err),
    });
  }
};
