/**
 * Warm introduction paths from you to a person or a company: asked of the
 * API, the three warmest kept, shown as text (who introduces whom, how close
 * each step is) and as the people and steps the map highlights.
 */
import type { z } from 'zod';
import { PathsAnswerSchema } from '../../../shared/index.js';
import { getJson } from '../api.js';
import { h } from '../core/dom.js';
import { STAGE_LABEL } from '../core/format.js';
import type { PersonOption } from '../forms/person-picker.js';
import { type GraphModel, companies, searchPeople } from '../graph/graph-model.js';

type Path = z.infer<typeof PathsAnswerSchema>['paths'][number];

export interface FoundPaths {
  paths: Path[];
  nodes: number[];
  pairs: [number, number][];
}

/** People and companies for the path tool's picker. */
export function pathOptions(g: GraphModel, q: string, personOptions: (i: number[]) => PersonOption[]): PersonOption[] {
  const people = personOptions(searchPeople(g, q, 6).filter((i) => i !== g.me));
  const needle = q.trim().toLowerCase();
  const firms = companies(g)
    .filter((c) => c.toLowerCase().includes(needle))
    .slice(0, 4)
    .map((c) => ({ id: `company:${c}`, name: c, detail: 'company' }));
  return [...people, ...firms];
}

export async function findWarmPaths(g: GraphModel, target: PersonOption): Promise<FoundPaths> {
  let answers: z.infer<typeof PathsAnswerSchema>[];
  if (target.id.startsWith('company:')) {
    const company = target.id.slice('company:'.length);
    // People there, closest to me first: the warmest paths usually end at them.
    const staff: number[] = [];
    for (let i = 0; i < g.n; i++) if (g.company[i] === company && i !== g.me) staff.push(i);
    staff.sort((x, y) => g.strength[y]! - g.strength[x]!);
    answers = await Promise.all(
      staff
        .slice(0, 12)
        .map((i) => getJson(`/api/v1/analytics/paths?personId=${encodeURIComponent(g.ids[i]!)}`, PathsAnswerSchema)),
    );
  } else {
    answers = [await getJson(`/api/v1/analytics/paths?personId=${encodeURIComponent(target.id)}`, PathsAnswerSchema)];
  }
  const paths = answers
    .flatMap((a) => a.paths)
    .sort((x, y) => y.warmth - x.warmth)
    .slice(0, 3);
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
  return { paths, nodes: [...nodes], pairs };
}

export function renderPaths(g: GraphModel, target: PersonOption, found: FoundPaths): HTMLElement {
  const nameOf = (id: string) => {
    const i = g.index.get(id);
    return i === undefined ? 'someone' : i === g.me ? 'You' : g.names[i]!;
  };
  if (found.paths.length === 0)
    return h(
      'p',
      null,
      `No warm path to ${target.name}: nobody you know well knows them. Meet them first; do not pitch.`,
    );
  return h(
    'div',
    null,
    h('h3', null, `Warm paths to ${target.name}`),
    h(
      'ol',
      { class: 'paths' },
      found.paths.map((p) =>
        h(
          'li',
          null,
          p.hops.map((hop, k) =>
            h(
              'span',
              null,
              k === 0 ? nameOf(hop.fromId) : '',
              ` → ${nameOf(hop.toId)} `,
              h('span', { class: 'muted' }, `(${(STAGE_LABEL[hop.stage] ?? hop.stage).toLowerCase()})`),
            ),
          ),
          h('span', { class: 'warmth' }, ` warmth ${Math.round(p.warmth * 100)} %`),
        ),
      ),
    ),
  );
}
