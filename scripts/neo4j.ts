/**
 * `npm run neo4j [-- --port N] [--data-dir DIR] [--heap 3g] [--page-cache 512m] [--gds]`: a local
 * Neo4j 5.26 Community server (no Docker) until Ctrl-C / SIGTERM. Without --data-dir the data
 * is thrown away on exit; with it the data (and its password) are kept for the next start.
 * The default heap (1g) and page cache (64m) suit the tests; a large import wants more heap.
 * --gds also loads the Graph Data Science plugin (open edition), so Nurture's analytics run in Neo4j.
 */
import { readFileSync } from 'node:fs';
import { startNeo4j } from './neo4j-server.js';

function usage(msg?: string): never {
  if (msg) console.error(msg);
  console.error(
    'usage: npm run neo4j [-- --port N] [--data-dir DIR] [--heap SIZE] [--page-cache SIZE] [--gds]   (SIZE: 1g, 512m, ...)',
  );
  process.exit(2);
}

const argv = process.argv.slice(2);
let port: number | undefined;
let dataDir: string | undefined;
let heap: string | undefined;
let pageCache: string | undefined;
let gds = false;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const v = argv[i + 1];
  if (a === '--port') {
    port = Number(v);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) usage(`bad --port ${v ?? ''}`);
    i++;
  } else if (a === '--data-dir') {
    if (!v) usage('--data-dir needs a folder');
    dataDir = v;
    i++;
  } else if (a === '--heap' || a === '--page-cache') {
    if (!v || !/^[1-9][0-9]*[kmg]?$/i.test(v)) usage(`${a} needs a size such as 2g or 512m`);
    if (a === '--heap') heap = v;
    else pageCache = v;
    i++;
  } else if (a === '--gds') {
    gds = true;
  } else if (a === '--help' || a === '-h') {
    usage();
  } else {
    usage(`unknown argument ${a}`);
  }
}

const log = (s: string) => console.error(s);
let server: Awaited<ReturnType<typeof startNeo4j>>;
try {
  server = await startNeo4j({ port, dataDir, heap, pageCache, gds, log });
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}

console.log(`Neo4j is up (${server.startupMs} ms): ${server.uri}  user ${server.user}  password ${server.password}`);
console.log('For another shell:');
console.log(`  export NEO4J_URI=${server.uri} NEO4J_USER=${server.user} NEO4J_PASSWORD=${server.password}`);
console.log('Ctrl-C stops it.');

// The server handle does not keep the event loop alive; this does, until a signal.
const keepAlive = setInterval(() => {}, 1 << 30);
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.error(`\n${signal}: stopping Neo4j ...`);
  try {
    await server.stop();
  } finally {
    clearInterval(keepAlive);
    process.exit(0);
  }
};
void server.exited.then((code) => {
  if (stopping) return;
  let out = '';
  try {
    out = readFileSync(`${server.dir}/neo4j-console.log`, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    // none
  }
  console.error(`Neo4j exited on its own (${code}). Its last output:\n${out}`);
  process.exit(1);
});
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGHUP', () => void shutdown('SIGHUP'));
