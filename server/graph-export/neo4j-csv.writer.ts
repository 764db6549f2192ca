/**
 * The network as the CSV files `neo4j-admin database import full` reads
 * (https://neo4j.com/docs/operations-manual/5/tools/neo4j-admin/neo4j-admin-import/): a node
 * file of people with typed headers and an ID space, a relationship file of ties, and an
 * import.txt with the command, in one zip. Fields are quoted as the importer expects ("" for a
 * quote); nothing is defused for spreadsheets, since these files are data for a database.
 */
import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { ExportNetwork } from './export-network.js';

const BATCH = 2000;

const q = (v: string | null): string => (v === null ? '' : `"${v.replace(/"/g, '""')}"`);
const n = (v: number | null): string => (v === null ? '' : String(v));

export const PEOPLE_HEADER =
  'personId:ID(Person),name,company,position,stage,strengthToMe:double,partnerScore:double,rank:int,community:int,isMe:boolean,:LABEL';
export const TIES_HEADER = ':START_ID(Person),:END_ID(Person),strength:double,stage,kind,onlineOnly:boolean,:TYPE';

export function* peopleCsv(network: ExportNetwork): Generator<string> {
  yield `${PEOPLE_HEADER}\n`;
  for (let i = 0; i < network.nodes.length; i += BATCH) {
    let chunk = '';
    for (const p of network.nodes.slice(i, i + BATCH)) {
      chunk += `${q(p.id)},${q(p.name)},${q(p.company)},${q(p.position)},${q(p.stage)},${n(p.strengthToMe)},${n(p.partnerScore)},${n(p.rank)},${n(p.community)},${p.isMe},${p.isMe ? 'Person;Me' : 'Person'}\n`;
    }
    yield chunk;
  }
}

export function* tiesCsv(network: ExportNetwork): Generator<string> {
  yield `${TIES_HEADER}\n`;
  for (let i = 0; i < network.edges.length; i += BATCH) {
    let chunk = '';
    const end = Math.min(network.edges.length, i + BATCH);
    for (let k = i; k < end; k++) {
      const e = network.edges[k]!;
      chunk += `${q(e.source)},${q(e.target)},${e.strength},${q(e.stage)},${q(e.kind)},${e.onlineOnly},KNOWS\n`;
    }
    yield chunk;
  }
}

export const IMPORT_COMMAND =
  'neo4j-admin database import full --multiline-fields=true --nodes=people.csv --relationships=ties.csv neo4j';

/** The zip (people.csv, ties.csv, import.txt) as a stream. */
export function neo4jCsvZip(network: ExportNetwork): Readable {
  const zip = new ZipFile();
  const mtime = new Date(network.computedAt);
  zip.addReadStream(Readable.from(peopleCsv(network)), 'people.csv', { mtime });
  zip.addReadStream(Readable.from(tiesCsv(network)), 'ties.csv', { mtime });
  zip.addBuffer(
    Buffer.from(
      `Nurture network for neo4j-admin (Neo4j 5), computed ${network.computedAt}.\n` +
        `Copy people.csv and ties.csv into the import folder of a stopped Neo4j and run:\n\n  ${IMPORT_COMMAND}\n\n` +
        'People are (:Person) nodes (me also :Me) keyed by personId; ties are undirected [:KNOWS] relationships\n' +
        'with strength (0-100), stage, kind (the kinds of tie on record, or interactions) and onlineOnly.\n',
    ),
    'import.txt',
    { mtime },
  );
  zip.end();
  return zip.outputStream as unknown as Readable;
}
