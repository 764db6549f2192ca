/**
 * The floor under the import benchmark: what reading the generated export and
 * writing its rows cost on this machine with no importer logic at all. It
 * says how much of `import.bench.ts`'s first import is the importer and how
 * much no importer with this schema can avoid.
 *
 *   npx tsx bench/import-floor.bench.ts [--connections N] [--messages N]
 *
 * 1. Unzip and decode: the export's CSV files inflated and decoded to text.
 * 2. Tokenize: papaparse over that text, every field of every record, no row work.
 * 3. SQLite, rows bound from JavaScript: the workspace's rows, read back from a
 *    finished import, inserted into a fresh database with the same schema by
 *    prepared statements, one `run` per row, secondary indexes dropped and
 *    rebuilt as the importer does, in one transaction. This is the least a
 *    writer through better-sqlite3 can do.
 * 4. SQLite alone: the same rows copied with `INSERT … SELECT` from the
 *    finished database (no JavaScript per row): SQLite's own share.
 *
 * 1 + 2 + 3 is the floor of an importer that reads, then writes; the import
 * benchmark's target is 3 s for the whole first import.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import { openExportZip } from '../server/import/export-zip.js';
import { importFile } from '../server/import/import.service.js';
import { migrate } from '../server/store/sqlite/migrate.js';
import { SqliteStore } from '../server/store/sqlite/sqlite-store.js';

/** Tables an import writes, parents first. */
const TABLES = ['people', 'person_emails', 'ties', 'interactions', 'interaction_participants', 'links'] as const;
/** Tables whose secondary indexes the importer drops and rebuilds on a first import. */
const BULK = new Set(['people', 'person_emails', 'ties', 'interactions']);

export interface ImportFloorResult {
  unzipMs: number;
  tokenizeMs: number;
  bindMs: number;
  sqlOnlyMs: number;
  /** Of each SQLite figure: per table, index rebuilds, commit. */
  bindSplit: Record<string, number>;
  sqlOnlySplit: Record<string, number>;
  rows: Record<string, number>;
}

