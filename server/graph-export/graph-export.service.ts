/**
 * The network out to the graph tools its users know: Gephi (GEXF), yEd and Cytoscape
 * (GraphML), and Neo4j (the CSV files neo4j-admin imports). One network, three writers.
 */
import { Readable } from 'node:stream';
import type { GraphExportFormat } from '../../shared/index.js';
import type { NetworkGraph } from '../analysis/network-graph.js';
import { exportNetwork } from './export-network.js';
import { gexf } from './gexf.writer.js';
import { graphml } from './graphml.writer.js';
import { neo4jCsvZip } from './neo4j-csv.writer.js';

export interface GraphExport {
  contentType: string;
  filename: string;
  body: Readable;
}

export const GRAPH_EXPORT_TYPES: Record<GraphExportFormat, { contentType: string; extension: string }> = {
  gexf: { contentType: 'application/gexf+xml; charset=utf-8', extension: 'gexf' },
  graphml: { contentType: 'application/graphml+xml; charset=utf-8', extension: 'graphml' },
  'neo4j-csv': { contentType: 'application/zip', extension: 'zip' },
};

export function graphExport(graph: NetworkGraph, format: GraphExportFormat): GraphExport {
  const network = exportNetwork(graph);
  const { contentType, extension } = GRAPH_EXPORT_TYPES[format];
  const day = network.computedAt.slice(0, 10);
  const body =
    format === 'gexf'
      ? Readable.from(gexf(network))
      : format === 'graphml'
        ? Readable.from(graphml(network))
        : neo4jCsvZip(network);
  return { contentType, filename: `nurture-network-${day}.${extension}`, body };
}
