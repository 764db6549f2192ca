/** The quadrant chart, with the people of each region listed as text. */
import { drawQuadrant, regionOf, REGIONS, type QuadrantPoint, type Region } from '../charts/quadrant-chart.js';
import { h, link } from '../core/dom.js';
import { STAGE_LABEL, count, score } from '../core/format.js';
import { STAGES } from '../core/palette.js';
import type { View } from '../core/router.js';
import { loadGraph } from '../graph/graph-data.js';
import { problemView } from './problem.js';
import { renderLegend } from '../graph/legend.js';

import { STAGE_THRESHOLDS } from '../../../shared/index.js';
import { onLive } from '../core/live.js';

/** Close from the "relationship" stage on (the shared threshold); valuable from a partner score of 20. */
const SPLIT = { splitStrength: STAGE_THRESHOLDS.relationship, splitPartner: 20 };

export async function quadrantView(go?: (path: string) => void): Promise<View> {
  let points: QuadrantPoint[];
  try {
    const g = await loadGraph();
    points = [];
    for (let i = 0; i < g.n; i++) {
      if (i === g.me) continue;
      points.push({
        id: g.ids[i]!,
        name: g.names[i]!,
        strength: g.strength[i]!,
        partner: g.partner[i]!,
        stage: STAGES[g.stage[i]!]!,
      });
    }
  } catch (e) {
    return { el: problemView(e, 'The network could not be loaded'), title: 'Quadrant' };
  }
  const open = (id: string) => {
    const path = `/people/${encodeURIComponent(id)}`;
    if (go) go(path);
    else {
      history.pushState(null, '', path);
      dispatchEvent(new PopStateEvent('popstate'));
    }
  };
  const chartBox = h('div', { class: 'chart-box' });
  // Drawn to the screen's width: a phone gets a smaller chart with bigger points, not a sideways scroll.
  const draw = () => {
    const width = Math.max(320, Math.min(900, chartBox.clientWidth || window.innerWidth - 32));
    const small = width < 600;
    chartBox.replaceChildren(
      drawQuadrant(points, {
        width,
        height: small ? Math.round(width * 1.1) : 560,
        ...SPLIT,
        onSelect: open,
        pointRadius: small ? 5 : 4,
        compact: small,
      }),
    );
  };
  draw();
  requestAnimationFrame(draw);

  const byRegion = new Map<Region['key'], QuadrantPoint[]>();
  for (const p of points) {
    const r = regionOf(p, SPLIT);
    byRegion.set(r, [...(byRegion.get(r) ?? []), p]);
  }
  const lists = (['partners', 'nurture', 'keep_warm', 'only_when_asked'] as const).map((key) => {
    const people = (byRegion.get(key) ?? []).sort((a, b) => b.partner - a.partner);
    return h(
      'section',
      { class: `region-list region-${key}` },
      h('h3', null, `${REGIONS[key].label} (${count(people.length)})`),
      h('p', { class: 'muted' }, REGIONS[key].advice),
      h(
        'ol',
        null,
        people
          .slice(0, 10)
          .map((p) =>
            h(
              'li',
              null,
              link(`/people/${encodeURIComponent(p.id)}`, p.name),
              ` · ${STAGE_LABEL[p.stage]}, strength ${score(p.strength)}, partner ${score(p.partner)}`,
            ),
          ),
      ),
      people.length > 10
        ? h('p', { class: 'muted' }, `and ${count(people.length - 10)} more (see the table view).`)
        : null,
    );
  });
  return {
    el: h(
      'section',
      { class: 'view quadrant-view' },
      h('h2', null, 'Strength against partner value'),
      h(
        'p',
        null,
        `Right: close ties (strength ${SPLIT.splitStrength}+, the "relationship" stage). Up: people who route referrals and introductions (partner score ${SPLIT.splitPartner}+). Click a point to open the person.`,
      ),
      chartBox,
      renderLegend({ colourBy: 'stage', communities: [], aggregated: false, coloursOnly: true }),
      h('div', { class: 'region-lists' }, lists),
    ),
    title: 'Quadrant',
    // New scores: the chart is drawn again from the new analysis.
    destroy: onLive((e) => {
      if (e.type !== 'analysis') return;
      void loadGraph({ fresh: true })
        .then((g) => {
          points = [];
          for (let i = 0; i < g.n; i++)
            if (i !== g.me)
              points.push({
                id: g.ids[i]!,
                name: g.names[i]!,
                strength: g.strength[i]!,
                partner: g.partner[i]!,
                stage: STAGES[g.stage[i]!]!,
              });
          draw();
        })
        .catch(() => undefined);
    }),
  };
}
