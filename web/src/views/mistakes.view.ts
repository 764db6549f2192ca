/**
 * Every mistake the detector found: early pitches, sign-ups without
 * permission, assumed closeness, each with the person, the day and why, and
 * what to do about it. Filters by kind, person and time; follows live updates.
 */
import { MistakePageSchema, type Mistake } from '../../../shared/index.js';
import { getAll } from '../api.js';
import { h, link, liveRegion } from '../core/dom.js';
import { count, day, fold, plural } from '../core/format.js';
import { MISTAKE_LABEL } from '../core/insight.js';
import { onLive } from '../core/live.js';
import { resolveNames } from '../core/people.js';
import type { RouteMatch, View } from '../core/router.js';
import { problemView } from './problem.js';

const REMEDY: Record<Mistake['kind'], string> = {
  early_pitch: 'Build the relationship first: meet, learn what they need, and offer only when they ask.',
  signed_up_without_permission: 'Ask them, record their answer, and take them off the list if it is not a yes.',
  assumed_closeness: 'One meeting or a connection is not a relationship: get to know them before you ask.',
};

const PERIODS: [string, string, number | null][] = [
  ['all', 'Any time', null],
  ['7', 'Last 7 days', 7],
  ['30', 'Last 30 days', 30],
  ['90', 'Last 90 days', 90],
  ['365', 'Last 12 months', 365],
];

export async function mistakesView(m: RouteMatch): Promise<View> {
  let items: Mistake[];
  let nameOf: (id: string) => string;
  const load = async () => {
    items = await getAll('/api/v1/analytics/mistakes', MistakePageSchema);
    nameOf = await resolveNames(items.map((x) => x.personId));
  };
  // Listen before the first read: scores that move while it is under way must not be missed.
  let refresh: (() => void) | null = null;
  let missed = false;
  const stop = onLive((e) => {
    if (e.type !== 'analysis') return;
    if (refresh) refresh();
    else missed = true;
  });
  try {
    await load();
  } catch (e) {
    stop();
    return { el: problemView(e, 'The mistakes could not be loaded'), title: 'Mistakes' };
  }
  const kind = h(
    'select',
    { id: 'mistake-kind' },
    h('option', { value: '' }, 'Every kind'),
    (Object.keys(MISTAKE_LABEL) as Mistake['kind'][]).map((k) => h('option', { value: k }, MISTAKE_LABEL[k])),
  );
  kind.value = m.query.get('kind') ?? '';
  const who = h('input', { id: 'mistake-person', type: 'search', placeholder: 'Name', autocomplete: 'off' });
  const period = h(
    'select',
    { id: 'mistake-period' },
    PERIODS.map(([v, label]) => h('option', { value: v }, label)),
  );
  const summary = liveRegion();
  const list = h('ol', { class: 'mistake-list' });

  function draw(): void {
    const q = fold(who.value.trim());
    const days = PERIODS.find(([v]) => v === period.value)?.[2] ?? null;
    const since = days === null ? -Infinity : Date.now() - days * 86_400_000;
    const shown = items.filter(
      (x) =>
        (!kind.value || x.kind === kind.value) &&
        (!q || fold(nameOf(x.personId)).includes(q)) &&
        Date.parse(x.date) >= since,
    );
    const byKind = new Map<string, number>();
    for (const x of shown) byKind.set(x.kind, (byKind.get(x.kind) ?? 0) + 1);
    summary.textContent =
      shown.length === 0
        ? items.length === 0
          ? 'No mistakes found. Keep it that way: Nurture warns you before you make one.'
          : 'No mistake matches these filters.'
        : `${plural(shown.length, 'mistake')}: ${[...byKind].map(([k, n]) => `${count(n)} ${MISTAKE_LABEL[k as Mistake['kind']].toLowerCase()}`).join(', ')}.`;
    list.replaceChildren(
      ...shown
        .slice(0, 500)
        .map((x) =>
          h(
            'li',
            { class: `mistake-item mistake-${x.kind}`, 'data-kind': x.kind },
            h(
              'p',
              { class: 'mistake-head' },
              h('strong', null, MISTAKE_LABEL[x.kind]),
              ' · ',
              link(`/people/${encodeURIComponent(x.personId)}`, nameOf(x.personId)),
              ' · ',
              h('time', { datetime: x.date }, day(x.date)),
            ),
            h('p', null, `Why: ${x.reasons.join('; ')}.`),
            h('p', { class: 'muted' }, REMEDY[x.kind]),
          ),
        ),
    );
  }
  for (const c of [kind, period]) c.addEventListener('change', draw);
  who.addEventListener('input', draw);
  draw();
  refresh = () =>
    void load()
      .then(draw)
      .catch(() => undefined);
  if (missed) refresh();
  return {
    el: h(
      'section',
      { class: 'view mistakes-view' },
      h('h2', null, 'Mistakes'),
      h(
        'p',
        null,
        'Pitching before a relationship exists, adding people to a list without their yes, and acting closer than you are. Each with the evidence, newest first.',
      ),
      h(
        'div',
        { class: 'toolbar', role: 'search', 'aria-label': 'Filter the mistakes' },
        h('div', { class: 'tool' }, h('label', { for: 'mistake-kind' }, 'Kind'), kind),
        h('div', { class: 'tool' }, h('label', { for: 'mistake-person' }, 'Person'), who),
        h('div', { class: 'tool' }, h('label', { for: 'mistake-period' }, 'When'), period),
      ),
      summary,
      list,
    ),
    title: 'Mistakes',
    destroy: stop,
  };
}