/** A fresh database with the store's schema and pragmas, and the benchmark workspace. */
function freshDb(path: string, workspace: Record<string, unknown>): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -16384');
  db.pragma('temp_store = MEMORY');
  migrate(db);
  // The store checkpoints its WAL from a worker thread, not at the commit of a write.
  db.pragma('wal_autocheckpoint = 0');
  const cols = Object.keys(workspace);
  db.prepare(`INSERT INTO workspaces (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(
    ...Object.values(workspace),
  );
  return db;
}

/** Inside the caller's transaction: secondary indexes of the bulk tables dropped, and a function that rebuilds them. */
function dropBulkIndexes(db: Database.Database): () => void {
  const indexes = db
    .prepare("SELECT name, sql, tbl_name AS 'table' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    .all() as { name: string; sql: string; table: string }[];
  const dropped = indexes.filter((ix) => BULK.has(ix.table));
  for (const ix of dropped) db.exec(`DROP INDEX "${ix.name}"`);
  return () => {
    for (const ix of dropped) db.exec(ix.sql);
  };
}

/** Each table written by `write` in one transaction as the importer does; the total and its split. */
function timedWrite(
  db: Database.Database,
  write: (table: (typeof TABLES)[number]) => void,
): { ms: number; split: Record<string, number> } {
  const split: Record<string, number> = {};
  const t = performance.now();
  let lap = t;
  const done = (what: string) => {
    const now = performance.now();
    split[what] = now - lap;
    lap = now;
  };
  const begin = db.prepare('BEGIN');
  const commit = db.prepare('COMMIT');
  begin.run();
  try {
    db.prepare('UPDATE link_upkeep SET deferred = 1').run();
    const rebuild = dropBulkIndexes(db);
    for (const table of TABLES) {
      write(table);
      done(table);
    }
    rebuild();
    db.prepare('UPDATE link_upkeep SET deferred = 0').run();
    done('index rebuilds');
    commit.run();
    done('commit');
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
  return { ms: performance.now() - t, split };
}

export async function main(options: { connections?: number; messages?: number } = {}): Promise<ImportFloorResult> {
  const connections = options.connections ?? 30_000;
  const messages = options.messages ?? 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'nurture-import-floor-'));
  try {
    const importBench = fileURLToPath(new URL('./import.bench.ts', import.meta.url));
    const gen = spawnSync(
      process.execPath,
      [...process.execArgv, importBench, '--generate', dir, String(connections), String(messages)],
      { stdio: 'inherit' },
    );
    if (gen.status !== 0) throw new Error('generating the export failed');
    const zipPath = join(dir, 'Complete_LinkedInDataExport_03-07-2026.zip');

    // 1. Unzip and decode.
    let t = performance.now();
    const texts: string[] = [];
    const zip = await openExportZip({ path: zipPath }, { label: 'export', maxEntryBytes: 1 << 30 });
    try {
      for (const entry of zip.entries) {
        const chunks: Uint8Array[] = [];
        for await (const c of await entry.read()) chunks.push(c);
        texts.push(Buffer.concat(chunks).toString('utf8'));
      }
    } finally {
      zip.close();
    }
    const unzipMs = performance.now() - t;

    // 2. Tokenize.
    t = performance.now();
    let fields = 0;
    for (const text of texts)
      for (const record of Papa.parse<string[]>(text, { skipEmptyLines: true }).data) fields += record.length;
    const tokenizeMs = performance.now() - t;

    // The rows to write: a finished import of the same export.
    const store = new SqliteStore({ dataDir: join(dir, 'imported') });
    await store.init();
    const ws = await store.createWorkspace({ name: 'bench', timeZone: 'UTC' });
    await importFile(store, ws.id, { path: zipPath, fileName: 'Complete_LinkedInDataExport_03-07-2026.zip' });
    await store.close();
    const source = new Database(join(dir, 'imported', 'nurture.db'), { readonly: true });
    const workspace = source.prepare('SELECT * FROM workspaces WHERE id = ?').get(ws.id) as Record<string, unknown>;
    const rows: Record<string, number> = {};
    const data = new Map<string, { cols: string[]; values: unknown[][] }>();
    for (const table of TABLES) {
      const stmt = source.prepare(`SELECT * FROM ${table}`).raw(true);
      const values = stmt.all() as unknown[][];
      data.set(table, { cols: stmt.columns().map((c) => c.name), values });
      rows[table] = values.length;
    }
    source.close();

    // 3. Rows bound from JavaScript, one run per row.
    mkdirSync(join(dir, 'bound'));
    const bound = freshDb(join(dir, 'bound', 'db.sqlite'), workspace);
    const bind = timedWrite(bound, (table) => {
      const { cols, values } = data.get(table)!;
      const insert = bound.prepare(
        `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      );
      for (const v of values) insert.run(v);
    });
    bound.close();
    data.clear();

    // 4. SQLite alone.
    mkdirSync(join(dir, 'copied'));
    const copied = freshDb(join(dir, 'copied', 'db.sqlite'), workspace);
    copied.prepare('ATTACH DATABASE ? AS src').run(join(dir, 'imported', 'nurture.db'));
    const sqlOnly = timedWrite(copied, (table) => copied.exec(`INSERT INTO main.${table} SELECT * FROM src.${table}`));
    copied.close();

    const ms = (n: number) => `${n.toFixed(0).padStart(6)} ms`;
    console.log(
      `import floor: ${connections.toLocaleString('en')} connections, ${messages.toLocaleString('en')} messages`,
    );
    console.log(
      `  1 unzip and decode            ${ms(unzipMs)}   (${texts.reduce((n, s) => n + s.length, 0).toLocaleString('en')} characters)`,
    );
    console.log(`  2 tokenize (papaparse)        ${ms(tokenizeMs)}   (${fields.toLocaleString('en')} fields)`);
    const split = (parts: Record<string, number>) =>
      Object.entries(parts)
        .map(([k, v]) => `${k}${k in rows ? ` (${rows[k]!.toLocaleString('en')})` : ''} ${v.toFixed(0)}`)
        .join(', ');
    console.log(`  3 SQLite, rows bound from JS  ${ms(bind.ms)}`);
    console.log(`      ${split(bind.split)}`);
    console.log(`  4 SQLite alone (INSERT…SELECT) ${ms(sqlOnly.ms)}`);
    console.log(`      ${split(sqlOnly.split)}`);
    console.log(`  floor of read-then-write (1+2+3) ${ms(unzipMs + tokenizeMs + bind.ms)}   (import target 3000 ms)`);
    return {
      unzipMs,
      tokenizeMs,
      bindMs: bind.ms,
      sqlOnlyMs: sqlOnly.ms,
      bindSplit: bind.split,
      sqlOnlySplit: sqlOnly.split,
      rows,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const invoked = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (invoked) {
  const { values } = parseArgs({ options: { connections: { type: 'string' }, messages: { type: 'string' } } });
  await main({
    ...(values.connections ? { connections: Number(values.connections) } : {}),
    ...(values.messages ? { messages: Number(values.messages) } : {}),
  });
}
