import { z } from 'zod';

/** The formats the network is exported in: Gephi's GEXF 1.3, GraphML (yEd, Cytoscape), neo4j-admin's CSV. */
export const GraphExportFormat = z.enum(['gexf', 'graphml', 'neo4j-csv']);

export const GraphExportQuery = z.strictObject({
  format: GraphExportFormat,
  /** Leave out ties between two others weaker than this (0–100); ties to me are always kept. */
  minStrength: z.coerce.number().min(0).max(100).default(0),
});

export type GraphExportFormat = z.infer<typeof GraphExportFormat>;
export type GraphExportQuery = z.infer<typeof GraphExportQuery>;
