/**
 * The graph explorer: my network on a canvas, laid out in a worker, with
 * search, ego focus, filters, colour by stage or community, a warm-path
 * tool and a side panel about the chosen person. More than MAX_PEOPLE
 * visible people are drawn as groups, with a note saying so.
 */
import type { z } from 'zod';
import { PathsAnswerSchema, PersonInsightSchema, type PersonInsight } from '../../../shared/index.js';
import { getJson, messageOf } from '../api.js';
import { h, fill, link, liveRegion } from '../core/dom.js';
import { STAGE_LABEL, count, score } from '../core/format.js';
import { renderAdvice, renderPartner, renderStrength } from '../core/insight.js';
import { COMMUNITY_COLOURS, ME_COLOUR, NO_COMMUNITY, OTHER_COMMUNITY, STAGES, STAGE_COLOURS } from '../core/palette.js';
import { rememberName } from '../core/people.js';
import type { RouteMatch, View } from '../core/router.js';
import { canWrite } from '../core/session.js';
import { personRecords, renderTimeline, timelineItems } from '../core/timeline.js';
import { interactionForm } from '../forms/activity-forms.js';
import { PersonPicker, type PersonOption } from '../forms/person-picker.js';
import { aggregate, type Aggregate } from '../graph/aggregate.js';
import { type Filters, defaultFilters, isDefault, passes } from '../graph/filters.js';
import { GraphCanvas } from '../graph/graph-canvas.js';
import { forgetGraph, loadGraph } from '../graph/graph-data.js';
import { type GraphModel, companies, egoSet, searchPeople, tagsOf } from '../graph/graph-model.js';
import { LayoutClient } from '../graph/layout-client.js';
import { renderLegend } from '../graph/legend.js';
import type { Scene } from '../graph/scene.js';
import { problemView } from './problem.js';

/** Up to this many people are drawn one by one; more are drawn as groups. */
export const MAX_PEOPLE = 5000;
const SEED = 20240601;

type PathsAnswer = z.infer<typeof PathsAnswerSchema>;

