import { defineConfig } from 'vitest/config';

/**
 * Four projects, so a change can be checked at the speed its kind allows:
 *   unit      pure code, SQLite files and child processes: no Java, no Chromium, no network
 *   contract  the store contract, the import suite and the reports, on SQLite and a real Neo4j
 *   api       the real HTTP server on port 0 (one suite also on Neo4j; the outage suite starts its own)
 *   e2e       real Chromium against the built web app (its setup builds the app)
 * `npm run test:unit` runs the first alone; `npm test` runs all four. A real Neo4j is started
 * once per run, and only when a project that needs it has tests queued (tests/neo4j-global-setup.ts).
 */
const neo4j = ['tests/neo4j-global-setup.ts'];

export default defineConfig({
  test: {
    // A hang detector, not a timing check: generous, so a loaded machine does not fail a correct test.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'contract', include: ['tests/contract/**/*.test.ts'], globalSetup: neo4j } },
      { extends: true, test: { name: 'api', include: ['tests/api/**/*.test.ts'], globalSetup: neo4j } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/build-web.global-setup.ts'],
        },
      },
    ],
  },
});
