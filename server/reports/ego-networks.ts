/**
 * The top partners' ego networks, small: each centre with its strongest ties
 * (me always among them when we are tied, so the picture shows where I sit)
 * and the ties among those neighbours. Two passes over the analysis' tie
 * columns, whatever the size of the network.
 */
import type { AnalysisResult, ReportEgoNetwork, RelationshipStage } from '../../shared/index.js';
import type { NameOf } from './week-activity.js';

export interface EgoOptions {
  centers: number;
  neighbors: number;
}

export function egoNetworks(result: AnalysisResult, nameOf: NameOf, o: EgoOptions): ReportEgoNetwork[] {
  const centers = result.people.filter((p) => p.partner.score > 0).slice(0, o.centers);
  if (centers.length === 0) return [];
  const index = new Map(centers.map((p, i) => [p.personId, i]));
  const adjacent: { id: string; score: number; stage: RelationshipStage }[][] = centers.map(() => []);
  const t = result.ties;
  for (let k = 0; k < t.aId.length; k++) {
    const score = t.score[k]!;
    if (score <= 0) continue;
    const a = t.aId[k]!;
    const b = t.bId[k]!;
    const ia = index.get(a);
    const ib = index.get(b);
    if (ia !== undefined) adjacent[ia]!.push({ id: b, score, stage: t.stage[k]! });
    if (ib !== undefined) adjacent[ib]!.push({ id: a, score, stage: t.stage[k]! });
  }
  const shown = adjacent.map((list) => {
    list.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
    const top = list.slice(0, o.neighbors);
    const me = list.find((n) => n.id === result.meId);
    if (me && !top.includes(me)) top[top.length - 1] = me;
    return top;
  });
  // Where each shown neighbour sits: centre → position.
  const at = new Map<string, [number, number][]>();
  shown.forEach((list, c) => {
    list.forEach((n, i) => {
      const l = at.get(n.id);
      if (l) l.push([c, i]);
      else at.set(n.id, [[c, i]]);
    });
  });
  const links: ReportEgoNetwork['links'][] = centers.map(() => []);
  for (let k = 0; k < t.aId.length; k++) {
    const la = at.get(t.aId[k]!);
    const lb = la && at.get(t.bId[k]!);
    if (!la || !lb || t.score[k]! <= 0) continue;
    for (const [c, i] of la)
      for (const [c2, j] of lb)
        if (c === c2) links[c]!.push({ a: Math.min(i, j), b: Math.max(i, j), strength: t.score[k]! });
  }
  return centers.map((p, c) => ({
    center: { ...nameOf(p.personId), rank: p.partner.rank, score: p.partner.score },
    neighbors: shown[c]!.map((n) => ({
      ...nameOf(n.id),
      isMe: n.id === result.meId,
      strength: n.score,
      stage: n.stage,
    })),
    links: links[c]!.sort((x, y) => x.a - y.a || x.b - y.b),
    totalNeighbors: adjacent[c]!.length,
  }));
}