type Mode =
  | { kind: 'people'; nodes: Int32Array; drawnOf: Int32Array; key: string }
  | { kind: 'groups'; agg: Aggregate; key: string };

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

  const filters: Filters = defaultFilters(g.n - 1);
  let colourBy: 'stage' | 'community' = 'stage';
  let focus: { center: number; depth: 1 | 2 } | null = null;
  let selected: number | null = null;
  let hovered: number | null = null;
  let path: { nodes: number[]; pairs: [number, number][] } | null = null;
  let mode: Mode | null = null;
  let xy: Float32Array | null = null;
  let layoutDone = false;
  let firstRender = false;
  let disposed = false;

  // ----- Layout of the page
  const status = liveRegion();
  const note = h('p', { class: 'aggregate-note', hidden: true, role: 'note' });
  const tooltip = h('div', { class: 'graph-tooltip', hidden: true, 'aria-hidden': 'true' });
  const host = h('div', { class: 'graph-host' }, tooltip);
  const panel = h('aside', { class: 'side-panel', 'aria-label': 'Person details', hidden: true, tabindex: '-1' });
  const legendBox = h('div', { class: 'legend-box' });
  const pathResult = h('div', { class: 'path-result', 'aria-live': 'polite' });

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
    if (focus) focusOn(focus.center, false);
  });
  clearFocus.addEventListener('click', () => {
    focus = null;
    search.set(null);
    clearFocus.hidden = true;
    rebuild({ fit: true });
  });

  const colourSelect = h(
    'select',
    { id: 'explorer-colour' },
    h('option', { value: 'stage' }, 'Stage of the tie to me'),
    h('option', { value: 'community' }, 'Community'),
  );
  colourSelect.addEventListener('change', () => {
    colourBy = colourSelect.value === 'community' ? 'community' : 'stage';
    rebuild();
  });
  const fitButton = h('button', { type: 'button', class: 'secondary' }, 'Fit to screen');
  fitButton.addEventListener('click', () => canvas.fit());

  // Filters
  const stageBoxes = STAGES.map((s, i) => {
    const box = h('input', { type: 'checkbox', id: `stage-${s}`, checked: true });
    box.addEventListener('change', () => {
      if (box.checked) filters.stages.add(i);
      else filters.stages.delete(i);
      rebuild();
    });
    return h('label', { class: 'inline', for: `stage-${s}` }, box, ` ${STAGE_LABEL[s]}`);
  });
  const communitySelect = h(
    'select',
    { id: 'filter-community' },
    h('option', { value: 'all' }, 'All communities'),
    g.communities.map((c) => h('option', { value: String(c.id) }, `Community ${c.id + 1} (${c.size})`)),
    h('option', { value: 'none' }, 'In no community'),
  );
  communitySelect.addEventListener('change', () => {
    const v = communitySelect.value;
    filters.community = v === 'all' || v === 'none' ? v : Number(v);
    rebuild({ fit: true });
  });
  const companyList = h(
    'datalist',
    { id: 'filter-company-list' },
    companies(g).map((c) => h('option', { value: c })),
  );
  const companyInput = h('input', {
    id: 'filter-company',
    type: 'text',
    list: 'filter-company-list',
    placeholder: 'Any company',
  });
  companyInput.addEventListener('change', () => {
    filters.company = companyInput.value.trim();
    rebuild({ fit: true });
  });
  const tagSelect = h(
    'select',
    { id: 'filter-tag' },
    h('option', { value: '' }, 'Any tag'),
    tagsOf(g).map((t) => h('option', { value: t }, t)),
  );
  tagSelect.addEventListener('change', () => {
    filters.tag = tagSelect.value;
    rebuild({ fit: true });
  });
  const minOut = h('output', { for: 'filter-min', id: 'filter-min-out' }, '0');
  const minInput = h('input', { id: 'filter-min', type: 'range', min: 0, max: 100, step: 5, value: 0 });
  minInput.addEventListener('input', () => {
    filters.minStrength = Number(minInput.value);
    minOut.textContent = minInput.value;
    rebuild();
  });
  const tiesToMe = h('input', { id: 'filter-ties-to-me', type: 'checkbox', checked: filters.tiesToMe });
  tiesToMe.addEventListener('change', () => {
    filters.tiesToMe = tiesToMe.checked;
    rebuild();
  });
  const resetButton = h('button', { type: 'button', class: 'secondary' }, 'Reset filters');
  resetButton.addEventListener('click', () => {
    Object.assign(filters, defaultFilters(g.n - 1));
    for (const box of stageBoxes) (box.querySelector('input') as HTMLInputElement).checked = true;
    communitySelect.value = 'all';
    companyInput.value = '';
    tagSelect.value = '';
    minInput.value = '0';
    minOut.textContent = '0';
    tiesToMe.checked = filters.tiesToMe;
    rebuild({ fit: true });
  });

  // Path to a person or a company
  const pathPicker = new PersonPicker('path-target', async (q) => pathOptions(q), null, 'A person or a company');
  const pathForm = h(
    'form',
    { class: 'path-form' },
    h('label', { for: 'path-target' }, 'Warm introduction path to'),
    pathPicker.el,
    h('div', { class: 'tool-row' }, h('button', { type: 'submit' }, 'Find paths')),
  );
  const clearPath = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Clear path');
  pathForm.lastElementChild!.append(clearPath);
  pathForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const target = pathPicker.person;
    if (target) void findPaths(target);
    else pathResult.replaceChildren(h('p', { class: 'form-error' }, 'Choose a person or a company from the list.'));
  });
  clearPath.addEventListener('click', () => {
    path = null;
    clearPath.hidden = true;
    pathResult.replaceChildren();
    pathPicker.set(null);
    rebuild();
  });

  const root = h(
    'section',
    { class: 'view explorer-view' },
    h(
      'div',
      { class: 'view-head' },
      h('h2', null, 'Network explorer'),
      h(
        'p',
        { class: 'muted' },
        `${count(g.n - 1)} people, ${count(g.m)} ties; analysis of ${new Date(g.computedAt).toLocaleString('en')}${g.stale ? ' (an update is being computed)' : ''}. `,
        link('/table', 'The same network as a table'),
        '.',
      ),
    ),
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
        pathForm,
        pathResult,
        legendBox,
      ),
      h('div', { class: 'explorer-main' }, note, status, host),
      panel,
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
      else if (mode) void select(mode.nodes[i]!);
    },
    hover: (i, cx, cy) => {
      hovered = i;
      showTooltip(i, cx, cy);
      if (scene) {
        scene = { ...scene, hovered: i ?? -1 };
        canvas.setMarks({ hovered: i ?? -1 });
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
  let scene: Scene | null = null;

  function personOptions(indices: number[]): PersonOption[] {
    return indices.map((i) => ({
      id: g.ids[i]!,
      name: i === g.me ? `${g.names[i]} (you)` : g.names[i]!,
      detail: g.company[i],
    }));
  }

  async function pathOptions(q: string): Promise<PersonOption[]> {
    const people = personOptions(searchPeople(g, q, 6).filter((i) => i !== g.me));
    const needle = q.trim().toLowerCase();
    const firms = companies(g)
      .filter((c) => c.toLowerCase().includes(needle))
      .slice(0, 4)
      .map((c) => ({ id: `company:${c}`, name: c, detail: 'company' }));
    return [...people, ...firms];
  }

  function shownMask(): { mask: Uint8Array; shown: number } {
    const mask = new Uint8Array(g.n);
    const ego = focus ? egoSet(g, focus.center, focus.depth) : null;
    let shown = 0;
    for (let i = 0; i < g.n; i++) {
      if ((ego ? ego.has(i) : true) && passes(g, i, filters)) {
        mask[i] = 1;
        shown++;
      }
    }
    mask[g.me] = 1;
    return { mask, shown };
  }

  function decideMode(mask: Uint8Array, shown: number): Mode {
    if (g.n <= MAX_PEOPLE + 1) {
      const nodes = new Int32Array(g.n);
      for (let i = 0; i < g.n; i++) nodes[i] = i;
      return { kind: 'people', nodes, drawnOf: nodes, key: 'all' };
    }
    if (shown <= MAX_PEOPLE + 1) {
      const nodes = new Int32Array(shown);
      const drawnOf = new Int32Array(g.n).fill(-1);
      let j = 0;
      let hash = 0;
      for (let i = 0; i < g.n; i++) {
        if (!mask[i]) continue;
        drawnOf[i] = j;
        nodes[j++] = i;
        hash = (Math.imul(hash, 31) + i) | 0;
      }
      return { kind: 'people', nodes, drawnOf, key: `subset:${shown}:${hash}` };
    }
    const by = filters.community !== 'all' && filters.community !== 'none' ? 'company' : 'community';
    const agg = aggregate(g, mask, by);
    let hash = 0;
    for (let i = 0; i < agg.groupOf.length; i++) hash = (Math.imul(hash, 31) + agg.groupOf[i]!) | 0;
    return { kind: 'groups', agg, key: `groups:${by}:${agg.count}:${hash}` };
  }

  function colourOfCommunity(c: number): number {
    // palette: COMMUNITY_COLOURS…, OTHER, NONE
    const k = g.communityRank.get(c);
    return k === undefined ? COMMUNITY_COLOURS.length + 1 : Math.min(k, COMMUNITY_COLOURS.length);
  }

  function buildScene(md: Mode, mask: Uint8Array, positions: Float32Array): Scene {
    const palette =
      colourBy === 'stage'
        ? [...STAGES.map((s) => STAGE_COLOURS[s]), ME_COLOUR]
        : [...COMMUNITY_COLOURS, OTHER_COMMUNITY, NO_COMMUNITY];
    if (md.kind === 'groups') {
      const a = md.agg;
      const colour = new Uint8Array(a.count);
      const radius = new Float32Array(a.count);
      for (let i = 0; i < a.count; i++) {
        colour[i] =
          colourBy === 'stage' ? Math.max(0, stageOfScore(a.strength[i]!)) : colourOfCommunity(a.community[i]!);
        radius[i] = groupRadius(a, i);
      }
      const edges = edgeArrays(
        a.edgeA,
        a.edgeB,
        a.edgeScore,
        null,
        (e) => a.edgeA[e] === 0,
        (e) => a.edgeScore[e]! >= filters.minStrength && (filters.tiesToMe || a.edgeA[e] !== 0),
      );
      const order = Int32Array.from({ length: a.count }, (_, i) => i).sort((x, y) => a.size[y]! - a.size[x]!);
      return {
        count: a.count,
        xy: positions,
        radius,
        colour,
        palette,
        visible: new Uint8Array(a.count).fill(1),
        dim: new Uint8Array(a.count),
        edges,
        labels: a.labels,
        labelOrder: order,
        center: 0,
        selected: -1,
        hovered: -1,
        pathNodes: new Set(),
        pathEdges: [],
      };
    }
    const { nodes, drawnOf } = md;
    const n = nodes.length;
    const colour = new Uint8Array(n);
    const radius = new Float32Array(n);
    const visible = new Uint8Array(n);
    const dim = new Uint8Array(n);
    const labels: string[] = new Array(n);
    const onPath = new Set<number>();
    if (path) for (const v of path.nodes) if (drawnOf[v]! >= 0) onPath.add(drawnOf[v]!);
    for (let j = 0; j < n; j++) {
      const i = nodes[j]!;
      colour[j] =
        colourBy === 'stage' ? (i === g.me ? STAGES.length : g.stage[i]!) : colourOfCommunity(g.community[i]!);
      radius[j] = i === g.me ? 7 : 2.5 + 9 * Math.sqrt(g.partner[i]! / 100);
      visible[j] = mask[i]!;
      dim[j] = path && !onPath.has(j) ? 1 : 0;
      labels[j] = i === g.me ? 'You' : g.names[i]!;
    }
    const ids: number[] = [];
    for (let e = 0; e < g.m; e++) if (drawnOf[g.edgeA[e]!]! >= 0 && drawnOf[g.edgeB[e]!]! >= 0) ids.push(e);
    const keep = (e: number) =>
      g.edgeScore[e]! >= filters.minStrength && (filters.tiesToMe || (g.edgeA[e] !== g.me && g.edgeB[e] !== g.me));
    const edges = edgeArrays(
      Int32Array.from(ids, (e) => drawnOf[g.edgeA[e]!]!),
      Int32Array.from(ids, (e) => drawnOf[g.edgeB[e]!]!),
      Float32Array.from(ids, (e) => g.edgeScore[e]!),
      Uint8Array.from(ids, (e) => g.edgeOnline[e]!),
      (k) => g.edgeA[ids[k]!] === g.me || g.edgeB[ids[k]!] === g.me,
      (k) => keep(ids[k]!),
    );
    const labelOrder = Int32Array.from({ length: n }, (_, j) => j).sort(
      (x, y) => g.partner[nodes[y]!]! - g.partner[nodes[x]!]!,
    );
    const pathEdges: [number, number][] = [];
    if (path)
      for (const [p, q] of path.pairs)
        if (drawnOf[p]! >= 0 && drawnOf[q]! >= 0) pathEdges.push([drawnOf[p]!, drawnOf[q]!]);
    return {
      count: n,
      xy: positions,
      radius,
      colour,
      palette,
      visible,
      dim,
      edges,
      labels,
      labelOrder,
      center: drawnOf[g.me]!,
      selected: selected !== null ? drawnOf[selected]! : -1,
      hovered: -1,
      pathNodes: onPath,
      pathEdges,
    };
  }

  function rebuild(o: { fit?: boolean } = {}): void {
    if (disposed) return;
    const { mask, shown } = shownMask();
    const next = decideMode(mask, shown);
    const relayout = !mode || mode.key !== next.key;
    mode = next;
    legendBox.replaceChildren(
      renderLegend({ colourBy, communities: g.communities, aggregated: next.kind === 'groups' }),
    );
    if (next.kind === 'groups') {
      note.hidden = false;
      note.textContent = `${count(shown - 1)} people match: more than ${count(MAX_PEOPLE)} are drawn as groups, one circle per ${next.agg.by} (${count(next.agg.count - 1)} groups). Choose a group, or narrow the filters, to see its people.`;
    } else if (g.n > MAX_PEOPLE + 1) {
      note.hidden = false;
      note.textContent = `Showing ${count(shown - 1)} of ${count(g.n - 1)} people. Widen the filters past ${count(MAX_PEOPLE)} people and the map groups them.`;
    } else note.hidden = true;
    status.textContent = focus
      ? `Focused on ${g.names[focus.center]}: ${count(shown - 1)} people shown.`
      : isDefault(filters)
        ? ''
        : `${count(shown - 1)} people match the filters.`;

    if (relayout) {
      layoutDone = false;
      xy = null;
      scene = null;
      startLayout(next, mask, o.fit ?? true);
    } else if (xy) {
      scene = {
        ...buildScene(next, mask, xy),
        hovered: hovered !== null && next.kind === 'people' ? (next.drawnOf[hovered] ?? -1) : -1,
      };
      canvas.setScene(scene);
      if (o.fit)
        canvas.fit(
          true,
          focus && next.kind === 'people'
            ? [...egoSet(g, focus.center, focus.depth)].map((i) => next.drawnOf[i]!)
            : undefined,
        );
    }
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
        scene = buildScene(md, mask, xy);
        canvas.setScene(scene, { fit: fitWhenPlaced && !focus });
        if (focus && md.kind === 'people')
          canvas.fit(
            false,
            [...egoSet(g, focus.center, focus.depth)].map((i) => md.drawnOf[i]!),
          );
      } else canvas.setPositions(xy);
      if (p.done) {
        if (status.textContent === 'Laying out the network…') status.textContent = '';
        root.dataset.layout = 'done';
        if (fitWhenPlaced && !focus) canvas.fit(false);
      }
    });
    root.dataset.layout = 'running';
  }

  function drillInto(groupIndex: number): void {
    if (mode?.kind !== 'groups' || groupIndex === 0) return;
    const a = mode.agg;
    if (a.by === 'community') {
      const c = a.community[groupIndex]!;
      filters.community = c >= 0 ? c : 'none';
      communitySelect.value = String(filters.community);
    } else if (a.company[groupIndex] !== null) {
      filters.company = a.company[groupIndex]!;
      companyInput.value = filters.company;
    }
    rebuild({ fit: true });
  }

  function focusOn(i: number, openPanel: boolean): void {
    focus = { center: i, depth: depth.value === '2' ? 2 : 1 };
    clearFocus.hidden = false;
    rebuild({ fit: true });
    if (openPanel) void select(i);
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
    tooltip.style.left = `${Math.min(rect.width - 220, cx - rect.left + 14)}px`;
    tooltip.style.top = `${cy - rect.top + 14}px`;
  }

  // ----- Side panel
  let panelSeq = 0;
  async function select(i: number): Promise<void> {
    selected = i;
    if (scene && mode?.kind === 'people') {
      scene = { ...scene, selected: mode.drawnOf[i] ?? -1 };
      canvas.setMarks({ selected: scene.selected });
    }
    const url = new URL(location.href);
    url.searchParams.set('person', g.ids[i]!);
    history.replaceState(null, '', url.pathname + url.search);
    const seq = ++panelSeq;
    panel.hidden = false;
    const close = h('button', { type: 'button', class: 'close', 'aria-label': 'Close the panel' }, '×');
    close.addEventListener('click', () => closePanel());
    const headline = h('h3', { class: 'panel-name', id: 'panel-name' }, g.names[i] ?? '');
    fill(panel, h('div', { class: 'panel-head' }, headline, close), h('p', { class: 'muted' }, 'Loading…'));
    panel.setAttribute('aria-labelledby', 'panel-name');
    if (i === g.me) {
      fill(
        panel,
        h('div', { class: 'panel-head' }, headline, close),
        h('p', null, 'This is you. Everyone on the map is measured by their tie to you.'),
        h('p', null, `${count(g.n - 1)} people, ${count(g.m)} ties.`),
      );
      return;
    }
    try {
      const id = g.ids[i]!;
      const [insight, records] = await Promise.all([
        getJson(`/api/v1/analytics/people/${encodeURIComponent(id)}`, PersonInsightSchema),
        personRecords(id),
      ]);
      const items = await timelineItems(id, records);
      if (seq !== panelSeq || disposed) return;
      drawPanel(i, insight, items, headline, close);
    } catch (e) {
      if (seq !== panelSeq) return;
      fill(panel, h('div', { class: 'panel-head' }, headline, close), h('p', { class: 'form-error' }, messageOf(e)));
    }
  }

  function drawPanel(
    i: number,
    insight: PersonInsight,
    items: Awaited<ReturnType<typeof timelineItems>>,
    headline: HTMLElement,
    close: HTMLElement,
  ): void {
    const id = g.ids[i]!;
    const focusButton = h('button', { type: 'button', class: 'secondary' }, 'Focus on their network');
    focusButton.addEventListener('click', () => focusOn(i, false));
    const pathButton = h('button', { type: 'button', class: 'secondary' }, 'Warm paths to them');
    pathButton.addEventListener('click', () => void findPaths({ id, name: g.names[i]! }));
    const sub = [g.position[i], g.company[i]].filter(Boolean).join(' at ');
    const quick = canWrite() ? logForm(i) : null;
    fill(
      panel,
      h('div', { class: 'panel-head' }, headline, close),
      sub ? h('p', { class: 'muted' }, sub) : null,
      g.tags[i]!.length
        ? h(
            'p',
            { class: 'tags' },
            g.tags[i]!.map((t) => h('span', { class: 'tag' }, t)),
          )
        : null,
      h(
        'p',
        { class: 'panel-actions' },
        focusButton,
        pathButton,
        link(`/people/${encodeURIComponent(id)}`, 'Open the contact page'),
      ),
      renderStrength(insight),
      quick
        ? h(
            'section',
            { class: 'quick-log', 'aria-label': 'Log an interaction' },
            h('h3', null, 'Log an interaction'),
            quick,
          )
        : null,
      renderAdvice(insight),
      renderPartner(insight),
      h('section', { 'aria-label': 'Timeline' }, h('h3', null, 'Timeline'), renderTimeline(items, 30)),
    );
  }

  function logForm(i: number): HTMLElement {
    const subject = { id: g.ids[i]!, name: g.names[i]! };
    const form = interactionForm(
      {
        subject,
        me: { id: g.ids[g.me]!, name: g.names[g.me]! },
        search: async () => [],
        lists: [],
        saved: () => {
          forgetGraph();
          void refreshPerson(i);
        },
      },
      { compact: true },
    );
    return form.el;
  }

  async function refreshPerson(i: number): Promise<void> {
    try {
      const insight = await getJson(`/api/v1/analytics/people/${encodeURIComponent(g.ids[i]!)}`, PersonInsightSchema);
      g.strength[i] = insight.person.strengthToMe.score;
      g.stage[i] = STAGES.indexOf(insight.person.strengthToMe.stage);
      g.partner[i] = insight.person.partner.score;
      for (let k = g.adjStart[i]!; k < g.adjStart[i + 1]!; k++) {
        if (g.adjNode[k] === g.me) {
          g.edgeScore[g.adjEdge[k]!] = insight.person.strengthToMe.score;
          g.edgeOnline[g.adjEdge[k]!] = insight.person.strengthToMe.cap ? 1 : 0;
        }
      }
      if (selected === i) {
        const status = panel.querySelector('.quick-log .form-status')?.textContent ?? '';
        await select(i);
        const box = panel.querySelector('.quick-log .form-status');
        if (box) box.textContent = status;
      }
      rebuild();
    } catch (e) {
      status.textContent = messageOf(e);
    }
  }

  function closePanel(): void {
    panelSeq++;
    selected = null;
    panel.hidden = true;
    const url = new URL(location.href);
    url.searchParams.delete('person');
    history.replaceState(null, '', url.pathname + url.search);
    if (scene) {
      scene = { ...scene, selected: -1 };
      canvas.setMarks({ selected: -1 });
    }
    canvas.canvas.focus();
  }

  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closePanel();
  });

  // ----- Warm paths
  async function findPaths(target: PersonOption): Promise<void> {
    pathResult.replaceChildren(h('p', { class: 'muted' }, `Looking for warm paths to ${target.name}…`));
    try {
      let answers: PathsAnswer[];
      if (target.id.startsWith('company:')) {
        const company = target.id.slice('company:'.length);
        // People there, closest to me first: the warmest paths usually end at them.
        const staff = [];
        for (let i = 0; i < g.n; i++) if (g.company[i] === company && i !== g.me) staff.push(i);
        staff.sort((x, y) => g.strength[y]! - g.strength[x]!);
        answers = await Promise.all(
          staff
            .slice(0, 12)
            .map((i) =>
              getJson(`/api/v1/analytics/paths?personId=${encodeURIComponent(g.ids[i]!)}`, PathsAnswerSchema),
            ),
        );
      } else {
        answers = [
          await getJson(`/api/v1/analytics/paths?personId=${encodeURIComponent(target.id)}`, PathsAnswerSchema),
        ];
      }
      const paths = answers
        .flatMap((a) => a.paths)
        .sort((x, y) => y.warmth - x.warmth)
        .slice(0, 3);
      if (paths.length === 0) {
        path = null;
        pathResult.replaceChildren(
          h(
            'p',
            null,
            `No warm path to ${target.name}: nobody you know well knows them. Meet them first; do not pitch.`,
          ),
        );
        rebuild();
        return;
      }
      const nodes = new Set<number>();
      const pairs: [number, number][] = [];
      for (const p of paths) {
        for (const id of p.personIds) {
          const i = g.index.get(id);
          if (i !== undefined) nodes.add(i);
        }
        for (const hop of p.hops) {
          const a = g.index.get(hop.fromId);
          const b = g.index.get(hop.toId);
          if (a !== undefined && b !== undefined) pairs.push([a, b]);
        }
      }
      path = { nodes: [...nodes], pairs };
      clearPath.hidden = false;
      search.set(null);
      pathResult.replaceChildren(
        h('h3', null, `Warm paths to ${target.name}`),
        h(
          'ol',
          { class: 'paths' },
          paths.map((p) =>
            h(
              'li',
              null,
              p.hops.map((hop, k) =>
                h(
                  'span',
                  null,
                  k === 0 ? nameOf(hop.fromId) : '',
                  ` → ${nameOf(hop.toId)} `,
                  h('span', { class: 'muted' }, `(${STAGE_LABEL[hop.stage]}, ${score(hop.strength)})`),
                ),
              ),
              h('span', { class: 'warmth' }, ` warmth ${Math.round(p.warmth * 100)} %`),
            ),
          ),
        ),
      );
      // The map must show everyone on the path.
      focus = null;
      clearFocus.hidden = true;
      rebuild();
      if (mode?.kind === 'people') {
        const md = mode;
        canvas.fit(
          true,
          [...nodes].map((i) => md.drawnOf[i]!).filter((j) => j >= 0),
        );
      }
    } catch (e) {
      pathResult.replaceChildren(h('p', { class: 'form-error' }, messageOf(e)));
    }
  }

  function nameOf(id: string): string {
    const i = g.index.get(id);
    return i === undefined ? 'someone' : i === g.me ? 'You' : g.names[i]!;
  }

  function stageOfScore(s: number): number {
    return s >= 70 ? 4 : s >= 50 ? 3 : s >= 30 ? 2 : s >= 15 ? 1 : 0;
  }

  rebuild({ fit: true });
  const wanted = m.query.get('person');
  if (wanted && g.index.has(wanted)) focusOn(g.index.get(wanted)!, true);

  return {
    el: root,
    title: 'Explorer',
    destroy: () => {
      disposed = true;
      layout.dispose();
      canvas.dispose();
    },
  };
}

function groupRadius(a: Aggregate, i: number): number {
  return i === 0 ? 8 : 3 + 1.6 * Math.sqrt(a.size[i]!);
}

function edgeArrays(
  a: Int32Array,
  b: Int32Array,
  score: Float32Array,
  online: Uint8Array | null,
  toCenter: (e: number) => boolean,
  keep: (e: number) => boolean,
): Scene['edges'] {
  const ids: number[] = [];
  for (let e = 0; e < a.length; e++) if (keep(e)) ids.push(e);
  return {
    a: Int32Array.from(ids, (e) => a[e]!),
    b: Int32Array.from(ids, (e) => b[e]!),
    width: Float32Array.from(ids, (e) => 0.4 + 3 * (score[e]! / 100)),
    dashed: Uint8Array.from(ids, (e) => (online ? online[e]! : 0)),
    toCenter: Uint8Array.from(ids, (e) => (toCenter(e) ? 1 : 0)),
  };
}
