/**
 * The network as tables, the text alternative to the map: every person with
 * the numbers the map encodes, and every tie with its strength. Sortable,
 * searchable, paged.
 */
import { PersonCreate, PersonSchema } from '../../../shared/index.js';
import { send } from '../api.js';
import { h, link, liveRegion, scrollBox } from '../core/dom.js';
import { STAGE_LABEL, count, fold, score } from '../core/format.js';
import { STAGES } from '../core/palette.js';
import type { RouteMatch, View } from '../core/router.js';
import { canWrite } from '../core/session.js';
import { SchemaForm, orNull } from '../forms/form-kit.js';
import { forgetGraph, loadGraph } from '../graph/graph-data.js';
import { type GraphModel, peerDegree } from '../graph/graph-model.js';
import { problemView } from './problem.js';

const PAGE = 50;

type Column = { key: string; label: string; value: (g: GraphModel, i: number) => string | number; numeric?: boolean };

const COLUMNS: Column[] = [
  { key: 'name', label: 'Name', value: (g, i) => g.names[i]! },
  { key: 'company', label: 'Company', value: (g, i) => g.company[i] ?? '' },
  { key: 'stage', label: 'Stage', value: (g, i) => g.stage[i]!, numeric: true },
  { key: 'strength', label: 'Strength to me', value: (g, i) => g.strength[i]!, numeric: true },
  { key: 'partner', label: 'Partner score', value: (g, i) => g.partner[i]!, numeric: true },
  { key: 'community', label: 'Community', value: (g, i) => g.community[i]!, numeric: true },
  { key: 'ties', label: 'Ties (besides me)', value: (g, i) => peerDegree(g, i), numeric: true },
  { key: 'tags', label: 'Tags', value: (g, i) => g.tags[i]!.join(', ') },
];

