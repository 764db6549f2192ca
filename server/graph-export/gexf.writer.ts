/**
 * GEXF 1.3 (https://gexf.net/schema.html), the format Gephi reads: an undirected graph with
 * typed node and edge attributes; an edge's weight is the tie's strength. Written as a stream
 * of chunks (a big network is never one string).
 */
import { escapeXml as x } from '../../shared/domain/escape.js';
import type { ExportEdge, ExportNetwork, ExportNode } from './export-network.js';

const NODE_ATTRIBUTES: [keyof ExportNode, string, 'string' | 'double' | 'integer' | 'boolean'][] = [
  ['company', 'company', 'string'],
  ['position', 'position', 'string'],
  ['stage', 'stage', 'string'],
  ['strengthToMe', 'strength to me', 'double'],
  ['partnerScore', 'partner score', 'double'],
  ['rank', 'partner rank', 'integer'],
  ['community', 'community', 'integer'],
  ['isMe', 'is me', 'boolean'],
];

const EDGE_ATTRIBUTES: [keyof ExportEdge, string, 'string' | 'boolean'][] = [
  ['stage', 'stage', 'string'],
  ['kind', 'kind', 'string'],
  ['onlineOnly', 'online only', 'boolean'],
];

/** Rows written per chunk: big enough to amortise, small enough to stream. */
const BATCH = 2000;

function attvalues<T>(row: T, attributes: [keyof T, string, string][]): string {
  let out = '';
  for (const [key] of attributes) {
    const v = row[key];
    if (v === null || v === undefined) continue;
    out += `<attvalue for="${String(key)}" value="${typeof v === 'string' ? x(v) : v}"/>`;
  }
  return out ? `<attvalues>${out}</attvalues>` : '';
}

export function* gexf(network: ExportNetwork): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ';
  yield 'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n';
  yield `<meta lastmodifieddate="${network.computedAt.slice(0, 10)}"><creator>Nurture</creator>`;
  yield '<description>Referral-partner network: people, their stage and partner score; ties and their strength</description></meta>\n';
  yield '<graph defaultedgetype="undirected" mode="static">\n<attributes class="node">';
  for (const [id, title, type] of NODE_ATTRIBUTES) yield `<attribute id="${id}" title="${title}" type="${type}"/>`;
  yield '</attributes>\n<attributes class="edge">';
  for (const [id, title, type] of EDGE_ATTRIBUTES) yield `<attribute id="${id}" title="${title}" type="${type}"/>`;
  yield '</attributes>\n<nodes>\n';
  for (let i = 0; i < network.nodes.length; i += BATCH) {
    let chunk = '';
    for (const n of network.nodes.slice(i, i + BATCH)) {
      chunk += `<node id="${x(n.id)}" label="${x(n.name)}">${attvalues(n, NODE_ATTRIBUTES)}</node>\n`;
    }
    yield chunk;
  }
  yield '</nodes>\n<edges>\n';
  for (let i = 0; i < network.edges.length; i += BATCH) {
    let chunk = '';
    const end = Math.min(network.edges.length, i + BATCH);
    for (let k = i; k < end; k++) {
      const e = network.edges[k]!;
      chunk += `<edge id="${k}" source="${x(e.source)}" target="${x(e.target)}" weight="${e.strength}">${attvalues(e, EDGE_ATTRIBUTES)}</edge>\n`;
    }
    yield chunk;
  }
  yield '</edges>\n</graph>\n</gexf>\n';
}
