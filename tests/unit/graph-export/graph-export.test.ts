/**
 * The graph export parsed back: GEXF 1.3 and GraphML well-formed and saying what the network
 * says (every person, every tie, their attributes), hostile names escaped, and the Neo4j CSVs
 * with the headers neo4j-admin reads.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { analyzeWorkspace } from '../../../server/analytics/analyze-workspace.js';
import { networkGraphs, type NetworkGraph } from '../../../server/analysis/network-graph.js';
import { graphExport } from '../../../server/graph-export/graph-export.service.js';
import { PEOPLE_HEADER, TIES_HEADER } from '../../../server/graph-export/neo4j-csv.writer.js';
import type { GraphExportFormat, WorkspaceSnapshot } from '../../../shared/index.js';
import { NOW, daysAgo, interaction, person, tie, workspace } from '../../fixtures/analytics/workspace-builder.js';
import { readZip } from '../../fixtures/read-zip.js';

const HOSTILE = 'Zoë "<script>alert(1)</script>" & Co\u0001';

function network(): WorkspaceSnapshot {
  return workspace({
    people: [
      person('me', { isMe: true, name: 'Me' }),
      person('pat', { name: 'Pat Jones', company: 'Acme' }),
      person('zoe', { name: HOSTILE, company: '=cmd|x' }),
      person('lee', { name: 'Lee' }),
      person('kim', { name: 'Kim' }),
    ],
    ties: [tie('t1', 'me', 'kim', 'linkedin'), tie('t2', 'pat', 'zoe', 'colleague'), tie('t3', 'pat', 'zoe', 'knows')],
    interactions: [
      ...Array.from({ length: 6 }, (_, k) =>
        interaction(`p${k}`, daysAgo(10 + 20 * k), ['me', 'pat'], 'in_person', 'pat'),
      ),
      interaction('z1', daysAgo(5), ['me', 'zoe'], 'call', 'me'),
      interaction('l1', daysAgo(40), ['me', 'lee'], 'video', 'lee'),
      ...Array.from({ length: 3 }, (_, k) =>
        interaction(`pz${k}`, daysAgo(15 + 30 * k), ['pat', 'zoe'], 'in_person', 'zoe'),
      ),
      interaction('lz', daysAgo(100), ['lee', 'zoe'], 'email', 'lee'),
    ],
  });
}

async function graphOf(snapshot: WorkspaceSnapshot, minStrength = 0): Promise<NetworkGraph> {
  const result = analyzeWorkspace(snapshot, { now: NOW });
  return networkGraphs({ current: async () => ({ result, stale: false }), snapshot: async () => snapshot })('ws', {
    minStrength,
  });
}

async function bytes(graph: NetworkGraph, format: GraphExportFormat): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of graphExport(graph, format).body) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

const LISTS = ['node', 'edge', 'attvalue', 'data', 'attribute', 'key', 'attributes'];
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && LISTS.includes(name),
});

describe('graph export', () => {
  it('GEXF 1.3: well-formed, every person a node and every tie an edge with its strength, stage and kind', async () => {
    const graph = await graphOf(network());
    const text = (await bytes(graph, 'gexf')).toString('utf8');
    expect(XMLValidator.validate(text)).toBe(true);
    const doc = xml.parse(text).gexf;
    expect(doc.xmlns).toBe('http://gexf.net/1.3');
    expect(doc.version).toBe('1.3');
    expect(doc.graph.defaultedgetype).toBe('undirected');
    const nodes = doc.graph.nodes.node as {
      id: string;
      label: string;
      attvalues?: { attvalue: { for: string; value: string }[] };
    }[];
    expect(nodes.map((n) => n.id).sort()).toEqual(['kim', 'lee', 'me', 'pat', 'zoe']);
    const attr = (n: (typeof nodes)[number], key: string) => n.attvalues?.attvalue.find((a) => a.for === key)?.value;
    const v = graph.view;
    for (const n of nodes) {
      const i = v.people.id.indexOf(n.id);
      expect(n.label).toBe(v.people.name[i]!.replace('\u0001', ''));
      expect(attr(n, 'stage')).toBe(v.people.stage[i] ?? undefined);
      expect(attr(n, 'partnerScore')).toBe(
        v.people.partnerScore[i] == null ? undefined : String(v.people.partnerScore[i]),
      );
      expect(attr(n, 'isMe')).toBe(String(n.id === 'me'));
    }
    // The hostile name is text, not markup; the control character XML forbids is gone.
    expect(text).not.toContain('<script>');
    expect(nodes.find((n) => n.id === 'zoe')!.label).toBe('Zoë "<script>alert(1)</script>" & Co');
    const edges = doc.graph.edges.edge as {
      source: string;
      target: string;
      weight: string;
      attvalues: { attvalue: { for: string; value: string }[] };
    }[];
    expect(edges).toHaveLength(v.ties.a.length);
    const eattr = (e: (typeof edges)[number], key: string) => e.attvalues.attvalue.find((a) => a.for === key)?.value;
    const patZoe = edges.find((e) => [e.source, e.target].sort().join() === 'pat,zoe')!;
    expect(eattr(patZoe, 'kind')).toBe('colleague;knows');
    const k = v.ties.a.findIndex((a, j) => [v.people.id[a], v.people.id[v.ties.b[j]!]].sort().join() === 'pat,zoe');
    expect(Number(patZoe.weight)).toBe(v.ties.score[k]);
    const meKim = edges.find((e) => [e.source, e.target].sort().join() === 'kim,me')!;
    expect(eattr(meKim, 'kind')).toBe('linkedin');
    expect(eattr(meKim, 'onlineOnly')).toBe('true');
    expect(eattr(meKim, 'stage')).toBe(v.people.stage[v.people.id.indexOf('kim')]);
    const meLee = edges.find((e) => [e.source, e.target].sort().join() === 'lee,me')!;
    expect(eattr(meLee, 'kind')).toBe('interactions');
  });

  it('GraphML: keys declared with types, the same nodes and edges as GEXF', async () => {
    const graph = await graphOf(network());
    const text = (await bytes(graph, 'graphml')).toString('utf8');
    expect(XMLValidator.validate(text)).toBe(true);
    const doc = xml.parse(text).graphml;
    expect(doc.xmlns).toBe('http://graphml.graphdrawing.org/xmlns');
    const keys = doc.key as { id: string; for: string; 'attr.name': string; 'attr.type': string }[];
    expect(keys.find((k) => k['attr.name'] === 'label')).toMatchObject({ for: 'node', 'attr.type': 'string' });
    expect(keys.find((k) => k['attr.name'] === 'weight')).toMatchObject({ for: 'edge', 'attr.type': 'double' });
    const nodes = doc.graph.node as { id: string; data: { key: string; '#text': string | number }[] }[];
    const edges = doc.graph.edge as {
      source: string;
      target: string;
      data: { key: string; '#text': string | number }[];
    }[];
    expect(nodes).toHaveLength(5);
    expect(edges).toHaveLength(graph.view.ties.a.length);
    // Every declared key exists, every data names one.
    const declared = new Set(keys.map((k) => k.id));
    for (const d of [...nodes, ...edges].flatMap((x) => x.data)) expect(declared.has(d.key)).toBe(true);
  });

  it('drops ties between others weaker than --min-strength, never ties to me', async () => {
    const all = await graphOf(network());
    const strong = await graphOf(network(), 100);
    const toMe = (g: NetworkGraph) =>
      g.view.ties.a.filter((a, k) => a === g.view.meIndex || g.view.ties.b[k] === g.view.meIndex).length;
    expect(strong.view.ties.a.length).toBeLessThan(all.view.ties.a.length);
    expect(toMe(strong)).toBe(toMe(all));
  });

  it('Neo4j CSV: a zip of people.csv and ties.csv with neo4j-admin headers, and the import command', async () => {
    const graph = await graphOf(network());
    const files = await readZip(await bytes(graph, 'neo4j-csv'));
    expect([...files.keys()].sort()).toEqual(['import.txt', 'people.csv', 'ties.csv']);
    expect(files.get('people.csv')!.split('\n')[0]).toBe(PEOPLE_HEADER);
    expect(files.get('ties.csv')!.split('\n')[0]).toBe(TIES_HEADER);
    const people = parseCsv(files.get('people.csv')!, { columns: true }) as Record<string, string>[];
    expect(people).toHaveLength(5);
    const zoe = people.find((p) => p['personId:ID(Person)'] === 'zoe')!;
    // Data for a database: written as it is (no spreadsheet defusing), quotes doubled.
    expect(zoe.company).toBe('=cmd|x');
    expect(zoe.name).toBe(HOSTILE);
    expect(people.find((p) => p['personId:ID(Person)'] === 'me')![':LABEL']).toBe('Person;Me');
    const ties = parseCsv(files.get('ties.csv')!, { columns: true }) as Record<string, string>[];
    expect(ties).toHaveLength(graph.view.ties.a.length);
    expect(new Set(ties.map((t) => t[':TYPE']))).toEqual(new Set(['KNOWS']));
    expect(files.get('import.txt')).toMatch(
      /neo4j-admin database import full .*--nodes=people\.csv --relationships=ties\.csv/,
    );
  });
});
