import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { runStoreContract } from './store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'nurture-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runStoreContract('sqlite', async () => new SqliteStore({ dataDir: dir }));
