/**
 * Erasure in the report history: a person erased from the workspace leaves
 * only aggregates behind in stored reports. Their rows stay (so totals still
 * add up) but lose the id and the name; their name is cut from every reason
 * and note; they leave the ranking kept for movement. Reports that never
 * named them are not rewritten.
 */
import type { StoreTx, StoredReport } from '../store/store.port.js';

export const ERASED_NAME = '(erased)';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(x: Json): x is { [key: string]: Json } {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function namesOf(node: Json, personId: string, into: Set<string>): void {
  if (Array.isArray(node)) for (const x of node) namesOf(x, personId, into);
  else if (isObject(node)) {
    if (node.personId === personId && typeof node.name === 'string' && node.name.trim() !== '') into.add(node.name);
    for (const v of Object.values(node)) namesOf(v, personId, into);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Removes one person from a report document; returns whether anything changed. */
export function scrubReportDocument(doc: { [key: string]: Json }, personId: string): boolean {
  const names = new Set<string>();
  namesOf(doc, personId, names);
  // Longest first, as whole words, so "Ana Lima" goes before "Ana" and "Anatol" stays.
  const pattern = names.size
    ? new RegExp(
        `(?<![\\p{L}\\p{N}])(?:${[...names]
          .sort((a, b) => b.length - a.length)
          .map(escapeRegExp)
          .join('|')})(?![\\p{L}\\p{N}])`,
        'gu',
      )
    : null;
  let changed = false;
  if (Array.isArray(doc.ranking)) {
    const kept = doc.ranking.filter((r) => !(isObject(r) && r.personId === personId));
    if (kept.length !== doc.ranking.length) {
      doc.ranking = kept;
      changed = true;
    }
  }
  const visit = (node: Json, key: string | null, owner: { [key: string]: Json } | null): Json => {
    if (typeof node === 'string') {
      // Another person's own name stays, even when it equals the erased one's.
      if (!pattern || (key === 'name' && owner && typeof owner.personId === 'string')) return node;
      const next = node.replace(pattern, ERASED_NAME);
      if (next !== node) changed = true;
      return next;
    }
    if (Array.isArray(node)) return node.map((x) => visit(x, null, null));
    if (isObject(node)) {
      if (node.personId === personId) {
        node.personId = null;
        node.name = ERASED_NAME;
        changed = true;
      }
      for (const [k, v] of Object.entries(node)) node[k] = visit(v, k, node);
      return node;
    }
    return node;
  };
  visit(doc, null, null);
  return changed;
}

/**
 * Scrubs the person from every stored report of the workspace (inside the
 * erasure's unit of work); returns the reports rewritten, as stored now.
 */
export async function scrubPersonFromReports(
  store: Pick<StoreTx, 'reports'>,
  ws: string,
  personId: string,
): Promise<StoredReport[]> {
  const rewritten: StoredReport[] = [];
  const weeks: string[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await store.reports.list(ws, { limit: 200, offset });
    weeks.push(...page.items.map((i) => i.week));
    if (page.items.length < 200) break;
  }
  for (const week of weeks) {
    const stored = await store.reports.get(ws, week);
    if (!stored?.json.includes(personId)) continue;
    let doc: Json;
    try {
      doc = JSON.parse(stored.json) as Json;
    } catch {
      continue;
    }
    if (!isObject(doc) || !scrubReportDocument(doc, personId)) continue;
    const next = { week, generatedAt: stored.generatedAt, json: JSON.stringify(doc) };
    await store.reports.replace(ws, next);
    rewritten.push(next);
  }
  return rewritten;
}
