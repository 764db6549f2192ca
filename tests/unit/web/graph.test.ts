/**
 * The web app's pure modules: the graph model built from the API's columns,
 * the explorer's filters, its state rules (focus, step-by-step expansion,
 * people or groups), the scene it draws and the SVG export, and aggregation.
 */
import { describe, expect, it } from 'vitest';
import type { GraphView } from '../../../shared/index.js';
import { STAGE_COLOURS, stageIndexOfScore } from '../../../shared/index.js';
import { sceneToSvg } from '../../../web/src/explorer/explorer-export.js';
import { buildScene, sceneNeighbours } from '../../../web/src/explorer/explorer-scene.js';
import { decideMode, expandedSet, initialState, shownMask } from '../../../web/src/explorer/explorer-state.js';
import { aggregate } from '../../../web/src/graph/aggregate.js';
import { defaultFilters, isDefault, passes } from '../../../web/src/graph/filters.js';
import { egoSet, peerDegree, searchPeople, toModel } from '../../../web/src/graph/graph-model.js';

/** Me (0), Ann (1) and Bob (2) at Acme, Cy (3) and Dee (4) elsewhere; Ann–Bob, Bob–Cy, Cy–Dee. */
function view(): GraphView {
  return {
    computedAt: '2026-12-01T00:00:00.000Z',
    stale: false,
    meIndex: 0,
    people: {
      id: ['me', 'ann', 'bob', 'cy', 'dee'],
      name: ['Sam Rivera', 'Ann Åberg', 'Bob Li', 'Cy Diaz', 'Dee <b>'],
      company: [null, 'Acme', 'Acme', 'Beta', null],
      position: [null, 'CEO', null, null, null],
      tags: [[], ['bni'], [], ['bni', 'client'], []],
      stage: [null, 'trusted', 'contact', 'acquaintance', 'stranger'],
      strength: [null, 80, 35, 20, 5],
      partnerScore: [null, 60, 20, 10, 0],
      rank: [null, 1, 2, 3, 4],
      communityId: [null, 0, 0, 1, null],
      cooling: [false, false, true, false, false],
    },
    ties: {
      a: [0, 0, 0, 0, 1, 2, 3],
      b: [1, 2, 3, 4, 2, 3, 4],
      score: [80, 35, 20, 5, 60, 30, 10],
      onlineOnly: [false, false, false, true, false, false, true],
    },
    communities: [
      { id: 0, size: 2 },
      { id: 1, size: 1 },
    ],
    smallCommunities: 0,
  };
}

describe('graph model', () => {
  const g = toModel(view());
  it('reads the columns into typed arrays with adjacency', () => {
    expect([g.n, g.m, g.me]).toEqual([5, 7, 0]);
    expect([...g.stage]).toEqual([-1, 4, 2, 1, 0]);
    expect([...g.strength]).toEqual([0, 80, 35, 20, 5]);
    expect(peerDegree(g, 2)).toBe(2);
    expect(g.index.get('cy')).toBe(3);
  });
  it('finds ego networks without walking through me', () => {
    expect([...egoSet(g, 1, 1)].sort()).toEqual([0, 1, 2]);
    expect([...egoSet(g, 1, 2)].sort()).toEqual([0, 1, 2, 3]);
  });
  it('searches names folded (case, accents), word starts first, best partners first', () => {
    expect(searchPeople(g, 'aberg')).toEqual([1]);
    expect(searchPeople(g, 'D')).toEqual([3, 4]);
    expect(searchPeople(g, 'i')).toEqual([0, 2, 3]);
    expect(searchPeople(g, '  ')).toEqual([]);
  });
});

describe('filters', () => {
  const g = toModel(view());
  it('keeps me always, and people by stage, company, tag and strength', () => {
    const f = defaultFilters(4);
    expect(isDefault(f)).toBe(true);
    expect([0, 1, 2, 3, 4].filter((i) => passes(g, i, f))).toEqual([0, 1, 2, 3, 4]);
    f.stages.delete(0);
    f.tag = 'bni';
    expect(isDefault(f)).toBe(false);
    expect([0, 1, 2, 3, 4].filter((i) => passes(g, i, f))).toEqual([0, 1, 3]);
    f.minStrength = 50;
    expect([0, 1, 2, 3, 4].filter((i) => passes(g, i, f))).toEqual([0, 1]);
    expect(passes(g, 2, { ...defaultFilters(4), company: 'Acme' })).toBe(true);
    expect(passes(g, 3, { ...defaultFilters(4), community: 'none' })).toBe(false);
  });
});

