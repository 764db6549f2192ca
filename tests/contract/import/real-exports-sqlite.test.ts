import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';
import { runRealExportSuite } from './real-exports-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'nurture-real-exports-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runRealExportSuite('sqlite', async () => new SqliteStore({ dataDir: dir }));
