/**
 * Partner scores with their movement: one horizontal bar per top partner
 * (0–100, coloured by the stage of the tie to me), a tick at last week's
 * score, and the change written at the end of the row.
 */
import { scaleBand, scaleLinear } from 'd3';
import type { ReportPartnerRow } from '../../../shared/index.js';
import { rankMove, score, signed } from '../render/format.js';
import { DOWN, GRID, INK, MUTED, UP, stageColor } from './stage-colors.js';
import { clip, el, svg, text } from './svg.js';

export const DEFAULTS = { width: 660, rowHeight: 24, labelWidth: 170, deltaWidth: 120, top: 22, bottom: 8 };

export function partnerScoresChart(rows: readonly ReportPartnerRow[], options: Partial<typeof DEFAULTS> = {}): string {
  const o = { ...DEFAULTS, ...options };
  const height = o.top + rows.length * o.rowHeight + o.bottom;
  const x = scaleLinear()
    .domain([0, 100])
    .range([o.labelWidth, o.width - o.deltaWidth]);
  const y = scaleBand<number>()
    .domain(rows.map((_, i) => i))
    .range([o.top, o.top + rows.length * o.rowHeight])
    .paddingInner(0.25);
  let body = '';
  for (const t of x.ticks(4)) {
    body += el('line', { x1: x(t), x2: x(t), y1: o.top - 4, y2: height - o.bottom, stroke: GRID });
    body += text({ x: x(t), y: o.top - 8, 'text-anchor': 'middle', 'font-size': 10, fill: MUTED }, String(t));
  }
  rows.forEach((r, i) => {
    const top = y(i)!;
    const h = y.bandwidth();
    const mid = top + h / 2;
    const move = rankMove(r.rankChange, r.isNew);
    body += el(
      'g',
      { class: 'partner-bar', 'data-person': r.personId ?? '' },
      text(
        { x: o.labelWidth - 8, y: mid + 4, 'text-anchor': 'end', 'font-size': 11, fill: INK },
        `${r.rank}. ${clip(r.name, 22)}`,
      ) +
        el('rect', {
          x: x(0),
          y: top,
          width: Math.max(0, x(r.score) - x(0)),
          height: h,
          fill: stageColor(r.stage),
          rx: 2,
        }) +
        (r.previousScore !== null
          ? el('line', {
              class: 'previous',
              x1: x(r.previousScore),
              x2: x(r.previousScore),
              y1: top - 2,
              y2: top + h + 2,
              stroke: INK,
              'stroke-width': 2,
            })
          : '') +
        text(
          {
            x: o.width - o.deltaWidth + 6,
            y: mid + 4,
            'font-size': 11,
            fill: r.scoreChange === null ? MUTED : r.scoreChange > 0 ? UP : r.scoreChange < 0 ? DOWN : MUTED,
          },
          `${score(r.score)} ${r.scoreChange === null ? (r.isNew ? 'new' : '') : signed(r.scoreChange)}${move && move !== 'new' ? ` ${move}` : ''}`.trim(),
        ),
    );
  });
  return svg(
    {
      width: o.width,
      height,
      className: 'chart chart-partners',
      title: 'Partner scores with their change since last week',
      description: rows
        .map(
          (r) =>
            `${r.rank}. ${r.name}: ${score(r.score)}${r.scoreChange === null ? '' : ` (${signed(r.scoreChange)})`}`,
        )
        .join('; '),
    },
    body,
  );
}
