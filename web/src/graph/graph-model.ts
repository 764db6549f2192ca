/**
 * The network as typed arrays, built once from the API's columns: what the
 * explorer, the table and the quadrant chart all read. Index i is the same
 * person everywhere; ties are edges e with ends edgeA[e], edgeB[e].
 */
import type { GraphView, RelationshipStage } from '../../../shared/index.js';
import { fold } from '../core/format.js';
import { STAGES } from '../core/palette.js';

export interface GraphModel {
  computedAt: string;
  stale: boolean;
  n: number;
  m: number;
  me: number;
  ids: string[];
  names: string[];
  folded: string[];
  company: (string | null)[];
  position: (string | null)[];
  tags: string[][];
  /** Stage of the tie to me as 0 (stranger) … 4 (trusted); -1 for me. */
  stage: Int8Array;
  strength: Float32Array;
  partner: Float32Array;
  rank: Int32Array;
  /** Community id; -1 when in none of at least the analysis' minimum size. */
  community: Int32Array;
  /** Position of each listed community (largest first): its colour. */
  communityRank: Map<number, number>;
  cooling: Uint8Array;
  edgeA: Int32Array;
  edgeB: Int32Array;
  edgeScore: Float32Array;
  edgeOnline: Uint8Array;
  /** Adjacency (CSR): neighbours of i are adjNode[adjStart[i] … adjStart[i+1]), through edges adjEdge. */
  adjStart: Int32Array;
  adjNode: Int32Array;
  adjEdge: Int32Array;
  index: Map<string, number>;
  communities: { id: number; size: number }[];
  smallCommunities: number;
}

export function stageIndex(stage: RelationshipStage | null): number {
  return stage === null ? -1 : STAGES.indexOf(stage);
}

export function toModel(view: GraphView): GraphModel {
  const p = view.people;
  const n = p.id.length;
  const m = view.ties.a.length;
  const stage = new Int8Array(n);
  const strength = new Float32Array(n);
  const partner = new Float32Array(n);
  const rank = new Int32Array(n);
  const community = new Int32Array(n);
  const cooling = new Uint8Array(n);
  const communityRank = new Map(view.communities.map((c, k) => [c.id, k]));
  for (let i = 0; i < n; i++) {
    stage[i] = stageIndex(p.stage[i] ?? null);
    strength[i] = p.strength[i] ?? 0;
    partner[i] = p.partnerScore[i] ?? 0;
    rank[i] = p.rank[i] ?? 0;
    const c = p.communityId[i] ?? -1;
    community[i] = communityRank.has(c) ? c : -1;
    cooling[i] = p.cooling[i] ? 1 : 0;
  }
  const edgeA = Int32Array.from(view.ties.a);
  const edgeB = Int32Array.from(view.ties.b);
  const edgeScore = Float32Array.from(view.ties.score);
  const edgeOnline = Uint8Array.from(view.ties.onlineOnly, (x) => (x ? 1 : 0));
  const degree = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    degree[edgeA[e]! + 1]!++;
    degree[edgeB[e]! + 1]!++;
  }
  for (let i = 0; i < n; i++) degree[i + 1]! += degree[i]!;
  const adjStart = degree;
  const fillAt = adjStart.slice(0, n);
  const adjNode = new Int32Array(2 * m);
  const adjEdge = new Int32Array(2 * m);
  for (let e = 0; e < m; e++) {
    const a = edgeA[e]!;
    const b = edgeB[e]!;
    adjNode[fillAt[a]!] = b;
    adjEdge[fillAt[a]!++] = e;
    adjNode[fillAt[b]!] = a;
    adjEdge[fillAt[b]!++] = e;
  }
  return {
    computedAt: view.computedAt,
    stale: view.stale,
    n,
    m,
    me: view.meIndex,
    ids: p.id,
    names: p.name,
    folded: p.name.map(fold),
    company: p.company,
    position: p.position,
    tags: p.tags,
    stage,
    strength,
    partner,
    rank,
    community,
    communityRank,
    cooling,
    edgeA,
    edgeB,
    edgeScore,
    edgeOnline,
    adjStart,
    adjNode,
    adjEdge,
    index: new Map(p.id.map((id, i) => [id, i])),
    communities: view.communities,
    smallCommunities: view.smallCommunities,
  };
}

/** Degree without the tie to me. */
export function peerDegree(g: GraphModel, i: number): number {
  let d = 0;
  for (let k = g.adjStart[i]!; k < g.adjStart[i + 1]!; k++) if (g.adjNode[k] !== g.me) d++;
  return d;
}

/**
 * A person and their neighbours to `depth` (me included when tied, but never
 * walked through: I am tied to everyone, and my neighbourhood is the whole map).
 */
export function egoSet(g: GraphModel, center: number, depth: 1 | 2): Set<number> {
  const out = new Set<number>([center]);
  let frontier = [center];
  for (let d = 0; d < depth; d++) {
    const next: number[] = [];
    for (const v of frontier) {
      if (v === g.me && v !== center) continue;
      for (let k = g.adjStart[v]!; k < g.adjStart[v + 1]!; k++) {
        const u = g.adjNode[k]!;
        if (!out.has(u)) {
          out.add(u);
          next.push(u);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/** People whose name contains the query (folded), best partners first. */
export function searchPeople(g: GraphModel, query: string, limit = 8): number[] {
  const q = fold(query.trim());
  if (!q) return [];
  const starts: number[] = [];
  const contains: number[] = [];
  for (let i = 0; i < g.n; i++) {
    const at = g.folded[i]!.indexOf(q);
    if (at === 0 || (at > 0 && g.folded[i]![at - 1] === ' ')) starts.push(i);
    else if (at > 0) contains.push(i);
  }
  const byRank = (a: number, b: number) => (a === g.me ? -1 : b === g.me ? 1 : g.partner[b]! - g.partner[a]!);
  return [...starts.sort(byRank), ...contains.sort(byRank)].slice(0, limit);
}

export function companies(g: GraphModel): string[] {
  const set = new Set<string>();
  for (const c of g.company) if (c) set.add(c);
  return [...set].sort((a, b) => a.localeCompare(b));
}

export function tagsOf(g: GraphModel): string[] {
  const set = new Set<string>();
  for (const t of g.tags) for (const x of t) set.add(x);
  return [...set].sort((a, b) => a.localeCompare(b));
}
