/**
 * Strength distribution by stage: how many of my ties sit at each stage now,
 * next to a week ago (same evidence, read a week earlier).
 */
import { max, scaleBand, scaleLinear } from 'd3';
import type { RelationshipStage } from '../../../shared/index.js';
import { STAGES } from '../../analytics/strength/stage.js';
import { STAGE_LABEL, count } from '../render/format.js';
import { GRID, INK, MUTED, stageColor } from './stage-colors.js';
import { el, svg, text } from './svg.js';

export const DEFAULTS = { width: 640, height: 220, left: 44, right: 12, top: 26, bottom: 34 };

export function stageDistributionChart(
  now: Record<RelationshipStage, number>,
  weekAgo: Record<RelationshipStage, number>,
  options: Partial<typeof DEFAULTS> = {},
): string {
  const o = { ...DEFAULTS, ...options };
  const x = scaleBand<RelationshipStage>()
    .domain(STAGES)
    .range([o.left, o.width - o.right])
    .paddingInner(0.25)
    .paddingOuter(0.1);
  const inner = scaleBand<'weekAgo' | 'now'>().domain(['weekAgo', 'now']).range([0, x.bandwidth()]).paddingInner(0.1);
  const y = scaleLinear()
    .domain([0, Math.max(1, max(STAGES, (s) => Math.max(now[s], weekAgo[s])) ?? 1)])
    .nice()
    .range([o.height - o.bottom, o.top]);
  let body = '';
  for (const t of y.ticks(4).filter(Number.isInteger)) {
    body += el('line', { x1: o.left, x2: o.width - o.right, y1: y(t), y2: y(t), stroke: GRID });
    body += text({ x: o.left - 6, y: y(t) + 3, 'text-anchor': 'end', 'font-size': 10, fill: MUTED }, count(t));
  }
  for (const s of STAGES) {
    const x0 = x(s)!;
    for (const which of ['weekAgo', 'now'] as const) {
      const v = which === 'now' ? now[s] : weekAgo[s];
      const bx = x0 + inner(which)!;
      body += el('rect', {
        class: `stage-bar ${which}`,
        x: bx,
        y: y(v),
        width: inner.bandwidth(),
        height: Math.max(0, y(0) - y(v)),
        fill: stageColor(s),
        'fill-opacity': which === 'now' ? 1 : 0.35,
        stroke: stageColor(s),
      });
      body += text(
        { x: bx + inner.bandwidth() / 2, y: y(v) - 3, 'text-anchor': 'middle', 'font-size': 9, fill: INK },
        count(v),
      );
    }
    body += text(
      { x: x0 + x.bandwidth() / 2, y: o.height - o.bottom + 14, 'text-anchor': 'middle', 'font-size': 11, fill: INK },
      STAGE_LABEL[s],
    );
  }
  const legend =
    el('rect', { x: o.left, y: 6, width: 10, height: 10, fill: MUTED, 'fill-opacity': 0.35, stroke: MUTED }) +
    text({ x: o.left + 14, y: 15, 'font-size': 10, fill: INK }, 'a week ago') +
    el('rect', { x: o.left + 90, y: 6, width: 10, height: 10, fill: MUTED }) +
    text({ x: o.left + 104, y: 15, 'font-size': 10, fill: INK }, 'now');
  return svg(
    {
      width: o.width,
      height: o.height,
      className: 'chart chart-stages',
      title: 'Strength of my ties by stage, now and a week ago',
      description: STAGES.map((s) => `${STAGE_LABEL[s]}: ${count(now[s])} (a week ago ${count(weekAgo[s])})`).join(
        '; ',
      ),
    },
    legend + body,
  );
}
