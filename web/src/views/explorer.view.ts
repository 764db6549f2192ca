/**
 * The graph explorer: my network on a canvas, laid out in a worker, with
 * search, ego focus, step-by-step expansion, filters, colour by stage or
 * community, hover to see a person's neighbours, a warm-path tool and the
 * legend always in view, export of the view as PNG or SVG, and a side panel
 * about the chosen person. This file wires the parts in ../explorer/: the
 * state and its rules, the scene, the panel and the paths. More than
 * MAX_PEOPLE visible people are drawn as groups, with a note saying so.
 */
import { h, fill, link, liveRegion } from '../core/dom.js';
import { STAGE_LABEL, count, dateTime, score } from '../core/format.js';
import { onLive } from '../core/live.js';
import { STAGES } from '../core/palette.js';
import { rememberName } from '../core/people.js';
import type { RouteMatch, View } from '../core/router.js';
import { canvasToPng, download, sceneToSvg } from '../explorer/explorer-export.js';
import { SidePanel } from '../explorer/explorer-panel.js';
import { findWarmPaths, pathOptions, renderPaths } from '../explorer/explorer-paths.js';
import { buildScene, groupRadius, sceneNeighbours } from '../explorer/explorer-scene.js';
import {
  type ExplorerState,
  MAX_PEOPLE,
  type Mode,
  decideMode,
  initialState,
  shownMask,
} from '../explorer/explorer-state.js';
import { PersonPicker, type PersonOption } from '../forms/person-picker.js';
import { defaultFilters, isDefault } from '../graph/filters.js';
import { GraphCanvas } from '../graph/graph-canvas.js';
import { loadGraph } from '../graph/graph-data.js';
import { type GraphModel, companies, egoSet, searchPeople, tagsOf } from '../graph/graph-model.js';
import { LayoutClient } from '../graph/layout-client.js';
import { renderLegend } from '../graph/legend.js';
import type { Scene } from '../graph/scene.js';
import { problemView } from './problem.js';

export { MAX_PEOPLE };
const SEED = 20240601;

