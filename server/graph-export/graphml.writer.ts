/**
 * GraphML (http://graphml.graphdrawing.org/), which yEd, Cytoscape and Gephi read: keys
 * declared once with their types, an undirected graph, data per node and edge. yEd maps
 * the `label` key to node labels with its properties mapper. Written as a stream of chunks.
 */
import { escapeXml as x } from '../../shared/domain/escape.js';
import type { ExportEdge, ExportNetwork, ExportNode } from './export-network.js';

type KeyType = 'string' | 'double' | 'int' | 'boolean';

const NODE_KEYS: [keyof ExportNode, string, KeyType][] = [
  ['name', 'label', 'string'],
  ['company', 'company', 'string'],
  ['position', 'position', 'string'],
  ['stage', 'stage', 'string'],
  ['strengthToMe', 'strengthToMe', 'double'],
  ['partnerScore', 'partnerScore', 'double'],
  ['rank', 'rank', 'int'],
  ['community', 'community', 'int'],
  ['isMe', 'isMe', 'boolean'],
];

const EDGE_KEYS: [keyof ExportEdge, string, KeyType][] = [
  ['strength', 'weight', 'double'],
  ['stage', 'stage', 'string'],
  ['kind', 'kind', 'string'],
  ['onlineOnly', 'onlineOnly', 'boolean'],
];

const BATCH = 2000;

function data<T>(row: T, keys: [keyof T, string, KeyType][], prefix: string): string {
  let out = '';
  for (const [field] of keys) {
    const v = row[field];
    if (v === null || v === undefined) continue;
    out += `<data key="${prefix}_${String(field)}">${typeof v === 'string' ? x(v) : v}</data>`;
  }
  return out;
}

export function* graphml(network: ExportNetwork): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ';
  yield 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n';
  for (const [field, name, type] of NODE_KEYS) {
    yield `<key id="n_${field}" for="node" attr.name="${name}" attr.type="${type}"/>\n`;
  }
  for (const [field, name, type] of EDGE_KEYS) {
    yield `<key id="e_${field}" for="edge" attr.name="${name}" attr.type="${type}"/>\n`;
  }
  yield `<graph id="nurture" edgedefault="undirected">\n`;
  for (let i = 0; i < network.nodes.length; i += BATCH) {
    let chunk = '';
    for (const n of network.nodes.slice(i, i + BATCH))
      chunk += `<node id="${x(n.id)}">${data(n, NODE_KEYS, 'n')}</node>\n`;
    yield chunk;
  }
  for (let i = 0; i < network.edges.length; i += BATCH) {
    let chunk = '';
    const end = Math.min(network.edges.length, i + BATCH);
    for (let k = i; k < end; k++) {
      const e = network.edges[k]!;
      chunk += `<edge id="e${k}" source="${x(e.source)}" target="${x(e.target)}">${data(e, EDGE_KEYS, 'e')}</edge>\n`;
    }
    yield chunk;
  }
  yield '</graph>\n</graphml>\n';
}
