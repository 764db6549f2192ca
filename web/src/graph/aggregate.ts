/**
 * A network too big to draw person by person, drawn as groups: one node per
 * community (or per company inside one community), sized by its members,
 * with one line per pair of groups that have ties between them.
 */
import type { GraphModel } from './graph-model.js';

export interface Aggregate {
  by: 'community' | 'company';
  /** Group 0 is me. */
  count: number;
  labels: string[];
  /** Community id (for colour and for drilling in) or -1. */
  community: Int32Array;
  company: (string | null)[];
  size: Int32Array;
  /** Mean strength to me of the members. */
  strength: Float32Array;
  /** Mean partner score of the members. */
  partner: Float32Array;
  /** Group of each person, -1 when hidden. */
  groupOf: Int32Array;
  edgeA: Int32Array;
  edgeB: Int32Array;
  /** Mean strength of the ties between the two groups. */
  edgeScore: Float32Array;
  edgeCount: Int32Array;
}

const MAX_GROUPS = 400;

export function aggregate(g: GraphModel, shown: Uint8Array, by: 'community' | 'company'): Aggregate {
  const keyOf = (i: number): string =>
    by === 'community' ? (g.community[i]! >= 0 ? `c${g.community[i]}` : 'none') : (g.company[i] ?? '');
  const members = new Map<string, number[]>();
  for (let i = 0; i < g.n; i++) {
    if (!shown[i] || i === g.me) continue;
    const k = keyOf(i);
    const list = members.get(k);
    if (list) list.push(i);
    else members.set(k, [i]);
  }
  let groups = [...members.entries()].sort((x, y) => y[1].length - x[1].length);
  if (groups.length > MAX_GROUPS) {
    const rest = groups.slice(MAX_GROUPS - 1).flatMap(([, m]) => m);
    groups = [...groups.slice(0, MAX_GROUPS - 1), ['rest', rest]];
  }
  const count = groups.length + 1;
  const labels = ['You'];
  const community = new Int32Array(count).fill(-1);
  const company: (string | null)[] = [null];
  const size = new Int32Array(count);
  const strength = new Float32Array(count);
  const partner = new Float32Array(count);
  const groupOf = new Int32Array(g.n).fill(-1);
  groupOf[g.me] = 0;
  size[0] = 1;
  groups.forEach(([key, list], j) => {
    const gi = j + 1;
    const first = list[0]!;
    if (key === 'rest') labels.push(`${list.length.toLocaleString('en')} people in smaller groups`);
    else if (by === 'community') {
      community[gi] = g.community[first]!;
      labels.push(
        key === 'none'
          ? `In no community · ${list.length.toLocaleString('en')}`
          : `Community ${g.community[first]! + 1} · ${list.length.toLocaleString('en')}`,
      );
    } else labels.push(`${key || 'No company'} · ${list.length.toLocaleString('en')}`);
    company.push(by === 'company' && key !== 'rest' ? key : null);
    if (by === 'company') community[gi] = g.community[first]!;
    size[gi] = list.length;
    let s = 0;
    let p = 0;
    for (const i of list) {
      groupOf[i] = gi;
      s += g.strength[i]!;
      p += g.partner[i]!;
    }
    strength[gi] = s / list.length;
    partner[gi] = p / list.length;
  });
  const pairs = new Map<number, [number, number]>();
  for (let e = 0; e < g.m; e++) {
    const x = groupOf[g.edgeA[e]!]!;
    const y = groupOf[g.edgeB[e]!]!;
    if (x < 0 || y < 0 || x === y || x === 0 || y === 0) continue;
    const key = x < y ? x * count + y : y * count + x;
    const acc = pairs.get(key);
    if (acc) {
      acc[0] += g.edgeScore[e]!;
      acc[1]++;
    } else pairs.set(key, [g.edgeScore[e]!, 1]);
  }
  const keys = [...pairs.keys()];
  const edgeA = new Int32Array(keys.length + count - 1);
  const edgeB = new Int32Array(keys.length + count - 1);
  const edgeScore = new Float32Array(keys.length + count - 1);
  const edgeCount = new Int32Array(keys.length + count - 1);
  keys.forEach((key, e) => {
    const [sum, n] = pairs.get(key)!;
    edgeA[e] = Math.floor(key / count);
    edgeB[e] = key % count;
    edgeScore[e] = sum / n;
    edgeCount[e] = n;
  });
  // Every group is tied to me, at its members' mean strength.
  for (let gi = 1; gi < count; gi++) {
    const e = keys.length + gi - 1;
    edgeA[e] = 0;
    edgeB[e] = gi;
    edgeScore[e] = strength[gi]!;
    edgeCount[e] = size[gi]!;
  }
  return {
    by,
    count,
    labels,
    community,
    company,
    size,
    strength,
    partner,
    groupOf,
    edgeA,
    edgeB,
    edgeScore,
    edgeCount,
  };
}
