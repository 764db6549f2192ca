/**
 * Strength of the tie to me against referral-partner score, as an SVG chart
 * (D3) with four labelled regions. Takes points and draws; never fetches.
 */
import { axisBottom, axisLeft, scaleLinear, scaleSqrt, select } from 'd3';
import type { RelationshipStage } from '../../../shared/index.js';
import { score } from '../core/format.js';
import { STAGE_COLOURS } from '../core/palette.js';

export interface QuadrantPoint {
  id: string;
  name: string;
  strength: number;
  partner: number;
  stage: RelationshipStage;
}

export interface Region {
  key: 'partners' | 'nurture' | 'keep_warm' | 'only_when_asked';
  label: string;
  advice: string;
}

export const REGIONS: Record<Region['key'], Region> = {
  partners: { key: 'partners', label: 'Partners', advice: 'Close and valuable: thank, reciprocate, keep giving' },
  nurture: { key: 'nurture', label: 'Nurture', advice: 'Valuable, not yet close: invest time before you ask' },
  keep_warm: {
    key: 'keep_warm',
    label: 'Keep warm',
    advice: 'Close, few referrals yet: stay in touch, learn what they need',
  },
  only_when_asked: {
    key: 'only_when_asked',
    label: 'Sell only when asked',
    advice: 'Neither close nor routing work: no pitching; meet first',
  },
};

export interface QuadrantOptions {
  width: number;
  height: number;
  /** Strength from which a tie counts as close (the "relationship" stage). */
  splitStrength: number;
  /** Partner score from which someone routes real opportunities. */
  splitPartner: number;
  onSelect: (id: string) => void;
  /** A small screen: region names only (the advice is in the lists below), fewer ticks. */
  compact?: boolean;
  /** Points are bigger on a small screen, so a finger can hit them. */
  pointRadius?: number;
}

export function regionOf(
  p: { strength: number; partner: number },
  o: Pick<QuadrantOptions, 'splitStrength' | 'splitPartner'>,
): Region['key'] {
  const close = p.strength >= o.splitStrength;
  const valuable = p.partner >= o.splitPartner;
  return close ? (valuable ? 'partners' : 'keep_warm') : valuable ? 'nurture' : 'only_when_asked';
}