describe('explorer state', () => {
  const g = toModel(view());
  it('shows everyone by default, an ego network when focused', () => {
    const s = initialState(g);
    expect(shownMask(g, s).shown).toBe(5);
    s.focus = { center: 3, depth: 1 };
    const { mask, shown } = shownMask(g, s);
    expect([...mask]).toEqual([1, 0, 1, 1, 1]);
    expect(shown).toBe(4);
  });
  it('expands step by step: the people opened and their neighbours', () => {
    expect([...expandedSet(g, new Set([0]))].sort()).toEqual([0, 1, 2, 3, 4]);
    expect([...expandedSet(g, new Set([4]))].sort()).toEqual([0, 3, 4]);
    const s = { ...initialState(g), expanded: new Set([4]) };
    expect([...shownMask(g, s).mask]).toEqual([1, 0, 0, 1, 1]);
    s.expanded.add(3);
    expect([...shownMask(g, s).mask]).toEqual([1, 0, 1, 1, 1]);
  });
  it('draws people one by one up to the limit, groups past it', () => {
    const { mask, shown } = shownMask(g, initialState(g));
    expect(decideMode(g, mask, shown, defaultFilters(4)).kind).toBe('people');
    const groups = decideMode(g, mask, shown, defaultFilters(4), 2);
    expect(groups.kind).toBe('groups');
    const half = new Uint8Array([1, 1, 1, 0, 0]);
    const subset = decideMode(g, half, 3, defaultFilters(4), 2);
    expect(subset.kind === 'people' && [...subset.nodes]).toEqual([0, 1, 2]);
  });
});

describe('scene and export', () => {
  const g = toModel(view());
  const s = initialState(g);
  const { mask, shown } = shownMask(g, s);
  const md = decideMode(g, mask, shown, s.filters);
  const xy = new Float32Array([0, 0, 10, 0, 0, 10, -10, 0, 0, -10]);
  const scene = buildScene(g, md, mask, xy, s);
  it('colours by the shared stage colours, me in my own colour, sizes by partner score', () => {
    expect(scene.palette[scene.colour[1]!]).toBe(STAGE_COLOURS.trusted);
    expect(scene.palette[scene.colour[4]!]).toBe(STAGE_COLOURS.stranger);
    expect(scene.colour[0]).toBe(5);
    expect(scene.radius[1]!).toBeGreaterThan(scene.radius[2]!);
    expect([...scene.edges.dashed]).toEqual([0, 0, 0, 1, 0, 0, 1]);
    expect(scene.labels[0]).toBe('You');
  });
  it('finds a hovered node’s visible neighbours', () => {
    expect([...sceneNeighbours(scene, 3)].sort()).toEqual([0, 2, 4]);
  });
  it('exports the view as SVG, text escaped', () => {
    const svg = sceneToSvg(scene, { k: 2, x: 50, y: 50, width: 100, height: 100 }, 'Network & me');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<title>Network &amp; me</title>');
    expect(svg).toContain('Dee &lt;b&gt;');
    expect(svg.match(/<circle /g)).toHaveLength(5);
    expect(svg).toContain('stroke-dasharray="4 3"');
    expect(svg).toContain(`fill="${STAGE_COLOURS.trusted}"`);
  });
  it('stage of a score, from the one shared definition', () => {
    expect([0, 14.9, 15, 30, 49.9, 50, 70, 100].map((x) => stageIndexOfScore(x))).toEqual([0, 0, 1, 2, 2, 3, 4, 4]);
  });
});

describe('aggregation', () => {
  const g = toModel(view());
  it('groups people by community with sizes, means and ties between groups', () => {
    const a = aggregate(g, new Uint8Array(5).fill(1), 'community');
    expect(a.count).toBe(4);
    expect(a.labels[0]).toBe('You');
    expect([...a.size]).toEqual([1, 2, 1, 1]);
    expect(a.strength[1]).toBeCloseTo(57.5);
    expect([...a.groupOf]).toEqual([0, 1, 1, 2, 3]);
    // Acme's pair (Bob–Cy) joins groups 1 and 2; every group is tied to me.
    const pairs = [...a.edgeA].map((x, e) => `${x}-${a.edgeB[e]}`);
    expect(pairs).toContain('1-2');
    expect(pairs.filter((p) => p.startsWith('0-'))).toEqual(['0-1', '0-2', '0-3']);
  });
});
