/** The explorer's filters, and whether a person passes them. */
import type { GraphModel } from './graph-model.js';

export interface Filters {
  /** Stage indices shown (0 stranger … 4 trusted). */
  stages: Set<number>;
  /** A community id, 'none' for people in no community, or 'all'. */
  community: number | 'all' | 'none';
  /** Exact company name, or '' for any. */
  company: string;
  tag: string;
  /** People whose tie to me, and ties, weaker than this are hidden. */
  minStrength: number;
  /** Draw the ties to me (everyone has one: they fan out from the centre). */
  tiesToMe: boolean;
}

/** Above this many people the ties to me start hidden: thousands of spokes hide the ties among people. */
export const TIES_TO_ME_MAX = 1500;

export function defaultFilters(people: number): Filters {
  return {
    stages: new Set([0, 1, 2, 3, 4]),
    community: 'all',
    company: '',
    tag: '',
    minStrength: 0,
    tiesToMe: people <= TIES_TO_ME_MAX,
  };
}

export function passes(g: GraphModel, i: number, f: Filters): boolean {
  if (i === g.me) return true;
  if (!f.stages.has(g.stage[i]!)) return false;
  if (f.community === 'none' ? g.community[i] !== -1 : f.community !== 'all' && g.community[i] !== f.community)
    return false;
  if (f.company && g.company[i] !== f.company) return false;
  if (f.tag && !g.tags[i]!.includes(f.tag)) return false;
  return g.strength[i]! >= f.minStrength;
}

export function isDefault(f: Filters): boolean {
  return f.stages.size === 5 && f.community === 'all' && !f.company && !f.tag && f.minStrength === 0;
}