export async function tableView(m: RouteMatch): Promise<View> {
  let g: GraphModel;
  try {
    g = await loadGraph();
  } catch (e) {
    return { el: problemView(e, 'The network could not be loaded'), title: 'Table' };
  }
  const people: number[] = [];
  for (let i = 0; i < g.n; i++) if (i !== g.me) people.push(i);

  let sortKey = 'partner';
  let desc = true;
  let page = 0;
  let query = m.query.get('q') ?? '';
  let stage = '';

  const status = liveRegion();
  const tbody = h('tbody');
  const head = h('tr');
  const pager = h('div', { class: 'pager' });
  const searchInput = h('input', { id: 'table-search', type: 'search', placeholder: 'Name or company', value: query });
  const stageSelect = h(
    'select',
    { id: 'table-stage' },
    h('option', { value: '' }, 'Any stage'),
    STAGES.map((s, i) => h('option', { value: String(i) }, STAGE_LABEL[s])),
  );
  searchInput.addEventListener('input', () => {
    query = searchInput.value;
    page = 0;
    draw();
  });
  stageSelect.addEventListener('change', () => {
    stage = stageSelect.value;
    page = 0;
    draw();
  });

  function rows(): number[] {
    const q = fold(query.trim());
    const col = COLUMNS.find((c) => c.key === sortKey)!;
    const list = people.filter(
      (i) =>
        (!q || g.folded[i]!.includes(q) || fold(g.company[i] ?? '').includes(q)) &&
        (stage === '' || g.stage[i] === Number(stage)),
    );
    return list.sort((a, b) => {
      const x = col.value(g, a);
      const y = col.value(g, b);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return (desc ? -c : c) || g.partner[b]! - g.partner[a]!;
    });
  }

  function draw(): void {
    head.replaceChildren(
      ...COLUMNS.map((c) => {
        const button = h('button', { type: 'button', class: 'sort' }, c.label);
        button.addEventListener('click', () => {
          if (sortKey === c.key) desc = !desc;
          else {
            sortKey = c.key;
            desc = c.numeric === true;
          }
          page = 0;
          draw();
          (head.querySelector(`[data-col="${c.key}"] button`) as HTMLButtonElement | null)?.focus();
        });
        return h(
          'th',
          {
            scope: 'col',
            'data-col': c.key,
            'aria-sort': sortKey === c.key ? (desc ? 'descending' : 'ascending') : 'none',
          },
          button,
        );
      }),
    );
    const list = rows();
    const pages = Math.max(1, Math.ceil(list.length / PAGE));
    page = Math.min(page, pages - 1);
    const slice = list.slice(page * PAGE, page * PAGE + PAGE);
    tbody.replaceChildren(
      ...slice.map((i) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, link(`/people/${encodeURIComponent(g.ids[i]!)}`, g.names[i]!)),
          h('td', null, g.company[i] ?? ''),
          h('td', null, STAGE_LABEL[STAGES[g.stage[i]!]!] ?? ''),
          h('td', { class: 'num' }, score(g.strength[i])),
          h('td', { class: 'num' }, score(g.partner[i])),
          h('td', { class: 'num' }, g.community[i]! >= 0 ? String(g.community[i]! + 1) : '–'),
          h('td', { class: 'num' }, String(peerDegree(g, i))),
          h('td', null, g.tags[i]!.join(', ')),
        ),
      ),
    );
    const prev = h('button', { type: 'button', class: 'secondary', disabled: page === 0 }, 'Previous');
    const next = h('button', { type: 'button', class: 'secondary', disabled: page >= pages - 1 }, 'Next');
    prev.addEventListener('click', () => {
      page--;
      draw();
    });
    next.addEventListener('click', () => {
      page++;
      draw();
    });
    pager.replaceChildren(prev, ` Page ${page + 1} of ${pages} `, next);
    status.textContent =
      list.length === 0
        ? 'Nobody matches.'
        : `People ${page * PAGE + 1}–${page * PAGE + slice.length} of ${count(list.length)}.`;
  }
  draw();

  // Ties, strongest first; narrowed to one person's by a name.
  let tiePage = 0;
  const tieBody = h('tbody');
  const tiePager = h('div', { class: 'pager' });
  const tieStatus = liveRegion();
  const tieFilter = h('input', { id: 'tie-search', type: 'search', placeholder: 'Ties of… (name)' });
  const withMe = h('input', { id: 'tie-with-me', type: 'checkbox' });
  tieFilter.addEventListener('input', () => {
    tiePage = 0;
    drawTies();
  });
  withMe.addEventListener('change', () => {
    tiePage = 0;
    drawTies();
  });
  function drawTies(): void {
    const q = fold(tieFilter.value.trim());
    const edges: number[] = [];
    for (let e = 0; e < g.m; e++) {
      const a = g.edgeA[e]!;
      const b = g.edgeB[e]!;
      if (!withMe.checked && (a === g.me || b === g.me)) continue;
      if (q && !g.folded[a]!.includes(q) && !g.folded[b]!.includes(q)) continue;
      edges.push(e);
    }
    edges.sort((x, y) => g.edgeScore[y]! - g.edgeScore[x]!);
    const pages = Math.max(1, Math.ceil(edges.length / PAGE));
    tiePage = Math.min(tiePage, pages - 1);
    const slice = edges.slice(tiePage * PAGE, tiePage * PAGE + PAGE);
    const who = (i: number) =>
      i === g.me ? h('span', null, 'You') : link(`/people/${encodeURIComponent(g.ids[i]!)}`, g.names[i]!);
    tieBody.replaceChildren(
      ...slice.map((e) =>
        h(
          'tr',
          null,
          h('td', null, who(g.edgeA[e]!)),
          h('td', null, who(g.edgeB[e]!)),
          h('td', { class: 'num' }, score(g.edgeScore[e])),
          h('td', null, g.edgeOnline[e] ? 'online only' : 'real contact'),
        ),
      ),
    );
    const prev = h('button', { type: 'button', class: 'secondary', disabled: tiePage === 0 }, 'Previous');
    const next = h('button', { type: 'button', class: 'secondary', disabled: tiePage >= pages - 1 }, 'Next');
    prev.addEventListener('click', () => {
      tiePage--;
      drawTies();
    });
    next.addEventListener('click', () => {
      tiePage++;
      drawTies();
    });
    tiePager.replaceChildren(prev, ` Page ${tiePage + 1} of ${pages} `, next);
    tieStatus.textContent = `${count(edges.length)} ties.`;
  }
  drawTies();

  const add = canWrite()
    ? new SchemaForm({
        title: 'Add a person',
        submitLabel: 'Add person',
        schema: PersonCreate,
        fields: [
          { name: 'name', label: 'Name', kind: 'text' },
          { name: 'company', label: 'Company', kind: 'text' },
          { name: 'position', label: 'Position', kind: 'text' },
          { name: 'emails', label: 'Email', kind: 'email', hint: 'Optional' },
          { name: 'tags', label: 'Tags', kind: 'text', hint: 'Comma-separated' },
        ],
        toPayload: (v) => ({
          name: typeof v.name === 'string' ? v.name.trim() : '',
          company: orNull(v.company),
          position: orNull(v.position),
          emails: orNull(v.emails) ? [orNull(v.emails)] : [],
          tags:
            typeof v.tags === 'string'
              ? v.tags
                  .split(',')
                  .map((t) => t.trim())
                  .filter(Boolean)
              : [],
          source: 'manual',
        }),
        submit: async (payload) => {
          const p = await send('POST', '/api/v1/people', payload, PersonSchema);
          forgetGraph();
          return `Added ${p.name}. They appear on the map and in this table once the analysis has run again (a few seconds).`;
        },
        reset: true,
      })
    : null;

  return {
    el: h(
      'section',
      { class: 'view table-view' },
      h('h2', null, 'The network as a table'),
      h(
        'p',
        { class: 'muted' },
        'The same people and ties as the map, as text. ',
        link('/explorer', 'Back to the map'),
        '.',
      ),
      h(
        'div',
        { class: 'toolbar' },
        h('div', { class: 'tool' }, h('label', { for: 'table-search' }, 'Search'), searchInput),
        h('div', { class: 'tool' }, h('label', { for: 'table-stage' }, 'Stage'), stageSelect),
      ),
      status,
      scrollBox(
        h(
          'table',
          { class: 'data people-table' },
          h('caption', null, 'People, with their tie to you and their referral-partner score'),
          h('thead', null, head),
          tbody,
        ),
        'People',
      ),
      pager,
      h('h3', null, 'Ties'),
      h(
        'div',
        { class: 'toolbar' },
        h('div', { class: 'tool' }, h('label', { for: 'tie-search' }, 'Ties of'), tieFilter),
        h('div', { class: 'tool' }, h('label', { class: 'inline', for: 'tie-with-me' }, withMe, ' Include ties to me')),
      ),
      tieStatus,
      scrollBox(
        h(
          'table',
          { class: 'data ties-table' },
          h('caption', null, 'Ties, strongest first'),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, 'Person'),
              h('th', { scope: 'col' }, 'Person'),
              h('th', { scope: 'col' }, 'Strength'),
              h('th', { scope: 'col' }, 'Evidence'),
            ),
          ),
          tieBody,
        ),
        'Ties',
      ),
      tiePager,
      add ? add.el : null,
    ),
    title: 'Table',
  };
}
