/**
 * Versioned migrations: numbered .sql files in ./migrations, each applied once
 * inside a transaction and recorded in schema_migrations.
 *
 * Foreign keys are off while a migration runs (SQLite's procedure for
 * rebuilding a table: with them on, dropping the old table would cascade
 * into its children) and checked before it commits: a migration that leaves
 * a dangling reference rolls back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies the migrations not yet applied, up to `upTo` (all by default; tests stop earlier). */
export function migrate(db: Database, upTo = Number.POSITIVE_INFINITY): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d+-.+\.sql$/.test(f))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  const done: number[] = [];
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  if (foreignKeys) db.pragma('foreign_keys = OFF');
  try {
    for (const file of files) {
      const version = parseInt(file, 10);
      if (applied.has(version) || version > upTo) continue;
      const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
      db.transaction(() => {
        db.exec(sql);
        const dangling = foreignKeys ? (db.pragma('foreign_key_check') as { table: string; parent: string }[]) : [];
        if (dangling.length > 0) {
          const first = dangling[0]!;
          throw new Error(
            `migration ${file} leaves ${dangling.length} row(s) with a dangling reference (first: ${first.table} -> ${first.parent})`,
          );
        }
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          version,
          file,
          new Date().toISOString(),
        );
      })();
      done.push(version);
    }
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
  if (done.length > 0) compactAfterRebuild(db);
  return done;
}

/** Pages freed by a migration that rebuilt tables (at least this many, and a quarter of the file) are given back. */
const VACUUM_MIN_FREE_PAGES = 1024;

/**
 * A migration that rebuilds a table leaves the old one's pages free in the
 * file (008 left a 130 MB database at 186 MB); SQLite would reuse them only as
 * new rows come. Once, at start-up, VACUUM gives them back.
 */
function compactAfterRebuild(db: Database): void {
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  if (free < VACUUM_MIN_FREE_PAGES || free * 4 < pages) return;
  try {
    db.exec('VACUUM');
  } catch {
    // Another connection is reading (SQLITE_BUSY), or the disk has no room for the copy: the free
    // pages stay in the file, where new rows reuse them. Nothing is lost either way.
  }
}
