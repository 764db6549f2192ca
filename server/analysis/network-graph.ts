/**
 * The whole network of a workspace as columns: people with their stage, strength to me,
 * partner score and community; ties with their strength, whether only online evidence joins
 * them, and the kinds of tie on record. Scores come from the cached analysis; names,
 * companies, tags and tie kinds from one snapshot read per analysis (kept beside it until
 * the next recomputation replaces it). The explorer's GET /analytics/graph and the graph
 * export (GEXF, GraphML, Neo4j CSV) both read it.
 */
import type {
  AnalysisResult,
  GraphView,
  GraphViewQuery,
  RelationshipStage,
  AnalysisSnapshot,
} from '../../shared/index.js';
import { tieList } from '../../shared/index.js';
import { DEFAULTS as STAGE_DEFAULTS, type StageThresholds } from '../analytics/strength/stage.js';

/** What one analysis needs from the store, computed once per analysis. */
interface Static {
  index: Map<string, number>;
  people: Omit<GraphView['people'], 'stage' | 'strength' | 'partnerScore' | 'rank' | 'communityId' | 'cooling'>;
  /** Per tie of `result.ties`: rows of both ends and whether only online evidence joins them. */
  a: Int32Array;
  b: Int32Array;
  onlineOnly: Uint8Array;
  /** The kinds of tie on record for each pair ('linkedin;colleague'), '' when none. */
  kinds: Map<string, string>;
}

const pairKey = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`);

/**
 * Pairs joined by online evidence alone: a LinkedIn tie or likes and nothing
 * else, the rule the strength cap applies (server/analytics/strength). Any
 * other tie, a non-social interaction, a referral or introduction between
 * them, or an introduction of one to the other that led to a meeting, is real.
 */
function onlineOnlyPairs(s: AnalysisSnapshot): Set<string> {
  const online = new Set<string>();
  const real = new Set<string>();
  for (const t of tieList(s)) (t.kind === 'linkedin' ? online : real).add(pairKey(t.aId, t.bId));
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

function buildStatic(result: AnalysisResult, snapshot: AnalysisSnapshot): Static {
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
  return { index, people, a, b, onlineOnly, kinds: tieKinds(snapshot) };
}

/** The recorded kinds of tie of each pair, sorted and joined with ';'. */
function tieKinds(s: AnalysisSnapshot): Map<string, string> {
  const sets = new Map<string, Set<string>>();
  for (const t of tieList(s)) {
    const k = pairKey(t.aId, t.bId);
    let set = sets.get(k);
    if (!set) sets.set(k, (set = new Set()));
    set.add(t.kind);
  }
  const out = new Map<string, string>();
  for (const [k, set] of sets) out.set(k, [...set].sort().join(';'));
  return out;
}

function stageThresholdsOf(r: AnalysisResult): StageThresholds {
  const strength = r.options.strength as { stages?: StageThresholds } | undefined;
  return strength?.stages ?? STAGE_DEFAULTS;
}

/** A network view with the kinds of tie on record, aligned with `view.ties`. */
export interface NetworkGraph {
  view: GraphView;
  /** The stage thresholds of the analysis, for naming the stage of a tie between two others. */
  stages: StageThresholds;
  /** Per tie of `view.ties`: the recorded kinds of tie ('linkedin;colleague'), '' when only interactions join them. */
  tieKinds: string[];
}

/** Where a network graph comes from: the workspace's current analysis and its records. */
export interface NetworkSources {
  current(ws: string): Promise<{ result: AnalysisResult; stale: boolean }>;
  snapshot(ws: string): Promise<AnalysisSnapshot>;
}

/** Network graphs of any workspace, the snapshot part of each kept beside its analysis. */
export function networkGraphs(sources: NetworkSources) {
  // Keyed by the analysis object: a recomputation brings a new one and the old entry goes with it.
  const cache = new WeakMap<AnalysisResult, Promise<Static>>();
  const staticOf = (ws: string, result: AnalysisResult): Promise<Static> => {
    let s = cache.get(result);
    if (!s) {
      // A member's own view (`<workspace>@<person>`) reads the workspace's records.
      s = sources.snapshot(ws.split('@')[0]!).then((snap) => buildStatic(result, snap));
      s.catch(() => cache.delete(result));
      cache.set(result, s);
    }
    return s;
  };

  return async function networkGraph(workspaceId: string, query: GraphViewQuery): Promise<NetworkGraph> {
    const c = await sources.current(workspaceId);
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
    const tieKinds: string[] = [];
    const withMe = new Uint8Array(n);
    const push = (a: number, b: number, score: number, online: boolean) => {
      ties.a.push(a);
      ties.b.push(b);
      ties.score.push(score);
      ties.onlineOnly.push(online);
      tieKinds.push(s.kinds.get(pairKey(s.people.id[a]!, s.people.id[b]!)) ?? '');
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
    const view: GraphView = {
      computedAt: r.computedAt,
      stale: c.stale,
      meIndex: me,
      people: { ...s.people, stage, strength, partnerScore, rank, communityId, cooling },
      ties,
      communities: r.communities.communities.map((x) => ({ id: x.id, size: x.size })),
      smallCommunities: r.communities.smallCommunities,
    };
    return { view, tieKinds, stages: stageThresholdsOf(r) };
  };
}
