/**
 * The network as the graph tools see it: one node per person, one edge per tie. Each
 * writer (GEXF, GraphML, Neo4j CSV) reads these rows, so the three formats say the same.
 */
import type { RelationshipStage } from '../../shared/index.js';
import { stageOf } from '../analytics/strength/stage.js';
import type { NetworkGraph } from '../analysis/network-graph.js';

export interface ExportNode {
  id: string;
  name: string;
  company: string | null;
  position: string | null;
  /** Stage and strength of the tie to me (null on my own node). */
  stage: RelationshipStage | null;
  strengthToMe: number | null;
  partnerScore: number | null;
  rank: number | null;
  community: number | null;
  isMe: boolean;
}

export interface ExportEdge {
  source: string;
  target: string;
  strength: number;
  stage: RelationshipStage;
  /** The kinds of tie on record ('linkedin;colleague'), or 'interactions' when only logged contact joins them. */
  kind: string;
  onlineOnly: boolean;
}

export interface ExportNetwork {
  computedAt: string;
  nodes: ExportNode[];
  edges: ExportEdge[];
}

export function exportNetwork(g: NetworkGraph): ExportNetwork {
  const p = g.view.people;
  const nodes: ExportNode[] = p.id.map((id, i) => ({
    id,
    name: p.name[i]!,
    company: p.company[i] ?? null,
    position: p.position[i] ?? null,
    stage: p.stage[i] ?? null,
    strengthToMe: p.strength[i] ?? null,
    partnerScore: p.partnerScore[i] ?? null,
    rank: p.rank[i] ?? null,
    community: p.communityId[i] ?? null,
    isMe: i === g.view.meIndex,
  }));
  const t = g.view.ties;
  const edges: ExportEdge[] = t.a.map((a, k) => {
    const b = t.b[k]!;
    const withMe = a === g.view.meIndex || b === g.view.meIndex;
    const other = a === g.view.meIndex ? b : a;
    return {
      source: p.id[a]!,
      target: p.id[b]!,
      strength: t.score[k]!,
      // A tie to me has the stage the analysis gave it (the strength cap and all); others by threshold.
      stage: (withMe ? p.stage[other] : null) ?? stageOf(t.score[k]!, g.stages),
      kind: g.tieKinds[k] || 'interactions',
      onlineOnly: t.onlineOnly[k]!,
    };
  });
  return { computedAt: g.view.computedAt, nodes, edges };
}
