import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Starts a real Neo4j for the contract suite unless NEO4J_URI names one.
    globalSetup: existsSync('tests/neo4j-global-setup.ts') ? ['tests/neo4j-global-setup.ts'] : [],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