export async function explorerView(m: RouteMatch): Promise<View> {
  performance.mark('nurture:explorer-start');
  let g: GraphModel;
  try {
    g = await loadGraph();
  } catch (e) {
    return { el: problemView(e, 'The network could not be loaded'), title: 'Explorer' };
  }
  performance.mark('nurture:explorer-data');
  for (let i = 0; i < g.n; i++) rememberName(g.ids[i]!, g.names[i]!);

  const st: ExplorerState = initialState(g);
  let mode: Mode | null = null;
  let xy: Float32Array | null = null;
  let layoutDone = false;
  let firstRender = false;
  let disposed = false;
  let scene: Scene | null = null;

  // ----- Layout of the page
  const status = liveRegion();
  const note = h('p', { class: 'aggregate-note', hidden: true, role: 'note' });
  const about = h('p', { class: 'muted' });
  const tooltip = h('div', { class: 'graph-tooltip', hidden: true, 'aria-hidden': 'true' });
  const legendBox = h('div', { class: 'legend-box' });
  // The legend rides on the map, always in view; it folds away when it is in the way.
  const legendOverlay = h(
    'details',
    { class: 'legend-overlay', open: window.matchMedia('(min-width: 761px)').matches },
    h('summary', null, 'Legend'),
    legendBox,
  );
  const host = h('div', { class: 'graph-host' }, tooltip, legendOverlay);
  const pathResult = h('div', { class: 'path-result', 'aria-live': 'polite' });

  const personOptions = (indices: number[]): PersonOption[] =>
    indices.map((i) => ({
      id: g.ids[i]!,
      name: i === g.me ? `${g.names[i]} (you)` : g.names[i]!,
      detail: g.company[i],
    }));

  const search = new PersonPicker(
    'explorer-search',
    async (q) => personOptions(searchPeople(g, q)),
    null,
    'Search a person',
  );
  const depth = h(
    'select',
    { id: 'explorer-depth' },
    h('option', { value: '1' }, 'Direct ties'),
    h('option', { value: '2' }, 'Two steps'),
  );
  const clearFocus = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show everyone');
  search.onChange = (p) => {
    if (p) focusOn(g.index.get(p.id)!, true);
  };
  depth.addEventListener('change', () => {
    if (st.focus) focusOn(st.focus.center, false);
  });
  clearFocus.addEventListener('click', () => {
    st.focus = null;
    st.expanded = null;
    stepBox.checked = false;
    search.set(null);
    clearFocus.hidden = true;
    rebuild({ fit: true });
  });

  const stepBox = h('input', { type: 'checkbox', id: 'explorer-step' });
  stepBox.addEventListener('change', () => {
    st.expanded = stepBox.checked ? new Set([st.focus?.center ?? g.me]) : null;
    clearFocus.hidden = !stepBox.checked && !st.focus;
    status.textContent = stepBox.checked
      ? 'Step by step: click a person (or press Enter on the map) to show their contacts.'
      : '';
    rebuild({ fit: true });
  });

  const colourSelect = h(
    'select',
    { id: 'explorer-colour' },
    h('option', { value: 'stage' }, 'Stage of the tie to me'),
    h('option', { value: 'community' }, 'Community'),
  );
  colourSelect.addEventListener('change', () => {
    st.colourBy = colourSelect.value === 'community' ? 'community' : 'stage';
    rebuild();
  });
  const fitButton = h('button', { type: 'button', class: 'secondary' }, 'Fit to screen');
  fitButton.addEventListener('click', () => canvas.fit());
  const pngButton = h('button', { type: 'button', class: 'secondary' }, 'PNG');
  const svgButton = h('button', { type: 'button', class: 'secondary' }, 'SVG');
  pngButton.addEventListener('click', () => {
    void canvasToPng(canvas.canvas)
      .then((b) => download('nurture-network.png', b))
      .catch((e: unknown) => {
        status.textContent = String(e);
      });
  });
  svgButton.addEventListener('click', () => {
    if (!scene) return;
    const svg = sceneToSvg(scene, canvas.view(), `Network of ${g.names[g.me]}, ${dateTime(Date.now())}`);
    download('nurture-network.svg', new Blob([svg], { type: 'image/svg+xml' }));
  });

  // Filters
  const stageBoxes = STAGES.map((s, i) => {
    const box = h('input', { type: 'checkbox', id: `stage-${s}`, checked: true });
    box.addEventListener('change', () => {
      if (box.checked) st.filters.stages.add(i);
      else st.filters.stages.delete(i);
      rebuild();
    });
    return h('label', { class: 'inline', for: `stage-${s}` }, box, ` ${STAGE_LABEL[s]}`);
  });
  const communitySelect = h('select', { id: 'filter-community' });
  const companyList = h('datalist', { id: 'filter-company-list' });
  const tagSelect = h('select', { id: 'filter-tag' });
  const fillChoices = () => {
    fill(
      communitySelect,
      h('option', { value: 'all' }, 'All communities'),
      g.communities.map((c) => h('option', { value: String(c.id) }, `Community ${c.id + 1} (${count(c.size)})`)),
      h('option', { value: 'none' }, 'In no community'),
    );
    communitySelect.value = String(st.filters.community);
    fill(
      companyList,
      companies(g).map((c) => h('option', { value: c })),
    );
    fill(
      tagSelect,
      h('option', { value: '' }, 'Any tag'),
      tagsOf(g).map((t) => h('option', { value: t }, t)),
    );
    tagSelect.value = st.filters.tag;
  };
  fillChoices();
  communitySelect.addEventListener('change', () => {
    const v = communitySelect.value;
    st.filters.community = v === 'all' || v === 'none' ? v : Number(v);
    rebuild({ fit: true });
  });
  const companyInput = h('input', {
    id: 'filter-company',
    type: 'text',
    list: 'filter-company-list',
    placeholder: 'Any company',
  });
  companyInput.addEventListener('change', () => {
    st.filters.company = companyInput.value.trim();
    rebuild({ fit: true });
  });
  tagSelect.addEventListener('change', () => {
    st.filters.tag = tagSelect.value;
    rebuild({ fit: true });
  });
  const minOut = h('output', { for: 'filter-min', id: 'filter-min-out' }, '0');
  const minInput = h('input', { id: 'filter-min', type: 'range', min: 0, max: 100, step: 5, value: 0 });
  minInput.addEventListener('input', () => {
    st.filters.minStrength = Number(minInput.value);
    minOut.textContent = minInput.value;
    rebuild();
  });
  const tiesToMe = h('input', { id: 'filter-ties-to-me', type: 'checkbox', checked: st.filters.tiesToMe });
  tiesToMe.addEventListener('change', () => {
    st.filters.tiesToMe = tiesToMe.checked;
    rebuild();
  });
  const resetButton = h('button', { type: 'button', class: 'secondary' }, 'Reset filters');
  resetButton.addEventListener('click', () => {
    Object.assign(st.filters, defaultFilters(g.n - 1));
    for (const box of stageBoxes) (box.querySelector('input') as HTMLInputElement).checked = true;
    communitySelect.value = 'all';
    companyInput.value = '';
    tagSelect.value = '';
    minInput.value = '0';
    minOut.textContent = '0';
    tiesToMe.checked = st.filters.tiesToMe;
    rebuild({ fit: true });
  });

  // Path to a person or a company: always in view above the map.
  const pathPicker = new PersonPicker(
    'path-target',
    async (q) => pathOptions(g, q, personOptions),
    null,
    'A person or a company',
  );
  const clearPath = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Clear path');
  const pathForm = h(
    'form',
    { class: 'path-form', role: 'search', 'aria-label': 'Warm introduction paths' },
    h('label', { for: 'path-target' }, 'Warm introduction path to'),
    h('div', { class: 'tool-row' }, pathPicker.el, h('button', { type: 'submit' }, 'Find paths'), clearPath),
  );
  pathForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const target = pathPicker.person;
    if (target) void showPaths(target);
    else pathResult.replaceChildren(h('p', { class: 'form-error' }, 'Choose a person or a company from the list.'));
  });
  clearPath.addEventListener('click', () => {
    st.path = null;
    clearPath.hidden = true;
    pathResult.replaceChildren();
    pathPicker.set(null);
    rebuild();
  });

  // ----- Side panel
  const panel = new SidePanel(g, {
    focusOn: (i) => focusOn(i, false),
    paths: (t) => void showPaths(t),
    expand: (i) => expand(i),
    closed: () => {
      st.selected = null;
      const url = new URL(location.href);
      url.searchParams.delete('person');
      history.replaceState(null, '', url.pathname + url.search);
      if (scene) {
        scene = { ...scene, selected: -1 };
        canvas.setMarks({ selected: -1 });
      }
      canvas.canvas.focus();
    },
    changed: () => rebuild(),
  });

  const root = h(
    'section',
    { class: 'view explorer-view' },
    h('div', { class: 'view-head' }, h('h2', null, 'Network explorer'), about),
    h(
      'div',
      { class: 'explorer-layout' },
      h(
        'div',
        { class: 'explorer-controls', role: 'region', 'aria-label': 'Explorer tools' },
        h('div', { class: 'tool' }, h('label', { for: 'explorer-search' }, 'Find and focus'), search.el),
        h(
          'div',
          { class: 'tool-row' },
          h('div', { class: 'tool' }, h('label', { for: 'explorer-depth' }, 'Ego network'), depth),
          clearFocus,
        ),
        h(
          'div',
          { class: 'tool' },
          h('label', { class: 'inline', for: 'explorer-step' }, stepBox, ' Explore step by step'),
        ),
        h('div', { class: 'tool' }, h('label', { for: 'explorer-colour' }, 'Colour by'), colourSelect),
        h(
          'details',
          { class: 'filters', open: true },
          h('summary', null, 'Filters'),
          h('fieldset', null, h('legend', null, 'Stage of the tie to me'), stageBoxes),
          h('div', { class: 'tool' }, h('label', { for: 'filter-community' }, 'Community'), communitySelect),
          h('div', { class: 'tool' }, h('label', { for: 'filter-company' }, 'Company'), companyInput, companyList),
          h('div', { class: 'tool' }, h('label', { for: 'filter-tag' }, 'Tag'), tagSelect),
          h(
            'div',
            { class: 'tool' },
            h('label', { for: 'filter-min' }, 'Minimum strength (people and ties)'),
            h('div', { class: 'range' }, minInput, minOut),
          ),
          h(
            'div',
            { class: 'tool' },
            h('label', { class: 'inline', for: 'filter-ties-to-me' }, tiesToMe, ' Show ties to me'),
          ),
          h('div', { class: 'tool-row' }, resetButton, fitButton),
        ),
      ),
      h(
        'div',
        { class: 'explorer-main' },
        h(
          'div',
          { class: 'map-bar' },
          pathForm,
          h(
            'div',
            { class: 'tool-row export-row' },
            h('span', { class: 'muted' }, 'Save the view:'),
            pngButton,
            svgButton,
          ),
        ),
        pathResult,
        note,
        status,
        host,
      ),
      panel.el,
    ),
  );

  // ----- Canvas and layout
  const layout = new LayoutClient((message) => {
    status.textContent = `The layout failed: ${message}`;
  });
  const canvas = new GraphCanvas(host, {
    select: (i) => {
      if (i === null) return;
      if (mode?.kind === 'groups') drillInto(i);
      else if (mode) {
        const v = mode.nodes[i]!;
        if (st.expanded) expand(v, false);
        void select(v, false);
      }
    },
    hover: (i, cx, cy) => {
      st.hovered = i;
      showTooltip(i, cx, cy);
      if (scene) {
        const neighbours = i !== null && mode?.kind === 'people' ? sceneNeighbours(scene, i) : undefined;
        scene = { ...scene, hovered: i ?? -1, neighbours };
        canvas.setMarks({ hovered: i ?? -1, neighbours });
      }
    },
    drag: (i, x, y) => {
      if (!layoutDone) layout.pin(i, x, y);
      if (x !== null && xy) {
        xy[2 * i] = x;
        xy[2 * i + 1] = y!;
      }
    },
    drawn: (n) => {
      if (n > 0 && !firstRender) {
        firstRender = true;
        performance.mark('nurture:explorer-first-render');
      }
      if (layoutDone && n > 0 && !performance.getEntriesByName('nurture:explorer-layout-done').length)
        performance.mark('nurture:explorer-layout-done');
    },
  });
  canvas.canvas.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !mode) return;
    const j = canvas.nodeNearMiddle();
    if (j === null) return;
    e.preventDefault();
    if (mode.kind === 'groups') drillInto(j);
    else {
      const v = mode.nodes[j]!;
      if (st.expanded) expand(v, false);
      void select(v, true);
    }
  });

  function describe(): void {
    fill(
      about,
      `${count(g.n - 1)} people, ${count(g.m)} ties; analysis of ${dateTime(g.computedAt)}${g.stale ? ' (an update is being computed and shows here when ready)' : ''}. `,
      link('/table', 'The same network as a table'),
      '.',
    );
  }

  function rebuild(o: { fit?: boolean } = {}): void {
    if (disposed) return;
    const { mask, shown } = shownMask(g, st);
    const next = decideMode(g, mask, shown, st.filters);
    const relayout = !mode || mode.key !== next.key;
    mode = next;
    legendBox.replaceChildren(
      renderLegend({ colourBy: st.colourBy, communities: g.communities, aggregated: next.kind === 'groups' }),
    );
    if (next.kind === 'groups') {
      note.hidden = false;
      note.textContent = `${count(shown - 1)} people match: more than ${count(MAX_PEOPLE)} are drawn as groups, one circle per ${next.agg.by} (${count(next.agg.count - 1)} groups). Choose a group, or narrow the filters, to see its people.`;
    } else if (g.n > MAX_PEOPLE + 1) {
      note.hidden = false;
      note.textContent = `Showing ${count(shown - 1)} of ${count(g.n - 1)} people. Widen the filters past ${count(MAX_PEOPLE)} people and the map groups them.`;
    } else note.hidden = true;
    if (!stepBox.checked)
      status.textContent = st.focus
        ? `Focused on ${g.names[st.focus.center]}: ${count(shown - 1)} people shown.`
        : isDefault(st.filters)
          ? ''
          : `${count(shown - 1)} people match the filters.`;
    else status.textContent = `Step by step: ${count(shown - 1)} people shown. Click a person to show their contacts.`;

    if (relayout) {
      layoutDone = false;
      xy = null;
      scene = null;
      startLayout(next, mask, o.fit ?? true);
    } else if (xy) {
      scene = {
        ...buildScene(g, next, mask, xy, st),
        hovered: st.hovered !== null && next.kind === 'people' ? (next.drawnOf[st.hovered] ?? -1) : -1,
      };
      canvas.setScene(scene);
      if (o.fit) canvas.fit(true, fitSet(next));
    }
  }

  function fitSet(md: Mode): number[] | undefined {
    if (md.kind !== 'people') return undefined;
    if (st.focus) return [...egoSet(g, st.focus.center, st.focus.depth)].map((i) => md.drawnOf[i]!);
    return undefined;
  }

  function startLayout(md: Mode, mask: Uint8Array, fitWhenPlaced: boolean): void {
    const input =
      md.kind === 'groups'
        ? {
            n: md.agg.count,
            center: 0,
            strength: md.agg.strength,
            group: md.agg.community,
            a: md.agg.edgeA,
            b: md.agg.edgeB,
            w: Float32Array.from(md.agg.edgeScore, (s) => s / 100),
            radius: Float32Array.from({ length: md.agg.count }, (_, i) => groupRadius(md.agg, i)),
          }
        : (() => {
            const { nodes, drawnOf } = md;
            const ids: number[] = [];
            for (let e = 0; e < g.m; e++) if (drawnOf[g.edgeA[e]!]! >= 0 && drawnOf[g.edgeB[e]!]! >= 0) ids.push(e);
            return {
              n: nodes.length,
              center: drawnOf[g.me]!,
              strength: Float32Array.from(nodes, (i) => g.strength[i]!),
              group: Int32Array.from(nodes, (i) => g.community[i]!),
              a: Int32Array.from(ids, (e) => drawnOf[g.edgeA[e]!]!),
              b: Int32Array.from(ids, (e) => drawnOf[g.edgeB[e]!]!),
              w: Float32Array.from(ids, (e) => g.edgeScore[e]! / 100),
            };
          })();
    let placed = false;
    status.textContent = 'Laying out the network…';
    layout.start({ ...input, seed: SEED }, (p) => {
      if (disposed || mode !== md) return;
      xy = p.xy;
      layoutDone = p.done;
      if (!placed) {
        placed = true;
        scene = buildScene(g, md, mask, xy, st);
        canvas.setScene(scene, { fit: fitWhenPlaced && !st.focus });
        const only = fitSet(md);
        if (only) canvas.fit(false, only);
      } else canvas.setPositions(xy);
      if (p.done) {
        if (status.textContent === 'Laying out the network…') status.textContent = '';
        root.dataset.layout = 'done';
        if (fitWhenPlaced && !st.focus) canvas.fit(false);
      }
    });
    root.dataset.layout = 'running';
  }

  function drillInto(groupIndex: number): void {
    if (mode?.kind !== 'groups' || groupIndex === 0) return;
    const a = mode.agg;
    if (a.by === 'community') {
      const c = a.community[groupIndex]!;
      st.filters.community = c >= 0 ? c : 'none';
      communitySelect.value = String(st.filters.community);
    } else if (a.company[groupIndex] !== null) {
      st.filters.company = a.company[groupIndex]!;
      companyInput.value = st.filters.company;
    }
    rebuild({ fit: true });
  }

  function focusOn(i: number, openPanel: boolean): void {
    st.focus = { center: i, depth: depth.value === '2' ? 2 : 1 };
    if (st.expanded) st.expanded = new Set([i]);
    clearFocus.hidden = false;
    rebuild({ fit: true });
    if (openPanel) void select(i, true);
  }

  /** Step by step: open a person, so their contacts join the map. */
  function expand(i: number, announce = true): void {
    if (!st.expanded) {
      st.expanded = new Set([g.me]);
      stepBox.checked = true;
      clearFocus.hidden = false;
    }
    if (st.expanded.has(i)) return;
    st.expanded.add(i);
    rebuild();
    if (announce) status.textContent = `Showing ${g.names[i]}'s contacts.`;
  }

  function showTooltip(i: number | null, cx: number, cy: number): void {
    if (i === null || !mode) {
      tooltip.hidden = true;
      return;
    }
    const rect = host.getBoundingClientRect();
    if (mode.kind === 'groups') {
      const a = mode.agg;
      fill(
        tooltip,
        h('strong', null, a.labels[i] ?? ''),
        h('br'),
        i === 0
          ? 'You'
          : `mean strength ${score(a.strength[i])}, mean partner score ${score(a.partner[i])}; click to open`,
      );
    } else {
      const v = mode.nodes[i]!;
      fill(
        tooltip,
        h('strong', null, g.names[v] ?? ''),
        g.company[v] ? h('span', null, ` · ${g.company[v]}`) : null,
        h('br'),
        v === g.me
          ? 'You'
          : `${STAGE_LABEL[STAGES[g.stage[v]!]!]} · strength ${score(g.strength[v])} · partner score ${score(g.partner[v])}`,
      );
    }
    tooltip.hidden = false;
    tooltip.style.left = `${Math.max(0, Math.min(rect.width - 220, cx - rect.left + 14))}px`;
    tooltip.style.top = `${cy - rect.top + 14}px`;
  }

  async function select(i: number, takeFocus: boolean): Promise<void> {
    st.selected = i;
    if (scene && mode?.kind === 'people') {
      scene = { ...scene, selected: mode.drawnOf[i] ?? -1 };
      canvas.setMarks({ selected: scene.selected });
    }
    const url = new URL(location.href);
    url.searchParams.set('person', g.ids[i]!);
    history.replaceState(null, '', url.pathname + url.search);
    await panel.show(i, takeFocus);
  }

  async function showPaths(target: PersonOption): Promise<void> {
    pathResult.replaceChildren(h('p', { class: 'muted' }, `Looking for warm paths to ${target.name}…`));
    try {
      const found = await findWarmPaths(g, target);
      pathResult.replaceChildren(renderPaths(g, target, found));
      if (found.paths.length === 0) {
        st.path = null;
        rebuild();
        return;
      }
      st.path = { nodes: found.nodes, pairs: found.pairs };
      clearPath.hidden = false;
      search.set(null);
      // The map must show everyone on the path.
      st.focus = null;
      st.expanded = null;
      stepBox.checked = false;
      clearFocus.hidden = true;
      rebuild();
      if (mode?.kind === 'people') {
        const md = mode;
        canvas.fit(
          true,
          found.nodes.map((i) => md.drawnOf[i]!).filter((j) => j >= 0),
        );
      }
    } catch (e) {
      pathResult.replaceChildren(h('p', { class: 'form-error' }, String((e as Error).message ?? e)));
    }
  }

  // ----- Live: new scores arrive without a reload; the same people keep their places.
  let refreshing = false;
  const stopLive = onLive((e) => {
    if (e.type !== 'analysis' || refreshing) return;
    refreshing = true;
    void loadGraph({ fresh: true })
      .then((next) => {
        if (disposed) return;
        const samePeople = next.n === g.n && next.ids.every((id, i) => id === g.ids[i]);
        const sameTies = samePeople && next.m === g.m;
        if (sameTies) {
          // Scores in place: the layout stays.
          g.strength.set(next.strength);
          g.stage.set(next.stage);
          g.partner.set(next.partner);
          g.rank.set(next.rank);
          g.community.set(next.community);
          g.cooling.set(next.cooling);
          g.edgeScore.set(next.edgeScore);
          g.edgeOnline.set(next.edgeOnline);
          g.computedAt = next.computedAt;
          g.stale = next.stale;
          g.communities = next.communities;
          g.communityRank = next.communityRank;
          rebuild();
        } else {
          for (let i = 0; i < next.n; i++) rememberName(next.ids[i]!, next.names[i]!);
          const keep = { selected: st.selected !== null ? g.ids[st.selected] : null };
          g = next;
          panel.setModel(g);
          st.selected = keep.selected ? (g.index.get(keep.selected) ?? null) : null;
          st.focus = null;
          st.path = null;
          st.expanded = st.expanded ? new Set([g.me]) : null;
          fillChoices();
          mode = null;
          rebuild({ fit: false });
        }
        describe();
        root.dataset.computedAt = g.computedAt;
        // Counts the live updates shown (the benchmark times them).
        root.dataset.updates = String(Number(root.dataset.updates ?? 0) + 1);
        void panel.refresh();
      })
      .catch(() => undefined)
      .finally(() => {
        refreshing = false;
      });
  });

  describe();
  root.dataset.computedAt = g.computedAt;
  rebuild({ fit: true });
  const wanted = m.query.get('person');
  if (wanted && g.index.has(wanted)) focusOn(g.index.get(wanted)!, true);

  return {
    el: root,
    title: 'Explorer',
    destroy: () => {
      disposed = true;
      stopLive();
      layout.dispose();
      canvas.dispose();
    },
  };
}
