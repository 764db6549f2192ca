/** The explorer's legend: what colour, size, width and dashes mean. */
import { h, svg } from '../core/dom.js';
import { STAGE_LABEL } from '../core/format.js';
import { COMMUNITY_COLOURS, ME_COLOUR, NO_COMMUNITY, OTHER_COMMUNITY, STAGES, STAGE_COLOURS } from '../core/palette.js';

function swatch(colour: string): SVGSVGElement {
  return svg(
    'svg',
    { width: 14, height: 14, viewBox: '0 0 14 14', 'aria-hidden': 'true' },
    svg('circle', { cx: 7, cy: 7, r: 6, fill: colour }),
  );
}

function line(width: number, dashed: boolean): SVGSVGElement {
  return svg(
    'svg',
    { width: 36, height: 12, viewBox: '0 0 36 12', 'aria-hidden': 'true' },
    svg('line', {
      x1: 2,
      y1: 6,
      x2: 34,
      y2: 6,
      stroke: '#4a5a6a',
      'stroke-width': width,
      'stroke-dasharray': dashed ? '4 3' : null,
      'stroke-linecap': 'round',
    }),
  );
}

function sizes(): SVGSVGElement {
  return svg(
    'svg',
    { width: 60, height: 28, viewBox: '0 0 60 28', 'aria-hidden': 'true' },
    ...[0.05, 0.4, 1].map((p, i) =>
      svg('circle', { cx: 8 + i * 18, cy: 14, r: 3 + 9 * Math.sqrt(p), fill: '#9aa5b1' }),
    ),
  );
}

export interface LegendInput {
  colourBy: 'stage' | 'community';
  communities: { id: number; size: number }[];
  aggregated: boolean;
  /** Colours only (charts without lines or sizes). */
  coloursOnly?: boolean;
}

export function renderLegend(o: LegendInput): HTMLElement {
  const colours =
    o.colourBy === 'stage'
      ? STAGES.map((s) => [STAGE_COLOURS[s], `${STAGE_LABEL[s]} (stage of the tie to you)`] as const)
      : [
          ...o.communities
            .slice(0, COMMUNITY_COLOURS.length)
            .map((c, i) => [COMMUNITY_COLOURS[i]!, `Community ${c.id + 1} (${c.size})`] as const),
          ...(o.communities.length > COMMUNITY_COLOURS.length ? [[OTHER_COMMUNITY, 'Other communities'] as const] : []),
          [NO_COMMUNITY, 'In no community (or in one too small to show)'] as const,
        ];
  return h(
    'div',
    { class: 'legend', 'aria-label': 'Legend' },
    h('h3', null, 'Legend'),
    h(
      'ul',
      { class: 'legend-list' },
      h('li', null, swatch(ME_COLOUR), ' You (centre)'),
      colours.map(([c, label]) => h('li', null, swatch(c), ` ${label}`)),
    ),
    o.coloursOnly
      ? null
      : h(
          'ul',
          { class: 'legend-list' },
          h(
            'li',
            null,
            sizes(),
            o.aggregated ? ' Node size: people in the group' : ' Node size: referral-partner score',
          ),
          h('li', null, line(0.6, false), line(3.2, false), ' Line width: tie strength'),
          h(
            'li',
            null,
            line(1.2, true),
            ' Dashed: online only (LinkedIn connection, likes), not a relationship; faint instead of dashed while thousands are in view',
          ),
          h('li', null, ' Distance from the centre: the weaker the tie to you, the farther out'),
        ),
  );
}
