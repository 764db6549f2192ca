/**
 * GET /api/v1/analytics/graph: the whole network for the graph explorer, as
 * columns. Scores come from the cached analysis; names, companies and tags,
 * and which ties rest on online evidence only, from one snapshot read per
 * analysis (kept beside it until the next recomputation replaces it).
 */
import type { AnalysisResult, GraphView, RelationshipStage, WorkspaceSnapshot } from '../../shared/index.js';
import { GraphViewQuery, GraphViewSchema } from '../../shared/index.js';
import type { AppDeps } from '../app-deps.js';
import { route, type RouteSpec } from '../http/route.js';
import { viewOf } from './analysis.routes.js';

/** What one analysis needs from the store, computed once per analysis. */
interface Static {
  index: Map<string, number>;
  people: Omit<GraphView['people'], 'stage' | 'strength' | 'partnerScore' | 'rank' | 'communityId' | 'cooling'>;
  /** Per tie of `result.ties`: rows of both ends and whether only online evidence joins them. */
  a: Int32Array;
  b: Int32Array;
  onlineOnly: Uint8Array;
}

const pairKey = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`);

/**
 * Pairs joined by online evidence alone: a LinkedIn tie or likes and nothing
 * else, the rule the strength cap applies (server/analytics/strength). Any
 * other tie, a non-social interaction, a referral or introduction between
 * them, or an introduction of one to the other that led to a meeting, is real.
 */
function onlineOnlyPairs(s: WorkspaceSnapshot): Set<string> {
  const online = new Set<string>();
  const real = new Set<string>();
  for (const t of s.ties) (t.kind === 'linkedin' ? online : real).add(pairKey(t.aId, t.bId));
  for (const i of s.interactions) {
    const ps = i.participantIds;
    const into = i.channel === 'social' ? online : real;
    for (let x = 0; x < ps.length; x++) for (let y = x + 1; y < ps.length; y++) into.add(pairKey(ps[x]!, ps[y]!));
  }
  for (const r of s.referrals) real.add(pairKey(r.referrerId, r.recipientId));
  for (const n of s.introductions) {
    real.add(pairKey(n.introducerId, n.aId));
    real.add(pairKey(n.introducerId, n.bId));
    if (n.outcome === 'met') real.add(pairKey(n.aId, n.bId));
  }
  for (const k of real) online.delete(k);
  return online;
}

function buildStatic(result: AnalysisResult, snapshot: WorkspaceSnapshot): Static {
  const byId = new Map(snapshot.people.map((p) => [p.id, p]));
  const ids = [result.meId, ...result.people.map((p) => p.personId)];
  const index = new Map(ids.map((id, i) => [id, i]));
  const people: Static['people'] = { id: ids, name: [], company: [], position: [], tags: [] };
  for (let i = 0; i < ids.length; i++) {
    const p = byId.get(ids[i]!);
    people.name.push(p?.name ?? result.people[i - 1]?.name ?? 'Me');
    people.company.push(p?.company ?? null);
    people.position.push(p?.position ?? null);
    people.tags.push(p?.tags ?? []);
  }
  const online = onlineOnlyPairs(snapshot);
  const m = result.ties.aId.length;
  const a = new Int32Array(m).fill(-1);
  const b = new Int32Array(m).fill(-1);
  const onlineOnly = new Uint8Array(m);
  for (let k = 0; k < m; k++) {
    const x = result.ties.aId[k]!;
    const y = result.ties.bId[k]!;
    a[k] = index.get(x) ?? -1;
    b[k] = index.get(y) ?? -1;
    onlineOnly[k] = online.has(pairKey(x, y)) ? 1 : 0;
  }
  return { index, people, a, b, onlineOnly };
}

export function networkGraphRoutes({ analytics, store }: AppDeps): RouteSpec[] {
  // Keyed by the analysis object: a recomputation brings a new one and the old entry goes with it.
  const cache = new WeakMap<AnalysisResult, Promise<Static>>();
  const staticOf = (ws: string, result: AnalysisResult): Promise<Static> => {
    let s = cache.get(result);
    if (!s) {
      s = store.snapshot(ws).then((snap) => buildStatic(result, snap));
      s.catch(() => cache.delete(result));
      cache.set(result, s);
    }
    return s;
  };

  return [
    route({
      method: 'get',
      path: '/analytics/graph',
      tag: 'analytics',
      query: GraphViewQuery,
      response: GraphViewSchema,
      summary:
        'The whole network for the graph explorer: people with stage, strength to me, partner score and community; ties with strength and whether they are online-only (columns)',
      handler: async ({ workspaceId, query, principal }): Promise<GraphView> => {
        const c = await analytics.current(viewOf(workspaceId, principal));
        const r = c.result;
        const s = await staticOf(workspaceId, r);
        const n = s.people.id.length;
        const me = 0;
        const stage: (RelationshipStage | null)[] = new Array(n).fill(null);
        const strength: (number | null)[] = new Array(n).fill(null);
        const partnerScore: (number | null)[] = new Array(n).fill(null);
        const rank: (number | null)[] = new Array(n).fill(null);
        const communityId: (number | null)[] = new Array(n).fill(null);
        const cooling: boolean[] = new Array(n).fill(false);
        // People as they are now: a logged interaction updates strengths to me in place.
        const toMeOnline = new Uint8Array(n);
        for (const p of r.people) {
          const i = s.index.get(p.personId);
          if (i === undefined) continue;
          stage[i] = p.strengthToMe.stage;
          strength[i] = p.strengthToMe.score;
          partnerScore[i] = p.partner.score;
          rank[i] = p.partner.rank;
          communityId[i] = p.communityId;
          cooling[i] = p.strengthToMe.cooling.cooling;
          toMeOnline[i] = p.strengthToMe.cap ? 1 : 0;
        }
        const ties: GraphView['ties'] = { a: [], b: [], score: [], onlineOnly: [] };
        const withMe = new Uint8Array(n);
        const push = (a: number, b: number, score: number, online: boolean) => {
          ties.a.push(a);
          ties.b.push(b);
          ties.score.push(score);
          ties.onlineOnly.push(online);
        };
        for (let k = 0; k < s.a.length; k++) {
          const a = s.a[k]!;
          const b = s.b[k]!;
          if (a < 0 || b < 0) continue;
          if (a === me || b === me) {
            const other = a === me ? b : a;
            if (withMe[other] || strength[other] === null) continue;
            withMe[other] = 1;
            push(me, other, strength[other]!, toMeOnline[other] === 1);
          } else if (r.ties.score[k]! >= query.minStrength) {
            push(a, b, r.ties.score[k]!, s.onlineOnly[k] === 1);
          }
        }
        // A tie to me that has gained evidence since the analysis (a first logged meeting).
        for (let i = 1; i < n; i++) if (!withMe[i] && strength[i]! > 0) push(me, i, strength[i]!, toMeOnline[i] === 1);
        return {
          computedAt: r.computedAt,
          stale: c.stale,
          meIndex: me,
          people: { ...s.people, stage, strength, partnerScore, rank, communityId, cooling },
          ties,
          communities: r.communities.communities.map((x) => ({ id: x.id, size: x.size })),
          smallCommunities: r.communities.smallCommunities,
        };
      },
    }),
  ];
}