export function drawQuadrant(points: QuadrantPoint[], o: QuadrantOptions): SVGSVGElement {
  const margin = { top: 16, right: 16, bottom: 48, left: 56 };
  const w = o.width - margin.left - margin.right;
  const hgt = o.height - margin.top - margin.bottom;
  const x = scaleLinear().domain([0, 100]).range([0, w]);
  // Partner scores crowd near zero: a square-root scale spreads them.
  const y = scaleSqrt().domain([0, 100]).range([hgt, 0]);

  const root = select(document.createElementNS('http://www.w3.org/2000/svg', 'svg'))
    .attr('class', 'quadrant-chart')
    .attr('viewBox', `0 0 ${o.width} ${o.height}`)
    .attr('width', o.width)
    .attr('height', o.height)
    .attr('role', 'group')
    .attr('aria-labelledby', 'quadrant-title quadrant-desc');
  root.append('title').attr('id', 'quadrant-title').text('Relationship strength against referral-partner score');
  root
    .append('desc')
    .attr('id', 'quadrant-desc')
    .text(
      `${points.length} people. Tab to the points, then the arrow keys move between them (left and right by strength, up and down by partner score) and Enter opens the person. The lists below the chart name the people of each region.`,
    );
  const plot = root.append('g').attr('transform', `translate(${margin.left},${margin.top})`);

  const sx = x(o.splitStrength);
  const sy = y(o.splitPartner);
  const regions: [Region['key'], number, number, number, number, 'start' | 'end'][] = [
    ['nurture', 0, 0, sx, sy, 'start'],
    ['partners', sx, 0, w - sx, sy, 'end'],
    ['only_when_asked', 0, sy, sx, hgt - sy, 'start'],
    ['keep_warm', sx, sy, w - sx, hgt - sy, 'end'],
  ];
  const fills: Record<Region['key'], string> = {
    partners: '#fdf1e1',
    nurture: '#e6f3fb',
    keep_warm: '#e8f5ef',
    only_when_asked: '#f2f2f2',
  };
  for (const [key, rx, ry, rw, rh, anchor] of regions) {
    const g = plot.append('g').attr('class', `region region-${key}`);
    g.append('rect').attr('x', rx).attr('y', ry).attr('width', rw).attr('height', rh).attr('fill', fills[key]);
    const tx = anchor === 'start' ? rx + 8 : rx + rw - 8;
    g.append('text')
      .attr('x', tx)
      .attr('y', ry + 18)
      .attr('text-anchor', anchor)
      .attr('class', 'region-label')
      .text(REGIONS[key].label);
    if (o.compact) continue;
    g.append('text')
      .attr('x', tx)
      .attr('y', ry + 34)
      .attr('text-anchor', anchor)
      .attr('class', 'region-advice')
      .text(REGIONS[key].advice);
  }

  plot
    .append('g')
    .attr('transform', `translate(0,${hgt})`)
    .call(axisBottom(x).ticks(o.compact ? 5 : 10));
  plot.append('g').call(axisLeft(y).tickValues([0, 1, 5, 10, 20, 40, 60, 80, 100]));
  plot
    .append('text')
    .attr('x', w / 2)
    .attr('y', hgt + 40)
    .attr('text-anchor', 'middle')
    .attr('class', 'axis-label')
    .text('Relationship strength to me (0–100)');
  plot
    .append('text')
    .attr('transform', `translate(${-42},${hgt / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('class', 'axis-label')
    .text('Referral-partner score (square-root scale)');

  // Weakest first, so the people who matter are drawn on top.
  const ordered = [...points].sort((a, b) => a.partner - b.partner);
  const label = (d: QuadrantPoint) =>
    `${d.name}: ${d.stage}, strength ${score(d.strength)}, partner score ${score(d.partner)}`;
  const circles = plot
    .append('g')
    .attr('class', 'points')
    .attr('role', 'group')
    .attr('aria-label', 'People on the chart')
    .selectAll('circle')
    .data(ordered)
    .join('circle')
    .attr('cx', (d) => x(d.strength))
    .attr('cy', (d) => y(d.partner))
    .attr('r', o.pointRadius ?? 4)
    .attr('fill', (d) => STAGE_COLOURS[d.stage])
    .attr('stroke', '#ffffff')
    .attr('stroke-width', 0.8)
    .attr('role', 'link')
    .attr('tabindex', (_d, i) => (i === ordered.length - 1 ? 0 : -1))
    .attr('aria-label', label)
    .on('click', (_e, d) => o.onSelect(d.id));
  circles.append('title').text(label);
  // One Tab stop for all the points (the best partner first); the arrow keys walk them in the chart's directions.
  const nodes = circles.nodes() as SVGCircleElement[];
  const byStrength = ordered.map((_, i) => i).sort((a, b) => ordered[a]!.strength - ordered[b]!.strength || a - b);
  const move = (from: number, to: number) => {
    nodes[from]?.setAttribute('tabindex', '-1');
    nodes[to]?.setAttribute('tabindex', '0');
    nodes[to]?.focus();
  };
  circles.on('keydown', (e: KeyboardEvent, d) => {
    const at = ordered.indexOf(d);
    let to = -1;
    if (e.key === 'ArrowUp') to = Math.min(ordered.length - 1, at + 1);
    else if (e.key === 'ArrowDown') to = Math.max(0, at - 1);
    else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const k = byStrength.indexOf(at) + (e.key === 'ArrowRight' ? 1 : -1);
      to = byStrength[Math.max(0, Math.min(byStrength.length - 1, k))]!;
    } else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = ordered.length - 1;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      o.onSelect(d.id);
      return;
    } else return;
    e.preventDefault();
    move(at, to);
  });

  plot.append('line').attr('x1', sx).attr('x2', sx).attr('y1', 0).attr('y2', hgt).attr('class', 'split');
  plot.append('line').attr('x1', 0).attr('x2', w).attr('y1', sy).attr('y2', sy).attr('class', 'split');
  return root.node()!;
}
