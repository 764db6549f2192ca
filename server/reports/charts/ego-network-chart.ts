/**
 * The top partners' ego networks, one small picture each: the partner in the
 * middle, their strongest ties around them (the stronger, the closer; line
 * width by strength, colour by stage), me marked, and the ties among those
 * neighbours in grey. A radial layout, so the same data always draws the
 * same picture.
 */
import { pointRadial, scaleLinear } from 'd3';
import type { ReportEgoNetwork } from '../../../shared/index.js';
import { score } from '../render/format.js';
import { GRID, INK, MUTED, stageColor } from './stage-colors.js';
import { clip, el, svg, text } from './svg.js';

/** `size`: the drawing of one network; `pad`: room on each side for the outer labels. */
export const DEFAULTS = { size: 200, pad: 26, gap: 6, labelChars: 12 };

/** "Ada Lovelace" → "Ada L.": short, and two Adas stay apart. */
function shortName(name: string): string {
  const words = name.trim().split(/\s+/);
  const last = words.length > 1 ? [...words[words.length - 1]!][0] : undefined;
  return last ? `${words[0]} ${last}.` : (words[0] ?? name);
}

function one(network: ReportEgoNetwork, offsetX: number, o: typeof DEFAULTS): string {
  const c = o.pad + o.size / 2;
  const cy = o.size / 2 + 10;
  const n = network.neighbors.length;
  const radius = scaleLinear()
    .domain([0, 100])
    .range([o.size * 0.38, o.size * 0.18])
    .clamp(true);
  const width = scaleLinear().domain([0, 100]).range([0.6, 4]).clamp(true);
  const pos = network.neighbors.map((nb, i) => {
    const [x, y] = pointRadial((2 * Math.PI * i) / Math.max(1, n), radius(nb.strength));
    return { x: offsetX + c + x, y: cy + y, angle: (2 * Math.PI * i) / Math.max(1, n) };
  });
  let body = text(
    { x: offsetX + c, y: 11, 'text-anchor': 'middle', 'font-size': 11, 'font-weight': 'bold', fill: INK },
    `${network.center.rank}. ${clip(network.center.name, 26)}`,
  );
  for (const l of network.links) {
    const a = pos[l.a];
    const b = pos[l.b];
    if (a && b)
      body += el('line', {
        class: 'ego-peer-link',
        x1: a.x,
        y1: a.y,
        x2: b.x,
        y2: b.y,
        stroke: GRID,
        'stroke-width': 0.8,
      });
  }
  network.neighbors.forEach((nb, i) => {
    const p = pos[i]!;
    body += el('line', {
      class: 'ego-link',
      x1: offsetX + c,
      y1: cy,
      x2: p.x,
      y2: p.y,
      stroke: stageColor(nb.stage),
      'stroke-width': width(nb.strength),
    });
  });
  network.neighbors.forEach((nb, i) => {
    const p = pos[i]!;
    const [lx, ly] = pointRadial(p.angle, 12);
    const anchor = Math.abs(lx) < 3 ? 'middle' : lx > 0 ? 'start' : 'end';
    body += el('circle', {
      class: nb.isMe ? 'ego-node ego-me' : 'ego-node',
      cx: p.x,
      cy: p.y,
      r: nb.isMe ? 6 : 4.5,
      fill: nb.isMe ? '#f59e0b' : stageColor(nb.stage),
      stroke: '#fff',
      'stroke-width': 1,
    });
    body += text(
      {
        x: p.x + lx,
        y: p.y + ly + 3,
        'text-anchor': anchor,
        'font-size': 8.5,
        fill: nb.isMe ? INK : MUTED,
        'font-weight': nb.isMe ? 'bold' : null,
      },
      nb.isMe ? 'you' : clip(shortName(nb.name), o.labelChars),
    );
  });
  body += el('circle', { class: 'ego-center', cx: offsetX + c, cy, r: 9, fill: INK });
  const hidden = network.totalNeighbors - n;
  body += text(
    { x: offsetX + c, y: o.size + 16, 'text-anchor': 'middle', 'font-size': 9, fill: MUTED },
    `score ${score(network.center.score)} · ${network.totalNeighbors} ties${hidden > 0 ? ` (${hidden} not shown)` : ''}`,
  );
  return el('g', { class: 'ego-network' }, body);
}

export function egoNetworksChart(
  networks: readonly ReportEgoNetwork[],
  options: Partial<typeof DEFAULTS> = {},
): string {
  const o = { ...DEFAULTS, ...options };
  const panel = o.size + 2 * o.pad;
  const width = Math.max(1, networks.length) * (panel + o.gap) - o.gap;
  const body = networks.map((nw, i) => one(nw, i * (panel + o.gap), o)).join('');
  return svg(
    {
      width,
      height: o.size + 20,
      className: 'chart chart-ego',
      title: 'Ego networks of the top partners',
      description: networks
        .map((nw) => `${nw.center.name}: ${nw.neighbors.map((n) => (n.isMe ? 'you' : n.name)).join(', ')}`)
        .join('; '),
    },
    body,
  );
}
