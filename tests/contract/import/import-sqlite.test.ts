import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';
import { runImportSuite } from './import-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'nurture-import-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runImportSuite('sqlite', async () => new SqliteStore({ dataDir: dir }));
